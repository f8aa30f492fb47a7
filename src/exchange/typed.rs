//! The fast path of reading a file: serde straight into the typed records, every field checked
//! as it is read, no JSON tree. It only says yes or no: the first thing it does not take (a
//! wrong type, an unknown or repeated field, a bad code, a date that is not one, a text too
//! long) ends it, and the file is read again by the path reader of [`super::read`], which lists
//! every problem with its path. A file this path takes is exactly what the path reader makes of
//! it (`tests/exchange.rs` checks both over the corpus and thousands of mutated files).
//!
//! Every check is the path reader's own function (`read::text_problem`, `read::yuan_of`,
//! `is_id`, …); what this module adds is only the shape of each record, as a struct serde fills.
//! It reads files of the current version whose `format` and `version` come before the records,
//! as every export writes them; older files (migrated record by record) and any other order go
//! to the path reader. No `#[serde(flatten)]` and no untagged enum: both buffer every object.
//!
//! Long (about 1,300 lines) because it spells out every record and object of the format once
//! more, field by field, as the struct serde fills and the check into the registry's type.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;

use super::read::{self, is_id, is_timestamp, Reader, MAX_COUNT, MAX_REV_COUNTER};
use super::stream::{Progress, Strict, LAST_TEXT_AT};
use super::{FORMAT, VERSION};
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::money::Fen;
use crate::text::Coded;

/// What the fast path read: the file's header and its registry (settings included).
pub(crate) struct Typed {
    pub exported_at: String,
    pub exported_by: String,
    pub scope: Option<String>,
    pub registry: Registry,
}

/// Reads `bytes` if every record is one this app takes as it is; `None` sends the file to the
/// path reader.
pub(crate) fn read(bytes: &[u8], progress: &mut Progress) -> Option<Typed> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let typed = de.deserialize_map(Top { progress }).ok()?;
    de.end().ok()?;
    Some(typed)
}

/// Refused: the message is never shown (the path reader says what is wrong, and where).
fn no<E: de::Error>() -> E {
    E::custom("refused by the fast path")
}

/// A checked value and what the record keeps of it.
trait Field {
    type Out;
    fn out(self) -> Self::Out;
}

/// A field that may be left out. Given as `null` it is refused, as the path reader refuses it
/// ("should be text, not null"); serde's own `Option` would read `null` as absent.
struct Opt<T>(Option<T>);

impl<T> Default for Opt<T> {
    fn default() -> Self {
        Opt(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Opt<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|x| Opt(Some(x)))
    }
}

impl<T: Field> Opt<T> {
    fn get(self) -> Option<T::Out> {
        self.0.map(Field::out)
    }
}

/// Text read by `keep`, which says whether the path reader takes it.
fn text<'de, D: Deserializer<'de>>(d: D, keep: fn(&str) -> bool) -> Result<String, D::Error> {
    struct V(fn(&str) -> bool);
    impl<'de> Visitor<'de> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<String, E> {
            // Where the reading is, for the progress bar (see `Progress`).
            LAST_TEXT_AT.with(|at| at.set(s.as_ptr() as usize));
            self.visit_str(s)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
            if (self.0)(s) {
                Ok(s.to_owned())
            } else {
                Err(no())
            }
        }
        fn visit_string<E: de::Error>(self, s: String) -> Result<String, E> {
            if (self.0)(&s) {
                Ok(s)
            } else {
                Err(no())
            }
        }
    }
    d.deserialize_str(V(keep))
}

/// A value made from text by `parse` (a code, a date), without keeping the text.
fn parsed<'de, D: Deserializer<'de>, T>(d: D, parse: fn(&str) -> Option<T>) -> Result<T, D::Error> {
    struct V<T>(fn(&str) -> Option<T>);
    impl<'de, T> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            (self.0)(s).ok_or_else(no)
        }
    }
    d.deserialize_str(V(parse))
}

/// A JSON number as the path reader sees it (`serde_json::Number::as_f64`).
fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = f64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<f64, E> {
            Ok(n as f64)
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<f64, E> {
            Ok(n as f64)
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<f64, E> {
            Ok(n)
        }
    }
    d.deserialize_any(V)
}

/// An identifier (`read::is_id`).
struct Id(String);
impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text(d, is_id).map(Id)
    }
}

/// Text of `MIN..=MAX` characters (`read::text_problem`).
struct Text<const MIN: usize, const MAX: usize>(String);
impl<'de, const MIN: usize, const MAX: usize> Deserialize<'de> for Text<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text(d, |s| read::text_problem(s, MIN, MAX).is_none()).map(Text)
    }
}
/// A name: 1 to 100 characters, not blank (`Reader::name`).
type Name = Text<1, 100>;
/// A note: up to 2,000 characters.
type Note = Text<0, 2000>;

