//! The store's binary record format (快照编码): how a snapshot chunk, and the file worker's
//! hand-over, carry typed records without JSON.
//!
//! A record is a *message*: a list of fields, each a key (field number × 4 + wire kind) and a
//! value, the layout of Protocol Buffers. Numbers are LEB128 varints (signed ones zigzagged),
//! `f64` eight bytes, strings and nested messages a length and their bytes. An absent `Option`
//! and an empty list cost nothing; a list is its field repeated, in order.
//!
//! Why not JSON, postcard or bitcode: reading JSON records back through the path-checking reader
//! was most of a county's reopen (five to seven times the browser's `JSON.parse` of the file);
//! postcard and bitcode are positional, so a field added to a record would make every stored
//! snapshot unreadable. Here, as in the exchange format, a later version may add fields (an
//! `Option` or a list, read as absent from older snapshots), and a field this version does not
//! know is skipped. A field is never renumbered and a code never moves in its list: a code is
//! stored as its place in its enum's `ALL`, so new codes go at the end.
//!
//! Every field of every record is listed once below, with its number.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::money::Fen;

/// Why bytes could not be read as a record: what was being read, and what was wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Damage(pub String);

type Res<T> = Result<T, Damage>;

fn damage<T>(why: impl Into<String>) -> Res<T> {
    Err(Damage(why.into()))
}

/// How a field's value is laid out.
pub const VARINT: u8 = 0;
pub const FIXED64: u8 = 1;
pub const BYTES: u8 = 2;

