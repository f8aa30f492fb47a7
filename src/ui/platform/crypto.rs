//! WebCrypto for sealed exchange files: a key derived from the passphrase by PBKDF2-HMAC-SHA-256
//! (never stored), AES-256-GCM over the file's bytes with a fresh random salt and IV per file.
//! The envelope is `exchange::sealed`; this is only the browser's cryptography. The app lock's
//! passphrase key is derived here too ([`passphrase_key`]).

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::exchange::sealed::{self, SealedFile};

/// Why opening failed.
pub enum OpenError {
    /// The passphrase is not the one the file was sealed with, or the file was changed since
    /// (AES-GCM cannot tell these apart, by design).
    Wrong,
    Failed(String),
}

fn why(e: JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
        .unwrap_or_else(|| format!("{e:?}"))
}

fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    let crypto = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(why)?;
    Ok(crypto.subtle())
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn random(n: usize) -> Result<Vec<u8>, String> {
    let mut b = vec![0u8; n];
    web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(why)?
        .get_random_values_with_u8_array(&mut b)
        .map_err(why)?;
    Ok(b)
}

/// The passphrase as a PBKDF2 base key for `usage` ("deriveKey", "deriveBits"), and the
/// PBKDF2-HMAC-SHA-256 parameters over `salt`.
async fn pbkdf2(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
    usage: &str,
) -> Result<(web_sys::CryptoKey, Object), String> {
    let raw = Uint8Array::from(passphrase.as_bytes());
    let base = JsFuture::from(
        subtle()?
            .import_key_with_object(
                "raw",
                &raw,
                &object(&[("name", "PBKDF2".into())]),
                false,
                &js_sys::Array::of1(&JsValue::from_str(usage)),
            )
            .map_err(why)?,
    )
    .await
    .map_err(why)?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    Ok((base.unchecked_into(), params))
}

async fn key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<web_sys::CryptoKey, String> {
    let (base, params) = pbkdf2(passphrase, salt, iterations, "deriveKey").await?;
    let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = js_sys::Array::of2(&"encrypt".into(), &"decrypt".into());
    let k = JsFuture::from(
        subtle()?
            .derive_key_with_object_and_object(&params, &base, &aes, false, &usages)
            .map_err(why)?,
    )
    .await
    .map_err(why)?;
    Ok(k.unchecked_into())
}

/// The app lock's passphrase key: PBKDF2-HMAC-SHA-256 of `passphrase` over `salt`, 256 bits.
pub async fn passphrase_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<[u8; 32], String> {
    let (base, params) = pbkdf2(passphrase, salt, iterations, "deriveBits").await?;
    let bits = JsFuture::from(
        subtle()?
            .derive_bits_with_object(&params, &base, 256)
            .map_err(why)?,
    )
    .await
    .map_err(why)?;
    Uint8Array::new(&bits)
        .to_vec()
        .try_into()
        .map_err(|_| "PBKDF2 gave no 256 bits".to_string())
}

/// The exchange file's bytes sealed under `passphrase`, as the envelope's text.
pub async fn seal(plain: &[u8], passphrase: &str) -> Result<String, String> {
    let salt = random(sealed::SALT_BYTES)?;
    let iv = random(sealed::IV_BYTES)?;
    let k = key(passphrase, &salt, sealed::ITERATIONS).await?;
    let alg = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
    ]);
    let out = JsFuture::from(
        subtle()?
            .encrypt_with_object_and_u8_array(&alg, &k, plain)
            .map_err(why)?,
    )
    .await
    .map_err(why)?;
    let data = Uint8Array::new(&out).to_vec();
    Ok(sealed::write(&SealedFile {
        iterations: sealed::ITERATIONS,
        salt,
        iv,
        data,
    }))
}

/// The exchange file's bytes out of a sealed file.
pub async fn open(f: &SealedFile, passphrase: &str) -> Result<Vec<u8>, OpenError> {
    let k = key(passphrase, &f.salt, f.iterations)
        .await
        .map_err(OpenError::Failed)?;
    let alg = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&f.iv[..]).into()),
    ]);
    let promise = subtle()
        .map_err(OpenError::Failed)?
        .decrypt_with_object_and_u8_array(&alg, &k, &f.data)
        .map_err(|e| OpenError::Failed(why(e)))?;
    match JsFuture::from(promise).await {
        Ok(out) => Ok(Uint8Array::new(&out).to_vec()),
        // WebCrypto rejects a failed authentication with an OperationError.
        Err(e)
            if e.dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "OperationError") =>
        {
            Err(OpenError::Wrong)
        }
        Err(e) => Err(OpenError::Failed(why(e))),
    }
}
