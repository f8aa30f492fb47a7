//! The record store: what is committed is loaded back as it was; a failed commit (a full disk)
//! writes nothing; a later commit writes only what changed; a put over a version that is no longer
//! the stored one is refused whole; history and backups are kept and listed.

mod support;

use jingzhun::domain::demo;
use jingzhun::domain::model::{Collection, Household, Registry};
use jingzhun::msg;
use jingzhun::store::memory::MemoryStore;
use jingzhun::store::{self, Base, HistoryEntry, RecordStore, StoreError, Subject};
use jingzhun::text::Locale;
use proptest::prelude::*;
use support::{block_on, gen};

fn load(s: &MemoryStore) -> Registry {
    block_on(s.load()).unwrap()
}

fn sorted(mut reg: Registry) -> Registry {
    store::sort_by_id(&mut reg);
    reg
}

#[test]
fn the_demo_county_is_stored_and_loaded_back() {
    let reg = demo::county();
    let s = MemoryStore::default();
    block_on(s.commit(store::batch_replacing(&reg))).unwrap();
    assert_eq!(load(&s), sorted(reg));
}

fn first_household(reg: &mut Registry) -> &mut jingzhun::domain::model::Record<Household> {
    reg.households
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|h| h.body.is_some())
        .unwrap()
}

#[test]
fn a_failed_commit_changes_nothing_and_a_later_one_writes_only_the_change() {
    let reg = gen::registry(7, "");
    let s = MemoryStore::default();
    block_on(s.commit(store::batch_replacing(&reg))).unwrap();
    let mut edited = reg.clone();
    let h = first_household(&mut edited);
    h.body.as_mut().unwrap().group = Some("9社".into());
    let h = h.clone();
    let batch = store::batch_between(&reg, &edited);
    assert_eq!(batch.puts.len(), 1);
    assert_eq!(batch.puts[0].record.id(), h.id);
    let old_rev = reg.record::<Household>(&h.id).unwrap().rev.clone();
    assert_eq!(batch.puts[0].base, Base::Rev(old_rev));
    *s.fail_next.borrow_mut() = Some(StoreError::Full);
    assert_eq!(block_on(s.commit(batch.clone())), Err(StoreError::Full));
    assert_eq!(load(&s), sorted(reg), "nothing of the failed batch landed");
    let said = StoreError::Full.message();
    assert!(said.render(Locale::Zh).contains("未保存"));
    assert!(said.render(Locale::En).contains("nothing was saved"));
    block_on(s.commit(batch)).unwrap();
    assert_eq!(load(&s), sorted(edited.clone()));
    let mut removed = edited.clone();
    let gone = removed.tasks.remove(0).id.clone();
    let batch = store::batch_between(&edited, &removed);
    assert!(batch.puts.is_empty());
    assert_eq!(batch.removes, vec![(Collection::Tasks, gone)]);
}

#[test]
fn a_put_over_a_version_that_is_no_longer_stored_is_refused_and_nothing_lands() {
    let reg = gen::registry(11, "");
    let s = MemoryStore::default();
    block_on(s.commit(store::batch_replacing(&reg))).unwrap();
    // Tab A saves an edit of the household.
    let mut a = reg.clone();
    let ha = first_household(&mut a);
    ha.body.as_mut().unwrap().phone = Some("13900000001".into());
    ha.bump("rtab", "2026-12-01T00:00:00Z");
    let id = ha.id.clone();
    block_on(s.commit(store::batch_between(&reg, &a))).unwrap();
    // Tab B edited the same household from the version it read before A saved, and also a
    // region: its batch is refused whole, and A's edit stands.
    let mut b = reg.clone();
    let hb = first_household(&mut b);
    hb.body.as_mut().unwrap().phone = Some("13900000002".into());
    hb.bump("rtab", "2026-12-01T00:00:01Z");
    std::sync::Arc::make_mut(&mut b.regions[0])
        .body
        .as_mut()
        .unwrap()
        .name = "改名".into();
    let refused = block_on(s.commit(store::batch_between(&reg, &b)));
    assert_eq!(
        refused,
        Err(StoreError::Stale {
            collection: Collection::Households,
            id: id.clone()
        })
    );
    let now = load(&s);
    assert_eq!(now, sorted(a));
    assert_eq!(
        now.live::<Household>(&id).unwrap().phone.as_deref(),
        Some("13900000001")
    );
    // A record that should be new but exists is refused as well.
    let mut batch = store::batch_between(&Registry::default(), &now);
    batch.puts.truncate(1);
    assert_eq!(batch.puts[0].base, Base::Absent);
    assert!(matches!(
        block_on(s.commit(batch)),
        Err(StoreError::Stale { .. })
    ));
}

