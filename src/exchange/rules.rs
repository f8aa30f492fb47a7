//! The rules of the exchange README that a schema cannot express: unique ids, one entry per year,
//! references that resolve, the region tree, dates in order, ID-number check characters.
//!
//! Long (about 580 lines): every cross-record rule of the format, one function each.

use std::collections::{HashMap, HashSet};

use super::problem::Problem;
use super::read::quote;
use crate::domain::codes::{LenderKind, LetterState, RegionKind};
use crate::domain::id_number::{self, IdNumberProblem};
use crate::domain::model::*;
use crate::msg;
use crate::text::Msg;

fn dup_ids<T>(c: Collection, recs: &[std::sync::Arc<Record<T>>], out: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        if let Some(first) = seen.insert(r.id.as_str(), i) {
            out.push(Problem::new(
                format!("{}[{i}].id", c.code()),
                msg!(
                    file_id_used_twice,
                    id = quote(&r.id),
                    first = format!("{}[{first}]", c.code())
                ),
            ));
        }
    }
}

/// Each year once in a list (a few years): the list's path is written only for a problem.
fn one_per_year(
    path: impl Fn() -> String,
    years: impl Iterator<Item = i32>,
    out: &mut Vec<Problem>,
) {
    let mut seen: Vec<i32> = Vec::new();
    for (i, y) in years.enumerate() {
        if seen.contains(&y) {
            out.push(Problem::new(
                format!("{}[{i}].year", path()),
                msg!(file_year_twice, year = y),
            ));
        }
        seen.push(y);
    }
}

