//! Browser plumbing the views and the state use, apart from both: the crash page, WebCrypto for sealed files, clock and randomness, the
//! device's preferences, downloads and file text, the storage estimate, other tabs, the unload
//! guard, the service worker, the spreadsheet worker, and the benchmark hooks.

pub mod bench;
pub mod couch_http;
pub mod crash;
pub mod crypto;
pub mod file_worker;
pub mod files;
pub mod prefs;
pub mod storage;
pub mod sw;
pub mod tabs;
pub mod time;
pub mod unload_guard;
pub mod xlsx;