/// An RFC 3339 date-time (`read::is_timestamp`).
struct Stamp(String);
impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text(d, is_timestamp).map(Stamp)
    }
}

/// A real date, `YYYY-MM-DD`.
struct Day(Date);
impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parsed(d, Date::parse).map(Day)
    }
}

/// One of a code list's codes.
struct Code<T>(T);
impl<'de, T: Coded> Deserialize<'de> for Code<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parsed(d, T::from_code).map(Code)
    }
}

/// A whole number in `MIN..=MAX` (`Reader::integer`: an integer, or a double without fraction).
struct Int<const MIN: i64, const MAX: i64>(i64);
impl<'de, const MIN: i64, const MAX: i64> Deserialize<'de> for Int<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const MIN: i64, const MAX: i64>;
        impl<'de, const MIN: i64, const MAX: i64> Visitor<'de> for V<MIN, MAX> {
            type Value = i64;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<i64, E> {
                (MIN..=MAX).contains(&n).then_some(n).ok_or_else(no)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<i64, E> {
                self.visit_i64(i64::try_from(n).map_err(|_| no())?)
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<i64, E> {
                self.visit_i64(read::whole_number(n).ok_or_else(no)?)
            }
        }
        d.deserialize_any(V::<MIN, MAX>).map(Int)
    }
}
/// A year, 1980 to 2100 (`Reader::year`).
type Year = Int<1980, 2100>;
/// A count (`read::MAX_COUNT`).
type Count = Int<0, MAX_COUNT>;

/// Yuan, kept as fen (`read::yuan_of`).
struct Yuan(Fen);
impl<'de> Deserialize<'de> for Yuan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read::yuan_of(number(d)?).map(Yuan).map_err(|_| no())
    }
}

/// Any JSON number.
struct Num(f64);
impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number(d).map(Num)
    }
}

/// A version vector (`Reader::rev`): 1 to 1,000 replicas, each an id given once, each counter
/// from 1 to 2⁵³ − 1.
struct Version(Rev);
impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rev;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version vector")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rev, A::Error> {
                let mut rev = Rev::new();
                while let Some(Id(replica)) = map.next_key::<Id>()? {
                    let n: u64 = map.next_value()?;
                    if !(1..=MAX_REV_COUNTER).contains(&n) || rev.insert(replica, n).is_some() {
                        return Err(no());
                    }
                }
                (1..=1000)
                    .contains(&rev.len())
                    .then_some(rev)
                    .ok_or_else(no)
            }
        }
        d.deserialize_map(V).map(Version)
    }
}

/// A region's infrastructure flags, by item code (`InfrastructureItem::ALL`).
struct Flags(Infrastructure);
impl<'de> Deserialize<'de> for Flags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Infrastructure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of flags")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Infrastructure, A::Error> {
                let mut flags: Infrastructure = [None; 8];
                while let Some(Code(item)) = map.next_key::<Code<InfrastructureItem>>()? {
                    let i = InfrastructureItem::ALL.iter().position(|x| *x == item);
                    let slot = i.and_then(|i| flags.get_mut(i)).ok_or_else(no)?;
                    if slot.replace(map.next_value()?).is_some() {
                        return Err(no());
                    }
                }
                Ok(flags)
            }
        }
        d.deserialize_map(V).map(Flags)
    }
}

/// The device's settings: read by the path reader's own function from a JSON value that
/// refuses a key given twice, and taken only if it finds nothing wrong (they are a few lines).
struct SettingsField(Settings);
impl<'de> Deserialize<'de> for SettingsField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut at = Vec::new();
        let mut duplicates = Vec::new();
        let v = Strict {
            at: &mut at,
            duplicates: &mut duplicates,
        }
        .deserialize(d)?;
        let mut r = Reader::new();
        let s = read::settings(&mut r, &v, &super::problem::Path::Root.key("settings"));
        (duplicates.is_empty() && r.problems.is_empty())
            .then_some(SettingsField(s))
            .ok_or_else(no)
    }
}

macro_rules! field {
    ($($t:ty => $out:ty, |$x:ident| $e:expr;)+) => {
        $(impl Field for $t {
            type Out = $out;
            fn out(self) -> $out {
                let $x = self;
                $e
            }
        })+
    };
}

