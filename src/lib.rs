//! Jingzhun (精准扶贫台账): an offline-first ledger for targeted poverty alleviation.
//!
//! `domain` holds the registry and every calculation; `exchange` the JSON file format; `store`
//! persistence behind one trait; `ui` the Leptos views (built for the browser only).

// Keys of the text catalog are snake_case variants of `text::K`, so a local named like a key
// (`source`, `yes`) would trip this lint wherever it holds a key; the names are never patterns.
#![allow(bindings_with_variant_name)]

pub mod domain;
pub mod exchange;
pub mod intents;
pub mod store;
pub mod sync;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod ui;
