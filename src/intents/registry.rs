//! Changes to the registry as a whole: importing a file (after a backup), loading the demo
//! county, restoring or deleting a backup, the poverty lines.

use super::{commit, Actor, Done, IntentError, Outcome};
use crate::domain::merge::{self, Decisions};
use crate::domain::model::{Collection, Registry};
use crate::domain::money::Fen;
use crate::exchange::{self, PreparedImport};
use crate::msg;
use crate::store::{batch_replacing, check_batch, BackupInfo, RecordStore, Subject};
use crate::text::Msg;

/// Keeps a copy of the registry before it is replaced or merged into; an empty one needs none.
pub async fn backup<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    label: Msg,
) -> Result<Option<BackupInfo>, IntentError> {
    if reg.is_empty() {
        return Ok(None);
    }
    Ok(Some(store.save_backup(label, &actor.now, reg).await?))
}

/// Applies an import the person confirmed: a backup first, then the merge with the decisions
/// taken, checked against every rule, in one transaction. A plan made against an older registry
/// (another tab saved since the preview) is not applied: [`IntentError::Replanned`] carries the
/// plan made again, to be shown instead.
pub async fn import<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    prepared: &PreparedImport,
    decisions: &Decisions,
    file_name: &str,
) -> Outcome {
    if !merge::is_current(&prepared.plan, reg) {
        return Err(IntentError::Replanned(Box::new(merge::plan(
            reg,
            &prepared.file.registry,
        ))));
    }
    backup(
        store,
        actor,
        reg,
        msg!(backup_before_import, name = file_name),
    )
    .await?;
    // Merge, then each check, with a pause between: at a county's size each is tens of
    // milliseconds, which together would hold the page past a frame.
    store.pause().await;
    let merged = exchange::merge_import(reg, prepared, decisions, &actor.replica, &actor.now);
    let mut problems = Vec::new();
    // Into an empty registry the merged one is the file's records, which the rules accepted
    // when the file was read: a second check would find nothing.
    let checks = if exchange::merged_is_the_file(reg, prepared, &merged) {
        &[][..]
    } else {
        &[
            exchange::MergedCheck::Contents,
            exchange::MergedCheck::Links,
        ][..]
    };
    for &check in checks {
        store.pause().await;
        problems.extend(exchange::check_merged(&merged, check));
    }
    let merged = exchange::merged_unless(merged, problems).map_err(IntentError::Problems)?;
    store.pause().await;
    let plan = &prepared.plan;
    let count = |o| {
        Collection::ALL
            .iter()
            .map(|&c| plan.count(c, o))
            .sum::<usize>()
    };
    let what = vec![msg!(
        history_imported,
        name = file_name,
        added = count(merge::Outcome::Added),
        replaced = count(merge::Outcome::Replaced),
        conflicts = count(merge::Outcome::Conflict)
    )];
    let history = vec![actor.history(Subject::Registry, what)];
    commit(
        store,
        reg,
        merged,
        history,
        msg!(import_done_named, name = file_name),
    )
    .await
}

/// Replaces everything with `new` (after a backup), in one transaction.
async fn replace<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    new: Registry,
    backup_label: Msg,
    what: Msg,
    said: Msg,
) -> Outcome {
    backup(store, actor, reg, backup_label).await?;
    let mut batch = batch_replacing(&new);
    batch.history = vec![actor.history(Subject::Registry, vec![what])];
    check_batch(&batch).map_err(IntentError::Problems)?;
    store.commit(batch).await?;
    Ok(Done {
        registry: new,
        said,
    })
}

/// 载入演示县: replaces the registry with the generated demo county (`demo::county()`, which the
/// browser fetches as a module of its own the first time, so the caller passes it in).
pub async fn load_demo<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    demo: Registry,
) -> Outcome {
    replace(
        store,
        actor,
        reg,
        demo,
        msg!(backup_before_demo),
        msg!(history_demo_loaded),
        msg!(demo_loaded),
    )
    .await
}

/// Restores a backup (after backing up what is there now). The caller must then take a new
/// replica id, so that edits made after the backup are not counted twice.
pub async fn restore_backup<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
) -> Outcome {
    let restored = store.load_backup(id).await?;
    replace(
        store,
        actor,
        reg,
        restored,
        msg!(backup_before_restore),
        msg!(history_restored, id = id),
        msg!(restored),
    )
    .await
}

/// Deletes a backup for good.
pub async fn delete_backup<S: RecordStore>(store: &S, id: &str) -> Result<Msg, IntentError> {
    store.delete_backup(id).await?;
    Ok(msg!(backup_deleted))
}

/// Sets this registry's poverty line for a year, as typed (`2021`, `4,100`).
pub async fn set_poverty_line<S: RecordStore>(
    store: &S,
    reg: &Registry,
    year: &str,
    yuan: &str,
) -> Outcome {
    let year: i32 = year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1980..=2100).contains(y))
        .ok_or(IntentError::Refused(msg!(line_year_range)))?;
    let fen = Fen::parse_typed(yuan).map_err(IntentError::Refused)?;
    if fen.0 < 0 {
        return Err(IntentError::Refused(msg!(edit_amount_cannot_negative)));
    }
    let mut next = reg.clone();
    next.settings.poverty_lines.insert(year, fen);
    commit(store, reg, next, Vec::new(), msg!(poverty_line_saved)).await
}
