//! Reading an exchange file: the untrusted JSON value is walked once, every field checked against
//! the v1 contract (types, codes, lengths, patterns, real dates, money with two decimals), every
//! problem collected with its path, and the typed registry built on the way.
//!
//! Long (about 1,500 lines) because it is the one reader of every collection's fields, sharing the field checks; the cross-record rules are in `rules`, the per-collection dispatch in `wire`.

use serde_json::{Map, Value};

use super::problem::{Location, Path, Problem};
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::money::Fen;
use crate::msg;
use crate::text::{Msg, K};

pub(crate) struct Reader {
    pub problems: Vec<Problem>,
}

type Obj = Map<String, Value>;

/// A bad value is quoted by its first characters only: a multi-megabyte string must not be
/// repeated into the page.
const QUOTE_CHARS: usize = 40;

/// A value from the file, as a message quotes it: at most [`QUOTE_CHARS`] characters.
pub(crate) fn quote(s: &str) -> String {
    if s.chars().count() > QUOTE_CHARS {
        s.chars().take(QUOTE_CHARS).chain(['…']).collect()
    } else {
        s.to_string()
    }
}

/// What a JSON value is, in words ("text", "a list"), for "should be …, not …".
fn kind_of(v: &Value) -> K {
    match v {
        Value::Null => K::json_null,
        Value::Bool(_) => K::json_boolean,
        Value::Number(_) => K::json_number,
        Value::String(_) => K::json_text,
        Value::Array(_) => K::json_list,
        Value::Object(_) => K::json_object,
    }
}

/// RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    // `get`, not slicing: a multi-byte character inside the first ten bytes is no date.
    if b.len() < 20
        || s.get(..10).and_then(Date::parse).is_none()
        || !matches!(b[10], b'T' | b't' | b' ')
    {
        return false;
    }
    let two = |i: usize, max: u32| -> bool {
        b.len() > i + 1
            && b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && ((b[i] - b'0') as u32 * 10 + (b[i + 1] - b'0') as u32) <= max
    };
    if !(two(11, 23) && b[13] == b':' && two(14, 59) && b[16] == b':' && two(17, 60)) {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len() && two(i + 1, 23) && b[i + 3] == b':' && two(i + 4, 59)
        }
        _ => false,
    }
}

/// What is wrong with text that should have `min..=max` characters (code points) and, with
/// `min > 0`, a non-blank one; `None` when it fits.
pub(crate) fn text_problem(s: &str, min: usize, max: usize) -> Option<Msg> {
    let n = s.chars().count();
    if n < min || (min > 0 && s.trim().is_empty()) {
        Some(msg!(file_must_not_blank))
    } else if n > max {
        Some(msg!(file_too_long_n_characters_most, n = n, max = max))
    } else {
        None
    }
}

/// A number that is a whole number a file may count with: an integer, or a double with no
/// fraction (`2017.0`) small enough to be exact.
pub(crate) fn whole_number(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 9e15).then_some(f as i64)
}

/// Yuan: 0 to 10¹², at most two decimals, kept as fen; else what is wrong.
pub(crate) fn yuan_of(x: f64) -> Result<Fen, Msg> {
    if !(0.0..=1e12).contains(&x) {
        return Err(msg!(file_amount_x_out_range_0, x = x));
    }
    Fen::from_yuan_f64(x).ok_or_else(|| msg!(file_amount_x_has_more_than, x = x))
}

/// The shape of a resident identity number: 18 characters (the last a digit or X), or the
/// older 15 digits.
pub(crate) fn is_id_number_shape(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x'))
        || (b.len() == 15 && b.iter().all(u8::is_ascii_digit))
}

/// An administrative division code (行政区划代码): 6 to 12 digits.
pub(crate) fn is_division_code(c: &str) -> bool {
    (6..=12).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit())
}

pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-'))
}

impl Reader {
    pub fn new() -> Reader {
        Reader {
            problems: Vec::new(),
        }
    }

    pub fn err(&mut self, path: &Path, msg: Msg) {
        // A file with a million problems would only drown the person; the first thousand tell.
        if self.problems.len() < 1000 {
            self.problems.push(Problem::new(path, msg));
        }
    }

    /// A problem at a place known only as a [`Location`] (met while reading the JSON itself).
    pub fn err_at(&mut self, at: Location, msg: Msg) {
        if self.problems.len() < 1000 {
            self.problems.push(Problem::new(at, msg));
        }
    }