field! {
    Id => String, |x| x.0;
    Stamp => String, |x| x.0;
    Day => Date, |x| x.0;
    Yuan => Fen, |x| x.0;
    Num => f64, |x| x.0;
    Version => Rev, |x| x.0;
    Flags => Infrastructure, |x| x.0;
    SettingsField => Settings, |x| x.0;
    bool => bool, |x| x;
}
impl<const MIN: usize, const MAX: usize> Field for Text<MIN, MAX> {
    type Out = String;
    fn out(self) -> String {
        self.0
    }
}
impl<const MIN: i64, const MAX: i64> Field for Int<MIN, MAX> {
    type Out = i64;
    fn out(self) -> i64 {
        self.0
    }
}
impl<T> Field for Code<T> {
    type Out = T;
    fn out(self) -> T {
        self.0
    }
}
impl<T: Field> Field for Vec<T> {
    type Out = Vec<T::Out>;
    fn out(self) -> Vec<T::Out> {
        self.into_iter().map(Field::out).collect()
    }
}

/// An object of the file as its wire struct, checked into what the registry keeps.
trait Check: DeserializeOwned {
    type Out;
    /// `None` where the path reader would find a problem the field types do not catch (a
    /// required field left out, a rule between fields).
    fn check(self) -> Option<Self::Out>;
}

/// A JSON object read into `W` and checked. Only an object: serde's structs would also take a
/// list of their fields in order, which no file of ours is.
struct Obj<W: Check>(W::Out);
impl<'de, W: Check> Deserialize<'de> for Obj<W> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<W>(PhantomData<W>);
        impl<'de, W: Check> Visitor<'de> for V<W> {
            type Value = W::Out;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<W::Out, A::Error> {
                W::deserialize(MapAccessDeserializer::new(map))?
                    .check()
                    .ok_or_else(no)
            }
        }
        d.deserialize_map(V::<W>(PhantomData)).map(Obj)
    }
}
impl<W: Check> Field for Obj<W> {
    type Out = W::Out;
    fn out(self) -> W::Out {
        self.0
    }
}

/// The struct serde fills from one kind of object: every field may be left out (a tombstone
/// leaves out the body; a required one is checked in [`Check::check`]), none may be unknown.
macro_rules! wire {
    ($($name:ident { $($f:ident: $t:ty,)+ })+) => {
        $(#[derive(Deserialize, Default)]
        #[serde(default, deny_unknown_fields)]
        struct $name {
            $($f: Opt<$t>,)+
        }

        impl $name {
            /// Whether a field but those named is given (a tombstone's own fields).
            #[allow(dead_code)]
            fn any_but(&self, own: &[&str]) -> bool {
                $((self.$f.0.is_some() && !own.contains(&stringify!($f))))||+
            }
        })+
    };
}

/// A tombstone's own fields (`Reader::record`); a household's and an order's tombstone may
/// keep the village it was in.
const TOMBSTONE: &[&str] = &["id", "rev", "updated_at", "deleted", "village_id"];

/// The fields every record carries, and its body unless it is a tombstone. `village_id` is the
/// record's village field where it has one: kept on its tombstone, handed to `body` otherwise.
#[allow(clippy::too_many_arguments)]
fn record<B>(
    id: Opt<Id>,
    rev: Opt<Version>,
    updated_at: Opt<Stamp>,
    deleted: Opt<bool>,
    beyond_tombstone: bool,
    village_id: Option<String>,
    body: impl FnOnce(Option<String>) -> Option<B>,
) -> Option<Record<B>> {
    let (id, rev, updated_at) = (id.get()?, rev.get()?, updated_at.get()?);
    if deleted.get() == Some(true) {
        return (!beyond_tombstone).then_some(Record {
            id,
            rev,
            updated_at,
            body: None,
            village_id,
        });
    }
    Some(Record {
        id,
        rev,
        updated_at,
        body: Some(body(village_id)?),
        village_id: None,
    })
}

/// A list that must have at least one item (`Reader::list` with `min_items` 1).
fn some_items<T>(v: Option<Vec<T>>) -> Option<Vec<T>> {
    v.filter(|v| !v.is_empty())
}

