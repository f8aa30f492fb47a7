//! The roster (花名册) in both directions: column mapping, reading cells as people type them, the
//! round trip export → CSV → import into an empty registry, idempotent re-import, legacy sheets
//! without ids, and every kind of bad row told by row and column with nothing changed.

use std::collections::BTreeMap;

use jingzhun::domain::calc::tallies;
use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::index::{Index, Scope};
use jingzhun::domain::merge::{Decisions, Outcome};
use jingzhun::domain::model::{Collection, Registry};
use jingzhun::domain::money::Fen;
use jingzhun::domain::roster::{self, Column, IdNumbers, ImportContext, IncomePart, Sheet};
use jingzhun::exchange::roster::prepare_roster;
use jingzhun::exchange::{self, csv, Problem};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn ctx(today: &str) -> ImportContext<'static> {
    ImportContext {
        replica: "importer",
        now: "2017-10-23T08:00:00Z",
        today: Date::parse(today).unwrap(),
        id_prefix: "imp",
    }
}

fn sheet(header: &[&str], rows: &[&[&str]]) -> Sheet {
    Sheet {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect(),
    }
}

/// Reads, plans and applies a sheet with the guessed mapping, as the app does.
fn import(local: &Registry, s: &Sheet, today: &str) -> Result<Registry, Vec<Problem>> {
    let mapping = roster::guess_mapping(&s.header, &BTreeMap::new());
    let c = ctx(today);
    let (prepared, _) = prepare_roster(local, s, &mapping, &c)?;
    exchange::finish_import(local, &prepared, &Decisions::default(), c.replica, c.now)
}

fn csv_sheet(reg: &Registry, d: Date) -> Sheet {
    let ix = Index::new(reg);
    let t = roster::table(&ix, Scope::All, d, IdNumbers::Full);
    csv::read(&csv::write(&t.header_zh(), &t.rows)).unwrap()
}

#[test]
fn the_demo_county_survives_a_roster_round_trip_through_csv() {
    let as_of = d(demo::AS_OF);
    let original = demo::county();
    let s = csv_sheet(&original, as_of);
    let mapping = roster::guess_mapping(&s.header, &BTreeMap::new());
    assert!(
        mapping.iter().all(Option::is_some),
        "our own headers are all recognised"
    );
    let c = ctx(demo::AS_OF);
    let (prepared, summary) = prepare_roster(&Registry::default(), &s, &mapping, &c).unwrap();
    assert_eq!(summary.rows_read, s.rows.len());
    assert_eq!(summary.households_read, 4722);
    assert_eq!(summary.regions_created.len(), 1 + 8 + 116);
    assert_eq!(
        prepared.plan.count(Collection::Households, Outcome::Added),
        4722
    );
    let imported = exchange::finish_import(
        &Registry::default(),
        &prepared,
        &Decisions::default(),
        c.replica,
        c.now,
    )
    .unwrap();

    // The roster of the imported registry is the roster it came from, cell for cell.
    let ix = Index::new(&imported);
    let again = roster::table(&ix, Scope::All, as_of, IdNumbers::Full);
    let before = roster::table(&Index::new(&original), Scope::All, as_of, IdNumbers::Full);
    assert_eq!(again.columns, before.columns);
    assert_eq!(again.rows, before.rows);

    // And the household figures are the same.
    let (a, b) = (
        tallies(&Index::new(&original), as_of, 2017).total,
        tallies(&ix, as_of, 2017).total,
    );
    assert_eq!(b.poor_households, demo::target::POOR_HOUSEHOLDS);
    assert_eq!(b.poor_people, demo::target::POOR_PEOPLE);
    assert_eq!(b.exited_households, demo::target::EXITED_HOUSEHOLDS);
    assert_eq!(b.exited_people, demo::target::EXITED_PEOPLE);
    assert_eq!(
        (a.registered_households, a.poor_income),
        (b.registered_households, b.poor_income)
    );

    // Importing the same roster again changes nothing.
    let (prepared, summary) = prepare_roster(&imported, &s, &mapping, &c).unwrap();
    assert_eq!(summary.unchanged, 4722);
    assert!(summary.regions_created.is_empty());
    for &col in Collection::ALL {
        assert_eq!(prepared.plan.count(col, Outcome::Added), 0);
        assert_eq!(prepared.plan.count(col, Outcome::Replaced), 0);
    }
}