#[test]
fn history_is_written_with_its_change_and_backups_are_listed_loaded_and_deleted() {
    let reg = gen::registry(5, "");
    let s = MemoryStore::default();
    let subject = Subject::Record(Collection::Households, "h-1".into());
    let mut batch = store::batch_replacing(&reg);
    batch.history.push(HistoryEntry {
        subject: subject.clone(),
        who: "王".into(),
        when: "2026-12-01T08:00:00Z".into(),
        what: vec![msg!(history_created)],
    });
    *s.fail_next.borrow_mut() = Some(StoreError::Full);
    assert!(block_on(s.commit(batch.clone())).is_err());
    assert!(
        block_on(s.history(&subject)).unwrap().is_empty(),
        "history only with its change"
    );
    block_on(s.commit(batch)).unwrap();
    let h = block_on(s.history(&subject)).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].what[0].render(Locale::En), "created");
    // A history entry survives its JSON form, and an old two-language entry still reads.
    assert_eq!(
        HistoryEntry::from_json(&h[0].to_json()).as_ref(),
        Some(&h[0])
    );
    let old = serde_json::json!({"who": "李", "when": "2026-01-01T00:00:00Z", "zh": ["修改电话"], "en": ["changed phone"]});
    let old = HistoryEntry::from_json(&old).unwrap();
    assert_eq!(old.what[0].render(Locale::En), "changed phone / 修改电话");

    let info =
        block_on(s.save_backup(msg!(backup_before_demo), "2026-12-01T09:00:00Z", &reg)).unwrap();
    assert_eq!(info.records, reg.len());
    assert!(info.bytes > 0);
    assert_eq!(block_on(s.backups()).unwrap(), vec![info.clone()]);
    assert_eq!(block_on(s.load_backup(&info.id)).unwrap(), reg);
    block_on(s.delete_backup(&info.id)).unwrap();
    assert!(block_on(s.backups()).unwrap().is_empty());
    assert_eq!(block_on(s.load_backup(&info.id)), Err(StoreError::NotFound));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Store then load is the identity, whatever the registry.
    #[test]
    fn store_then_load_is_the_identity(seed in any::<u64>()) {
        let reg = gen::registry(seed, "");
        let s = MemoryStore::default();
        block_on(s.commit(store::batch_replacing(&reg))).unwrap();
        prop_assert_eq!(load(&s), sorted(reg));
    }
}

#[test]
fn a_batch_with_a_record_the_loader_would_refuse_is_refused() {
    let mut reg = gen::registry(3, "");
    assert!(store::check_batch(&store::batch_replacing(&reg)).is_ok());
    if let Some(h) = reg
        .households
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|h| h.body.is_some())
    {
        h.body.as_mut().unwrap().status_events.clear();
        let problems = store::check_batch(&store::batch_replacing(&reg)).unwrap_err();
        assert_eq!(
            problems[0].path.field(),
            Some("status_events"),
            "{problems:?}"
        );
    }
}

/// A registry with one household's phone changed and its version counted by `replica`.
fn edit_household(reg: &Registry, k: usize, phone: &str, replica: &str) -> Registry {
    let mut next = reg.clone();
    let live: Vec<usize> = next
        .households
        .iter()
        .enumerate()
        .filter(|(_, h)| h.body.is_some())
        .map(|(i, _)| i)
        .collect();
    let h = std::sync::Arc::make_mut(&mut next.households[live[k]]);
    h.body.as_mut().unwrap().phone = Some(phone.into());
    h.bump(replica, "2017-10-24T08:00:00Z");
    next
}

