//! 应用锁 — the app lock and the records at rest under it. When a person sets a passphrase, every
//! value the store keeps about households (the snapshot's chunks, backups, the log, the change
//! history) and every form draft is sealed under one random **data key** with AES-256-GCM; the
//! data key is itself sealed under a **passphrase key** derived by PBKDF2-HMAC-SHA-256 (the
//! browser's WebCrypto derives it; it is never stored). Changing the passphrase seals the data
//! key again and touches no record; turning the lock off opens every value again.
//!
//! Pure: the browser edge supplies the random bytes and the derived passphrase key. AES runs
//! here rather than in WebCrypto because an IndexedDB transaction commits itself as soon as it
//! waits on anything but its own requests: a commit that must read another tab's sealed log
//! entry inside its transaction can only open it synchronously.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use serde_json::{json, Value};

use crate::exchange::sealed::{base64_decode, base64_encode};

/// The first bytes of a sealed value: what it is and the layout's version.
pub const MAGIC: &[u8; 4] = b"JZs1";
/// A sealed text (a draft, a history entry kept as text) begins with this.
pub const TEXT_PREFIX: &str = "jzs1:";
pub const NONCE_BYTES: usize = 12;
pub const KEY_BYTES: usize = 32;
pub const SALT_BYTES: usize = 16;
/// PBKDF2 iterations for a new lock: as for sealed files (OWASP's figure for SHA-256).
pub const ITERATIONS: u32 = 600_000;
const ITERATIONS_READ: std::ops::RangeInclusive<u64> = 100_000..=10_000_000;
/// The shortest passphrase the lock takes, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 6;
/// Minutes without a touch or a key before the app locks itself, unless the person chose.
pub const DEFAULT_IDLE_MINUTES: u32 = 5;
pub const IDLE_MINUTES: std::ops::RangeInclusive<u32> = 1..=240;

/// Why a sealed value could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenError {
    /// Not sealed under this key, or changed since (AES-GCM cannot tell these apart).
    Wrong,
    /// Too short to be a sealed value.
    Truncated,
}

/// The data key, kept in memory only while the app is unlocked.
#[derive(Clone)]
pub struct DataKey(Aes256Gcm);

impl DataKey {
    pub fn from_bytes(raw: &[u8; KEY_BYTES]) -> DataKey {
        DataKey(Aes256Gcm::new(raw.into()))
    }