    pub fn object<'v>(&mut self, v: &'v Value, path: &Path) -> Option<&'v Obj> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.err(path, msg!(file_should_be_object, actual = kind_of(other)));
                None
            }
        }
    }

    /// Refuses fields the contract does not know.
    pub fn only(&mut self, o: &Obj, path: &Path, allowed: &[&str]) {
        for k in o.keys() {
            if !allowed.contains(&k.as_str()) {
                self.err(
                    &path.key(k),
                    msg!(file_unknown_field, allowed = allowed.join(", ")),
                );
            }
        }
    }

    fn missing(&mut self, path: &Path, key: &str) {
        self.err(&path.key(key), msg!(file_required_field_missing));
    }

    pub fn string<'v>(
        &mut self,
        o: &'v Obj,
        path: &Path,
        key: &str,
        required: bool,
    ) -> Option<&'v str> {
        match o.get(key) {
            None => {
                if required {
                    self.missing(path, key);
                }
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.err(
                    &path.key(key),
                    msg!(file_should_be_text, actual = kind_of(other)),
                );
                None
            }
        }
    }

    /// Text of at most `max` characters (code points); names also need a non-blank character.
    pub fn text(
        &mut self,
        o: &Obj,
        path: &Path,
        key: &str,
        required: bool,
        min: usize,
        max: usize,
    ) -> Option<String> {
        let s = self.string(o, path, key, required)?;
        if let Some(m) = text_problem(s, min, max) {
            self.err(&path.key(key), m);
            return None;
        }
        Some(s.to_string())
    }

    pub fn name(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<String> {
        self.text(o, path, key, required, 1, 100)
    }

    pub fn id(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<String> {
        let s = self.string(o, path, key, required)?;
        if !is_id(s) {
            self.err(&path.key(key), msg!(file_id_s_not_valid_1, s = quote(s)));
            return None;
        }
        Some(s.to_string())
    }

    pub fn date(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<Date> {
        let s = self.string(o, path, key, required)?;
        let d = Date::parse(s);
        if d.is_none() {
            self.err(
                &path.key(key),
                msg!(file_s_not_real_date_yyyy, s = quote(s)),
            );
        }
        d
    }

    pub fn timestamp(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<String> {
        let s = self.string(o, path, key, required)?;
        if !is_timestamp(s) {
            self.err(&path.key(key), msg!(file_s_not_date_time_rfc, s = quote(s)));
            return None;
        }
        Some(s.to_string())
    }

    pub fn boolean(&mut self, o: &Obj, path: &Path, key: &str) -> Option<bool> {
        match o.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.err(
                    &path.key(key),
                    msg!(file_should_be_boolean, actual = kind_of(other)),
                );
                None
            }
        }
    }

    pub fn integer(
        &mut self,
        o: &Obj,
        path: &Path,
        key: &str,
        required: bool,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let v = match o.get(key) {
            None => {
                if required {
                    self.missing(path, key);
                }
                return None;
            }
            Some(v) => v,
        };
        let n = v.as_i64().or_else(|| v.as_f64().and_then(whole_number));
        match n {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.err(
                    &path.key(key),
                    msg!(file_n_out_range_min_max, n = n, min = min, max = max),
                );
                None
            }
            None => {
                self.err(
                    &path.key(key),
                    msg!(file_should_be_integer, actual = kind_of(v)),
                );
                None
            }
        }
    }

    pub fn year(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<i32> {
        self.integer(o, path, key, required, 1980, 2100)
            .map(|y| y as i32)
    }

    pub fn number(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<f64> {
        match o.get(key) {
            None => {
                if required {
                    self.missing(path, key);
                }
                None
            }
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                self.err(
                    &path.key(key),
                    msg!(file_should_be_number, actual = kind_of(other)),
                );
                None
            }
        }
    }

    /// Yuan: 0 to 10¹², at most two decimals, kept as fen.
    pub fn yuan(&mut self, o: &Obj, path: &Path, key: &str, required: bool) -> Option<Fen> {
        let x = self.number(o, path, key, required)?;
        yuan_of(x).map_err(|m| self.err(&path.key(key), m)).ok()
    }

    pub fn code<T>(
        &mut self,
        o: &Obj,
        path: &Path,
        key: &str,
        required: bool,
        parse: fn(&str) -> Option<T>,
        allowed: fn() -> String,
    ) -> Option<T> {
        let s = self.string(o, path, key, required)?;
        let v = parse(s);
        if v.is_none() {
            self.err(
                &path.key(key),
                msg!(file_not_an_allowed_code, s = quote(s), allowed = allowed()),
            );
        }
        v
    }

    /// A list, each item read by `item`; absent lists are empty.
    pub fn list<T>(
        &mut self,
        o: &Obj,
        path: &Path,
        key: &str,
        required: bool,
        min_items: usize,
        mut item: impl FnMut(&mut Reader, &Value, &Path) -> Option<T>,
    ) -> Vec<T> {
        let v = match o.get(key) {
            None => {
                if required {
                    self.missing(path, key);
                }
                return Vec::new();
            }
            Some(v) => v,
        };
        let here = path.key(key);
        let Value::Array(items) = v else {
            self.err(&here, msg!(file_should_be_list, actual = kind_of(v)));
            return Vec::new();
        };
        if items.len() < min_items {
            self.err(
                &here,
                msg!(file_needs_least_min_items_item, min_items = min_items),
            );
        }
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| item(self, v, &here.index(i)))
            .collect()
    }

    pub fn rev(&mut self, o: &Obj, path: &Path) -> Option<Rev> {
        let here = path.key("rev");
        let Some(v) = o.get("rev") else {
            self.missing(path, "rev");
            return None;
        };
        let m = self.object(v, &here)?;
        if m.is_empty() || m.len() > 1000 {
            self.err(&here, msg!(file_version_vector_needs_1_1000));
            return None;
        }
        let mut rev = Rev::new();
        for (k, v) in m {
            if !is_id(k) {
                self.err(&here, msg!(file_replica_id_k_not_valid, k = quote(k)));
            }
            match v.as_u64().filter(|&n| n >= 1) {
                // A counter beyond 2^53 is no count of edits: it would overflow at the next
                // edit and is past what JSON numbers keep exactly.
                Some(n) if n > MAX_REV_COUNTER => self.err(
                    &here.key(k),
                    msg!(file_counter_too_large, max = MAX_REV_COUNTER),
                ),
                Some(n) => {
                    rev.insert(k.clone(), n);
                }
                None => self.err(&here.key(k), msg!(file_should_whole_number_least_1)),
            }
        }
        Some(rev)
    }

    /// The fields every record carries; `None` for the body of a tombstone.
    pub fn record<T>(
        &mut self,
        v: &Value,
        path: &Path,
        allowed: &[&str],
        body: impl FnOnce(&mut Reader, &Obj, &Path) -> Option<T>,
    ) -> Option<Record<T>> {
        let o = self.object(v, path)?;
        let id = self.id(o, path, "id", true);
        let rev = self.rev(o, path);
        let updated_at = self.timestamp(o, path, "updated_at", true);
        let deleted = self.boolean(o, path, "deleted").unwrap_or(false);
        // A household's tombstone may keep the village it was in (version 2).
        let keeps_village = deleted && allowed.contains(&"village_id");
        let village_id = if keeps_village {
            self.id(o, path, "village_id", false)
        } else {
            None
        };
        let body = if deleted {
            for k in o.keys() {
                let own = matches!(k.as_str(), "id" | "rev" | "updated_at" | "deleted")
                    || (keeps_village && k == "village_id");
                if !own {
                    self.err(
                        &path.key(k),
                        msg!(file_deleted_record_tombstone_carries_only),
                    );
                }
            }
            None
        } else {
            let mut all: Vec<&str> = vec!["id", "rev", "updated_at", "deleted"];
            all.extend_from_slice(allowed);
            self.only(o, path, &all);
            Some(body(self, o, path)?)
        };
        Some(Record {
            id: id?,
            rev: rev?,
            updated_at: updated_at?,
            body,
            village_id,
        })
    }
}