wire! {
    RegionW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        kind: Code<RegionKind>,
        name: Name,
        code: Text<0, { usize::MAX }>,
        parent_id: Id,
        poor_village: bool,
        target_exit_year: Year,
        rural_population: Vec<Obj<YearPopulationW>>,
        infrastructure: Flags,
        specialty_industry: Note,
        ecommerce_station: bool,
        collective_income: Vec<Obj<YearAmountW>>,
        exit_date: Day,
        exit_approval: Text<0, 200>,
    }
    YearPopulationW {
        year: Year,
        households: Count,
        people: Count,
        per_capita_disposable_income: Yuan,
    }
    YearAmountW {
        year: Year,
        yuan: Yuan,
    }
    HouseholdW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        village_id: Id,
        national_code: Text<0, 40>,
        group: Text<0, 50>,
        address: Note,
        phone: Text<1, 50>,
        attribute: Code<Attribute>,
        main_cause: Code<Cause>,
        other_causes: Vec<Code<Cause>>,
        status_events: Vec<Obj<StatusEventW>>,
        identification: Vec<Obj<IdentificationW>>,
        incomes: Vec<Obj<IncomeW>>,
        conditions: Obj<ConditionsW>,
        members: Vec<Obj<MemberW>>,
        monitoring: Vec<Obj<MonitoringW>>,
        exit_steps: Vec<Obj<ExitStepW>>,
    }
    StatusEventW {
        date: Day,
        status: Code<Status>,
        reason: Note,
    }
    IdentificationW {
        step: Code<IdentificationStep>,
        date: Day,
        result: Code<StepResult>,
        note: Note,
    }
    IncomeW {
        year: Year,
        wage: Yuan,
        business: Yuan,
        property: Yuan,
        transfer: Yuan,
        business_costs: Yuan,
    }
    ConditionsW {
        food_clothing_secure: bool,
        housing: Code<Housing>,
        drinking_water: Code<DrinkingWater>,
        electricity: bool,
        shed: bool,
        cooperative_member: bool,
        relocated: bool,
    }
    MemberW {
        id: Id,
        name: Name,
        national_code: Text<0, 40>,
        id_number: Text<0, { usize::MAX }>,
        sex: Code<Sex>,
        birth_date: Day,
        relation: Code<Relation>,
        joined_date: Day,
        left_date: Day,
        left_reason: Code<LeftReason>,
        health: Code<Health>,
        disability_grade: Int<1, 4>,
        education: Code<Education>,
        schooling: Code<Schooling>,
        labor: Code<Labor>,
        work: Code<Work>,
        medical_insurance: bool,
        pension_insurance: bool,
        skill_trained: bool,
    }
    MonitoringW {
        category: Code<MonitoringCategory>,
        start_date: Day,
        end_date: Day,
        note: Note,
    }
    ExitStepW {
        step: Code<ExitStep>,
        date: Day,
        result: Code<StepResult>,
        note: Note,
    }
    HelperW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        name: Name,
        kind: Code<HelperKind>,
        speciality: Note,
        phone: Text<1, 50>,
        region_id: Id,
        work_unit: Text<1, 200>,
        position: Text<1, 100>,
        leads_with: Code<HelperModel>,
        retired: Day,
    }
    PairingW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        helper_id: Id,
        household_id: Id,
        start_date: Day,
        end_date: Day,
        end_reason: Code<PairingEndReason>,
        end_note: Note,
    }
    VisitW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        pairing_id: Id,
        date: Day,
        done: Text<1, 2000>,
        needs: Note,
    }
    MeasureW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        name: Name,
        category: Code<MeasureCategory>,
        description: Note,
        unit: Text<1, 20>,
        standard_amount: Yuan,
        fund_source: Code<FundSource>,
        retired: bool,
    }
    OrderStepW {
        status: Code<AssistanceStatus>,
        date: Day,
        by: Text<0, 100>,
    }
    AssistanceW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        household_id: Id,
        village_id: Id,
        member_id: Id,
        measure_id: Id,
        fund_id: Id,
        year: Year,
        amount_yuan: Yuan,
        quantity: Num,
        unit: Text<0, 20>,
        status: Code<AssistanceStatus>,
        planned_date: Day,
        done_date: Day,
        note: Note,
        steps: Vec<Obj<OrderStepW>>,
        income_yuan: Yuan,
        overspend_reason: Text<1, 2000>,
    }
    FundW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        name: Name,
        source: Code<FundSource>,
        year: Year,
        amount_yuan: Yuan,
        region_id: Id,
        members: Vec<Id>,
    }
    DisbursementW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        fund_id: Id,
        date: Day,
        amount_yuan: Yuan,
        payee: Name,
        voucher: Text<1, 100>,
        assistance_id: Id,
        overspend_reason: Text<1, 2000>,
    }
    RepaymentW {
        date: Day,
        amount_yuan: Yuan,
    }
    LoanW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        household_id: Id,
        lender: Code<LenderKind>,
        lender_name: Text<1, 100>,
        fund_id: Id,
        amount_yuan: Yuan,
        start_date: Day,
        term_months: Int<1, 600>,
        interest_subsidy_yuan: Yuan,
        repayments: Vec<Obj<RepaymentW>>,
    }
    TaskW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        region_id: Id,
        title: Name,
        owner: Text<0, 100>,
        unit: Text<0, 200>,
        start_date: Day,
        due_date: Day,
        done_date: Day,
        milestones: Vec<Obj<MilestoneW>>,
        infrastructure_item: Code<InfrastructureItem>,
        exit_households: Count,
        note: Note,
    }
    MilestoneW {
        title: Name,
        due_date: Day,
        done_date: Day,
    }
    TargetW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        year: Year,
        region_id: Id,
        kind: Code<TargetKind>,
        planned: Count,
        item: Code<InfrastructureItem>,
        responsible: Text<0, 100>,
        letter: Code<LetterState>,
        signed_date: Day,
        signed_by: Text<0, 100>,
    }
    SampleCheckW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        region_id: Id,
        date: Day,
        by: Text<0, 100>,
        exited_checked: Count,
        wrongly_exited: Count,
        others_checked: Count,
        missed: Count,
    }
    SurveyW {
        id: Id, rev: Version, updated_at: Stamp, deleted: bool,
        region_id: Id,
        date: Day,
        by: Text<0, 100>,
        respondents: Count,
        satisfied: Count,
    }
}

