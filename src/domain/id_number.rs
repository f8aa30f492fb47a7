//! Resident identity numbers (居民身份证号码, GB 11643): the check character and the birth date inside.

use super::date::Date;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IdNumberProblem {
    /// Neither 18 characters (17 digits and a check character) nor a legacy 15-digit number.
    Shape,
    /// The check character is wrong; it should be the one given.
    CheckCharacter(char),
    /// The birth date inside is no real date.
    BirthDate,
}

/// The check character the first 17 digits call for.
pub fn check_character(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| (c - b'0') as u32 * w)
        .sum();
    Some(CHECK[(sum % 11) as usize] as char)
}

/// The birth date written inside the number (19YYMMDD for a legacy 15-digit number).
pub fn birth_date_of(id: &str) -> Option<Date> {
    let digits = |s: &str| s.parse::<u32>().ok();
    match id.len() {
        18 => Date::from_ymd(
            digits(&id[6..10])? as i32,
            digits(&id[10..12])?,
            digits(&id[12..14])?,
        ),
        15 => Date::from_ymd(
            1900 + digits(&id[6..8])? as i32,
            digits(&id[8..10])?,
            digits(&id[10..12])?,
        ),
        _ => None,
    }
}

/// Checks shape, check character (lowercase x read as X) and the date inside.
pub fn check(id: &str) -> Result<Date, IdNumberProblem> {
    let b = id.as_bytes();
    let ok18 = b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x');
    let ok15 = b.len() == 15 && b.iter().all(u8::is_ascii_digit);
    if !ok18 && !ok15 {
        return Err(IdNumberProblem::Shape);
    }
    if ok18 {
        let want = check_character(&id[..17]).ok_or(IdNumberProblem::Shape)?;
        if (b[17] as char).to_ascii_uppercase() != want {
            return Err(IdNumberProblem::CheckCharacter(want));
        }
    }
    birth_date_of(id).ok_or(IdNumberProblem::BirthDate)
}

/// An 18-character number for a region code, birth date and sequence, with its check character.
pub fn make(region6: &str, birth: Date, sequence: u32) -> String {
    let (y, m, d) = birth.ymd();
    let first17 = format!("{region6}{y:04}{m:02}{d:02}{:03}", sequence % 1000);
    let c = check_character(&first17).expect("17 digits");
    format!("{first17}{c}")
}

/// `620725********1234`: the number with the birth date hidden (any text, counted in characters).
pub fn masked(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n < 10 {
        return "*".repeat(n);
    }
    chars[..6]
        .iter()
        .chain(std::iter::repeat_n(&'*', n - 10))
        .chain(&chars[n - 4..])
        .collect()
}

/// A number as [`masked`] writes it (a sheet exported without full numbers).
pub fn is_masked(s: &str) -> bool {
    s.contains('*')
}

/// Whether a roster or list shows ID numbers in full or masked (the default: a file that leaves
/// the device reveals no ID number unless a person chose so).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum IdNumbers {
    #[default]
    Masked,
    Full,
}

impl IdNumbers {
    pub fn show(self, id: &str) -> String {
        match self {
            IdNumbers::Masked => masked(id),
            IdNumbers::Full => id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_numbers_of_the_example_file() {
        assert_eq!(
            check("620725197505070331"),
            Ok(Date::parse("1975-05-07").unwrap())
        );
        assert_eq!(
            check("620725197505070332"),
            Err(IdNumberProblem::CheckCharacter('1'))
        );
        assert_eq!(
            check("11010519491231002x"),
            Ok(Date::parse("1949-12-31").unwrap())
        );
        assert_eq!(
            check("620725750507033"),
            Ok(Date::parse("1975-05-07").unwrap())
        );
        assert_eq!(
            check("62072519750230033X").err(),
            Some(IdNumberProblem::CheckCharacter('0'))
        );
        let feb30 = format!(
            "62072519750230033{}",
            check_character("62072519750230033").unwrap()
        );
        assert_eq!(check(&feb30), Err(IdNumberProblem::BirthDate));
        assert_eq!(check("6207251975"), Err(IdNumberProblem::Shape));
        let made = make("620725", Date::parse("1980-01-17").unwrap(), 55);
        assert!(check(&made).is_ok());
        assert_eq!(masked("620725197505070331"), "620725********0331");
    }
}
