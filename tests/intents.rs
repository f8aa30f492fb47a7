//! The intents, run natively against the memory store as the browser runs them against
//! IndexedDB: each change lands with its history in one commit, a stale edit is refused and
//! changes nothing, an import keeps a backup and appears in the registry's history, a stale
//! preview is planned again, restore and backup deletion work, and the views' models agree
//! (the household page and its card take one exit-check year).

mod support;

use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::edit::HouseholdDraft;
use jingzhun::domain::household_list::{self, Filters, SortKey};
use jingzhun::domain::household_sheet;
use jingzhun::domain::index::Index;
use jingzhun::domain::merge::Decisions;
use jingzhun::domain::model::*;
use jingzhun::domain::money::Fen;
use jingzhun::exchange;
use jingzhun::intents::{self, Actor, IntentError};
use jingzhun::store::memory::MemoryStore;
use jingzhun::store::{self, RecordStore, StoreError, Subject};
use jingzhun::text::Locale;
use support::{block_on, counted_id};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn actor(replica: &str) -> Actor {
    Actor {
        replica: replica.into(),
        who: "王主任".into(),
        now: "2026-12-01T08:00:00Z".into(),
        today: d("2017-10-23"),
        new_id: counted_id,
    }
}

/// A store holding the base registry of the corpus.
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

fn first_live(reg: &Registry) -> (String, Household) {
    let r = reg.households.iter().find(|h| h.body.is_some()).unwrap();
    (r.id.clone(), r.body.clone().unwrap())
}

#[test]
fn a_household_saved_lands_with_its_history_and_a_stale_save_changes_nothing() {
    let (s, reg) = base();
    let (id, h) = first_live(&reg);
    let mut edited = h.clone();
    edited.phone = Some("13900001111".into());
    let done = block_on(intents::households::save(
        &s,
        &actor("rA"),
        &reg,
        &id,
        edited,
        jingzhun::msg!(saved),
    ))
    .unwrap();
    assert_eq!(block_on(s.load()).unwrap(), done.registry);
    let history =
        block_on(s.history(&Subject::Record(Collection::Households, id.clone()))).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].who, "王主任");
    assert_eq!(history[0].what[0].render(Locale::En), "changed phone");

    // A second tab still holds the registry from before that save: its edit is refused whole,
    // and the first tab's phone number stands.
    let mut other = h;
    other.group = Some("9社".into());
    let refused = block_on(intents::households::save(
        &s,
        &actor("rA"),
        &reg,
        &id,
        other,
        jingzhun::msg!(saved),
    ));
    assert!(matches!(
        refused,
        Err(IntentError::Store(StoreError::Stale { .. }))
    ));
    let now = block_on(s.load()).unwrap();
    assert_eq!(now, done.registry);
    assert_eq!(
        now.live::<Household>(&id).unwrap().phone.as_deref(),
        Some("13900001111")
    );
}

#[test]
fn the_form_asks_before_writing_over_another_tabs_edit() {
    let (s, reg) = base();
    let (id, h) = first_live(&reg);
    // Another tab changed the group after this form opened.
    let mut theirs = h.clone();
    theirs.group = Some("另一个社".into());
    let after = block_on(intents::households::save(
        &s,
        &actor("rB"),
        &reg,
        &id,
        theirs,
        jingzhun::msg!(saved),
    ))
    .unwrap()
    .registry;
    let mut draft = HouseholdDraft::from_household(&h);
    draft.group = "本表单的社".into();
    let ask = block_on(intents::households::save_form(
        &s,
        &actor("rA"),
        &after,
        &id,
        &draft,
        Some(&h),
        false,
    ));
    assert_eq!(ask, Err(IntentError::WouldOverwrite));
    let saved = block_on(intents::households::save_form(
        &s,
        &actor("rA"),
        &after,
        &id,
        &draft,
        Some(&h),
        true,
    ))
    .unwrap();
    assert_eq!(
        saved
            .registry
            .live::<Household>(&id)
            .unwrap()
            .group
            .as_deref(),
        Some("本表单的社")
    );
    // A form with errors saves nothing and names the field.
    draft.members[0].name.clear();
    match block_on(intents::households::save_form(
        &s,
        &actor("rA"),
        &saved.registry,
        &id,
        &draft,
        None,
        true,
    )) {
        Err(IntentError::Invalid(errors)) => {
            assert!(errors.iter().any(|e| e.field == "members.0.name"))
        }
        other => panic!("expected the form's errors, got {other:?}"),
    }
}