/// The header of a record's check: its tombstone test, then [`record`] over its own fields.
macro_rules! record {
    ($w:ident, |$village:pat_param| $body:expr) => {{
        let beyond = $w.any_but(TOMBSTONE);
        record(
            $w.id,
            $w.rev,
            $w.updated_at,
            $w.deleted,
            beyond,
            None,
            |$village| $body,
        )
    }};
    ($w:ident, village, |$village:pat_param| $body:expr) => {{
        let beyond = $w.any_but(TOMBSTONE);
        let village = $w.village_id.get();
        record(
            $w.id,
            $w.rev,
            $w.updated_at,
            $w.deleted,
            beyond,
            village,
            |$village| $body,
        )
    }};
}

impl Check for RegionW {
    type Out = Record<Region>;
    fn check(self) -> Option<Record<Region>> {
        let w = self;
        record!(w, |_| Some(Region {
            kind: w.kind.get()?,
            name: w.name.get()?,
            code: match w.code.get() {
                Some(c) if !read::is_division_code(&c) => return None,
                c => c,
            },
            parent_id: w.parent_id.get(),
            poor_village: w.poor_village.get(),
            target_exit_year: w.target_exit_year.get().map(|y| y as i32),
            rural_population: w.rural_population.get().unwrap_or_default(),
            infrastructure: w.infrastructure.get(),
            specialty_industry: w.specialty_industry.get(),
            ecommerce_station: w.ecommerce_station.get(),
            collective_income: w.collective_income.get().unwrap_or_default(),
            exit_date: w.exit_date.get(),
            exit_approval: w.exit_approval.get(),
        }))
    }
}

impl Check for YearPopulationW {
    type Out = YearPopulation;
    fn check(self) -> Option<YearPopulation> {
        Some(YearPopulation {
            year: self.year.get()? as i32,
            households: self.households.get().map(|n| n as u64),
            people: self.people.get()? as u64,
            per_capita_disposable_income: self.per_capita_disposable_income.get(),
        })
    }
}

impl Check for YearAmountW {
    type Out = YearAmount;
    fn check(self) -> Option<YearAmount> {
        Some(YearAmount {
            year: self.year.get()? as i32,
            yuan: self.yuan.get()?,
        })
    }
}

impl Check for HouseholdW {
    type Out = Record<Household>;
    fn check(self) -> Option<Record<Household>> {
        let w = self;
        record!(w, village, |village| {
            let other_causes = w.other_causes.get().unwrap_or_default();
            let once = other_causes
                .iter()
                .enumerate()
                .all(|(i, c)| !other_causes[..i].contains(c));
            once.then_some(())?;
            Some(Household {
                village_id: village?,
                national_code: w.national_code.get(),
                group: w.group.get(),
                address: w.address.get(),
                phone: w.phone.get(),
                attribute: w.attribute.get()?,
                main_cause: w.main_cause.get()?,
                other_causes,
                status_events: some_items(w.status_events.get())?,
                identification: w.identification.get().unwrap_or_default(),
                incomes: w.incomes.get().unwrap_or_default(),
                conditions: w.conditions.get(),
                members: some_items(w.members.get())?,
                monitoring: w.monitoring.get().unwrap_or_default(),
                exit_steps: w.exit_steps.get().unwrap_or_default(),
            })
        })
    }
}

impl Check for StatusEventW {
    type Out = StatusEvent;
    fn check(self) -> Option<StatusEvent> {
        Some(StatusEvent {
            date: self.date.get()?,
            status: self.status.get()?,
            reason: self.reason.get(),
        })
    }
}

