//! Editing a household: every validation error is named by field, a valid draft round-trips, an
//! edit advances this copy's version, and a status change follows the exit check.

mod support;

use jingzhun::domain::calc::Criterion;
use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::edit::*;
use jingzhun::domain::merge::{compare_revs, RevOrder};
use jingzhun::domain::model::*;
use jingzhun::domain::rules::Rules;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn valid() -> HouseholdDraft {
    let mut draft = HouseholdDraft::new_household("v1", "m-1".into());
    draft.members[0].name = "王军".into();
    draft.members[0].id_number = "620725197505070331".into();
    draft.members[0].birth_date = "1975-05-07".into();
    draft.members.push(MemberDraft {
        id: "m-2".into(),
        name: "李兰".into(),
        sex: "female".into(),
        relation: "spouse".into(),
        ..Default::default()
    });
    draft.members.push(MemberDraft {
        id: "m-3".into(),
        name: "王小".into(),
        sex: "male".into(),
        relation: "child".into(),
        ..Default::default()
    });
    draft.incomes.push(IncomeDraft {
        year: "2017".into(),
        wage: "9000".into(),
        transfer: "600.5".into(),
        business_costs: "300".into(),
        ..Default::default()
    });
    draft
}

fn fields(draft: &HouseholdDraft) -> Vec<String> {
    household_from_draft(draft, None, d("2017-10-23"))
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_valid_draft_builds_a_household_and_round_trips() {
    let h = household_from_draft(&valid(), None, d("2017-10-23")).unwrap();
    assert_eq!(h.members.len(), 3);
    assert_eq!(h.income(2017).unwrap().net().to_string(), "9300.50");
    assert_eq!(
        HouseholdDraft::from_household(&h).members[0].id_number,
        "620725197505070331"
    );
    let again = household_from_draft(
        &HouseholdDraft::from_household(&h),
        Some(&h),
        d("2017-10-23"),
    )
    .unwrap();
    assert_eq!(again, h);
    let (net, pc) = income_preview(&valid(), 0, d("2017-10-23")).unwrap();
    assert_eq!(
        (net.to_string(), pc.unwrap().to_string()),
        ("9300.50".into(), "3100.17".into())
    );
}

#[test]
fn each_validation_error_names_its_field() {
    type Change = Box<dyn Fn(&mut HouseholdDraft)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "members.1.name",
            Box::new(|d| d.members[1].name = "  ".into()),
        ),
        (
            "members.0.id_number",
            Box::new(|d| d.members[0].id_number = "620725197505070332".into()),
        ),
        (
            "members.0.id_number",
            Box::new(|d| d.members[0].id_number = "62072519750507".into()),
        ),
        (
            "members.0.birth_date",
            Box::new(|d| d.members[0].birth_date = "1976-05-07".into()),
        ),
        (
            "members.2.birth_date",
            Box::new(|d| d.members[2].birth_date = "2017-02-30".into()),
        ),
        (
            "members.2.left_date",
            Box::new(|d| {
                d.members[2].joined_date = "2016-01-01".into();
                d.members[2].left_date = "2015-01-01".into();
            }),
        ),
        (
            "members",
            Box::new(|d| d.members[1].relation = "head".into()),
        ),
        (
            "members",
            Box::new(|d| d.members[0].relation = "child".into()),
        ),
        (
            "incomes.0.wage",
            Box::new(|d| d.incomes[0].wage = "-5".into()),
        ),
        (
            "incomes.0.transfer",
            Box::new(|d| d.incomes[0].transfer = "12.345".into()),
        ),
        (
            "incomes.0.business",
            Box::new(|d| d.incomes[0].business = "很多".into()),
        ),
        (
            "incomes.0.year",
            Box::new(|d| d.incomes[0].year = "17".into()),
        ),
        (
            "incomes.1.year",
            Box::new(|d| d.incomes.push(d.incomes[0].clone())),
        ),
        ("village_id", Box::new(|d| d.village_id = String::new())),
    ];
    for (field, change) in cases {
        let mut draft = valid();
        change(&mut draft);
        let got = fields(&draft);
        assert!(
            got.contains(&field.to_string()),
            "expected an error at {field}, got {got:?}"
        );
        let errors = household_from_draft(&draft, None, d("2017-10-23")).unwrap_err();
        assert!(errors
            .iter()
            .all(|e| !e.msg.render(jingzhun::text::Locale::En).is_empty()));
    }
    // The one who left is not counted: a new head may replace them.
    let mut draft = valid();
    draft.members[0].left_date = "2017-01-01".into();
    draft.members[1].relation = "head".into();
    assert!(fields(&draft).is_empty(), "{:?}", fields(&draft));
}