#[test]
fn an_exit_that_fails_its_check_needs_a_reason_and_identification_registers_the_household() {
    let (s, reg) = base();
    let (id, h) = first_live(&reg);
    let status = jingzhun::domain::calc::status_at(&h, d("2017-10-23"));
    let a = actor("rA");
    if status == Some(Status::Poor) {
        let check = jingzhun::domain::calc::exit_check(
            &h,
            2017,
            &jingzhun::domain::rules::Rules::new(&reg.settings),
        );
        let first = block_on(intents::households::change_status(
            &s,
            &a,
            &reg,
            &id,
            d("2017-12-01"),
            Status::Exited,
            "达标",
            None,
        ));
        if check.passes() {
            assert!(first.is_ok());
        } else {
            assert!(matches!(first, Err(IntentError::NeedsOverride(_))));
            let done = block_on(intents::households::change_status(
                &s,
                &a,
                &reg,
                &id,
                d("2017-12-01"),
                Status::Exited,
                "达标",
                Some("县里批准"),
            ))
            .unwrap();
            let e = done.registry.live::<Household>(&id).unwrap();
            assert!(e
                .status_events
                .last()
                .unwrap()
                .reason
                .as_ref()
                .unwrap()
                .contains("县里批准"));
        }
    }
    // A new candidate walks the six steps; approval registers it as poor that day.
    let mut reg = block_on(s.load()).unwrap();
    let village = reg
        .regions
        .iter()
        .find(|r| r.live().is_some_and(|b| b.kind == RegionKind::Village))
        .unwrap()
        .id
        .clone();
    let mut draft = HouseholdDraft::new_household(&village, "m-new".into());
    draft.members[0].name = "赵新".into();
    reg = block_on(intents::households::save_form(
        &s, &a, &reg, "h-new", &draft, None, false,
    ))
    .unwrap()
    .registry;
    for (k, day) in [
        "2017-10-24",
        "2017-10-25",
        "2017-10-26",
        "2017-10-27",
        "2017-10-28",
        "2017-11-05",
    ]
    .iter()
    .enumerate()
    {
        reg = block_on(intents::households::record_identification_step(
            &s,
            &a,
            &reg,
            "h-new",
            d(day),
            StepResult::Pass,
            if k == 0 { "收入核实" } else { "" },
        ))
        .unwrap()
        .registry;
    }
    let h = reg.live::<Household>("h-new").unwrap();
    assert_eq!(h.identification.len(), 6);
    assert_eq!(
        jingzhun::domain::calc::status_at(h, d("2017-11-05")),
        Some(Status::Poor)
    );
    // A seventh step is refused in words, and nothing is written.
    let commits = *s.commits.borrow();
    let refused = block_on(intents::households::record_identification_step(
        &s,
        &a,
        &reg,
        "h-new",
        d("2017-11-06"),
        StepResult::Pass,
        "",
    ));
    assert!(matches!(refused, Err(IntentError::Refused(_))));
    assert_eq!(*s.commits.borrow(), commits);
}

#[test]
fn regions_are_added_edited_over_a_base_and_deleted_only_when_empty() {
    let (s, reg) = base();
    let a = actor("rA");
    let township = reg
        .regions
        .iter()
        .find(|r| r.live().is_some_and(|b| b.kind == RegionKind::Township))
        .unwrap()
        .id
        .clone();
    let reg = block_on(intents::regions::add(
        &s,
        &a,
        &reg,
        "r-new",
        RegionKind::Village,
        "新村",
        Some(&township),
    ))
    .unwrap()
    .registry;
    let opened = reg.live::<Region>("r-new").unwrap().clone();
    let with_figures =
        jingzhun::domain::regions::with_year_figures(&opened, "2017", "1200", "85,000").unwrap();
    assert_eq!(with_figures.collective_income[0].yuan, Fen(8_500_000));
    assert!(jingzhun::domain::regions::with_year_figures(&opened, "17", "", "").is_err());
    let reg = block_on(intents::regions::update(
        &s,
        &a,
        &reg,
        "r-new",
        with_figures,
        &opened,
        false,
    ))
    .unwrap()
    .registry;
    // Edited elsewhere since the editor opened: asked before writing over it.
    let stale = block_on(intents::regions::update(
        &s,
        &a,
        &reg,
        "r-new",
        opened.clone(),
        &opened,
        false,
    ));
    assert_eq!(stale, Err(IntentError::WouldOverwrite));
    // A township with villages under it cannot go; the empty village can.
    assert!(matches!(
        block_on(intents::regions::delete(&s, &a, &reg, &township)),
        Err(IntentError::Refused(_))
    ));
    let reg = block_on(intents::regions::delete(&s, &a, &reg, "r-new"))
        .unwrap()
        .registry;
    assert!(reg.record::<Region>("r-new").unwrap().is_tombstone());
    let mut sorted = reg;
    store::sort_by_id(&mut sorted);
    assert_eq!(block_on(s.load()).unwrap(), sorted);
}

