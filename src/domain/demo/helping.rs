//! The helping half of the demo county: 757 helpers paired with 2,674 households, the menu and
//! its orders, the funds by source, and (in the last stage, so that earlier figures keep their
//! random draws) the ledger behind them: order steps, disbursements, loans and repayments,
//! visits, helpers' units and models, and the village projects whose records give the seed's
//! e-commerce, training, labour and breeding figures.
//!
//! Long (about 830 lines): the generator of the demo county's helping half, tuned to the seed's figures.

use super::households::Fate;
use super::*;

fn day(s: &str) -> Date {
    Date::parse(s).unwrap_or(Date::from_days(0))
}

fn first_event(h: &Record<Household>) -> Date {
    h.body
        .as_ref()
        .and_then(|b| b.status_events.first())
        .map_or(Date::from_days(0), |e| e.date)
}

/// The menu (菜单): id, name, category, unit, standard amount (yuan), the source that pays.
const MEASURES: &[(&str, &str, MeasureCategory, &str, i64, FundSource)] = &[
    (
        "me-sheep",
        "小尾寒羊养殖",
        MeasureCategory::Industry,
        "只",
        6000,
        FundSource::Integrated,
    ),
    (
        "me-potato",
        "马铃薯和高原夏菜种植",
        MeasureCategory::Industry,
        "亩",
        7500,
        FundSource::Integrated,
    ),
    (
        "me-training",
        "雨露计划技能培训",
        MeasureCategory::Training,
        "人",
        1500,
        FundSource::CountyFiscal,
    ),
    (
        "me-housing",
        "危房改造",
        MeasureCategory::Housing,
        "户",
        20_000,
        FundSource::CountyFiscal,
    ),
    (
        "me-loan",
        "精准扶贫专项贷款",
        MeasureCategory::Finance,
        "户",
        50_000,
        FundSource::Loan,
    ),
    (
        "me-labour",
        "劳务输转",
        MeasureCategory::Employment,
        "人",
        0,
        FundSource::CountyFiscal,
    ),
];

/// Helpers (致富能人, cadres, work teams, enterprises) and their pairings with the poor and the
/// paired exited households; a few ended pairings as history.
pub(super) fn helpers_and_pairings(c: &mut County) {
    let kinds = [
        HelperKind::CapablePerson,
        HelperKind::CapablePerson,
        HelperKind::Cadre,
        HelperKind::PartyMember,
        HelperKind::WorkTeam,
        HelperKind::Enterprise,
    ];
    let specialities = [
        "劳务输转",
        "马铃薯种植",
        "小尾寒羊养殖",
        "肉牛养殖",
        "电商销售",
        "农机服务",
        "运输",
    ];
    for k in 0..target::HELPERS as usize {
        let sex = if c.rng.chance(75) {
            Sex::Male
        } else {
            Sex::Female
        };
        let surname = *c.rng.pick(&SURNAMES);
        let (_, t) = &c.village_ids[c.rng.below(c.village_ids.len() as u64) as usize];
        c.reg.helpers.push(record(
            format!("p-{}", k + 1),
            Helper {
                name: name(&mut c.rng, surname, sex),
                kind: *c.rng.pick(&kinds),
                speciality: Some(c.rng.pick(&specialities).to_string()),
                phone: Some(format!("139{:08}", c.rng.below(100_000_000))),
                region_id: Some(format!("r-t{t}")),
                ..Helper::new("", HelperKind::Other)
            },
        ));
    }
    let paired: Vec<usize> = (0..c.reg.households.len())
        .filter(|&h| {
            matches!(
                c.fates[h],
                Fate::Poor
                    | Fate::Returned
                    | Fate::Exited { paired: true }
                    | Fate::Relapsed { paired: true }
            )
        })
        .collect();
    let mut helper_of: Vec<usize> = (0..paired.len())
        .map(|k| {
            if k < target::HELPERS as usize {
                k
            } else {
                c.rng.below(target::HELPERS) as usize
            }
        })
        .collect();
    c.rng.shuffle(&mut helper_of);
    for (k, &h) in paired.iter().enumerate() {
        let start = c
            .rng
            .date("2015-03-01", "2017-06-30")
            .max(first_event(&c.reg.households[h]));
        c.reg.pairings.push(record(
            format!("pr-{}", k + 1),
            Pairing {
                helper_id: format!("p-{}", helper_of[k] + 1),
                household_id: c.reg.households[h].id.clone(),
                start_date: start,
                end_date: None,
                end_reason: None,
                end_note: None,
            },
        ));
    }
    // Pairings that ended when an unpaired household's helper moved on: history, not counted.
    let ended: Vec<usize> = (0..c.reg.households.len())
        .filter(|&h| c.fates[h] == Fate::Exited { paired: false })
        .take(120)
        .collect();
    for (k, &h) in ended.iter().enumerate() {
        c.reg.pairings.push(record(
            format!("pr-e{}", k + 1),
            Pairing {
                helper_id: format!("p-{}", c.rng.below(target::HELPERS) + 1),
                household_id: c.reg.households[h].id.clone(),
                start_date: day("2015-04-01"),
                end_date: Some(day("2016-12-31")),
                end_reason: Some(PairingEndReason::HelperMoved),
                end_note: None,
            },
        ));
    }
}

