//! The helping half as a cadre and a clerk use it, run natively through the intents against the
//! memory store: a helper made and retired, a household paired, visited, transferred and
//! unpaired, the menu ordered from and an order walked to done, a fund paid out of and an
//! overspend refused then allowed with a reason, a loan repaid — each figure checked through the
//! one domain function that shows it, each change with its history.

mod support;

use jingzhun::domain::calc;
use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::funds::{DisbursementDraft, FundDraft, LoanDraft};
use jingzhun::domain::helping;
use jingzhun::domain::index::{Index, Scope};
use jingzhun::domain::model::*;
use jingzhun::domain::money::Fen;
use jingzhun::domain::orders::{MeasureDraft, OrderDraft, OrderFor};
use jingzhun::domain::pairing::{HelperDraft, VisitDraft};
use jingzhun::domain::quality;
use jingzhun::exchange;
use jingzhun::intents::{self, Actor, IntentError};
use jingzhun::store::memory::MemoryStore;
use jingzhun::store::{self, RecordStore, Subject};
use jingzhun::text::Locale;
use support::{block_on, counted_id};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn actor() -> Actor {
    Actor {
        replica: "rA".into(),
        who: "李干部".into(),
        now: "2017-07-01T08:00:00Z".into(),
        today: d("2017-07-01"),
        new_id: counted_id,
    }
}

/// The base registry of the corpus in a memory store: h-2 is poor and paired with p-1; fund f-1
/// (5,000 yuan) already carries a done order of 6,000.
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

fn coverage(reg: &Registry, day: &str) -> helping::PairingCoverage {
    helping::pairing_coverage(&Index::new(reg), Scope::All, d(day))
}

fn unpaired_findings(reg: &Registry, day: &str) -> usize {
    quality::check(&Index::new(reg), Scope::All, d(day))
        .iter()
        .filter(|f| f.rule == quality::QualityRule::Unpaired)
        .count()
}

fn only_new<'a, T: Body>(before: &Registry, after: &'a Registry) -> (&'a str, &'a T) {
    let fresh: Vec<_> = T::records(after)
        .iter()
        .filter(|r| before.record::<T>(&r.id).is_none())
        .collect();
    assert_eq!(fresh.len(), 1, "one new {:?}", T::COLLECTION);
    (fresh[0].id.as_str(), fresh[0].live().unwrap())
}

fn history_of(s: &MemoryStore, c: Collection, id: &str) -> Vec<String> {
    block_on(s.history(&Subject::Record(c, id.into())))
        .unwrap()
        .iter()
        .flat_map(|e| e.what.iter().map(|m| m.render(Locale::En)))
        .collect()
}

#[test]
fn a_helper_form_is_checked_field_by_field_and_saved_with_its_history() {
    let (s, reg) = base();
    let a = actor();
    let mut draft = HelperDraft::new_helper();
    draft.region_id = "no-such-region".into();
    let refused = block_on(intents::pairing::save_helper(
        &s, &a, &reg, "p-new", &draft, None, false,
    ));
    let Err(IntentError::Invalid(errors)) = refused else {
        panic!("expected field errors, got {refused:?}")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "region_id"]);
    assert_eq!(block_on(s.load()).unwrap(), reg, "nothing written");

    draft.name = "王建国".into();
    draft.region_id = "t-1".into();
    draft.work_unit = "县农牧局".into();
    draft.leads_with = HelperModel::Breeding.code().into();
    let done = block_on(intents::pairing::save_helper(
        &s, &a, &reg, "p-new", &draft, None, false,
    ))
    .unwrap();
    let h = done.registry.live::<Helper>("p-new").unwrap();
    assert_eq!(h.name, "王建国");
    assert_eq!(h.leads_with, Some(HelperModel::Breeding));
    assert_eq!(history_of(&s, Collection::Helpers, "p-new"), ["created"]);

    // An edit names the fields it changed; an edit over another tab's change asks first.
    let opened = h.clone();
    let mut phone = draft.clone();
    phone.phone = "13900000001".into();
    let after = block_on(intents::pairing::save_helper(
        &s,
        &a,
        &done.registry,
        "p-new",
        &phone,
        Some(&opened),
        false,
    ))
    .unwrap()
    .registry;
    assert_eq!(
        history_of(&s, Collection::Helpers, "p-new")[1],
        "Phone set to \"13900000001\""
    );
    let mut unit = draft.clone();
    unit.work_unit = "乡政府".into();
    let ask = block_on(intents::pairing::save_helper(
        &s,
        &a,
        &after,
        "p-new",
        &unit,
        Some(&opened),
        false,
    ));
    assert_eq!(ask, Err(IntentError::WouldOverwrite));
}

