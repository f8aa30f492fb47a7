//! 贫困县摘帽 (`/county-exit`): the 三率一度 as of a date — incidence, 错退率 and 漏评率 from the sample
//! checks recorded, 群众认可度 from the surveys — each met, failed or unknown against its threshold;
//! recording a sample check and a survey; the records behind the rates.

use crate::domain::calc::{self, Verdict};
use crate::domain::codes::RegionKind;
use crate::domain::exits::{self, CountyExit, Rate, SampleCheckDraft, SurveyDraft};
use crate::domain::index::Scope;
use crate::domain::rules::Rules;
use crate::intents;
use crate::ui::components::form::{FormState, Input};
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::CampaignNav;
use crate::ui::components::verdict::{verdict_code, verdict_text};
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// The county the page is about: the first county of the registry.
fn county_id(state: AppState) -> Option<String> {
    state.registry().with(|reg| {
        reg.regions
            .iter()
            .find(|r| r.live().is_some_and(|b| b.kind == RegionKind::County))
            .map(|r| r.id.clone())
    })
}

#[component]
pub fn CountyExitPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (_, as_of, _) = use_scope_and_date();
    let check = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let scope = county_id(state)
            .and_then(|c| ix.region_pos(c.as_str()).copied())
            .map_or(Scope::All, Scope::Region);
        let d = as_of.get();
        let poor = calc::tallies(&ix, d, d.year()).get(scope).poor_people;
        exits::county_exit(&ix, scope, d, poor, &Rules::new(&ix.reg.settings))
    });
    view! {
        <CampaignNav />
        <h1>
            {t!(county_exit_title)}" "<span class="muted">{move || as_of.get().to_string()}</span>
        </h1>
        {move || view! { <Criteria check=check.get() l=lang.get() /> }}
        <div class="columns">
            <SampleCheckForm />
            <SurveyForm />
        </div>
        <Records />
    }
}

#[component]
fn Criteria(check: CountyExit, l: Locale) -> impl IntoView {
    let percent = |r: Option<crate::domain::money::Ratio>| {
        r.map(|r| format!("{}%", r.percent_text()))
            .unwrap_or_else(|| "—".into())
    };
    let rate_row = |metric: &'static str, label: K, r: Rate, below: bool| {
        let rel = if below { "<" } else { "≥" };
        view! {
            <tr data-criterion=metric>
                <td>{label.get(l)}</td>
                <td
                    class="num"
                    data-metric=metric
                    data-value=r.rate.map(|x| x.percent_text()).unwrap_or_default()
                >
                    {percent(r.rate)}
                </td>
                <td class="muted">{format!("{rel} {}", percent(Some(r.threshold)))}</td>
                <td class="muted">{tr!(l, county_base, n = r.base)}</td>
                <td data-verdict=verdict_code(r.verdict)>{verdict_text(r.verdict, l)}</td>
            </tr>
        }
    };
    let failed: Vec<&str> = check.failed().iter().map(|k| k.get(l)).collect();
    let overall = match check.verdict() {
        Verdict::Met => tr!(l, county_exit_met).to_string(),
        Verdict::Failed => tr!(l, county_exit_failed, failed = failed.join("、")).to_string(),
        Verdict::Unknown => tr!(l, county_exit_partial).to_string(),
    };
    view! {
        <p class="exit-line" data-metric="county_exit" data-value=verdict_code(check.verdict())>
            {overall}
        </p>
        <table class="table">
            <tbody>
                <tr data-criterion="incidence">
                    <td>{K::county_incidence.get(l)}</td>
                    <td
                        class="num"
                        data-metric="county_incidence"
                        data-value=check
                            .incidence
                            .map(|i| i.rate.percent_text())
                            .unwrap_or_default()
                    >
                        {percent(check.incidence.map(|i| i.rate))}
                    </td>
                    <td></td>
                    <td></td>
                    <td data-verdict=verdict_code(
                        check.incidence_verdict,
                    )>{verdict_text(check.incidence_verdict, l)}</td>
                </tr>
                {rate_row(
                    "county_wrong_exit_rate",
                    K::county_wrong_exit_rate,
                    check.wrong_exit,
                    true,
                )}
                {rate_row("county_missed_rate", K::county_missed_rate, check.missed, true)}
                {rate_row("county_satisfaction", K::county_satisfaction, check.satisfaction, false)}
            </tbody>
        </table>
    }
}

