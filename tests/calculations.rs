//! Each calculation of the exchange README on hand-made cases, edges included.

mod support;

use jingzhun::domain::calc::*;
use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::index::{Index, Scope};
use jingzhun::domain::model::*;
use jingzhun::domain::money::{Fen, Ratio};
use jingzhun::domain::quality::{self, QualityRule};
use jingzhun::domain::roster::IdNumbers;
use jingzhun::domain::rules::{LineSource, Rules};
use support::gen::rec;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn member(id: &str, relation: Relation) -> Member {
    Member::new(id, "成员", Sex::Male, relation)
}

fn household(village: &str, events: &[(&str, Status)], members: Vec<Member>) -> Household {
    Household {
        village_id: village.into(),
        national_code: None,
        group: None,
        address: None,
        phone: None,
        attribute: Attribute::General,
        main_cause: Cause::LackCapital,
        other_causes: vec![],
        status_events: events
            .iter()
            .map(|(date, status)| StatusEvent {
                date: d(date),
                status: *status,
                reason: None,
            })
            .collect(),
        identification: vec![],
        incomes: vec![],
        conditions: None,
        members,
        monitoring: vec![],
        exit_steps: vec![],
    }
}

/// County c → townships t1, t2 → villages v1, v2 (under t1) and v3 (under t2).
fn tree() -> Registry {
    let mut reg = Registry::default();
    reg.regions.push(rec(
        "c".into(),
        "x",
        Some(Region::new(RegionKind::County, "县", None)),
    ));
    reg.regions.push(rec(
        "t1".into(),
        "x",
        Some(Region::new(RegionKind::Township, "一乡", Some("c"))),
    ));
    reg.regions.push(rec(
        "t2".into(),
        "x",
        Some(Region::new(RegionKind::Township, "二乡", Some("c"))),
    ));
    for (v, t) in [("v1", "t1"), ("v2", "t1"), ("v3", "t2")] {
        reg.regions.push(rec(
            v.into(),
            "x",
            Some(Region::new(RegionKind::Village, v, Some(t))),
        ));
    }
    reg
}

fn population(reg: &mut Registry, region: &str, year: i32, people: u64) {
    let r = reg
        .regions
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|r| r.id == region)
        .unwrap()
        .body
        .as_mut()
        .unwrap();
    r.rural_population.push(YearPopulation {
        year,
        households: None,
        people,
        per_capita_disposable_income: None,
    });
}

#[test]
fn members_are_counted_from_joining_until_the_day_they_leave() {
    let mut left = member("a", Relation::Head);
    left.left_date = Some(d("2017-06-01"));
    let mut born = member("b", Relation::Child);
    born.joined_date = Some(d("2017-03-01"));
    let h = household(
        "v1",
        &[("2014-01-01", Status::Poor)],
        vec![left, born, member("c", Relation::Spouse)],
    );
    assert_eq!(people_at(&h, d("2017-02-28")), 2);
    assert_eq!(
        people_at(&h, d("2017-03-01")),
        3,
        "counted from the day of joining"
    );
    assert_eq!(people_at(&h, d("2017-05-31")), 3);
    assert_eq!(
        people_at(&h, d("2017-06-01")),
        2,
        "not counted on the day of leaving"
    );
}

#[test]
fn status_is_the_last_event_on_or_before_the_date_and_the_later_entry_wins_a_tie() {
    let h = household(
        "v1",
        &[
            ("2014-01-01", Status::Poor),
            ("2016-05-01", Status::Exited),
            ("2016-05-01", Status::Returned),
        ],
        vec![member("a", Relation::Head)],
    );
    assert_eq!(
        status_at(&h, d("2013-12-31")),
        None,
        "not yet in the registry"
    );
    assert_eq!(status_at(&h, d("2014-01-01")), Some(Status::Poor));
    assert_eq!(status_at(&h, d("2016-05-01")), Some(Status::Returned));
    assert!(is_poor(status_at(&h, d("2016-05-02"))));
    assert!(
        is_registered(Some(Status::Exited))
            && !is_registered(Some(Status::Candidate))
            && !is_poor(Some(Status::Exited))
    );
    // Moves: each status once per period, only when the status before differs.
    let again = household(
        "v1",
        &[
            ("2014-01-01", Status::Poor),
            ("2014-06-01", Status::Poor),
            ("2015-01-01", Status::Exited),
            ("2016-01-01", Status::Returned),
            ("2016-10-01", Status::Exited),
        ],
        vec![member("a", Relation::Head)],
    );
    let m = moves(&again, d("2014-01-01"), d("2016-12-31"));
    assert_eq!(
        m.iter().map(|m| (m.status, m.date)).collect::<Vec<_>>(),
        vec![
            (Status::Poor, d("2014-01-01")),
            (Status::Exited, d("2015-01-01")),
            (Status::Returned, d("2016-01-01"))
        ]
    );
    assert!(
        moves(&again, d("2014-02-01"), d("2014-12-31")).is_empty(),
        "poor → poor is no move"
    );
}

