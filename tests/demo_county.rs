//! The demo county, computed by the app's own functions, reproduces the seed report's table.

use jingzhun::domain::calc::*;
use jingzhun::domain::codes::FundSource;
use jingzhun::domain::date::Date;
use jingzhun::domain::demo::{self, target};
use jingzhun::domain::index::{Index, Scope};
use jingzhun::domain::money::Fen;
use jingzhun::domain::quality;
use jingzhun::exchange;

#[test]
fn demo_county_reproduces_the_seed_table() {
    let reg = demo::county();
    let ix = Index::new(&reg);
    let d = Date::parse(demo::AS_OF).unwrap();
    let t = tallies(&ix, d, 2017);
    let all = t.get(Scope::All);
    assert_eq!(
        (all.poor_households, all.poor_people),
        (target::POOR_HOUSEHOLDS, target::POOR_PEOPLE)
    );
    assert_eq!(
        (all.exited_households, all.exited_people),
        (target::EXITED_HOUSEHOLDS, target::EXITED_PEOPLE)
    );
    let inc = incidence(&ix, Scope::All, d, all.poor_people).unwrap();
    assert_eq!((inc.population, inc.population_year), (153_000, 2017));
    assert_eq!(inc.rate.percent_text(), "2.56");
    assert_eq!(all.poor_villages, 13);
    assert_eq!(all.helpers, target::HELPERS);
    assert_eq!(
        (all.paired_households, all.paired_people),
        (target::PAIRED_HOUSEHOLDS, target::PAIRED_PEOPLE)
    );
    assert_eq!(all.poor_income.per_capita(), Some(Fen::from_yuan(6660)));
    assert_eq!(
        disposable_income(&ix, Scope::All, 2017),
        Some(Fen::from_yuan(11295))
    );
    assert_eq!(
        disposable_income(&ix, Scope::All, 2016),
        Some(Fen::from_yuan(10527))
    );
    let funds = funds_by_source(&ix, Scope::All, 2017, d);
    let sum = |s: FundSource| funds.iter().find(|f| f.0 == s).map(|f| f.1).unwrap();
    assert_eq!(
        sum(FundSource::Integrated).amount,
        Fen::from_yuan(1_126_000_000)
    );
    assert_eq!(
        sum(FundSource::CountyFiscal).amount,
        Fen::from_yuan(80_200_000)
    );
    assert_eq!(sum(FundSource::Loan).amount, Fen::from_yuan(144_000_000));
    assert_eq!(
        (
            sum(FundSource::MutualAid).count,
            sum(FundSource::MutualAid).amount
        ),
        (110, Fen::from_yuan(26_000_000))
    );
    for u in fund_uses(&ix, Scope::All, d) {
        assert!(
            u.balance() >= Fen::ZERO && u.spent <= u.amount,
            "fund {} overspent",
            reg.funds[u.fund].id
        );
    }
    // Spent is what was paid out: every done order with a fund and an amount was disbursed.
    let integrated = sum(FundSource::Integrated);
    assert!(integrated.spent > Fen::ZERO && integrated.spent <= integrated.allocated);
    let delivered = delivered_quantities(&ix, Scope::All, d);
    let of = |m: &str| {
        delivered
            .iter()
            .find(|x| reg.measures[x.measure].id == m)
            .unwrap_or_else(|| panic!("{m} delivered nothing"))
    };
    assert_eq!(of("me-sheep").quantity, 2465.0);
    assert_eq!(of("me-potato").quantity, 52_500.0);
}

/// The seed's helping half, each figure counted from records (orders, projects, loans, pairings).
#[test]
fn demo_county_reproduces_the_seed_helping_figures() {
    use jingzhun::domain::helping;
    let reg = demo::county();
    let ix = Index::new(&reg);
    let d = Date::parse(demo::AS_OF).unwrap();
    let delivered = delivered_quantities(&ix, Scope::All, d);
    let of = |m: &str| {
        delivered
            .iter()
            .find(|x| reg.measures[x.measure].id == m)
            .unwrap_or_else(|| panic!("{m} delivered nothing"))
            .clone()
    };
    assert_eq!(of("me-ecom-village").records, target::ECOMMERCE_VILLAGES);
    assert_eq!(of("me-ecom-station").records, target::ECOMMERCE_STATIONS);
    let stations = reg
        .regions
        .iter()
        .filter_map(|r| r.body.as_ref())
        .filter(|r| r.ecommerce_station == Some(true))
        .count() as u64;
    assert_eq!(stations, target::ECOMMERCE_STATIONS);
    let training = of("me-training-class");
    assert_eq!(
        (training.records, training.quantity as u64),
        (target::TRAINING_CLASSES, target::PEOPLE_TRAINED)
    );
    let labour = of("me-labour");
    assert_eq!(labour.quantity as u64, target::LABOURERS_PLACED);
    assert_eq!(labour.income, Fen::from_yuan(target::LABOUR_INCOME));
    let zones = of("me-breeding-zone");
    assert_eq!(
        (zones.records, zones.quantity as u64),
        (target::BREEDING_ZONES, target::LIVESTOCK_HEAD)
    );
    // Every poor household is paired (2,674 paired include all 1,439 poor).
    let coverage = helping::pairing_coverage(&ix, Scope::All, d);
    assert_eq!(coverage.poor_households, target::POOR_HOUSEHOLDS);
    assert_eq!(coverage.paired, target::POOR_HOUSEHOLDS);
    // Loans: some outstanding, a few overdue.
    let book = helping::loan_book(&ix, Scope::All, d);
    assert!(book.outstanding_count > 0 && book.overdue_count > 0);
    assert!(book.overdue <= book.outstanding);
    // Orders by state sum to every order and project up to 2017.
    let orders = helping::orders_by_status(&ix, Scope::All, Date::end_of_year(2017));
    let n: u64 = orders.iter().map(|o| o.count).sum();
    assert_eq!(n as usize, reg.assistance.len());
}

#[test]
fn demo_county_is_a_valid_exchange_file_and_mostly_clean() {
    let reg = demo::county();
    let text = exchange::to_json(&reg, "2017-10-23T08:00:00Z", "demo", None);
    let back = exchange::parse(text.as_bytes(), None)
        .unwrap_or_else(|p| panic!("{:?}", &p[..p.len().min(5)]));
    assert_eq!(back.registry, reg);
    let ix = Index::new(&reg);
    let findings = quality::check(&ix, Scope::All, Date::parse(demo::AS_OF).unwrap());
    // A real registry has some findings; the demo's come from its deliberate imperfections only.
    assert!(
        findings
            .iter()
            .all(|f| f.rule != quality::QualityRule::IdNumber
                && f.rule != quality::QualityRule::DuplicateIdNumber),
        "{:?}",
        findings
            .iter()
            .find(|f| f.rule == quality::QualityRule::DuplicateIdNumber)
    );
}
