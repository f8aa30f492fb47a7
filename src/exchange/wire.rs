//! One record as exchange JSON and back, for every collection alike: the file reader and writer,
//! the stores and (later) sync all encode records through [`Wire`].

use serde_json::Value;

use super::problem::{Path, Problem};
use super::read::{self, Reader};
use super::write;
use crate::domain::model::*;

/// Something done once per collection with its reader and writer: see [`for_each_wire`].
pub(crate) trait WireVisitor {
    fn visit<T: Wire>(&mut self);
}

/// A collection's record in the exchange format.
pub(crate) trait Wire: Body {
    fn write(r: &Record<Self>) -> Value;
    fn read(r: &mut Reader, v: &Value, p: &Path) -> Option<Record<Self>>;
}

macro_rules! wire {
    ($($variant:ident: $body:ty => $write:path, $read:path;)+) => {
        $(impl Wire for $body {
            fn write(r: &Record<Self>) -> Value {
                $write(r)
            }
            fn read(r: &mut Reader, v: &Value, p: &Path) -> Option<Record<Self>> {
                $read(r, v, p)
            }
        })+

        /// Runs `v` once per collection with its record type, in file order.
        pub(crate) fn for_each_wire(v: &mut impl WireVisitor) {
            $(v.visit::<$body>();)+
        }

        /// Reads one record of collection `c` into `reg` (problems go to `r`).
        pub(crate) fn read_into(c: Collection, r: &mut Reader, v: &Value, p: &Path, reg: &mut Registry) {
            match c {
                $(Collection::$variant => {
                    if let Some(rec) = <$body as Wire>::read(r, v, p) {
                        <$body as Body>::records_mut(reg).push(std::sync::Arc::new(rec));
                    }
                })+
            }
        }

        /// The record as exchange JSON.
        pub fn write_any(r: &AnyRecord) -> Value {
            match r {
                $(AnyRecord::$variant(x) => <$body as Wire>::write(x),)+
            }
        }

        /// Reads one record of collection `c` (checked as in a file, without the cross-record
        /// rules); `path` names where it came from in messages.
        pub fn read_any(c: Collection, v: &Value, path: &Path) -> Result<AnyRecord, Vec<Problem>> {
            let mut r = Reader::new();
            let out = match c {
                $(Collection::$variant => <$body as Wire>::read(&mut r, v, path).map(AnyRecord::$variant),)+
            };
            match out {
                Some(rec) if r.problems.is_empty() => Ok(rec),
                _ => Err(r.problems),
            }
        }
    };
}

wire! {
    Regions: Region => write::region, read::region;
    Households: Household => write::household, read::household;
    Helpers: Helper => write::helper, read::helper;
    Pairings: Pairing => write::pairing, read::pairing;
    Measures: Measure => write::measure, read::measure;
    Assistance: Assistance => write::assistance, read::assistance;
    Funds: Fund => write::fund, read::fund;
    Tasks: Task => write::task, read::task;
    Visits: Visit => write::visit, read::visit;
    Disbursements: Disbursement => write::disbursement, read::disbursement;
    Loans: Loan => write::loan, read::loan;
    Targets: Target => write::target, read::target;
    SampleChecks: SampleCheck => write::sample_check, read::sample_check;
    Surveys: Survey => write::survey, read::survey;
}