/// Bytes being read.
#[derive(Clone)]
pub struct Input<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    pub fn new(bytes: &'a [u8]) -> Input<'a> {
        Input { bytes, at: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// How many bytes are left to read.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    pub fn varint(&mut self) -> Res<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.at) else {
                return damage("the bytes end inside a number");
            };
            self.at += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        damage("a number longer than ten bytes")
    }

    pub fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.at..end];
                self.at = end;
                Ok(s)
            }
            None => damage("the bytes end inside a value"),
        }
    }

    /// A length and that many bytes.
    pub fn delimited(&mut self) -> Res<&'a [u8]> {
        let n = self.varint()?;
        self.take(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Passes over a value of kind `wire` (a field this version does not know).
    pub fn skip(&mut self, wire: u8) -> Res<()> {
        match wire {
            VARINT => self.varint().map(|_| ()),
            FIXED64 => self.take(8).map(|_| ()),
            BYTES => self.delimited().map(|_| ()),
            _ => damage(format!("a field of unknown kind {wire}")),
        }
    }

    /// The next field's number and kind.
    pub fn key(&mut self) -> Res<(u32, u8)> {
        let k = self.varint()?;
        let n = u32::try_from(k >> 2).or_else(|_| damage("a field number out of range"))?;
        Ok((n, (k & 3) as u8))
    }
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn put_key(out: &mut Vec<u8>, n: u32, wire: u8) {
    put_varint(out, ((n as u64) << 2) | wire as u64);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Writes `body` after a length: one byte is kept for it, and the bytes moved only when the
/// length needs more (a value of 128 bytes or longer).
pub fn put_delimited(out: &mut Vec<u8>, body: impl FnOnce(&mut Vec<u8>)) {
    let at = out.len();
    out.push(0);
    body(out);
    let len = out.len() - at - 1;
    if len < 0x80 {
        out[at] = len as u8;
    } else {
        let mut head = Vec::with_capacity(10);
        put_varint(&mut head, len as u64);
        out.splice(at..at + 1, head);
    }
}

/// A value a field can hold.
pub trait Value: Sized {
    const WIRE: u8;
    fn put(&self, out: &mut Vec<u8>);
    fn get(input: &mut Input) -> Res<Self>;
}

/// A field of a message: a value that must be there, an `Option`, or a list.
pub trait Field: Sized {
    type Acc: Default;
    fn put_field(&self, n: u32, out: &mut Vec<u8>);
    fn accept(acc: &mut Self::Acc, wire: u8, input: &mut Input) -> Res<()>;
    fn finish(acc: Self::Acc, name: &str) -> Res<Self>;
}

fn get_checked<T: Value>(wire: u8, input: &mut Input) -> Res<T> {
    if wire != T::WIRE {
        return Err(wrong_kind(wire, T::WIRE));
    }
    T::get(input)
}

// What went wrong, said once rather than in every type's reader (the first screen carries it).

#[cold]
#[inline(never)]
fn wrong_kind(wire: u8, belongs: u8) -> Damage {
    Damage(format!("a field of kind {wire} where {belongs} belongs"))
}

#[cold]
#[inline(never)]
fn missing(name: &str) -> Damage {
    Damage(format!("no {name}"))
}

#[cold]
#[inline(never)]
fn out_of_range(v: i128) -> Damage {
    Damage(format!("{v} is out of range"))
}

#[cold]
#[inline(never)]
fn no_code(of: &str, k: u64) -> Damage {
    Damage(format!("{of} has no code {k}"))
}

#[cold]
#[inline(never)]
fn inside(of: &str, Damage(why): Damage) -> Damage {
    Damage(format!("{of}: {why}"))
}

fn put_value<T: Value>(v: &T, n: u32, out: &mut Vec<u8>) {
    put_key(out, n, T::WIRE);
    v.put(out);
}

impl<T: Value> Field for Option<T> {
    type Acc = Option<T>;
    fn put_field(&self, n: u32, out: &mut Vec<u8>) {
        if let Some(v) = self {
            put_value(v, n, out);
        }
    }
    fn accept(acc: &mut Option<T>, wire: u8, input: &mut Input) -> Res<()> {
        *acc = Some(get_checked(wire, input)?);
        Ok(())
    }
    fn finish(acc: Option<T>, _: &str) -> Res<Self> {
        Ok(acc)
    }
}

impl<T: Value> Field for Vec<T> {
    type Acc = Vec<T>;
    fn put_field(&self, n: u32, out: &mut Vec<u8>) {
        for v in self {
            put_value(v, n, out);
        }
    }
    fn accept(acc: &mut Vec<T>, wire: u8, input: &mut Input) -> Res<()> {
        acc.push(get_checked(wire, input)?);
        Ok(())
    }
    fn finish(acc: Vec<T>, _: &str) -> Res<Self> {
        Ok(acc)
    }
}

/// A value a field must hold: `Field` for each of the value types listed.
macro_rules! required {
    ($($t:ty),+ $(,)?) => {$(
        impl Field for $t {
            type Acc = Option<$t>;
            fn put_field(&self, n: u32, out: &mut Vec<u8>) {
                put_value(self, n, out);
            }
            fn accept(acc: &mut Option<$t>, wire: u8, input: &mut Input) -> Res<()> {
                *acc = Some(get_checked(wire, input)?);
                Ok(())
            }
            fn finish(acc: Option<$t>, name: &str) -> Res<Self> {
                acc.ok_or_else(|| missing(name))
            }
        }
    )+};
}

/// One field's value while a message is read.
pub struct Slot<T: Field>(T::Acc);

impl<T: Field> Slot<T> {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Slot<T> {
        Slot(T::Acc::default())
    }
    pub fn accept(&mut self, wire: u8, input: &mut Input) -> Res<()> {
        T::accept(&mut self.0, wire, input)
    }
    pub fn finish(self, name: &str) -> Res<T> {
        T::finish(self.0, name)
    }
}

macro_rules! unsigned {
    ($($t:ty),+) => {$(
        impl Value for $t {
            const WIRE: u8 = VARINT;
            fn put(&self, out: &mut Vec<u8>) {
                put_varint(out, *self as u64);
            }
            fn get(input: &mut Input) -> Res<Self> {
                let v = input.varint()?;
                <$t>::try_from(v).map_err(|_| out_of_range(v as i128))
            }
        }
    )+};
}
unsigned!(u8, u32, u64);

impl Value for i32 {
    const WIRE: u8 = VARINT;
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, zigzag(*self as i64));
    }
    fn get(input: &mut Input) -> Res<Self> {
        let v = unzigzag(input.varint()?);
        i32::try_from(v).map_err(|_| out_of_range(v as i128))
    }
}