#[test]
fn two_tabs_one_store_an_edit_over_another_tabs_change_is_refused_and_others_land() {
    let reg = demo::county();
    let a = MemoryStore::default();
    block_on(a.commit(store::batch_replacing(&reg))).unwrap();
    let b = a.other_tab();
    let (ra, rb) = (load(&a), load(&b));
    // Tab B changes the first household; tab A, still on what it read, changes it too: refused.
    let b1 = edit_household(&rb, 0, "13900000001", "rB");
    block_on(b.commit(store::batch_between(&rb, &b1))).unwrap();
    let a1 = edit_household(&ra, 0, "13900000002", "rA");
    let refused = block_on(a.commit(store::batch_between(&ra, &a1)));
    assert!(
        matches!(refused, Err(StoreError::Stale { .. })),
        "{refused:?}"
    );
    // Another household, which B did not touch, lands from A's old view.
    let a2 = edit_household(&ra, 1, "13900000003", "rA");
    block_on(a.commit(store::batch_between(&ra, &a2))).unwrap();
    let now = load(&b);
    let phone = |r: &Registry, k: usize| {
        r.households
            .iter()
            .filter_map(|h| h.body.as_ref())
            .nth(k)
            .unwrap()
            .phone
            .clone()
    };
    assert_eq!(phone(&now, 0).as_deref(), Some("13900000001"));
    assert_eq!(phone(&now, 1).as_deref(), Some("13900000003"));
    // The same tab saving twice from one registry (a double click) is refused the second time.
    let again = block_on(a.commit(store::batch_between(&ra, &a2)));
    assert!(matches!(again, Err(StoreError::Stale { .. })), "{again:?}");
}

#[test]
fn a_large_change_is_written_as_a_snapshot_and_a_long_log_folds_into_one() {
    let reg = demo::county();
    let s = MemoryStore::default();
    block_on(s.commit(store::batch_replacing(&reg))).unwrap();
    let gen = s.snapshot_meta().gen;
    // Every chunk stays inside the database's own pages.
    let sizes = s.chunk_sizes();
    assert!(sizes.len() > 10);
    assert!(
        sizes.iter().all(|&n| n <= store::journal::CHUNK_BYTES),
        "{:?}",
        sizes.iter().max()
    );
    // Small edits go to the log, one entry each.
    let mut now = load(&s);
    for k in 0..5 {
        let next = edit_household(&now, k, &format!("1380000000{k}"), "rA");
        block_on(s.commit(store::batch_for(&now, &next))).unwrap();
        now = next;
    }
    assert_eq!((s.log_len(), s.snapshot_meta().gen), (5, gen));
    assert_eq!(load(&s), sorted(now.clone()));
    // A change of more records than a log entry should hold writes a new snapshot instead.
    let mut many = now.clone();
    for h in many
        .households
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .take(store::journal::SNAPSHOT_ABOVE_PUTS + 1)
    {
        if let Some(b) = h.body.as_mut() {
            b.address = Some("新址".into());
            h.bump("rA", "2017-10-25T08:00:00Z");
        }
    }
    let batch = store::batch_for(&now, &many);
    assert!(batch.replace_all && !batch.checks.is_empty());
    block_on(s.commit(batch)).unwrap();
    assert_eq!((s.log_len(), s.snapshot_meta().gen), (0, gen + 1));
    assert_eq!(load(&s), sorted(many.clone()));
    // The log folded: one snapshot, nothing to replay, the same registry.
    let next = edit_household(&many, 0, "13700000000", "rA");
    block_on(s.commit(store::batch_for(&many, &next))).unwrap();
    assert!(block_on(s.fold(&next)).unwrap());
    assert_eq!(s.log_len(), 0);
    assert_eq!(load(&s), sorted(next));
}

