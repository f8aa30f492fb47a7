//! Writing the registry as a version-2 exchange file. Absent facts are left out, never written
//! as null or 0, so that "unknown" survives the trip.
//!
//! Long (about 520 lines): one writer per collection, mirroring `read` field for field.

use serde_json::{json, Map, Value};

use crate::domain::codes::InfrastructureItem;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::money::Fen;

struct Obj(Map<String, Value>);

impl Obj {
    fn new() -> Obj {
        Obj(Map::new())
    }
    fn put(&mut self, k: &str, v: impl Into<Value>) -> &mut Obj {
        self.0.insert(k.to_string(), v.into());
        self
    }
    fn opt<T: Into<Value>>(&mut self, k: &str, v: Option<T>) -> &mut Obj {
        if let Some(v) = v {
            self.0.insert(k.to_string(), v.into());
        }
        self
    }
    fn date(&mut self, k: &str, d: Option<Date>) -> &mut Obj {
        self.opt(k, d.map(|d| d.to_string()))
    }
    fn yuan(&mut self, k: &str, f: Option<Fen>) -> &mut Obj {
        self.opt(k, f.map(Fen::to_json))
    }
    fn list(&mut self, k: &str, items: Vec<Value>) -> &mut Obj {
        if !items.is_empty() {
            self.0.insert(k.to_string(), Value::Array(items));
        }
        self
    }
    fn done(&mut self) -> Value {
        Value::Object(std::mem::take(&mut self.0))
    }
}

fn record<T>(r: &Record<T>, body: impl FnOnce(&T, &mut Obj)) -> Value {
    let mut o = Obj::new();
    o.put("id", r.id.clone())
        .put(
            "rev",
            Value::Object(r.rev.iter().map(|(k, n)| (k.clone(), json!(n))).collect()),
        )
        .put("updated_at", r.updated_at.clone());
    match &r.body {
        None => {
            o.put("deleted", true)
                .opt("village_id", r.village_id.clone());
        }
        Some(b) => body(b, &mut o),
    }
    o.done()
}

fn year_amounts(items: &[YearAmount]) -> Vec<Value> {
    items
        .iter()
        .map(|y| json!({"year": y.year, "yuan": y.yuan.to_json()}))
        .collect()
}

pub fn region(r: &Record<Region>) -> Value {
    record(r, |b, o| {
        o.put("kind", b.kind.code())
            .put("name", b.name.clone())
            .opt("code", b.code.clone())
            .opt("parent_id", b.parent_id.clone());
        o.opt("poor_village", b.poor_village)
            .opt("target_exit_year", b.target_exit_year);
        let pops = b
            .rural_population
            .iter()
            .map(|p| {
                let mut x = Obj::new();
                x.put("year", p.year)
                    .opt("households", p.households)
                    .put("people", p.people)
                    .yuan(
                        "per_capita_disposable_income",
                        p.per_capita_disposable_income,
                    );
                x.done()
            })
            .collect();
        o.list("rural_population", pops);
        if let Some(flags) = &b.infrastructure {
            let mut x = Obj::new();
            for (i, item) in InfrastructureItem::ALL.iter().enumerate() {
                x.opt(item.code(), flags[i]);
            }
            o.put("infrastructure", x.done());
        }
        o.opt("specialty_industry", b.specialty_industry.clone())
            .opt("ecommerce_station", b.ecommerce_station);
        o.list("collective_income", year_amounts(&b.collective_income))
            .date("exit_date", b.exit_date)
            .opt("exit_approval", b.exit_approval.clone());
    })
}

pub fn member(m: &Member) -> Value {
    let mut o = Obj::new();
    o.put("id", m.id.clone())
        .put("name", m.name.clone())
        .opt("national_code", m.national_code.clone())
        .opt("id_number", m.id_number.clone());
    o.put("sex", m.sex.code())
        .date("birth_date", m.birth_date)
        .put("relation", m.relation.code());
    o.date("joined_date", m.joined_date)
        .date("left_date", m.left_date)
        .opt("left_reason", m.left_reason.map(|x| x.code()));
    o.opt("health", m.health.map(|x| x.code()))
        .opt("disability_grade", m.disability_grade);
    o.opt("education", m.education.map(|x| x.code()))
        .opt("schooling", m.schooling.map(|x| x.code()));
    o.opt("labor", m.labor.map(|x| x.code()))
        .opt("work", m.work.map(|x| x.code()));
    o.opt("medical_insurance", m.medical_insurance)
        .opt("pension_insurance", m.pension_insurance)
        .opt("skill_trained", m.skill_trained);
    o.done()
}