impl Value for i64 {
    const WIRE: u8 = VARINT;
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, zigzag(*self));
    }
    fn get(input: &mut Input) -> Res<Self> {
        Ok(unzigzag(input.varint()?))
    }
}

impl Value for bool {
    const WIRE: u8 = VARINT;
    fn put(&self, out: &mut Vec<u8>) {
        out.push(*self as u8);
    }
    fn get(input: &mut Input) -> Res<Self> {
        match input.varint()? {
            0 => Ok(false),
            1 => Ok(true),
            v => damage(format!("{v} is not a yes or no")),
        }
    }
}

impl Value for f64 {
    const WIRE: u8 = FIXED64;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(input: &mut Input) -> Res<Self> {
        let b = input.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }
}

impl Value for String {
    const WIRE: u8 = BYTES;
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn get(input: &mut Input) -> Res<Self> {
        let b = input.delimited()?;
        match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => damage("a text that is not UTF-8"),
        }
    }
}

impl Value for Date {
    const WIRE: u8 = VARINT;
    fn put(&self, out: &mut Vec<u8>) {
        self.days().put(out);
    }
    fn get(input: &mut Input) -> Res<Self> {
        i32::get(input).map(Date::from_days)
    }
}

impl Value for Fen {
    const WIRE: u8 = VARINT;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
    }
    fn get(input: &mut Input) -> Res<Self> {
        i64::get(input).map(Fen)
    }
}

/// Codes stored as their place in their enum's `ALL`.
macro_rules! codes {
    ($($t:ty),+ $(,)?) => {$(
        impl Value for $t {
            const WIRE: u8 = VARINT;
            fn put(&self, out: &mut Vec<u8>) {
                let k = <$t>::ALL.iter().position(|c| c == self).unwrap_or(0);
                put_varint(out, k as u64);
            }
            fn get(input: &mut Input) -> Res<Self> {
                let k = input.varint()?;
                usize::try_from(k)
                    .ok()
                    .and_then(|k| <$t>::ALL.get(k).copied())
                    .ok_or_else(|| no_code(stringify!($t), k))
            }
        }
        required!($t);
    )+

        /// Every coded type's codes, in their stored order (what a test pins: a code keeps its
        /// place, new ones go at the end).
        pub fn code_lists() -> Vec<(&'static str, Vec<&'static str>)> {
            vec![$((stringify!($t), <$t>::ALL.iter().map(|c| c.code()).collect()),)+]
        }
    };
}

codes!(
    RegionKind,
    Status,
    IdentificationStep,
    StepResult,
    Housing,
    DrinkingWater,
    Sex,
    Relation,
    LeftReason,
    Health,
    Education,
    Schooling,
    Labor,
    Work,
    MonitoringCategory,
    Attribute,
    Cause,
    ExitStep,
    HelperKind,
    HelperModel,
    PairingEndReason,
    MeasureCategory,
    FundSource,
    AssistanceStatus,
    LenderKind,
    InfrastructureItem,
    TargetKind,
    LetterState,
    Collection,
);
required!(u8, u32, u64, i32, i64, bool, f64, String, Date, Fen);

/// A message: a struct whose fields are listed with their numbers.
macro_rules! message {
    ($($t:ident { $($f:ident = $n:literal),+ $(,)? })+) => {$(
        impl Value for $t {
            const WIRE: u8 = BYTES;
            fn put(&self, out: &mut Vec<u8>) {
                put_delimited(out, |out| {
                    $(Field::put_field(&self.$f, $n, out);)+
                });
            }
            fn get(input: &mut Input) -> Res<Self> {
                let mut input = Input::new(input.delimited()?);
                let read = |input: &mut Input| -> Res<Self> {
                    $(let mut $f = Slot::new();)+
                    while !input.is_empty() {
                        let (n, wire) = input.key()?;
                        match n {
                            $($n => $f.accept(wire, input)?,)+
                            _ => input.skip(wire)?,
                        }
                    }
                    Ok($t { $($f: $f.finish(stringify!($f))?,)+ })
                };
                read(&mut input).map_err(|e| inside(stringify!($t), e))
            }
        }
        required!($t);
    )+};
}

