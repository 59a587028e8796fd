//! The customer file's search (客户查询): what the one search box (`搜索顾客`, `?q=`) means.
//! Digits are any part of the mobile number (the last four, typically); anything else is a
//! fragment of the name or a member number. Shared by the page (instant feedback) and the
//! server (the authority).

use crate::domain::validate::has_forbidden_chars;
use crate::i18n::catalogue::Msg;

/// The longest text the search box takes.
pub const SEARCH_MAX_CHARS: usize = 40;
/// The fewest digits a phone search takes: fewer would match most of the chain.
pub const PHONE_FRAGMENT_MIN: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerSearch {
    /// Nothing typed: everyone the viewer may see.
    All,
    /// Digits: any part of the mobile number (spaces and dashes dropped).
    MobileFragment(String),
    /// Text: a fragment of the name, or a member number.
    NameOrMember(String),
}

/// The search box's text, checked: a message for the field when it cannot be searched.
pub fn parse_search(raw: &str) -> Result<CustomerSearch, Msg> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(CustomerSearch::All);
    }
    if has_forbidden_chars(text, false) {
        return Err(Msg::ErrControlChars);
    }
    if text.chars().count() > SEARCH_MAX_CHARS {
        return Err(Msg::ErrTooLong);
    }
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit()) {
        return match compact.len() {
            n if n < PHONE_FRAGMENT_MIN => Err(Msg::ErrPhoneFragmentShort),
            n if n > 11 => Err(Msg::ErrMobileFormat),
            _ => Ok(CustomerSearch::MobileFragment(compact)),
        };
    }
    Ok(CustomerSearch::NameOrMember(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_part_of_the_mobile_and_text_is_a_name() {
        assert_eq!(parse_search("  "), Ok(CustomerSearch::All));
        assert_eq!(
            parse_search("1234"),
            Ok(CustomerSearch::MobileFragment("1234".into()))
        );
        assert_eq!(
            parse_search("138 0013-8000"),
            Ok(CustomerSearch::MobileFragment("13800138000".into()))
        );
        assert_eq!(
            parse_search("王"),
            Ok(CustomerSearch::NameOrMember("王".into()))
        );
        assert_eq!(
            parse_search("M2024 "),
            Ok(CustomerSearch::NameOrMember("M2024".into()))
        );
    }

    #[test]
    fn what_cannot_be_searched_says_why() {
        assert_eq!(parse_search("123"), Err(Msg::ErrPhoneFragmentShort));
        assert_eq!(parse_search("138001380001"), Err(Msg::ErrMobileFormat));
        assert_eq!(parse_search("王\u{0007}"), Err(Msg::ErrControlChars));
        assert_eq!(parse_search("王\u{202e}"), Err(Msg::ErrControlChars));
        assert_eq!(parse_search(&"王".repeat(41)), Err(Msg::ErrTooLong));
        assert!(parse_search(&"王".repeat(40)).is_ok());
    }
}