/// The menu, the funds by source (with the villages' mutual-aid societies), and the orders that
/// give the seed's sheep, potatoes, housing, loans and training.
pub(super) fn menu_funds_and_orders(c: &mut County) {
    for &(id, nm, cat, unit, standard, source) in MEASURES {
        c.reg.measures.push(record(
            id.into(),
            Measure {
                unit: Some(unit.into()),
                standard_amount: (standard > 0).then(|| Fen::from_yuan(standard)),
                fund_source: Some(source),
                ..Measure::new(nm, cat)
            },
        ));
    }
    let funds: [(&str, &str, FundSource, i32, i64); 10] = [
        (
            "f-int-2014",
            "2014年统筹整合资金",
            FundSource::Integrated,
            2014,
            200_000_000,
        ),
        (
            "f-int-2015",
            "2015年统筹整合资金",
            FundSource::Integrated,
            2015,
            256_000_000,
        ),
        (
            "f-int-2016",
            "2016年统筹整合资金",
            FundSource::Integrated,
            2016,
            310_000_000,
        ),
        (
            "f-int-2017",
            "2017年统筹整合资金",
            FundSource::Integrated,
            2017,
            360_000_000,
        ),
        (
            "f-cty-2015",
            "2015年县级财政专项",
            FundSource::CountyFiscal,
            2015,
            18_200_000,
        ),
        (
            "f-cty-2016",
            "2016年县级财政专项",
            FundSource::CountyFiscal,
            2016,
            27_000_000,
        ),
        (
            "f-cty-2017",
            "2017年县级财政专项",
            FundSource::CountyFiscal,
            2017,
            35_000_000,
        ),
        (
            "f-loan-2015",
            "2015年扶贫贴息贷款",
            FundSource::Loan,
            2015,
            40_000_000,
        ),
        (
            "f-loan-2016",
            "2016年扶贫贴息贷款",
            FundSource::Loan,
            2016,
            50_000_000,
        ),
        (
            "f-loan-2017",
            "2017年扶贫贴息贷款",
            FundSource::Loan,
            2017,
            54_000_000,
        ),
    ];
    for (id, nm, source, year, amount) in funds {
        c.reg.funds.push(record(
            id.into(),
            Fund {
                name: nm.into(),
                source,
                year,
                amount_yuan: Fen::from_yuan(amount),
                region_id: None,
                members: Vec::new(),
            },
        ));
    }
    let societies = split(
        &mut c.rng,
        target::FUNDS_MUTUAL_AID as u64,
        target::MUTUAL_AID_SOCIETIES as usize,
        10_000,
    );
    for (k, amount) in societies.into_iter().enumerate() {
        let (vid, _) = &c.village_ids[k];
        c.reg.funds.push(record(
            format!("f-mutual-{}", k + 1),
            Fund {
                name: "村级互助资金协会".into(),
                source: FundSource::MutualAid,
                year: 2016 + (k % 2) as i32,
                amount_yuan: Fen::from_yuan(amount as i64),
                region_id: Some(vid.clone()),
                members: Vec::new(),
            },
        ));
    }
    let registered: Vec<usize> = (0..c.reg.households.len())
        .filter(|&h| {
            matches!(
                c.fates[h],
                Fate::Poor | Fate::Returned | Fate::Exited { .. } | Fate::Relapsed { .. }
            )
        })
        .collect();
    let mut pool = registered.clone();
    c.rng.shuffle(&mut pool);
    let mut next = 0usize;
    let mut take = |n: usize| {
        let out = pool[next..next + n].to_vec();
        next += n;
        out
    };
    let ids: Vec<String> = c.reg.households.iter().map(|h| h.id.clone()).collect();
    let assist = |reg: &mut Registry,
                  h: usize,
                  measure: &str,
                  fund: Option<&str>,
                  amount: Option<i64>,
                  qty: Option<(f64, &str)>,
                  status: AssistanceStatus,
                  done: Option<Date>,
                  year: i32| {
        let n = reg.assistance.len() + 1;
        reg.assistance.push(record(
            format!("a-{n}"),
            Assistance {
                fund_id: fund.map(str::to_string),
                amount_yuan: amount.map(Fen::from_yuan),
                quantity: qty.map(|q| q.0),
                unit: qty.map(|q| q.1.to_string()),
                status,
                planned_date: done.map(|d| d.add_days(-60)),
                done_date: done,
                ..Assistance::for_household(&ids[h], measure, year)
            },
        ));
    };
    // 2,465 sheep: 493 households × 5 小尾寒羊.
    for h in take((target::SHEEP / 5) as usize) {
        let d = c.rng.date("2016-04-01", "2017-09-30");
        assist(
            &mut c.reg,
            h,
            "me-sheep",
            Some(if d.year() == 2016 {
                "f-int-2016"
            } else {
                "f-int-2017"
            }),
            Some(6000),
            Some((5.0, "只")),
            AssistanceStatus::Done,
            Some(d),
            d.year(),
        );
    }
    // 52,500 mu of potatoes and highland vegetables: 2,100 households × 25 mu.
    for h in take((target::MU_POTATO_VEGETABLE / 25) as usize) {
        let d = c.rng.date("2015-04-01", "2017-06-30");
        let fund = match d.year() {
            2015 => "f-int-2015",
            2016 => "f-int-2016",
            _ => "f-int-2017",
        };
        assist(
            &mut c.reg,
            h,
            "me-potato",
            Some(fund),
            Some(7500),
            Some((25.0, "亩")),
            AssistanceStatus::Done,
            Some(d),
            d.year(),
        );
    }
    for h in take(300) {
        let d = c.rng.date("2016-05-01", "2017-09-30");
        assist(
            &mut c.reg,
            h,
            "me-housing",
            Some(if d.year() == 2016 {
                "f-cty-2016"
            } else {
                "f-cty-2017"
            }),
            Some(20_000),
            Some((1.0, "户")),
            AssistanceStatus::Done,
            Some(d),
            d.year(),
        );
    }
    for h in take(600) {
        let d = c.rng.date("2015-05-01", "2017-09-30");
        let fund = match d.year() {
            2015 => "f-loan-2015",
            2016 => "f-loan-2016",
            _ => "f-loan-2017",
        };
        assist(
            &mut c.reg,
            h,
            "me-loan",
            Some(fund),
            Some(50_000),
            None,
            AssistanceStatus::Done,
            Some(d),
            d.year(),
        );
    }
    for (k, h) in take(400).into_iter().enumerate() {
        let (status, done) = if k % 4 == 0 {
            (AssistanceStatus::Approved, None)
        } else {
            (
                AssistanceStatus::Done,
                Some(c.rng.date("2016-03-01", "2017-09-30")),
            )
        };
        assist(
            &mut c.reg,
            h,
            "me-training",
            Some("f-cty-2017"),
            Some(1500),
            Some((1.0, "人")),
            status,
            done,
            2017,
        );
    }
}