/// A snapshot written a few records at a time (so the page can paint between steps) is the
/// snapshot written at once, chunk for chunk, and reads back as the registry.
#[test]
fn a_snapshot_written_in_steps_is_the_snapshot_written_at_once() {
    use jingzhun::store::journal::{self, SnapshotWriter};
    for reg in [
        jingzhun::domain::demo::county(),
        jingzhun::domain::demo::large_county_with_villages(300, 7),
        Registry::default(),
    ] {
        let whole = journal::snapshot_chunks(&reg);
        for budget in [1, 3, 64, 1000] {
            let mut w = SnapshotWriter::default();
            let mut steps = 0;
            while !w.step(&reg, budget) {
                steps += 1;
            }
            assert!(steps >= reg.len() / budget, "{steps} steps of {budget}");
            assert_eq!(w.finish(), whole, "steps of {budget}");
        }
        let mut back = journal::reopen(&whole, &[]).unwrap();
        let mut want = reg.clone();
        jingzhun::store::sort_by_id(&mut back);
        jingzhun::store::sort_by_id(&mut want);
        assert_eq!(back, want);
    }
}

// The snapshot's binary record format (`store::codec`).

use jingzhun::store::codec::{self, Input, Value as _};
use jingzhun::store::journal;

/// Every record of a registry, written and read back alone.
fn each_record_reads_back(reg: &Registry) -> Result<(), String> {
    for &c in Collection::ALL {
        for i in 0..codec::count(c, reg) {
            let mut bytes = Vec::new();
            codec::put_nth(c, reg, i, &mut bytes);
            let back = codec::read_any(c, &mut Input::new(&bytes)).map_err(|e| e.0)?;
            let mut again = Vec::new();
            codec::put_any(&mut again, &back);
            if again != bytes {
                return Err(format!("{} {i} reads back otherwise", c.code()));
            }
        }
    }
    Ok(())
}

#[test]
fn every_record_of_the_demo_county_reads_back_from_its_bytes() {
    let reg = demo::county();
    each_record_reads_back(&reg).unwrap();
    // And as a snapshot: chunks within IndexedDB's inline size, read back whole.
    let chunks = journal::snapshot_chunks(&reg);
    assert!(chunks.iter().all(|c| c.len() <= journal::CHUNK_BYTES));
    assert!(!journal::is_json(&chunks));
    assert!(journal::reopen(&chunks, &[]).unwrap() == sorted(reg));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Written then read is the identity, record by record, whatever the registry.
    #[test]
    fn every_record_reads_back_whatever_the_registry(seed in any::<u64>()) {
        prop_assert_eq!(each_record_reads_back(&gen::registry(seed, "")), Ok(()));
    }
}

/// A member with every field filled.
fn full_member() -> jingzhun::domain::model::Member {
    use jingzhun::domain::codes::*;
    use jingzhun::domain::date::Date;
    let mut m = jingzhun::domain::model::Member::new("m-1", "张三", Sex::Female, Relation::Spouse);
    let d = Date::from_ymd(1980, 2, 29).unwrap();
    m.national_code = Some("62072519800229002X".into());
    m.id_number = Some("62072519800229002X".into());
    m.birth_date = Some(d);
    m.joined_date = Some(d);
    m.left_date = Some(Date::from_ymd(2019, 1, 1).unwrap());
    m.left_reason = Some(LeftReason::ALL[LeftReason::ALL.len() - 1]);
    m.health = Some(Health::ALL[1]);
    m.disability_grade = Some(2);
    m.education = Some(Education::ALL[2]);
    m.schooling = Some(Schooling::ALL[0]);
    m.labor = Some(Labor::ALL[1]);
    m.work = Some(Work::ALL[0]);
    m.medical_insurance = Some(false);
    m.pension_insurance = Some(true);
    m.skill_trained = Some(false);
    m
}

/// The fields of a message (its bytes without their length).
fn fields_of(v: &impl codec::Value) -> Vec<u8> {
    let mut bytes = Vec::new();
    v.put(&mut bytes);
    Input::new(&bytes).delimited().unwrap().to_vec()
}

fn message(fields: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    codec::put_delimited(&mut out, |o| o.extend_from_slice(fields));
    out
}

