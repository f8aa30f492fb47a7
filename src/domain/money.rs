//! Money as integer fen (分), so that sums never depend on the order of addition, and exact
//! fractions for thresholds such as 0.03, so that "below 3%" is decided without rounding.

use std::cmp::Ordering;
use std::fmt;

use crate::msg;
use crate::text::Msg;

/// An amount of money in fen (1 yuan = 100 fen).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);
    /// The largest amount a person may type or a file may carry: 10¹² yuan, so that sums of
    /// a county's records stay far from overflow.
    pub const MAX_TYPED: Fen = Fen(100_000_000_000_000);

    pub fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// Reads a JSON number of yuan; `None` when it has more than two decimals or is not finite.
    pub fn from_yuan_f64(yuan: f64) -> Option<Fen> {
        if !yuan.is_finite() || yuan.abs() > 1e13 {
            return None;
        }
        // The number as written in the file is the shortest decimal that reads back as this
        // double. It has at most two decimals exactly when some whole count of fen k reads back
        // as it: k / 100 correctly rounded (k and 100 are exact, and IEEE division rounds
        // correctly) is the double the text "k/100" parses to, and the nearest k is x·100 rounded
        // (below 10¹⁵, far from half a fen off). No text is formatted: an import reads many.
        let fen = (yuan * 100.0).round();
        (fen / 100.0 == yuan).then_some(Fen(fen as i64))
    }

    pub fn as_yuan_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// A JSON number of yuan: an integer where there are no fen, else a decimal.
    pub fn to_json(self) -> serde_json::Value {
        if self.0 % 100 == 0 {
            serde_json::Value::from(self.0 / 100)
        } else {
            serde_json::Value::from(self.as_yuan_f64())
        }
    }
}

impl Fen {
    /// Yuan as a person types them (the one parser for typed money) (`12000`, `12,000.50`, `￥800`, `800元`), exactly, into fen. More than two
    /// decimals is refused rather than rounded; a minus sign is kept (the validation refuses it).
    pub fn parse_typed(text: &str) -> Result<Fen, Msg> {
        let t: String = text
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
        let frac = frac.trim_end_matches('0');
        if int.is_empty() && frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(msg!(money_not_an_amount));
        }
        if frac.len() > 2 {
            return Err(msg!(money_two_decimals));
        }
        let int: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| msg!(money_too_large))?
        };
        let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        let fen = int
            .checked_mul(100)
            .and_then(|x| x.checked_add(frac))
            .filter(|&f| f <= Fen::MAX_TYPED.0)
            .ok_or_else(|| msg!(money_too_large))?;
        Ok(Fen(if neg { -fen } else { fen }))
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}
impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}
impl std::ops::AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        self.0 += o.0
    }
}
impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

/// Yuan with two decimals, e.g. `6660.00`, `-12.50`.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// An exact non-negative fraction `num / den` with `den > 0`.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    pub num: i128,
    pub den: i128,
}

impl Ratio {
    pub fn new(num: i128, den: i128) -> Option<Ratio> {
        (den != 0).then(|| {
            if den < 0 {
                Ratio {
                    num: -num,
                    den: -den,
                }
            } else {
                Ratio { num, den }
            }
        })
    }

    /// The decimal written in a settings file, e.g. 0.03 → 3/100, read exactly from its shortest form.
    pub fn from_decimal(x: f64) -> Ratio {
        let text = format!("{x}");
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let frac = &frac[..frac.len().min(12)];
        let den = 10i128.pow(frac.len() as u32);
        let neg = int.starts_with('-');
        let int_part: i128 = int.trim_start_matches('-').parse().unwrap_or(0);
        let frac_part: i128 = if frac.is_empty() {
            0
        } else {
            frac.parse().unwrap_or(0)
        };
        let num = int_part * den + frac_part;
        Ratio {
            num: if neg { -num } else { num },
            den,
        }
    }