pub fn household(r: &Record<Household>) -> Value {
    record(r, |b, o| {
        o.put("village_id", b.village_id.clone())
            .opt("national_code", b.national_code.clone())
            .opt("group", b.group.clone());
        o.opt("address", b.address.clone())
            .opt("phone", b.phone.clone())
            .put("attribute", b.attribute.code())
            .put("main_cause", b.main_cause.code());
        o.list(
            "other_causes",
            b.other_causes
                .iter()
                .map(|c| Value::from(c.code()))
                .collect(),
        );
        let events = b
            .status_events
            .iter()
            .map(|e| {
                let mut x = Obj::new();
                x.put("date", e.date.to_string())
                    .put("status", e.status.code())
                    .opt("reason", e.reason.clone());
                x.done()
            })
            .collect();
        o.put("status_events", Value::Array(events));
        let steps = b
            .identification
            .iter()
            .map(|s| {
                let mut x = Obj::new();
                x.put("step", s.step.code())
                    .put("date", s.date.to_string())
                    .put("result", s.result.code())
                    .opt("note", s.note.clone());
                x.done()
            })
            .collect();
        o.list("identification", steps);
        let incomes = b
            .incomes
            .iter()
            .map(|i| {
                let mut x = Obj::new();
                x.put("year", i.year)
                    .yuan("wage", i.wage)
                    .yuan("business", i.business)
                    .yuan("property", i.property);
                x.yuan("transfer", i.transfer)
                    .yuan("business_costs", i.business_costs);
                x.done()
            })
            .collect();
        o.list("incomes", incomes);
        if let Some(c) = &b.conditions {
            let mut x = Obj::new();
            x.opt("food_clothing_secure", c.food_clothing_secure)
                .opt("housing", c.housing.map(|h| h.code()));
            x.opt("drinking_water", c.drinking_water.map(|w| w.code()))
                .opt("electricity", c.electricity)
                .opt("shed", c.shed);
            x.opt("cooperative_member", c.cooperative_member)
                .opt("relocated", c.relocated);
            o.put("conditions", x.done());
        }
        o.put(
            "members",
            Value::Array(b.members.iter().map(member).collect()),
        );
        let monitoring = b
            .monitoring
            .iter()
            .map(|m| {
                let mut x = Obj::new();
                x.put("category", m.category.code())
                    .put("start_date", m.start_date.to_string())
                    .date("end_date", m.end_date)
                    .opt("note", m.note.clone());
                x.done()
            })
            .collect();
        o.list("monitoring", monitoring);
        let exit_steps = b
            .exit_steps
            .iter()
            .map(|s| {
                let mut x = Obj::new();
                x.put("step", s.step.code())
                    .put("date", s.date.to_string())
                    .put("result", s.result.code())
                    .opt("note", s.note.clone());
                x.done()
            })
            .collect();
        o.list("exit_steps", exit_steps);
    })
}

pub fn helper(r: &Record<Helper>) -> Value {
    record(r, |b, o| {
        o.put("name", b.name.clone())
            .put("kind", b.kind.code())
            .opt("speciality", b.speciality.clone())
            .opt("phone", b.phone.clone())
            .opt("region_id", b.region_id.clone())
            .opt("work_unit", b.work_unit.clone())
            .opt("position", b.position.clone())
            .opt("leads_with", b.leads_with.map(|m| m.code()))
            .date("retired", b.retired);
    })
}

pub fn pairing(r: &Record<Pairing>) -> Value {
    record(r, |b, o| {
        o.put("helper_id", b.helper_id.clone())
            .put("household_id", b.household_id.clone())
            .put("start_date", b.start_date.to_string())
            .date("end_date", b.end_date)
            .opt("end_reason", b.end_reason.map(|x| x.code()))
            .opt("end_note", b.end_note.clone());
    })
}

pub fn visit(r: &Record<Visit>) -> Value {
    record(r, |b, o| {
        o.put("pairing_id", b.pairing_id.clone())
            .put("date", b.date.to_string())
            .put("done", b.done.clone())
            .opt("needs", b.needs.clone());
    })
}

