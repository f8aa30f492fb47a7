//! The coded values of the exchange format: stable English snake_case codes in files, Chinese and
//! English labels on screen. One macro keeps code, label and list of values together.

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code used in exchange files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            /// Reads a value as people type it in a spreadsheet: the code, the English label, the
            /// Chinese label, or a part of it (`贫困` for `贫困(未脱贫)`, `女婿` for `儿媳/女婿`).
            /// Failing that, the one label that begins with it (two characters at least, a
            /// trailing 户 dropped: `一般户` for `一般贫困户`).
            pub fn from_label(text: &str) -> Option<$name> {
                let t = super::codes::normalize_label(text);
                let exact = $name::ALL.iter().copied().find(|v| {
                    t.eq_ignore_ascii_case(v.code())
                        || t.eq_ignore_ascii_case(v.en())
                        || t == super::codes::normalize_label(v.zh())
                        || v.zh().split(['(', ')', '/']).any(|part| !part.is_empty() && t == part)
                });
                if exact.is_some() {
                    return exact;
                }
                let stem = t.strip_suffix('户').unwrap_or(&t);
                if stem.chars().count() < 2 {
                    return None;
                }
                let mut hits = $name::ALL.iter().copied().filter(|v| v.zh().starts_with(stem));
                match (hits.next(), hits.next()) {
                    (Some(v), None) => Some(v),
                    _ => None,
                }
            }

            /// Every code, for messages that list what is allowed.
            pub fn codes() -> String {
                [$($code,)+].join(", ")
            }
        }
    };
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
        County = "county", "县", "County";
        Township = "township", "乡镇", "Township";
        Village = "village", "村", "Village";
    }
);

code_enum!(
    /// 贫困户属性
    Attribute {
        General = "general", "一般贫困户", "General";
        Dibao = "dibao", "低保贫困户", "Dibao (minimum living allowance)";
        Tekun = "tekun", "特困供养贫困户", "Tekun (extreme-hardship support)";
    }
);

code_enum!(
    /// 致贫原因
    Cause {
        Illness = "illness", "因病", "Illness";
        Disability = "disability", "因残", "Disability";
        Schooling = "schooling", "因学", "Schooling costs";
        Disaster = "disaster", "因灾", "Disaster";
        LackLand = "lack_land", "缺土地", "Lack of land";
        LackWater = "lack_water", "缺水", "Lack of water";
        LackSkills = "lack_skills", "缺技术", "Lack of skills";
        LackLabor = "lack_labor", "缺劳力", "Lack of labour";
        LackCapital = "lack_capital", "缺资金", "Lack of capital";
        PoorTransport = "poor_transport", "交通条件落后", "Poor transport";
        LackMotivation = "lack_motivation", "自身发展动力不足", "Lack of motivation";
    }
);

code_enum!(
    /// 贫困状态
    Status {
        Candidate = "candidate", "申请识别中", "Candidate";
        Poor = "poor", "贫困(未脱贫)", "Poor";
        Exited = "exited", "已脱贫", "Exited";
        Returned = "returned", "返贫", "Returned to poverty";
        StruckOff = "struck_off", "清退", "Struck off";
        Ceased = "ceased", "自然减少", "Ceased";
    }
);

code_enum!(
    /// 识别程序: 一核二看三比四评议五公示, then approval
    IdentificationStep {
        VerifyIncome = "verify_income", "一核(核收入)", "1 Verify income";
        Inspect = "inspect", "二看(看房看粮)", "2 Inspect";
        Compare = "compare", "三比(比生活)", "3 Compare";
        Review = "review", "四评议", "4 Village review";
        Publicize = "publicize", "五公示", "5 Public notice";
        Approve = "approve", "审批", "Approval";
    }
);

code_enum!(
    StepResult {
        Pass = "pass", "通过", "Pass";
        Fail = "fail", "未通过", "Fail";
    }
);

code_enum!(
    Housing {
        Safe = "safe", "安全", "Safe";
        GradeC = "grade_c", "C级危房", "Dangerous, grade C";
        GradeD = "grade_d", "D级危房", "Dangerous, grade D";
    }
);

code_enum!(
    DrinkingWater {
        Safe = "safe", "安全", "Safe";
        Difficult = "difficult", "取水困难", "Difficult";
        Unsafe = "unsafe", "不安全", "Unsafe";
    }
);

code_enum!(
    Sex {
        Male = "male", "男", "Male";
        Female = "female", "女", "Female";
    }
);

code_enum!(
    /// 与户主关系
    Relation {
        Head = "head", "户主", "Head";
        Spouse = "spouse", "配偶", "Spouse";
        Child = "child", "子女", "Child";
        ChildInLaw = "child_in_law", "儿媳/女婿", "Child-in-law";
        Grandchild = "grandchild", "孙子女", "Grandchild";
        Parent = "parent", "父母", "Parent";
        Grandparent = "grandparent", "祖父母", "Grandparent";
        Sibling = "sibling", "兄弟姐妹", "Sibling";
        Other = "other", "其他", "Other";
    }
);