impl Check for IdentificationW {
    type Out = IdentificationEntry;
    fn check(self) -> Option<IdentificationEntry> {
        Some(IdentificationEntry {
            step: self.step.get()?,
            date: self.date.get()?,
            result: self.result.get()?,
            note: self.note.get(),
        })
    }
}

impl Check for IncomeW {
    type Out = Income;
    fn check(self) -> Option<Income> {
        Some(Income {
            year: self.year.get()? as i32,
            wage: self.wage.get(),
            business: self.business.get(),
            property: self.property.get(),
            transfer: self.transfer.get(),
            business_costs: self.business_costs.get(),
        })
    }
}

impl Check for ConditionsW {
    type Out = Conditions;
    fn check(self) -> Option<Conditions> {
        Some(Conditions {
            food_clothing_secure: self.food_clothing_secure.get(),
            housing: self.housing.get(),
            drinking_water: self.drinking_water.get(),
            electricity: self.electricity.get(),
            shed: self.shed.get(),
            cooperative_member: self.cooperative_member.get(),
            relocated: self.relocated.get(),
        })
    }
}

impl Check for MemberW {
    type Out = Member;
    fn check(self) -> Option<Member> {
        Some(Member {
            id: self.id.get()?,
            name: self.name.get()?,
            national_code: self.national_code.get(),
            id_number: match self.id_number.get() {
                Some(n) if !read::is_id_number_shape(&n) => return None,
                n => n,
            },
            sex: self.sex.get()?,
            birth_date: self.birth_date.get(),
            relation: self.relation.get()?,
            joined_date: self.joined_date.get(),
            left_date: self.left_date.get(),
            left_reason: self.left_reason.get(),
            health: self.health.get(),
            disability_grade: self.disability_grade.get().map(|g| g as u8),
            education: self.education.get(),
            schooling: self.schooling.get(),
            labor: self.labor.get(),
            work: self.work.get(),
            medical_insurance: self.medical_insurance.get(),
            pension_insurance: self.pension_insurance.get(),
            skill_trained: self.skill_trained.get(),
        })
    }
}

impl Check for MonitoringW {
    type Out = Monitoring;
    fn check(self) -> Option<Monitoring> {
        Some(Monitoring {
            category: self.category.get()?,
            start_date: self.start_date.get()?,
            end_date: self.end_date.get(),
            note: self.note.get(),
        })
    }
}

impl Check for ExitStepW {
    type Out = ExitStepEntry;
    fn check(self) -> Option<ExitStepEntry> {
        Some(ExitStepEntry {
            step: self.step.get()?,
            date: self.date.get()?,
            result: self.result.get()?,
            note: self.note.get(),
        })
    }
}

impl Check for HelperW {
    type Out = Record<Helper>;
    fn check(self) -> Option<Record<Helper>> {
        let w = self;
        record!(w, |_| Some(Helper {
            name: w.name.get()?,
            kind: w.kind.get()?,
            speciality: w.speciality.get(),
            phone: w.phone.get(),
            region_id: w.region_id.get(),
            work_unit: w.work_unit.get(),
            position: w.position.get(),
            leads_with: w.leads_with.get(),
            retired: w.retired.get(),
        }))
    }
}

impl Check for PairingW {
    type Out = Record<Pairing>;
    fn check(self) -> Option<Record<Pairing>> {
        let w = self;
        record!(w, |_| Some(Pairing {
            helper_id: w.helper_id.get()?,
            household_id: w.household_id.get()?,
            start_date: w.start_date.get()?,
            end_date: w.end_date.get(),
            end_reason: w.end_reason.get(),
            end_note: w.end_note.get(),
        }))
    }
}

impl Check for VisitW {
    type Out = Record<Visit>;
    fn check(self) -> Option<Record<Visit>> {
        let w = self;
        record!(w, |_| Some(Visit {
            pairing_id: w.pairing_id.get()?,
            date: w.date.get()?,
            done: w.done.get()?,
            needs: w.needs.get(),
        }))
    }
}

impl Check for MeasureW {
    type Out = Record<Measure>;
    fn check(self) -> Option<Record<Measure>> {
        let w = self;
        record!(w, |_| Some(Measure {
            name: w.name.get()?,
            category: w.category.get()?,
            description: w.description.get(),
            unit: w.unit.get(),
            standard_amount: w.standard_amount.get(),
            fund_source: w.fund_source.get(),
            retired: w.retired.get(),
        }))
    }
}

impl Check for OrderStepW {
    type Out = OrderStep;
    fn check(self) -> Option<OrderStep> {
        Some(OrderStep {
            status: self.status.get()?,
            date: self.date.get()?,
            by: self.by.get(),
        })
    }
}

