//! Random small registries for property tests: a county with townships and villages, households
//! with members, events, incomes and optional facts, helpers, pairings, measures, funds, tasks,
//! and some tombstones. Every registry made here is valid by the exchange contract.

use jingzhun::domain::codes::*;
use jingzhun::domain::date::Date;
use jingzhun::domain::id_number;
use jingzhun::domain::model::*;
use jingzhun::domain::money::Fen;

/// A seeded generator; `&self` methods (a cell inside) so that calls can nest.
pub struct Rng(pub std::cell::Cell<u64>);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(std::cell::Cell::new(seed))
    }
    pub fn next(&self) -> u64 {
        self.0.set(self.0.get().wrapping_add(0x9E37_79B9_7F4A_7C15));
        let mut z = self.0.get();
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn coin(&self) -> bool {
        self.next() & 1 == 1
    }
    pub fn maybe<T>(&self, v: T) -> Option<T> {
        self.coin().then_some(v)
    }
    pub fn date(&self) -> Date {
        Date::from_days(16000 + self.below(3000) as i32)
    }
    pub fn pick<T: Copy>(&self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

pub fn rec<T>(id: String, replica: &str, body: Option<T>) -> std::sync::Arc<Record<T>> {
    Record {
        id,
        rev: [(replica.to_string(), 1)].into_iter().collect(),
        updated_at: "2017-01-01T00:00:00Z".into(),
        body,
        village_id: None,
    }
    .into()
}

/// A valid random registry; ids are prefixed with `prefix` so two registries can be disjoint.
pub fn registry(seed: u64, prefix: &str) -> Registry {
    let r = Rng::new(seed);
    let mut reg = Registry::default();
    let replica = format!("{prefix}rep");
    let county = format!("{prefix}c");
    reg.regions.push(rec(
        county.clone(),
        &replica,
        Some(Region::new(RegionKind::County, "县", None)),
    ));
    let mut villages = Vec::new();
    for t in 0..1 + r.below(2) {
        let tid = format!("{prefix}t{t}");
        reg.regions.push(rec(
            tid.clone(),
            &replica,
            Some(Region::new(
                RegionKind::Township,
                &format!("乡{t}"),
                Some(&county),
            )),
        ));
        for v in 0..1 + r.below(3) {
            let vid = format!("{prefix}v{t}-{v}");
            let mut region = Region::new(RegionKind::Village, &format!("村{t}-{v}"), Some(&tid));
            region.poor_village = r.maybe(r.coin());
            if r.coin() {
                region.rural_population.push(YearPopulation {
                    year: 2016,
                    households: r.maybe(100),
                    people: 100 + r.below(900),
                    per_capita_disposable_income: r.maybe(Fen(r.below(2_000_000) as i64)),
                });
            }
            region.infrastructure = r.coin().then(|| {
                [
                    r.maybe(true),
                    r.maybe(false),
                    Some(true),
                    None,
                    Some(true),
                    Some(true),
                    Some(false),
                    None,
                ]
            });
            region.specialty_industry = r.maybe("马铃薯".to_string());
            region.collective_income = if r.coin() {
                vec![YearAmount {
                    year: 2016,
                    yuan: Fen(r.below(1_000_000) as i64),
                }]
            } else {
                vec![]
            };
            region.exit_date = r.maybe(r.date());
            reg.regions.push(rec(vid.clone(), &replica, Some(region)));
            villages.push(vid);
        }
    }
    let mut member_no = 0;
    for h in 0..r.below(6) {
        let id = format!("{prefix}h{h}");
        if r.below(8) == 0 {
            reg.households.push(rec(id, &replica, None));
            continue;
        }
        let mut members = Vec::new();
        for k in 0..1 + r.below(4) {
            member_no += 1;
            let relation = if k == 0 {
                Relation::Head
            } else {
                r.pick(&[Relation::Spouse, Relation::Child, Relation::Parent])
            };
            let mut m = Member::new(
                &format!("{prefix}m{member_no}"),
                "成员",
                r.pick(&[Sex::Male, Sex::Female]),
                relation,
            );
            let birth = Date::from_days(-3000 + r.below(15000) as i32);
            if r.coin() {
                m.id_number = Some(id_number::make("620725", birth, member_no as u32));
                m.birth_date = r.maybe(birth);
            }
            m.joined_date = r.maybe(r.date());
            m.left_date = m
                .joined_date
                .and_then(|j| r.maybe(j.add_days(r.below(400) as i32)));
            m.health = r.maybe(r.pick(&[Health::Healthy, Health::Chronic, Health::Disabled]));
            m.schooling = r.maybe(r.pick(&[Schooling::Primary, Schooling::Dropout]));
            m.labor = r.maybe(r.pick(&[Labor::Ordinary, Labor::Weak, Labor::None]));
            m.work = r.maybe(r.pick(&[Work::County, Work::Outside]));
            m.medical_insurance = r.maybe(r.coin());
            m.skill_trained = r.maybe(r.coin());
            members.push(m);
        }
        let first = r.date();
        let mut events = vec![StatusEvent {
            date: first,
            status: Status::Poor,
            reason: r.maybe("建档立卡".into()),
        }];
        if r.coin() {
            events.push(StatusEvent {
                date: first.add_days(r.below(700) as i32),
                status: r.pick(&[Status::Exited, Status::Returned, Status::StruckOff]),
                reason: None,
            });
        }
        let incomes = (2015..2015 + r.below(3) as i32)
            .map(|year| Income {
                year,
                wage: r.maybe(Fen(r.below(1_000_000) as i64)),
                business: r.maybe(Fen(r.below(500_000) as i64)),
                property: None,
                transfer: r.maybe(Fen(12_345)),
                business_costs: r.maybe(Fen(r.below(50_000) as i64)),
            })
            .collect();
        let household = Household {
            village_id: villages[r.below(villages.len() as u64) as usize].clone(),
            national_code: None,
            group: r.maybe("3社".into()),
            address: None,
            phone: r.maybe("13900000000".into()),
            attribute: r.pick(&[Attribute::General, Attribute::Dibao, Attribute::Tekun]),
            main_cause: r.pick(&[Cause::Illness, Cause::LackCapital, Cause::Schooling]),
            other_causes: if r.coin() {
                vec![Cause::LackSkills]
            } else {
                vec![]
            },
            status_events: events,
            identification: if r.coin() {
                vec![IdentificationEntry {
                    step: IdentificationStep::VerifyIncome,
                    date: first,
                    result: StepResult::Pass,
                    note: None,
                }]
            } else {
                vec![]
            },
            incomes,
            conditions: r.coin().then(|| Conditions {
                food_clothing_secure: r.maybe(true),
                housing: r.maybe(Housing::Safe),
                drinking_water: r.maybe(DrinkingWater::Unsafe),
                electricity: None,
                shed: r.maybe(true),
                cooperative_member: None,
                relocated: None,
            }),
            members,
            monitoring: vec![],
            exit_steps: if r.coin() {
                vec![ExitStepEntry {
                    step: ExitStep::Review,
                    date: first,
                    result: StepResult::Pass,
                    note: r.maybe("评议通过".into()),
                }]
            } else {
                vec![]
            },
        };
        reg.households.push(rec(id, &replica, Some(household)));
    }
    let live_households: Vec<String> = reg
        .households
        .iter()
        .filter(|h| h.body.is_some())
        .map(|h| h.id.clone())
        .collect();
    reg.helpers.push(rec(
        format!("{prefix}p0"),
        &replica,
        Some(Helper {
            region_id: Some(county.clone()),
            work_unit: r.maybe("县扶贫办".into()),
            position: r.maybe("科员".into()),
            leads_with: r.maybe(HelperModel::Breeding),
            retired: r.maybe(r.date()),
            ..Helper::new("帮扶人", HelperKind::Cadre)
        }),
    ));
    reg.measures.push(rec(
        format!("{prefix}me0"),
        &replica,
        Some(Measure {
            unit: r.maybe("只".into()),
            standard_amount: r.maybe(Fen(600_000)),
            fund_source: r.maybe(FundSource::Integrated),
            retired: r.maybe(r.coin()),
            ..Measure::new("养羊", MeasureCategory::Industry)
        }),
    ));
    reg.funds.push(rec(
        format!("{prefix}f0"),
        &replica,
        Some(Fund {
            name: "资金".into(),
            source: FundSource::Integrated,
            year: 2016,
            amount_yuan: Fen(r.below(10_000_000) as i64),
            region_id: r.maybe(county.clone()),
            members: live_households
                .iter()
                .take(r.below(3) as usize)
                .cloned()
                .collect(),
        }),
    ));
    for (k, h) in live_households.iter().enumerate() {
        if r.coin() {
            let start = r.date();
            let end = r.maybe(start.add_days(100));
            reg.pairings.push(rec(
                format!("{prefix}pr{k}"),
                &replica,
                Some(Pairing {
                    helper_id: format!("{prefix}p0"),
                    household_id: h.clone(),
                    start_date: start,
                    end_date: end,
                    end_reason: end.and(r.maybe(PairingEndReason::HelperMoved)),
                    end_note: None,
                }),
            ));
            if r.coin() {
                reg.visits.push(rec(
                    format!("{prefix}vi{k}"),
                    &replica,
                    Some(Visit {
                        pairing_id: format!("{prefix}pr{k}"),
                        date: start,
                        done: "入户走访".into(),
                        needs: r.maybe("养殖技术".into()),
                    }),
                ));
            }
        }
        if r.coin() {
            let done = r.maybe(r.date());
            let status = r.pick(&[
                AssistanceStatus::Requested,
                AssistanceStatus::Approved,
                AssistanceStatus::Done,
                AssistanceStatus::Cancelled,
            ]);
            reg.assistance.push(rec(
                format!("{prefix}a{k}"),
                &replica,
                Some(Assistance {
                    fund_id: r.maybe(format!("{prefix}f0")),
                    amount_yuan: r.maybe(Fen(600_000)),
                    quantity: r.maybe(5.0),
                    unit: r.maybe("只".into()),
                    status,
                    done_date: done,
                    steps: done
                        .map(|d| {
                            vec![OrderStep {
                                status,
                                date: d,
                                by: r.maybe("乡镇".into()),
                            }]
                        })
                        .unwrap_or_default(),
                    income_yuan: r.maybe(Fen(1_000_000)),
                    ..Assistance::for_household(h, &format!("{prefix}me0"), 2016)
                }),
            ));
            if r.coin() {
                reg.disbursements.push(rec(
                    format!("{prefix}d{k}"),
                    &replica,
                    Some(Disbursement {
                        fund_id: format!("{prefix}f0"),
                        date: r.date(),
                        amount_yuan: Fen(r.below(100_000) as i64 + 1),
                        payee: "王军".into(),
                        voucher: r.maybe("PZ-1".into()),
                        assistance_id: r.maybe(format!("{prefix}a{k}")),
                        overspend_reason: None,
                    }),
                ));
            }
        }
        if r.coin() {
            let start = r.date();
            reg.loans.push(rec(
                format!("{prefix}l{k}"),
                &replica,
                Some(Loan {
                    household_id: h.clone(),
                    lender: LenderKind::Bank,
                    lender_name: r.maybe("信用社".into()),
                    fund_id: None,
                    amount_yuan: Fen(5_000_000),
                    start_date: start,
                    term_months: 36,
                    interest_subsidy_yuan: r.maybe(Fen(237_500)),
                    repayments: r
                        .maybe(Repayment {
                            date: start.add_days(365),
                            amount_yuan: Fen(1_000_000),
                        })
                        .into_iter()
                        .collect(),
                }),
            ));
        }
    }
    if r.coin() {
        reg.assistance.push(rec(
            format!("{prefix}av"),
            &replica,
            Some(Assistance {
                household_id: None,
                village_id: Some(villages[0].clone()),
                status: AssistanceStatus::Done,
                quantity: r.maybe(13.0),
                ..Assistance::for_household("", &format!("{prefix}me0"), 2017)
            }),
        ));
    }
    // A household's tombstone that keeps its village.
    if r.coin() {
        let mut t = (*rec::<Household>(format!("{prefix}hgone"), &replica, None)).clone();
        t.village_id = Some(villages[0].clone());
        reg.households.push(t.into());
    }
    reg.tasks.push(rec(
        format!("{prefix}k0"),
        &replica,
        Some(Task {
            done_date: r.maybe(r.date()),
            unit: r.maybe("县交通局".into()),
            milestones: r
                .maybe(Milestone {
                    title: "路基".into(),
                    due_date: r.date(),
                    done_date: None,
                })
                .into_iter()
                .collect(),
            infrastructure_item: r.maybe(InfrastructureItem::HardenedRoad),
            exit_households: r.maybe(12),
            ..Task::new(&villages[0], "硬化道路", r.date())
        }),
    ));
    reg.tasks.push(rec(format!("{prefix}k1"), &replica, None));
    if r.coin() {
        reg.targets.push(rec(
            format!("{prefix}tg0"),
            &replica,
            Some(Target {
                year: 2017,
                region_id: villages[0].clone(),
                kind: TargetKind::ExitHouseholds,
                planned: r.below(50),
                item: None,
                responsible: r.maybe("村支书".into()),
                letter: LetterState::Signed,
                signed_date: Some(r.date()),
                signed_by: r.maybe("乡长".into()),
            }),
        ));
    }
    if r.coin() {
        let checked = 10 + r.below(20);
        reg.sample_checks.push(rec(
            format!("{prefix}sc0"),
            &replica,
            Some(SampleCheck {
                region_id: villages[0].clone(),
                date: r.date(),
                by: r.maybe("第三方评估组".into()),
                exited_checked: checked,
                wrongly_exited: r.below(checked),
                others_checked: checked,
                missed: 0,
            }),
        ));
        reg.surveys.push(rec(
            format!("{prefix}sv0"),
            &replica,
            Some(Survey {
                region_id: villages[0].clone(),
                date: r.date(),
                by: None,
                respondents: 100,
                satisfied: 90 + r.below(10),
            }),
        ));
    }
    if r.coin() {
        reg.settings.poverty_lines.insert(2016, Fen(295_200));
        reg.settings.monitoring_ratio = Some(1.5);
    }
    reg
}