pub fn measure(r: &Record<Measure>) -> Value {
    record(r, |b, o| {
        o.put("name", b.name.clone())
            .put("category", b.category.code())
            .opt("description", b.description.clone())
            .opt("unit", b.unit.clone())
            .yuan("standard_amount", b.standard_amount)
            .opt("fund_source", b.fund_source.map(|f| f.code()))
            .opt("retired", b.retired);
    })
}

pub fn assistance(r: &Record<Assistance>) -> Value {
    record(r, |b, o| {
        o.opt("household_id", b.household_id.clone())
            .opt("village_id", b.village_id.clone())
            .opt("member_id", b.member_id.clone())
            .put("measure_id", b.measure_id.clone())
            .opt("fund_id", b.fund_id.clone());
        o.put("year", b.year)
            .yuan("amount_yuan", b.amount_yuan)
            .opt("quantity", b.quantity)
            .opt("unit", b.unit.clone())
            .put("status", b.status.code());
        o.date("planned_date", b.planned_date)
            .date("done_date", b.done_date)
            .opt("note", b.note.clone());
        let steps = b
            .steps
            .iter()
            .map(|s| {
                let mut x = Obj::new();
                x.put("status", s.status.code())
                    .put("date", s.date.to_string())
                    .opt("by", s.by.clone());
                x.done()
            })
            .collect();
        o.list("steps", steps)
            .yuan("income_yuan", b.income_yuan)
            .opt("overspend_reason", b.overspend_reason.clone());
    })
}

pub fn fund(r: &Record<Fund>) -> Value {
    record(r, |b, o| {
        o.put("name", b.name.clone())
            .put("source", b.source.code())
            .put("year", b.year)
            .put("amount_yuan", b.amount_yuan.to_json())
            .opt("region_id", b.region_id.clone())
            .list(
                "members",
                b.members.iter().map(|m| Value::from(m.as_str())).collect(),
            );
    })
}

pub fn disbursement(r: &Record<Disbursement>) -> Value {
    record(r, |b, o| {
        o.put("fund_id", b.fund_id.clone())
            .put("date", b.date.to_string())
            .put("amount_yuan", b.amount_yuan.to_json())
            .put("payee", b.payee.clone())
            .opt("voucher", b.voucher.clone())
            .opt("assistance_id", b.assistance_id.clone())
            .opt("overspend_reason", b.overspend_reason.clone());
    })
}

pub fn loan(r: &Record<Loan>) -> Value {
    record(r, |b, o| {
        o.put("household_id", b.household_id.clone())
            .put("lender", b.lender.code())
            .opt("lender_name", b.lender_name.clone())
            .opt("fund_id", b.fund_id.clone())
            .put("amount_yuan", b.amount_yuan.to_json())
            .put("start_date", b.start_date.to_string())
            .put("term_months", b.term_months)
            .yuan("interest_subsidy_yuan", b.interest_subsidy_yuan);
        let repayments = b
            .repayments
            .iter()
            .map(|x| json!({"date": x.date.to_string(), "amount_yuan": x.amount_yuan.to_json()}))
            .collect();
        o.list("repayments", repayments);
    })
}

pub fn task(r: &Record<Task>) -> Value {
    record(r, |b, o| {
        o.put("region_id", b.region_id.clone())
            .put("title", b.title.clone())
            .opt("owner", b.owner.clone())
            .opt("unit", b.unit.clone())
            .date("start_date", b.start_date)
            .put("due_date", b.due_date.to_string())
            .date("done_date", b.done_date);
        let milestones = b
            .milestones
            .iter()
            .map(|m| {
                let mut x = Obj::new();
                x.put("title", m.title.clone())
                    .put("due_date", m.due_date.to_string())
                    .date("done_date", m.done_date);
                x.done()
            })
            .collect();
        o.list("milestones", milestones)
            .opt(
                "infrastructure_item",
                b.infrastructure_item.map(|i| i.code()),
            )
            .opt("exit_households", b.exit_households)
            .opt("note", b.note.clone());
    })
}

pub fn target(r: &Record<Target>) -> Value {
    record(r, |b, o| {
        o.put("year", b.year)
            .put("region_id", b.region_id.clone())
            .put("kind", b.kind.code())
            .put("planned", b.planned)
            .opt("item", b.item.map(|i| i.code()))
            .opt("responsible", b.responsible.clone())
            .put("letter", b.letter.code())
            .date("signed_date", b.signed_date)
            .opt("signed_by", b.signed_by.clone());
    })
}