/// Rules that one file (or registry) must keep on its own, whatever it merges into.
pub fn check_contents(reg: &Registry) -> Vec<Problem> {
    let mut out = Vec::new();
    struct Dups<'a>(&'a Registry, &'a mut Vec<Problem>);
    impl CollectionVisitor for Dups<'_> {
        fn visit<T: Body>(&mut self) {
            dup_ids(T::COLLECTION, T::records(self.0), self.1);
        }
    }
    for_each_collection(&mut Dups(reg, &mut out));
    for (i, r) in reg.regions.iter().enumerate() {
        let Some(b) = r.live() else { continue };
        one_per_year(
            || format!("regions[{i}].rural_population"),
            b.rural_population.iter().map(|p| p.year),
            &mut out,
        );
        one_per_year(
            || format!("regions[{i}].collective_income"),
            b.collective_income.iter().map(|p| p.year),
            &mut out,
        );
    }
    // Where each member id was first met (household, member), its path written only for a
    // problem: a county has some 60,000 members.
    let mut member_ids: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, h) in reg.households.iter().enumerate() {
        let Some(b) = h.live() else { continue };
        let hp = || format!("households[{i}]");
        one_per_year(
            || format!("{}.incomes", hp()),
            b.incomes.iter().map(|x| x.year),
            &mut out,
        );
        for (k, w) in b.status_events.windows(2).enumerate() {
            if w[1].date < w[0].date {
                out.push(Problem::new(
                    format!("{}.status_events[{}].date", hp(), k + 1),
                    msg!(
                        file_events_out_of_order,
                        date = w[1].date,
                        previous = w[0].date
                    ),
                ));
            }
        }
        for (k, m) in b.members.iter().enumerate() {
            let mp = || format!("{}.members[{k}]", hp());
            if let Some((pi, pk)) = member_ids.insert(m.id.as_str(), (i, k)) {
                let prev = format!("households[{pi}].members[{pk}]");
                out.push(Problem::new(
                    format!("{}.id", mp()),
                    msg!(file_member_id_used_twice, id = quote(&m.id), prev = prev),
                ));
            }
            if let (Some(j), Some(l)) = (m.joined_date, m.left_date) {
                if l < j {
                    out.push(Problem::new(
                        format!("{}.left_date", mp()),
                        msg!(file_left_before_joined, l = l, j = j),
                    ));
                }
            }
            if let Some(id) = &m.id_number {
                match id_number::check(id) {
                    Err(IdNumberProblem::CheckCharacter(c)) => out.push(Problem::new(
                        format!("{}.id_number", mp()),
                        msg!(file_check_character, c = c),
                    )),
                    Err(IdNumberProblem::BirthDate) => out.push(Problem::new(
                        format!("{}.id_number", mp()),
                        msg!(file_birth_date_inside_number_not),
                    )),
                    Err(IdNumberProblem::Shape) => out.push(Problem::new(
                        format!("{}.id_number", mp()),
                        msg!(file_id_number_has_wrong_shape),
                    )),
                    Ok(inside) => {
                        if let Some(bd) = m.birth_date.filter(|bd| *bd != inside) {
                            out.push(Problem::new(
                                format!("{}.birth_date", mp()),
                                msg!(file_birth_date_differs, bd = bd, inside = inside),
                            ));
                        }
                    }
                }
            }
        }
    }
    for (i, p) in reg.pairings.iter().enumerate() {
        if let Some(b) = p.live() {
            if b.end_date.is_some_and(|e| e < b.start_date) {
                out.push(Problem::new(
                    format!("pairings[{i}].end_date"),
                    msg!(file_end_date_before_start_date),
                ));
            }
        }
    }
    for (i, a) in reg.assistance.iter().enumerate() {
        let Some(b) = a.live() else { continue };
        for (k, w) in b.steps.windows(2).enumerate() {
            if !w[0].status.may_move_to(w[1].status) {
                out.push(Problem::new(
                    format!("assistance[{i}].steps[{}].status", k + 1),
                    msg!(
                        file_step_cannot_follow,
                        status = w[1].status.label_key(),
                        previous = w[0].status.label_key()
                    ),
                ));
            }
            if w[1].date < w[0].date {
                out.push(Problem::new(
                    format!("assistance[{i}].steps[{}].date", k + 1),
                    msg!(
                        file_events_out_of_order,
                        date = w[1].date,
                        previous = w[0].date
                    ),
                ));
            }
        }
    }
    for (i, t) in reg.tasks.iter().enumerate() {
        let Some(b) = t.live() else { continue };
        if let (Some(s), true) = (b.start_date, b.start_date > Some(b.due_date)) {
            out.push(Problem::new(
                format!("tasks[{i}].due_date"),
                msg!(edit_end_before_start, start = s),
            ));
        }
    }
    for (i, t) in reg.targets.iter().enumerate() {
        let Some(b) = t.live() else { continue };
        if b.letter == LetterState::Signed && b.signed_date.is_none() {
            out.push(Problem::new(
                format!("targets[{i}].signed_date"),
                msg!(file_signed_letter_needs_date),
            ));
        }
    }
    for (i, c) in reg.sample_checks.iter().enumerate() {
        let Some(b) = c.live() else { continue };
        for (part, whole, key) in [
            (b.wrongly_exited, b.exited_checked, "wrongly_exited"),
            (b.missed, b.others_checked, "missed"),
        ] {
            if part > whole {
                out.push(Problem::new(
                    format!("sample_checks[{i}].{key}"),
                    msg!(file_more_than_checked, n = part, of = whole),
                ));
            }
        }
    }
    for (i, s) in reg.surveys.iter().enumerate() {
        let Some(b) = s.live() else { continue };
        if b.satisfied > b.respondents {
            out.push(Problem::new(
                format!("surveys[{i}].satisfied"),
                msg!(file_more_than_checked, n = b.satisfied, of = b.respondents),
            ));
        }
    }
    for (i, h) in reg.households.iter().enumerate() {
        let Some(b) = h.live() else { continue };
        for (k, w) in b.exit_steps.windows(2).enumerate() {
            if w[1].date < w[0].date {
                out.push(Problem::new(
                    format!("households[{i}].exit_steps[{}].date", k + 1),
                    msg!(
                        file_events_out_of_order,
                        date = w[1].date,
                        previous = w[0].date
                    ),
                ));
            }
        }
    }
    for (i, a) in reg.assistance.iter().enumerate() {
        let Some(b) = a.live() else { continue };
        if b.steps.last().is_some_and(|s| s.status != b.status) {
            out.push(Problem::new(
                format!("assistance[{i}].status"),
                msg!(file_status_not_last_step),
            ));
        }
    }
    for (i, l) in reg.loans.iter().enumerate() {
        let Some(b) = l.live() else { continue };
        let mut repaid = crate::domain::money::Fen::ZERO;
        for (k, r) in b.repayments.iter().enumerate() {
            repaid += r.amount_yuan;
            if repaid.0 > b.amount_yuan.0 {
                out.push(Problem::new(
                    format!("loans[{i}].repayments[{k}].amount_yuan"),
                    msg!(file_repaid_beyond_loan, amount = b.amount_yuan.to_string()),
                ));
            }
            if k > 0 && r.date < b.repayments[k - 1].date {
                out.push(Problem::new(
                    format!("loans[{i}].repayments[{k}].date"),
                    msg!(
                        file_events_out_of_order,
                        date = r.date,
                        previous = b.repayments[k - 1].date
                    ),
                ));
            }
            if r.date < b.start_date {
                out.push(Problem::new(
                    format!("loans[{i}].repayments[{k}].date"),
                    msg!(
                        file_repaid_before_start,
                        date = r.date,
                        start = b.start_date
                    ),
                ));
            }
        }
        match b.lender {
            LenderKind::MutualAid if b.fund_id.is_none() => out.push(Problem::new(
                format!("loans[{i}].fund_id"),
                msg!(file_mutual_aid_loan_needs_fund),
            )),
            _ => {}
        }
    }
    out
}