/// A later version may add fields: this one passes over those it does not know, of every kind,
/// and reads the rest.
#[test]
fn a_field_this_version_does_not_know_is_passed_over() {
    let m = full_member();
    let mut fields = fields_of(&m);
    codec::put_key(&mut fields, 99, codec::VARINT);
    codec::put_varint(&mut fields, 300);
    codec::put_key(&mut fields, 98, codec::FIXED64);
    fields.extend_from_slice(&1.5f64.to_le_bytes());
    codec::put_key(&mut fields, 97, codec::BYTES);
    "新字段".to_string().put(&mut fields);
    let back = jingzhun::domain::model::Member::get(&mut Input::new(&message(&fields))).unwrap();
    assert_eq!(back, m);
}

/// A field that must be there and is not, or of the wrong kind, is refused in words that say
/// which; an optional field absent reads as absent.
#[test]
fn a_message_without_a_required_field_is_refused_by_name() {
    use jingzhun::domain::model::Member;
    let m = full_member();
    // The member's name is field 2: the message without it.
    let mut only_id = Vec::new();
    codec::put_key(&mut only_id, 1, codec::BYTES);
    m.id.put(&mut only_id);
    let err = Member::get(&mut Input::new(&message(&only_id))).unwrap_err();
    assert!(err.0.contains("no name"), "{err:?}");
    // The name as a number.
    let mut wrong = only_id.clone();
    codec::put_key(&mut wrong, 2, codec::VARINT);
    codec::put_varint(&mut wrong, 1);
    let err = Member::get(&mut Input::new(&message(&wrong))).unwrap_err();
    assert!(err.0.contains("Member"), "{err:?}");
    // Every required field and nothing else: the optional ones are absent.
    let bare = Member::new("m-2", "李四", m.sex, m.relation);
    let mut bytes = Vec::new();
    bare.put(&mut bytes);
    assert_eq!(Member::get(&mut Input::new(&bytes)).unwrap(), bare);
}

/// Damaged bytes (cut short anywhere, or any byte changed) are refused or read; never a panic.
#[test]
fn a_damaged_chunk_is_refused_never_a_panic() {
    let reg = demo::county();
    let chunks = journal::snapshot_chunks(&reg);
    let chunk = chunks
        .iter()
        .find(|c| c.get(1) == Some(&1))
        .expect("a chunk of households");
    let cuts = chunk.len().min(4_000);
    for cut in 2..cuts {
        let mut r = Registry::default();
        // Read or refused, whatever the cut (a cut between two records reads those before it).
        let _ = journal::read_chunk(&chunk[..cut], 0, &mut r);
    }
    let mut refused = 0;
    for at in (1..chunk.len()).step_by(13) {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut damaged = chunk.clone();
            damaged[at] ^= flip;
            let mut r = Registry::default();
            refused += journal::read_chunk(&damaged, 0, &mut r).is_err() as usize;
        }
    }
    assert!(refused > 0);
    // Not a chunk at all.
    let mut r = Registry::default();
    assert!(journal::read_chunk(&[0xB1, 0x7e], 0, &mut r).is_err());
    assert!(journal::read_chunk(&[0x00], 0, &mut r).is_err());
}

/// Records are kept in the order of their ids' numbers, whatever the ids' script.
#[test]
fn records_are_sorted_by_the_number_their_id_ends_in() {
    let mut reg = Registry::default();
    for id in ["h-10", "户2", "h-2", "户10", "h-x", "h-02"] {
        reg.households.push(gen::rec(id.to_string(), "a", None));
    }
    store::sort_by_id(&mut reg);
    let ids: Vec<&str> = reg.households.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["h-02", "h-2", "h-10", "h-x", "户2", "户10"]);
}

const SNAPSHOT_FIXTURE: &str = "tests/fixtures/snapshot-binary-1";

fn fixture_path(ext: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{SNAPSHOT_FIXTURE}.{ext}"))
}

/// Chunks as one file: each a 4-byte length and its bytes.
fn join_chunks(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in chunks {
        out.extend_from_slice(&(c.len() as u32).to_le_bytes());
        out.extend_from_slice(c);
    }
    out
}

fn split_chunks(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 4 {
        let n = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        out.push(bytes[4..4 + n].to_vec());
        bytes = &bytes[4 + n..];
    }
    out
}