    /// `plain` sealed: [`MAGIC`], the nonce, the ciphertext with its tag. The nonce must be fresh
    /// random bytes for every value (96 random bits: no repeat in any realistic number of writes).
    pub fn seal(&self, plain: &[u8], nonce: [u8; NONCE_BYTES]) -> Vec<u8> {
        let sealed = self
            .0
            .encrypt(Nonce::from_slice(&nonce), plain)
            .unwrap_or_default();
        let mut out = Vec::with_capacity(MAGIC.len() + NONCE_BYTES + sealed.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// What [`DataKey::seal`] sealed.
    pub fn open(&self, stored: &[u8]) -> Result<Vec<u8>, OpenError> {
        let head = MAGIC.len() + NONCE_BYTES;
        if !is_sealed(stored) || stored.len() < head + 16 {
            return Err(OpenError::Truncated);
        }
        self.0
            .decrypt(
                Nonce::from_slice(&stored[MAGIC.len()..head]),
                &stored[head..],
            )
            .map_err(|_| OpenError::Wrong)
    }

    /// `text` sealed as text: [`TEXT_PREFIX`] and the sealed bytes in base64.
    pub fn seal_text(&self, text: &str, nonce: [u8; NONCE_BYTES]) -> String {
        format!(
            "{TEXT_PREFIX}{}",
            base64_encode(&self.seal(text.as_bytes(), nonce))
        )
    }

    pub fn open_text(&self, stored: &str) -> Result<String, OpenError> {
        let bytes = stored
            .strip_prefix(TEXT_PREFIX)
            .and_then(base64_decode)
            .ok_or(OpenError::Truncated)?;
        String::from_utf8(self.open(&bytes)?).map_err(|_| OpenError::Wrong)
    }
}

/// Whether a stored value is sealed (else it is plain, written before the lock was set).
pub fn is_sealed(stored: &[u8]) -> bool {
    stored.starts_with(MAGIC)
}

pub fn is_sealed_text(stored: &str) -> bool {
    stored.starts_with(TEXT_PREFIX)
}

/// What the store keeps in the clear about the lock: that there is one, how the passphrase key
/// is derived, the data key sealed under it, and the idle time. Nothing in it reveals a record.
#[derive(Clone, Debug, PartialEq)]
pub struct LockRecord {
    /// Chosen when the lock is set; a tab that unlocked another lock (or none) must read again.
    pub id: String,
    pub iterations: u32,
    pub salt: Vec<u8>,
    /// The data key sealed under the passphrase key ([`DataKey::seal`]'s layout).
    pub wrapped: Vec<u8>,
    pub idle_minutes: u32,
}

impl LockRecord {
    /// A new lock over `data_key`, sealed under `passphrase_key` (derived from the passphrase
    /// with `salt` and `iterations`).
    pub fn new(
        id: String,
        salt: Vec<u8>,
        iterations: u32,
        passphrase_key: &[u8; KEY_BYTES],
        data_key: &[u8; KEY_BYTES],
        nonce: [u8; NONCE_BYTES],
        idle_minutes: u32,
    ) -> LockRecord {
        LockRecord {
            id,
            iterations,
            salt,
            wrapped: DataKey::from_bytes(passphrase_key).seal(data_key, nonce),
            idle_minutes,
        }
    }

    /// The data key, if `passphrase_key` is the one it was sealed under.
    pub fn open(&self, passphrase_key: &[u8; KEY_BYTES]) -> Result<DataKey, OpenError> {
        let raw = DataKey::from_bytes(passphrase_key).open(&self.wrapped)?;
        let raw: [u8; KEY_BYTES] = raw.try_into().map_err(|_| OpenError::Wrong)?;
        Ok(DataKey::from_bytes(&raw))
    }

    /// The same data key under a new passphrase key (the passphrase changed).
    pub fn rewrapped(
        &self,
        old_key: &[u8; KEY_BYTES],
        salt: Vec<u8>,
        new_key: &[u8; KEY_BYTES],
        nonce: [u8; NONCE_BYTES],
    ) -> Result<LockRecord, OpenError> {
        let raw = DataKey::from_bytes(old_key).open(&self.wrapped)?;
        let raw: [u8; KEY_BYTES] = raw.try_into().map_err(|_| OpenError::Wrong)?;
        Ok(LockRecord::new(
            self.id.clone(),
            salt,
            ITERATIONS,
            new_key,
            &raw,
            nonce,
            self.idle_minutes,
        ))
    }

    pub fn to_json(&self) -> String {
        json!({
            "lock": 1,
            "id": self.id,
            "kdf": "PBKDF2-HMAC-SHA-256",
            "cipher": "AES-256-GCM",
            "iterations": self.iterations,
            "salt": base64_encode(&self.salt),
            "wrapped": base64_encode(&self.wrapped),
            "idle_minutes": self.idle_minutes,
        })
        .to_string()
    }

    /// Reads what [`LockRecord::to_json`] wrote; `None` for anything else (a lock record that
    /// cannot be read is treated by the store as damaged, never as "no lock").
    pub fn from_json(text: &str) -> Option<LockRecord> {
        let v: Value = serde_json::from_str(text).ok()?;
        if v["lock"] != 1 {
            return None;
        }
        let iterations = v["iterations"]
            .as_u64()
            .filter(|n| ITERATIONS_READ.contains(n))?;
        let salt = base64_decode(v["salt"].as_str()?)?;
        let wrapped = base64_decode(v["wrapped"].as_str()?)?;
        if salt.len() < SALT_BYTES || !is_sealed(&wrapped) {
            return None;
        }
        let idle = v["idle_minutes"]
            .as_u64()
            .and_then(|m| u32::try_from(m).ok())
            .filter(|m| IDLE_MINUTES.contains(m))
            .unwrap_or(DEFAULT_IDLE_MINUTES);
        Some(LockRecord {
            id: v["id"].as_str()?.to_string(),
            iterations: iterations as u32,
            salt,
            wrapped,
            idle_minutes: idle,
        })
    }
}

/// Why a passphrase is not taken for the lock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PassphraseProblem {
    TooShort,
    Mismatch,
}

/// Checks a new passphrase typed twice.
pub fn check_new_passphrase(first: &str, again: &str) -> Result<(), PassphraseProblem> {
    if first.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseProblem::TooShort);
    }
    if first != again {
        return Err(PassphraseProblem::Mismatch);
    }
    Ok(())
}

