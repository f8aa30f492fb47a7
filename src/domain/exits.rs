//! Exit verification at three levels. A household's exit procedure (退出程序: 民主评议, 村两委和驻村
//! 工作队核实, 贫困户认可签字, 公示, 公告退出), the exit recorded at 公告 after the exit check; a
//! village's exit (贫困村退出) recorded with its date and approval, so that before that date it is
//! a poor village and after it an exited one; and the county's (贫困县摘帽) 三率一度 — incidence,
//! 错退率 and 漏评率 from sample checks, 群众认可度 from surveys — each met, failed or unknown.

use super::calc::{self, ExitCheck, Incidence, Verdict};
use super::codes::{ExitStep, RegionKind, Status, StepResult};
use super::date::Date;
use super::edit::FieldError;
use super::form::Fields;
use super::index::{Index, Scope};
use super::model::*;
use super::money::Ratio;
use super::rules::Rules;
use crate::text::{Locale, Msg};
use crate::{msg, tr};

/// How far a household is in its exit procedure: the steps passed since the procedure last
/// started (a failed step, or a completed procedure, starts it again).
pub fn exit_stage(h: &Household) -> usize {
    let mut stage = 0;
    for e in &h.exit_steps {
        stage = match (e.result, e.step) {
            (StepResult::Fail, _) => 0,
            (StepResult::Pass, ExitStep::Announce) => 0,
            (StepResult::Pass, s) if ExitStep::ALL.get(stage) == Some(&s) => stage + 1,
            (StepResult::Pass, _) => stage,
        };
    }
    stage
}

/// The step the procedure records next.
pub fn next_exit_step(h: &Household) -> ExitStep {
    ExitStep::ALL[exit_stage(h).min(ExitStep::ALL.len() - 1)]
}

/// What recording an exit step gives.
#[derive(Clone, PartialEq, Debug)]
pub enum ExitStepChange {
    Recorded(Box<Household>),
    /// 公告退出 with an exit check that does not pass in full: show it, ask a reason.
    NeedsOverride(ExitCheck),
    Refused(Msg),
}

/// Records the household's next exit step on `date`. Only a poor (or returned) household goes
/// through it. At 公告退出 passing, the exit check of the date's year is made: met in full, or
/// overridden with a reason, the household exits that day (the status event says so).
pub fn record_exit_step(
    h: &Household,
    date: Date,
    result: StepResult,
    note: &str,
    override_reason: Option<&str>,
    rules: &Rules,
) -> ExitStepChange {
    if !calc::is_poor(calc::status_at(h, date)) {
        return ExitStepChange::Refused(msg!(exit_not_poor));
    }
    if h.exit_steps.last().is_some_and(|e| e.date > date)
        || h.status_events.last().is_some_and(|e| e.date > date)
    {
        return ExitStepChange::Refused(msg!(edit_step_before_previous));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return ExitStepChange::Refused(msg!(edit_note_has_most_2_000));
    }
    let step = next_exit_step(h);
    let mut out = h.clone();
    out.exit_steps.push(ExitStepEntry {
        step,
        date,
        result,
        note: (!note.is_empty()).then(|| note.to_string()),
    });
    if step == ExitStep::Announce && result == StepResult::Pass {
        let check = calc::exit_check(h, date.year(), rules);
        let mut reason = tr!(Locale::Zh, exit_reason_announced).to_string();
        if !check.passes() {
            match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
                None => return ExitStepChange::NeedsOverride(check),
                Some(why) => {
                    let failed: Vec<&str> = check
                        .failed()
                        .chain(check.unknown())
                        .map(|c| c.label(Locale::Zh))
                        .collect();
                    reason = tr!(
                        Locale::Zh,
                        edit_exit_override_reason,
                        reason = reason,
                        failed = failed.join("、"),
                        why = why
                    )
                    .to_string();
                }
            }
        }
        out.status_events.push(StatusEvent {
            date,
            status: Status::Exited,
            reason: Some(reason),
        });
    }
    ExitStepChange::Recorded(Box::new(out))
}

