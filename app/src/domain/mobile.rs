//! Mainland China mobile numbers: validation and masking (138****1234).

use crate::i18n::catalogue::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid mainland mobile number: 11 digits, `1` then `3`–`9`. Can only hold a valid number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(raw: &str) -> Option<Mobile> {
        let digits: String = raw
            .trim()
            .strip_prefix("+86")
            .unwrap_or(raw.trim())
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let b = digits.as_bytes();
        (b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]))
        .then_some(Mobile(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl TryFrom<String> for Mobile {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Mobile::parse(&s).ok_or_else(|| "invalid mobile number".to_string())
    }
}

impl From<Mobile> for String {
    fn from(m: Mobile) -> String {
        m.0
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Masks the middle of a phone number: 13812341234 → 138****1234. Short input is fully masked.
pub fn mask(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Whether the text typed so far can still become a valid number (for as-you-type feedback).
pub fn could_become_mobile(partial: &str) -> bool {
    let b = partial.as_bytes();
    b.len() <= 11
        && b.iter().all(u8::is_ascii_digit)
        && b.first().is_none_or(|c| *c == b'1')
        && b.get(1).is_none_or(|c| (b'3'..=b'9').contains(c))
}

/// What a mobile field says while a number is typed into it: nothing while the text can still
/// become a number, `ErrMobileFormat` once it cannot, or once the person has left the field with
/// the number incomplete (a 10-digit number is flagged then, not only when the form is sent).
pub fn typing_error(typed: &str, left_field: bool) -> Option<Msg> {
    let t = typed.trim();
    let fine =
        t.is_empty() || Mobile::parse(t).is_some() || (!left_field && could_become_mobile(t));
    (!fine).then_some(Msg::ErrMobileFormat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_number_is_flagged_when_it_cannot_become_one_or_is_left_incomplete() {
        for (typed, left, flagged) in [
            ("", false, false),
            ("", true, false),
            ("138", false, false),
            ("1381234123", false, false),
            ("1381234123", true, true),
            ("13812341234", true, false),
            (" 13812341234 ", true, false),
            ("12", false, true),
            ("2", false, true),
            ("1381234123x", false, true),
            ("138123412345", false, true),
        ] {
            assert_eq!(
                typing_error(typed, left),
                flagged.then_some(Msg::ErrMobileFormat),
                "{typed:?} left={left}"
            );
        }
    }

    #[test]
    fn accepts_mainland_mobiles() {
        for ok in [
            "13812341234",
            "19912345678",
            " 138 1234 1234 ",
            "+8613812341234",
        ] {
            assert!(Mobile::parse(ok).is_some(), "{ok}");
        }
    }

    #[test]
    fn rejects_others() {
        for bad in [
            "12812341234",
            "1381234123",
            "138123412345",
            "2381234123a",
            "",
            "021-62888888",
        ] {
            assert!(Mobile::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn masks_the_middle_four() {
        assert_eq!(mask("13812341234"), "138****1234");
        assert_eq!(
            Mobile::parse("13812341234").map(|m| m.masked()),
            Some("138****1234".to_string())
        );
        assert_eq!(mask("12345"), "*****");
    }

    #[test]
    fn partial_input() {
        assert!(could_become_mobile(""));
        assert!(could_become_mobile("13"));
        assert!(!could_become_mobile("12"));
        assert!(!could_become_mobile("2"));
        assert!(!could_become_mobile("138123412345"));
    }

    proptest! {
        #[test]
        fn masked_never_shows_the_middle(n in 3u8..=9, rest in "[0-9]{9}") {
            let raw = format!("1{n}{rest}");
            let m = Mobile::parse(&raw).ok_or_else(|| TestCaseError::fail("valid"))?;
            let masked = m.masked();
            prop_assert_eq!(masked.len(), 11);
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(&masked[..3], &raw[..3]);
            prop_assert_eq!(&masked[7..], &raw[7..]);
        }
    }
}