impl Check for AssistanceW {
    type Out = Record<Assistance>;
    fn check(self) -> Option<Record<Assistance>> {
        let w = self;
        record!(w, village, |village_id| {
            // A household's order or a village's own project: exactly one of the two.
            let household_id = w.household_id.get();
            (household_id.is_some() != village_id.is_some()).then_some(())?;
            Some(Assistance {
                household_id,
                village_id,
                member_id: w.member_id.get(),
                measure_id: w.measure_id.get()?,
                fund_id: w.fund_id.get(),
                year: w.year.get()? as i32,
                amount_yuan: w.amount_yuan.get(),
                quantity: match w.quantity.get() {
                    Some(q) if !(0.0..=MAX_COUNT as f64).contains(&q) => return None,
                    q => q,
                },
                unit: w.unit.get(),
                status: w.status.get()?,
                planned_date: w.planned_date.get(),
                done_date: w.done_date.get(),
                note: w.note.get(),
                steps: w.steps.get().unwrap_or_default(),
                income_yuan: w.income_yuan.get(),
                overspend_reason: w.overspend_reason.get(),
            })
        })
    }
}

impl Check for FundW {
    type Out = Record<Fund>;
    fn check(self) -> Option<Record<Fund>> {
        let w = self;
        record!(w, |_| Some(Fund {
            name: w.name.get()?,
            source: w.source.get()?,
            year: w.year.get()? as i32,
            amount_yuan: w.amount_yuan.get()?,
            region_id: w.region_id.get(),
            members: w.members.get().unwrap_or_default(),
        }))
    }
}

impl Check for DisbursementW {
    type Out = Record<Disbursement>;
    fn check(self) -> Option<Record<Disbursement>> {
        let w = self;
        record!(w, |_| Some(Disbursement {
            fund_id: w.fund_id.get()?,
            date: w.date.get()?,
            amount_yuan: w.amount_yuan.get()?,
            payee: w.payee.get()?,
            voucher: w.voucher.get(),
            assistance_id: w.assistance_id.get(),
            overspend_reason: w.overspend_reason.get(),
        }))
    }
}

impl Check for RepaymentW {
    type Out = Repayment;
    fn check(self) -> Option<Repayment> {
        Some(Repayment {
            date: self.date.get()?,
            amount_yuan: self.amount_yuan.get()?,
        })
    }
}

impl Check for LoanW {
    type Out = Record<Loan>;
    fn check(self) -> Option<Record<Loan>> {
        let w = self;
        record!(w, |_| Some(Loan {
            household_id: w.household_id.get()?,
            lender: w.lender.get()?,
            lender_name: w.lender_name.get(),
            fund_id: w.fund_id.get(),
            amount_yuan: w.amount_yuan.get()?,
            start_date: w.start_date.get()?,
            term_months: w.term_months.get()? as u32,
            interest_subsidy_yuan: w.interest_subsidy_yuan.get(),
            repayments: w.repayments.get().unwrap_or_default(),
        }))
    }
}

impl Check for TaskW {
    type Out = Record<Task>;
    fn check(self) -> Option<Record<Task>> {
        let w = self;
        record!(w, |_| Some(Task {
            region_id: w.region_id.get()?,
            title: w.title.get()?,
            owner: w.owner.get(),
            unit: w.unit.get(),
            start_date: w.start_date.get(),
            due_date: w.due_date.get()?,
            done_date: w.done_date.get(),
            milestones: w.milestones.get().unwrap_or_default(),
            infrastructure_item: w.infrastructure_item.get(),
            exit_households: w.exit_households.get().map(|n| n as u64),
            note: w.note.get(),
        }))
    }
}

impl Check for MilestoneW {
    type Out = Milestone;
    fn check(self) -> Option<Milestone> {
        Some(Milestone {
            title: self.title.get()?,
            due_date: self.due_date.get()?,
            done_date: self.done_date.get(),
        })
    }
}

impl Check for TargetW {
    type Out = Record<Target>;
    fn check(self) -> Option<Record<Target>> {
        let w = self;
        record!(w, |_| Some(Target {
            year: w.year.get()? as i32,
            region_id: w.region_id.get()?,
            kind: w.kind.get()?,
            planned: w.planned.get()? as u64,
            item: w.item.get(),
            responsible: w.responsible.get(),
            letter: w.letter.get()?,
            signed_date: w.signed_date.get(),
            signed_by: w.signed_by.get(),
        }))
    }
}

impl Check for SampleCheckW {
    type Out = Record<SampleCheck>;
    fn check(self) -> Option<Record<SampleCheck>> {
        let w = self;
        record!(w, |_| Some(SampleCheck {
            region_id: w.region_id.get()?,
            date: w.date.get()?,
            by: w.by.get(),
            exited_checked: w.exited_checked.get()? as u64,
            wrongly_exited: w.wrongly_exited.get()? as u64,
            others_checked: w.others_checked.get()? as u64,
            missed: w.missed.get()? as u64,
        }))
    }
}

