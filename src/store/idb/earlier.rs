//! What the store reads only from a database or a backup of an earlier version: JSON records,
//! checked by the exchange file's reader. The page hands the reader in at start ([`install`]):
//! `ui::lazy` puts [`answer`] behind a split point, so that the first screen does not carry the
//! exchange reader and its module is fetched the first time a store of an earlier version is
//! opened (the service worker keeps it for offline use). The store does not name the split
//! point itself: the file worker links the store too, and cannot resolve a split point's import.
//!
//! A reader that is not there, or whose module cannot be fetched, is [`StoreError::NotLoaded`]:
//! nothing is read, written or lost, and the next opening tries again. None of these is awaited
//! inside a transaction: a fetch would end it.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use super::super::journal::{self, EarlierRecords, LogEntry, Reopening};
use super::super::StoreError;
use crate::domain::model::Registry;

/// What the store asks of the reader of earlier versions.
pub enum Ask {
    /// A snapshot whose chunks of an earlier version wait to be read.
    Snapshot(Box<Reopening>),
    /// Log entries of which some are of an earlier version, as stored, in order.
    Log(Vec<Vec<u8>>),
    /// The records of the layout before snapshots (one store per collection).
    Records(EarlierRecords),
    /// A backup of an earlier version: an exchange file's text.
    Backup(String),
    /// Everything stored, unchecked, as an exchange file's text (see [`journal::salvage`]).
    Salvage {
        chunks: Vec<Vec<u8>>,
        log: Vec<Vec<u8>>,
        now: String,
    },
}

/// What the reader answers.
pub enum Answer {
    Snapshot(Box<Reopening>),
    Log(Vec<LogEntry>),
    Registry(Box<Registry>),
    Salvage(String, usize),
}

/// A reader of earlier versions, however it gets its code.
pub type Reader = fn(Ask) -> Pin<Box<dyn Future<Output = Result<Answer, StoreError>>>>;

thread_local! {
    static READER: Cell<Option<Reader>> = const { Cell::new(None) };
}

/// Hands the store its reader of earlier versions (the page, at start).
pub fn install(reader: Reader) {
    READER.with(|r| r.set(Some(reader)));
}

/// The reading itself, for the reader to run where its code lives.
pub fn answer(ask: Ask) -> Result<Answer, StoreError> {
    Ok(match ask {
        Ask::Snapshot(reading) => Answer::Snapshot(Box::new(reading.read_earlier())),
        Ask::Log(stored) => Answer::Log(journal::read_log(&stored).map_err(StoreError::Damaged)?),
        Ask::Records(stored) => {
            Answer::Registry(Box::new(stored.read().map_err(StoreError::Damaged)?))
        }
        Ask::Backup(text) => Answer::Registry(Box::new(
            crate::exchange::parse(text.as_bytes(), None)
                .map(|f| f.registry)
                .map_err(StoreError::Damaged)?,
        )),
        Ask::Salvage { chunks, log, now } => {
            let (text, left_out) = journal::salvage(&chunks, &log, &now);
            Answer::Salvage(text, left_out)
        }
    })
}

async fn ask(question: Ask) -> Result<Answer, StoreError> {
    let reader = READER.with(Cell::get).ok_or(StoreError::NotLoaded)?;
    reader(question).await
}

fn mismatch() -> StoreError {
    StoreError::Failed("the reader of earlier versions answered another question".into())
}

/// A snapshot's chunks of an earlier version, read.
pub async fn snapshot(reading: Reopening) -> Result<Reopening, StoreError> {
    match ask(Ask::Snapshot(Box::new(reading))).await? {
        Answer::Snapshot(r) => Ok(*r),
        _ => Err(mismatch()),
    }
}

/// Log entries of which some are of an earlier version, read in order.
pub async fn log(stored: Vec<Vec<u8>>) -> Result<Vec<LogEntry>, StoreError> {
    match ask(Ask::Log(stored)).await? {
        Answer::Log(e) => Ok(e),
        _ => Err(mismatch()),
    }
}

/// The records of a database of the layout before snapshots.
pub async fn records(stored: EarlierRecords) -> Result<Registry, StoreError> {
    match ask(Ask::Records(stored)).await? {
        Answer::Registry(r) => Ok(*r),
        _ => Err(mismatch()),
    }
}

/// A backup of an earlier version.
pub async fn backup(text: String) -> Result<Registry, StoreError> {
    match ask(Ask::Backup(text)).await? {
        Answer::Registry(r) => Ok(*r),
        _ => Err(mismatch()),
    }
}

/// Everything stored, as an exchange file's text, and how many parts were left out.
pub async fn salvage(
    chunks: Vec<Vec<u8>>,
    log: Vec<Vec<u8>>,
    now: String,
) -> Result<(String, usize), StoreError> {
    match ask(Ask::Salvage { chunks, log, now }).await? {
        Answer::Salvage(text, left_out) => Ok((text, left_out)),
        _ => Err(mismatch()),
    }
}
