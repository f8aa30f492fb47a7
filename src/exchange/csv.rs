//! CSV for Excel users: UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF lines, and
//! cells that begin with `=`, `+`, `-` or `@` prefixed with an apostrophe against formula injection.

/// One cell, quoted where needed and defused where it could be read as a formula.
pub fn cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// A number cell: written as is (a negative number is data, not a formula).
pub fn number(text: &str) -> String {
    text.to_string()
}

/// A whole table: header and rows of already-encoded cells.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("王军"), "王军");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-3"), "'-3");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("+86 139,1"), "\"'+86 139,1\"");
        let t = table(&["户主", "人口"], &[vec![cell("王军"), number("3")]]);
        assert!(t.starts_with('\u{feff}'));
        assert_eq!(t, "\u{feff}户主,人口\r\n王军,3\r\n");
    }
}
