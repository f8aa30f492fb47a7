//! A spreadsheet file's first sheet as text (XLSX, XLS, XLSB, ODS, by calamine). Run in the
//! spreadsheet worker, never on the first screen; native here so that it is tested and fuzzed.
//! Every file is untrusted: any bytes end in a sheet or a message, never a panic.

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::domain::date::Date;

/// The header row and the rows below it.
pub type SheetText = (Vec<String>, Vec<Vec<String>>);

/// The first sheet that has any cell, as text: header row and the rows below (dates as
/// `YYYY-MM-DD`, numbers in their shortest form, booleans as 是/否).
pub fn read_first_sheet(bytes: Vec<u8>) -> Result<SheetText, String> {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "不是可读的 Excel 文件 / not a readable workbook: {}",
            short(&e.to_string())
        )
    })?;
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| short(&e.to_string()))?;
        if range.is_empty() {
            continue;
        }
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        while rows.last().is_some_and(|r| r.iter().all(String::is_empty)) {
            rows.pop();
        }
        let blank_top = rows
            .iter()
            .take_while(|r| r.iter().all(String::is_empty))
            .count();
        rows.drain(..blank_top);
        if rows.is_empty() {
            continue;
        }
        let header = rows.remove(0);
        return Ok((header, rows));
    }
    Err("工作簿中没有数据 / the workbook has no data".into())
}

/// One cell as the text a person would type for it.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Shortest text that reads back as the same number (1234.5, not 1234.50000001).
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "是" } else { "否" }.into(),
        // Excel's serial day: day 25569 is 1970-01-01. A serial outside years 1900–9999 is
        // not a date a person meant; it is kept as the number it is.
        Data::DateTime(d) => {
            let serial = d.as_f64();
            if (0.0..2_958_466.0).contains(&serial) {
                Date::from_days(serial.floor() as i32 - 25569).to_string()
            } else {
                format!("{serial}")
            }
        }
    }
}

/// At most a short prefix of a library's message (which may quote the file).
fn short(s: &str) -> String {
    super::read::quote(s)
}