/// Reads a region record.
pub(crate) fn region(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Region>> {
    const FIELDS: &[&str] = &[
        "kind",
        "name",
        "code",
        "parent_id",
        "poor_village",
        "target_exit_year",
        "rural_population",
        "infrastructure",
        "specialty_industry",
        "ecommerce_station",
        "collective_income",
        "exit_date",
        "exit_approval",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let kind = r.code(o, p, "kind", true, RegionKind::from_code, RegionKind::codes);
        let name = r.name(o, p, "name", true);
        let code = r.string(o, p, "code", false).and_then(|c| {
            let ok = is_division_code(c);
            if !ok {
                r.err(&p.key("code"), msg!(file_division_code_should_6_12));
            }
            ok.then(|| c.to_string())
        });
        let parent_id = r.id(o, p, "parent_id", false);
        let poor_village = r.boolean(o, p, "poor_village");
        let target_exit_year = r.year(o, p, "target_exit_year", false);
        let rural_population = r.list(o, p, "rural_population", false, 0, |r, v, p| {
            let o = r.object(v, p)?;
            r.only(
                o,
                p,
                &[
                    "year",
                    "households",
                    "people",
                    "per_capita_disposable_income",
                ],
            );
            let year = r.year(o, p, "year", true);
            let households = r
                .integer(o, p, "households", false, 0, MAX_COUNT)
                .map(|n| n as u64);
            let people = r
                .integer(o, p, "people", true, 0, MAX_COUNT)
                .map(|n| n as u64);
            let per_capita_disposable_income = r.yuan(o, p, "per_capita_disposable_income", false);
            Some(YearPopulation {
                year: year?,
                households,
                people: people?,
                per_capita_disposable_income,
            })
        });
        let infrastructure = o.get("infrastructure").and_then(|v| {
            let here = p.key("infrastructure");
            let io = r.object(v, &here)?;
            let keys: Vec<&str> = InfrastructureItem::ALL.iter().map(|i| i.code()).collect();
            r.only(io, &here, &keys);
            let mut flags = [None; 8];
            for (i, k) in keys.iter().enumerate() {
                flags[i] = r.boolean(io, &here, k);
            }
            Some(flags)
        });
        let specialty_industry = r.text(o, p, "specialty_industry", false, 0, 2000);
        let ecommerce_station = r.boolean(o, p, "ecommerce_station");
        let collective_income = r.list(o, p, "collective_income", false, 0, year_amount);
        let exit_date = r.date(o, p, "exit_date", false);
        let exit_approval = r.text(o, p, "exit_approval", false, 0, 200);
        Some(Region {
            kind: kind?,
            name: name?,
            code,
            parent_id,
            poor_village,
            target_exit_year,
            rural_population,
            infrastructure,
            specialty_industry,
            ecommerce_station,
            collective_income,
            exit_date,
            exit_approval,
        })
    })
}

pub(crate) fn year_amount(r: &mut Reader, v: &Value, p: &Path) -> Option<YearAmount> {
    let o = r.object(v, p)?;
    r.only(o, p, &["year", "yuan"]);
    let year = r.year(o, p, "year", true);
    let yuan = r.yuan(o, p, "yuan", true);
    Some(YearAmount {
        year: year?,
        yuan: yuan?,
    })
}

