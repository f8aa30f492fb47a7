//! 挂图作战 and exit verification through the intents, natively: a task made, overdue, done (its
//! infrastructure condition ticked) and reopened; targets and their progress; a household walked
//! through the five exit steps (the check asked at 公告); a village's exit changing its tile only
//! from its date; the county check naming the rate a sample check failed; and the battle map's
//! states agreeing with the village checks.

mod support;

use jingzhun::domain::battle_map::{self, TileState};
use jingzhun::domain::calc::{self, Verdict};
use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::exits::{self, SampleCheckDraft, SurveyDraft};
use jingzhun::domain::index::{Index, Scope};
use jingzhun::domain::model::*;
use jingzhun::domain::rules::Rules;
use jingzhun::domain::targets::{self, TargetDraft};
use jingzhun::domain::tasks::{self, MilestoneDraft, TaskDraft, TaskFilters};
use jingzhun::exchange;
use jingzhun::intents::{self, Actor, IntentError};
use jingzhun::store::memory::MemoryStore;
use jingzhun::store::{self, RecordStore};
use jingzhun::text::Locale;
use support::{block_on, counted_id};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn actor() -> Actor {
    Actor {
        replica: "rA".into(),
        who: "县指挥部".into(),
        now: "2017-07-01T08:00:00Z".into(),
        today: d("2017-07-01"),
        new_id: counted_id,
    }
}

fn base() -> (MemoryStore, Registry) {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
    )
    .unwrap();
    let reg = exchange::parse(&bytes, None).unwrap().registry;
    let s = MemoryStore::default();
    block_on(s.commit(store::batch_replacing(&reg))).unwrap();
    let reg = block_on(s.load()).unwrap();
    (s, reg)
}

fn overdue(reg: &Registry, day: &str) -> usize {
    calc::overdue_tasks(&Index::new(reg), Scope::All, d(day)).len()
}

fn tile(reg: &Registry, village: &str, day: &str) -> TileState {
    let ix = Index::new(reg);
    battle_map::board(&ix, Scope::All, d(day), &Rules::new(&reg.settings))
        .blocks
        .iter()
        .flat_map(|b| &b.tiles)
        .find(|t| t.id == village)
        .unwrap()
        .state
}

