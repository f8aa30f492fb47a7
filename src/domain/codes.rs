//! The coded values of the exchange format: stable English snake_case codes in files, and their
//! labels in every language of `locales/`. One macro keeps code, label key and list of values together.

use crate::text::{Coded, Locale};

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $key:ident;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub enum $name { $($(#[$vdoc])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code used in exchange files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The key of its label in `locales/`.
            pub fn label_key(self) -> $crate::text::K {
                match self { $($name::$variant => $crate::text::K::$key,)+ }
            }

            pub fn label(self, l: $crate::text::Locale) -> &'static str {
                self.label_key().get(l)
            }

            /// Reads a value as people type it in a spreadsheet: see [`read_label`].
            pub fn from_label(text: &str) -> Option<$name> {
                $crate::domain::codes::read_label($name::ALL, text)
            }

            /// Every code, for messages that list what is allowed.
            pub fn codes() -> String {
                [$($code,)+].join(", ")
            }
        }

        impl $crate::text::Coded for $name {
            fn all() -> &'static [$name] {
                $name::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label_key(self) -> $crate::text::K {
                $name::label_key(self)
            }
        }
    };
}

pub(crate) use code_enum;

/// Reads a coded value as people type it in a spreadsheet: the code, or its label in any
/// language, or a part of the Chinese label (`贫困` for `贫困(未脱贫)`, `女婿` for `儿媳/女婿`).
/// Failing that, the one Chinese label that begins with it (two characters at least, a trailing 户
/// dropped: `一般户` for `一般贫困户`).
pub fn read_label<T: Coded>(all: &[T], text: &str) -> Option<T> {
    let t = normalize_label(text);
    let exact = all.iter().copied().find(|v| {
        t.eq_ignore_ascii_case(v.code())
            || Locale::ALL.iter().any(|&l| {
                let label = v.label(l);
                t.eq_ignore_ascii_case(label) || t == normalize_label(label)
            })
            || v.label(Locale::Zh)
                .split(['(', ')', '/'])
                .any(|part| !part.is_empty() && t == part)
    });
    if exact.is_some() {
        return exact;
    }
    let stem = t.strip_suffix('户').unwrap_or(&t);
    if stem.chars().count() < 2 {
        return None;
    }
    let mut hits = all
        .iter()
        .copied()
        .filter(|v| v.label(Locale::Zh).starts_with(stem));
    match (hits.next(), hits.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// Trims a typed label and folds full-width brackets and spaces, as Excel sheets carry them.
pub fn normalize_label(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            c => c,
        })
        .collect()
}

code_enum!(
    /// 行政区划级别
    RegionKind {
        County = "county", region_kind_county;
        Township = "township", region_kind_township;
        Village = "village", region_kind_village;
    }
);

code_enum!(
    /// 贫困户属性
    Attribute {
        General = "general", attribute_general;
        Dibao = "dibao", attribute_dibao;
        Tekun = "tekun", attribute_tekun;
    }
);

code_enum!(
    /// 致贫原因
    Cause {
        Illness = "illness", cause_illness;
        Disability = "disability", cause_disability;
        Schooling = "schooling", cause_schooling;
        Disaster = "disaster", cause_disaster;
        LackLand = "lack_land", cause_lack_land;
        LackWater = "lack_water", cause_lack_water;
        LackSkills = "lack_skills", cause_lack_skills;
        LackLabor = "lack_labor", cause_lack_labor;
        LackCapital = "lack_capital", cause_lack_capital;
        PoorTransport = "poor_transport", cause_poor_transport;
        LackMotivation = "lack_motivation", cause_lack_motivation;
    }
);

code_enum!(
    /// 贫困状态
    Status {
        Candidate = "candidate", status_candidate;
        Poor = "poor", status_poor;
        Exited = "exited", status_exited;
        Returned = "returned", status_returned;
        StruckOff = "struck_off", status_struck_off;
        Ceased = "ceased", status_ceased;
    }
);

code_enum!(
    /// 识别程序: 一核二看三比四评议五公示, then approval
    IdentificationStep {
        VerifyIncome = "verify_income", identification_step_verify_income;
        Inspect = "inspect", identification_step_inspect;
        Compare = "compare", identification_step_compare;
        Review = "review", identification_step_review;
        Publicize = "publicize", identification_step_publicize;
        Approve = "approve", identification_step_approve;
    }
);