/// Writes the fixture of the first binary snapshot format (run by hand with `--ignored`, once:
/// the fixture then stays, so that every later version is tested against what this one wrote):
/// one village of the demo county, as its exchange file and as snapshot chunks.
#[test]
#[ignore]
fn write_the_fixture_of_the_first_binary_snapshot() {
    let county = demo::county();
    let village = county
        .regions
        .iter()
        .find(|r| {
            r.live()
                .is_some_and(|b| b.kind == jingzhun::domain::codes::RegionKind::Village)
        })
        .unwrap()
        .id
        .clone();
    let text = jingzhun::exchange::to_json(
        &jingzhun::exchange::subset(&county, &village),
        "2017-10-23T00:00:00Z",
        "fixture",
        Some(&village),
    );
    let reg = sorted(
        jingzhun::exchange::parse(text.as_bytes(), None)
            .unwrap()
            .registry,
    );
    std::fs::write(fixture_path("json"), &text).unwrap();
    std::fs::write(
        fixture_path("chunks"),
        join_chunks(&journal::snapshot_chunks(&reg)),
    )
    .unwrap();
    let codes: String = codec::code_lists()
        .into_iter()
        .map(|(name, codes)| format!("{name}: {}\n", codes.join(" ")))
        .collect();
    std::fs::write(fixture_path("codes"), codes).unwrap();
}

/// A snapshot the first binary version wrote reads, in every later version, as the registry its
/// exchange file reads as: no field renumbered, no code moved.
#[test]
fn a_snapshot_the_first_binary_version_wrote_reads_as_its_file() {
    let text = std::fs::read(fixture_path("json")).unwrap();
    let from_file = jingzhun::exchange::parse(&text, None).unwrap().registry;
    let chunks = split_chunks(&std::fs::read(fixture_path("chunks")).unwrap());
    assert!(!chunks.is_empty() && !journal::is_json(&chunks));
    let from_snapshot = journal::reopen(&chunks, &[]).unwrap();
    assert!(from_snapshot.households.len() > 10);
    assert!(
        from_snapshot == sorted(from_file.clone()),
        "the snapshot no longer reads as it was written"
    );
    // And this version writes the same bytes for it.
    assert!(
        join_chunks(&journal::snapshot_chunks(&sorted(from_file))) == join_chunks(&chunks),
        "this version writes other bytes for the same registry"
    );
}

/// Codes are stored as their place in their list: each list as the first binary version had it
/// is still the start of the list now (new codes go at the end).
#[test]
fn every_code_keeps_its_place_in_the_stored_format() {
    let pinned = std::fs::read_to_string(fixture_path("codes")).unwrap();
    let now: std::collections::BTreeMap<_, _> = codec::code_lists().into_iter().collect();
    for line in pinned.lines() {
        let (name, codes) = line.split_once(':').unwrap();
        let was: Vec<&str> = codes.split_whitespace().collect();
        let is = &now[name];
        assert!(
            is.len() >= was.len() && is[..was.len()] == was[..],
            "{name}: the stored format had {was:?}, this version has {is:?}"
        );
    }
    assert_eq!(pinned.lines().count(), now.len(), "a coded type not pinned");
}

/// The mark a device keeps of its store tells a store the browser deleted from a new one.
#[test]
fn a_store_found_empty_where_the_mark_says_records_were_is_lost_and_a_new_one_is_not() {
    use jingzhun::store::StoreMark;
    let mark = StoreMark {
        records: 27_730,
        seq: 41,
        saved_at: "2026-12-02T21:40:00.000Z".into(),
    };
    assert_eq!(StoreMark::parse(&mark.to_text()), Some(mark.clone()));
    assert_eq!(StoreMark::parse("not a mark"), None);
    assert_eq!(StoreMark::parse("12 x 2026"), None);
    // Deleted by the browser: nothing at all where records were.
    assert!(mark.lost_in(0, 0));
    // Whatever is there is not a lost store: an earlier layout's records, or a log.
    assert!(!mark.lost_in(3, 0));
    assert!(!mark.lost_in(0, 7));
    // A device whose store was empty when last saved has nothing to lose.
    let empty = StoreMark {
        records: 0,
        ..mark.clone()
    };
    assert!(!empty.lost_in(0, 0));
    // Made again under an open tab: its log is behind what the tab read.
    assert!(StoreMark::went_back(41, 0));
    assert!(!StoreMark::went_back(41, 41));
    assert!(!StoreMark::went_back(41, 44));
}

