//! Spreadsheet-safe CSV cells: a cell that a spreadsheet would read as a formula (it begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.

pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