#[test]
fn a_household_is_unpaired_paired_visited_and_transferred_and_the_figures_follow() {
    let (s, reg) = base();
    let a = actor();
    assert_eq!(coverage(&reg, "2017-07-01").paired, 1);
    assert_eq!(unpaired_findings(&reg, "2017-07-01"), 0);

    // An end before the start is refused; ending on a date leaves the poor household unpaired.
    let early = block_on(intents::pairing::end_pairing(
        &s,
        &a,
        &reg,
        "pr-1",
        d("2016-01-01"),
        PairingEndReason::Other,
        "",
    ));
    assert!(matches!(early, Err(IntentError::Refused(_))), "{early:?}");
    let reg = block_on(intents::pairing::end_pairing(
        &s,
        &a,
        &reg,
        "pr-1",
        d("2017-06-01"),
        PairingEndReason::HelperMoved,
        "调往市里",
    ))
    .unwrap()
    .registry;
    let cov = coverage(&reg, "2017-07-01");
    assert_eq!((cov.poor_households, cov.paired), (1, 0));
    assert_eq!(unpaired_findings(&reg, "2017-07-01"), 1);
    // Before the end it was paired: figures as of a date read the pairing's dates.
    assert_eq!(coverage(&reg, "2017-05-31").paired, 1);

    // A new helper pairs with it: the coverage moves by exactly that household.
    let mut draft = HelperDraft::new_helper();
    draft.name = "赵能人".into();
    let reg = block_on(intents::pairing::save_helper(
        &s, &a, &reg, "p-2", &draft, None, false,
    ))
    .unwrap()
    .registry;
    let paired = block_on(intents::pairing::pair(
        &s,
        &a,
        &reg,
        "p-2",
        "h-2",
        d("2017-06-15"),
    ))
    .unwrap();
    let (pid, p) = only_new::<Pairing>(&reg, &paired.registry);
    let pid = pid.to_string();
    assert_eq!(
        (p.helper_id.as_str(), p.household_id.as_str()),
        ("p-2", "h-2")
    );
    let reg = paired.registry;
    assert_eq!(coverage(&reg, "2017-07-01").paired, 1);
    assert_eq!(unpaired_findings(&reg, "2017-07-01"), 0);
    let again = block_on(intents::pairing::pair(
        &s,
        &a,
        &reg,
        "p-2",
        "h-2",
        d("2017-06-20"),
    ));
    assert!(matches!(again, Err(IntentError::Refused(_))));
    assert!(history_of(&s, Collection::Households, "h-2")
        .iter()
        .any(|h| h.contains("paired with 赵能人")));

    // A visit outside the pairing, or without what was done, is refused by field.
    let bad = block_on(intents::pairing::record_visit(
        &s,
        &a,
        &reg,
        &pid,
        &VisitDraft {
            date: "2017-06-01".into(),
            done: String::new(),
            needs: String::new(),
        },
    ));
    let Err(IntentError::Invalid(errors)) = bad else {
        panic!("{bad:?}")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["date", "done"]);
    let reg = block_on(intents::pairing::record_visit(
        &s,
        &a,
        &reg,
        &pid,
        &VisitDraft {
            date: "2017-06-20".into(),
            done: "送去羊饲料两袋".into(),
            needs: "圈舍维修".into(),
        },
    ))
    .unwrap()
    .registry;
    let sheet = jingzhun::domain::household_sheet::sheet(&Index::new(&reg), "h-2", d("2017-07-01"))
        .unwrap();
    assert_eq!(sheet.helpers.len(), 1);
    assert_eq!(sheet.helpers[0].visits[0].done, "送去羊饲料两袋");
    let ix = Index::new(&reg);
    let visits = helping::helper_visits(&ix, "p-2");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].household.id, "h-2");
    assert!(helping::helper_visits(&ix, "p-1").is_empty());
    let households = helping::helper_households(&ix, "p-2", d("2017-07-01"));
    assert_eq!((households.len(), households[0].visits), (1, 1));

    // Transfer in one step: the old pairing ends as transferred, a new one starts that day.
    let reg = block_on(intents::pairing::transfer(
        &s,
        &a,
        &reg,
        &pid,
        "p-1",
        d("2017-06-30"),
    ))
    .unwrap()
    .registry;
    let old = reg.live::<Pairing>(&pid).unwrap();
    assert_eq!(old.end_reason, Some(PairingEndReason::Transferred));
    let running = intents::pairing::running_pairings(&reg, "h-2", d("2017-07-01"));
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].1.helper_id, "p-1");
    assert_eq!(coverage(&reg, "2017-07-01").paired, 1);

    // The helper retires: the pairing ends with it and the household is unpaired again.
    let done = block_on(intents::pairing::retire_helper(
        &s,
        &a,
        &reg,
        "p-1",
        d("2017-07-01"),
    ))
    .unwrap();
    assert_eq!(coverage(&done.registry, "2017-07-01").paired, 0);
    assert_eq!(
        done.said.render(Locale::En),
        "秦花梅 no longer helps; pairings ended with it: 1"
    );
    let again = block_on(intents::pairing::pair(
        &s,
        &a,
        &done.registry,
        "p-1",
        "h-2",
        d("2017-07-02"),
    ));
    assert!(matches!(again, Err(IntentError::Refused(_))));
}