message! {
    YearPopulation { year = 1, households = 2, people = 3, per_capita_disposable_income = 4 }
    YearAmount { year = 1, yuan = 2 }
    Region {
        kind = 1, name = 2, code = 3, parent_id = 4, poor_village = 5, target_exit_year = 6,
        rural_population = 7, infrastructure = 8, specialty_industry = 9, ecommerce_station = 10,
        collective_income = 11, exit_date = 12, exit_approval = 13,
    }
    StatusEvent { date = 1, status = 2, reason = 3 }
    IdentificationEntry { step = 1, date = 2, result = 3, note = 4 }
    Income { year = 1, wage = 2, business = 3, property = 4, transfer = 5, business_costs = 6 }
    Conditions {
        food_clothing_secure = 1, housing = 2, drinking_water = 3, electricity = 4, shed = 5,
        cooperative_member = 6, relocated = 7,
    }
    Member {
        id = 1, name = 2, national_code = 3, id_number = 4, sex = 5, birth_date = 6,
        relation = 7, joined_date = 8, left_date = 9, left_reason = 10, health = 11,
        disability_grade = 12, education = 13, schooling = 14, labor = 15, work = 16,
        medical_insurance = 17, pension_insurance = 18, skill_trained = 19,
    }
    Monitoring { category = 1, start_date = 2, end_date = 3, note = 4 }
    Household {
        village_id = 1, national_code = 2, group = 3, address = 4, phone = 5, attribute = 6,
        main_cause = 7, other_causes = 8, status_events = 9, identification = 10, incomes = 11,
        conditions = 12, members = 13, monitoring = 14, exit_steps = 15,
    }
    ExitStepEntry { step = 1, date = 2, result = 3, note = 4 }
    Helper {
        name = 1, kind = 2, speciality = 3, phone = 4, region_id = 5, work_unit = 6,
        position = 7, leads_with = 8, retired = 9,
    }
    Pairing {
        helper_id = 1, household_id = 2, start_date = 3, end_date = 4, end_reason = 5,
        end_note = 6,
    }
    Visit { pairing_id = 1, date = 2, done = 3, needs = 4 }
    Measure {
        name = 1, category = 2, description = 3, unit = 4, standard_amount = 5, fund_source = 6,
        retired = 7,
    }
    OrderStep { status = 1, date = 2, by = 3 }
    Assistance {
        household_id = 1, village_id = 2, member_id = 3, measure_id = 4, fund_id = 5, year = 6,
        amount_yuan = 7, quantity = 8, unit = 9, status = 10, planned_date = 11, done_date = 12,
        note = 13, steps = 14, income_yuan = 15, overspend_reason = 16,
    }
    Fund { name = 1, source = 2, year = 3, amount_yuan = 4, region_id = 5, members = 6 }
    Disbursement {
        fund_id = 1, date = 2, amount_yuan = 3, payee = 4, voucher = 5, assistance_id = 6,
        overspend_reason = 7,
    }
    Repayment { date = 1, amount_yuan = 2 }
    Loan {
        household_id = 1, lender = 2, lender_name = 3, fund_id = 4, amount_yuan = 5,
        start_date = 6, term_months = 7, interest_subsidy_yuan = 8, repayments = 9,
    }
    Task {
        region_id = 1, title = 2, owner = 3, unit = 4, start_date = 5, due_date = 6,
        done_date = 7, milestones = 8, infrastructure_item = 9, exit_households = 10, note = 11,
    }
    Milestone { title = 1, due_date = 2, done_date = 3 }
    Target {
        year = 1, region_id = 2, kind = 3, planned = 4, item = 5, responsible = 6, letter = 7,
        signed_date = 8, signed_by = 9,
    }
    SampleCheck {
        region_id = 1, date = 2, by = 3, exited_checked = 4, wrongly_exited = 5,
        others_checked = 6, missed = 7,
    }
    Survey { region_id = 1, date = 2, by = 3, respondents = 4, satisfied = 5 }
    Settings {
        poverty_lines = 1, village_exit_incidence = 2, county_exit_incidence = 3,
        monitoring_ratio = 4, monitoring_lines = 5, village_exit_collective_income = 6,
        county_exit_wrong_exit_rate = 7, county_exit_missed_rate = 8,
        county_exit_satisfaction = 9,
    }
}