/// The ledger behind the figures, drawn last (after the tasks) so that every earlier draw, and
/// the seed table, stays as it was: order steps and disbursements of the orders made above,
/// helpers' units and models, visits, loans with repayments and the mutual-aid societies'
/// members, village projects, and the year's labour placements.
pub(super) fn ledger(c: &mut County) {
    order_steps_and_disbursements(c);
    helper_facts(c);
    visits(c);
    loans(c);
    village_projects(c);
    labour_placements(c);
}

/// Who signs each step of an order: the household asks, the township approves, the work team
/// carries it out.
const STEP_BY: [&str; 4] = ["本户申请", "乡镇审核", "驻村工作队", "村两委验收"];

fn steps_for(a: &Assistance) -> Vec<OrderStep> {
    let step = |status, date: Date, k: usize| OrderStep {
        status,
        date,
        by: Some(STEP_BY[k].to_string()),
    };
    match (a.status, a.done_date) {
        (AssistanceStatus::Done, Some(done)) => vec![
            step(AssistanceStatus::Requested, done.add_days(-90), 0),
            step(AssistanceStatus::Approved, done.add_days(-60), 1),
            step(AssistanceStatus::InProgress, done.add_days(-30), 2),
            step(AssistanceStatus::Done, done, 3),
        ],
        (AssistanceStatus::Approved, _) => vec![
            step(AssistanceStatus::Requested, day("2017-08-01"), 0),
            step(AssistanceStatus::Approved, day("2017-08-20"), 1),
        ],
        _ => Vec::new(),
    }
}

