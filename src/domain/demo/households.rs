//! The county's households: fates (poor, exited, returned, struck off…) and sizes fixed to the
//! seed's totals, members with plausible ID numbers, incomes, conditions and status histories.
//!
//! Long (about 540 lines): the generator of the demo county's households, tuned to the seed table's figures.

use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::domain::id_number;

/// What a household is at the as-of date, and the story behind it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fate {
    Poor,
    Returned,
    Exited { paired: bool },
    Relapsed { paired: bool },
    StruckOff,
    Ceased,
    Candidate,
}

struct Ids {
    births: HashMap<Date, u32>,
    member: u32,
}

impl Ids {
    fn id_number(&mut self, birth: Date) -> String {
        let seq = self.births.entry(birth).or_insert(0);
        *seq += 1;
        id_number::make("620725", birth, *seq * 7 % 1000)
    }
}

fn members(
    rng: &mut Rng,
    ids: &mut Ids,
    hid: usize,
    size: u64,
    cause: Cause,
    as_of: Date,
) -> Vec<Member> {
    let surname = *rng.pick(&SURNAMES);
    let mut out = Vec::new();
    let head_birth = rng.date("1945-01-01", "1985-12-31");
    let head_sex = if rng.chance(85) {
        Sex::Male
    } else {
        Sex::Female
    };
    let add = |rng: &mut Rng,
               ids: &mut Ids,
               out: &mut Vec<Member>,
               relation: Relation,
               sex: Sex,
               birth: Date,
               surname: &str| {
        let mid = format!("m-{}", ids.member);
        ids.member += 1;
        let sn = if relation == Relation::Spouse {
            rng_surname(rng)
        } else {
            surname
        };
        let nm = name(rng, sn, sex);
        let mut m = Member::new(&mid, &nm, sex, relation);
        m.birth_date = Some(birth);
        m.id_number = Some(ids.id_number(birth));
        let age = as_of.year() - birth.year();
        m.health = Some(if age > 60 && rng.chance(35) {
            Health::Chronic
        } else {
            Health::Healthy
        });
        m.medical_insurance = Some(!rng.chance(2));
        m.pension_insurance = Some(age >= 16 && rng.chance(70));
        m.education = Some(*rng.pick(&[
            Education::Illiterate,
            Education::Primary,
            Education::Primary,
            Education::Junior,
            Education::Junior,
            Education::Senior,
        ]));
        m.labor = Some(match age {
            0..=15 => Labor::None,
            16..=59 => *rng.pick(&[
                Labor::Ordinary,
                Labor::Ordinary,
                Labor::Ordinary,
                Labor::Skilled,
                Labor::Weak,
            ]),
            60..=69 => *rng.pick(&[Labor::Weak, Labor::Weak, Labor::Lost]),
            _ => Labor::Lost,
        });
        if matches!(
            m.labor,
            Some(Labor::Ordinary | Labor::Skilled | Labor::Weak)
        ) {
            m.skill_trained = Some(rng.chance(55));
            if rng.chance(40) {
                m.work =
                    Some(*rng.pick(&[Work::Township, Work::County, Work::Province, Work::Outside]));
            }
        }
        if (6..=18).contains(&age) {
            m.schooling = Some(match age {
                6..=11 => Schooling::Primary,
                12..=14 => Schooling::Junior,
                _ => *rng.pick(&[Schooling::Senior, Schooling::Vocational]),
            });
            m.education = Some(Education::Primary);
        } else if age < 6 {
            m.schooling = (age >= 3).then_some(Schooling::Preschool);
            m.education = None;
        }
        out.push(m);
    };
    add(
        rng,
        ids,
        &mut out,
        Relation::Head,
        head_sex,
        head_birth,
        surname,
    );
    let other = if head_sex == Sex::Male {
        Sex::Female
    } else {
        Sex::Male
    };
    let mut left = size.saturating_sub(1);
    if left > 0 && rng.chance(80) {
        let b = Date::from_days(head_birth.days() + rng.range(-1500, 1500) as i32);
        add(rng, ids, &mut out, Relation::Spouse, other, b, surname);
        left -= 1;
    }
    while left > 0 {
        let (relation, birth) = if left == 1 && rng.chance(25) && head_birth.year() > 1960 {
            (
                Relation::Parent,
                Date::from_days(head_birth.days() - rng.range(8000, 11000) as i32),
            )
        } else {
            let b = Date::from_days(head_birth.days() + rng.range(7500, 12000) as i32)
                .min(as_of.add_days(-400));
            (Relation::Child, b)
        };
        let sex = if rng.chance(50) {
            Sex::Male
        } else {
            Sex::Female
        };
        add(rng, ids, &mut out, relation, sex, birth, surname);
        left -= 1;
    }
    // Make the main cause visible in the members, as a cadre would have recorded it.
    match cause {
        Cause::Illness => {
            out[0].health = Some(if rng.chance(50) {
                Health::SeriousIllness
            } else {
                Health::Chronic
            })
        }
        Cause::Disability => {
            let m = &mut out[rng.below(size) as usize];
            m.health = Some(Health::Disabled);
            m.disability_grade = Some(rng.range(1, 4) as u8);
        }
        Cause::Schooling
            if !out
                .iter()
                .any(|m| m.schooling.is_some_and(|s| s != Schooling::Dropout)) =>
        {
            let last = out.len() - 1;
            out[last].schooling = Some(Schooling::Senior);
        }
        _ => {}
    }
    // Some households lost a member before the as-of date: kept in the record, not counted.
    if rng.chance(8) {
        let mid = format!("m-{}", ids.member);
        ids.member += 1;
        let birth = rng.date("1925-01-01", "1945-12-31");
        let mut m = Member::new(
            &mid,
            &name(rng, surname, Sex::Male),
            Sex::Male,
            Relation::Parent,
        );
        m.birth_date = Some(birth);
        m.id_number = Some(ids.id_number(birth));
        m.left_date = Some(rng.date("2015-01-01", "2017-06-30"));
        m.left_reason = Some(LeftReason::Death);
        m.health = Some(Health::SeriousIllness);
        m.medical_insurance = Some(true);
        m.labor = Some(Labor::Lost);
        out.push(m);
    }
    let _ = hid;
    out
}