#[test]
fn rural_population_sums_children_only_when_every_child_is_known() {
    let mut reg = tree();
    population(&mut reg, "v1", 2016, 1000);
    population(&mut reg, "v2", 2016, 500);
    population(&mut reg, "v3", 2016, 700);
    population(&mut reg, "v1", 2017, 1100);
    population(&mut reg, "v3", 2017, 720);
    let ix = Index::new(&reg);
    let at = |id: &str| *ix.region_pos(id).unwrap();
    assert_eq!(rural_population(&ix, at("t1"), 2016), Some(1500));
    assert_eq!(rural_population(&ix, at("c"), 2016), Some(2200));
    assert_eq!(
        rural_population(&ix, at("t1"), 2017),
        None,
        "v2 has no 2017 figure"
    );
    assert_eq!(rural_population(&ix, at("c"), 2017), None);
    // The latest year ≤ year(D) that is known is used, and said.
    assert_eq!(
        population_used(&ix, Scope::All, d("2017-10-23")),
        Some((2016, 2200))
    );
    assert_eq!(
        population_used(&ix, Scope::Region(at("v1")), d("2017-10-23")),
        Some((2017, 1100))
    );
    assert_eq!(
        population_used(&ix, Scope::Region(at("v1")), d("2015-10-23")),
        None
    );
}

#[test]
fn incidence_is_exact_and_unknown_without_population() {
    let mut reg = tree();
    population(&mut reg, "v1", 2017, 1000);
    population(&mut reg, "v2", 2017, 0);
    let three = vec![
        member("a", Relation::Head),
        member("b", Relation::Spouse),
        member("c", Relation::Child),
    ];
    reg.households.push(rec(
        "h1".into(),
        "x",
        Some(household(
            "v1",
            &[("2014-01-01", Status::Poor)],
            three.clone(),
        )),
    ));
    reg.households.push(rec(
        "h2".into(),
        "x",
        Some(household(
            "v2",
            &[("2014-01-01", Status::Poor)],
            vec![member("d", Relation::Head)],
        )),
    ));
    let ix = Index::new(&reg);
    let t = tallies(&ix, d("2017-10-23"), 2017);
    let v1 = Scope::Region(*ix.region_pos("v1").unwrap());
    let inc = incidence(&ix, v1, d("2017-10-23"), t.get(v1).poor_people).unwrap();
    assert_eq!(inc.rate, Ratio::new(3, 1000).unwrap());
    assert_eq!(inc.rate.percent_text(), "0.30");
    let v2 = Scope::Region(*ix.region_pos("v2").unwrap());
    assert_eq!(
        incidence(&ix, v2, d("2017-10-23"), 1),
        None,
        "zero population: unknown"
    );
    let v3 = Scope::Region(*ix.region_pos("v3").unwrap());
    assert_eq!(
        incidence(&ix, v3, d("2017-10-23"), 0),
        None,
        "no population: unknown"
    );
    // Below 3% is decided on the fraction: exactly 3% is not below.
    let rules = Rules::new(&Settings::default());
    assert!(Ratio::new(30, 1000).unwrap() >= rules.village_exit_incidence());
    assert!(Ratio::new(29_999, 1_000_000).unwrap() < rules.village_exit_incidence());
}

#[test]
fn per_capita_income_counts_people_on_31_december_and_unknowns_stay_unknown() {
    let mut leaver = member("b", Relation::Spouse);
    leaver.left_date = Some(d("2017-12-31"));
    let mut h = household(
        "v1",
        &[("2014-01-01", Status::Poor)],
        vec![member("a", Relation::Head), leaver],
    );
    h.incomes.push(Income {
        year: 2017,
        wage: Some(Fen::from_yuan(5000)),
        business: None,
        property: None,
        transfer: Some(Fen(50)),
        business_costs: Some(Fen::from_yuan(1000)),
    });
    h.incomes.push(Income {
        year: 2016,
        wage: Some(Fen::from_yuan(100)),
        business_costs: Some(Fen::from_yuan(700)),
        ..Default::default()
    });
    assert_eq!(
        net_income(&h, 2017),
        Some((Fen(400_050), 1)),
        "the spouse left on 31 December"
    );
    assert_eq!(
        per_capita_net_income(&h, 2016),
        Some(Fen::from_yuan(-300)),
        "a negative result stays negative"
    );
    assert_eq!(per_capita_net_income(&h, 2015), None, "no entry: unknown");
    let mut empty = household("v1", &[("2014-01-01", Status::Poor)], vec![]);
    empty.incomes.push(Income {
        year: 2017,
        wage: Some(Fen(100)),
        ..Default::default()
    });
    assert_eq!(
        per_capita_net_income(&empty, 2017),
        None,
        "zero people: unknown"
    );
    // A group: sums over households whose figure is known.
    let mut sum = IncomeSum::default();
    sum.add(net_income(&h, 2017));
    sum.add(net_income(&empty, 2017));
    assert_eq!(
        (sum.households, sum.people, sum.per_capita()),
        (1, 1, Some(Fen(400_050)))
    );
    assert_eq!(IncomeSum::default().per_capita(), None);
}