#[test]
fn an_import_keeps_a_backup_appears_in_the_history_and_a_stale_preview_is_planned_again() {
    let (s, reg) = base();
    let a = actor("rA");
    let mut theirs = reg.clone();
    let (id, mut h) = first_live(&theirs);
    h.address = Some("新地址".into());
    let rec = theirs
        .households
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|r| r.id == id)
        .unwrap();
    rec.body = Some(h);
    rec.bump("rFile", "2026-12-01T07:00:00Z");
    let text = exchange::to_json(&theirs, "2026-12-01T07:00:00Z", "rFile", None);
    let prepared = exchange::prepare_import(&reg, text.as_bytes()).unwrap();

    // Another tab saves the same household after the preview: the import is planned again.
    let mut edited = reg.live::<Household>(&id).unwrap().clone();
    edited.phone = Some("13900002222".into());
    let moved = block_on(intents::households::save(
        &s,
        &actor("rB"),
        &reg,
        &id,
        edited,
        jingzhun::msg!(saved),
    ))
    .unwrap()
    .registry;
    let again = block_on(intents::registry::import(
        &s,
        &a,
        &moved,
        &prepared,
        &Decisions::default(),
        "village.json",
    ));
    let Err(IntentError::Replanned(plan)) = again else {
        panic!("expected a new plan, got {again:?}");
    };
    assert_eq!(
        plan.conflicts().count(),
        1,
        "both sides changed the household"
    );
    assert!(
        block_on(s.backups()).unwrap().is_empty(),
        "nothing done yet"
    );

    let prepared = exchange::PreparedImport {
        file: prepared.file,
        plan: *plan,
    };
    let decisions = Decisions {
        default: jingzhun::domain::merge::Choice::Incoming,
        ..Default::default()
    };
    let done = block_on(intents::registry::import(
        &s,
        &a,
        &moved,
        &prepared,
        &decisions,
        "village.json",
    ))
    .unwrap();
    assert_eq!(
        done.registry
            .live::<Household>(&id)
            .unwrap()
            .address
            .as_deref(),
        Some("新地址")
    );
    let backups = block_on(s.backups()).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(block_on(s.load_backup(&backups[0].id)).unwrap(), moved);
    let h = block_on(s.history(&Subject::Registry)).unwrap();
    assert!(h[0].what[0].render(Locale::En).contains("village.json"));

    // Restoring that backup brings back the registry as it was, after a backup of this one.
    let restored = block_on(intents::registry::restore_backup(
        &s,
        &a,
        &done.registry,
        &backups[0].id,
    ))
    .unwrap();
    assert_eq!(restored.registry, moved);
    assert_eq!(block_on(s.load()).unwrap(), moved);
    assert_eq!(block_on(s.backups()).unwrap().len(), 2);
    block_on(intents::registry::delete_backup(&s, &backups[0].id)).unwrap();
    assert_eq!(block_on(s.backups()).unwrap().len(), 1);
}

/// An import into a registry with no record checks the county once, when the file is read: the
/// merged registry is the file's records, the very ones the rules accepted. Into a registry that
/// holds anything, or with records that no reader checked, the merged registry is checked again.
#[test]
fn an_import_into_an_empty_registry_is_the_files_records_checked_once() {
    let (_, county) = base();
    let text = exchange::to_json(&county, "2026-12-01T07:00:00Z", "rFile", None);
    // Settings of its own, no record: the rules never read the settings.
    let mut empty = Registry::default();
    empty.settings.poverty_lines.insert(2016, Fen(300_000));
    let prepared = exchange::prepare_import(&empty, text.as_bytes()).unwrap();
    let merged = exchange::merge_import(&empty, &prepared, &Decisions::default(), "rA", "now");
    assert!(exchange::merged_is_the_file(&empty, &prepared, &merged));
    for check in [
        exchange::MergedCheck::Contents,
        exchange::MergedCheck::Links,
    ] {
        assert_eq!(exchange::check_merged(&merged, check), vec![]);
    }
    let s = MemoryStore::default();
    let done = block_on(intents::registry::import(
        &s,
        &actor("rA"),
        &empty,
        &prepared,
        &Decisions::default(),
        "county.json",
    ))
    .unwrap();
    assert_eq!(done.registry.households, county.households);
    assert_eq!(done.registry.pairings, county.pairings);
    assert_eq!(block_on(s.load()).unwrap(), done.registry);

    // One region already there: the merged registry is checked again.
    let mut one_region = empty.clone();
    one_region.regions.push(county.regions[0].clone());
    let prepared = exchange::prepare_import(&one_region, text.as_bytes()).unwrap();
    let merged = exchange::merge_import(&one_region, &prepared, &Decisions::default(), "rA", "n");
    assert!(!exchange::merged_is_the_file(
        &one_region,
        &prepared,
        &merged
    ));

    // Records no reader checked (a sync's pull) are checked again even into an empty registry.
    let mut pulled = exchange::prepare_import(&empty, text.as_bytes()).unwrap();
    pulled.file.checked = false;
    let merged = exchange::merge_import(&empty, &pulled, &Decisions::default(), "rA", "n");
    assert!(!exchange::merged_is_the_file(&empty, &pulled, &merged));
}