/// A map as its entries, each a message `{1: key, 2: value}`, in key order.
macro_rules! map_of {
    ($($m:ty => ($k:ty, $v:ty)),+) => {$(
        impl Field for $m {
            type Acc = Vec<($k, $v)>;
            fn put_field(&self, n: u32, out: &mut Vec<u8>) {
                for (k, v) in self {
                    put_key(out, n, BYTES);
                    put_delimited(out, |out| {
                        k.put_field(1, out);
                        v.put_field(2, out);
                    });
                }
            }
            fn accept(acc: &mut Self::Acc, wire: u8, input: &mut Input) -> Res<()> {
                if wire != BYTES {
                    return damage("a map entry that is not a message");
                }
                let mut input = Input::new(input.delimited()?);
                let (mut k, mut v) = (Slot::<$k>::new(), Slot::<$v>::new());
                while !input.is_empty() {
                    match input.key()? {
                        (1, wire) => k.accept(wire, &mut input)?,
                        (2, wire) => v.accept(wire, &mut input)?,
                        (_, wire) => input.skip(wire)?,
                    }
                }
                acc.push((k.finish("key")?, v.finish("value")?));
                Ok(())
            }
            fn finish(acc: Self::Acc, _: &str) -> Res<Self> {
                Ok(acc.into_iter().collect())
            }
        }
    )+};
}
map_of!(Rev => (String, u64), BTreeMap<i32, Fen> => (i32, Fen));

/// The eight village conditions, as fields 1 to 8 (an unknown condition absent).
impl Value for Infrastructure {
    const WIRE: u8 = BYTES;
    fn put(&self, out: &mut Vec<u8>) {
        put_delimited(out, |out| {
            for (k, v) in self.iter().enumerate() {
                v.put_field(k as u32 + 1, out);
            }
        });
    }
    fn get(input: &mut Input) -> Res<Self> {
        let mut input = Input::new(input.delimited()?);
        let mut out: Infrastructure = [None; 8];
        while !input.is_empty() {
            let (n, wire) = input.key()?;
            match out.get_mut((n as usize).wrapping_sub(1)) {
                Some(slot) => *slot = Some(get_checked(wire, &mut input)?),
                None => input.skip(wire)?,
            }
        }
        Ok(out)
    }
}

/// A record: id, version vector, time of change, village of a tombstone, and the body unless
/// it is a tombstone.
impl<T: Value> Value for Record<T> {
    const WIRE: u8 = BYTES;
    fn put(&self, out: &mut Vec<u8>) {
        put_delimited(out, |out| {
            self.id.put_field(1, out);
            self.rev.put_field(2, out);
            self.updated_at.put_field(3, out);
            self.body.put_field(4, out);
            self.village_id.put_field(5, out);
        });
    }
    fn get(input: &mut Input) -> Res<Self> {
        let mut input = Input::new(input.delimited()?);
        let (mut id, mut rev, mut updated_at) = (Slot::new(), Slot::new(), Slot::new());
        let (mut body, mut village_id) = (Slot::new(), Slot::new());
        while !input.is_empty() {
            match input.key()? {
                (1, wire) => id.accept(wire, &mut input)?,
                (2, wire) => rev.accept(wire, &mut input)?,
                (3, wire) => updated_at.accept(wire, &mut input)?,
                (4, wire) => body.accept(wire, &mut input)?,
                (5, wire) => village_id.accept(wire, &mut input)?,
                (_, wire) => input.skip(wire)?,
            }
        }
        let id: String = id.finish("id")?;
        let at = |e| inside(&format!("record {id}"), e);
        Ok(Record {
            rev: rev.finish("rev").map_err(at)?,
            updated_at: updated_at.finish("updated_at").map_err(at)?,
            body: body.finish("body").map_err(at)?,
            village_id: village_id.finish("village_id").map_err(at)?,
            id,
        })
    }
}

