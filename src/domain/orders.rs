//! 菜单式扶持 as changes: a dish of the menu as typed, ordering it for a household (点菜) or for a
//! village's own project, and moving an order one step (requested → approved → in progress →
//! done) or cancelling it, each step dated with who did it. Approving charges the order to its
//! fund: beyond the fund's unallocated amount it is refused with the figures, unless a reason to
//! go over is given.

use super::codes::{AssistanceStatus, FundSource, MeasureCategory};
use super::date::Date;
use super::edit::FieldError;
use super::form::{shown, Fields, FormFields};
use super::helping::FundRoom;
use super::model::*;
use super::money::Fen;
use crate::msg;
use crate::text::{Arg, Msg, K};

/// The menu form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct MeasureDraft {
    pub name: String,
    pub category: String,
    pub unit: String,
    pub standard_amount: String,
    pub fund_source: String,
    pub description: String,
    pub retired: bool,
}

impl MeasureDraft {
    pub fn from_measure(m: &Measure) -> MeasureDraft {
        MeasureDraft {
            name: m.name.clone(),
            category: m.category.code().to_string(),
            unit: m.unit.clone().unwrap_or_default(),
            standard_amount: m.standard_amount.map(|f| f.to_string()).unwrap_or_default(),
            fund_source: m
                .fund_source
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
            description: m.description.clone().unwrap_or_default(),
            retired: m.retired == Some(true),
        }
    }
}

pub fn measure_from_draft(d: &MeasureDraft) -> Result<Measure, Vec<FieldError>> {
    let mut f = Fields::default();
    let name = f.required("name", &d.name, 100);
    let category = f.required_code::<MeasureCategory>("category", &d.category);
    let unit = f.text("unit", &d.unit, 20);
    let standard_amount = f.money("standard_amount", &d.standard_amount);
    let fund_source = f.code::<FundSource>("fund_source", &d.fund_source);
    let description = f.text("description", &d.description, 2000);
    let m = name.zip(category).map(|(name, category)| Measure {
        name,
        category,
        description,
        unit,
        standard_amount,
        fund_source,
        retired: d.retired.then_some(true),
    });
    f.finish(m)
}

/// The order form as typed: which measure, charged to which fund, how much.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct OrderDraft {
    pub measure_id: String,
    pub fund_id: String,
    pub amount: String,
    pub quantity: String,
    pub year: String,
    pub note: String,
}