/// Where references are looked up: the file first, then the registry it merges into.
struct Lookup<'a> {
    regions: HashMap<&'a str, Option<RegionKind>>,
    parents: HashMap<&'a str, Option<&'a str>>,
    households: HashMap<&'a str, Option<&'a Household>>,
    helpers: HashSet<&'a str>,
    measures: HashSet<&'a str>,
    funds: HashSet<&'a str>,
    pairings: HashSet<&'a str>,
    assistance: HashSet<&'a str>,
}

impl<'a> Lookup<'a> {
    fn new(layers: &[&'a Registry]) -> Lookup<'a> {
        let mut l = Lookup {
            regions: HashMap::new(),
            parents: HashMap::new(),
            households: HashMap::new(),
            helpers: HashSet::new(),
            measures: HashSet::new(),
            funds: HashSet::new(),
            pairings: HashSet::new(),
            assistance: HashSet::new(),
        };
        // Later layers only fill what earlier ones lack: the file wins over the registry.
        for reg in layers.iter().rev() {
            for r in &reg.regions {
                l.regions.insert(&r.id, r.live().map(|b| b.kind));
                l.parents
                    .insert(&r.id, r.live().and_then(|b| b.parent_id.as_deref()));
            }
            for h in &reg.households {
                l.households.insert(&h.id, h.live());
            }
            l.helpers.extend(reg.helpers.iter().map(|r| r.id.as_str()));
            l.measures
                .extend(reg.measures.iter().map(|r| r.id.as_str()));
            l.funds.extend(reg.funds.iter().map(|r| r.id.as_str()));
            l.pairings
                .extend(reg.pairings.iter().map(|r| r.id.as_str()));
            l.assistance
                .extend(reg.assistance.iter().map(|r| r.id.as_str()));
        }
        l
    }
}

fn dangling(out: &mut Vec<Problem>, path: String, what: Msg, id: &str) {
    out.push(Problem::new(
        path,
        msg!(file_refers_to_missing, what = what, id = quote(id)),
    ));
}

/// References and the region tree of `reg`, resolving ids in `reg` and then in `outside`.
pub fn check_links(reg: &Registry, outside: Option<&Registry>) -> Vec<Problem> {
    let mut layers = vec![reg];
    layers.extend(outside);
    let l = Lookup::new(&layers);
    let mut out = Vec::new();
    for (i, r) in reg.regions.iter().enumerate() {
        let Some(b) = r.live() else { continue };
        let path = format!("regions[{i}]");
        let want_parent = match b.kind {
            RegionKind::County => None,
            RegionKind::Township => Some(RegionKind::County),
            RegionKind::Village => Some(RegionKind::Township),
        };
        match (&b.parent_id, want_parent) {
            (Some(_), None) => out.push(Problem::new(
                format!("{path}.parent_id"),
                msg!(file_county_has_no_parent),
            )),
            (None, Some(k)) => out.push(Problem::new(
                format!("{path}.parent_id"),
                msg!(file_needs_parent, kind = k.label_key()),
            )),
            (Some(pid), Some(k)) => match l.regions.get(pid.as_str()) {
                None => dangling(
                    &mut out,
                    format!("{path}.parent_id"),
                    msg!(file_region),
                    pid,
                ),
                Some(Some(pk)) if *pk != k => out.push(Problem::new(
                    format!("{path}.parent_id"),
                    msg!(
                        file_parent_of_wrong_kind,
                        kind = b.kind.label_key(),
                        want = k.label_key(),
                        pid = quote(pid),
                        actual = pk.label_key()
                    ),
                )),
                _ => {}
            },
            (None, None) => {}
        }
        // A cycle cannot pass the kind rules above, but a walk up the tree stays bounded anyway.
        let mut at = b.parent_id.as_deref();
        let mut steps = 0;
        while let Some(p) = at {
            steps += 1;
            if p == r.id || steps > 8 {
                out.push(Problem::new(
                    format!("{path}.parent_id"),
                    msg!(file_region_tree_has_cycle),
                ));
                break;
            }
            at = l.parents.get(p).copied().flatten();
        }
    }
    for (i, h) in reg.households.iter().enumerate() {
        let Some(b) = h.live() else { continue };
        match l.regions.get(b.village_id.as_str()) {
            None => dangling(
                &mut out,
                format!("households[{i}].village_id"),
                msg!(file_village),
                &b.village_id,
            ),
            Some(Some(k)) if *k != RegionKind::Village => out.push(Problem::new(
                format!("households[{i}].village_id"),
                msg!(file_not_a_village, id = quote(&b.village_id)),
            )),
            _ => {}
        }
    }
    let region_ref = |out: &mut Vec<Problem>, path: String, id: Option<&str>| {
        if let Some(id) = id {
            if !l.regions.contains_key(id) {
                dangling(out, path, msg!(file_region), id);
            }
        }
    };
    for (i, h) in reg.helpers.iter().enumerate() {
        region_ref(
            &mut out,
            format!("helpers[{i}].region_id"),
            h.live().and_then(|b| b.region_id.as_deref()),
        );
    }
    for (i, f) in reg.funds.iter().enumerate() {
        region_ref(
            &mut out,
            format!("funds[{i}].region_id"),
            f.live().and_then(|b| b.region_id.as_deref()),
        );
    }
    for (i, t) in reg.tasks.iter().enumerate() {
        region_ref(
            &mut out,
            format!("tasks[{i}].region_id"),
            t.live().map(|b| b.region_id.as_str()),
        );
    }
    for (i, t) in reg.targets.iter().enumerate() {
        region_ref(
            &mut out,
            format!("targets[{i}].region_id"),
            t.live().map(|b| b.region_id.as_str()),
        );
    }
    for (i, t) in reg.sample_checks.iter().enumerate() {
        region_ref(
            &mut out,
            format!("sample_checks[{i}].region_id"),
            t.live().map(|b| b.region_id.as_str()),
        );
    }
    for (i, t) in reg.surveys.iter().enumerate() {
        region_ref(
            &mut out,
            format!("surveys[{i}].region_id"),
            t.live().map(|b| b.region_id.as_str()),
        );
    }
    for (i, p) in reg.pairings.iter().enumerate() {
        let Some(b) = p.live() else { continue };
        if !l.helpers.contains(b.helper_id.as_str()) {
            dangling(
                &mut out,
                format!("pairings[{i}].helper_id"),
                msg!(file_helper),
                &b.helper_id,
            );
        }
        if !l.households.contains_key(b.household_id.as_str()) {
            dangling(
                &mut out,
                format!("pairings[{i}].household_id"),
                msg!(file_household),
                &b.household_id,
            );
        }
    }
    for (i, a) in reg.assistance.iter().enumerate() {
        let Some(b) = a.live() else { continue };
        let path = format!("assistance[{i}]");
        if let Some(hid) = &b.household_id {
            match l.households.get(hid.as_str()) {
                None => dangling(
                    &mut out,
                    format!("{path}.household_id"),
                    msg!(file_household),
                    hid,
                ),
                Some(h) => {
                    if let (Some(m), Some(h)) = (&b.member_id, h) {
                        if !h.members.iter().any(|x| &x.id == m) {
                            out.push(Problem::new(
                                format!("{path}.member_id"),
                                msg!(file_not_a_member_of, m = quote(m), household = quote(hid)),
                            ));
                        }
                    }
                }
            }
        }
        if let Some(v) = &b.village_id {
            match l.regions.get(v.as_str()) {
                None => dangling(
                    &mut out,
                    format!("{path}.village_id"),
                    msg!(file_village),
                    v,
                ),
                Some(Some(k)) if *k != RegionKind::Village => out.push(Problem::new(
                    format!("{path}.village_id"),
                    msg!(file_not_a_village, id = quote(v)),
                )),
                _ => {}
            }
        }
        if !l.measures.contains(b.measure_id.as_str()) {
            dangling(
                &mut out,
                format!("{path}.measure_id"),
                msg!(file_measure),
                &b.measure_id,
            );
        }
        if let Some(f) = &b.fund_id {
            if !l.funds.contains(f.as_str()) {
                dangling(&mut out, format!("{path}.fund_id"), msg!(file_fund), f);
            }
        }
    }
    for (i, v) in reg.visits.iter().enumerate() {
        let Some(b) = v.live() else { continue };
        if !l.pairings.contains(b.pairing_id.as_str()) {
            dangling(
                &mut out,
                format!("visits[{i}].pairing_id"),
                msg!(file_pairing),
                &b.pairing_id,
            );
        }
    }
    for (i, d) in reg.disbursements.iter().enumerate() {
        let Some(b) = d.live() else { continue };
        if !l.funds.contains(b.fund_id.as_str()) {
            dangling(
                &mut out,
                format!("disbursements[{i}].fund_id"),
                msg!(file_fund),
                &b.fund_id,
            );
        }
        if let Some(a) = &b.assistance_id {
            if !l.assistance.contains(a.as_str()) {
                dangling(
                    &mut out,
                    format!("disbursements[{i}].assistance_id"),
                    msg!(file_order),
                    a,
                );
            }
        }
    }
    for (i, x) in reg.loans.iter().enumerate() {
        let Some(b) = x.live() else { continue };
        if !l.households.contains_key(b.household_id.as_str()) {
            dangling(
                &mut out,
                format!("loans[{i}].household_id"),
                msg!(file_household),
                &b.household_id,
            );
        }
        if let Some(f) = &b.fund_id {
            if !l.funds.contains(f.as_str()) {
                dangling(&mut out, format!("loans[{i}].fund_id"), msg!(file_fund), f);
            }
        }
    }
    for (i, f) in reg.funds.iter().enumerate() {
        let Some(b) = f.live() else { continue };
        for (k, m) in b.members.iter().enumerate() {
            if !l.households.contains_key(m.as_str()) {
                dangling(
                    &mut out,
                    format!("funds[{i}].members[{k}]"),
                    msg!(file_household),
                    m,
                );
            }
        }
    }
    out
}