#[test]
fn household_exit_check_names_each_criterion() {
    let mut pupil = member("b", Relation::Child);
    pupil.schooling = Some(Schooling::Dropout);
    pupil.medical_insurance = Some(true);
    let mut head = member("a", Relation::Head);
    head.medical_insurance = None;
    let mut h = household("v1", &[("2014-01-01", Status::Poor)], vec![head, pupil]);
    h.incomes.push(Income {
        year: 2017,
        wage: Some(Fen::from_yuan(5904)),
        ..Default::default()
    });
    h.conditions = Some(Conditions {
        food_clothing_secure: Some(true),
        housing: Some(Housing::GradeC),
        drinking_water: None,
        ..Default::default()
    });
    let rules = Rules::new(&Settings::default());
    let c = exit_check(&h, 2017, &rules);
    // 5904 / 2 = 2952 is not *above* the 2017 line of 2952.
    assert_eq!(c.verdict(Criterion::Income), Verdict::Failed);
    assert_eq!(c.verdict(Criterion::FoodClothing), Verdict::Met);
    assert_eq!(c.verdict(Criterion::Education), Verdict::Failed);
    assert_eq!(c.verdict(Criterion::Medical), Verdict::Unknown);
    assert_eq!(c.verdict(Criterion::Housing), Verdict::Failed);
    assert_eq!(c.verdict(Criterion::Water), Verdict::Unknown);
    assert!(!c.passes());
    assert_eq!(c.line.unwrap().source, LineSource::National);
    h.incomes[0].wage = Some(Fen::from_yuan(5904) + Fen(2));
    assert_eq!(
        exit_check(&h, 2017, &rules).verdict(Criterion::Income),
        Verdict::Met
    );
    assert_eq!(
        exit_check(&h, 2031, &rules).verdict(Criterion::Income),
        Verdict::Unknown,
        "no line for 2031"
    );
    // A file's own line overrides the national table, and says so.
    let mut s = Settings::default();
    s.poverty_lines.insert(2017, Fen::from_yuan(3000));
    assert_eq!(
        Rules::new(&s).poverty_line(2017).unwrap().source,
        LineSource::Registry
    );
    assert_eq!(
        exit_check(&h, 2017, &Rules::new(&s)).verdict(Criterion::Income),
        Verdict::Failed
    );
}

#[test]
fn village_exit_needs_low_incidence_every_flag_and_collective_income() {
    let mut reg = tree();
    population(&mut reg, "v1", 2017, 1000);
    {
        let v1 = reg
            .regions
            .iter_mut()
            .map(std::sync::Arc::make_mut)
            .find(|r| r.id == "v1")
            .unwrap()
            .body
            .as_mut()
            .unwrap();
        v1.poor_village = Some(true);
        v1.infrastructure = Some([Some(true); 8]);
        v1.collective_income = vec![YearAmount {
            year: 2017,
            yuan: Fen::from_yuan(1),
        }];
    }
    let ix = Index::new(&reg);
    let rules = Rules::new(&Settings::default());
    let v1 = *ix.region_pos("v1").unwrap();
    let ok = village_exit_check(&ix, v1, d("2017-10-23"), 29, &rules);
    assert!(ok.passes());
    let too_many = village_exit_check(&ix, v1, d("2017-10-23"), 30, &rules);
    assert_eq!(too_many.incidence_verdict, Verdict::Failed);
    reg.regions
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|r| r.id == "v1")
        .unwrap()
        .body
        .as_mut()
        .unwrap()
        .infrastructure
        .as_mut()
        .unwrap()[7] = None;
    let ix = Index::new(&reg);
    let unknown = village_exit_check(&ix, v1, d("2017-10-23"), 0, &rules);
    assert_eq!(unknown.infrastructure[7], Verdict::Unknown);
    assert!(!unknown.passes());
    assert_eq!(
        village_exit_check(&ix, v1, d("2018-01-01"), 0, &rules).collective_verdict,
        Verdict::Unknown,
        "no 2018 collective income"
    );
    assert_eq!(county_exit_check(None, &rules), Verdict::Unknown);
}

#[test]
fn relapse_watch_uses_the_latest_income_against_the_monitoring_line() {
    let mut reg = tree();
    let mut h = household(
        "v1",
        &[("2014-01-01", Status::Poor), ("2016-12-01", Status::Exited)],
        vec![member("a", Relation::Head)],
    );
    h.incomes.push(Income {
        year: 2016,
        wage: Some(Fen::from_yuan(4000)),
        ..Default::default()
    });
    h.conditions = Some(Conditions {
        food_clothing_secure: Some(true),
        housing: Some(Housing::Safe),
        drinking_water: Some(DrinkingWater::Safe),
        ..Default::default()
    });
    reg.households.push(rec("h1".into(), "x", Some(h.clone())));
    let mut poor = h.clone();
    poor.status_events.truncate(1);
    reg.households.push(rec("h2".into(), "x", Some(poor)));
    let ix = Index::new(&reg);
    let rules = Rules::new(&Settings::default());
    let r = relapse_risk(&ix, 0, d("2017-10-23"), &rules).unwrap();
    // 2016 line 2952 × 1.5 = 4428 > 4000: below the monitoring line.
    assert_eq!(r.line.unwrap().yuan, Fen::from_yuan(4428));
    assert!(r.below_line && r.at_risk());
    assert_eq!(r.missing, vec![Criterion::Medical]);
    assert!(
        relapse_risk(&ix, 1, d("2017-10-23"), &rules).is_none(),
        "a poor household is not watched"
    );
    let mut s = Settings::default();
    s.monitoring_lines.insert(2016, Fen::from_yuan(3900));
    assert!(
        !relapse_risk(&ix, 0, d("2017-10-23"), &Rules::new(&s))
            .unwrap()
            .below_line
    );
}

