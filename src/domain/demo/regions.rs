//! The county's regions: eight townships, their villages with population by year, and thirteen
//! poor villages, some still missing infrastructure.

use super::*;

pub(super) fn regions(c: &mut County) {
    let rng = &mut c.rng;
    // ---- Regions -------------------------------------------------------------------------
    let county_id = "r-620725".to_string();
    let mut county = Region::new(RegionKind::County, "山丹县", None);
    county.code = Some("620725".into());
    let mut village_ids: Vec<(String, usize)> = Vec::new();
    let mut townships = Vec::new();
    let mut villages: Records<Region> = Vec::new();
    for (t, (tname, count)) in TOWNSHIPS.iter().enumerate() {
        let tid = format!("r-t{t}");
        let mut tw = Region::new(RegionKind::Township, tname, Some(&county_id));
        tw.code = Some(format!("620725{:03}", 100 + t));
        townships.push(record(tid.clone(), tw));
        let mut used = Vec::new();
        for v in 0..*count {
            let mut vname;
            loop {
                vname = format!(
                    "{}{}村",
                    rng.pick(&VILLAGE_FIRST),
                    rng.pick(&VILLAGE_SECOND)
                );
                if !used.contains(&vname) {
                    break;
                }
            }
            used.push(vname.clone());
            let vid = format!("r-v{t}-{v}");
            let mut vr = Region::new(RegionKind::Village, &vname, Some(&tid));
            vr.code = Some(format!("620725{:03}{:03}", 100 + t, 200 + v));
            vr.specialty_industry = Some(
                rng.pick(&[
                    "马铃薯",
                    "高原夏菜",
                    "小尾寒羊养殖",
                    "肉牛养殖",
                    "中药材",
                    "食用菌",
                ])
                .to_string(),
            );
            vr.ecommerce_station = Some(rng.chance(60));
            vr.infrastructure = Some([Some(true); 8]);
            village_ids.push((vid.clone(), t));
            villages.push(record(vid, vr));
        }
    }
    // Rural population: villages of every year sum exactly to the county's published figure.
    let years = [
        (2013, 158_420u64, 8123i64),
        (2014, 156_870, 8930),
        (2015, 155_310, 9731),
        (2016, 154_120, target::DISPOSABLE_2016),
        (2017, target::RURAL_POPULATION, target::DISPOSABLE_2017),
    ];
    let base: Vec<u64> = (0..villages.len())
        .map(|_| rng.range(900, 1750) as u64)
        .collect();
    for &(year, total, _) in &years {
        let mut pops = base.clone();
        let sum: u64 = pops.iter().sum();
        for p in pops.iter_mut() {
            *p = *p * total / sum;
        }
        fix_sum(rng, &mut pops, total, 300, 5000);
        for (v, p) in villages.iter_mut().zip(pops) {
            let body = std::sync::Arc::make_mut(v).body.as_mut().unwrap();
            body.rural_population.push(YearPopulation {
                year,
                households: Some(p * 10 / 34),
                people: p,
                per_capita_disposable_income: None,
            });
        }
    }
    for &(year, total, income) in &years {
        county.rural_population.push(YearPopulation {
            year,
            households: Some(total * 10 / 34),
            people: total,
            per_capita_disposable_income: Some(Fen::from_yuan(income)),
        });
    }
    // Thirteen poor villages, some of which still miss infrastructure.
    let mut order: Vec<usize> = (0..villages.len()).collect();
    rng.shuffle(&mut order);
    let poor_villages: Vec<usize> = order[..target::POOR_VILLAGES as usize].to_vec();
    for (k, &v) in poor_villages.iter().enumerate() {
        let body = std::sync::Arc::make_mut(&mut villages[v])
            .body
            .as_mut()
            .unwrap();
        body.poor_village = Some(true);
        body.target_exit_year = Some(if k < 6 { 2017 } else { 2018 });
        let mut flags = [Some(true); 8];
        if k >= 4 {
            flags[rng.below(8) as usize] = Some(false);
        }
        if k == 12 {
            flags[7] = None;
        }
        body.infrastructure = Some(flags);
        body.collective_income = vec![
            YearAmount {
                year: 2016,
                yuan: Fen::from_yuan(rng.range(0, 30_000)),
            },
            YearAmount {
                year: 2017,
                yuan: Fen::from_yuan(if k % 5 == 4 {
                    0
                } else {
                    rng.range(20_000, 80_000)
                }),
            },
        ];
    }
    c.reg.regions.push(record(county_id.clone(), county));
    c.reg.regions.extend(townships);
    c.reg.regions.extend(villages);

    c.village_ids = village_ids;
    c.poor_villages = poor_villages;
}
