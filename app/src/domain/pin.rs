//! Switching staff on a shared store tablet (issue 12, item 20): a person's own 6-digit PIN,
//! accepted only on a registered device of their own store, throttled, never a password.

use crate::domain::validate::{Errors, FieldErrors};
use crate::i18n::catalogue::Msg;

pub const PIN_LEN: usize = 6;
/// Wrong PINs for one person before the PIN stops working for the throttle's lock time (a
/// password sign-in still works).
pub const MAX_PIN_FAILURES: u32 = 5;
/// Wrong PINs on one device, whoever is tried, before it stops taking PINs for a while.
pub const MAX_DEVICE_FAILURES: u32 = 20;
/// A device's name: "收银台平板", "二楼iPad".
pub const DEVICE_NAME_MAX: usize = 40;

/// What is wrong with a PIN someone wants to set, if anything: six digits, not one digit six
/// times, not a run up or down (123456, 987654) — the first guesses anyone tries.
pub fn pin_problem(pin: &str) -> Option<Msg> {
    let digits: Vec<u8> = pin.bytes().collect();
    if digits.len() != PIN_LEN || !digits.iter().all(u8::is_ascii_digit) {
        return Some(Msg::ErrPinFormat);
    }
    let same = digits.iter().all(|d| *d == digits[0]);
    let step = |s: i16| {
        digits
            .windows(2)
            .all(|w| i16::from(w[1]) - i16::from(w[0]) == s)
    };
    if same || step(1) || step(-1) {
        return Some(Msg::ErrPinTooSimple);
    }
    None
}

/// A PIN to set, typed twice.
pub fn validate_new_pin(pin: &str, confirm: &str) -> Result<(), FieldErrors> {
    let mut e = Errors::default();
    if let Some(m) = pin_problem(pin) {
        e.add("pin", m);
    } else if pin != confirm {
        e.add("confirm", Msg::ErrPinMismatch);
    }
    e.finish(())
}

/// A PIN typed to switch: only its shape is checked before the server compares it (anything
/// else is refused without spending a hash on it).
pub fn may_be_pin(pin: &str) -> bool {
    pin.len() == PIN_LEN && pin.bytes().all(|b| b.is_ascii_digit())
}

/// A device's name as the manager types it.
pub fn validate_device_name(name: &str) -> Result<String, FieldErrors> {
    let mut e = Errors::default();
    let v = e.text("name", name, 1, DEVICE_NAME_MAX);
    e.finish(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn six_digits_that_are_not_the_first_guesses() {
        assert_eq!(pin_problem("480915"), None);
        assert_eq!(pin_problem("112358"), None);
        for bad in [
            "",
            "12345",
            "1234567",
            "12a456",
            "１２３４５６",
            " 48091",
            "48091 ",
        ] {
            assert_eq!(pin_problem(bad), Some(Msg::ErrPinFormat), "{bad:?}");
        }
        for simple in ["000000", "777777", "123456", "345678", "987654", "543210"] {
            assert_eq!(pin_problem(simple), Some(Msg::ErrPinTooSimple), "{simple}");
        }
    }

    #[test]
    fn a_new_pin_is_typed_twice_alike() {
        assert!(validate_new_pin("480915", "480915").is_ok());
        let e = validate_new_pin("480915", "480916").unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].msg),
            ("confirm", Msg::ErrPinMismatch)
        );
        let e = validate_new_pin("123456", "123456").unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].msg),
            ("pin", Msg::ErrPinTooSimple)
        );
    }

    #[test]
    fn device_names_are_short_plain_text() {
        assert_eq!(validate_device_name("  收银台平板 ").unwrap(), "收银台平板");
        assert!(validate_device_name("").is_err());
        assert!(validate_device_name("a\u{1b}b").is_err());
        assert!(validate_device_name(&"平".repeat(DEVICE_NAME_MAX + 1)).is_err());
    }

    proptest! {
        #[test]
        fn only_six_ascii_digits_may_be_a_pin(s in "\\PC{0,10}") {
            prop_assert_eq!(may_be_pin(&s), s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()));
            if pin_problem(&s).is_none() {
                prop_assert!(may_be_pin(&s));
            }
        }
    }
}
