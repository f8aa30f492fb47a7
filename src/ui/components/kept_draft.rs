//! A form's draft kept on the device as it is typed, so that a crash, a closed tab or a dead
//! battery loses nothing: restored when the same form is opened again on the same record as it
//! was, removed once saved, or when the person leaves the form within the app (having been asked
//! whether to leave it unsaved). One entry per form and address in `localStorage` (a
//! draft is small; the records themselves are in IndexedDB), sealed while the app lock is set.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::store::{pref, Prefs};
use crate::ui::platform::prefs::LocalPrefs;
use crate::ui::platform::time::now;
use crate::ui::prelude::*;

/// What is kept: the draft, the saved form it started from (JSON), and when it was typed.
#[derive(Serialize, Deserialize)]
struct Kept {
    base: String,
    draft: String,
    at: String,
}

/// Keeps `draft` while it differs from `saved`. If a draft of this form was left unsaved on
/// the same record as it stands, it is put back first and the person told so; `restore` puts
/// back what a draft does not carry (facts the form does not show) from the saved form.
pub fn keep<D>(name: &str, draft: RwSignal<D>, saved: RwSignal<D>, restore: fn(&mut D, &D))
where
    D: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let state = AppState::expect();
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let key = format!("{}:{path}#{name}", pref::DRAFT);
    let json = |d: &D| serde_json::to_string(d).unwrap_or_default();
    let base = saved.get_untracked();
    if let Some(kept) = LocalPrefs
        .get(&key)
        .and_then(|s| crate::store::idb::open_text(&s))
        .and_then(|s| serde_json::from_str::<Kept>(&s).ok())
    {
        match serde_json::from_str::<D>(&kept.draft) {
            Ok(mut d) if kept.base == json(&base) => {
                restore(&mut d, &base);
                draft.set(d);
                state.say(msg!(draft_restored, at = kept.at.replace('T', " ")));
            }
            // The record was changed since (here or by a file): the draft would undo that.
            _ => {
                LocalPrefs.remove(&key);
                state.say(msg!(draft_outdated, at = kept.at.replace('T', " ")));
            }
        }
    }
    let left = key.clone();
    on_cleanup(move || LocalPrefs.remove(&left));
    Effect::new(move |_| {
        let d = draft.get();
        let s = saved.get();
        if d == s {
            LocalPrefs.remove(&key);
        } else {
            let kept = Kept {
                base: json(&s),
                draft: json(&d),
                at: now(),
            };
            if let Ok(text) = serde_json::to_string(&kept) {
                // Sealed under the app lock's key when one is set.
                LocalPrefs.set(&key, &crate::store::idb::seal_text(&text));
            }
        }
    });
}