code_enum!(
    StepResult {
        Pass = "pass", step_result_pass;
        Fail = "fail", step_result_fail;
    }
);

code_enum!(
    Housing {
        Safe = "safe", housing_safe;
        GradeC = "grade_c", housing_grade_c;
        GradeD = "grade_d", housing_grade_d;
    }
);

code_enum!(
    DrinkingWater {
        Safe = "safe", drinking_water_safe;
        Difficult = "difficult", drinking_water_difficult;
        Unsafe = "unsafe", drinking_water_unsafe;
    }
);

code_enum!(
    Sex {
        Male = "male", sex_male;
        Female = "female", sex_female;
    }
);

code_enum!(
    /// 与户主关系
    Relation {
        Head = "head", relation_head;
        Spouse = "spouse", relation_spouse;
        Child = "child", relation_child;
        ChildInLaw = "child_in_law", relation_child_in_law;
        Grandchild = "grandchild", relation_grandchild;
        Parent = "parent", relation_parent;
        Grandparent = "grandparent", relation_grandparent;
        Sibling = "sibling", relation_sibling;
        Other = "other", relation_other;
    }
);

code_enum!(
    LeftReason {
        Death = "death", left_reason_death;
        Marriage = "marriage", left_reason_marriage;
        Moved = "moved", left_reason_moved;
        Split = "split", left_reason_split;
        Other = "other", left_reason_other;
    }
);

code_enum!(
    Health {
        Healthy = "healthy", health_healthy;
        Chronic = "chronic", health_chronic;
        SeriousIllness = "serious_illness", health_serious_illness;
        Disabled = "disabled", health_disabled;
    }
);

code_enum!(
    Education {
        Illiterate = "illiterate", education_illiterate;
        Primary = "primary", education_primary;
        Junior = "junior", education_junior;
        Senior = "senior", education_senior;
        College = "college", education_college;
    }
);

code_enum!(
    /// 在校生状况
    Schooling {
        Preschool = "preschool", schooling_preschool;
        Primary = "primary", schooling_primary;
        Junior = "junior", schooling_junior;
        Senior = "senior", schooling_senior;
        Vocational = "vocational", schooling_vocational;
        College = "college", schooling_college;
        Dropout = "dropout", schooling_dropout;
    }
);

code_enum!(
    /// 劳动能力
    Labor {
        Skilled = "skilled", labor_skilled;
        Ordinary = "ordinary", labor_ordinary;
        Weak = "weak", labor_weak;
        Lost = "lost", labor_lost;
        None = "none", labor_none;
    }
);

code_enum!(
    /// 务工去向
    Work {
        Township = "township", work_township;
        County = "county", work_county;
        Province = "province", work_province;
        Outside = "outside", work_outside;
    }
);

code_enum!(
    /// 防返贫监测对象类别
    MonitoringCategory {
        Unstable = "unstable", monitoring_category_unstable;
        Marginal = "marginal", monitoring_category_marginal;
        SuddenHardship = "sudden_hardship", monitoring_category_sudden_hardship;
    }
);

code_enum!(
    /// 帮扶人类别
    HelperKind {
        CapablePerson = "capable_person", helper_kind_capable_person;
        Cadre = "cadre", helper_kind_cadre;
        WorkTeam = "work_team", helper_kind_work_team;
        Enterprise = "enterprise", helper_kind_enterprise;
        PartyMember = "party_member", helper_kind_party_member;
        Other = "other", helper_kind_other;
    }
);

code_enum!(
    /// 扶持措施类别
    MeasureCategory {
        Industry = "industry", measure_category_industry;
        Employment = "employment", measure_category_employment;
        Training = "training", measure_category_training;
        Education = "education", measure_category_education;
        Health = "health", measure_category_health;
        Housing = "housing", measure_category_housing;
        Relocation = "relocation", measure_category_relocation;
        Finance = "finance", measure_category_finance;
        SocialSecurity = "social_security", measure_category_social_security;
        Ecommerce = "ecommerce", measure_category_ecommerce;
        Infrastructure = "infrastructure", measure_category_infrastructure;
        Other = "other", measure_category_other;
    }
);

code_enum!(
    /// Where an order of the menu stands (点菜 → 审批 → 实施 → 完成, or 取消). Version-1 files
    /// wrote `planned` for an approved order; the migration to version 2 reads it as approved.
    AssistanceStatus {
        Requested = "requested", assistance_status_requested;
        Approved = "approved", assistance_status_approved;
        InProgress = "in_progress", assistance_status_in_progress;
        Done = "done", assistance_status_done;
        Cancelled = "cancelled", assistance_status_cancelled;
    }
);