#[test]
fn a_full_disk_writes_nothing_and_says_so() {
    let (s, reg) = base();
    let (id, mut h) = first_live(&reg);
    h.phone = Some("13900003333".into());
    *s.fail_next.borrow_mut() = Some(StoreError::Full);
    let e = block_on(intents::households::save(
        &s,
        &actor("rA"),
        &reg,
        &id,
        h,
        jingzhun::msg!(saved),
    ))
    .unwrap_err();
    assert!(e.message().render(Locale::En).contains("nothing was saved"));
    assert_eq!(block_on(s.load()).unwrap(), reg);
    assert!(
        block_on(s.history(&Subject::Record(Collection::Households, id)))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn poverty_lines_are_typed_as_people_type_money() {
    let (s, reg) = base();
    let done = block_on(intents::registry::set_poverty_line(
        &s, &reg, "2021", "4,100",
    ))
    .unwrap();
    assert_eq!(done.registry.settings.poverty_lines[&2021], Fen(410_000));
    for (year, yuan) in [
        ("21", "4100"),
        ("2021", "-1"),
        ("2021", "4100.001"),
        ("x", "1"),
    ] {
        assert!(
            block_on(intents::registry::set_poverty_line(&s, &reg, year, yuan)).is_err(),
            "{year} {yuan}"
        );
    }
}

#[test]
fn the_household_page_and_its_card_check_the_same_year() {
    // Incomes imported as [2017, 2016]: the card used to take the last entry in list order
    // (2016) while the page took the highest year (2017).
    let mut reg = demo::county();
    let pos = reg
        .households
        .iter()
        .position(|h| h.body.as_ref().is_some_and(|b| b.incomes.len() >= 2))
        .unwrap();
    let id = reg.households[pos].id.clone();
    let b = std::sync::Arc::make_mut(&mut reg.households[pos])
        .body
        .as_mut()
        .unwrap();
    b.incomes.sort_by_key(|i| std::cmp::Reverse(i.year));
    let latest = b.incomes[0].year;
    let ix = Index::new(&reg);
    let sheet = household_sheet::sheet(&ix, &id, d(demo::AS_OF)).unwrap();
    assert_eq!(sheet.exit_year, latest);
    assert_eq!(
        sheet.incomes[0].year, latest,
        "the card lists the latest year first"
    );
    assert_eq!(sheet.exit_check.year, latest);
}

#[test]
fn the_list_finds_by_any_member_filters_and_sorts() {
    let reg = demo::county();
    let ix = Index::new(&reg);
    let rows = household_list::rows(&ix, d(demo::AS_OF));
    assert_eq!(
        rows.len(),
        reg.households.iter().filter(|h| h.body.is_some()).count()
    );
    // Search finds a household by a member who is not its head, in any case of an X.
    let (hi, h) = reg
        .households
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.live().filter(|b| b.members.len() > 2).map(|b| (i, b)))
        .unwrap();
    let other = &h.members[2];
    let found = household_list::matches(&rows, &other.name, &Filters::default(), None);
    assert!(found.iter().any(|&k| rows[k].pos == hi));
    // Filters narrow; the poor filter counts what status_at counts.
    let poor = Filters {
        status: Some(Status::Poor),
        ..Default::default()
    };
    let n = household_list::matches(&rows, "", &poor, None).len();
    let want = reg
        .households
        .iter()
        .filter_map(|r| r.live())
        .filter(|b| jingzhun::domain::calc::status_at(b, d(demo::AS_OF)) == Some(Status::Poor))
        .count();
    assert_eq!(n, want);
    assert_eq!(poor.in_use(), 1);
    // Sorting by people, descending, puts the largest household first.
    let sorted = household_list::matches(
        &rows,
        "",
        &Filters::default(),
        Some((SortKey::People, true)),
    );
    let max = rows.iter().map(|r| r.people).max().unwrap();
    assert_eq!(rows[sorted[0]].people, max);
}