fn orders_in(reg: &Registry, status: AssistanceStatus) -> u64 {
    helping::orders_by_status(&Index::new(reg), Scope::All, d("2017-12-31"))
        .into_iter()
        .find(|o| o.status == status)
        .map_or(0, |o| o.count)
}

fn fund_sum(reg: &Registry, day: &str) -> calc::SourceSum {
    calc::funds_by_source(&Index::new(reg), Scope::All, 2017, d(day))
        .into_iter()
        .find(|(s, _)| *s == FundSource::CountyFiscal)
        .map(|(_, s)| s)
        .unwrap_or_default()
}

#[test]
fn a_household_orders_from_the_menu_and_an_order_walks_to_done_charging_its_fund() {
    let (s, reg) = base();
    let a = actor();
    // The county adds a measure to its menu and a fund of 10,000 yuan.
    let reg = block_on(intents::orders::save_measure(
        &s,
        &a,
        &reg,
        "me-2",
        &MeasureDraft {
            name: "技能培训".into(),
            category: MeasureCategory::Training.code().into(),
            unit: "人".into(),
            standard_amount: "3000".into(),
            fund_source: FundSource::CountyFiscal.code().into(),
            ..Default::default()
        },
        None,
        false,
    ))
    .unwrap()
    .registry;
    let reg = block_on(intents::funds::save_fund(
        &s,
        &a,
        &reg,
        "f-2",
        &FundDraft {
            name: "县级财政扶贫资金".into(),
            source: FundSource::CountyFiscal.code().into(),
            year: "2017".into(),
            amount: "10000".into(),
            region_id: String::new(),
        },
        None,
        false,
    ))
    .unwrap()
    .registry;
    assert_eq!(fund_sum(&reg, "2017-12-31").amount, Fen::from_yuan(10_000));

    // h-2 orders it twice: the amount left empty takes the standard; requested allocates nothing.
    let order = |reg: &Registry, amount: &str| {
        block_on(intents::orders::order(
            &s,
            &a,
            reg,
            OrderFor::Household("h-2"),
            &OrderDraft {
                measure_id: "me-2".into(),
                fund_id: "f-2".into(),
                amount: amount.into(),
                quantity: "1".into(),
                ..Default::default()
            },
            d("2017-07-01"),
        ))
        .unwrap()
        .registry
    };
    let one = order(&reg, "");
    let (first, o) = only_new::<Assistance>(&reg, &one);
    let first = first.to_string();
    assert_eq!(o.amount_yuan, Some(Fen::from_yuan(3000)));
    assert_eq!(o.status, AssistanceStatus::Requested);
    assert_eq!(o.steps[0].by.as_deref(), Some("李干部"));
    let two = order(&one, "8000");
    let (second, _) = only_new::<Assistance>(&one, &two);
    let second = second.to_string();
    let reg = two;
    assert_eq!(orders_in(&reg, AssistanceStatus::Requested), 2);
    assert_eq!(fund_sum(&reg, "2017-12-31").allocated, Fen::ZERO);

    // The first walks requested → approved → in progress → done, each step dated.
    let step = |reg: &Registry, id: &str, day: &str| {
        block_on(intents::orders::advance(
            &s,
            &a,
            reg,
            id,
            None,
            d(day),
            None,
        ))
    };
    let reg = step(&reg, &first, "2017-07-02").unwrap().registry;
    assert_eq!(fund_sum(&reg, "2017-12-31").allocated, Fen::from_yuan(3000));
    assert_eq!(orders_in(&reg, AssistanceStatus::Approved), 1);
    let back = step(&reg, &first, "2017-07-01");
    assert!(matches!(back, Err(IntentError::Refused(_))), "{back:?}");
    let reg = step(&reg, &first, "2017-07-03").unwrap().registry;
    let reg = step(&reg, &first, "2017-07-04").unwrap().registry;
    let done = reg.live::<Assistance>(&first).unwrap();
    assert_eq!(done.status, AssistanceStatus::Done);
    assert_eq!(done.done_date, Some(d("2017-07-04")));
    assert_eq!(done.steps.len(), 4);
    assert!(matches!(
        step(&reg, &first, "2017-07-05"),
        Err(IntentError::Refused(_))
    ));
    assert_eq!(
        orders_in(&reg, AssistanceStatus::Done),
        2,
        "with a-1 of the base"
    );

    // Approving the second (8,000) would go beyond the 7,000 left: refused with the figures,
    // then allowed with a reason that stays with the order.
    let over = step(&reg, &second, "2017-07-05");
    let Err(IntentError::NeedsReason(m)) = over else {
        panic!("{over:?}")
    };
    assert!(
        m.render(Locale::En).contains("7000.00"),
        "{}",
        m.render(Locale::En)
    );
    assert_eq!(block_on(s.load()).unwrap(), reg, "nothing written");
    let reg = block_on(intents::orders::advance(
        &s,
        &a,
        &reg,
        &second,
        None,
        d("2017-07-05"),
        Some("县委常委会追加"),
    ))
    .unwrap()
    .registry;
    let sum = fund_sum(&reg, "2017-12-31");
    assert_eq!(sum.allocated, Fen::from_yuan(11_000));
    assert_eq!(sum.balance(), Fen::from_yuan(-1_000));
    assert_eq!(
        reg.live::<Assistance>(&second)
            .unwrap()
            .overspend_reason
            .as_deref(),
        Some("县委常委会追加")
    );

    // Cancelled, it no longer counts as allocated.
    let reg = block_on(intents::orders::advance(
        &s,
        &a,
        &reg,
        &second,
        Some(AssistanceStatus::Cancelled),
        d("2017-07-06"),
        None,
    ))
    .unwrap()
    .registry;
    assert_eq!(fund_sum(&reg, "2017-12-31").allocated, Fen::from_yuan(3000));

    // A village's own project goes on the village plan beside its households' orders.
    let reg = block_on(intents::orders::order(
        &s,
        &a,
        &reg,
        OrderFor::Village("v-2"),
        &OrderDraft {
            measure_id: "me-2".into(),
            amount: "500".into(),
            ..Default::default()
        },
        d("2017-07-06"),
    ))
    .unwrap()
    .registry;
    let ix = Index::new(&reg);
    let plan = helping::village_plan(&ix, *ix.region_pos("v-2").unwrap(), 2017);
    assert_eq!(plan.entries.len(), 3);
    assert_eq!(
        plan.total,
        Fen::from_yuan(3500),
        "the cancelled order is not summed"
    );
}