    /// Rounded half-up to `decimals` places of `self × scale` (scale 100 gives percent), as an integer
    /// count of the last place: 2.5595% with 2 decimals → 256.
    pub fn round_half_up(self, scale: i128, decimals: u32) -> i128 {
        let n = self.num * scale * 10i128.pow(decimals);
        let (q, r) = (n.div_euclid(self.den), n.rem_euclid(self.den));
        if 2 * r >= self.den {
            q + 1
        } else {
            q
        }
    }

    /// Percent with two decimals, e.g. `2.56`.
    pub fn percent_text(self) -> String {
        fixed2(self.round_half_up(100, 2))
    }

    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl PartialEq for Ratio {
    fn eq(&self, o: &Ratio) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

/// An integer count of hundredths as a decimal with two places: 256 → "2.56", -5 → "-0.05".
pub fn fixed2(hundredths: i128) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let a = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Fen divided by people, rounded half-up to the fen.
pub fn per_capita(total: Fen, people: u64) -> Option<Fen> {
    (people > 0).then(|| {
        Fen(Ratio {
            num: total.0 as i128,
            den: people as i128,
        }
        .round_half_up(1, 0) as i64)
    })
}

/// Groups digits for display: 1126000000 → "1,126,000,000".
pub fn group_digits(n: i128) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_reads_two_decimals_only() {
        assert_eq!(Fen::from_yuan_f64(3108.25), Some(Fen(310825)));
        assert_eq!(Fen::from_yuan_f64(6000.0), Some(Fen(600000)));
        assert_eq!(Fen::from_yuan_f64(0.1), Some(Fen(10)));
        assert_eq!(Fen::from_yuan_f64(1.005), None);
        assert_eq!(Fen::from_yuan_f64(0.0000001), None);
        assert_eq!(Fen(-1250).to_string(), "-12.50");
        assert_eq!(Fen(310825).to_json().to_string(), "3108.25");
        assert_eq!(Fen(600000).to_json().to_string(), "6000");
    }

    /// The shortest decimal that reads back as `yuan` has at most two decimals: the rule the
    /// exchange README states, as it was first written.
    fn two_decimals_as_written(yuan: f64) -> bool {
        let text = format!("{yuan}");
        text.split_once('.').map_or(0, |(_, frac)| frac.len()) <= 2
    }

    #[test]
    fn yuan_takes_what_has_two_decimals_as_written_and_nothing_else() {
        // Doubles near whole fen (where a wrong rounding would show), and arbitrary ones.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for i in 0..200_000u64 {
            let x = match i % 4 {
                0 => (next() % 100_000_000_000_000) as f64 / 100.0,
                1 => (next() % 1_000_000_000) as f64 / 100.0,
                2 => f64::from_bits((next() % 100.0f64.to_bits()) + 1),
                _ => {
                    let k = (next() % 1_000_000_000_000) as f64 / 100.0;
                    f64::from_bits(k.to_bits() + 1 - (next() % 3))
                }
            };
            if !(0.0..=1e13).contains(&x) {
                continue;
            }
            let expected = two_decimals_as_written(x).then(|| Fen((x * 100.0).round() as i64));
            assert_eq!(Fen::from_yuan_f64(x), expected, "{x:?}");
        }
    }

    #[test]
    fn ratios_compare_exactly_and_round_half_up() {
        let three_percent = Ratio::from_decimal(0.03);
        assert_eq!((three_percent.num, three_percent.den), (3, 100));
        assert!(Ratio::new(3, 100).unwrap() == three_percent);
        assert!(Ratio::new(2999, 100000).unwrap() < three_percent);
        assert_eq!(Ratio::new(3916, 153000).unwrap().percent_text(), "2.56");
        assert_eq!(Ratio::new(1, 8).unwrap().round_half_up(100, 1), 125); // 12.5%
        assert_eq!(Ratio::new(5, 1000).unwrap().round_half_up(1, 2), 1); // 0.005 → 0.01
        assert_eq!(per_capita(Fen(1000), 3), Some(Fen(333)));
        assert_eq!(per_capita(Fen(1001), 2), Some(Fen(501)));
        assert_eq!(per_capita(Fen(-1001), 2), Some(Fen(-500)));
        assert_eq!(per_capita(Fen(5), 0), None);
        assert_eq!(group_digits(1126000000), "1,126,000,000");
    }
}
