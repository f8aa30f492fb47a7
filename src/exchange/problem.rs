//! A problem found in a file: where (a structured path such as `households[12].members[3].id_number`)
//! and why, as a sentence of the locale files that a village cadre understands.

use std::fmt;

use crate::text::{Locale, Msg};

/// One step of a path into a JSON document.
#[derive(Clone, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a problem is: the steps from the top of the file (empty for the file as a whole).
#[derive(Clone, PartialEq, Eq, Debug, Default, Hash, PartialOrd, Ord)]
pub struct Location(pub Vec<Seg>);

impl Location {
    pub fn root() -> Location {
        Location(Vec::new())
    }
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
    pub fn key(mut self, k: &str) -> Location {
        self.0.push(Seg::Key(k.to_string()));
        self
    }
    pub fn index(mut self, i: usize) -> Location {
        self.0.push(Seg::Index(i));
        self
    }
    /// The record a path points into: `("households", 12)` for `households[12].members[3]`.
    pub fn record(&self) -> Option<(&str, usize)> {
        match self.0.as_slice() {
            [Seg::Key(c), Seg::Index(i), ..] => Some((c.as_str(), *i)),
            _ => None,
        }
    }
    /// The steps after the record (`members[3].id_number` above).
    pub fn within_record(&self) -> &[Seg] {
        self.0.get(2..).unwrap_or(&[])
    }
    /// The last key of the path, the field a problem is about.
    pub fn field(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl From<&Path<'_>> for Location {
    fn from(p: &Path<'_>) -> Location {
        let mut segs = Vec::new();
        let mut at = p;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, k) => {
                    segs.push(Seg::Key(k.to_string()));
                    at = parent;
                }
                Path::Index(parent, i) => {
                    segs.push(Seg::Index(*i));
                    at = parent;
                }
            }
        }
        segs.reverse();
        Location(segs)
    }
}

/// What is wrong, and where.
#[derive(Clone, PartialEq, Debug)]
pub struct Problem {
    pub path: Location,
    pub msg: Msg,
}

impl Problem {
    pub fn new(path: impl Into<Location>, msg: Msg) -> Problem {
        Problem {
            path: path.into(),
            msg,
        }
    }

    /// A problem of the file as a whole.
    pub fn file(msg: Msg) -> Problem {
        Problem::new(Location::root(), msg)
    }

    /// The sentence alone, in language `l`.
    pub fn text(&self, l: Locale) -> String {
        self.msg.render(l)
    }

    /// `path: sentence`, in language `l`.
    pub fn render(&self, l: Locale) -> String {
        if self.path.is_root() {
            self.text(l)
        } else {
            format!("{}: {}", self.path, self.text(l))
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.render(Locale::En))
    }
}

/// A path into a JSON document, built on the stack while reading and turned into a
/// [`Location`] only when a problem needs it.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub fn key(&'a self, k: &'a str) -> Path<'a> {
        Path::Key(self, k)
    }
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Location::from(self))
    }
}

impl From<String> for Location {
    fn from(s: String) -> Location {
        Location::from(s.as_str())
    }
}

impl From<&str> for Location {
    /// Parses `a.b[2].c` (paths written by hand in tests and by the roster reader).
    fn from(s: &str) -> Location {
        let mut segs = Vec::new();
        for part in s.split('.').filter(|p| !p.is_empty()) {
            let (key, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                segs.push(Seg::Key(key.to_string()));
            }
            while let Some(end) = rest.find(']') {
                if let Some(Ok(n)) = rest.get(1..end).map(str::parse) {
                    segs.push(Seg::Index(n));
                }
                rest = &rest[end + 1..];
            }
        }
        Location(segs)
    }
}