/// Whether the app should lock now: `idle_minutes` have passed since the last touch, key or
/// click (times in milliseconds of one clock). A clock that went back locks too: it cannot
/// prove the person was there.
pub fn idle_expired(last_activity_ms: f64, now_ms: f64, idle_minutes: u32) -> bool {
    let idle = now_ms - last_activity_ms;
    !(0.0..f64::from(idle_minutes) * 60_000.0).contains(&idle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(b: u8) -> [u8; KEY_BYTES] {
        [b; KEY_BYTES]
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_hides_its_text() {
        let k = DataKey::from_bytes(&key(7));
        let plain = br#"{"id_number":"620725199001010331","name":"\u5f20\u4e09"}"#;
        let sealed = k.seal(plain, [1; NONCE_BYTES]);
        assert!(is_sealed(&sealed));
        assert!(!sealed.windows(18).any(|w| w == b"620725199001010331"));
        assert_eq!(k.open(&sealed).unwrap(), plain);
        assert_eq!(
            DataKey::from_bytes(&key(8)).open(&sealed),
            Err(OpenError::Wrong)
        );
        let mut changed = sealed.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert_eq!(k.open(&changed), Err(OpenError::Wrong));
        assert_eq!(k.open(&sealed[..20]), Err(OpenError::Truncated));
        assert_eq!(k.open(plain), Err(OpenError::Truncated));
        // A fresh nonce gives another value for the same text.
        assert_ne!(k.seal(plain, [2; NONCE_BYTES]), sealed);
    }

    #[test]
    fn the_data_key_opens_with_the_passphrase_key_and_survives_a_new_passphrase() {
        let data = key(3);
        let lock = LockRecord::new(
            "l1".into(),
            vec![9; SALT_BYTES],
            ITERATIONS,
            &key(1),
            &data,
            [4; NONCE_BYTES],
            5,
        );
        let back = LockRecord::from_json(&lock.to_json()).unwrap();
        assert_eq!(back, lock);
        let sealed = DataKey::from_bytes(&data).seal(b"record", [5; NONCE_BYTES]);
        assert_eq!(
            back.open(&key(1)).unwrap().open(&sealed).unwrap(),
            b"record"
        );
        assert!(back.open(&key(2)).is_err());
        let moved = back
            .rewrapped(&key(1), vec![8; SALT_BYTES], &key(2), [6; NONCE_BYTES])
            .unwrap();
        assert_eq!(moved.id, "l1");
        assert!(moved.open(&key(1)).is_err());
        assert_eq!(
            moved.open(&key(2)).unwrap().open(&sealed).unwrap(),
            b"record"
        );
        assert!(back
            .rewrapped(&key(9), vec![8; SALT_BYTES], &key(2), [6; NONCE_BYTES])
            .is_err());
    }

    #[test]
    fn a_lock_record_that_is_not_one_is_not_read() {
        for text in [
            "",
            "{}",
            r#"{"lock":2}"#,
            r#"{"lock":1,"id":"x","iterations":10,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","wrapped":"SlpzMQ=="}"#,
        ] {
            assert_eq!(LockRecord::from_json(text), None, "{text}");
        }
    }

    #[test]
    fn a_new_passphrase_is_long_enough_and_typed_the_same_twice() {
        assert_eq!(
            check_new_passphrase("12345", "12345"),
            Err(PassphraseProblem::TooShort)
        );
        assert_eq!(
            check_new_passphrase("村里的钥匙一号", "村里的钥匙二号"),
            Err(PassphraseProblem::Mismatch)
        );
        assert_eq!(
            check_new_passphrase("村里的钥匙一号", "村里的钥匙一号"),
            Ok(())
        );
    }

    #[test]
    fn the_app_locks_after_the_idle_time_or_when_the_clock_went_back() {
        assert!(!idle_expired(0.0, 4.0 * 60_000.0, 5));
        assert!(idle_expired(0.0, 5.0 * 60_000.0, 5));
        assert!(idle_expired(10_000.0, 0.0, 5));
    }

    proptest! {
        #[test]
        fn every_value_and_text_comes_back_as_it_was(
            plain in proptest::collection::vec(any::<u8>(), 0..300),
            text in ".{0,80}",
            nonce in any::<[u8; 12]>(),
            raw in any::<[u8; 32]>(),
        ) {
            let k = DataKey::from_bytes(&raw);
            prop_assert_eq!(k.open(&k.seal(&plain, nonce)).unwrap(), plain);
            let t = k.seal_text(&text, nonce);
            prop_assert!(is_sealed_text(&t));
            prop_assert_eq!(k.open_text(&t).unwrap(), text);
        }
    }
}