#[test]
fn a_corrected_cell_is_an_edit_of_that_household_only() {
    let as_of = d(demo::AS_OF);
    let reg = demo::county();
    let mut s = csv_sheet(&reg, as_of);
    let phone = s.header.iter().position(|h| h == "联系电话").unwrap();
    let hid = s.header.iter().position(|h| h == "户编号").unwrap();
    let id = s.rows[0][hid].clone();
    for r in s.rows.iter_mut().filter(|r| r[hid] == id) {
        r[phone] = "13900000000".into();
    }
    let mapping = roster::guess_mapping(&s.header, &BTreeMap::new());
    let c = ctx(demo::AS_OF);
    let (prepared, summary) = prepare_roster(&reg, &s, &mapping, &c).unwrap();
    assert_eq!(summary.unchanged, 4721);
    assert_eq!(
        prepared
            .plan
            .count(Collection::Households, Outcome::Replaced),
        1
    );
    let merged =
        exchange::finish_import(&reg, &prepared, &Decisions::default(), c.replica, c.now).unwrap();
    let h = merged.households.iter().find(|h| h.id == id).unwrap();
    assert_eq!(h.live().unwrap().phone.as_deref(), Some("13900000000"));
    assert_eq!(
        h.rev.get("importer"),
        Some(&1),
        "counted as this copy's edit"
    );
    let old = reg.households.iter().find(|h| h.id == id).unwrap();
    assert_eq!(
        h.live().unwrap().identification,
        old.live().unwrap().identification,
        "what the roster does not carry is kept"
    );
}

const LEGACY: &[&str] = &[
    "序号",
    "乡镇",
    "村",
    "姓名",
    "身份证号码",
    "性别",
    "关系",
    "贫困户属性",
    "致贫原因",
    "状态",
    "识别日期",
    "2017年工资性收入",
    "2017年转移性收入",
];

