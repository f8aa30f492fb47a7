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
    assert_eq!(all.helpers.len() as u64, target::HELPERS);
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
    let funds = funds_by_source(&ix, Scope::All, 2017);
    let amount = |s: FundSource| funds.iter().find(|f| f.0 == s).map(|f| (f.1, f.2));
    assert_eq!(
        amount(FundSource::Integrated).unwrap().1,
        Fen::from_yuan(1_126_000_000)
    );
    assert_eq!(
        amount(FundSource::CountyFiscal).unwrap().1,
        Fen::from_yuan(80_200_000)
    );
    assert_eq!(
        amount(FundSource::Loan).unwrap().1,
        Fen::from_yuan(144_000_000)
    );
    assert_eq!(
        amount(FundSource::MutualAid).unwrap(),
        (110, Fen::from_yuan(26_000_000))
    );
    for u in fund_uses(&ix, Scope::All) {
        assert!(
            u.balance() >= Fen::ZERO,
            "fund {} overspent",
            reg.funds[u.fund].id
        );
    }
    let delivered = delivered_quantities(&ix, Scope::All, d);
    let qty = |m: &str| {
        delivered
            .iter()
            .find(|x| reg.measures[x.0].id == m)
            .map(|x| x.2)
    };
    assert_eq!(qty("me-sheep"), Some(2465.0));
    assert_eq!(qty("me-potato"), Some(52_500.0));
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