fn phone(r: &mut Reader, o: &Obj, p: &Path) -> Option<String> {
    r.text(o, p, "phone", false, 1, 50)
}

pub(crate) fn member(r: &mut Reader, v: &Value, p: &Path) -> Option<Member> {
    let o = r.object(v, p)?;
    r.only(
        o,
        p,
        &[
            "id",
            "name",
            "national_code",
            "id_number",
            "sex",
            "birth_date",
            "relation",
            "joined_date",
            "left_date",
            "left_reason",
            "health",
            "disability_grade",
            "education",
            "schooling",
            "labor",
            "work",
            "medical_insurance",
            "pension_insurance",
            "skill_trained",
        ],
    );
    let id = r.id(o, p, "id", true);
    let name = r.name(o, p, "name", true);
    let national_code = r.text(o, p, "national_code", false, 0, 40);
    let id_number = r.string(o, p, "id_number", false).and_then(|s| {
        let shape = is_id_number_shape(s);
        if !shape {
            r.err(
                &p.key("id_number"),
                msg!(file_id_number_should_18_characters),
            );
        }
        shape.then(|| s.to_string())
    });
    let sex = r.code(o, p, "sex", true, Sex::from_code, Sex::codes);
    let birth_date = r.date(o, p, "birth_date", false);
    let relation = r.code(o, p, "relation", true, Relation::from_code, Relation::codes);
    let joined_date = r.date(o, p, "joined_date", false);
    let left_date = r.date(o, p, "left_date", false);
    let left_reason = r.code(
        o,
        p,
        "left_reason",
        false,
        LeftReason::from_code,
        LeftReason::codes,
    );
    let health = r.code(o, p, "health", false, Health::from_code, Health::codes);
    let disability_grade = r
        .integer(o, p, "disability_grade", false, 1, 4)
        .map(|g| g as u8);
    let education = r.code(
        o,
        p,
        "education",
        false,
        Education::from_code,
        Education::codes,
    );
    let schooling = r.code(
        o,
        p,
        "schooling",
        false,
        Schooling::from_code,
        Schooling::codes,
    );
    let labor = r.code(o, p, "labor", false, Labor::from_code, Labor::codes);
    let work = r.code(o, p, "work", false, Work::from_code, Work::codes);
    let medical_insurance = r.boolean(o, p, "medical_insurance");
    let pension_insurance = r.boolean(o, p, "pension_insurance");
    let skill_trained = r.boolean(o, p, "skill_trained");
    Some(Member {
        id: id?,
        name: name?,
        national_code,
        id_number,
        sex: sex?,
        birth_date,
        relation: relation?,
        joined_date,
        left_date,
        left_reason,
        health,
        disability_grade,
        education,
        schooling,
        labor,
        work,
        medical_insurance,
        pension_insurance,
        skill_trained,
    })
}