code_enum!(
    LeftReason {
        Death = "death", "死亡", "Death";
        Marriage = "marriage", "婚出", "Marriage";
        Moved = "moved", "迁出", "Moved";
        Split = "split", "分户", "Split";
        Other = "other", "其他", "Other";
    }
);

code_enum!(
    Health {
        Healthy = "healthy", "健康", "Healthy";
        Chronic = "chronic", "长期慢性病", "Chronic illness";
        SeriousIllness = "serious_illness", "大病", "Serious illness";
        Disabled = "disabled", "残疾", "Disabled";
    }
);

code_enum!(
    Education {
        Illiterate = "illiterate", "文盲或半文盲", "Illiterate";
        Primary = "primary", "小学", "Primary";
        Junior = "junior", "初中", "Junior secondary";
        Senior = "senior", "高中", "Senior secondary";
        College = "college", "大专及以上", "College";
    }
);

code_enum!(
    /// 在校生状况
    Schooling {
        Preschool = "preschool", "学前", "Preschool";
        Primary = "primary", "小学", "Primary";
        Junior = "junior", "初中", "Junior secondary";
        Senior = "senior", "高中", "Senior secondary";
        Vocational = "vocational", "中职", "Vocational";
        College = "college", "大专及以上", "College";
        Dropout = "dropout", "辍学", "Dropout";
    }
);

code_enum!(
    /// 劳动能力
    Labor {
        Skilled = "skilled", "技能劳动力", "Skilled";
        Ordinary = "ordinary", "普通劳动力", "Ordinary";
        Weak = "weak", "弱劳动力", "Weak";
        Lost = "lost", "丧失劳动力", "Lost";
        None = "none", "无劳动力", "None";
    }
);

code_enum!(
    /// 务工去向
    Work {
        Township = "township", "乡内务工", "In the township";
        County = "county", "县内务工", "In the county";
        Province = "province", "省内县外", "In the province";
        Outside = "outside", "省外务工", "Outside the province";
    }
);

code_enum!(
    /// 防返贫监测对象类别
    MonitoringCategory {
        Unstable = "unstable", "脱贫不稳定户", "Unstable";
        Marginal = "marginal", "边缘易致贫户", "Marginal";
        SuddenHardship = "sudden_hardship", "突发严重困难户", "Sudden hardship";
    }
);

code_enum!(
    /// 帮扶人类别
    HelperKind {
        CapablePerson = "capable_person", "致富能人", "Capable person";
        Cadre = "cadre", "干部", "Cadre";
        WorkTeam = "work_team", "驻村工作队", "Village work team";
        Enterprise = "enterprise", "企业", "Enterprise";
        PartyMember = "party_member", "党员", "Party member";
        Other = "other", "其他", "Other";
    }
);

code_enum!(
    /// 扶持措施类别
    MeasureCategory {
        Industry = "industry", "产业", "Industry";
        Employment = "employment", "就业", "Employment";
        Training = "training", "培训", "Training";
        Education = "education", "教育", "Education";
        Health = "health", "健康", "Health";
        Housing = "housing", "住房", "Housing";
        Relocation = "relocation", "易地搬迁", "Relocation";
        Finance = "finance", "金融", "Finance";
        SocialSecurity = "social_security", "社会保障", "Social security";
        Ecommerce = "ecommerce", "电商", "E-commerce";
        Infrastructure = "infrastructure", "基础设施", "Infrastructure";
        Other = "other", "其他", "Other";
    }
);

code_enum!(
    AssistanceStatus {
        Planned = "planned", "计划", "Planned";
        InProgress = "in_progress", "实施中", "In progress";
        Done = "done", "已完成", "Done";
        Cancelled = "cancelled", "已取消", "Cancelled";
    }
);

code_enum!(
    /// 资金来源
    FundSource {
        Integrated = "integrated", "统筹整合资金", "Integrated funds";
        CountyFiscal = "county_fiscal", "县级财政专项", "County fiscal";
        Loan = "loan", "扶贫贴息贷款", "Poverty loans";
        MutualAid = "mutual_aid", "互助资金", "Mutual-aid funds";
        Social = "social", "社会帮扶", "Social assistance";
        Other = "other", "其他", "Other";
    }
);

/// The eight village infrastructure conditions of a poor village's exit (贫困村退出).
pub const INFRASTRUCTURE: [(&str, &str, &str); 8] = [
    ("hardened_road", "通硬化路", "Hardened road"),
    ("broadband", "通宽带", "Broadband"),
    ("safe_water", "安全饮水", "Safe water"),
    ("power", "通动力电", "Power"),
    ("culture_stage", "文化舞台", "Culture stage"),
    ("standard_clinic", "标准化卫生室", "Standard clinic"),
    ("finance_point", "金融服务点", "Finance point"),
    ("no_dangerous_housing", "无危房", "No dangerous housing"),
];