pub fn sample_check(r: &Record<SampleCheck>) -> Value {
    record(r, |b, o| {
        o.put("region_id", b.region_id.clone())
            .put("date", b.date.to_string())
            .opt("by", b.by.clone())
            .put("exited_checked", b.exited_checked)
            .put("wrongly_exited", b.wrongly_exited)
            .put("others_checked", b.others_checked)
            .put("missed", b.missed);
    })
}

pub fn survey(r: &Record<Survey>) -> Value {
    record(r, |b, o| {
        o.put("region_id", b.region_id.clone())
            .put("date", b.date.to_string())
            .opt("by", b.by.clone())
            .put("respondents", b.respondents)
            .put("satisfied", b.satisfied);
    })
}

pub fn settings(s: &Settings) -> Option<Value> {
    let mut o = Obj::new();
    let lines = |m: &std::collections::BTreeMap<i32, Fen>| {
        m.iter()
            .map(|(y, f)| json!({"year": y, "yuan": f.to_json()}))
            .collect::<Vec<_>>()
    };
    o.list("poverty_lines", lines(&s.poverty_lines))
        .list("monitoring_lines", lines(&s.monitoring_lines));
    o.opt("village_exit_incidence", s.village_exit_incidence)
        .opt("county_exit_incidence", s.county_exit_incidence)
        .opt("monitoring_ratio", s.monitoring_ratio)
        .opt("county_exit_wrong_exit_rate", s.county_exit_wrong_exit_rate)
        .opt("county_exit_missed_rate", s.county_exit_missed_rate)
        .opt("county_exit_satisfaction", s.county_exit_satisfaction);
    o.yuan(
        "village_exit_collective_income",
        s.village_exit_collective_income,
    );
    let v = o.done();
    (v.as_object().is_some_and(|m| !m.is_empty())).then_some(v)
}

/// The whole file as compact JSON text, written record by record (never one tree of the whole
/// registry) with `format` and `version` first, so that a reader can read each record in
/// passing.
pub fn file_text(
    reg: &Registry,
    exported_at: &str,
    exported_by: &str,
    scope: Option<&str>,
) -> String {
    let mut out = String::with_capacity(1 << 16);
    let field = |out: &mut String, k: &str, v: Value| {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&Value::from(k).to_string());
        out.push(':');
        out.push_str(&v.to_string());
    };
    out.push('{');
    field(&mut out, "format", super::FORMAT.into());
    field(&mut out, "version", super::VERSION.into());
    field(&mut out, "exported_at", exported_at.into());
    field(&mut out, "exported_by", exported_by.into());
    if let Some(s) = scope {
        field(&mut out, "scope", s.into());
    }
    if let Some(s) = settings(&reg.settings) {
        field(&mut out, "settings", s);
    }
    struct Lists<'a>(&'a Registry, &'a mut String);
    impl super::wire::WireVisitor for Lists<'_> {
        fn visit<T: super::wire::Wire>(&mut self) {
            let records = T::records(self.0);
            if records.is_empty() && !T::COLLECTION.in_version_1() {
                return;
            }
            let out = &mut *self.1;
            out.push_str(",\"");
            out.push_str(T::COLLECTION.code());
            out.push_str("\":[");
            for (k, r) in records.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&T::write(r).to_string());
            }
            out.push(']');
        }
    }
    super::wire::for_each_wire(&mut Lists(reg, &mut out));
    out.push('}');
    out
}

/// The whole file as a JSON value.
pub fn file(reg: &Registry, exported_at: &str, exported_by: &str, scope: Option<&str>) -> Value {
    let mut o = Obj::new();
    o.put("format", super::FORMAT)
        .put("version", super::VERSION)
        .put("exported_at", exported_at)
        .put("exported_by", exported_by)
        .opt("scope", scope);
    o.opt("settings", settings(&reg.settings));
    struct Lists<'a>(&'a Registry, &'a mut Obj);
    impl super::wire::WireVisitor for Lists<'_> {
        fn visit<T: super::wire::Wire>(&mut self) {
            let items: Vec<Value> = T::records(self.0).iter().map(|r| T::write(r)).collect();
            // Version 1's collections are always written; the newer ones only when they hold
            // records, so that a file without them stays readable by version-1 readers' eyes.
            if !items.is_empty() || T::COLLECTION.in_version_1() {
                self.1.put(T::COLLECTION.code(), Value::Array(items));
            }
        }
    }
    super::wire::for_each_wire(&mut Lists(reg, &mut o));
    o.done()
}
