//! Exchange files sealed with a passphrase (加密交换文件): the exchange file's bytes encrypted with
//! AES-256-GCM under a key derived from the passphrase by PBKDF2-HMAC-SHA-256, kept in a small
//! JSON envelope that says what it is and how it was sealed — and nothing of what it holds (no
//! scope, no names, no counts). The browser's WebCrypto does the cryptography
//! (`ui::platform::crypto`); this module is the envelope, read as untrusted as any file.

use serde::{Deserialize, Serialize};

use super::Problem;
use crate::msg;

pub const SEALED_FORMAT: &str = "jingzhun-exchange-sealed";
pub const SEALED_VERSION: u64 = 1;
pub const CIPHER: &str = "AES-256-GCM";
pub const KDF: &str = "PBKDF2-HMAC-SHA-256";
/// The iteration count this app seals with (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256).
pub const ITERATIONS: u32 = 600_000;
/// What a file may ask for: fewer would be weak, more only a way to hang the device.
const ITERATIONS_READ: std::ops::RangeInclusive<u64> = 100_000..=10_000_000;
pub const SALT_BYTES: usize = 16;
pub const IV_BYTES: usize = 12;

/// The envelope as written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u64,
    cipher: String,
    kdf: String,
    iterations: u64,
    salt: String,
    iv: String,
    data: String,
}

/// A sealed file's parts, checked, ready for the key derivation and the decryption.
#[derive(Clone, Debug, PartialEq)]
pub struct SealedFile {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    /// The ciphertext with its 16-byte authentication tag.
    pub data: Vec<u8>,
}

/// Whether the bytes claim to be a sealed file (a cheap look at the start; [`read`] checks).
pub fn looks_sealed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    head.windows(SEALED_FORMAT.len())
        .any(|w| w == SEALED_FORMAT.as_bytes())
}

/// Reads the envelope; anything not exactly as this app seals is refused in words.
pub fn read(bytes: &[u8]) -> Result<SealedFile, Problem> {
    let bad = || Problem::file(msg!(sealed_file_damaged));
    let e: Envelope = serde_json::from_slice(bytes).map_err(|_| bad())?;
    if e.format != SEALED_FORMAT {
        return Err(bad());
    }
    if e.version != SEALED_VERSION || e.cipher != CIPHER || e.kdf != KDF {
        return Err(Problem::file(msg!(sealed_file_unknown_method)));
    }
    if !ITERATIONS_READ.contains(&e.iterations) {
        return Err(Problem::file(msg!(sealed_file_unknown_method)));
    }
    let salt = base64_decode(&e.salt).filter(|s| s.len() == SALT_BYTES);
    let iv = base64_decode(&e.iv).filter(|s| s.len() == IV_BYTES);
    let data = base64_decode(&e.data).filter(|d| d.len() >= 16);
    match (salt, iv, data) {
        (Some(salt), Some(iv), Some(data)) => Ok(SealedFile {
            iterations: e.iterations as u32,
            salt,
            iv,
            data,
        }),
        _ => Err(bad()),
    }
}

/// The envelope's text for sealed parts.
pub fn write(f: &SealedFile) -> String {
    serde_json::to_string(&Envelope {
        format: SEALED_FORMAT.into(),
        version: SEALED_VERSION,
        cipher: CIPHER.into(),
        kdf: KDF.into(),
        iterations: f.iterations as u64,
        salt: base64_encode(&f.salt),
        iv: base64_encode(&f.iv),
        data: base64_encode(&f.data),
    })
    .expect("plain strings and numbers")
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding; `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let t = text.as_bytes();
    if !t.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32);
    let mut out = Vec::with_capacity(t.len() / 4 * 3);
    for (i, q) in t.chunks(4).enumerate() {
        let last = i + 1 == t.len() / 4;
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            n = n << 6 | value(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), coded);
            assert_eq!(base64_decode(coded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9v!A==", "栗子"] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_envelope_reads_back_and_anything_else_is_refused() {
        let f = SealedFile {
            iterations: ITERATIONS,
            salt: vec![7; SALT_BYTES],
            iv: vec![9; IV_BYTES],
            data: vec![1; 40],
        };
        let text = write(&f);
        assert!(looks_sealed(text.as_bytes()));
        assert!(!text.contains("households"));
        assert_eq!(read(text.as_bytes()).unwrap(), f);
        let tweak = |from: &str, to: &str| read(text.replacen(from, to, 1).as_bytes());
        assert!(tweak("600000", "1000").is_err(), "too few iterations");
        assert!(
            tweak("600000", "99999999999").is_err(),
            "too many iterations"
        );
        assert!(tweak("AES-256-GCM", "ROT13").is_err());
        assert!(
            tweak("\"iv\":\"", "\"iv\":\"AAAA").is_err(),
            "an iv of the wrong length"
        );
        assert!(tweak("\"data\":", "\"more\":1,\"data\":").is_err());
        assert!(read(b"{\"format\":\"jingzhun-exchange-sealed\"").is_err());
        assert!(!looks_sealed(
            b"{\"format\":\"jingzhun-exchange\",\"version\":2}"
        ));
    }
}
