//! The registry as typed values: every record of the exchange format, with enums for codes,
//! real dates and integer fen. A tombstone is a record whose `body` is `None`.
//!
//! Long (about 810 lines) because every record type of the format is here, declared once by the collection macro.

use std::collections::BTreeMap;

use super::codes::*;
use super::date::Date;
use super::money::Fen;

/// Version vector (`rev`, 版本向量): edits counted per replica. Compared entry-wise to merge
/// copies.
///
/// Kept as a short list in replica order rather than a map: nearly every record carries one or
/// two entries, and a map's first node takes about 230 bytes in wasm, a fifth of a county's
/// registry in memory. It reads like the map it replaces (`get`, `entry`, iteration in order).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Rev(Vec<(String, u64)>);

impl Rev {
    pub fn new() -> Rev {
        Rev(Vec::new())
    }

    fn find(&self, replica: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(replica))
    }

    /// The count of `replica`'s edits, if it made any.
    pub fn get(&self, replica: &str) -> Option<&u64> {
        self.find(replica).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, replica: &str) -> bool {
        self.find(replica).is_ok()
    }

    /// Sets `replica`'s count; the count it had.
    pub fn insert(&mut self, replica: String, n: u64) -> Option<u64> {
        match self.find(&replica) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, n)),
            Err(i) => {
                self.0.insert(i, (replica, n));
                None
            }
        }
    }

    /// `replica`'s count, to change in place.
    pub fn entry(&mut self, replica: String) -> RevEntry<'_> {
        RevEntry(self, replica)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &u64)> + '_ {
        self.0.iter().map(|(k, n)| (k, n))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> + '_ {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &u64> + '_ {
        self.0.iter().map(|(_, n)| n)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One replica's count in a [`Rev`], as a map's entry.
pub struct RevEntry<'a>(&'a mut Rev, String);

impl<'a> RevEntry<'a> {
    pub fn or_default(self) -> &'a mut u64 {
        self.or_insert(0)
    }

    pub fn or_insert(self, n: u64) -> &'a mut u64 {
        let RevEntry(rev, replica) = self;
        let i = match rev.find(&replica) {
            Ok(i) => i,
            Err(i) => {
                rev.0.insert(i, (replica, n));
                i
            }
        };
        &mut rev.0[i].1
    }
}

impl FromIterator<(String, u64)> for Rev {
    /// In replica order; of a replica given twice, the last count (as a map collects).
    fn from_iter<I: IntoIterator<Item = (String, u64)>>(iter: I) -> Rev {
        let mut list: Vec<(String, u64)> = iter.into_iter().collect();
        list.reverse();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.dedup_by(|later, first| later.0 == first.0);
        list.shrink_to_fit();
        Rev(list)
    }
}

impl<'a> IntoIterator for &'a Rev {
    type Item = (&'a String, &'a u64);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, u64)>,
        fn(&'a (String, u64)) -> (&'a String, &'a u64),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, n)| (k, n))
    }
}

