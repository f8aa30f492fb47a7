//! One area of the app per module: the overview and its analyses, households, regions, the
//! helping half, tasks, exchange, settings, the lock screen and the safe mode.

pub mod analysis;
pub mod campaign;
pub mod exchange;
pub mod helping;
pub mod households;
pub mod lock;
pub mod overview;
pub mod regions;
pub mod safe_mode;
pub mod settings;
pub mod sync;