/// Whose order it is: a household's (一户一法) or a village's own project (一村一策).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum OrderFor<'a> {
    Household(&'a str),
    Village(&'a str),
}

/// 点菜: a new order, requested on `date` by `by`. The measure must be on the menu (not retired);
/// the quantity's unit is the measure's; an amount left empty takes the measure's standard.
pub fn order(
    reg: &Registry,
    whose: OrderFor,
    d: &OrderDraft,
    date: Date,
    by: &str,
) -> Result<Assistance, Vec<FieldError>> {
    let mut f = Fields::default();
    let measure = reg.live::<Measure>(&d.measure_id);
    match measure {
        None => f.err("measure_id", msg!(form_choose_from_list)),
        Some(m) if m.retired == Some(true) => f.err("measure_id", msg!(order_measure_retired)),
        Some(_) => {}
    }
    let fund_id = (!d.fund_id.is_empty()).then(|| d.fund_id.clone());
    if fund_id
        .as_deref()
        .is_some_and(|id| reg.live::<Fund>(id).is_none())
    {
        f.err("fund_id", msg!(form_choose_from_list));
    }
    let amount = match f.money("amount", &d.amount) {
        Some(a) => Some(a),
        None if d.amount.trim().is_empty() => measure.and_then(|m| m.standard_amount),
        None => None,
    };
    let quantity = f.quantity("quantity", &d.quantity);
    let year = if d.year.trim().is_empty() {
        Some(date.year())
    } else {
        f.year("year", &d.year)
    };
    let note = f.text("note", &d.note, 2000);
    match whose {
        OrderFor::Household(h) if reg.live::<Household>(h).is_none() => {
            f.err("household_id", msg!(intent_no_such_household))
        }
        OrderFor::Village(v)
            if reg
                .live::<Region>(v)
                .is_none_or(|r| r.kind != super::codes::RegionKind::Village) =>
        {
            f.err("village_id", msg!(form_choose_from_list))
        }
        _ => {}
    }
    let a = measure.zip(year).map(|(m, year)| {
        let (household_id, village_id) = match whose {
            OrderFor::Household(h) => (Some(h.to_string()), None),
            OrderFor::Village(v) => (None, Some(v.to_string())),
        };
        Assistance {
            household_id,
            village_id,
            member_id: None,
            measure_id: d.measure_id.clone(),
            fund_id,
            year,
            amount_yuan: amount,
            quantity,
            unit: quantity.and(m.unit.clone()),
            status: AssistanceStatus::Requested,
            planned_date: None,
            done_date: None,
            note,
            steps: vec![OrderStep {
                status: AssistanceStatus::Requested,
                date,
                by: (!by.trim().is_empty()).then(|| by.trim().to_string()),
            }],
            income_yuan: None,
            overspend_reason: None,
        }
    });
    f.finish(a)
}

/// Why moving an order was refused.
#[derive(Clone, PartialEq, Debug)]
pub enum OrderRefusal {
    /// In words (done or cancelled already, a date before the last step).
    Refused(Msg),
    /// Approving would allocate beyond the fund: the figures, to show and ask for a reason.
    Overspend {
        fund: String,
        room: FundRoom,
        amount: Fen,
    },
}

impl OrderRefusal {
    pub fn message(&self) -> Msg {
        match self {
            OrderRefusal::Refused(m) => m.clone(),
            OrderRefusal::Overspend { fund, room, amount } => msg!(
                order_overspend,
                fund = fund,
                amount = amount.to_string(),
                left = room.unallocated().to_string(),
                total = room.amount.to_string()
            ),
        }
    }
}

/// Moves an order one step on `date` by `by` (to `to`, or the next step when `None`; only
/// `Cancelled` may skip). Approving an order charged to a fund checks the fund's room:
/// `room` is the fund's figures now; beyond them, `override_reason` must say why.
pub fn advance(
    a: &Assistance,
    to: Option<AssistanceStatus>,
    date: Date,
    by: &str,
    room: Option<(&str, FundRoom)>,
    override_reason: Option<&str>,
) -> Result<Assistance, OrderRefusal> {
    let next = match to.or(a.status.next()) {
        Some(s) if a.status.may_move_to(s) => s,
        _ => {
            return Err(OrderRefusal::Refused(msg!(
                order_cannot_move,
                status = a.status.label_key()
            )))
        }
    };
    if a.steps.last().is_some_and(|s| s.date > date) {
        return Err(OrderRefusal::Refused(msg!(edit_step_before_previous)));
    }
    let mut out = a.clone();
    // Charged from approval on: the fund must hold it, or a person says why it may go over.
    let charging = next.allocates() && !a.status.allocates();
    if let (true, Some((fund, room))) = (charging, room) {
        let amount = a.amount_yuan.unwrap_or(Fen::ZERO);
        if amount.0 > room.unallocated().0 {
            match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
                Some(why) => out.overspend_reason = Some(why.to_string()),
                None => {
                    return Err(OrderRefusal::Overspend {
                        fund: fund.to_string(),
                        room,
                        amount,
                    })
                }
            }
        }
    }
    out.status = next;
    if next == AssistanceStatus::Done {
        out.done_date = Some(date);
    }
    if next == AssistanceStatus::Approved {
        out.planned_date = Some(date);
    }
    out.steps.push(OrderStep {
        status: next,
        date,
        by: (!by.trim().is_empty()).then(|| by.trim().to_string()),
    });
    Ok(out)
}

impl FormFields for MeasureDraft {
    fn fields(&self) -> Vec<(&'static str, K, Arg)> {
        vec![
            ("name", K::label_measure_name, self.name.as_str().into()),
            (
                "category",
                K::label_measure_category,
                shown::<MeasureCategory>(&self.category),
            ),
            ("unit", K::label_unit, self.unit.as_str().into()),
            (
                "standard_amount",
                K::label_standard_amount,
                self.standard_amount.as_str().into(),
            ),
            (
                "fund_source",
                K::label_usual_fund_source,
                shown::<FundSource>(&self.fund_source),
            ),
            (
                "description",
                K::label_description,
                self.description.as_str().into(),
            ),
            (
                "retired",
                K::label_off_menu,
                Arg::Key(if self.retired { K::yes } else { K::no }),
            ),
        ]
    }
}
