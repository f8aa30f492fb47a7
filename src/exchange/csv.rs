//! CSV for Excel users, written and read by the `csv` crate. Written: UTF-8 with a byte-order
//! mark (so Excel reads Chinese), CRLF lines, and text cells that begin with `=`, `+`, `-` or `@`
//! prefixed with an apostrophe against formula injection (a plain number such as `-3` is left as
//! it is: Excel reads it as a number, never as a formula). Read: comma, semicolon or tab
//! separated, the apostrophe taken off again by the roster import.

use std::borrow::Cow;

use super::problem::Problem;
use crate::domain::roster::Sheet;
use crate::msg;

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// One cell's text, defused where a spreadsheet could read it as a formula.
pub fn defuse(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A whole table: header and rows of cells as text (quoted and defused here).
pub fn write<H: AsRef<str>>(header: &[H], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    let mut put = |cells: &mut dyn Iterator<Item = &str>| {
        // Writing into memory cannot fail.
        w.write_record(cells.map(|c| defuse(c).into_owned()))
            .expect("writing CSV into memory");
    };
    put(&mut header.iter().map(AsRef::as_ref));
    for r in rows {
        put(&mut r.iter().map(String::as_str));
    }
    let bytes = w.into_inner().expect("flushing CSV into memory");
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"));
    out
}

/// The separator of a sheet saved by Excel: the one of `,` `;` `\t` most used on its first
/// line that has any text.
/// A table as CSV, exactly as the screen shows it.
pub fn write_table(t: &crate::domain::table::Table) -> String {
    write(&t.header, &t.text_rows())
}

fn separator(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&c| first.bytes().filter(|&b| b == c).count())
        .unwrap_or(b',')
}

/// Reads a CSV text (already decoded) into its header and rows; rows may be shorter or longer
/// than the header, as Excel writes them.
pub fn read(text: &str) -> Result<Sheet, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(text))
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (k, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| {
            Problem::file(msg!(
                roster_problem_at,
                place = msg!(roster_at_row, row = k + 1),
                what = msg!(file_not_valid_csv_e, e = e.to_string())
            ))
        })?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    // Leading empty lines are not the header.
    while rows
        .first()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.remove(0);
    }
    if rows.is_empty() {
        return Err(Problem::file(msg!(file_empty)));
    }
    let header = rows.remove(0);
    Ok(Sheet { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let t = write(
            &["户主", "备注"],
            &[
                vec!["王军".into(), "=1+1".into()],
                vec!["@SUM(A1)".into(), "a,b".into()],
                vec!["say \"hi\"".into(), "+86 139,1".into()],
                vec!["-3".into(), "-2.50".into()],
                vec!["-x".into(), "=HYPERLINK(\"http://x\")".into()],
            ],
        );
        assert_eq!(
            t,
            "\u{feff}户主,备注\r\n王军,'=1+1\r\n'@SUM(A1),\"a,b\"\r\n\"say \"\"hi\"\"\",\"'+86 139,1\"\r\n-3,-2.50\r\n'-x,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
        );
    }

    #[test]
    fn reads_what_it_writes_and_what_excel_writes() {
        let t = write(&["a", "b"], &[vec!["1,2".into(), "x\ny".into()]]);
        let s = read(&t).unwrap();
        assert_eq!(s.header, vec!["a", "b"]);
        assert_eq!(s.rows, vec![vec!["1,2".to_string(), "x\ny".to_string()]]);
        let s = read("\n姓名;性别\r\n张三;男\r\n李四\r\n").unwrap();
        assert_eq!(s.header, vec!["姓名", "性别"]);
        assert_eq!(s.rows[1], vec!["李四"]);
        let s = read("姓名\t性别\n张三\t男\n").unwrap();
        assert_eq!(s.rows[0], vec!["张三", "男"]);
        assert!(read("\u{feff}\r\n").is_err());
    }
}