#[test]
fn an_edit_advances_this_copys_version_so_it_wins_the_next_merge() {
    let h = household_from_draft(&valid(), None, d("2017-10-23")).unwrap();
    let reg = put_household(
        &Registry::default(),
        "h-new",
        h.clone(),
        "me",
        "2017-10-23T00:00:00Z",
    );
    assert_eq!(reg.households[0].rev.get("me"), Some(&1));
    let mut changed = h.clone();
    changed.group = Some("3社".into());
    let after = put_household(&reg, "h-new", changed, "me", "2017-10-24T00:00:00Z");
    assert_eq!(
        compare_revs(&after.households[0].rev, &reg.households[0].rev),
        RevOrder::Dominates
    );
    assert_eq!(after.households.len(), 1);
}

#[test]
fn an_exit_that_fails_the_check_needs_an_override_with_a_reason() {
    let rules = Rules::new(&Settings::default());
    let mut h = household_from_draft(&valid(), None, d("2017-10-23")).unwrap();
    assert_eq!(
        h.status_events[0].status,
        Status::Candidate,
        "a new household starts as a candidate"
    );
    h.status_events = vec![StatusEvent {
        date: d("2014-04-01"),
        status: Status::Poor,
        reason: None,
    }];
    h.conditions = Some(Conditions {
        food_clothing_secure: Some(true),
        housing: Some(Housing::GradeC),
        drinking_water: Some(DrinkingWater::Safe),
        ..Default::default()
    });
    match change_status(&h, d("2017-10-01"), Status::Exited, "验收", None, &rules) {
        StatusChange::NeedsOverride(check) => {
            assert!(check.failed().any(|c| c == Criterion::Housing));
        }
        other => panic!("expected the check first, got {other:?}"),
    }
    match change_status(
        &h,
        d("2017-10-01"),
        Status::Exited,
        "验收",
        Some("已列入危房改造"),
        &rules,
    ) {
        StatusChange::Recorded(out) => {
            let out = *out;
            let e = out.status_events.last().unwrap();
            assert_eq!(e.status, Status::Exited);
            assert!(e.reason.as_deref().unwrap().contains("已列入危房改造"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(
            change_status(&h, d("2013-01-01"), Status::Exited, "x", Some("y"), &rules),
            StatusChange::Refused(..)
        ),
        "before the last event"
    );
    assert!(
        matches!(
            change_status(&h, d("2017-10-01"), Status::Poor, "x", None, &rules),
            StatusChange::Refused(..)
        ),
        "already poor"
    );
    assert!(
        matches!(
            change_status(&h, d("2017-10-01"), Status::StruckOff, " ", None, &rules),
            StatusChange::Refused(..)
        ),
        "a reason is needed"
    );
}

#[test]
fn the_change_history_says_what_changed() {
    let h = household_from_draft(&valid(), None, d("2017-10-23")).unwrap();
    assert_eq!(
        describe_change(None, &h)[0].render(jingzhun::text::Locale::En),
        "household created"
    );
    let mut draft = HouseholdDraft::from_household(&h);
    draft.group = "7社".into();
    draft.members[2].left_date = "2017-09-01".into();
    draft.members[2].left_reason = "marriage".into();
    let after = household_from_draft(&draft, Some(&h), d("2017-10-23")).unwrap();
    let what: Vec<String> = describe_change(Some(&h), &after)
        .into_iter()
        .map(|w| w.render(jingzhun::text::Locale::En))
        .collect();
    assert_eq!(what, ["changed group", "member 王小 left (2017-09-01)"]);
}

#[test]
fn regions_keep_the_tree_valid_and_are_deleted_only_when_empty() {
    use jingzhun::domain::regions;
    let reg = Registry::default();
    let reg = regions::add(&reg, "c", RegionKind::County, "县", None, "me", "t").unwrap();
    assert!(
        regions::add(&reg, "v", RegionKind::Village, "村", Some("c"), "me", "t").is_err(),
        "a village needs a township"
    );
    let reg = regions::add(&reg, "t", RegionKind::Township, "乡", Some("c"), "me", "t").unwrap();
    let reg = regions::add(&reg, "v", RegionKind::Village, "村", Some("t"), "me", "t").unwrap();
    assert!(
        regions::add(&reg, "x", RegionKind::Township, " ", Some("c"), "me", "t").is_err(),
        "a blank name"
    );
    let mut body = reg.regions[2].body.clone().unwrap();
    body.name = "新村".into();
    body.poor_village = Some(true);
    let reg = regions::update(&reg, "v", body, "me", "t2").unwrap();
    assert_eq!(reg.regions[2].rev.get("me"), Some(&2));
    assert!(
        regions::delete(&reg, "t", "me", "t3").is_err(),
        "the township still has a village"
    );
    let reg = regions::delete(&reg, "v", "me", "t3").unwrap();
    assert!(reg.regions[2].body.is_none(), "a tombstone");
    assert!(regions::delete(&reg, "t", "me", "t4").is_ok());
}

#[test]
fn other_causes_conditions_and_monitoring_are_edited() {
    use jingzhun::domain::edit::{end_monitoring, start_monitoring};
    let reg = jingzhun::domain::demo::county();
    let h = reg.households[0].live().unwrap().clone();
    let today = Date::parse("2017-10-23").unwrap();
    let mut draft = HouseholdDraft::from_household(&h);
    let others: Vec<Cause> = Cause::ALL
        .iter()
        .copied()
        .filter(|c| *c != h.main_cause)
        .take(2)
        .collect();
    // Ticked in reverse order, one twice, the main cause among them.
    draft.other_causes = vec![
        others[1].code().into(),
        draft.main_cause.clone(),
        others[0].code().into(),
        others[1].code().into(),
    ];
    draft.relocated = "yes".into();
    draft.members[0].skill_trained = "yes".into();
    draft.members[0].work = "outside".into();
    let edited = household_from_draft(&draft, Some(&h), today).unwrap();
    assert_eq!(
        edited.other_causes, others,
        "each once, never the main cause, in the code list's order"
    );
    assert_eq!(edited.conditions.unwrap().relocated, Some(true));
    assert_eq!(edited.members[0].skill_trained, Some(true));
    assert_eq!(edited.members[0].work, Some(Work::Outside));

    let d = |s: &str| Date::parse(s).unwrap();
    let m = start_monitoring(&h, MonitoringCategory::Marginal, d("2017-03-01"), " 因病 ").unwrap();
    assert_eq!(m.monitoring.last().unwrap().note.as_deref(), Some("因病"));
    assert!(
        start_monitoring(&m, MonitoringCategory::Unstable, d("2017-04-01"), "")
            .unwrap_err()
            .render(jingzhun::text::Locale::Zh)
            .contains("已在监测中")
    );
    assert!(
        end_monitoring(&m, d("2017-02-01")).is_err(),
        "before the start"
    );
    let ended = end_monitoring(&m, d("2017-09-30")).unwrap();
    assert_eq!(
        ended.monitoring.last().unwrap().end_date,
        Some(d("2017-09-30"))
    );
    assert!(
        end_monitoring(&ended, d("2017-10-01")).is_err(),
        "nothing open"
    );
}

#[test]
fn a_save_keeps_what_another_tab_recorded_and_asks_before_overwriting_its_edits() {
    let reg = jingzhun::domain::demo::county();
    let opened = reg.households[0].live().unwrap().clone();
    let today = d("2017-10-23");
    let mut draft = HouseholdDraft::from_household(&opened);
    draft.phone = "13900000000".into();
    // Meanwhile another tab recorded a status change: the save keeps it, nothing to ask.
    let mut stored = opened.clone();
    stored.status_events.push(StatusEvent {
        date: today,
        status: Status::StruckOff,
        reason: Some("识别不准".into()),
    });
    let (saved, overwrites) =
        household_to_save(&draft, Some(&opened), Some(&stored), today).unwrap();
    assert_eq!(saved.status_events, stored.status_events);
    assert_eq!(saved.phone.as_deref(), Some("13900000000"));
    assert!(!overwrites);
    // Another tab edited a field of the form itself: this save would overwrite it, so it asks.
    let mut stored = opened.clone();
    stored.address = Some("二社 18 号".into());
    let (_, overwrites) = household_to_save(&draft, Some(&opened), Some(&stored), today).unwrap();
    assert!(overwrites);
    // Unchanged, or a new household: nothing to ask.
    assert!(
        !household_to_save(&draft, Some(&opened), Some(&opened), today)
            .unwrap()
            .1
    );
    assert!(!household_to_save(&valid(), None, None, today).unwrap().1);
}