#[test]
fn a_payment_beyond_the_fund_is_refused_with_the_figures_until_a_reason_is_given() {
    let (s, reg) = base();
    let a = actor();
    let pay = |reg: &Registry, amount: &str, why: &str| {
        block_on(intents::funds::disburse(
            &s,
            &a,
            reg,
            "f-1",
            &DisbursementDraft {
                date: "2017-05-01".into(),
                amount: amount.into(),
                payee: "一村合作社".into(),
                voucher: "PZ-1".into(),
                assistance_id: "a-1".into(),
                override_reason: why.into(),
            },
        ))
    };
    let bad = pay(&reg, "abc", "");
    let Err(IntentError::Invalid(errors)) = bad else {
        panic!("{bad:?}")
    };
    assert_eq!(errors[0].field, "amount");
    let reg = pay(&reg, "4000", "").unwrap().registry;
    let sum = |reg: &Registry| {
        calc::funds_by_source(&Index::new(reg), Scope::All, 2017, d("2017-12-31"))
            .into_iter()
            .find(|(s, _)| *s == FundSource::Integrated)
            .unwrap()
            .1
    };
    assert_eq!(sum(&reg).spent, Fen::from_yuan(4000));
    // Only a payment dated by then counts as spent then.
    let early = calc::funds_by_source(&Index::new(&reg), Scope::All, 2017, d("2017-04-30"));
    assert_eq!(early[0].1.spent, Fen::ZERO);
    let over = pay(&reg, "2000", "");
    let Err(IntentError::NeedsReason(m)) = over else {
        panic!("{over:?}")
    };
    assert_eq!(
        m.render(Locale::En),
        "This payment of 2000.00 yuan is more than the 1000.00 yuan left of the fund (of \
         5000.00). To go over, give a reason."
    );
    let reg = pay(&reg, "2000", "上级追加资金未到账,先行垫付")
        .unwrap()
        .registry;
    assert_eq!(sum(&reg).spent, Fen::from_yuan(6000));
    let history = history_of(&s, Collection::Funds, "f-1");
    assert!(
        history.iter().any(|h| h.contains("先行垫付")),
        "{history:?}"
    );
}

