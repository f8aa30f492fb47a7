//! The battle map's tasks: a few of the eight village conditions for each poor village, with due
//! dates around the as-of date, some done.

use super::*;

pub(super) fn tasks(c: &mut County) {
    let (rng, as_of) = (&mut c.rng, c.as_of);
    let (reg, village_ids, poor_villages) = (&mut c.reg, &c.village_ids, &c.poor_villages);
    // ---- Tasks of the battle map ---------------------------------------------------------------
    let titles = [
        "硬化道路",
        "宽带入村",
        "安全饮水工程",
        "动力电改造",
        "文化舞台",
        "标准化卫生室",
        "金融服务点",
        "危房清零",
    ];
    for (k, &v) in poor_villages.iter().enumerate() {
        for (j, t) in titles.iter().enumerate().filter(|(j, _)| (j + k) % 3 == 0) {
            let due = rng.date("2017-03-01", "2018-06-30");
            let done = (due < as_of && (j + k) % 2 == 0).then(|| due.add_days(-10));
            reg.tasks.push(record(
                format!("k-{k}-{j}"),
                Task {
                    owner: Some("驻村工作队".into()),
                    done_date: done,
                    ..Task::new(&village_ids[v].0, t, due)
                },
            ));
        }
    }
}