#[test]
fn a_task_is_made_overdue_done_with_its_condition_ticked_and_reopened() {
    let (s, reg) = base();
    let a = actor();
    let before = overdue(&reg, "2017-10-01");
    // The form names every problem: a due date before the start, a milestone without a title.
    let mut draft = TaskDraft {
        title: "危房改造".into(),
        region_id: "v-1".into(),
        owner: "李镇长".into(),
        unit: "一镇政府".into(),
        start_date: "2017-05-01".into(),
        due_date: "2017-04-01".into(),
        infrastructure_item: InfrastructureItem::NoDangerousHousing.code().into(),
        milestones: vec![MilestoneDraft {
            title: String::new(),
            due_date: "2017-06-01".into(),
            done_date: String::new(),
        }],
        ..Default::default()
    };
    let refused = block_on(intents::campaign::save_task(
        &s, &a, &reg, "k-new", &draft, None, false,
    ));
    let Err(IntentError::Invalid(errors)) = refused else {
        panic!("{refused:?}")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["due_date", "milestones.0.title"]);
    draft.due_date = "2017-09-01".into();
    draft.milestones[0].title = "摸底".into();
    draft.milestones.push(MilestoneDraft {
        title: "施工".into(),
        due_date: "2017-08-01".into(),
        done_date: String::new(),
    });
    let reg = block_on(intents::campaign::save_task(
        &s, &a, &reg, "k-new", &draft, None, false,
    ))
    .unwrap()
    .registry;
    // Due in the past as of October: overdue by one more.
    assert_eq!(overdue(&reg, "2017-10-01"), before + 1);
    let ix = Index::new(&reg);
    let rows = tasks::task_rows(&ix, d("2017-08-15"));
    let row = rows.iter().find(|r| r.id == "k-new").unwrap();
    assert_eq!(row.days_left, Some(17));
    assert_eq!(row.task.milestones[0].title, "摸底", "milestones by date");
    // Filters: by person, by region, due within N days.
    let by_person = tasks::filter_tasks(
        &ix,
        &rows,
        &TaskFilters {
            person: "李镇".into(),
            ..Default::default()
        },
    );
    assert_eq!(by_person.len(), 1);
    let soon = tasks::filter_tasks(
        &ix,
        &rows,
        &TaskFilters {
            due_within: Some(20),
            ..Default::default()
        },
    );
    assert!(soon.iter().any(|&k| rows[k].id == "k-new"));
    let none_soon = tasks::filter_tasks(
        &ix,
        &rows,
        &TaskFilters {
            due_within: Some(10),
            ..Default::default()
        },
    );
    assert!(!none_soon.iter().any(|&k| rows[k].id == "k-new"));

    // A milestone done, then the task done with its condition ticked in the same change.
    let reg = block_on(intents::campaign::set_milestone(
        &s,
        &a,
        &reg,
        "k-new",
        0,
        Some(d("2017-06-02")),
    ))
    .unwrap()
    .registry;
    let ix = Index::new(&reg);
    let row = tasks::task_rows(&ix, d("2017-07-01"))
        .into_iter()
        .find(|r| r.id == "k-new")
        .unwrap();
    assert_eq!(row.milestones_done, 1);
    assert_eq!(tile(&reg, "v-1", "2017-10-01"), TileState::Failing);
    let reg = block_on(intents::campaign::complete_task(
        &s,
        &a,
        &reg,
        "k-new",
        d("2017-09-20"),
        true,
    ))
    .unwrap()
    .registry;
    assert_eq!(overdue(&reg, "2017-10-01"), before);
    let flags = reg.live::<Region>("v-1").unwrap().infrastructure.unwrap();
    assert_eq!(flags[7], Some(true), "no dangerous housing, ticked");
    assert_ne!(tile(&reg, "v-1", "2017-10-01"), TileState::Failing);
    // Done twice is refused; reopened, it is overdue again.
    let twice = block_on(intents::campaign::complete_task(
        &s,
        &a,
        &reg,
        "k-new",
        d("2017-09-21"),
        false,
    ));
    assert!(matches!(twice, Err(IntentError::Refused(_))));
    let reg = block_on(intents::campaign::reopen_task(&s, &a, &reg, "k-new"))
        .unwrap()
        .registry;
    assert_eq!(overdue(&reg, "2017-10-01"), before + 1);
}

#[test]
fn a_household_walks_the_five_exit_steps_and_exits_at_the_announcement() {
    let (s, reg) = base();
    let a = actor();
    let step = |reg: &Registry, day: &str, result: StepResult, why: Option<&str>| {
        block_on(intents::campaign::record_exit_step(
            &s,
            &a,
            reg,
            "h-2",
            d(day),
            result,
            "",
            why,
        ))
    };
    // h-1 has exited already: it has no procedure to walk.
    let no = block_on(intents::campaign::record_exit_step(
        &s,
        &a,
        &reg,
        "h-1",
        d("2017-07-01"),
        StepResult::Pass,
        "",
        None,
    ));
    assert!(matches!(no, Err(IntentError::Refused(_))));
    let reg = step(&reg, "2017-06-01", StepResult::Pass, None)
        .unwrap()
        .registry;
    // A failed verification starts the procedure again.
    let reg = step(&reg, "2017-06-02", StepResult::Fail, None)
        .unwrap()
        .registry;
    assert_eq!(exits::exit_stage(reg.live::<Household>("h-2").unwrap()), 0);
    let mut reg = reg;
    for (k, day) in ["2017-06-10", "2017-06-11", "2017-06-12", "2017-06-13"]
        .iter()
        .enumerate()
    {
        reg = step(&reg, day, StepResult::Pass, None).unwrap().registry;
        assert_eq!(
            exits::exit_stage(reg.live::<Household>("h-2").unwrap()),
            k + 1
        );
    }
    assert_eq!(
        exits::next_exit_step(reg.live::<Household>("h-2").unwrap()),
        ExitStep::Announce
    );
    // h-2's income is below the line: 公告 shows the check and asks why.
    let asked = step(&reg, "2017-06-20", StepResult::Pass, None);
    let Err(IntentError::NeedsOverride(check)) = asked else {
        panic!("{asked:?}")
    };
    assert!(!check.passes());
    let reg = step(
        &reg,
        "2017-06-20",
        StepResult::Pass,
        Some("产业收益年底到账"),
    )
    .unwrap()
    .registry;
    let h = reg.live::<Household>("h-2").unwrap();
    assert_eq!(calc::status_at(h, d("2017-06-20")), Some(Status::Exited));
    assert_eq!(calc::status_at(h, d("2017-06-19")), Some(Status::Poor));
    assert!(h
        .status_events
        .last()
        .unwrap()
        .reason
        .as_deref()
        .unwrap()
        .contains("产业收益年底到账"));
    assert_eq!(h.exit_steps.len(), 7);
}

