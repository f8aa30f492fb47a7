//! Calendar dates as a day count, so that comparisons and "people at 31 December" are cheap.
//! Only the proleptic Gregorian calendar is needed: every date in the registry is a civil date.

use std::fmt;

/// A calendar date, stored as days since 1970-01-01.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(i32);

impl Date {
    /// The date for year, month (1–12) and day, or `None` where no such day exists (2017-02-29).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    pub fn days(self) -> i32 {
        self.0
    }

    /// 31 December of `year`: the day per-capita income and exit checks count people on.
    pub fn end_of_year(year: i32) -> Date {
        Date(days_from_civil(year, 12, 31))
    }

    pub fn start_of_year(year: i32) -> Date {
        Date(days_from_civil(year, 1, 1))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// Parses exactly `YYYY-MM-DD` and refuses dates that do not exist.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let mut n = 0u32;
            for &c in &b[r] {
                if !c.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + (c - b'0') as u32;
            }
            Some(n)
        };
        Date::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }
}

impl Date {
    /// A date as a person types it or a spreadsheet holds it (the one parser for typed dates):
    /// `2017-03-05`, `2017/3/5`, `2017.3.5`, `20170305`, `2017年3月5日`, or an ISO date-time.
    pub fn parse_typed(text: &str) -> Option<Date> {
        let t = text.trim();
        let t = t.split(['T', ' ']).next().unwrap_or(t);
        if let Some(d) = Date::parse(t) {
            return Some(d);
        }
        if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
            return Date::from_ymd(
                t[..4].parse().ok()?,
                t[4..6].parse().ok()?,
                t[6..].parse().ok()?,
            );
        }
        let parts: Vec<&str> = t
            .split(['-', '/', '.', '年', '月', '日'])
            .filter(|s| !s.is_empty())
            .collect();
        if parts.len() != 3 || parts[0].len() != 4 {
            return None;
        }
        Date::from_ymd(
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-date algorithms.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe as i32 - 719468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = (z - era * 146097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_impossible_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2017-10-23",
            "1959-09-16",
            "2100-12-31",
        ] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        for s in [
            "2017-02-29",
            "1900-02-29",
            "2017-13-01",
            "2017-00-10",
            "2017-1-1",
            "20171023",
            "2017-04-31",
        ] {
            assert!(Date::parse(s).is_none(), "{s}");
        }
        let d = Date::parse("2016-12-31").unwrap();
        assert_eq!(d.add_days(1).to_string(), "2017-01-01");
        assert_eq!(Date::end_of_year(2017).to_string(), "2017-12-31");
    }
}
