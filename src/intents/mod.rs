//! Intents: every change a person makes, as a plain async function over the [`RecordStore`]
//! (save a household, record a status change, edit a region, import a file, restore a backup…).
//! Each takes the registry as it stands and who acts, asks the domain for the new registry,
//! commits the difference with its history in one transaction, and returns what to show. Views
//! call these and render the result; native tests run them against the memory store.

pub mod campaign;
pub mod funds;
pub mod households;
pub mod orders;
pub mod pairing;
pub mod regions;
pub mod registry;
pub mod sync;

use crate::domain::calc::ExitCheck;
use crate::domain::date::Date;
use crate::domain::edit::FieldError;
use crate::domain::model::{Body, Registry};
use crate::exchange::Problem;
use crate::msg;
use crate::store::{batch_for, check_batch, HistoryEntry, RecordStore, StoreError, Subject};
use crate::text::Msg;

/// Who makes a change, and when: every intent records its change under this.
#[derive(Clone, Debug)]
pub struct Actor {
    /// This copy's replica id: the entry of `rev` its edits count in.
    pub replica: String,
    /// The operator's name, for the change history (may be empty).
    pub who: String,
    /// RFC 3339 time of the change.
    pub now: String,
    /// The device's calendar date.
    pub today: Date,
    /// A fresh record id with this prefix (`p` for a helper, `pr` a pairing…).
    pub new_id: fn(&str) -> String,
}

impl Actor {
    fn history(&self, subject: Subject, what: Vec<Msg>) -> HistoryEntry {
        HistoryEntry {
            subject,
            who: self.who.clone(),
            when: self.now.clone(),
            what,
        }
    }
}

/// Why a change was not made. Nothing was written in any case.
#[derive(Clone, Debug, PartialEq)]
pub enum IntentError {
    /// The domain refused it, for the reason given.
    Refused(Msg),
    /// A form with errors, field by field.
    Invalid(Vec<FieldError>),
    /// An exit whose check is not met in full: show it and ask for a reason to exit anyway.
    NeedsOverride(Box<ExitCheck>),
    /// Refused as it stands, for the reason given (a fund overspent): a person may still go
    /// ahead by giving a reason, which is kept with the record.
    NeedsReason(Msg),
    /// The record changed elsewhere since the form opened, and saving would overwrite that:
    /// ask, then call again with the overwrite allowed.
    WouldOverwrite,
    /// The registry changed since the import was previewed: here is the plan made again, to be
    /// shown and confirmed instead of the stale one.
    Replanned(Box<crate::domain::merge::MergePlan>),
    /// A file or backup that cannot be taken in, problem by problem.
    Problems(Vec<Problem>),
    /// The store refused the write.
    Store(StoreError),
}

impl IntentError {
    /// The sentence to show.
    pub fn message(&self) -> Msg {
        match self {
            IntentError::Refused(m) => m.clone(),
            IntentError::Invalid(errors) => msg!(intent_form_has_errors, count = errors.len()),
            IntentError::NeedsOverride(_) => msg!(intent_exit_needs_override),
            IntentError::NeedsReason(m) => m.clone(),
            IntentError::WouldOverwrite => msg!(intent_would_overwrite),
            IntentError::Replanned(_) => msg!(intent_replanned),
            IntentError::Problems(p) => msg!(
                intent_not_saved_problem,
                first = p.first().map(|p| p.msg.clone()).unwrap_or(msg!(unknown))
            ),
            IntentError::Store(e) => e.message(),
        }
    }
}

impl From<StoreError> for IntentError {
    fn from(e: StoreError) -> IntentError {
        IntentError::Store(e)
    }
}

/// A change made: the registry as it now stands, and what to tell the person.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    pub registry: Registry,
    pub said: Msg,
}

pub type Outcome = Result<Done, IntentError>;

/// Refuses a form's save with [`IntentError::WouldOverwrite`] when the record stored now is not
/// the one the form opened on (changed in another tab, or by an import), unless `overwrite`.
pub(crate) fn check_not_overwriting<T: Body>(
    reg: &Registry,
    id: &str,
    opened: Option<&T>,
    overwrite: bool,
) -> Result<(), IntentError> {
    match opened {
        Some(o) if !overwrite && reg.live::<T>(id) != Some(o) => Err(IntentError::WouldOverwrite),
        _ => Ok(()),
    }
}

/// Writes the difference from `old` to `new` with its history, in one transaction, each record
/// over the version `old` holds (so an edit made elsewhere meanwhile is refused, not lost).
pub(crate) async fn commit<S: RecordStore>(
    store: &S,
    old: &Registry,
    new: Registry,
    history: Vec<HistoryEntry>,
    said: Msg,
) -> Outcome {
    let mut batch = batch_for(old, &new);
    batch.history = history;
    if batch.puts.len() > 1_000 {
        store.pause().await;
    }
    // Records an edit made are read back as the loader will (a record it would refuse never
    // lands). A large batch is an import, whose records the file reader — the loader's own —
    // produced; checking 27,000 of them again would double the import's time for nothing.
    if !batch.replace_all {
        check_batch(&batch).map_err(IntentError::Problems)?;
    }
    store.commit(batch).await?;
    Ok(Done {
        registry: new,
        said,
    })
}
