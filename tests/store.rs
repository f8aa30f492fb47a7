//! The record store: what is committed is loaded back as it was; a failed commit (a full disk)
//! writes nothing; a later commit writes only what changed.

mod support;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use jingzhun::domain::demo;
use jingzhun::store::memory::MemoryStore;
use jingzhun::store::{self, Change, RecordStore, StoreError};
use proptest::prelude::*;
use support::gen;

/// The memory store's futures finish at once: poll until ready.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// What the store gives back, and the same registry in the store's order (by id).
fn load(s: &MemoryStore) -> jingzhun::domain::model::Registry {
    store::registry_from(&block_on(s.load()).unwrap()).unwrap()
}

fn sorted(mut reg: jingzhun::domain::model::Registry) -> jingzhun::domain::model::Registry {
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

#[test]
fn a_failed_commit_changes_nothing_and_a_later_one_writes_only_the_change() {
    let reg = gen::registry(7, "");
    let s = MemoryStore::default();
    block_on(s.commit(store::batch_replacing(&reg))).unwrap();
    let mut edited = reg.clone();
    let h = edited
        .households
        .iter_mut()
        .find(|h| h.body.is_some())
        .unwrap();
    h.body.as_mut().unwrap().group = Some("9社".into());
    let h = h.clone();
    let batch = store::batch_between(&reg, &edited);
    assert_eq!(batch.changes.len(), 1);
    assert!(matches!(&batch.changes[0], Change::Put { id, .. } if *id == h.id));
    *s.fail_next.borrow_mut() = Some(StoreError::Full);
    assert_eq!(block_on(s.commit(batch.clone())), Err(StoreError::Full));
    assert_eq!(load(&s), sorted(reg), "nothing of the failed batch landed");
    assert!(
        StoreError::Full.zh().contains("未保存")
            && StoreError::Full.en().contains("nothing was saved")
    );
    block_on(s.commit(batch)).unwrap();
    assert_eq!(load(&s), sorted(edited.clone()));
    let mut removed = edited.clone();
    let gone = removed.tasks.remove(0).id;
    let batch = store::batch_between(&edited, &removed);
    assert_eq!(
        batch.changes,
        vec![Change::Delete {
            collection: jingzhun::domain::model::Collection::Tasks,
            id: gone
        }]
    );
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
    if let Some(h) = reg.households.iter_mut().find(|h| h.body.is_some()) {
        h.body.as_mut().unwrap().status_events.clear();
        let problems = store::check_batch(&store::batch_replacing(&reg)).unwrap_err();
        assert!(problems[0].path.ends_with("status_events"), "{problems:?}");
    }
}