impl Check for SurveyW {
    type Out = Record<Survey>;
    fn check(self) -> Option<Record<Survey>> {
        let w = self;
        record!(w, |_| Some(Survey {
            region_id: w.region_id.get()?,
            date: w.date.get()?,
            by: w.by.get(),
            respondents: w.respondents.get()? as u64,
            satisfied: w.satisfied.get()? as u64,
        }))
    }
}

/// One collection's records, each checked as soon as its object ends.
struct List<'p, W> {
    progress: &'p mut Progress,
    w: PhantomData<W>,
}

impl<'de, W: Check> DeserializeSeed<'de> for List<'_, W> {
    type Value = Vec<Arc<W::Out>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, W: Check> Visitor<'de> for List<'_, W> {
    type Value = Vec<Arc<W::Out>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Obj(rec)) = seq.next_element::<Obj<W>>()? {
            out.push(Arc::new(rec));
            if out.len().is_multiple_of(Progress::EVERY) {
                self.progress.look();
            }
        }
        Ok(out)
    }
}

/// Each collection and the wire struct of its records.
macro_rules! collections {
    ($($variant:ident: $body:ty => $w:ty;)+) => {
        /// Reads the list of collection `c` (its key just read) into `reg`.
        fn read_list<'de, A: MapAccess<'de>>(
            c: Collection,
            map: &mut A,
            reg: &mut Registry,
            progress: &mut Progress,
        ) -> Result<(), A::Error> {
            match c {
                $(Collection::$variant => {
                    *<$body as Body>::records_mut(reg) =
                        map.next_value_seed(List::<$w> { progress, w: PhantomData })?;
                })+
            }
            Ok(())
        }
    };
}

collections! {
    Regions: Region => RegionW;
    Households: Household => HouseholdW;
    Helpers: Helper => HelperW;
    Pairings: Pairing => PairingW;
    Measures: Measure => MeasureW;
    Assistance: Assistance => AssistanceW;
    Funds: Fund => FundW;
    Tasks: Task => TaskW;
    Visits: Visit => VisitW;
    Disbursements: Disbursement => DisbursementW;
    Loans: Loan => LoanW;
    Targets: Target => TargetW;
    SampleChecks: SampleCheck => SampleCheckW;
    Surveys: Survey => SurveyW;
}

/// The file's top level, key by key in the order written.
struct Top<'p> {
    progress: &'p mut Progress,
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Typed;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an exchange file")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Typed, A::Error> {
        let mut registry = Registry::default();
        let (mut format, mut version) = (false, false);
        let (mut exported_at, mut exported_by, mut scope) = (None, None, None);
        let mut settings = None;
        let mut seen: Vec<Collection> = Vec::new();
        // A key given twice is refused by the path reader: so here.
        let once = |taken: bool| if taken { Err(no::<A::Error>()) } else { Ok(()) };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match &*key {
                "format" => {
                    once(format)?;
                    format = map.next_value::<std::borrow::Cow<'de, str>>()? == FORMAT;
                    format.then_some(()).ok_or_else(no)?;
                }
                "version" => {
                    once(version)?;
                    version = map.next_value::<u64>()? == VERSION;
                    version.then_some(()).ok_or_else(no)?;
                }
                "exported_at" => {
                    once(exported_at.is_some())?;
                    exported_at = Some(map.next_value::<Stamp>()?.0);
                }
                "exported_by" => {
                    once(exported_by.is_some())?;
                    exported_by = Some(map.next_value::<Id>()?.0);
                }
                "scope" => {
                    once(scope.is_some())?;
                    scope = Some(map.next_value::<Id>()?.0);
                }
                "settings" => {
                    once(settings.is_some())?;
                    settings = Some(map.next_value::<SettingsField>()?.0);
                }
                other => {
                    // Records are read as the file's version has them: it must have said so.
                    let c = Collection::from_code(other).ok_or_else(no)?;
                    once(seen.contains(&c) || !(format && version))?;
                    seen.push(c);
                    read_list(c, &mut map, &mut registry, self.progress)?;
                }
            }
        }
        let lists = [Collection::Regions, Collection::Households];
        if !(format && version && lists.iter().all(|c| seen.contains(c))) {
            return Err(no());
        }
        registry.settings = settings.unwrap_or_default();
        Ok(Typed {
            exported_at: exported_at.ok_or_else(no)?,
            exported_by: exported_by.ok_or_else(no)?,
            scope,
            registry,
        })
    }
}