fn order_steps_and_disbursements(c: &mut County) {
    let heads: std::collections::HashMap<&str, &str> = c
        .reg
        .households
        .iter()
        .filter_map(|h| {
            let head = h.body.as_ref()?.head()?;
            Some((h.id.as_str(), head.name.as_str()))
        })
        .collect();
    let mut paid = Vec::new();
    for rec in c.reg.assistance.iter_mut() {
        let Some(a) = std::sync::Arc::make_mut(rec).body.as_mut() else {
            continue;
        };
        a.steps = steps_for(a);
        if let (AssistanceStatus::Done, Some(done), Some(fund), Some(amount)) =
            (a.status, a.done_date, &a.fund_id, a.amount_yuan)
        {
            let payee = a
                .household_id
                .as_deref()
                .and_then(|h| heads.get(h))
                .map_or("村集体".to_string(), |n| n.to_string());
            paid.push((fund.clone(), done, amount, payee, rec.id.clone()));
        }
    }
    for (k, (fund_id, date, amount, payee, assistance)) in paid.into_iter().enumerate() {
        c.reg.disbursements.push(record(
            format!("d-{}", k + 1),
            Disbursement {
                fund_id,
                date,
                amount_yuan: amount,
                payee,
                voucher: Some(format!("PZ{}-{:05}", date.year(), k + 1)),
                assistance_id: Some(assistance),
                overspend_reason: None,
            },
        ));
    }
}