/// A log entry of `reg`'s first `take` records, `removes` households removed, and maybe the
/// settings.
fn entry_of(reg: &Registry, seq: u64, take: usize, removes: usize) -> journal::LogEntry {
    journal::LogEntry {
        seq,
        puts: store::batch_replacing(reg)
            .puts
            .into_iter()
            .take(take)
            .map(|p| p.record)
            .collect(),
        removes: reg
            .households
            .iter()
            .take(removes)
            .map(|h| (Collection::Households, h.id.clone()))
            .collect(),
        settings: seq.is_multiple_of(2).then(|| reg.settings.clone()),
    }
}

/// An entry as the previous version wrote it: its records' exchange JSON.
fn earlier_json(e: &journal::LogEntry) -> Vec<u8> {
    use jingzhun::exchange::wire::write_any;
    let puts: Vec<serde_json::Value> = e
        .puts
        .iter()
        .map(|r| serde_json::json!({"c": r.collection().code(), "r": write_any(r)}))
        .collect();
    let removes: Vec<serde_json::Value> = e
        .removes
        .iter()
        .map(|(c, id)| serde_json::json!({"c": c.code(), "id": id}))
        .collect();
    let mut v = serde_json::json!({"seq": e.seq, "puts": puts, "removes": removes});
    if let Some(s) = &e.settings {
        v["settings"] = jingzhun::exchange::write::settings(s).unwrap_or(serde_json::json!({}));
    }
    v.to_string().into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// A log entry reads back from its bytes as it was, whatever it holds; and a log that still
    /// holds entries of the previous version (JSON) reads them as they were.
    #[test]
    fn a_log_entry_reads_back_from_its_bytes_and_the_previous_versions_json_too(
        seed in any::<u64>(),
        take in 0usize..60,
        removes in 0usize..4,
    ) {
        let reg = gen::registry(seed, "");
        let entry = entry_of(&reg, seed % 1_000 + 1, take, removes);
        let bytes = entry.to_bytes();
        prop_assert_eq!(bytes[0], journal::LOG_TAG);
        prop_assert!(!journal::is_earlier(&bytes));
        prop_assert_eq!(&journal::LogEntry::from_bytes(&bytes).unwrap(), &entry);
        let json = earlier_json(&entry);
        prop_assert!(journal::is_earlier(&json));
        prop_assert_eq!(
            journal::read_log(&[json, bytes]).unwrap(),
            vec![entry.clone(), entry]
        );
    }
}

/// A field a later version adds to an entry is passed over; damaged entries (cut short, a byte
/// changed) are refused or read, never a panic, and a JSON entry is not read as binary.
#[test]
fn a_log_entry_with_an_unknown_field_reads_and_a_damaged_one_never_panics() {
    let reg = demo::county();
    let entry = entry_of(&reg, 8, 30, 2);
    let mut later = entry.to_bytes();
    codec::put_key(&mut later, 9, codec::VARINT);
    codec::put_varint(&mut later, 77);
    assert_eq!(journal::LogEntry::from_bytes(&later).unwrap(), entry);
    let bytes = entry.to_bytes();
    for cut in 0..bytes.len().min(3_000) {
        let _ = journal::LogEntry::from_bytes(&bytes[..cut]);
    }
    assert!(journal::LogEntry::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    let mut refused = 0;
    for at in (0..bytes.len()).step_by(7) {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut damaged = bytes.clone();
            damaged[at] ^= flip;
            refused += journal::LogEntry::from_bytes(&damaged).is_err() as usize;
        }
    }
    assert!(refused > 0);
    assert!(journal::LogEntry::from_bytes(&earlier_json(&entry)).is_err());
    // Without its sequence number an entry is refused, not read as entry 0.
    let mut no_seq = vec![journal::LOG_TAG];
    codec::put_key(&mut no_seq, 9, codec::VARINT);
    codec::put_varint(&mut no_seq, 1);
    assert!(journal::LogEntry::from_bytes(&no_seq).is_err());
}