#[test]
fn pairing_four_ones_funds_and_tasks() {
    let mut reg = tree();
    let mut worker = member("a", Relation::Head);
    worker.labor = Some(Labor::Ordinary);
    worker.skill_trained = Some(true);
    worker.work = Some(Work::Outside);
    let mut weak = member("b", Relation::Spouse);
    weak.labor = Some(Labor::Weak);
    let mut h = household("v1", &[("2014-01-01", Status::Poor)], vec![worker, weak]);
    h.conditions = Some(Conditions {
        shed: Some(true),
        ..Default::default()
    });
    reg.households.push(rec("h1".into(), "x", Some(h)));
    reg.households.push(rec(
        "h2".into(),
        "x",
        Some(household(
            "v3",
            &[("2014-01-01", Status::Exited)],
            vec![member("c", Relation::Head)],
        )),
    ));
    reg.helpers.push(rec(
        "p1".into(),
        "x",
        Some(Helper::new("甲", HelperKind::Cadre)),
    ));
    reg.helpers.push(rec("p2".into(), "x", None));
    let pair = |id: &str, helper: &str, hh: &str, start: &str, end: Option<&str>| {
        rec(
            id.into(),
            "x",
            Some(Pairing {
                helper_id: helper.into(),
                household_id: hh.into(),
                start_date: d(start),
                end_date: end.map(d),
                end_reason: None,
                end_note: None,
            }),
        )
    };
    reg.pairings
        .push(pair("pr1", "p1", "h1", "2016-01-01", None));
    reg.pairings
        .push(pair("pr2", "p1", "h2", "2016-01-01", Some("2017-10-23")));
    reg.pairings
        .push(pair("pr3", "p2", "h2", "2016-01-01", None));
    reg.measures.push(rec(
        "me".into(),
        "x",
        Some(Measure::new("羊", MeasureCategory::Industry)),
    ));
    reg.funds.push(rec(
        "f1".into(),
        "x",
        Some(Fund {
            name: "资金".into(),
            source: FundSource::Loan,
            year: 2017,
            amount_yuan: Fen::from_yuan(100),
            region_id: Some("t1".into()),
            members: vec![],
        }),
    ));
    let assist = |id: &str, status: AssistanceStatus, amount: i64| {
        rec(
            id.into(),
            "x",
            Some(Assistance {
                fund_id: Some("f1".into()),
                amount_yuan: Some(Fen::from_yuan(amount)),
                quantity: Some(3.0),
                unit: Some("只".into()),
                status,
                ..Assistance::for_household("h1", "me", 2017)
            }),
        )
    };
    reg.assistance
        .push(assist("a1", AssistanceStatus::Done, 80));
    reg.assistance
        .push(assist("a2", AssistanceStatus::InProgress, 40));
    reg.assistance
        .push(assist("a3", AssistanceStatus::Cancelled, 1000));
    // Requested only: not yet charged to its fund.
    reg.assistance
        .push(assist("a4", AssistanceStatus::Requested, 500));
    // Paid out of the fund: spent, beside allocated.
    reg.disbursements.push(rec(
        "d1".into(),
        "x",
        Some(Disbursement {
            fund_id: "f1".into(),
            date: d("2017-09-01"),
            amount_yuan: Fen::from_yuan(70),
            payee: "王".into(),
            voucher: None,
            assistance_id: Some("a1".into()),
            overspend_reason: None,
        }),
    ));
    reg.disbursements.push(rec(
        "d2".into(),
        "x",
        Some(Disbursement {
            fund_id: "f1".into(),
            date: d("2017-11-01"),
            amount_yuan: Fen::from_yuan(5),
            payee: "王".into(),
            voucher: None,
            assistance_id: None,
            overspend_reason: None,
        }),
    ));
    let task = |id: &str, due: &str, done: Option<&str>| {
        rec(
            id.into(),
            "x",
            Some(Task {
                done_date: done.map(d),
                ..Task::new("v1", "路", d(due))
            }),
        )
    };
    reg.tasks.push(task("k1", "2017-10-22", None));
    reg.tasks.push(task("k2", "2017-10-23", None));
    reg.tasks.push(task("k3", "2017-10-01", Some("2017-10-23")));
    reg.tasks.push(task("k4", "2017-10-01", Some("2017-10-24")));
    let ix = Index::new(&reg);
    let at = d("2017-10-23");
    let t = tallies(&ix, at, 2017);
    // pr2 ended on D, pr3's helper is deleted: only h1 is paired.
    assert_eq!(
        (
            t.total.paired_households,
            t.total.paired_people,
            t.total.helpers
        ),
        (1, 2, 1)
    );
    let [industry, shed, skill, migrant] = t.total.four_ones();
    assert_eq!(industry, None, "no poor village: unknown");
    assert_eq!(shed, Ratio::new(1, 2));
    assert_eq!(skill, Ratio::new(1, 2));
    assert_eq!(migrant, Ratio::new(1, 2));
    let uses = fund_uses(&ix, Scope::All, at);
    assert_eq!(
        (uses[0].allocated, uses[0].balance(), uses[0].spent),
        (Fen::from_yuan(120), Fen::from_yuan(-20), Fen::from_yuan(70)),
        "requested and cancelled orders allocate nothing; a payment after D is not spent yet"
    );
    assert_eq!(
        fund_uses(&ix, Scope::Region(*ix.region_pos("t2").unwrap()), at).len(),
        0,
        "the fund belongs to t1"
    );
    let overdue: Vec<&str> = overdue_tasks(&ix, Scope::All, at)
        .iter()
        .map(|&i| reg.tasks[i].id.as_str())
        .collect();
    assert_eq!(overdue, ["k1", "k4"]);
    let delivered = delivered_quantities(&ix, Scope::All, at);
    assert_eq!(
        delivered
            .iter()
            .map(|x| (x.measure, x.unit.as_str(), x.quantity, x.records))
            .collect::<Vec<_>>(),
        vec![(0, "只", 3.0, 1)]
    );
}

