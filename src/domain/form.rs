//! Reading a form as a person typed it: every field is text, and each typed value is checked
//! with the one parser for its kind (dates, money, years, codes), every problem named by its
//! field in words. The helping half's drafts (helpers, pairings, visits, measures, orders, funds,
//! disbursements, loans) are read through this.

use super::date::Date;
use super::edit::FieldError;
use super::money::Fen;
use crate::msg;
use crate::text::{Arg, Coded, Msg};

/// The problems found so far, by field.
#[derive(Default)]
pub struct Fields {
    pub errors: Vec<FieldError>,
}

impl Fields {
    pub fn err(&mut self, field: &str, msg: Msg) {
        self.errors.push(FieldError {
            field: field.to_string(),
            msg,
        });
    }

    /// Optional text of at most `max` characters; blank is `None`.
    pub fn text(&mut self, field: &str, s: &str, max: usize) -> Option<String> {
        let t = s.trim();
        if t.chars().count() > max {
            self.err(field, msg!(edit_most_max_characters, max = max));
        }
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Text that must be given (a name, a payee).
    pub fn required(&mut self, field: &str, s: &str, max: usize) -> Option<String> {
        let t = self.text(field, s, max);
        if t.is_none() {
            self.err(field, msg!(form_required));
        }
        t
    }

    /// An optional date as people type it; blank is `None`, anything else unreadable is an error.
    pub fn date(&mut self, field: &str, s: &str) -> Option<Date> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        let d = Date::parse_typed(s);
        if d.is_none() {
            self.err(field, msg!(edit_s_not_valid_date_write, s = s));
        }
        d
    }

    /// A date that must be given.
    pub fn required_date(&mut self, field: &str, s: &str) -> Option<Date> {
        if s.trim().is_empty() {
            self.err(field, msg!(form_required));
            return None;
        }
        self.date(field, s)
    }

    /// An optional amount of money, not negative.
    pub fn money(&mut self, field: &str, s: &str) -> Option<Fen> {
        if s.trim().is_empty() {
            return None;
        }
        match Fen::parse_typed(s) {
            Ok(f) if f.0 < 0 => {
                self.err(field, msg!(edit_amount_cannot_negative));
                None
            }
            Ok(f) => Some(f),
            Err(why) => {
                self.err(field, why);
                None
            }
        }
    }

    /// An amount that must be given (and above zero).
    pub fn required_money(&mut self, field: &str, s: &str) -> Option<Fen> {
        if s.trim().is_empty() {
            self.err(field, msg!(form_required));
            return None;
        }
        let f = self.money(field, s)?;
        if f.0 == 0 {
            self.err(field, msg!(form_amount_above_zero));
            return None;
        }
        Some(f)
    }

    /// A quantity (sheep, mu, people): a number not below zero; blank is `None`.
    pub fn quantity(&mut self, field: &str, s: &str) -> Option<f64> {
        let t = s.trim().replace([',', '，'], "");
        if t.is_empty() {
            return None;
        }
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() && (0.0..=1e12).contains(&x) => Some(x),
            _ => {
                self.err(field, msg!(form_not_a_quantity, s = s.trim()));
                None
            }
        }
    }

    /// A year of four digits, 1980–2100.
    pub fn year(&mut self, field: &str, s: &str) -> Option<i32> {
        let y = s
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1980..=2100).contains(y));
        if y.is_none() {
            self.err(field, msg!(region_year_four_digits));
        }
        y
    }

    /// A whole number in `min..=max` (a term in months).
    pub fn whole(&mut self, field: &str, s: &str, min: u32, max: u32) -> Option<u32> {
        let n = s
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n));
        if n.is_none() {
            self.err(field, msg!(form_whole_number_between, min = min, max = max));
        }
        n
    }

    /// A coded value chosen from a select; blank is `None`.
    pub fn code<T: Coded>(&mut self, field: &str, s: &str) -> Option<T> {
        if s.is_empty() {
            return None;
        }
        let v = T::from_code(s);
        if v.is_none() {
            self.err(field, msg!(form_choose_from_list));
        }
        v
    }

    /// A coded value that must be chosen.
    pub fn required_code<T: Coded>(&mut self, field: &str, s: &str) -> Option<T> {
        if s.is_empty() {
            self.err(field, msg!(form_choose_from_list));
            return None;
        }
        self.code(field, s)
    }

    /// The value read, or every problem found.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }
}

/// A form whose fields can be listed: each field's name (as its errors name it), its label,
/// and its value as shown (a code's label, typed text). The change history says which fields an
/// edit changed from this.
pub trait FormFields {
    fn fields(&self) -> Vec<(&'static str, crate::text::K, Arg)>;
}

/// A field's value as shown: the code's label, or the text; blank for nothing.
pub fn shown<T: Coded>(code: &str) -> Arg {
    match T::from_code(code) {
        Some(c) => Arg::Key(c.label_key()),
        None => Arg::Text(code.to_string()),
    }
}

/// What an edit changed, field by field, in words (修改记录); `created` for a new record.
pub fn describe_edit<D: FormFields>(old: Option<&D>, new: &D, created: Msg) -> Vec<Msg> {
    let Some(old) = old else {
        return vec![created];
    };
    let before = old.fields();
    let changed: Vec<Msg> = new
        .fields()
        .into_iter()
        .filter(|(name, _, value)| {
            before
                .iter()
                .find(|(n, _, _)| n == name)
                .is_none_or(|(_, _, v)| v != value)
        })
        .map(|(_, label, value)| match value {
            Arg::Text(t) if t.trim().is_empty() => msg!(form_field_cleared, field = label),
            value => msg!(form_field_now, field = label, value = value),
        })
        .collect();
    if changed.is_empty() {
        vec![msg!(edit_no_change_substance)]
    } else {
        changed
    }
}
