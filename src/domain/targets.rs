//! 责任清单 and 目标责任书: a year's targets per level (households and people to exit, villages to
//! exit, infrastructure to finish), who answers for each, the state of its responsibility letter,
//! and each target's progress computed from the registry, with the gap in words.

use super::calc::people_at;
use super::codes::{InfrastructureItem, LetterState, Status, TargetKind};
use super::date::Date;
use super::edit::FieldError;
use super::form::{shown, Fields, FormFields};
use super::index::{Index, Scope};
use super::model::*;
use crate::msg;
use crate::text::{Arg, Msg, K};

/// The target form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TargetDraft {
    pub year: String,
    pub region_id: String,
    pub kind: String,
    pub planned: String,
    pub item: String,
    pub responsible: String,
    pub letter: String,
    pub signed_date: String,
    pub signed_by: String,
}

impl TargetDraft {
    pub fn from_target(t: &Target) -> TargetDraft {
        TargetDraft {
            year: t.year.to_string(),
            region_id: t.region_id.clone(),
            kind: t.kind.code().to_string(),
            planned: t.planned.to_string(),
            item: t.item.map(|i| i.code().to_string()).unwrap_or_default(),
            responsible: t.responsible.clone().unwrap_or_default(),
            letter: t.letter.code().to_string(),
            signed_date: t.signed_date.map(|d| d.to_string()).unwrap_or_default(),
            signed_by: t.signed_by.clone().unwrap_or_default(),
        }
    }
}

impl FormFields for TargetDraft {
    fn fields(&self) -> Vec<(&'static str, K, Arg)> {
        vec![
            ("year", K::year, self.year.as_str().into()),
            ("region_id", K::label_region, self.region_id.as_str().into()),
            (
                "kind",
                K::label_target_kind,
                shown::<TargetKind>(&self.kind),
            ),
            ("planned", K::label_planned, self.planned.as_str().into()),
            (
                "item",
                K::label_delivers_infrastructure,
                shown::<InfrastructureItem>(&self.item),
            ),
            (
                "responsible",
                K::label_responsible,
                self.responsible.as_str().into(),
            ),
            (
                "letter",
                K::label_letter,
                shown::<LetterState>(&self.letter),
            ),
            (
                "signed_date",
                K::label_signed_date,
                self.signed_date.as_str().into(),
            ),
            (
                "signed_by",
                K::label_signed_by,
                self.signed_by.as_str().into(),
            ),
        ]
    }
}

pub fn target_from_draft(reg: &Registry, d: &TargetDraft) -> Result<Target, Vec<FieldError>> {
    let mut f = Fields::default();
    let year = f.year("year", &d.year);
    if reg.live::<Region>(&d.region_id).is_none() {
        f.err("region_id", msg!(form_choose_from_list));
    }
    let kind = f.required_code::<TargetKind>("kind", &d.kind);
    let planned = f
        .whole("planned", &d.planned, 0, 1_000_000_000)
        .map(u64::from);
    let item = f.code::<InfrastructureItem>("item", &d.item);
    let responsible = f.text("responsible", &d.responsible, 100);
    let letter = f.required_code::<LetterState>("letter", &d.letter);
    let signed_date = f.date("signed_date", &d.signed_date);
    let signed_by = f.text("signed_by", &d.signed_by, 100);
    // A signed letter needs its date (a date typed wrong has its own error already).
    if letter == Some(LetterState::Signed) && d.signed_date.trim().is_empty() {
        f.err("signed_date", msg!(file_signed_letter_needs_date));
    }
    let t = match (year, kind, planned, letter) {
        (Some(year), Some(kind), Some(planned), Some(letter)) => Some(Target {
            year,
            region_id: d.region_id.clone(),
            kind,
            planned,
            item: item.filter(|_| kind == TargetKind::Infrastructure),
            responsible,
            letter,
            signed_date: signed_date.filter(|_| letter == LetterState::Signed),
            signed_by: signed_by.filter(|_| letter == LetterState::Signed),
        }),
        _ => None,
    };
    f.finish(t)
}

/// How far a target is at D.
#[derive(Clone, PartialEq, Debug)]
pub struct TargetProgress {
    pub done: u64,
    pub planned: u64,
    /// In words: done, or how many are still to go.
    pub words: Msg,
}

/// The progress of target `t` at D, from the registry: households (and their people) whose exit
/// was recorded in the target's year by D in its region; villages of the region that exited in
/// that year by D; poor villages of the region with the condition (or all eight) met.
pub fn target_progress(ix: &Index, t: &Target, d: Date) -> TargetProgress {
    let Some(&region) = ix.region_pos(t.region_id.as_str()) else {
        return TargetProgress {
            done: 0,
            planned: t.planned,
            words: msg!(target_region_gone),
        };
    };
    let scope = Scope::Region(region);
    let exit_in_year = |h: &Household| {
        h.status_events
            .iter()
            .filter(|e| e.status == Status::Exited && e.date.year() == t.year && e.date <= d)
            .map(|e| e.date)
            .next_back()
    };
    let done: u64 = match t.kind {
        TargetKind::ExitHouseholds => ix
            .households_in(scope)
            .filter(|(_, h)| exit_in_year(h).is_some())
            .count() as u64,
        TargetKind::ExitPeople => ix
            .households_in(scope)
            .filter_map(|(_, h)| Some(people_at(h, exit_in_year(h)?)))
            .sum(),
        TargetKind::ExitVillages => ix
            .subtree(scope)
            .into_iter()
            .filter_map(|r| ix.region(r))
            .filter(|r| {
                r.kind == super::codes::RegionKind::Village
                    && r.exit_date.is_some_and(|e| e.year() == t.year && e <= d)
            })
            .count() as u64,
        TargetKind::Infrastructure => ix
            .subtree(scope)
            .into_iter()
            .filter_map(|r| ix.region(r))
            .filter(|r| r.kind == super::codes::RegionKind::Village && r.poor_village == Some(true))
            .filter(|r| {
                let flags = r.infrastructure.unwrap_or([None; 8]);
                match t.item {
                    Some(item) => {
                        let k = InfrastructureItem::ALL.iter().position(|x| *x == item);
                        k.is_some_and(|k| flags[k] == Some(true))
                    }
                    None => flags.iter().all(|f| *f == Some(true)),
                }
            })
            .count() as u64,
    };
    let words = if done >= t.planned {
        msg!(target_reached, done = done)
    } else {
        msg!(
            target_gap,
            gap = t.planned - done,
            kind = t.kind.label_key()
        )
    };
    TargetProgress {
        done,
        planned: t.planned,
        words,
    }
}