#[test]
fn tombstones_and_what_points_to_them_count_nowhere() {
    let mut reg = tree();
    reg.households.push(rec(
        "h1".into(),
        "x",
        Some(household(
            "v1",
            &[("2014-01-01", Status::Poor)],
            vec![member("a", Relation::Head)],
        )),
    ));
    reg.households.push(rec("h2".into(), "x", None));
    let ix = Index::new(&reg);
    assert_eq!(tallies(&ix, d("2017-01-01"), 2017).total.poor_households, 1);
    reg.regions
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|r| r.id == "v1")
        .unwrap()
        .body = None;
    let ix = Index::new(&reg);
    assert_eq!(tallies(&ix, d("2017-01-01"), 2017).total.poor_households, 0);
    let findings = quality::check(&ix, Scope::All, d("2017-01-01"));
    assert!(findings
        .iter()
        .any(|f| f.rule == QualityRule::PointsToDeleted));
}

#[test]
fn quality_rules_find_what_they_should() {
    let mut reg = tree();
    let mut a = member("a", Relation::Head);
    a.id_number = Some("620725197505070332".into());
    let mut b = member("b", Relation::Head);
    b.id_number = Some("11010519491231002X".into());
    b.health = Some(Health::Healthy);
    let mut h = household("v1", &[("2014-01-01", Status::Poor)], vec![a, b]);
    h.main_cause = Cause::Illness;
    let mut twin = member("c", Relation::Head);
    twin.id_number = Some("11010519491231002x".into());
    twin.labor = Some(Labor::Ordinary);
    twin.birth_date = Some(d("1990-01-01"));
    let mut tekun = household("v2", &[("2014-01-01", Status::Exited)], vec![twin]);
    tekun.attribute = Attribute::Tekun;
    tekun.incomes.push(Income {
        year: 2017,
        ..Default::default()
    });
    reg.households.push(rec("h1".into(), "x", Some(h)));
    reg.households.push(rec("h2".into(), "x", Some(tekun)));
    let ix = Index::new(&reg);
    let findings = quality::check(&ix, Scope::All, d("2017-10-23"));
    let rules = |hh: usize| {
        findings
            .iter()
            .filter(|f| f.household == Some(hh))
            .map(|f| f.rule)
            .collect::<Vec<_>>()
    };
    let h1 = rules(0);
    for r in [
        QualityRule::IdNumber,
        QualityRule::Head,
        QualityRule::DuplicateIdNumber,
        QualityRule::NoCurrentIncome,
        QualityRule::Unpaired,
    ] {
        assert!(h1.contains(&r), "h1 lacks {r:?}: {h1:?}");
    }
    assert!(
        !h1.contains(&QualityRule::CauseContradiction),
        "a member's health is unknown, so illness may be right"
    );
    let h2 = rules(1);
    assert!(
        h2.contains(&QualityRule::TekunLabourer)
            && h2.contains(&QualityRule::DuplicateIdNumber)
            && h2.contains(&QualityRule::IdNumber)
    );
    assert!(!h2.contains(&QualityRule::NoCurrentIncome) && !h2.contains(&QualityRule::Unpaired));
    assert!(findings
        .iter()
        .all(|f| !f.msg.render(jingzhun::text::Locale::En).is_empty()
            && f.path.starts_with("households[")));
    // The count per household (what the list shows) is the same rules, undescribed.
    let counts = quality::counts_by_household(&ix, Scope::All, d("2017-10-23"));
    assert_eq!(counts.get(&0), Some(&h1.len()));
    assert_eq!(counts.get(&1), Some(&h2.len()));
}