#[test]
fn a_loan_is_repaid_no_more_than_owed_and_outstanding_and_overdue_follow_the_date() {
    let (s, reg) = base();
    let a = actor();
    let reg = block_on(intents::funds::open_loan(
        &s,
        &a,
        &reg,
        "h-2",
        &LoanDraft {
            lender: LenderKind::Bank.code().into(),
            lender_name: "县农商行".into(),
            amount: "50000".into(),
            start_date: "2016-01-10".into(),
            term_months: "12".into(),
            interest_subsidy: "2000".into(),
            ..Default::default()
        },
    ))
    .unwrap()
    .registry;
    let (lid, _) = reg.loans.iter().map(|l| (l.id.clone(), ())).next().unwrap();
    let book = |reg: &Registry, day: &str| helping::loan_book(&Index::new(reg), Scope::All, d(day));
    let b = book(&reg, "2016-06-01");
    assert_eq!(
        (b.outstanding, b.overdue_count),
        (Fen::from_yuan(50_000), 0)
    );
    let b = book(&reg, "2017-07-01");
    assert_eq!(b.overdue_count, 1, "due 2017-01-10, unpaid");
    let too_much = block_on(intents::funds::repay(
        &s,
        &a,
        &reg,
        &lid,
        "2017-02-01",
        "60000",
    ));
    assert!(matches!(too_much, Err(IntentError::Invalid(_))));
    let reg = block_on(intents::funds::repay(
        &s,
        &a,
        &reg,
        &lid,
        "2017-02-01",
        "50000",
    ))
    .unwrap()
    .registry;
    let b = book(&reg, "2017-07-01");
    assert_eq!((b.outstanding, b.overdue_count), (Fen::ZERO, 0));
    assert_eq!(book(&reg, "2017-01-31").overdue_count, 1);
}
