//! Changes to the region tree (村组): add, edit a region's facts, delete an empty one.

use super::{commit, Actor, IntentError, Outcome};
use crate::domain::codes::RegionKind;
use crate::domain::model::{Collection, Region, Registry};
use crate::domain::regions;
use crate::msg;
use crate::store::{RecordStore, Subject};

/// Adds a region under `parent` (none for a county); `id` is new.
pub async fn add<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    kind: RegionKind,
    name: &str,
    parent: Option<&str>,
) -> Outcome {
    let next = regions::add(reg, id, kind, name, parent, &actor.replica, &actor.now)
        .map_err(IntentError::Refused)?;
    let history = vec![actor.history(
        Subject::Record(Collection::Regions, id.into()),
        vec![msg!(history_created)],
    )];
    commit(store, reg, next, history, msg!(region_added)).await
}

/// Saves a region's facts. `opened` is the region as the form first showed it: when the stored
/// one differs (changed in another tab or by an import), the save is refused with
/// [`IntentError::WouldOverwrite`] unless `overwrite` allows it.
pub async fn update<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    body: Region,
    opened: &Region,
    overwrite: bool,
) -> Outcome {
    if reg.live::<Region>(id).is_some_and(|s| s != opened) && !overwrite {
        return Err(IntentError::WouldOverwrite);
    }
    let next =
        regions::update(reg, id, body, &actor.replica, &actor.now).map_err(IntentError::Refused)?;
    let history = vec![actor.history(
        Subject::Record(Collection::Regions, id.into()),
        vec![msg!(history_edited)],
    )];
    commit(store, reg, next, history, msg!(saved)).await
}

/// Deletes a region (as a tombstone), refused while anything live stands under it.
pub async fn delete<S: RecordStore>(store: &S, actor: &Actor, reg: &Registry, id: &str) -> Outcome {
    let next =
        regions::delete(reg, id, &actor.replica, &actor.now).map_err(IntentError::Refused)?;
    let history = vec![actor.history(
        Subject::Record(Collection::Regions, id.into()),
        vec![msg!(history_deleted)],
    )];
    commit(store, reg, next, history, msg!(deleted)).await
}