impl AssistanceStatus {
    /// The next step of an order, if it has one (requested → approved → in progress → done).
    pub fn next(self) -> Option<AssistanceStatus> {
        match self {
            AssistanceStatus::Requested => Some(AssistanceStatus::Approved),
            AssistanceStatus::Approved => Some(AssistanceStatus::InProgress),
            AssistanceStatus::InProgress => Some(AssistanceStatus::Done),
            AssistanceStatus::Done | AssistanceStatus::Cancelled => None,
        }
    }

    /// Whether an order in state `self` may move to `to`: its next step, or cancelled while it is
    /// still open.
    pub fn may_move_to(self, to: AssistanceStatus) -> bool {
        Some(to) == self.next()
            || (to == AssistanceStatus::Cancelled
                && !matches!(self, AssistanceStatus::Done | AssistanceStatus::Cancelled))
    }

    /// An order counts against its fund from approval on, until it is cancelled.
    pub fn allocates(self) -> bool {
        matches!(
            self,
            AssistanceStatus::Approved | AssistanceStatus::InProgress | AssistanceStatus::Done
        )
    }
}

code_enum!(
    /// What a helper leads with (能人带动模式).
    HelperModel {
        LabourExport = "labour_export", helper_model_labour_export;
        Planting = "planting", helper_model_planting;
        Breeding = "breeding", helper_model_breeding;
        Processing = "processing", helper_model_processing;
        Trade = "trade", helper_model_trade;
        Ecommerce = "ecommerce", helper_model_ecommerce;
        PartyBranch = "party_branch", helper_model_party_branch;
        Other = "other", helper_model_other;
    }
);

code_enum!(
    /// Why a pairing ended (结对解除).
    PairingEndReason {
        HouseholdExited = "household_exited", pairing_end_household_exited;
        HelperMoved = "helper_moved", pairing_end_helper_moved;
        Transferred = "transferred", pairing_end_transferred;
        Other = "other", pairing_end_other;
    }
);

code_enum!(
    /// Who lends a household's loan: a bank (扶贫小额信贷) or a village's mutual-aid society (互助资金).
    LenderKind {
        Bank = "bank", lender_bank;
        MutualAid = "mutual_aid", lender_mutual_aid;
    }
);

code_enum!(
    /// 资金来源
    FundSource {
        Integrated = "integrated", fund_source_integrated;
        CountyFiscal = "county_fiscal", fund_source_county_fiscal;
        Loan = "loan", fund_source_loan;
        MutualAid = "mutual_aid", fund_source_mutual_aid;
        Social = "social", fund_source_social;
        Other = "other", fund_source_other;
    }
);

code_enum!(
    /// The eight village infrastructure conditions of a poor village's exit (贫困村退出), in the
    /// order of a region's `infrastructure` flags.
    InfrastructureItem {
        HardenedRoad = "hardened_road", infrastructure_hardened_road;
        Broadband = "broadband", infrastructure_broadband;
        SafeWater = "safe_water", infrastructure_safe_water;
        Power = "power", infrastructure_power;
        CultureStage = "culture_stage", infrastructure_culture_stage;
        StandardClinic = "standard_clinic", infrastructure_standard_clinic;
        FinancePoint = "finance_point", infrastructure_finance_point;
        NoDangerousHousing = "no_dangerous_housing", infrastructure_no_dangerous_housing;
    }
);

code_enum!(
    /// 退出程序: the steps of a household's exit, in order.
    ExitStep {
        Review = "review", exit_step_review;
        Verify = "verify", exit_step_verify;
        Consent = "consent", exit_step_consent;
        Publicize = "publicize", exit_step_publicize;
        Announce = "announce", exit_step_announce;
    }
);

code_enum!(
    /// What a year's target counts (责任清单).
    TargetKind {
        ExitHouseholds = "exit_households", target_kind_exit_households;
        ExitPeople = "exit_people", target_kind_exit_people;
        ExitVillages = "exit_villages", target_kind_exit_villages;
        Infrastructure = "infrastructure", target_kind_infrastructure;
    }
);

code_enum!(
    /// The state of a responsibility letter (目标责任书).
    LetterState {
        Drafted = "drafted", letter_state_drafted;
        Signed = "signed", letter_state_signed;
    }
);
