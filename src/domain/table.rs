//! One table for the screen, CSV and Excel: a sheet name, a header and rows of cells. Pages build
//! a `Table` from domain figures once; the exports write exactly what the screen shows.

/// A cell: text, or a number that a workbook should keep as a number.
#[derive(Clone, PartialEq, Debug)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(x) => {
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    format!("{}", *x as i64)
                } else {
                    x.to_string()
                }
            }
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct Table {
    /// The sheet's name in a workbook.
    pub sheet: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Every row as text.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect()
    }
}

/// A column a sheet's column can be imported as (a roster column, a pairing-list column): its
/// stable key, its name in a language, and back from the key.
pub trait SheetColumn: Copy + PartialEq + Send + Sync + 'static {
    fn key(self) -> String;
    fn from_key(key: &str) -> Option<Self>;
    fn label(self, l: crate::text::Locale) -> String;
}

impl SheetColumn for super::roster::Column {
    fn key(self) -> String {
        super::roster::Column::key(self)
    }
    fn from_key(key: &str) -> Option<Self> {
        super::roster::Column::from_key(key)
    }
    fn label(self, l: crate::text::Locale) -> String {
        super::roster::Column::label(self, l)
    }
}

impl SheetColumn for super::pairing_sheet::PairingColumn {
    fn key(self) -> String {
        crate::text::Coded::code(self).to_string()
    }
    fn from_key(key: &str) -> Option<Self> {
        <Self as crate::text::Coded>::from_code(key)
    }
    fn label(self, l: crate::text::Locale) -> String {
        crate::text::Coded::label(self, l).to_string()
    }
}