fn helper_facts(c: &mut County) {
    const UNITS: [&str; 6] = [
        "县扶贫开发办公室",
        "县农牧局",
        "县人社局",
        "县教育局",
        "县卫计局",
        "乡镇人民政府",
    ];
    const POSITIONS: [&str; 4] = ["科员", "副局长", "股长", "驻村干部"];
    for (k, rec) in c.reg.helpers.iter_mut().enumerate() {
        let Some(h) = std::sync::Arc::make_mut(rec).body.as_mut() else {
            continue;
        };
        h.leads_with = Some(match h.speciality.as_deref() {
            _ if h.kind == HelperKind::PartyMember => HelperModel::PartyBranch,
            Some("劳务输转") => HelperModel::LabourExport,
            Some("马铃薯种植") => HelperModel::Planting,
            Some("小尾寒羊养殖" | "肉牛养殖") => HelperModel::Breeding,
            Some("电商销售") => HelperModel::Ecommerce,
            Some("运输") => HelperModel::Trade,
            _ => HelperModel::Other,
        });
        if matches!(h.kind, HelperKind::Cadre | HelperKind::WorkTeam) {
            h.work_unit = Some(UNITS[k % UNITS.len()].to_string());
            h.position = Some(POSITIONS[k % POSITIONS.len()].to_string());
        }
    }
}

fn visits(c: &mut County) {
    const DONE: [&str; 5] = [
        "入户走访, 了解家庭收入",
        "宣讲扶贫政策",
        "协调小额信贷",
        "联系务工岗位",
        "指导养殖防疫",
    ];
    const NEEDS: [&str; 4] = ["养殖技术", "务工信息", "危房改造", "子女助学"];
    let active: Vec<(String, Date)> = c
        .reg
        .pairings
        .iter()
        .filter_map(|p| Some((p.id.clone(), p.body.as_ref()?)))
        .filter(|(_, p)| p.end_date.is_none())
        .map(|(id, p)| (id, p.start_date))
        .collect();
    let mut n = 0;
    for (pairing, start) in active {
        for _ in 0..c.rng.below(3) {
            n += 1;
            let date = c.rng.date("2017-01-05", "2017-10-20").max(start);
            let needs = c.rng.chance(50).then(|| c.rng.pick(&NEEDS).to_string());
            c.reg.visits.push(record(
                format!("vi-{n}"),
                Visit {
                    pairing_id: pairing.clone(),
                    date,
                    done: c.rng.pick(&DONE).to_string(),
                    needs,
                },
            ));
        }
    }
}