#[test]
fn findings_counted_per_household_agree_with_the_findings_listed() {
    let reg = jingzhun::domain::demo::county();
    let ix = Index::new(&reg);
    let mut seen = 0;
    for day in ["2015-06-30", "2017-10-23", "2030-06-30"] {
        let findings = quality::check(&ix, Scope::All, d(day));
        let mut listed = std::collections::HashMap::<usize, usize>::new();
        for f in &findings {
            if let Some(h) = f.household {
                *listed.entry(h).or_default() += 1;
            }
        }
        seen += listed.len();
        assert_eq!(
            quality::counts_by_household(&ix, Scope::All, d(day)),
            listed,
            "{day}"
        );
    }
    assert!(seen > 0, "some day has findings to count");
}

#[test]
fn alkire_foster_matches_a_worked_example() {
    use jingzhun::domain::analysis::{alkire_foster, deprivation_score, AfOptions, Indicator};
    let mut reg = tree();
    let people = |n: usize| {
        (0..n)
            .map(|k| {
                member(
                    &format!("m{n}-{k}"),
                    if k == 0 {
                        Relation::Head
                    } else {
                        Relation::Child
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    let cond = |housing: Housing, water: DrinkingWater, food: bool| {
        Some(Conditions {
            food_clothing_secure: Some(food),
            housing: Some(housing),
            drinking_water: Some(water),
            ..Default::default()
        })
    };
    let mut h1 = household("v1", &[("2014-01-01", Status::Poor)], people(2));
    h1.conditions = cond(Housing::GradeC, DrinkingWater::Unsafe, true);
    let mut h2 = household("v1", &[("2014-01-01", Status::Poor)], people(3));
    h2.conditions = cond(Housing::Safe, DrinkingWater::Difficult, true);
    let mut h3 = household("v3", &[("2014-01-01", Status::Exited)], people(5));
    h3.conditions = cond(Housing::GradeD, DrinkingWater::Unsafe, false);
    let mut outside = household("v3", &[("2014-01-01", Status::Candidate)], people(4));
    outside.conditions = cond(Housing::GradeD, DrinkingWater::Unsafe, false);
    for (id, h) in [("h1", h1), ("h2", h2), ("h3", h3), ("h4", outside)] {
        reg.households.push(rec(id.into(), "x", Some(h)));
    }
    let ix = Index::new(&reg);
    let rules = Rules::new(&Settings::default());
    let third = 1.0 / 3.0;
    let options = AfOptions {
        indicators: vec![
            (Indicator::UnsafeHousing, third),
            (Indicator::UnsafeWater, third),
            (Indicator::FoodInsecure, third),
        ],
        k: 0.5,
    };
    let r = alkire_foster(&ix, Scope::All, d("2017-10-23"), &rules, &options);
    // By hand: 10 people in registered households; H1 (2 people, score 2/3) and H3 (5, score 1)
    // are poor at k = 1/2, H2 (3, score 1/3) is not. H = 7/10, A = 19/21, M0 = 19/30.
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert_eq!((r.people, r.poor_people), (10, 7));
    assert!(
        close(r.h, 0.7) && close(r.a, 19.0 / 21.0) && close(r.m0, 19.0 / 30.0),
        "{r:?}"
    );
    let ch: Vec<f64> = r.indicators.iter().map(|x| x.1).collect();
    assert!(
        close(ch[0], 0.7) && close(ch[1], 0.7) && close(ch[2], 0.5),
        "censored headcounts {ch:?}"
    );
    let contribution: Vec<f64> = r.indicators.iter().map(|x| x.2).collect();
    assert!(close(contribution[0], 7.0 / 19.0) && close(contribution[2], 5.0 / 19.0));
    assert!(close(contribution.iter().sum::<f64>(), 1.0));
    let h2 = reg.households[1].body.as_ref().unwrap();
    assert!(close(
        deprivation_score(h2, d("2017-10-23"), &rules, &options),
        third
    ));
}

#[test]
fn monitoring_counts_moves_per_year_and_month() {
    use jingzhun::domain::analysis::{moves_by_month, moves_by_year, moves_list, MOVE_STATUSES};
    let mut reg = tree();
    reg.households.push(rec(
        "h1".into(),
        "x",
        Some(household(
            "v1",
            &[
                ("2014-03-01", Status::Poor),
                ("2015-11-02", Status::Exited),
                ("2016-04-01", Status::Returned),
            ],
            vec![member("a", Relation::Head), member("b", Relation::Spouse)],
        )),
    ));
    reg.households.push(rec(
        "h2".into(),
        "x",
        Some(household(
            "v3",
            &[("2014-05-01", Status::Poor), ("2015-11-20", Status::Exited)],
            vec![member("c", Relation::Head)],
        )),
    ));
    let ix = Index::new(&reg);
    let years = moves_by_year(&ix, Scope::All, d("2016-06-30"));
    assert_eq!(
        years.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
        ["2014", "2015", "2016"]
    );
    let exited = MOVE_STATUSES
        .iter()
        .position(|s| *s == Status::Exited)
        .unwrap();
    let returned = MOVE_STATUSES
        .iter()
        .position(|s| *s == Status::Returned)
        .unwrap();
    assert_eq!(
        years[0].counts[0],
        (2, 3),
        "two entries, three people in 2014"
    );
    assert_eq!(years[1].counts[exited], (2, 3));
    assert_eq!(years[2].counts[returned], (1, 2));
    let months = moves_by_month(&ix, Scope::All, 2015);
    assert_eq!(months[10].counts[exited], (2, 3));
    assert_eq!(months.iter().map(|m| m.counts[exited].0).sum::<u64>(), 2);
    let v1 = Scope::Region(*ix.region_pos("v1").unwrap());
    assert_eq!(
        moves_list(&ix, v1, Status::Exited, d("2015-01-01"), d("2015-12-31")).len(),
        1
    );
}

#[test]
fn roster_has_a_row_per_member_and_the_board_counts_candidates_by_step() {
    use jingzhun::domain::analysis::{identification_board, identification_stage};
    use jingzhun::domain::roster;
    let mut reg = tree();
    let mut h = household(
        "v1",
        &[("2017-08-01", Status::Candidate)],
        vec![member("a", Relation::Head), member("b", Relation::Spouse)],
    );
    h.group = Some("=HYPERLINK(\"x\")".into());
    for (step, result) in [
        (IdentificationStep::VerifyIncome, StepResult::Pass),
        (IdentificationStep::Inspect, StepResult::Pass),
        (IdentificationStep::Review, StepResult::Pass),
    ] {
        h.identification.push(IdentificationEntry {
            step,
            date: d("2017-08-02"),
            result,
            note: None,
        });
    }
    assert_eq!(
        identification_stage(&h),
        2,
        "compare was not passed, so review does not count yet"
    );
    reg.households.push(rec("h1".into(), "x", Some(h)));
    let ix = Index::new(&reg);
    let board = identification_board(&ix, Scope::All, d("2017-10-23"));
    assert_eq!(
        board,
        vec![(*ix.region_pos("v1").unwrap(), [0, 0, 1, 0, 0, 0, 0])]
    );
    let t = roster::table(&ix, Scope::All, d("2017-10-23"), IdNumbers::Full);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].len(), t.columns.len());
    assert_eq!(&t.rows[0][1..4], ["县", "一乡", "v1"]);
    let csv = jingzhun::exchange::csv::write(&t.header_zh(), &t.rows);
    assert!(csv.starts_with("\u{feff}户编号,县"));
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "formula defused: {csv}"
    );
}

/// Distinct helpers are counted per region, not added up the tree: each region's figure is the
/// number of different helpers pairing a household anywhere below it, as a set would say.
#[test]
fn each_regions_helpers_are_the_distinct_helpers_of_its_households() {
    let reg = jingzhun::domain::demo::county();
    let ix = Index::new(&reg);
    let at = Date::parse(jingzhun::domain::demo::AS_OF).unwrap();
    let t = tallies(&ix, at, 2017);
    let pairs: Vec<(usize, usize)> = active_pairings(&ix, at).collect();
    let helpers_under = |scope: Scope| {
        pairs
            .iter()
            .filter(|&&(h, _)| ix.household_in_scope(h, scope))
            .map(|&(_, helper)| helper)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64
    };
    let mut shared = 0;
    for r in ix.subtree(Scope::All) {
        let expected = helpers_under(Scope::Region(r));
        assert_eq!(t.get(Scope::Region(r)).helpers, expected, "region {r}");
        let kids: u64 = ix.children[r]
            .iter()
            .map(|&c| t.get(Scope::Region(c)).helpers)
            .sum();
        shared += u64::from(kids > expected);
    }
    assert_eq!(t.total.helpers, helpers_under(Scope::All));
    assert!(t.total.helpers > 0);
    assert!(shared > 0, "the demo has helpers pairing in two villages");
}

/// 结对覆盖 from the tally is, in every region, the poor households of the scope and those of
/// them with an active pairing, counted household by household.
#[test]
fn each_regions_pairing_coverage_counts_its_poor_households_and_the_paired_ones() {
    use jingzhun::domain::helping;
    let mut reg = jingzhun::domain::demo::county();
    // Unpair a few poor households, so that paired and poor differ somewhere.
    let at = Date::parse(jingzhun::domain::demo::AS_OF).unwrap();
    let mut unpaired = 0;
    for p in reg.pairings.iter_mut().step_by(5) {
        std::sync::Arc::make_mut(p).body = None;
        unpaired += 1;
    }
    assert!(unpaired > 0);
    let ix = Index::new(&reg);
    let paired = helping::paired_households(&ix, at);
    let mut differ = 0;
    for scope in
        std::iter::once(Scope::All).chain(ix.subtree(Scope::All).into_iter().map(Scope::Region))
    {
        let (mut poor, mut covered) = (0, 0);
        for (h, hh) in ix.households_in(scope) {
            if is_poor(status_at(hh, at)) {
                poor += 1;
                covered += u64::from(paired[h]);
            }
        }
        let c = helping::pairing_coverage(&ix, scope, at);
        assert_eq!((c.poor_households, c.paired), (poor, covered), "{scope:?}");
        differ += u64::from(poor != covered);
    }
    assert!(differ > 0, "some region has unpaired poor households");
}

/// The lookups kept across an edit are those a build would make, whatever the edit: a
/// household's facts, its village, its deletion, a new household, a renamed helper, a region.
#[test]
fn the_lookups_after_an_edit_are_those_of_a_fresh_build() {
    use jingzhun::domain::facts::FactsTable;
    use jingzhun::domain::index::{IndexData, Indexed};
    use std::sync::Arc;
    let before = Arc::new(jingzhun::domain::demo::county());
    let prev = Indexed::new(before.clone());
    // The screen's date and year, asked before the edit, so the next version derives from them.
    let d = Date::parse(jingzhun::domain::demo::AS_OF).unwrap();
    let other = Date::parse("2016-12-31").unwrap();
    prev.ix().household_facts(d, 2017);
    prev.ix().household_facts(other, 2016);
    let other_village = before.regions.iter().rev().find_map(|r| {
        r.live()
            .filter(|b| b.kind == RegionKind::Village)
            .map(|_| r.id.clone())
    });
    type Edit = Box<dyn Fn(&mut Registry)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "facts",
            Box::new(|r| {
                let h = Arc::make_mut(&mut r.households[3]);
                h.body.as_mut().unwrap().phone = Some("13900000000".into());
            }),
        ),
        ("village", {
            let v = other_village.clone().unwrap();
            Box::new(move |r| {
                let h = Arc::make_mut(&mut r.households[7]);
                h.body.as_mut().unwrap().village_id = v.clone();
            })
        }),
        (
            "deleted",
            Box::new(|r| Arc::make_mut(&mut r.households[11]).body = None),
        ),
        (
            "members and housing",
            Box::new(|r| {
                let h = Arc::make_mut(&mut r.households[5]).body.as_mut().unwrap();
                h.members.pop();
                h.conditions.get_or_insert_with(Default::default).shed = Some(true);
                for m in &mut h.members {
                    m.labor = Some(Labor::Ordinary);
                    m.work = Some(Work::Outside);
                }
            }),
        ),
        (
            "new household",
            Box::new(|r| {
                let mut h = (*r.households[0]).clone();
                h.id = "h-new".into();
                r.households.push(Arc::new(h));
            }),
        ),
        (
            "helper renamed",
            Box::new(|r| Arc::make_mut(&mut r.helpers[0]).id = "p-new".into()),
        ),
        (
            "region",
            Box::new(|r| Arc::make_mut(&mut r.regions[2]).body = None),
        ),
    ];
    for (what, edit) in edits {
        let mut reg = (*before).clone();
        edit(&mut reg);
        let reg = Arc::new(reg);
        let kept = Indexed::after(&prev, reg.clone());
        let built = IndexData::build(&reg);
        let (a, b) = (kept.ix(), Index::new(&reg));
        assert_eq!(
            kept.data.household_village, built.household_village,
            "{what}"
        );
        assert_eq!(
            (&a.parent, &a.children, &a.tops, &a.region_counts),
            (&b.parent, &b.children, &b.tops, &b.region_counts),
            "{what}"
        );
        for r in &reg.households {
            assert_eq!(a.household_pos(&r.id), b.household_pos(&r.id), "{what}");
        }
        for r in &reg.helpers {
            assert_eq!(a.helper_pos(&r.id), b.helper_pos(&r.id), "{what}");
        }
        for r in &reg.regions {
            assert_eq!(a.region_pos(&r.id), b.region_pos(&r.id), "{what}");
        }
        // Each household's facts follow the edit, at the date asked before and at one never
        // asked, and so do the figures over them.
        for (at, y) in [(d, 2017), (other, 2016), (other, 2017)] {
            let fresh = FactsTable::new(&reg.households, at, y);
            let kept = a.household_facts(at, y);
            assert_eq!(kept.all().len(), fresh.all().len(), "{what}");
            for (i, (k, f)) in kept.all().iter().zip(fresh.all()).enumerate() {
                assert_eq!(k, f, "{what}: household {i} at {at:?}, incomes of {y}");
            }
            let (ta, tb) = (tallies(&a, at, y), tallies_over(&b, &fresh));
            assert_eq!(ta.total, tb.total, "{what}");
            assert_eq!(ta.by_region, tb.by_region, "{what}");
        }
        assert_eq!(a.helper_pos("p-new").is_some(), what == "helper renamed");
        assert_eq!(a.household_pos("h-new").is_some(), what == "new household");
    }
}