/// The first byte of a binary snapshot chunk (a JSON chunk, of an earlier version, begins `{`).
pub const CHUNK_TAG: u8 = 0xB1;
/// The kind of the chunk that holds the settings (a collection's chunk is its place in
/// [`Collection::ALL`]).
pub const SETTINGS_KIND: u64 = 0x7f;

/// A chunk's head: the tag and the collection (or settings) its records belong to.
pub fn chunk_head(out: &mut Vec<u8>, kind: u64) {
    out.push(CHUNK_TAG);
    put_varint(out, kind);
}

/// The settings chunk.
pub fn settings_chunk(s: &Settings) -> Vec<u8> {
    let mut out = Vec::new();
    chunk_head(&mut out, SETTINGS_KIND);
    s.put(&mut out);
    out
}

/// What a binary chunk holds.
pub enum Chunk {
    Settings(Settings),
    Records(Collection),
}

/// Reads a chunk's head, leaving `input` at its first record.
pub fn read_head(input: &mut Input) -> Res<Chunk> {
    match input.take(1)? {
        [CHUNK_TAG] => {}
        _ => return damage("not a chunk of this format"),
    }
    let kind = input.varint()?;
    if kind == SETTINGS_KIND {
        return Ok(Chunk::Settings(Settings::get(input)?));
    }
    collection_at(kind).map(Chunk::Records)
}

/// A collection as the format stores it: its place in [`Collection::ALL`].
pub fn collection_place(c: Collection) -> u64 {
    Collection::ALL.iter().position(|&x| x == c).unwrap_or(0) as u64
}

/// The collection at `place` in [`Collection::ALL`].
pub fn collection_at(place: u64) -> Res<Collection> {
    usize::try_from(place)
        .ok()
        .and_then(|k| Collection::ALL.get(k).copied())
        .ok_or_else(|| Damage(format!("no collection {place}")))
}

/// What reads and writes each collection's records, by collection.
macro_rules! stored {
    ($($variant:ident = $field:ident;)+) => {
        /// Reads the records of collection `c` from the rest of a chunk into `reg`.
        pub fn read_records(c: Collection, input: &mut Input, reg: &mut Registry) -> Res<()> {
            match c {
                $(Collection::$variant => {
                    while !input.is_empty() {
                        reg.$field.push(Arc::new(Value::get(input)?));
                    }
                })+
            }
            Ok(())
        }

        /// Reads one record of collection `c` (the salvage goes on past a damaged one).
        pub fn read_any(c: Collection, input: &mut Input) -> Res<AnyRecord> {
            Ok(match c {
                $(Collection::$variant => AnyRecord::$variant(Value::get(input)?),)+
            })
        }

        /// Writes a record of any collection.
        pub fn put_any(out: &mut Vec<u8>, r: &AnyRecord) {
            match r {
                $(AnyRecord::$variant(r) => r.put(out),)+
            }
        }

        /// How many records collection `c` of `reg` has.
        pub fn count(c: Collection, reg: &Registry) -> usize {
            match c {
                $(Collection::$variant => reg.$field.len(),)+
            }
        }

        /// Writes record `i` of collection `c` of `reg`.
        pub fn put_nth(c: Collection, reg: &Registry, i: usize, out: &mut Vec<u8>) {
            match c {
                $(Collection::$variant => if let Some(r) = reg.$field.get(i) {
                    r.put(out);
                },)+
            }
        }
    };
}

stored! {
    Regions = regions;
    Households = households;
    Helpers = helpers;
    Pairings = pairings;
    Measures = measures;
    Assistance = assistance;
    Funds = funds;
    Tasks = tasks;
    Visits = visits;
    Disbursements = disbursements;
    Loans = loans;
    Targets = targets;
    SampleChecks = sample_checks;
    Surveys = surveys;
}
