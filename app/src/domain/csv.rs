//! Spreadsheet-safe CSV cells: a cell that a spreadsheet would read as a formula (it begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.

pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Splits CSV text into records (lines), keeping line breaks that are inside quoted cells.
/// Used to send a large file to the server in chunks of whole records; the server parses them.
pub fn split_records(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                let rec = text[start..i].trim_end_matches('\r');
                if !rec.trim().is_empty() {
                    out.push(rec);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    let rest = text[start..].trim_end_matches('\r');
    if !rest.trim().is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_quoted_line_breaks() {
        let text = "a,b\r\n1,\"two\nlines\"\r\n\r\n3,\"say \"\"hi\"\"\"\n4,x";
        assert_eq!(
            split_records(text),
            ["a,b", "1,\"two\nlines\"", "3,\"say \"\"hi\"\"\"", "4,x"]
        );
        assert!(split_records("").is_empty());
    }
    use proptest::prelude::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+8613812341234"), "'+8613812341234");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("李娜"), "李娜");
        assert_eq!(neutralise(""), "");
    }

    proptest! {
        #[test]
        fn no_cell_starts_a_formula_and_content_is_kept(s in "\\PC*") {
            let out = neutralise(&s);
            let first = out.chars().next();
            prop_assert!(!matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')));
            prop_assert!(out.ends_with(s.as_str()));
            prop_assert!(out.len() <= s.len() + 1);
        }
    }
}