/// Bank loans for the orders of the special loan (精准扶贫专项贷款), and each mutual-aid society's
/// members and loans; a few of those are overdue at the as-of date.
fn loans(c: &mut County) {
    let orders: Vec<(String, Date)> = c
        .reg
        .assistance
        .iter()
        .filter_map(|a| a.body.as_ref())
        .filter(|a| a.measure_id == "me-loan")
        .filter_map(|a| Some((a.household_id.clone()?, a.done_date?)))
        .collect();
    let mut n = 0;
    for (household, start) in orders {
        n += 1;
        let repaid_years = (c.as_of.days() - start.days()) / 365;
        let repayments = (1..=repaid_years.min(3))
            .map(|y| Repayment {
                date: start.add_days(365 * y),
                amount_yuan: Fen::from_yuan(50_000 / 3),
            })
            .collect();
        c.reg.loans.push(record(
            format!("l-{n}"),
            Loan {
                household_id: household,
                lender: LenderKind::Bank,
                lender_name: Some("山丹县农村信用合作联社".into()),
                fund_id: None,
                amount_yuan: Fen::from_yuan(50_000),
                start_date: start,
                term_months: 36,
                interest_subsidy_yuan: Some(Fen::from_yuan(2_375 * (repaid_years.max(1) as i64))),
                repayments,
            },
        ));
    }
    let registered: Vec<String> = c
        .reg
        .households
        .iter()
        .zip(&c.fates)
        .filter(|(_, f)| {
            matches!(
                f,
                Fate::Poor | Fate::Returned | Fate::Exited { .. } | Fate::Relapsed { .. }
            )
        })
        .filter_map(|(h, _)| Some((h.id.clone(), h.body.as_ref()?.village_id.clone())))
        .map(|(id, v)| format!("{v}|{id}"))
        .collect();
    let societies: Vec<usize> = (0..c.reg.funds.len())
        .filter(|&i| {
            c.reg.funds[i]
                .body
                .as_ref()
                .is_some_and(|f| f.source == FundSource::MutualAid)
        })
        .collect();
    for (k, &f) in societies.iter().enumerate() {
        let fund_id = c.reg.funds[f].id.clone();
        let Some(village) = c.reg.funds[f]
            .body
            .as_ref()
            .and_then(|b| b.region_id.clone())
        else {
            continue;
        };
        let prefix = format!("{village}|");
        let members: Vec<String> = registered
            .iter()
            .filter_map(|x| x.strip_prefix(&prefix).map(str::to_string))
            .take(12)
            .collect();
        for (j, m) in members.iter().take(3).enumerate() {
            n += 1;
            let start = c.rng.date("2016-05-01", "2017-06-30");
            let amount = Fen::from_yuan(c.rng.range(5, 10) * 1_000);
            // One loan in eight is not repaid a year on: overdue at the as-of date.
            let overdue = (k + j) % 8 == 0;
            let due = start.add_days(365);
            let repayments = if due <= c.as_of && !overdue {
                vec![Repayment {
                    date: due,
                    amount_yuan: amount,
                }]
            } else {
                Vec::new()
            };
            c.reg.loans.push(record(
                format!("l-{n}"),
                Loan {
                    household_id: m.clone(),
                    lender: LenderKind::MutualAid,
                    lender_name: None,
                    fund_id: Some(fund_id.clone()),
                    amount_yuan: amount,
                    start_date: start,
                    term_months: 12,
                    interest_subsidy_yuan: None,
                    repayments,
                },
            ));
        }
        if let Some(b) = std::sync::Arc::make_mut(&mut c.reg.funds[f]).body.as_mut() {
            b.members = members;
        }
    }
}

/// The menu's village projects (一村一策) of the seed: 13 e-commerce villages and 16 village
/// stations, 22 training classes of 15,000 people, 23 breeding zones of 365,000 head.
const PROJECTS: &[(&str, &str, MeasureCategory, &str)] = &[
    (
        "me-ecom-village",
        "电商示范村建设",
        MeasureCategory::Ecommerce,
        "村",
    ),
    (
        "me-ecom-station",
        "村级电商服务站",
        MeasureCategory::Ecommerce,
        "个",
    ),
    (
        "me-training-class",
        "技能培训班",
        MeasureCategory::Training,
        "人",
    ),
    (
        "me-breeding-zone",
        "规模养殖小区",
        MeasureCategory::Industry,
        "头(只)",
    ),
];