#[component]
fn SampleCheckForm() -> impl IntoView {
    let state = AppState::expect();
    let region = county_id(state).unwrap_or_default();
    let fresh = move || SampleCheckDraft {
        region_id: region.clone(),
        date: today().to_string(),
        ..Default::default()
    };
    let form = FormState::new(fresh(), move |d: &SampleCheckDraft| {
        state.registry().with(|reg| {
            exits::sample_check_from_draft(reg, d)
                .err()
                .unwrap_or_default()
        })
    })
    .kept("sample_check");
    let fresh = StoredValue::new(fresh());
    let save = move |_| {
        spawn_local(async move {
            let saved = form
                .submit(async |store, actor, reg, d: &SampleCheckDraft, _| {
                    intents::campaign::record_sample_check(store, actor, reg, d).await
                })
                .await;
            if saved {
                form.clear_if_saved(fresh.get_value());
            }
        });
    };
    view! {
        <form class="card form" data-form="sample-check" on:submit=|ev| ev.prevent_default()>
            <h2>{t!(county_sample_check)}</h2>
            {form
                .field(
                    "date",
                    K::label_date,
                    "check-date",
                    Input::Date,
                    |d| d.date.clone(),
                    |d, v| d.date = v,
                )}
            {form
                .field(
                    "by",
                    K::county_by,
                    "check-by",
                    Input::Text,
                    |d| d.by.clone(),
                    |d, v| d.by = v,
                )}
            {form
                .field(
                    "exited_checked",
                    K::county_exited_checked,
                    "check-exited",
                    Input::Number,
                    |d| d.exited_checked.clone(),
                    |d, v| d.exited_checked = v,
                )}
            {form
                .field(
                    "wrongly_exited",
                    K::county_wrongly_exited,
                    "check-wrong",
                    Input::Number,
                    |d| d.wrongly_exited.clone(),
                    |d, v| d.wrongly_exited = v,
                )}
            {form
                .field(
                    "others_checked",
                    K::county_others_checked,
                    "check-others",
                    Input::Number,
                    |d| d.others_checked.clone(),
                    |d, v| d.others_checked = v,
                )}
            {form
                .field(
                    "missed",
                    K::county_missed,
                    "check-missed",
                    Input::Number,
                    |d| d.missed.clone(),
                    |d, v| d.missed = v,
                )}
            <button type="button" class="primary" data-control="check-save" on:click=save>
                {t!(save)}
            </button>
        </form>
    }
}

#[component]
fn SurveyForm() -> impl IntoView {
    let state = AppState::expect();
    let region = county_id(state).unwrap_or_default();
    let fresh = move || SurveyDraft {
        region_id: region.clone(),
        date: today().to_string(),
        ..Default::default()
    };
    let form = FormState::new(fresh(), move |d: &SurveyDraft| {
        state
            .registry()
            .with(|reg| exits::survey_from_draft(reg, d).err().unwrap_or_default())
    })
    .kept("survey");
    let fresh = StoredValue::new(fresh());
    let save = move |_| {
        spawn_local(async move {
            let saved = form
                .submit(async |store, actor, reg, d: &SurveyDraft, _| {
                    intents::campaign::record_survey(store, actor, reg, d).await
                })
                .await;
            if saved {
                form.clear_if_saved(fresh.get_value());
            }
        });
    };
    view! {
        <form class="card form" data-form="survey" on:submit=|ev| ev.prevent_default()>
            <h2>{t!(county_survey)}</h2>
            {form
                .field(
                    "date",
                    K::label_date,
                    "survey-date",
                    Input::Date,
                    |d| d.date.clone(),
                    |d, v| d.date = v,
                )}
            {form
                .field(
                    "by",
                    K::county_by,
                    "survey-by",
                    Input::Text,
                    |d| d.by.clone(),
                    |d, v| d.by = v,
                )}
            {form
                .field(
                    "respondents",
                    K::county_respondents,
                    "survey-respondents",
                    Input::Number,
                    |d| d.respondents.clone(),
                    |d, v| d.respondents = v,
                )}
            {form
                .field(
                    "satisfied",
                    K::county_satisfied,
                    "survey-satisfied",
                    Input::Number,
                    |d| d.satisfied.clone(),
                    |d, v| d.satisfied = v,
                )}
            <button type="button" class="primary" data-control="survey-save" on:click=save>
                {t!(save)}
            </button>
        </form>
    }
}

#[component]
fn Records() -> impl IntoView {
    let state = AppState::expect();
    let lines = move || {
        let reg = state.registry().get();
        let mut checks: Vec<_> = reg
            .sample_checks
            .iter()
            .filter_map(|c| Some((c.id.clone(), c.live()?.clone())))
            .collect();
        checks.sort_by_key(|c| std::cmp::Reverse(c.1.date));
        let mut surveys: Vec<_> = reg
            .surveys
            .iter()
            .filter_map(|c| Some((c.id.clone(), c.live()?.clone())))
            .collect();
        surveys.sort_by_key(|s| std::cmp::Reverse(s.1.date));
        view! {
            {checks
                .into_iter()
                .map(|(id, c)| {
                    view! {
                        <li data-sample-check=id>
                            {format!(
                                "{} {} · {}/{} · {}/{}",
                                c.date,
                                c.by.unwrap_or_default(),
                                c.wrongly_exited,
                                c.exited_checked,
                                c.missed,
                                c.others_checked,
                            )}
                        </li>
                    }
                })
                .collect_view()}
            {surveys
                .into_iter()
                .map(|(id, s)| {
                    view! {
                        <li data-survey=id>
                            {format!(
                                "{} {} · {}/{}",
                                s.date,
                                s.by.unwrap_or_default(),
                                s.satisfied,
                                s.respondents,
                            )}
                        </li>
                    }
                })
                .collect_view()}
        }
    };
    view! {
        <section class="card">
            <h2>{t!(county_records)}</h2>
            <ul class="plain small">{lines}</ul>
        </section>
    }
}
