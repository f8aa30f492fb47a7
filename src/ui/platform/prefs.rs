//! The device's preferences in `localStorage` (through gloo-storage).

use gloo_storage::{LocalStorage, Storage};

use crate::store::Prefs;

#[derive(Clone, Copy, Default)]
pub struct LocalPrefs;

impl Prefs for LocalPrefs {
    fn get(&self, key: &str) -> Option<String> {
        LocalStorage::get::<String>(key).ok()
    }
    fn set(&self, key: &str, value: &str) -> bool {
        LocalStorage::set(key, value).is_ok()
    }
    fn remove(&self, key: &str) {
        LocalStorage::delete(key);
    }
}
