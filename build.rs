//! Generates the text catalog (`crate::text`) from `locales/*.json`: one file per language, each a
//! flat object of key → sentence. `zh.json` is the reference: every key it has becomes a variant of
//! `text::K`; another language may leave a key out (it falls back to Chinese, with a warning) but
//! may not add keys or change a sentence's `{placeholders}`. A third language is one more file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

type Catalog = Vec<(String, String)>;

fn read_catalog(path: &Path) -> Result<Catalog, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let object = value
        .as_object()
        .ok_or_else(|| format!("{}: should hold one object", path.display()))?;
    let mut out = Vec::new();
    for (k, v) in object {
        let s = v
            .as_str()
            .ok_or_else(|| format!("{}: {k} should be text", path.display()))?;
        let ok = k.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(format!(
                "{}: key {k:?} should be snake_case ascii",
                path.display()
            ));
        }
        out.push((k.clone(), s.to_string()));
    }
    Ok(out)
}

/// The `{name}` placeholders of a sentence (`{{` and `}}` are literal braces).
fn placeholders(s: &str) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
                        _ => return Err(format!("bad placeholder in {s:?}")),
                    }
                }
                out.insert(name);
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
            }
            '}' => return Err(format!("stray '}}' in {s:?}")),
            _ => {}
        }
    }
    Ok(out)
}

fn title_case(code: &str) -> String {
    let mut out = String::new();
    for part in code.split(['-', '_']) {
        let mut cs = part.chars();
        if let Some(first) = cs.next() {
            out.extend(first.to_uppercase());
            out.extend(cs);
        }
    }
    out
}

fn main() -> Result<(), String> {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32")) {
        println!("cargo::rustc-link-arg-bin=jingzhun=--emit-relocs");
    }
    println!("cargo::rerun-if-changed=locales");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?)
        .join("locales");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut catalogs: BTreeMap<String, Catalog> = BTreeMap::new();
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let code = f
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("locale file name")?
            .to_string();
        catalogs.insert(code, read_catalog(f)?);
    }
    let reference = catalogs
        .get("zh")
        .cloned()
        .ok_or("locales/zh.json (the reference language) is missing")?;
    // Chinese first (the default), then the others by code.
    let mut codes: Vec<String> = vec!["zh".to_string()];
    codes.extend(catalogs.keys().filter(|c| *c != "zh").cloned());

    let mut tables: Vec<Vec<String>> = Vec::new();
    for code in &codes {
        let own: BTreeMap<&str, &str> = catalogs[code]
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for k in own.keys() {
            if !reference.iter().any(|(r, _)| r == k) {
                return Err(format!("locales/{code}.json: key {k} is not in zh.json"));
            }
        }
        let mut table = Vec::new();
        let mut missing = 0;
        for (k, zh) in &reference {
            let text = match own.get(k.as_str()) {
                Some(t) => {
                    if placeholders(t)? != placeholders(zh)? {
                        return Err(format!(
                            "locales/{code}.json: {k} has placeholders {:?}, zh.json has {:?}",
                            placeholders(t)?,
                            placeholders(zh)?
                        ));
                    }
                    t.to_string()
                }
                None => {
                    missing += 1;
                    zh.clone()
                }
            };
            table.push(text);
        }
        if missing > 0 {
            println!(
                "cargo::warning=locales/{code}.json lacks {missing} of {} keys (shown in Chinese)",
                reference.len()
            );
        }
        tables.push(table);
    }

    let mut out = String::new();
    out.push_str(
        "// Generated by build.rs from locales/*.json; edit those files, not this one.\n\n",
    );
    out.push_str("/// A sentence or label of the interface: one key of `locales/*.json`.\n");
    out.push_str("#[allow(non_camel_case_types)]\n");
    out.push_str("#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]\n");
    out.push_str("#[repr(u16)]\npub enum K {\n");
    for (k, zh) in &reference {
        let first_line: String = zh.chars().take(40).filter(|c| *c != '\n').collect();
        let _ = writeln!(out, "    /// {}\n    {k},", first_line.replace("*/", "* /"));
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "/// Every key, in the order of `zh.json`.\npub static KEYS: [K; {}] = [{}];\n",
        reference.len(),
        reference
            .iter()
            .map(|(k, _)| format!("K::{k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.push_str(
        "/// The key's name as written in the locale files.\npub static KEY_NAMES: [&str; ",
    );
    let _ = writeln!(
        out,
        "{}] = [{}];\n",
        reference.len(),
        reference
            .iter()
            .map(|(k, _)| format!("{k:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.push_str("/// A language of the interface: one file of `locales/`.\n");
    out.push_str(
        "#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]\npub enum Locale {\n",
    );
    for (i, code) in codes.iter().enumerate() {
        if i == 0 {
            out.push_str("    #[default]\n");
        }
        let _ = writeln!(out, "    {},", title_case(code));
    }
    out.push_str("}\n\nimpl Locale {\n");
    let _ = writeln!(
        out,
        "    /// Every language, Chinese first.\n    pub const ALL: [Locale; {}] = [{}];",
        codes.len(),
        codes
            .iter()
            .map(|c| format!("Locale::{}", title_case(c)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.push_str("    /// The language's code (the locale file's name, and the page's `lang`).\n");
    out.push_str("    pub fn code(self) -> &'static str {\n        match self {\n");
    for code in &codes {
        let _ = writeln!(out, "            Locale::{} => {code:?},", title_case(code));
    }
    out.push_str("        }\n    }\n\n    pub fn from_code(code: &str) -> Option<Locale> {\n        match code {\n");
    for code in &codes {
        let _ = writeln!(
            out,
            "            {code:?} => Some(Locale::{}),",
            title_case(code)
        );
    }
    out.push_str("            _ => None,\n        }\n    }\n\n");
    out.push_str(
        "    pub(crate) fn table(self) -> &'static [&'static str] {\n        match self {\n",
    );
    for code in &codes {
        let _ = writeln!(
            out,
            "            Locale::{} => &TABLE_{},",
            title_case(code),
            code.to_uppercase().replace('-', "_")
        );
    }
    out.push_str("        }\n    }\n}\n\n");
    for (code, table) in codes.iter().zip(&tables) {
        let _ = writeln!(
            out,
            "static TABLE_{}: [&str; {}] = [",
            code.to_uppercase().replace('-', "_"),
            table.len()
        );
        for t in table {
            let _ = writeln!(out, "    {t:?},");
        }
        out.push_str("];\n\n");
    }
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR")?).join("text.rs");
    std::fs::write(&dest, out).map_err(|e| format!("{}: {e}", dest.display()))?;
    Ok(())
}