fn village_projects(c: &mut County) {
    for &(id, nm, cat, unit) in PROJECTS {
        c.reg.measures.push(record(
            id.into(),
            Measure {
                unit: Some(unit.into()),
                ..Measure::new(nm, cat)
            },
        ));
    }
    let villages = c.village_ids.len() as u64;
    let pick_villages = |rng: &mut Rng, n: u64| -> Vec<usize> {
        let mut all: Vec<usize> = (0..villages as usize).collect();
        rng.shuffle(&mut all);
        all.truncate(n as usize);
        all
    };
    let ecommerce = pick_villages(&mut c.rng, target::ECOMMERCE_VILLAGES);
    let stations = pick_villages(&mut c.rng, target::ECOMMERCE_STATIONS);
    let classes = split(
        &mut c.rng,
        target::PEOPLE_TRAINED,
        target::TRAINING_CLASSES as usize,
        10,
    );
    let zones = split(
        &mut c.rng,
        target::LIVESTOCK_HEAD,
        target::BREEDING_ZONES as usize,
        100,
    );
    let mut plan: Vec<(&str, usize, f64, i64, &str)> = Vec::new();
    plan.extend(
        ecommerce
            .iter()
            .map(|&v| ("me-ecom-village", v, 1.0, 200_000, "f-int-2016")),
    );
    plan.extend(
        stations
            .iter()
            .map(|&v| ("me-ecom-station", v, 1.0, 50_000, "f-int-2017")),
    );
    for q in classes {
        let v = c.rng.below(villages) as usize;
        plan.push(("me-training-class", v, q as f64, 30_000, "f-cty-2017"));
    }
    for q in zones {
        let v = c.rng.below(villages) as usize;
        plan.push(("me-breeding-zone", v, q as f64, 500_000, "f-int-2017"));
    }
    for (k, (measure, v, quantity, amount, fund)) in plan.into_iter().enumerate() {
        let done = c.rng.date("2016-05-01", "2017-09-30");
        let unit = PROJECTS.iter().find(|p| p.0 == measure).map_or("", |p| p.3);
        let mut a = Assistance {
            household_id: None,
            village_id: Some(c.village_ids[v].0.clone()),
            fund_id: Some(fund.into()),
            amount_yuan: Some(Fen::from_yuan(amount)),
            quantity: Some(quantity),
            unit: Some(unit.into()),
            status: AssistanceStatus::Done,
            planned_date: Some(done.add_days(-60)),
            done_date: Some(done),
            ..Assistance::for_household("", measure, done.year())
        };
        a.steps = steps_for(&a);
        c.reg.assistance.push(record(format!("a-v{}", k + 1), a));
    }
    // A village has an e-commerce station exactly when it built one.
    for (k, (vid, _)) in c.village_ids.iter().enumerate() {
        if let Some(r) = c
            .reg
            .regions
            .iter_mut()
            .find(|r| r.id == *vid)
            .and_then(|r| std::sync::Arc::make_mut(r).body.as_mut())
        {
            r.ecommerce_station = Some(stations.contains(&k));
        }
    }
}

/// 劳务输转 of 2017: 4,300 labourers placed from registered households, earning 1.4亿 yuan.
fn labour_placements(c: &mut County) {
    let mut pool: Vec<usize> = (0..c.reg.households.len())
        .filter(|&h| {
            matches!(
                c.fates[h],
                Fate::Poor | Fate::Returned | Fate::Exited { .. } | Fate::Relapsed { .. }
            )
        })
        .collect();
    c.rng.shuffle(&mut pool);
    let orders = (target::LABOURERS_PLACED / 2) as usize;
    pool.truncate(orders);
    let mut people: Vec<u64> = pool.iter().map(|_| c.rng.range(1, 3) as u64).collect();
    fix_sum(&mut c.rng, &mut people, target::LABOURERS_PLACED, 1, 3);
    // Earnings in whole yuan, proportional to the labourers, the remainder on the first order.
    let per_head = target::LABOUR_INCOME / target::LABOURERS_PLACED as i64;
    let mut earnings: Vec<i64> = people.iter().map(|&p| p as i64 * per_head).collect();
    let rest = target::LABOUR_INCOME - earnings.iter().sum::<i64>();
    if let Some(first) = earnings.first_mut() {
        *first += rest;
    }
    for (k, ((h, p), e)) in pool.iter().zip(people).zip(earnings).enumerate() {
        let done = c.rng.date("2017-03-01", "2017-09-30");
        let mut a = Assistance {
            quantity: Some(p as f64),
            unit: Some("人".into()),
            status: AssistanceStatus::Done,
            planned_date: Some(done.add_days(-60)),
            done_date: Some(done),
            income_yuan: Some(Fen::from_yuan(e)),
            ..Assistance::for_household(&c.reg.households[*h].id, "me-labour", 2017)
        };
        a.steps = steps_for(&a);
        c.reg.assistance.push(record(format!("a-w{}", k + 1), a));
    }
}