/// 贫困村退出: a poor village exits on `date` with its approval (批复). Refused for a village
/// that is not a poor one, or has exited already.
pub fn record_village_exit(r: &Region, date: Date, approval: &str) -> Result<Region, Msg> {
    if r.kind != RegionKind::Village || r.poor_village != Some(true) {
        return Err(msg!(exit_not_poor_village));
    }
    if let Some(d) = r.exit_date {
        return Err(msg!(exit_village_already, date = d));
    }
    let approval = approval.trim();
    if approval.is_empty() {
        return Err(msg!(exit_needs_approval));
    }
    if approval.chars().count() > 200 {
        return Err(msg!(edit_most_max_characters, max = 200));
    }
    Ok(Region {
        exit_date: Some(date),
        exit_approval: Some(approval.to_string()),
        ..r.clone()
    })
}

/// Takes a village's recorded exit back (recorded in error): it is a poor village again at
/// every date.
pub fn undo_village_exit(r: &Region) -> Result<Region, Msg> {
    if r.exit_date.is_none() {
        return Err(msg!(exit_village_not_exited));
    }
    Ok(Region {
        exit_date: None,
        exit_approval: None,
        ..r.clone()
    })
}

/// One criterion of the county's exit: the rate (if recorded), what it was computed from, and
/// its verdict against the threshold.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Rate {
    pub rate: Option<Ratio>,
    /// Households (or people asked) the rate is computed from.
    pub base: u64,
    pub threshold: Ratio,
    pub verdict: Verdict,
}

/// 贫困县摘帽 as of D: 三率一度.
#[derive(Clone, PartialEq, Debug)]
pub struct CountyExit {
    pub incidence: Option<Incidence>,
    pub incidence_verdict: Verdict,
    /// 错退率: sampled exits found wrong.
    pub wrong_exit: Rate,
    /// 漏评率: sampled others found missed.
    pub missed: Rate,
    /// 群众认可度: those asked who approve.
    pub satisfaction: Rate,
}

impl CountyExit {
    pub fn verdicts(&self) -> [Verdict; 4] {
        [
            self.incidence_verdict,
            self.wrong_exit.verdict,
            self.missed.verdict,
            self.satisfaction.verdict,
        ]
    }
    /// Met when every criterion is; failed when one fails; unknown otherwise.
    pub fn verdict(&self) -> Verdict {
        let v = self.verdicts();
        if v.contains(&Verdict::Failed) {
            Verdict::Failed
        } else if v.iter().all(|x| *x == Verdict::Met) {
            Verdict::Met
        } else {
            Verdict::Unknown
        }
    }
    /// The criteria failed, by name (for "the county check names the failed rate").
    pub fn failed(&self) -> Vec<crate::text::K> {
        use crate::text::K;
        [
            K::county_incidence,
            K::county_wrong_exit_rate,
            K::county_missed_rate,
            K::county_satisfaction,
        ]
        .into_iter()
        .zip(self.verdicts())
        .filter(|(_, v)| *v == Verdict::Failed)
        .map(|(k, _)| k)
        .collect()
    }
}

/// The county's check at D for `scope` (a county, or everything): incidence of its poor people,
/// and the sample checks and surveys recorded in its reach in D's year, dated by D.
pub fn county_exit(
    ix: &Index,
    scope: Scope,
    d: Date,
    poor_people: u64,
    rules: &Rules,
) -> CountyExit {
    let reg = ix.reg;
    let incidence = calc::incidence(ix, scope, d, poor_people);
    let incidence_verdict = calc::county_exit_check(incidence, rules);
    let in_reach = |region_id: &str, date: Date| {
        date <= d && date.year() == d.year() && ix.owned_in_scope(Some(region_id), scope)
    };
    let (mut exited, mut wrong, mut others, mut missed) = (0u64, 0u64, 0u64, 0u64);
    for c in reg.sample_checks.iter().filter_map(|c| c.live()) {
        if in_reach(&c.region_id, c.date) {
            exited += c.exited_checked;
            wrong += c.wrongly_exited;
            others += c.others_checked;
            missed += c.missed;
        }
    }
    let (mut asked, mut satisfied) = (0u64, 0u64);
    for s in reg.surveys.iter().filter_map(|s| s.live()) {
        if in_reach(&s.region_id, s.date) {
            asked += s.respondents;
            satisfied += s.satisfied;
        }
    }
    let below = |part: u64, base: u64, threshold: Ratio| {
        let rate = Ratio::new(part as i128, base as i128).filter(|_| base > 0);
        Rate {
            rate,
            base,
            threshold,
            verdict: rate.map_or(Verdict::Unknown, |r| Verdict::of(Some(r < threshold))),
        }
    };
    let threshold = rules.county_exit_satisfaction();
    let share = Ratio::new(satisfied as i128, asked as i128).filter(|_| asked > 0);
    CountyExit {
        incidence,
        incidence_verdict,
        wrong_exit: below(wrong, exited, rules.county_exit_wrong_exit_rate()),
        missed: below(missed, others, rules.county_exit_missed_rate()),
        satisfaction: Rate {
            rate: share,
            base: asked,
            threshold,
            verdict: share.map_or(Verdict::Unknown, |r| Verdict::of(Some(r >= threshold))),
        },
    }
}

