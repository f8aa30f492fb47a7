//! 帮扶责任人名单 as a sheet: the pairings the app exports read back into a registry that lacks
//! them give the same paired figures; read into the registry that has them, nothing changes; a
//! sheet with a wrong row is refused whole, by row and column.

mod support;

use jingzhun::domain::calc;
use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::id_number::IdNumbers;
use jingzhun::domain::index::Index;
use jingzhun::domain::merge::{self, Decisions};
use jingzhun::domain::model::*;
use jingzhun::domain::pairing_sheet::{self, PairingColumn, PairingContext};
use jingzhun::domain::roster::Sheet;
use jingzhun::exchange;
use jingzhun::text::Locale;

fn ctx() -> PairingContext<'static> {
    PairingContext {
        replica: "sheet",
        now: "2017-10-23T08:00:00Z",
        today: Date::parse(demo::AS_OF).unwrap(),
        id_prefix: "x1",
    }
}

fn sheet_of(reg: &Registry, d: Date) -> Sheet {
    let t = pairing_sheet::pairings_table(&Index::new(reg), d, true, IdNumbers::Full);
    Sheet {
        header: t.header.clone(),
        rows: t.text_rows(),
    }
}

fn paired(reg: &Registry, d: Date) -> calc::Tally {
    let ix = Index::new(reg);
    calc::tallies(&ix, d, 2017)
        .get(jingzhun::domain::index::Scope::All)
        .clone()
}

#[test]
fn exported_pairings_read_back_into_a_registry_without_them_give_the_same_figures() {
    let reg = demo::county();
    let d = Date::parse(demo::AS_OF).unwrap();
    let sheet = sheet_of(&reg, d);
    assert!(pairing_sheet::looks_like_pairings(&sheet.header));
    let mapping = pairing_sheet::guess_mapping(&sheet.header);
    assert!(mapping.iter().all(Option::is_some), "{:?}", sheet.header);
    let mut bare = reg.clone();
    bare.helpers.clear();
    bare.pairings.clear();
    bare.visits.clear();
    let read = pairing_sheet::read(&bare, sheet.header.len(), &sheet.rows, &mapping, &ctx())
        .unwrap_or_else(|p| panic!("{:?}", &p[..p.len().min(3)]));
    assert_eq!(read.pairings_new, sheet.rows.len());
    assert_eq!(read.unchanged, 0);
    // Through the exchange pipeline, as the app takes it in.
    let json = exchange::to_json(&read.incoming, "2017-10-23T08:00:00Z", "sheet", None);
    let file = exchange::parse(json.as_bytes(), Some(&bare)).unwrap();
    let plan = merge::plan(&bare, &file.registry);
    let merged = merge::apply(
        &bare,
        &file.registry,
        &plan,
        &Decisions::default(),
        "here",
        "2017-10-23T09:00:00Z",
    );
    let (before, after) = (paired(&reg, d), paired(&merged, d));
    assert_eq!(after.paired_households, before.paired_households);
    assert_eq!(after.paired_people, before.paired_people);
    assert_eq!(after.helpers, before.helpers);

    // The same sheet into the registry that has them: every row unchanged, nothing new.
    let again =
        pairing_sheet::read(&reg, sheet.header.len(), &sheet.rows, &mapping, &ctx()).unwrap();
    assert_eq!((again.pairings_new, again.helpers_new), (0, 0));
    assert_eq!(again.unchanged, sheet.rows.len());
    assert!(again.incoming.helpers.is_empty() && again.incoming.pairings.is_empty());
}

#[test]
fn a_sheet_in_the_national_systems_columns_pairs_and_a_wrong_row_refuses_it_whole() {
    let reg = demo::county();
    let ix = Index::new(&reg);
    let d = Date::parse(demo::AS_OF).unwrap();
    // Two unpaired households' heads, as the national list names them.
    let paired = jingzhun::domain::helping::paired_households(&ix, d);
    let unpaired: Vec<&Household> = reg
        .households
        .iter()
        .enumerate()
        .filter(|&(i, _)| !paired[i])
        .filter_map(|(_, r)| r.live())
        .filter(|h| h.head().and_then(|m| m.id_number.as_ref()).is_some())
        .take(2)
        .collect();
    let head = |h: &Household| h.head().unwrap().clone();
    let header: Vec<String> = [
        "帮扶人姓名",
        "工作单位",
        "职务",
        "联系电话",
        "户主姓名",
        "户主身份证号",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let row = |h: &Household| {
        vec![
            "郭新民".to_string(),
            "县扶贫办".to_string(),
            "副主任".to_string(),
            "13809360001".to_string(),
            head(h).name,
            head(h).id_number.unwrap(),
        ]
    };
    let rows = vec![row(unpaired[0]), row(unpaired[1])];
    let mapping = pairing_sheet::guess_mapping(&header);
    let read = pairing_sheet::read(&reg, header.len(), &rows, &mapping, &ctx()).unwrap();
    assert_eq!(
        (read.helpers_new, read.pairings_new),
        (1, 2),
        "one helper, two households"
    );
    let helper = read.incoming.helpers[0].live().unwrap();
    assert_eq!(helper.work_unit.as_deref(), Some("县扶贫办"));

    // A head whose name does not match, an ID number nobody has, a bad date: all three named.
    let mut bad = rows.clone();
    bad[0][4] = "张冒名".into();
    bad.push(vec![
        "郭新民".into(),
        String::new(),
        String::new(),
        String::new(),
        "某某".into(),
        "620000190001010000".into(),
    ]);
    let mut header2 = header.clone();
    header2.push("结对时间".into());
    for r in &mut bad {
        r.push(String::new());
    }
    bad[1][6] = "去年春天".into();
    let mapping2 = pairing_sheet::guess_mapping(&header2);
    let problems = pairing_sheet::read(&reg, header2.len(), &bad, &mapping2, &ctx()).unwrap_err();
    let at: Vec<(usize, Option<PairingColumn>)> =
        problems.iter().map(|p| (p.row, p.column)).collect();
    assert_eq!(
        at,
        [
            (2, Some(PairingColumn::HeadName)),
            (3, Some(PairingColumn::Start)),
            (4, Some(PairingColumn::HeadIdNumber)),
        ]
    );
    assert!(problems[0].msg.render(Locale::Zh).contains("张冒名"));

    // Without the ID-number column mapped, nothing is read.
    let partial: Vec<Option<PairingColumn>> = mapping
        .iter()
        .map(|c| c.filter(|c| *c != PairingColumn::HeadIdNumber))
        .collect();
    let problems = pairing_sheet::read(&reg, header.len(), &rows, &partial, &ctx()).unwrap_err();
    assert_eq!(problems[0].column, Some(PairingColumn::HeadIdNumber));
}
