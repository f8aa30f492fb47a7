//! 能人结对帮扶 as changes: a helper as typed in the helper form, pairing a household with a
//! helper, ending a pairing, transferring a household to another helper in one step, and a visit
//! (走访记录). Each returns the new record or a refusal in words; nothing here writes.

use super::codes::{HelperKind, HelperModel, PairingEndReason};
use super::date::Date;
use super::edit::FieldError;
use super::form::{shown, Fields, FormFields};
use super::model::*;
use crate::msg;
use crate::text::{Arg, Msg, K};

/// The helper form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct HelperDraft {
    pub name: String,
    pub kind: String,
    pub work_unit: String,
    pub position: String,
    pub phone: String,
    pub region_id: String,
    pub leads_with: String,
    pub speciality: String,
    pub retired: String,
}

impl HelperDraft {
    pub fn from_helper(h: &Helper) -> HelperDraft {
        HelperDraft {
            name: h.name.clone(),
            kind: h.kind.code().to_string(),
            work_unit: h.work_unit.clone().unwrap_or_default(),
            position: h.position.clone().unwrap_or_default(),
            phone: h.phone.clone().unwrap_or_default(),
            region_id: h.region_id.clone().unwrap_or_default(),
            leads_with: h
                .leads_with
                .map(|m| m.code().to_string())
                .unwrap_or_default(),
            speciality: h.speciality.clone().unwrap_or_default(),
            retired: h.retired.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// A new helper's form: a capable person (致富能人) unless chosen otherwise.
    pub fn new_helper() -> HelperDraft {
        HelperDraft {
            kind: HelperKind::CapablePerson.code().to_string(),
            ..Default::default()
        }
    }
}

/// Reads the helper form; every problem is named by its field. `regions` tells whether a region
/// id names a live region.
pub fn helper_from_draft(
    d: &HelperDraft,
    region_exists: impl Fn(&str) -> bool,
) -> Result<Helper, Vec<FieldError>> {
    let mut f = Fields::default();
    let name = f.required("name", &d.name, 100);
    let kind = f.required_code::<HelperKind>("kind", &d.kind);
    let work_unit = f.text("work_unit", &d.work_unit, 200);
    let position = f.text("position", &d.position, 100);
    let phone = f.text("phone", &d.phone, 50);
    let region_id = (!d.region_id.is_empty()).then(|| d.region_id.clone());
    if region_id.as_deref().is_some_and(|r| !region_exists(r)) {
        f.err("region_id", msg!(form_choose_from_list));
    }
    let leads_with = f.code::<HelperModel>("leads_with", &d.leads_with);
    let speciality = f.text("speciality", &d.speciality, 2000);
    let retired = f.date("retired", &d.retired);
    let helper = match (name, kind) {
        (Some(name), Some(kind)) => Some(Helper {
            name,
            kind,
            speciality,
            phone,
            region_id,
            work_unit,
            position,
            leads_with,
            retired,
        }),
        _ => None,
    };
    f.finish(helper)
}

/// 结对: pairs household `household_id` with helper `helper_id` from `start`. Refused when either
/// is gone, the helper no longer helps then, or the two are already paired at that date.
pub fn pair(
    reg: &Registry,
    helper_id: &str,
    household_id: &str,
    start: Date,
) -> Result<Pairing, Msg> {
    let helper = reg
        .live::<Helper>(helper_id)
        .ok_or_else(|| msg!(pairing_no_such_helper))?;
    if !helper.active_at(start) {
        return Err(msg!(pairing_helper_retired, name = &helper.name));
    }
    reg.live::<Household>(household_id)
        .ok_or_else(|| msg!(intent_no_such_household))?;
    let already = reg.pairings.iter().filter_map(|p| p.live()).any(|p| {
        p.helper_id == helper_id
            && p.household_id == household_id
            && super::calc::pairing_active(p, start)
    });
    if already {
        return Err(msg!(pairing_already_paired, name = &helper.name));
    }
    Ok(Pairing {
        helper_id: helper_id.to_string(),
        household_id: household_id.to_string(),
        start_date: start,
        end_date: None,
        end_reason: None,
        end_note: None,
    })
}

/// Ends a pairing on `end` for a reason; the end cannot be before the start, nor end an ended one.
pub fn end_pairing(
    p: &Pairing,
    end: Date,
    reason: PairingEndReason,
    note: &str,
) -> Result<Pairing, Msg> {
    if p.end_date.is_some() {
        return Err(msg!(pairing_already_ended));
    }
    if end < p.start_date {
        return Err(msg!(edit_end_before_start, start = p.start_date));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(msg!(edit_note_has_most_2_000));
    }
    Ok(Pairing {
        end_date: Some(end),
        end_reason: Some(reason),
        end_note: (!note.is_empty()).then(|| note.to_string()),
        ..p.clone()
    })
}

/// 转交: the household goes from one helper to another on `date` — the old pairing ends
/// (transferred) and a new one starts the same day.
pub fn transfer(
    reg: &Registry,
    pairing_id: &str,
    to_helper: &str,
    date: Date,
) -> Result<(Pairing, Pairing), Msg> {
    let old = reg
        .live::<Pairing>(pairing_id)
        .ok_or_else(|| msg!(pairing_no_such_pairing))?;
    if old.helper_id == to_helper {
        return Err(msg!(pairing_same_helper));
    }
    let ended = end_pairing(old, date, PairingEndReason::Transferred, "")?;
    let new = pair(reg, to_helper, &old.household_id, date)?;
    Ok((ended, new))
}

/// The visit form as typed (走访记录).
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct VisitDraft {
    pub date: String,
    pub done: String,
    pub needs: String,
}

/// 走访记录 of pairing `pairing_id`: a visit on a date within the pairing, not after `today`, of
/// what was done and what the household needs.
pub fn visit(
    pairing_id: &str,
    p: &Pairing,
    d: &VisitDraft,
    today: Date,
) -> Result<Visit, Vec<FieldError>> {
    let mut f = Fields::default();
    let date = f.required_date("date", &d.date);
    if let Some(date) = date {
        if date < p.start_date || p.end_date.is_some_and(|e| date > e) {
            f.err("date", msg!(visit_outside_pairing, start = p.start_date));
        } else if date > today {
            f.err("date", msg!(form_date_in_future));
        }
    }
    let done = f.required("done", &d.done, 2000);
    let needs = f.text("needs", &d.needs, 2000);
    let v = date.zip(done).map(|(date, done)| Visit {
        pairing_id: pairing_id.to_string(),
        date,
        done,
        needs,
    });
    f.finish(v)
}

/// Helpers whose name (or work unit, or phone) contains `query`, still helping at D, best first
/// (names that begin with it), at most `limit`: the picker on a household's page.
pub fn find_helpers<'a>(
    reg: &'a Registry,
    query: &str,
    d: Date,
    limit: usize,
) -> Vec<(&'a str, &'a Helper)> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(bool, &str, &Helper)> = reg
        .helpers
        .iter()
        .filter_map(|h| Some((h.id.as_str(), h.live()?)))
        .filter(|(_, h)| h.active_at(d))
        .filter(|(_, h)| {
            h.name.contains(q)
                || h.work_unit.as_deref().is_some_and(|u| u.contains(q))
                || h.phone.as_deref().is_some_and(|p| p.contains(q))
        })
        .map(|(id, h)| (!h.name.starts_with(q), id, h))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.name.cmp(&b.2.name)));
    hits.into_iter()
        .take(limit)
        .map(|(_, id, h)| (id, h))
        .collect()
}

impl FormFields for HelperDraft {
    fn fields(&self) -> Vec<(&'static str, K, Arg)> {
        vec![
            ("name", K::label_helper_name, self.name.as_str().into()),
            (
                "kind",
                K::label_helper_kind,
                shown::<HelperKind>(&self.kind),
            ),
            (
                "work_unit",
                K::label_work_unit,
                self.work_unit.as_str().into(),
            ),
            ("position", K::label_position, self.position.as_str().into()),
            ("phone", K::label_phone, self.phone.as_str().into()),
            ("region_id", K::label_region, self.region_id.as_str().into()),
            (
                "leads_with",
                K::label_leads_with,
                shown::<HelperModel>(&self.leads_with),
            ),
            (
                "speciality",
                K::label_speciality,
                self.speciality.as_str().into(),
            ),
            ("retired", K::label_retired_on, self.retired.as_str().into()),
        ]
    }
}