#[test]
fn a_legacy_sheet_without_ids_creates_households_and_matches_them_next_time() {
    let reg = demo::county();
    let ix = Index::new(&reg);
    // A village of the demo county, and its township.
    let village = reg
        .regions
        .iter()
        .find(|r| r.live().is_some_and(|b| b.kind == RegionKind::Village))
        .unwrap();
    let v = village.live().unwrap();
    let township = ix
        .region(*ix.region_pos(v.parent_id.as_deref().unwrap()).unwrap())
        .unwrap();
    let head = jingzhun::domain::id_number::make("620725", d("1970-03-01"), 11);
    let wife = jingzhun::domain::id_number::make("620725", d("1972-05-06"), 12);
    let s = sheet(
        LEGACY,
        &[
            &[
                "1",
                &township.name,
                &v.name,
                "马德海",
                &head,
                "",
                "户主",
                "一般户",
                "因病",
                "贫困",
                "2014/10/1",
                "8,000",
                "1200.5",
            ],
            &[
                "2",
                "",
                "",
                "马秀英",
                &wife,
                "",
                "配偶",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &["", "", "", "", "", "", "", "", "", "", "", "", ""],
        ],
    );
    let mapping = roster::guess_mapping(&s.header, &BTreeMap::new());
    assert_eq!(mapping[0], None, "序号 is not imported");
    assert_eq!(mapping[6], Some(Column::Relation));
    assert_eq!(mapping[11], Some(Column::Income(2017, IncomePart::Wage)));
    let merged = import(&reg, &s, demo::AS_OF).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(merged.households.len(), reg.households.len() + 1);
    let h = merged.households.last().unwrap().live().unwrap();
    assert_eq!(h.village_id, village.id);
    assert_eq!(
        h.attribute,
        Attribute::General,
        "一般户 reads as 一般贫困户"
    );
    assert_eq!(h.members.len(), 2);
    assert_eq!(h.members[0].sex, Sex::Male, "sex from the ID number");
    assert_eq!(h.members[1].sex, Sex::Female);
    assert_eq!(h.status_events.len(), 1);
    assert_eq!(h.status_events[0].date, d("2014-10-01"));
    assert_eq!(h.status_events[0].status, Status::Poor);
    let income = h.income(2017).unwrap();
    assert_eq!(income.wage, Some(Fen(800_000)));
    assert_eq!(income.transfer, Some(Fen(120_050)));

    // The same sheet again: the household is found by its members' ID numbers.
    let mapping = roster::guess_mapping(&s.header, &BTreeMap::new());
    let (prepared, summary) = prepare_roster(&merged, &s, &mapping, &ctx(demo::AS_OF)).unwrap();
    assert_eq!(summary.unchanged, 1);
    assert_eq!(
        prepared.plan.count(Collection::Households, Outcome::Added),
        0
    );
}

fn problems_of(reg: &Registry, s: &Sheet) -> Vec<(String, String)> {
    let p = import(reg, s, demo::AS_OF).expect_err("refused");
    // A roster problem names its place (row and column) before its reason.
    p.into_iter()
        .map(|p| {
            let zh = p.text(jingzhun::text::Locale::Zh);
            let (place, why) = zh.split_once(": ").unwrap_or(("", &zh));
            (place.to_string(), why.to_string())
        })
        .collect()
}

#[test]
fn every_bad_row_is_told_by_row_and_column() {
    let reg = demo::county();
    let good = jingzhun::domain::id_number::make("620725", d("1970-03-01"), 11);
    let mut bad = good.clone();
    let last = if bad.ends_with('1') { '2' } else { '1' };
    bad.replace_range(17.., &last.to_string());
    let header = [
        "县",
        "乡镇",
        "村",
        "姓名",
        "身份证号",
        "性别",
        "与户主关系",
        "户属性",
        "主要致贫原因",
        "状态变化",
        "出生日期",
        "2017年工资性收入",
    ];
    let row = |name: &str,
               id: &str,
               rel: &str,
               attr: &str,
               events: &str,
               birth: &str,
               wage: &str|
     -> Vec<String> {
        [
            "山丹县",
            "位奇镇",
            "新村",
            name,
            id,
            "男",
            rel,
            attr,
            "因病",
            events,
            birth,
            wage,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let s = Sheet {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows: vec![
            row("甲", &bad, "户主", "一般", "2014-10-01 贫困", "", "100"),
            row("乙", "", "配偶", "低保", "", "1990-02-30", "-5"),
            row("丙", "", "户主", "一般", "2014-10-01 穷", "", "1.234"),
            row("", "", "子女", "一般", "", "", ""),
        ],
    };
    let found = problems_of(&reg, &s);
    let has = |path: &str, words: &str| {
        assert!(
            found.iter().any(|(p, zh)| p == path && zh.contains(words)),
            "expected {path}: …{words}… in {found:#?}"
        )
    };
    has("第 3 行 · 户属性", "不一致");
    has("第 3 行 · 出生日期", "不是日期");
    has("第 4 行 · 状态变化", "不是状态");
    has("第 4 行 · 2017年工资性收入", "两位小数");
    has("第 5 行 · 姓名", "必须填写");

    // Once the cells read, the same rules as a JSON file speak, by row and column.
    let s = Sheet {
        header: s.header.clone(),
        rows: vec![
            row("甲", &bad, "户主", "一般", "2014-10-01 贫困", "", ""),
            row(
                "乙",
                &good,
                "户主",
                "一般",
                "2014-10-01 贫困",
                "1971-01-01",
                "",
            ),
        ],
    };
    let found = problems_of(&reg, &s);
    let has = |path: &str, words: &str| {
        assert!(
            found.iter().any(|(p, zh)| p == path && zh.contains(words)),
            "expected {path}: …{words}… in {found:#?}"
        )
    };
    has("第 2 行 · 身份证号", "校验");
    has("第 3 行 · 出生日期", "");
    let s = Sheet {
        header: s.header.clone(),
        rows: vec![row(
            "甲",
            &good,
            "户主",
            "一般",
            "2014-10-01 贫困",
            "",
            "-5",
        )],
    };
    assert_eq!(problems_of(&reg, &s)[0].0, "第 2 行 · 2017年工资性收入");

    // A row that belongs to no household, a missing required column, a village nobody knows.
    let s = sheet(&["村", "姓名", "与户主关系"], &[&["新村", "丁", "子女"]]);
    assert_eq!(problems_of(&reg, &s)[0].0, "第 2 行 · 户编号");
    let s = sheet(&["村", "姓名"], &[&["新村", "丁"]]);
    assert!(problems_of(&reg, &s)[0].1.contains("与户主关系"));
    let s = sheet(
        &["村", "姓名", "与户主关系", "性别", "户属性", "主要致贫原因"],
        &[&["无此村", "丁", "户主", "男", "一般", "因病"]],
    );
    assert!(problems_of(&reg, &s)[0].1.contains("不在登记中"));
}

#[test]
fn cells_read_as_people_type_them() {
    assert_eq!(Date::parse_typed("2017/3/5"), Some(d("2017-03-05")));
    assert_eq!(Date::parse_typed("2017.03.05"), Some(d("2017-03-05")));
    assert_eq!(Date::parse_typed("20170305"), Some(d("2017-03-05")));
    assert_eq!(Date::parse_typed("2017年3月5日"), Some(d("2017-03-05")));
    assert_eq!(
        Date::parse_typed("2017-03-05T00:00:00"),
        Some(d("2017-03-05"))
    );
    assert_eq!(Date::parse_typed("2017-02-30"), None);
    assert_eq!(
        Date::parse_typed("3/5/2017"),
        None,
        "day-first or month-first is a guess"
    );
    assert_eq!(Fen::parse_typed("12,000.50"), Ok(Fen(1_200_050)));
    assert_eq!(Fen::parse_typed("￥800元"), Ok(Fen(80_000)));
    assert_eq!(Fen::parse_typed("0.10"), Ok(Fen(10)));
    assert_eq!(Fen::parse_typed("3.000"), Ok(Fen(300)));
    assert!(Fen::parse_typed("3.333").is_err());
    assert!(Fen::parse_typed("abc").is_err());
    assert_eq!(roster::parse_bool("是"), Some(true));
    assert_eq!(roster::parse_bool(" N "), Some(false));
    assert_eq!(roster::parse_bool("也许"), None);
    assert_eq!(Status::from_label("贫困"), Some(Status::Poor));
    assert_eq!(Status::from_label("未脱贫"), Some(Status::Poor));
    assert_eq!(Status::from_label("exited"), Some(Status::Exited));
    assert_eq!(Relation::from_label("女婿"), Some(Relation::ChildInLaw));
    assert_eq!(Housing::from_label("C级危房"), Some(Housing::GradeC));
    assert_eq!(
        roster::parse_events("2014-10-01 贫困；2016/12/20 已脱贫：收入稳定").unwrap(),
        vec![
            jingzhun::domain::model::StatusEvent {
                date: d("2014-10-01"),
                status: Status::Poor,
                reason: None
            },
            jingzhun::domain::model::StatusEvent {
                date: d("2016-12-20"),
                status: Status::Exited,
                reason: Some("收入稳定".into())
            },
        ]
    );
}

#[test]
fn the_mapping_is_guessed_remembered_and_never_doubled() {
    let header: Vec<String> = [
        "户主姓名",
        "姓名",
        "成员姓名",
        "身份证号码",
        "2016 wage income",
        "备注",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let m = roster::guess_mapping(&header, &BTreeMap::new());
    assert_eq!(
        m,
        vec![
            None,
            Some(Column::Name),
            None,
            Some(Column::IdNumber),
            Some(Column::Income(2016, IncomePart::Wage)),
            None
        ]
    );
    // The person maps 备注 to the address and drops the ID number: remembered by header text.
    let mut chosen = m.clone();
    chosen[5] = Some(Column::Address);
    chosen[3] = None;
    let remembered = roster::mapping_to_remember(&header, &chosen);
    assert_eq!(roster::guess_mapping(&header, &remembered), chosen);
    for c in Column::FIXED {
        assert_eq!(Column::from_key(&c.key()), Some(*c));
        assert_eq!(
            Column::from_header(&c.label(jingzhun::text::Locale::Zh)),
            Some(*c)
        );
    }
}

#[test]
fn formula_cells_come_back_as_typed() {
    let reg = demo::county();
    let as_of = d(demo::AS_OF);
    let mut s = csv_sheet(&reg, as_of);
    let group = s.header.iter().position(|h| h == "社").unwrap();
    let hid = s.header.iter().position(|h| h == "户编号").unwrap();
    let id = s.rows[0][hid].clone();
    for r in s.rows.iter_mut().filter(|r| r[hid] == id) {
        r[group] = "=HYPERLINK(\"http://x\")".into();
    }
    let ix = Index::new(&reg);
    let t = roster::table(&ix, Scope::All, as_of, IdNumbers::Full);
    let text = csv::write(&s.header, &s.rows);
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
    let back = csv::read(&text).unwrap();
    let merged = import(&reg, &back, demo::AS_OF).unwrap();
    let h = merged.households.iter().find(|h| h.id == id).unwrap();
    assert_eq!(
        h.live().unwrap().group.as_deref(),
        Some("=HYPERLINK(\"http://x\")")
    );
    assert_eq!(t.columns.len(), s.header.len());
}

#[test]
fn a_listed_roster_keeps_the_list_order_and_skips_what_is_not_a_live_counted_household() {
    let mut reg = demo::county();
    std::sync::Arc::make_mut(&mut reg.households[3]).body = None; // deleted meanwhile
    let ix = Index::new(&reg);
    let t = roster::table_of(
        &ix,
        &[7, 3, 2, usize::MAX],
        d("2017-10-23"),
        IdNumbers::Full,
    );
    let id_col = t
        .columns
        .iter()
        .position(|c| *c == Column::HouseholdId)
        .unwrap();
    let mut ids: Vec<&str> = t.rows.iter().map(|r| r[id_col].as_str()).collect();
    ids.dedup();
    assert_eq!(
        ids,
        [reg.households[7].id.as_str(), reg.households[2].id.as_str()]
    );
    let members = reg.households[7].live().unwrap().members.len()
        + reg.households[2].live().unwrap().members.len();
    assert_eq!(t.rows.len(), members);
}

/// The spreadsheet reader (run in the Excel worker) reads a workbook's first sheet as text —
/// dates as dates, booleans as 是/否 — and answers junk with a message, not a panic.
#[test]
fn a_workbook_is_read_as_text_and_junk_is_refused_in_words() {
    use jingzhun::exchange::workbook::read_first_sheet;
    let bytes = std::fs::read("fuzz/seeds/roster.xlsx").unwrap();
    let (header, rows) = read_first_sheet(bytes.clone()).unwrap();
    assert_eq!(header, ["户编号", "姓名", "出生日期", ""]);
    assert_eq!(rows, [vec!["h1", "张三", "25569.5", "是"]]);
    let err = read_first_sheet(b"PK\x03\x04 not really a zip".to_vec()).unwrap_err();
    assert!(err.contains("不是可读的 Excel 文件"), "{err}");
    let cut = read_first_sheet(bytes[..bytes.len() / 2].to_vec()).unwrap_err();
    assert!(cut.chars().count() < 200, "{cut}");
}

/// A roster leaves the device with ID numbers masked unless a person chose full numbers; a
/// masked sheet edited and read back keeps every number as stored, and a masked number that is
/// not the member's is refused by row and column.
#[test]
fn a_masked_roster_shows_no_id_number_and_reads_back_keeping_them() {
    let as_of = d(demo::AS_OF);
    let original = demo::county();
    let ix = Index::new(&original);
    let t = roster::table(&ix, Scope::All, as_of, IdNumbers::Masked);
    let col = t
        .columns
        .iter()
        .position(|c| *c == Column::IdNumber)
        .unwrap();
    let every_id: Vec<&str> = original
        .households
        .iter()
        .filter_map(|h| h.live())
        .flat_map(|h| h.members.iter().filter_map(|m| m.id_number.as_deref()))
        .collect();
    assert!(every_id.len() > 10_000);
    let text = csv::write(&t.header_zh(), &t.rows);
    // No 18-character run of the file is a stored number.
    let ids: std::collections::HashSet<&str> = every_id.iter().copied().collect();
    let chars: Vec<char> = text.chars().collect();
    assert!(
        chars
            .windows(18)
            .all(|w| !ids.contains(w.iter().collect::<String>().as_str())),
        "a full number in the file"
    );
    assert!(t
        .rows
        .iter()
        .all(|r| r[col].is_empty() || r[col].contains("********")));

    // Edited in Excel (a phone changed) and read back: the phone changes, every ID stays.
    let mut s = csv::read(&text).unwrap();
    let phone = t.columns.iter().position(|c| *c == Column::Phone).unwrap();
    let h0 = t.rows[0][0].clone();
    for r in s.rows.iter_mut().filter(|r| r[0] == h0) {
        r[phone] = "13800000000".into();
    }
    let back = import(&original, &s, demo::AS_OF).unwrap();
    let ids_after: Vec<&str> = back
        .households
        .iter()
        .filter_map(|h| h.live())
        .flat_map(|h| h.members.iter().filter_map(|m| m.id_number.as_deref()))
        .collect();
    assert_eq!(ids_after, every_id);
    let changed = back.households.iter().find(|h| h.id == h0).unwrap();
    assert_eq!(
        changed.live().unwrap().phone.as_deref(),
        Some("13800000000")
    );

    // Another member's masked number on a row is refused where it is.
    let mut s = csv::read(&text).unwrap();
    let other = s
        .rows
        .iter()
        .rposition(|r| !r[col].is_empty() && r[col] != s.rows[0][col])
        .unwrap();
    s.rows[0][col] = s.rows[other][col].clone();
    let problems = import(&original, &s, demo::AS_OF).unwrap_err();
    assert!(
        problems.iter().any(|p| {
            let en = p.text(jingzhun::text::Locale::En);
            en.contains("row 2") && en.contains("masked")
        }),
        "{problems:?}"
    );
}