pub(crate) fn household(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Household>> {
    const FIELDS: &[&str] = &[
        "village_id",
        "national_code",
        "group",
        "address",
        "phone",
        "attribute",
        "main_cause",
        "other_causes",
        "status_events",
        "identification",
        "incomes",
        "conditions",
        "members",
        "monitoring",
        "exit_steps",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let village_id = r.id(o, p, "village_id", true);
        let national_code = r.text(o, p, "national_code", false, 0, 40);
        let group = r.text(o, p, "group", false, 0, 50);
        let address = r.text(o, p, "address", false, 0, 2000);
        let phone = phone(r, o, p);
        let attribute = r.code(
            o,
            p,
            "attribute",
            true,
            Attribute::from_code,
            Attribute::codes,
        );
        let main_cause = r.code(o, p, "main_cause", true, Cause::from_code, Cause::codes);
        let other_causes = r.list(o, p, "other_causes", false, 0, |r, v, p| {
            match v.as_str().map(Cause::from_code) {
                Some(Some(c)) => Some(c),
                _ => {
                    r.err(p, msg!(file_not_a_cause_code, allowed = Cause::codes()));
                    None
                }
            }
        });
        let mut seen = Vec::new();
        for (i, c) in other_causes.iter().enumerate() {
            if seen.contains(c) {
                r.err(
                    &p.key("other_causes").index(i),
                    msg!(file_cause_listed_twice),
                );
            }
            seen.push(*c);
        }
        let status_events = r.list(o, p, "status_events", true, 1, |r, v, p| {
            let o = r.object(v, p)?;
            r.only(o, p, &["date", "status", "reason"]);
            let date = r.date(o, p, "date", true);
            let status = r.code(o, p, "status", true, Status::from_code, Status::codes);
            let reason = r.text(o, p, "reason", false, 0, 2000);
            Some(StatusEvent {
                date: date?,
                status: status?,
                reason,
            })
        });
        let identification = r.list(o, p, "identification", false, 0, |r, v, p| {
            let o = r.object(v, p)?;
            r.only(o, p, &["step", "date", "result", "note"]);
            let step = r.code(
                o,
                p,
                "step",
                true,
                IdentificationStep::from_code,
                IdentificationStep::codes,
            );
            let date = r.date(o, p, "date", true);
            let result = r.code(
                o,
                p,
                "result",
                true,
                StepResult::from_code,
                StepResult::codes,
            );
            let note = r.text(o, p, "note", false, 0, 2000);
            Some(IdentificationEntry {
                step: step?,
                date: date?,
                result: result?,
                note,
            })
        });
        let incomes = r.list(o, p, "incomes", false, 0, |r, v, p| {
            let o = r.object(v, p)?;
            r.only(
                o,
                p,
                &[
                    "year",
                    "wage",
                    "business",
                    "property",
                    "transfer",
                    "business_costs",
                ],
            );
            let year = r.year(o, p, "year", true);
            Some(Income {
                wage: r.yuan(o, p, "wage", false),
                business: r.yuan(o, p, "business", false),
                property: r.yuan(o, p, "property", false),
                transfer: r.yuan(o, p, "transfer", false),
                business_costs: r.yuan(o, p, "business_costs", false),
                year: year?,
            })
        });
        let conditions = o.get("conditions").and_then(|v| {
            let here = p.key("conditions");
            let c = r.object(v, &here)?;
            r.only(
                c,
                &here,
                &[
                    "food_clothing_secure",
                    "housing",
                    "drinking_water",
                    "electricity",
                    "shed",
                    "cooperative_member",
                    "relocated",
                ],
            );
            Some(Conditions {
                food_clothing_secure: r.boolean(c, &here, "food_clothing_secure"),
                housing: r.code(
                    c,
                    &here,
                    "housing",
                    false,
                    Housing::from_code,
                    Housing::codes,
                ),
                drinking_water: r.code(
                    c,
                    &here,
                    "drinking_water",
                    false,
                    DrinkingWater::from_code,
                    DrinkingWater::codes,
                ),
                electricity: r.boolean(c, &here, "electricity"),
                shed: r.boolean(c, &here, "shed"),
                cooperative_member: r.boolean(c, &here, "cooperative_member"),
                relocated: r.boolean(c, &here, "relocated"),
            })
        });
        let members = r.list(o, p, "members", true, 1, member);
        let monitoring = r.list(o, p, "monitoring", false, 0, |r, v, p| {
            let o = r.object(v, p)?;
            r.only(o, p, &["category", "start_date", "end_date", "note"]);
            let category = r.code(
                o,
                p,
                "category",
                true,
                MonitoringCategory::from_code,
                MonitoringCategory::codes,
            );
            let start_date = r.date(o, p, "start_date", true);
            let end_date = r.date(o, p, "end_date", false);
            let note = r.text(o, p, "note", false, 0, 2000);
            Some(Monitoring {
                category: category?,
                start_date: start_date?,
                end_date,
                note,
            })
        });
        Some(Household {
            village_id: village_id?,
            national_code,
            group,
            address,
            phone,
            attribute: attribute?,
            main_cause: main_cause?,
            other_causes,
            status_events,
            identification,
            incomes,
            conditions,
            members,
            monitoring,
            exit_steps: r.list(o, p, "exit_steps", false, 0, exit_step),
        })
    })
}

fn exit_step(r: &mut Reader, v: &Value, p: &Path) -> Option<ExitStepEntry> {
    let o = r.object(v, p)?;
    r.only(o, p, &["step", "date", "result", "note"]);
    let step = r.code(o, p, "step", true, ExitStep::from_code, ExitStep::codes);
    let date = r.date(o, p, "date", true);
    let result = r.code(
        o,
        p,
        "result",
        true,
        StepResult::from_code,
        StepResult::codes,
    );
    let note = r.text(o, p, "note", false, 0, 2000);
    Some(ExitStepEntry {
        step: step?,
        date: date?,
        result: result?,
        note,
    })
}

pub(crate) fn helper(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Helper>> {
    const FIELDS: &[&str] = &[
        "name",
        "kind",
        "speciality",
        "phone",
        "region_id",
        "work_unit",
        "position",
        "leads_with",
        "retired",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let name = r.name(o, p, "name", true);
        let kind = r.code(o, p, "kind", true, HelperKind::from_code, HelperKind::codes);
        let speciality = r.text(o, p, "speciality", false, 0, 2000);
        let phone = phone(r, o, p);
        let region_id = r.id(o, p, "region_id", false);
        let work_unit = r.text(o, p, "work_unit", false, 1, 200);
        let position = r.text(o, p, "position", false, 1, 100);
        let leads_with = o.get("leads_with").and_then(|_| {
            r.code(
                o,
                p,
                "leads_with",
                false,
                HelperModel::from_code,
                HelperModel::codes,
            )
        });
        let retired = r.date(o, p, "retired", false);
        Some(Helper {
            name: name?,
            kind: kind?,
            speciality,
            phone,
            region_id,
            work_unit,
            position,
            leads_with,
            retired,
        })
    })
}

pub(crate) fn pairing(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Pairing>> {
    const FIELDS: &[&str] = &[
        "helper_id",
        "household_id",
        "start_date",
        "end_date",
        "end_reason",
        "end_note",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let helper_id = r.id(o, p, "helper_id", true);
        let household_id = r.id(o, p, "household_id", true);
        let start_date = r.date(o, p, "start_date", true);
        let end_date = r.date(o, p, "end_date", false);
        let end_reason = o.get("end_reason").and_then(|_| {
            r.code(
                o,
                p,
                "end_reason",
                false,
                PairingEndReason::from_code,
                PairingEndReason::codes,
            )
        });
        let end_note = r.text(o, p, "end_note", false, 0, 2000);
        Some(Pairing {
            helper_id: helper_id?,
            household_id: household_id?,
            start_date: start_date?,
            end_date,
            end_reason,
            end_note,
        })
    })
}