/// The sample-check form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SampleCheckDraft {
    pub region_id: String,
    pub date: String,
    pub by: String,
    pub exited_checked: String,
    pub wrongly_exited: String,
    pub others_checked: String,
    pub missed: String,
}

pub fn sample_check_from_draft(
    reg: &Registry,
    d: &SampleCheckDraft,
) -> Result<SampleCheck, Vec<FieldError>> {
    let mut f = Fields::default();
    if reg.live::<Region>(&d.region_id).is_none() {
        f.err("region_id", msg!(form_choose_from_list));
    }
    let date = f.required_date("date", &d.date);
    let by = f.text("by", &d.by, 100);
    let n = |f: &mut Fields, key: &str, s: &str| f.whole(key, s, 0, 1_000_000_000).map(u64::from);
    let exited = n(&mut f, "exited_checked", &d.exited_checked);
    let wrong = n(&mut f, "wrongly_exited", &d.wrongly_exited);
    let others = n(&mut f, "others_checked", &d.others_checked);
    let missed = n(&mut f, "missed", &d.missed);
    if let (Some(w), Some(e)) = (wrong, exited) {
        if w > e {
            f.err(
                "wrongly_exited",
                msg!(file_more_than_checked, n = w, of = e),
            );
        }
    }
    if let (Some(m), Some(o)) = (missed, others) {
        if m > o {
            f.err("missed", msg!(file_more_than_checked, n = m, of = o));
        }
    }
    let c = match (date, exited, wrong, others, missed) {
        (
            Some(date),
            Some(exited_checked),
            Some(wrongly_exited),
            Some(others_checked),
            Some(missed),
        ) => Some(SampleCheck {
            region_id: d.region_id.clone(),
            date,
            by,
            exited_checked,
            wrongly_exited,
            others_checked,
            missed,
        }),
        _ => None,
    };
    f.finish(c)
}

/// The survey form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SurveyDraft {
    pub region_id: String,
    pub date: String,
    pub by: String,
    pub respondents: String,
    pub satisfied: String,
}

pub fn survey_from_draft(reg: &Registry, d: &SurveyDraft) -> Result<Survey, Vec<FieldError>> {
    let mut f = Fields::default();
    if reg.live::<Region>(&d.region_id).is_none() {
        f.err("region_id", msg!(form_choose_from_list));
    }
    let date = f.required_date("date", &d.date);
    let by = f.text("by", &d.by, 100);
    let respondents = f
        .whole("respondents", &d.respondents, 1, 1_000_000_000)
        .map(u64::from);
    let satisfied = f
        .whole("satisfied", &d.satisfied, 0, 1_000_000_000)
        .map(u64::from);
    if let (Some(s), Some(r)) = (satisfied, respondents) {
        if s > r {
            f.err("satisfied", msg!(file_more_than_checked, n = s, of = r));
        }
    }
    let s = match (date, respondents, satisfied) {
        (Some(date), Some(respondents), Some(satisfied)) => Some(Survey {
            region_id: d.region_id.clone(),
            date,
            by,
            respondents,
            satisfied,
        }),
        _ => None,
    };
    f.finish(s)
}