#[test]
fn a_village_exit_changes_its_tile_only_from_its_date_and_targets_follow() {
    let (s, reg) = base();
    let a = actor();
    // Make v-1 meet every condition, so its tile is ready before the exit.
    let mut v1 = reg.live::<Region>("v-1").unwrap().clone();
    v1.infrastructure = Some([Some(true); 8]);
    v1.collective_income = vec![YearAmount {
        year: 2017,
        yuan: jingzhun::domain::money::Fen::from_yuan(60_000),
    }];
    let reg = block_on(intents::regions::update(
        &s,
        &a,
        &reg,
        "v-1",
        v1.clone(),
        reg.live::<Region>("v-1").unwrap(),
        false,
    ))
    .unwrap()
    .registry;
    assert_eq!(tile(&reg, "v-1", "2017-08-01"), TileState::Ready);
    assert_eq!(tile(&reg, "v-2", "2017-08-01"), TileState::NotPoor);
    let no_approval = block_on(intents::campaign::record_village_exit(
        &s,
        &a,
        &reg,
        "v-1",
        d("2017-09-01"),
        " ",
    ));
    assert!(matches!(no_approval, Err(IntentError::Refused(_))));
    let reg = block_on(intents::campaign::record_village_exit(
        &s,
        &a,
        &reg,
        "v-1",
        d("2017-09-01"),
        "山政发〔2017〕12号",
    ))
    .unwrap()
    .registry;
    assert_eq!(tile(&reg, "v-1", "2017-08-31"), TileState::Ready);
    assert_eq!(tile(&reg, "v-1", "2017-09-01"), TileState::Exited);
    let ix = Index::new(&reg);
    let v = *ix.region_pos("v-1").unwrap();
    assert!(calc::is_poor_village_at(
        ix.region(v).unwrap(),
        d("2017-08-31")
    ));
    assert!(!calc::is_poor_village_at(
        ix.region(v).unwrap(),
        d("2017-09-01")
    ));
    let again = block_on(intents::campaign::record_village_exit(
        &s,
        &a,
        &reg,
        "v-1",
        d("2017-10-01"),
        "x",
    ));
    assert!(matches!(again, Err(IntentError::Refused(_))));

    // The township's target of villages to exit in 2017: one done of two.
    let draft = TargetDraft {
        year: "2017".into(),
        region_id: "t-1".into(),
        kind: TargetKind::ExitVillages.code().into(),
        planned: "2".into(),
        responsible: "王乡长".into(),
        letter: LetterState::Signed.code().into(),
        ..Default::default()
    };
    let refused = block_on(intents::campaign::save_target(
        &s, &a, &reg, "tg-1", &draft, None, false,
    ));
    let Err(IntentError::Invalid(e)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(e[0].field, "signed_date");
    let draft = TargetDraft {
        signed_date: "2017-02-01".into(),
        signed_by: "县长".into(),
        ..draft
    };
    let reg = block_on(intents::campaign::save_target(
        &s, &a, &reg, "tg-1", &draft, None, false,
    ))
    .unwrap()
    .registry;
    let ix = Index::new(&reg);
    let t = reg.live::<Target>("tg-1").unwrap();
    let p = targets::target_progress(&ix, t, d("2017-12-31"));
    assert_eq!((p.done, p.planned), (1, 2));
    assert_eq!(
        p.words.render(Locale::En),
        "1 still to go (Villages to exit)"
    );
    assert_eq!(targets::target_progress(&ix, t, d("2017-08-31")).done, 0);
}

#[test]
fn the_county_check_names_the_rate_a_sample_check_failed() {
    let (s, reg) = base();
    let a = actor();
    let check = |reg: &Registry, day: &str| {
        let ix = Index::new(reg);
        let t = calc::tallies(&ix, d(day), 2017);
        let c = *ix.region_pos("c-1").unwrap();
        exits::county_exit(
            &ix,
            Scope::Region(c),
            d(day),
            t.get(Scope::Region(c)).poor_people,
            &Rules::new(&reg.settings),
        )
    };
    let c = check(&reg, "2017-12-31");
    assert_eq!(
        c.wrong_exit.verdict,
        Verdict::Unknown,
        "nothing sampled yet"
    );
    assert_eq!(c.verdict(), Verdict::Unknown);
    let bad = block_on(intents::campaign::record_sample_check(
        &s,
        &a,
        &reg,
        &SampleCheckDraft {
            region_id: "c-1".into(),
            date: "2017-11-01".into(),
            exited_checked: "50".into(),
            wrongly_exited: "60".into(),
            others_checked: "100".into(),
            missed: "1".into(),
            ..Default::default()
        },
    ));
    let Err(IntentError::Invalid(e)) = bad else {
        panic!("{bad:?}")
    };
    assert_eq!(e[0].field, "wrongly_exited");
    let reg = block_on(intents::campaign::record_sample_check(
        &s,
        &a,
        &reg,
        &SampleCheckDraft {
            region_id: "c-1".into(),
            date: "2017-11-01".into(),
            by: "省第三方评估组".into(),
            exited_checked: "50".into(),
            wrongly_exited: "2".into(),
            others_checked: "100".into(),
            missed: "1".into(),
        },
    ))
    .unwrap()
    .registry;
    let reg = block_on(intents::campaign::record_survey(
        &s,
        &a,
        &reg,
        &SurveyDraft {
            region_id: "c-1".into(),
            date: "2017-11-02".into(),
            respondents: "200".into(),
            satisfied: "190".into(),
            ..Default::default()
        },
    ))
    .unwrap()
    .registry;
    let c = check(&reg, "2017-12-31");
    // 2 of 50 wrong: 4% ≥ 2% fails; 1 of 100 missed: 1% passes; 95% approve passes.
    assert_eq!(c.wrong_exit.verdict, Verdict::Failed);
    assert_eq!(c.missed.verdict, Verdict::Met);
    assert_eq!(c.satisfaction.verdict, Verdict::Met);
    assert_eq!(c.failed(), [jingzhun::text::K::county_wrong_exit_rate]);
    assert_eq!(c.verdict(), Verdict::Failed);
    // Before the check was made, it is not known.
    assert_eq!(
        check(&reg, "2017-10-31").wrong_exit.verdict,
        Verdict::Unknown
    );
}

#[test]
fn the_battle_maps_village_states_are_the_village_checks() {
    let reg = jingzhun::domain::demo::county();
    let ix = Index::new(&reg);
    let rules = Rules::new(&reg.settings);
    let day = d(jingzhun::domain::demo::AS_OF);
    let board = battle_map::board(&ix, Scope::All, day, &rules);
    let tallies = calc::tallies(&ix, day, 2017);
    let mut seen = 0;
    for t in board.blocks.iter().flat_map(|b| &b.tiles) {
        let region = ix.region(t.village).unwrap();
        let want = if region.poor_village != Some(true) {
            TileState::NotPoor
        } else if region.exit_date.is_some_and(|e| e <= day) {
            TileState::Exited
        } else {
            let c = calc::village_exit_check(
                &ix,
                t.village,
                day,
                tallies.get(Scope::Region(t.village)).poor_people,
                &rules,
            );
            if c.passes() {
                TileState::Ready
            } else if c.incidence_verdict == Verdict::Failed
                || c.collective_verdict == Verdict::Failed
                || c.infrastructure.contains(&Verdict::Failed)
            {
                TileState::Failing
            } else {
                TileState::Unknown
            }
        };
        assert_eq!(t.state, want, "{}", t.name);
        seen += 1;
    }
    let villages = reg
        .regions
        .iter()
        .filter(|r| r.live().is_some_and(|r| r.kind == RegionKind::Village))
        .count();
    assert_eq!(seen, villages, "every village is a tile");
    let poor = board
        .counts()
        .iter()
        .filter(|(s, _)| *s != TileState::NotPoor)
        .map(|(_, n)| n)
        .sum::<usize>();
    assert_eq!(poor, 13, "the seed's 13 poor villages");
}