pub(crate) fn visit(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Visit>> {
    r.record(
        v,
        path,
        &["pairing_id", "date", "done", "needs"],
        |r, o, p| {
            let pairing_id = r.id(o, p, "pairing_id", true);
            let date = r.date(o, p, "date", true);
            let done = r.text(o, p, "done", true, 1, 2000);
            let needs = r.text(o, p, "needs", false, 0, 2000);
            Some(Visit {
                pairing_id: pairing_id?,
                date: date?,
                done: done?,
                needs,
            })
        },
    )
}

pub(crate) fn measure(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Measure>> {
    const FIELDS: &[&str] = &[
        "name",
        "category",
        "description",
        "unit",
        "standard_amount",
        "fund_source",
        "retired",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let name = r.name(o, p, "name", true);
        let category = r.code(
            o,
            p,
            "category",
            true,
            MeasureCategory::from_code,
            MeasureCategory::codes,
        );
        let description = r.text(o, p, "description", false, 0, 2000);
        let unit = r.text(o, p, "unit", false, 1, 20);
        let standard_amount = r.yuan(o, p, "standard_amount", false);
        let fund_source = o.get("fund_source").and_then(|_| {
            r.code(
                o,
                p,
                "fund_source",
                false,
                FundSource::from_code,
                FundSource::codes,
            )
        });
        let retired = r.boolean(o, p, "retired");
        Some(Measure {
            name: name?,
            category: category?,
            description,
            unit,
            standard_amount,
            fund_source,
            retired,
        })
    })
}

fn order_step(r: &mut Reader, v: &Value, p: &Path) -> Option<OrderStep> {
    let o = r.object(v, p)?;
    r.only(o, p, &["status", "date", "by"]);
    let status = r.code(
        o,
        p,
        "status",
        true,
        AssistanceStatus::from_code,
        AssistanceStatus::codes,
    );
    let date = r.date(o, p, "date", true);
    let by = r.text(o, p, "by", false, 0, 100);
    Some(OrderStep {
        status: status?,
        date: date?,
        by,
    })
}

pub(crate) fn assistance(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Assistance>> {
    const FIELDS: &[&str] = &[
        "household_id",
        "village_id",
        "member_id",
        "measure_id",
        "fund_id",
        "year",
        "amount_yuan",
        "quantity",
        "unit",
        "status",
        "planned_date",
        "done_date",
        "note",
        "steps",
        "income_yuan",
        "overspend_reason",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let household_id = r.id(o, p, "household_id", false);
        let village_id = r.id(o, p, "village_id", false);
        // A household's order or a village's own project: exactly one of the two.
        let whose_ok = match (o.contains_key("household_id"), o.contains_key("village_id")) {
            (true, false) | (false, true) => true,
            (false, false) => {
                r.err(
                    &p.key("household_id"),
                    msg!(file_order_needs_household_or_village),
                );
                false
            }
            (true, true) => {
                r.err(&p.key("village_id"), msg!(file_order_household_and_village));
                false
            }
        };
        let member_id = r.id(o, p, "member_id", false);
        let measure_id = r.id(o, p, "measure_id", true);
        let fund_id = r.id(o, p, "fund_id", false);
        let year = r.year(o, p, "year", true);
        let amount_yuan = r.yuan(o, p, "amount_yuan", false);
        let quantity = r.number(o, p, "quantity", false).filter(|q| {
            let ok = *q >= 0.0 && *q <= MAX_COUNT as f64;
            if !ok {
                r.err(
                    &p.key("quantity"),
                    msg!(file_quantity_out_of_range, max = MAX_COUNT),
                );
            }
            ok
        });
        let unit = r.text(o, p, "unit", false, 0, 20);
        let status = r.code(
            o,
            p,
            "status",
            true,
            AssistanceStatus::from_code,
            AssistanceStatus::codes,
        );
        let planned_date = r.date(o, p, "planned_date", false);
        let done_date = r.date(o, p, "done_date", false);
        let note = r.text(o, p, "note", false, 0, 2000);
        let steps = r.list(o, p, "steps", false, 0, order_step);
        let income_yuan = r.yuan(o, p, "income_yuan", false);
        let overspend_reason = r.text(o, p, "overspend_reason", false, 1, 2000);
        whose_ok.then_some(())?;
        Some(Assistance {
            household_id,
            village_id,
            member_id,
            measure_id: measure_id?,
            fund_id,
            year: year?,
            amount_yuan,
            quantity,
            unit,
            status: status?,
            planned_date,
            done_date,
            note,
            steps,
            income_yuan,
            overspend_reason,
        })
    })
}

pub(crate) fn fund(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Fund>> {
    r.record(
        v,
        path,
        &[
            "name",
            "source",
            "year",
            "amount_yuan",
            "region_id",
            "members",
        ],
        |r, o, p| {
            let name = r.name(o, p, "name", true);
            let source = r.code(
                o,
                p,
                "source",
                true,
                FundSource::from_code,
                FundSource::codes,
            );
            let year = r.year(o, p, "year", true);
            let amount_yuan = r.yuan(o, p, "amount_yuan", true);
            let region_id = r.id(o, p, "region_id", false);
            let members = r.list(o, p, "members", false, 0, |r, v, p| match v.as_str() {
                Some(s) if is_id(s) => Some(s.to_string()),
                _ => {
                    r.err(p, msg!(file_member_household_id));
                    None
                }
            });
            Some(Fund {
                name: name?,
                source: source?,
                year: year?,
                amount_yuan: amount_yuan?,
                region_id,
                members,
            })
        },
    )
}

pub(crate) fn disbursement(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Disbursement>> {
    const FIELDS: &[&str] = &[
        "fund_id",
        "date",
        "amount_yuan",
        "payee",
        "voucher",
        "assistance_id",
        "overspend_reason",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let fund_id = r.id(o, p, "fund_id", true);
        let date = r.date(o, p, "date", true);
        let amount_yuan = r.yuan(o, p, "amount_yuan", true);
        let payee = r.name(o, p, "payee", true);
        let voucher = r.text(o, p, "voucher", false, 1, 100);
        let assistance_id = r.id(o, p, "assistance_id", false);
        let overspend_reason = r.text(o, p, "overspend_reason", false, 1, 2000);
        Some(Disbursement {
            fund_id: fund_id?,
            date: date?,
            amount_yuan: amount_yuan?,
            payee: payee?,
            voucher,
            assistance_id,
            overspend_reason,
        })
    })
}

fn repayment(r: &mut Reader, v: &Value, p: &Path) -> Option<Repayment> {
    let o = r.object(v, p)?;
    r.only(o, p, &["date", "amount_yuan"]);
    let date = r.date(o, p, "date", true);
    let amount_yuan = r.yuan(o, p, "amount_yuan", true);
    Some(Repayment {
        date: date?,
        amount_yuan: amount_yuan?,
    })
}

pub(crate) fn loan(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Loan>> {
    const FIELDS: &[&str] = &[
        "household_id",
        "lender",
        "lender_name",
        "fund_id",
        "amount_yuan",
        "start_date",
        "term_months",
        "interest_subsidy_yuan",
        "repayments",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let household_id = r.id(o, p, "household_id", true);
        let lender = r.code(
            o,
            p,
            "lender",
            true,
            LenderKind::from_code,
            LenderKind::codes,
        );
        let lender_name = r.text(o, p, "lender_name", false, 1, 100);
        let fund_id = r.id(o, p, "fund_id", false);
        let amount_yuan = r.yuan(o, p, "amount_yuan", true);
        let start_date = r.date(o, p, "start_date", true);
        let term_months = r
            .integer(o, p, "term_months", true, 1, 600)
            .map(|n| n as u32);
        let interest_subsidy_yuan = r.yuan(o, p, "interest_subsidy_yuan", false);
        let repayments = r.list(o, p, "repayments", false, 0, repayment);
        Some(Loan {
            household_id: household_id?,
            lender: lender?,
            lender_name,
            fund_id,
            amount_yuan: amount_yuan?,
            start_date: start_date?,
            term_months: term_months?,
            interest_subsidy_yuan,
            repayments,
        })
    })
}

pub(crate) fn task(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Task>> {
    const FIELDS: &[&str] = &[
        "region_id",
        "title",
        "owner",
        "unit",
        "start_date",
        "due_date",
        "done_date",
        "milestones",
        "infrastructure_item",
        "exit_households",
        "note",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let region_id = r.id(o, p, "region_id", true);
        let title = r.name(o, p, "title", true);
        let owner = r.text(o, p, "owner", false, 0, 100);
        let unit = r.text(o, p, "unit", false, 0, 200);
        let start_date = r.date(o, p, "start_date", false);
        let due_date = r.date(o, p, "due_date", true);
        let done_date = r.date(o, p, "done_date", false);
        let milestones = r.list(o, p, "milestones", false, 0, |r, v, p| {
            let o = r.object(v, p)?;
            r.only(o, p, &["title", "due_date", "done_date"]);
            let title = r.name(o, p, "title", true);
            let due_date = r.date(o, p, "due_date", true);
            let done_date = r.date(o, p, "done_date", false);
            Some(Milestone {
                title: title?,
                due_date: due_date?,
                done_date,
            })
        });
        let infrastructure_item = r.code(
            o,
            p,
            "infrastructure_item",
            false,
            InfrastructureItem::from_code,
            InfrastructureItem::codes,
        );
        let exit_households = r
            .integer(o, p, "exit_households", false, 0, MAX_COUNT)
            .map(|n| n as u64);
        let note = r.text(o, p, "note", false, 0, 2000);
        Some(Task {
            region_id: region_id?,
            title: title?,
            owner,
            unit,
            start_date,
            due_date: due_date?,
            done_date,
            milestones,
            infrastructure_item,
            exit_households,
            note,
        })
    })
}

/// The largest count a file may carry (households, people, respondents): far beyond any county,
/// small enough that sums never overflow.
pub(crate) const MAX_COUNT: i64 = 1_000_000_000;
/// The largest counter of a version vector a file may carry (2^53 − 1, exact in every JSON
/// reader).
pub const MAX_REV_COUNTER: u64 = (1 << 53) - 1;

pub(crate) fn target(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Target>> {
    const FIELDS: &[&str] = &[
        "year",
        "region_id",
        "kind",
        "planned",
        "item",
        "responsible",
        "letter",
        "signed_date",
        "signed_by",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let year = r.year(o, p, "year", true);
        let region_id = r.id(o, p, "region_id", true);
        let kind = r.code(o, p, "kind", true, TargetKind::from_code, TargetKind::codes);
        let planned = r
            .integer(o, p, "planned", true, 0, MAX_COUNT)
            .map(|n| n as u64);
        let item = r.code(
            o,
            p,
            "item",
            false,
            InfrastructureItem::from_code,
            InfrastructureItem::codes,
        );
        let responsible = r.text(o, p, "responsible", false, 0, 100);
        let letter = r.code(
            o,
            p,
            "letter",
            true,
            LetterState::from_code,
            LetterState::codes,
        );
        let signed_date = r.date(o, p, "signed_date", false);
        let signed_by = r.text(o, p, "signed_by", false, 0, 100);
        Some(Target {
            year: year?,
            region_id: region_id?,
            kind: kind?,
            planned: planned?,
            item,
            responsible,
            letter: letter?,
            signed_date,
            signed_by,
        })
    })
}

pub(crate) fn sample_check(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<SampleCheck>> {
    const FIELDS: &[&str] = &[
        "region_id",
        "date",
        "by",
        "exited_checked",
        "wrongly_exited",
        "others_checked",
        "missed",
    ];
    r.record(v, path, FIELDS, |r, o, p| {
        let region_id = r.id(o, p, "region_id", true);
        let date = r.date(o, p, "date", true);
        let by = r.text(o, p, "by", false, 0, 100);
        let count =
            |r: &mut Reader, key: &str| r.integer(o, p, key, true, 0, MAX_COUNT).map(|n| n as u64);
        let exited_checked = count(r, "exited_checked");
        let wrongly_exited = count(r, "wrongly_exited");
        let others_checked = count(r, "others_checked");
        let missed = count(r, "missed");
        Some(SampleCheck {
            region_id: region_id?,
            date: date?,
            by,
            exited_checked: exited_checked?,
            wrongly_exited: wrongly_exited?,
            others_checked: others_checked?,
            missed: missed?,
        })
    })
}

pub(crate) fn survey(r: &mut Reader, v: &Value, path: &Path) -> Option<Record<Survey>> {
    const FIELDS: &[&str] = &["region_id", "date", "by", "respondents", "satisfied"];
    r.record(v, path, FIELDS, |r, o, p| {
        let region_id = r.id(o, p, "region_id", true);
        let date = r.date(o, p, "date", true);
        let by = r.text(o, p, "by", false, 0, 100);
        let respondents = r
            .integer(o, p, "respondents", true, 0, MAX_COUNT)
            .map(|n| n as u64);
        let satisfied = r
            .integer(o, p, "satisfied", true, 0, MAX_COUNT)
            .map(|n| n as u64);
        Some(Survey {
            region_id: region_id?,
            date: date?,
            by,
            respondents: respondents?,
            satisfied: satisfied?,
        })
    })
}

pub(crate) fn settings(r: &mut Reader, v: &Value, p: &Path) -> Settings {
    let Some(o) = r.object(v, p) else {
        return Settings::default();
    };
    r.only(
        o,
        p,
        &[
            "poverty_lines",
            "village_exit_incidence",
            "county_exit_incidence",
            "monitoring_ratio",
            "monitoring_lines",
            "village_exit_collective_income",
            "county_exit_wrong_exit_rate",
            "county_exit_missed_rate",
            "county_exit_satisfaction",
        ],
    );
    let mut s = Settings::default();
    for (key, target) in [
        ("poverty_lines", &mut s.poverty_lines),
        ("monitoring_lines", &mut s.monitoring_lines),
    ] {
        let lines = r.list(o, p, key, false, 0, year_amount);
        for (i, l) in lines.iter().enumerate() {
            if target.insert(l.year, l.yuan).is_some() {
                r.err(&p.key(key).index(i), msg!(file_year_twice, year = l.year));
            }
        }
    }
    let mut fraction = |key: &str, exclusive_min: f64, min_inclusive: bool, max: f64| {
        let x = r.number(o, p, key, false)?;
        let ok = if min_inclusive {
            x >= exclusive_min
        } else {
            x > exclusive_min
        } && x <= max;
        if !ok {
            r.err(&p.key(key), msg!(file_x_out_allowed_range, x = x));
        }
        ok.then_some(x)
    };
    s.village_exit_incidence = fraction("village_exit_incidence", 0.0, false, 1.0);
    s.county_exit_incidence = fraction("county_exit_incidence", 0.0, false, 1.0);
    s.monitoring_ratio = fraction("monitoring_ratio", 1.0, true, 10.0);
    s.county_exit_wrong_exit_rate = fraction("county_exit_wrong_exit_rate", 0.0, false, 1.0);
    s.county_exit_missed_rate = fraction("county_exit_missed_rate", 0.0, false, 1.0);
    s.county_exit_satisfaction = fraction("county_exit_satisfaction", 0.0, false, 1.0);
    s.village_exit_collective_income = r.yuan(o, p, "village_exit_collective_income", false);
    s
}