impl std::fmt::Debug for Rev {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A record as it travels: id, version vector, time of last change, and its content unless deleted.
#[derive(Clone, PartialEq, Debug)]
pub struct Record<T> {
    pub id: String,
    pub rev: Rev,
    /// RFC 3339 time of the last change, for display only.
    pub updated_at: String,
    /// `None` on a tombstone (`deleted: true`).
    pub body: Option<T>,
    /// On a household's tombstone: the village it was in (no personal data), so that a
    /// village's file, and its sync database, carries its own deletions.
    pub village_id: Option<String>,
}

impl<T> Record<T> {
    pub fn live(&self) -> Option<&T> {
        self.body.as_ref()
    }
    pub fn is_tombstone(&self) -> bool {
        self.body.is_none()
    }
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct YearPopulation {
    pub year: i32,
    pub households: Option<u64>,
    pub people: u64,
    /// 农村居民人均可支配收入
    pub per_capita_disposable_income: Option<Fen>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct YearAmount {
    pub year: i32,
    pub yuan: Fen,
}

/// The eight village-level exit conditions, in the order of [`INFRASTRUCTURE`].
pub type Infrastructure = [Option<bool>; 8];

/// 县、乡镇、村
#[derive(Clone, PartialEq, Debug)]
pub struct Region {
    pub kind: RegionKind,
    pub name: String,
    pub code: Option<String>,
    pub parent_id: Option<String>,
    /// 贫困村
    pub poor_village: Option<bool>,
    pub target_exit_year: Option<i32>,
    pub rural_population: Vec<YearPopulation>,
    pub infrastructure: Option<Infrastructure>,
    /// 村抓一项特色产业
    pub specialty_industry: Option<String>,
    pub ecommerce_station: Option<bool>,
    pub collective_income: Vec<YearAmount>,
    pub exit_date: Option<Date>,
    /// The approval of the village's (or county's) exit: 批复文号 or by whom.
    pub exit_approval: Option<String>,
}

impl Region {
    pub fn new(kind: RegionKind, name: &str, parent_id: Option<&str>) -> Region {
        Region {
            kind,
            name: name.to_string(),
            code: None,
            parent_id: parent_id.map(str::to_string),
            poor_village: None,
            target_exit_year: None,
            rural_population: Vec::new(),
            infrastructure: None,
            specialty_industry: None,
            ecommerce_station: None,
            collective_income: Vec::new(),
            exit_date: None,
            exit_approval: None,
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct StatusEvent {
    pub date: Date,
    pub status: Status,
    pub reason: Option<String>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct IdentificationEntry {
    pub step: IdentificationStep,
    pub date: Date,
    pub result: StepResult,
    pub note: Option<String>,
}

/// A household's income of one year, yuan; a missing component counts as 0.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Income {
    pub year: i32,
    pub wage: Option<Fen>,
    pub business: Option<Fen>,
    pub property: Option<Fen>,
    pub transfer: Option<Fen>,
    pub business_costs: Option<Fen>,
}

impl Income {
    /// 家庭纯收入: wage + business + property + transfer − business costs.
    pub fn net(&self) -> Fen {
        let v = |x: Option<Fen>| x.unwrap_or(Fen::ZERO);
        v(self.wage) + v(self.business) + v(self.property) + v(self.transfer)
            - v(self.business_costs)
    }
}

/// Present living conditions: the facts behind 两不愁三保障 and safe drinking water.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Conditions {
    pub food_clothing_secure: Option<bool>,
    pub housing: Option<Housing>,
    pub drinking_water: Option<DrinkingWater>,
    pub electricity: Option<bool>,
    pub shed: Option<bool>,
    pub cooperative_member: Option<bool>,
    pub relocated: Option<bool>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub national_code: Option<String>,
    pub id_number: Option<String>,
    pub sex: Sex,
    pub birth_date: Option<Date>,
    pub relation: Relation,
    pub joined_date: Option<Date>,
    pub left_date: Option<Date>,
    pub left_reason: Option<LeftReason>,
    pub health: Option<Health>,
    pub disability_grade: Option<u8>,
    pub education: Option<Education>,
    pub schooling: Option<Schooling>,
    pub labor: Option<Labor>,
    pub work: Option<Work>,
    pub medical_insurance: Option<bool>,
    pub pension_insurance: Option<bool>,
    pub skill_trained: Option<bool>,
}

impl Member {
    pub fn new(id: &str, name: &str, sex: Sex, relation: Relation) -> Member {
        Member {
            id: id.to_string(),
            name: name.to_string(),
            national_code: None,
            id_number: None,
            sex,
            birth_date: None,
            relation,
            joined_date: None,
            left_date: None,
            left_reason: None,
            health: None,
            disability_grade: None,
            education: None,
            schooling: None,
            labor: None,
            work: None,
            medical_insurance: None,
            pension_insurance: None,
            skill_trained: None,
        }
    }

    /// Counted at D: joined on or before D (or from the start) and not yet left at D.
    pub fn counted_at(&self, d: Date) -> bool {
        self.joined_date.is_none_or(|j| j <= d) && self.left_date.is_none_or(|l| l > d)
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Monitoring {
    pub category: MonitoringCategory,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub note: Option<String>,
}

/// 建档立卡户
#[derive(Clone, PartialEq, Debug)]
pub struct Household {
    pub village_id: String,
    pub national_code: Option<String>,
    /// 社/组
    pub group: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub attribute: Attribute,
    pub main_cause: Cause,
    pub other_causes: Vec<Cause>,
    pub status_events: Vec<StatusEvent>,
    pub identification: Vec<IdentificationEntry>,
    pub incomes: Vec<Income>,
    pub conditions: Option<Conditions>,
    pub members: Vec<Member>,
    pub monitoring: Vec<Monitoring>,
    /// 退出程序: the exit steps recorded, oldest first.
    pub exit_steps: Vec<ExitStepEntry>,
}

/// One step of a household's exit procedure, with its date, result and note.
#[derive(Clone, PartialEq, Debug)]
pub struct ExitStepEntry {
    pub step: ExitStep,
    pub date: Date,
    pub result: StepResult,
    pub note: Option<String>,
}

impl Household {
    pub fn head(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.relation == Relation::Head)
    }
    pub fn income(&self, year: i32) -> Option<&Income> {
        self.incomes.iter().find(|i| i.year == year)
    }
}

/// 帮扶人 (能人、干部、工作队、企业): 帮扶责任人 or 致富能人.
#[derive(Clone, PartialEq, Debug)]
pub struct Helper {
    pub name: String,
    pub kind: HelperKind,
    pub speciality: Option<String>,
    pub phone: Option<String>,
    /// Where the helper is registered (a village, township or the county).
    pub region_id: Option<String>,
    /// 工作单位
    pub work_unit: Option<String>,
    /// 职务
    pub position: Option<String>,
    /// 能人带动: what the helper leads households with.
    pub leads_with: Option<HelperModel>,
    /// No longer helps from this date on (调离、退出).
    pub retired: Option<Date>,
}

impl Helper {
    pub fn new(name: &str, kind: HelperKind) -> Helper {
        Helper {
            name: name.to_string(),
            kind,
            speciality: None,
            phone: None,
            region_id: None,
            work_unit: None,
            position: None,
            leads_with: None,
            retired: None,
        }
    }

    /// Still helping at D.
    pub fn active_at(&self, d: Date) -> bool {
        self.retired.is_none_or(|r| r > d)
    }
}

/// 结对帮扶: a helper paired with a household from a date, until it ends.
#[derive(Clone, PartialEq, Debug)]
pub struct Pairing {
    pub helper_id: String,
    pub household_id: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub end_reason: Option<PairingEndReason>,
    pub end_note: Option<String>,
}

/// 走访记录: one visit of a helper to a paired household.
#[derive(Clone, PartialEq, Debug)]
pub struct Visit {
    pub pairing_id: String,
    pub date: Date,
    /// What was done.
    pub done: String,
    /// What the household needs.
    pub needs: Option<String>,
}

/// One dish on the assistance menu (菜单式扶持), kept by the county.
#[derive(Clone, PartialEq, Debug)]
pub struct Measure {
    pub name: String,
    pub category: MeasureCategory,
    pub description: Option<String>,
    /// 单位: 只, 亩, 人, 户…
    pub unit: Option<String>,
    /// 标准: the usual amount of one order, yuan.
    pub standard_amount: Option<Fen>,
    /// The fund source that normally pays for it.
    pub fund_source: Option<FundSource>,
    /// Taken off the menu: no new orders (orders already made stay).
    pub retired: Option<bool>,
}

impl Measure {
    pub fn new(name: &str, category: MeasureCategory) -> Measure {
        Measure {
            name: name.to_string(),
            category,
            description: None,
            unit: None,
            standard_amount: None,
            fund_source: None,
            retired: None,
        }
    }
}

/// One step of an order: the status it moved into, when, and who did it.
#[derive(Clone, PartialEq, Debug)]
pub struct OrderStep {
    pub status: AssistanceStatus,
    pub date: Date,
    pub by: Option<String>,
}

/// 点菜: one measure ordered for one household (一户一法), or a village's own project (一村一策,
/// with `village_id` instead of `household_id`).
#[derive(Clone, PartialEq, Debug)]
pub struct Assistance {
    pub household_id: Option<String>,
    /// A village's own project (村级项目).
    pub village_id: Option<String>,
    pub member_id: Option<String>,
    pub measure_id: String,
    pub fund_id: Option<String>,
    pub year: i32,
    pub amount_yuan: Option<Fen>,
    pub quantity: Option<f64>,
    pub unit: Option<String>,
    pub status: AssistanceStatus,
    pub planned_date: Option<Date>,
    pub done_date: Option<Date>,
    pub note: Option<String>,
    /// Each step of the order, oldest first.
    pub steps: Vec<OrderStep>,
    /// 收益: what the measure brought (wages of labourers placed, sales), yuan.
    pub income_yuan: Option<Fen>,
    /// Why the order was allowed beyond its fund's balance (超预算理由).
    pub overspend_reason: Option<String>,
}

impl Assistance {
    /// The order's state at D: that of its last step dated by then (none before it was
    /// requested); an order without steps (a version-1 record) is in its state whatever D.
    pub fn status_at(&self, d: Date) -> Option<AssistanceStatus> {
        if self.steps.is_empty() {
            return Some(self.status);
        }
        self.steps
            .iter()
            .take_while(|s| s.date <= d)
            .last()
            .map(|s| s.status)
    }

    /// An order of `measure` for household `household`, requested: every optional fact empty.
    pub fn for_household(household: &str, measure: &str, year: i32) -> Assistance {
        Assistance {
            household_id: Some(household.to_string()),
            village_id: None,
            member_id: None,
            measure_id: measure.to_string(),
            fund_id: None,
            year,
            amount_yuan: None,
            quantity: None,
            unit: None,
            status: AssistanceStatus::Requested,
            planned_date: None,
            done_date: None,
            note: None,
            steps: Vec::new(),
            income_yuan: None,
            overspend_reason: None,
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Fund {
    pub name: String,
    pub source: FundSource,
    pub year: i32,
    pub amount_yuan: Fen,
    pub region_id: Option<String>,
    /// A mutual-aid society's member households (互助资金协会会员).
    pub members: Vec<String>,
}

/// 拨付: money paid out of a fund, for an order or a project.
#[derive(Clone, PartialEq, Debug)]
pub struct Disbursement {
    pub fund_id: String,
    pub date: Date,
    pub amount_yuan: Fen,
    pub payee: String,
    /// 凭证号
    pub voucher: Option<String>,
    pub assistance_id: Option<String>,
    /// Why it was allowed beyond the fund's amount (超支理由).
    pub overspend_reason: Option<String>,
}

/// A repayment of a loan.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Repayment {
    pub date: Date,
    pub amount_yuan: Fen,
}

/// A household's loan: 扶贫小额信贷 from a bank, or 互助资金 from its village's society.
#[derive(Clone, PartialEq, Debug)]
pub struct Loan {
    pub household_id: String,
    pub lender: LenderKind,
    /// The bank's name.
    pub lender_name: Option<String>,
    /// The mutual-aid society's fund.
    pub fund_id: Option<String>,
    pub amount_yuan: Fen,
    pub start_date: Date,
    pub term_months: u32,
    /// 贴息: interest paid for the household, yuan.
    pub interest_subsidy_yuan: Option<Fen>,
    pub repayments: Vec<Repayment>,
}

impl Loan {
    /// The day the loan falls due: the start plus the term, on the same day of the month (or the
    /// month's last day).
    pub fn due_date(&self) -> Date {
        let (y, m, d) = self.start_date.ymd();
        let months = (y as i64) * 12 + (m as i64 - 1) + self.term_months as i64;
        let (y, m) = ((months / 12) as i32, (months % 12) as u32 + 1);
        let last = super::date::days_in_month(y, m);
        Date::from_ymd(y, m, d.min(last)).unwrap_or(self.start_date)
    }
}

/// A line of the progress table behind the battle map (挂图作战).
#[derive(Clone, PartialEq, Debug)]
pub struct Task {
    pub region_id: String,
    pub title: String,
    /// 责任人
    pub owner: Option<String>,
    /// 责任单位
    pub unit: Option<String>,
    pub start_date: Option<Date>,
    pub due_date: Date,
    pub done_date: Option<Date>,
    pub milestones: Vec<Milestone>,
    /// The village infrastructure condition the task delivers, if any.
    pub infrastructure_item: Option<InfrastructureItem>,
    /// The number of households the task is to see exit (in the year of its due date), if any.
    pub exit_households: Option<u64>,
    pub note: Option<String>,
}

/// A milestone of a task, with its own date (节点).
#[derive(Clone, PartialEq, Debug)]
pub struct Milestone {
    pub title: String,
    pub due_date: Date,
    pub done_date: Option<Date>,
}

impl Task {
    pub fn new(region_id: &str, title: &str, due_date: Date) -> Task {
        Task {
            region_id: region_id.to_string(),
            title: title.to_string(),
            owner: None,
            unit: None,
            start_date: None,
            due_date,
            done_date: None,
            milestones: Vec::new(),
            infrastructure_item: None,
            exit_households: None,
            note: None,
        }
    }
}

/// 责任清单: one target of a year for a region's level, with who answers for it and the state
/// of the responsibility letter (目标责任书).
#[derive(Clone, PartialEq, Debug)]
pub struct Target {
    pub year: i32,
    pub region_id: String,
    pub kind: TargetKind,
    /// How many: households, people, villages, or villages with the condition met.
    pub planned: u64,
    /// For an infrastructure target: the condition (none: all eight).
    pub item: Option<InfrastructureItem>,
    pub responsible: Option<String>,
    pub letter: LetterState,
    pub signed_date: Option<Date>,
    pub signed_by: Option<String>,
}

/// 抽样核查: a sample check of exits (错退) and of households left out (漏评) in a region.
#[derive(Clone, PartialEq, Debug)]
pub struct SampleCheck {
    pub region_id: String,
    pub date: Date,
    pub by: Option<String>,
    /// Exited households checked, and how many of them were found wrongly exited.
    pub exited_checked: u64,
    pub wrongly_exited: u64,
    /// Households not registered checked, and how many of them should have been.
    pub others_checked: u64,
    pub missed: u64,
}

/// 群众认可度调查: a survey of how many of those asked approve of the exits.
#[derive(Clone, PartialEq, Debug)]
pub struct Survey {
    pub region_id: String,
    pub date: Date,
    pub by: Option<String>,
    pub respondents: u64,
    pub satisfied: u64,
}

/// Settings a file may carry; missing values fall back to the shipped defaults.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Settings {
    pub poverty_lines: BTreeMap<i32, Fen>,
    pub village_exit_incidence: Option<f64>,
    pub county_exit_incidence: Option<f64>,
    pub monitoring_ratio: Option<f64>,
    pub monitoring_lines: BTreeMap<i32, Fen>,
    pub village_exit_collective_income: Option<Fen>,
    /// 三率一度 thresholds of a county's exit: 错退率 and 漏评率 below, 群众认可度 at least.
    pub county_exit_wrong_exit_rate: Option<f64>,
    pub county_exit_missed_rate: Option<f64>,
    pub county_exit_satisfaction: Option<f64>,
}

/// A collection's records. Each is shared behind an `Arc`, so that copying a registry to change
/// one record (every edit does) copies pointers, not records, and comparing two versions of a
/// registry skips the records they share.
pub type Records<T> = Vec<std::sync::Arc<Record<T>>>;

/// Adding a record to a collection, behind its `Arc`.
pub trait PushRecord<T> {
    fn push_record(&mut self, r: Record<T>);
}

impl<T> PushRecord<T> for Records<T> {
    fn push_record(&mut self, r: Record<T>) {
        self.push(std::sync::Arc::new(r));
    }
}

/// The whole registry of one copy (or the part of it a file carries).
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Registry {
    pub settings: Settings,
    pub regions: Records<Region>,
    pub households: Records<Household>,
    pub helpers: Records<Helper>,
    pub pairings: Records<Pairing>,
    pub measures: Records<Measure>,
    pub assistance: Records<Assistance>,
    pub funds: Records<Fund>,
    pub tasks: Records<Task>,
    pub visits: Records<Visit>,
    pub disbursements: Records<Disbursement>,
    pub loans: Records<Loan>,
    pub targets: Records<Target>,
    pub sample_checks: Records<SampleCheck>,
    pub surveys: Records<Survey>,
}

code_enum!(
    /// The record collections, in file order.
    Collection {
        Regions = "regions", collection_regions;
        Households = "households", collection_households;
        Helpers = "helpers", collection_helpers;
        Pairings = "pairings", collection_pairings;
        Measures = "measures", collection_measures;
        Assistance = "assistance", collection_assistance;
        Funds = "funds", collection_funds;
        Tasks = "tasks", collection_tasks;
        Visits = "visits", collection_visits;
        Disbursements = "disbursements", collection_disbursements;
        Loans = "loans", collection_loans;
        Targets = "targets", collection_targets;
        SampleChecks = "sample_checks", collection_sample_checks;
        Surveys = "surveys", collection_surveys;
    }
);

/// The body of a record of one collection: where its records live in a [`Registry`]. Code that
/// treats every collection alike (diff, merge, sort, store) is written once, generic over this.
pub trait Body: Clone + PartialEq + std::fmt::Debug + 'static {
    const COLLECTION: Collection;
    fn records(reg: &Registry) -> &Records<Self>;
    fn records_mut(reg: &mut Registry) -> &mut Records<Self>;
    fn wrap(r: Record<Self>) -> AnyRecord;
}

/// Something done once per collection, with that collection's body type: see
/// [`for_each_collection`].
pub trait CollectionVisitor {
    fn visit<T: Body>(&mut self);
}

macro_rules! collections {
    ($($variant:ident: $body:ty = $field:ident;)+) => {
        $(impl Body for $body {
            const COLLECTION: Collection = Collection::$variant;
            fn records(reg: &Registry) -> &Records<Self> {
                &reg.$field
            }
            fn records_mut(reg: &mut Registry) -> &mut Records<Self> {
                &mut reg.$field
            }
            fn wrap(r: Record<Self>) -> AnyRecord {
                AnyRecord::$variant(r)
            }
        })+

        /// A record of any collection, as one change travels to the store or over the wire.
        #[derive(Clone, PartialEq, Debug)]
        pub enum AnyRecord {
            $($variant(Record<$body>),)+
        }

        impl AnyRecord {
            pub fn collection(&self) -> Collection {
                match self {
                    $(AnyRecord::$variant(_) => Collection::$variant,)+
                }
            }
            pub fn id(&self) -> &str {
                match self {
                    $(AnyRecord::$variant(r) => &r.id,)+
                }
            }
            pub fn rev(&self) -> &Rev {
                match self {
                    $(AnyRecord::$variant(r) => &r.rev,)+
                }
            }
            pub fn is_tombstone(&self) -> bool {
                match self {
                    $(AnyRecord::$variant(r) => r.body.is_none(),)+
                }
            }
            /// Puts the record into `reg`, in place of the record with its id or at the end.
            pub fn put_into(self, reg: &mut Registry) {
                match self {
                    $(AnyRecord::$variant(r) => reg.put(r),)+
                }
            }

            /// Adds the record at the end of its collection, without looking for one of its id
            /// (for reading records that are known to be distinct, in bulk).
            pub fn push_into(self, reg: &mut Registry) {
                match self {
                    $(AnyRecord::$variant(r) => reg.$field.push(r.into()),)+
                }
            }
        }

        /// Runs `v` once per collection, in file order.
        pub fn for_each_collection(v: &mut impl CollectionVisitor) {
            $(v.visit::<$body>();)+
        }

        impl Registry {
            /// The record of collection `c` with this id, whatever its collection.
            pub fn any(&self, c: Collection, id: &str) -> Option<AnyRecord> {
                match c {
                    $(Collection::$variant => self
                        .$field
                        .iter()
                        .find(|r| r.id == id)
                        .map(|r| AnyRecord::$variant((**r).clone())),)+
                }
            }

            /// Every record of the registry, counted over all collections.
            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())+
            }
        }
    };
}

collections! {
    Regions: Region = regions;
    Households: Household = households;
    Helpers: Helper = helpers;
    Pairings: Pairing = pairings;
    Measures: Measure = measures;
    Assistance: Assistance = assistance;
    Funds: Fund = funds;
    Tasks: Task = tasks;
    Visits: Visit = visits;
    Disbursements: Disbursement = disbursements;
    Loans: Loan = loans;
    Targets: Target = targets;
    SampleChecks: SampleCheck = sample_checks;
    Surveys: Survey = surveys;
}

impl Collection {
    /// The collections version 1 of the file knew.
    pub fn in_version_1(self) -> bool {
        !matches!(
            self,
            Collection::Visits
                | Collection::Disbursements
                | Collection::Loans
                | Collection::Targets
                | Collection::SampleChecks
                | Collection::Surveys
        )
    }
}

impl Registry {
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty() && self.households.is_empty()
    }

    /// The record of collection `T` with this id (live or a tombstone).
    pub fn record<T: Body>(&self, id: &str) -> Option<&Record<T>> {
        T::records(self).iter().find(|r| r.id == id).map(|r| &**r)
    }

    /// The live body of the record of collection `T` with this id.
    pub fn live<T: Body>(&self, id: &str) -> Option<&T> {
        self.record::<T>(id).and_then(Record::live)
    }

    /// Sets record `id` of `T`'s collection to `body`, as the next version counted by `replica`
    /// at `now` (the first version of a new id).
    pub fn set<T: Body>(&mut self, id: &str, body: T, replica: &str, now: &str) {
        let all = T::records_mut(self);
        match all.iter_mut().find(|x| x.id == id) {
            Some(r) => {
                let r = std::sync::Arc::make_mut(r);
                r.bump(replica, now);
                r.body = Some(body);
            }
            None => all.push(
                Record {
                    id: id.to_string(),
                    rev: [(replica.to_string(), 1)].into_iter().collect(),
                    updated_at: now.to_string(),
                    body: Some(body),
                    village_id: None,
                }
                .into(),
            ),
        }
    }

    /// Puts a record in place of the one with its id, or adds it at the end.
    pub fn put<T: Body>(&mut self, r: Record<T>) {
        let all = T::records_mut(self);
        match all.iter_mut().find(|x| x.id == r.id) {
            Some(x) => *x = r.into(),
            None => all.push(r.into()),
        }
    }
}

impl<T> Record<T> {
    /// Counts one more edit by `replica` at `now`: the record's next version.
    pub fn bump(&mut self, replica: &str, now: &str) {
        *self.rev.entry(replica.to_string()).or_insert(0) += 1;
        self.updated_at = now.to_string();
    }
}

#[cfg(test)]
mod rev_tests {
    use super::Rev;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        /// A version vector behaves as the map it replaced, whatever is set, bumped and
        /// collected, in whatever order.
        #[test]
        fn a_rev_is_the_map_it_replaced(
            collected in proptest::collection::vec(("[a-d]{1,2}", 0u64..5), 0..6),
            ops in proptest::collection::vec(("[a-e]{1,2}", 0u64..5, any::<bool>()), 0..12),
        ) {
            let mut map: BTreeMap<String, u64> = collected.iter().cloned().collect();
            let mut rev: Rev = collected.into_iter().collect();
            for (k, n, bump) in ops {
                if bump {
                    *map.entry(k.clone()).or_insert(0) += 1;
                    *rev.entry(k.clone()).or_insert(0) += 1;
                } else {
                    prop_assert_eq!(map.insert(k.clone(), n), rev.insert(k.clone(), n));
                }
                prop_assert_eq!(map.get(&k), rev.get(&k));
            }
            let a: Vec<_> = map.iter().collect();
            let b: Vec<_> = rev.iter().collect();
            prop_assert_eq!(a, b);
            prop_assert_eq!(map.len(), rev.len());
            prop_assert_eq!(format!("{map:?}"), format!("{rev:?}"));
        }
    }
}
