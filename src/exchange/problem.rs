//! A problem found in a file: where (a JSON path such as `households[12].members[3].id_number`)
//! and why, in Chinese and English, in words a village cadre understands.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    pub path: String,
    pub zh: String,
    pub en: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.en)
        } else {
            write!(f, "{}: {}", self.path, self.en)
        }
    }
}

/// A path into a JSON document, built on the stack and rendered only when a problem needs it.
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
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, k) => write!(f, "{k}"),
            Path::Key(p, k) => write!(f, "{p}.{k}"),
            Path::Index(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}