fn rng_surname(rng: &mut Rng) -> &'static str {
    SURNAMES[rng.below(SURNAMES.len() as u64) as usize]
}

fn income(rng: &mut Rng, year: i32, net_fen: i64) -> Income {
    let net = net_fen.max(0);
    let transfer = net * rng.range(8, 20) / 100;
    let business = net * rng.range(20, 40) / 100;
    let costs = (business * rng.range(5, 20) / 100) / 100 * 100;
    let property = if rng.chance(10) { net * 3 / 100 } else { 0 };
    let wage = net - transfer - business - property + costs;
    Income {
        year,
        wage: Some(Fen(wage)),
        business: Some(Fen(business)),
        property: (property > 0).then_some(Fen(property)),
        transfer: Some(Fen(transfer)),
        business_costs: Some(Fen(costs)),
    }
}

pub(super) fn households(c: &mut County) {
    let rng = &mut c.rng;
    let as_of = c.as_of;
    let (village_ids, poor_villages) = (&c.village_ids, &c.poor_villages);
    // ---- Households: fates and sizes fixed to the seed totals ------------------------------
    let returned = 39usize;
    let relapsed_again = 60usize; // exited, returned, exited again: counted as exited
    let poor_fates = target::POOR_HOUSEHOLDS as usize - returned;
    let paired_exited = (target::PAIRED_HOUSEHOLDS - target::POOR_HOUSEHOLDS) as usize;
    let unpaired_exited = target::EXITED_HOUSEHOLDS as usize - paired_exited;
    let mut fates: Vec<Fate> = Vec::new();
    fates.extend(std::iter::repeat_n(Fate::Poor, poor_fates));
    fates.extend(std::iter::repeat_n(Fate::Returned, returned));
    fates.extend(std::iter::repeat_n(
        Fate::Relapsed { paired: true },
        relapsed_again / 2,
    ));
    fates.extend(std::iter::repeat_n(
        Fate::Exited { paired: true },
        paired_exited - relapsed_again / 2,
    ));
    fates.extend(std::iter::repeat_n(
        Fate::Relapsed { paired: false },
        relapsed_again / 2,
    ));
    fates.extend(std::iter::repeat_n(
        Fate::Exited { paired: false },
        unpaired_exited - relapsed_again / 2,
    ));
    fates.extend(std::iter::repeat_n(Fate::StruckOff, 45));
    fates.extend(std::iter::repeat_n(Fate::Ceased, 30));
    fates.extend(std::iter::repeat_n(Fate::Candidate, 60));
    let group_of = |f: Fate| match f {
        Fate::Poor | Fate::Returned => 0,
        Fate::Exited { paired: true } | Fate::Relapsed { paired: true } => 1,
        Fate::Exited { paired: false } | Fate::Relapsed { paired: false } => 2,
        _ => 3,
    };
    let group_people = [
        target::POOR_PEOPLE,
        target::PAIRED_PEOPLE - target::POOR_PEOPLE,
        target::EXITED_PEOPLE - (target::PAIRED_PEOPLE - target::POOR_PEOPLE),
        0,
    ];
    let mut sizes: Vec<u64> = fates
        .iter()
        .map(|_| *rng.pick(&[1, 2, 2, 3, 3, 3, 4, 4, 5, 6]))
        .collect();
    for (g, &people) in group_people.iter().enumerate().take(3) {
        let idx: Vec<usize> = (0..fates.len())
            .filter(|&i| group_of(fates[i]) == g)
            .collect();
        let mut part: Vec<u64> = idx.iter().map(|&i| sizes[i]).collect();
        fix_sum(rng, &mut part, people, 1, 7);
        for (k, &i) in idx.iter().enumerate() {
            sizes[i] = part[k];
        }
    }
    let mut order: Vec<usize> = (0..fates.len()).collect();
    rng.shuffle(&mut order);

    // Villages: poor villages hold more of the poor.
    let mut ids = Ids {
        births: HashMap::new(),
        member: 1,
    };
    let causes = [
        Cause::Illness,
        Cause::Disability,
        Cause::Schooling,
        Cause::Disaster,
        Cause::LackLand,
        Cause::LackWater,
        Cause::LackSkills,
        Cause::LackSkills,
        Cause::LackLabor,
        Cause::LackCapital,
        Cause::LackCapital,
        Cause::LackCapital,
        Cause::PoorTransport,
        Cause::LackMotivation,
    ];
    let mut poor_incomes: Vec<(usize, i64)> = Vec::new();
    let mut households: Records<Household> = Vec::with_capacity(fates.len());
    let mut groups_counter: BTreeMap<usize, u32> = BTreeMap::new();
    for &i in &order {
        let fate = fates[i];
        let size = sizes[i].max(1);
        let v = if matches!(fate, Fate::Poor | Fate::Returned) && rng.chance(35) {
            poor_villages[rng.below(poor_villages.len() as u64) as usize]
        } else {
            rng.below(village_ids.len() as u64) as usize
        };
        let cause = *rng.pick(&causes);
        let hid = format!("h-{}", households.len() + 1);
        let identified = rng.date("2014-03-01", "2014-08-31");
        let mut events = vec![StatusEvent {
            date: identified,
            status: Status::Poor,
            reason: Some("建档立卡".into()),
        }];
        let exit_date = |rng: &mut Rng| match rng.below(100) {
            0..=22 => rng.date("2014-11-01", "2014-12-20"),
            23..=51 => rng.date("2015-10-01", "2015-12-20"),
            52..=86 => rng.date("2016-09-01", "2016-12-20"),
            _ => rng.date("2017-03-01", "2017-09-30"),
        };
        match fate {
            Fate::Poor => {}
            Fate::Returned => {
                events.push(StatusEvent {
                    date: rng.date("2015-10-01", "2015-12-20"),
                    status: Status::Exited,
                    reason: Some("验收脱贫".into()),
                });
                events.push(StatusEvent {
                    date: rng.date("2016-06-01", "2017-08-31"),
                    status: Status::Returned,
                    reason: Some(rng.pick(&["因病返贫", "因灾返贫"]).to_string()),
                });
            }
            Fate::Exited { .. } => events.push(StatusEvent {
                date: exit_date(rng),
                status: Status::Exited,
                reason: Some("验收脱贫".into()),
            }),
            Fate::Relapsed { .. } => {
                events.push(StatusEvent {
                    date: rng.date("2014-11-01", "2014-12-20"),
                    status: Status::Exited,
                    reason: Some("验收脱贫".into()),
                });
                events.push(StatusEvent {
                    date: rng.date("2015-05-01", "2015-10-31"),
                    status: Status::Returned,
                    reason: Some("因病返贫".into()),
                });
                events.push(StatusEvent {
                    date: rng.date("2016-10-01", "2017-09-30"),
                    status: Status::Exited,
                    reason: Some("再次验收脱贫".into()),
                });
            }
            Fate::StruckOff => events.push(StatusEvent {
                date: rng.date("2015-03-01", "2016-12-20"),
                status: Status::StruckOff,
                reason: Some("识别不精准, 清退".into()),
            }),
            Fate::Ceased => events.push(StatusEvent {
                date: rng.date("2015-03-01", "2017-06-30"),
                status: Status::Ceased,
                reason: Some("户主去世, 无其他成员".into()),
            }),
            Fate::Candidate => {
                events = vec![StatusEvent {
                    date: rng.date("2017-08-01", "2017-10-15"),
                    status: Status::Candidate,
                    reason: Some("申请".into()),
                }]
            }
        }
        let first = events[0].date;
        let steps_done = if fate == Fate::Candidate {
            rng.below(6) as usize
        } else {
            6
        };
        let identification = IdentificationStep::ALL[..steps_done]
            .iter()
            .enumerate()
            .map(|(k, &step)| IdentificationEntry {
                step,
                date: first.add_days(k as i32 * 6 - 40).min(first),
                result: StepResult::Pass,
                note: None,
            })
            .collect::<Vec<_>>();
        let mut ms = members(rng, &mut ids, households.len(), size, cause, as_of);
        let poor_now = matches!(fate, Fate::Poor | Fate::Returned | Fate::Candidate);
        let conditions = Conditions {
            food_clothing_secure: Some(!(poor_now && rng.chance(8))),
            housing: Some(if poor_now && rng.chance(18) {
                *rng.pick(&[Housing::GradeC, Housing::GradeD])
            } else {
                Housing::Safe
            }),
            drinking_water: Some(if poor_now && rng.chance(10) {
                DrinkingWater::Difficult
            } else {
                DrinkingWater::Safe
            }),
            electricity: Some(true),
            shed: Some(rng.chance(if poor_now { 45 } else { 70 })),
            cooperative_member: Some(rng.chance(40)),
            relocated: Some(rng.chance(6)),
        };
        if poor_now && rng.chance(3) {
            if let Some(child) = ms
                .iter_mut()
                .find(|m| matches!(m.schooling, Some(Schooling::Junior | Schooling::Primary)))
            {
                child.schooling = Some(Schooling::Dropout);
            }
        }
        let people = ms.iter().filter(|m| m.counted_at(as_of)).count() as i64;
        // Incomes: the poor near the seed's mean, the exited mostly well above the line.
        let mut incomes = Vec::new();
        for year in 2014..=2017 {
            if fate == Fate::Candidate && year < 2017 {
                continue;
            }
            let pc_yuan = match fate {
                Fate::Poor | Fate::Returned => rng.range(2400, 5200) + (year as i64 - 2014) * 500,
                Fate::Candidate => rng.range(1800, 3600),
                _ => rng.range(3300, 9000) + (year as i64 - 2014) * 700,
            };
            let ppl = ms
                .iter()
                .filter(|m| m.counted_at(Date::end_of_year(year)))
                .count()
                .max(1) as i64;
            incomes.push(income(rng, year, pc_yuan * 100 * ppl));
        }
        if matches!(fate, Fate::Poor | Fate::Returned) {
            poor_incomes.push((households.len(), people));
        }
        let monitoring = if matches!(fate, Fate::Exited { .. }) && rng.chance(4) {
            vec![Monitoring {
                category: MonitoringCategory::Unstable,
                start_date: rng.date("2017-01-01", "2017-09-30"),
                end_date: None,
                note: Some("收入不稳定".into()),
            }]
        } else {
            Vec::new()
        };
        let group = groups_counter.entry(v).or_insert(0);
        *group += 1;
        let phone = format!("13{:09}", rng.below(1_000_000_000));
        let attribute = if rng.chance(22) {
            Attribute::Dibao
        } else if rng.chance(2) {
            Attribute::Tekun
        } else {
            Attribute::General
        };
        if attribute == Attribute::Tekun {
            for m in ms.iter_mut() {
                if matches!(m.labor, Some(Labor::Ordinary | Labor::Skilled)) {
                    m.labor = Some(Labor::Weak);
                }
            }
        }
        let mut other_causes =
            vec![*rng.pick(&[Cause::LackCapital, Cause::LackSkills, Cause::PoorTransport])];
        other_causes.retain(|c| *c != cause);
        ms.sort_by_key(|m| m.relation != Relation::Head);
        households.push(record(
            hid,
            Household {
                village_id: village_ids[v].0.clone(),
                national_code: None,
                group: Some(format!("{}社", 1 + (*group % 9))),
                address: None,
                phone: Some(phone),
                attribute,
                main_cause: cause,
                other_causes,
                status_events: events,
                identification,
                incomes,
                conditions: Some(conditions),
                members: ms,
                monitoring,
                exit_steps: Vec::new(),
            },
        ));
    }
    // Poor households' 2017 income: nudged so the group's per-capita income is the seed's, exactly.
    let want = target::POOR_PER_CAPITA_INCOME_2017
        * 100
        * poor_incomes.iter().map(|(_, p)| *p).sum::<i64>();
    let have: i64 = poor_incomes
        .iter()
        .map(|&(h, _)| {
            households[h]
                .body
                .as_ref()
                .unwrap()
                .income(2017)
                .unwrap()
                .net()
                .0
        })
        .sum();
    let n = poor_incomes.len() as i64;
    let (each, rest) = ((want - have) / n, (want - have) % n);
    for (k, &(h, _)) in poor_incomes.iter().enumerate() {
        let inc = std::sync::Arc::make_mut(&mut households[h])
            .body
            .as_mut()
            .unwrap()
            .incomes
            .iter_mut()
            .find(|i| i.year == 2017)
            .unwrap();
        let extra = each + if k == 0 { rest } else { 0 };
        inc.wage = Some(Fen(inc.wage.unwrap().0 + extra));
    }

    c.fates = (0..households.len()).map(|h| fates[order[h]]).collect();
    c.reg.households = households;
}
