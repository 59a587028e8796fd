//! Form validation shared by the browser (instant feedback) and the server (the authority).
//! Each `validate_*` parses raw form input into a checked value or a list of field errors.

use crate::domain::policy::Role;
use crate::domain::time::Zone;
use crate::i18n::catalogue::{Lang, Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

pub type FieldErrors = Vec<FieldError>;

pub const DICTIONARY_KINDS: &[&str] = &["need_level", "material", "source"];

/// How a dictionary is named to people.
pub fn dictionary_msg(kind: &str) -> Msg {
    match kind {
        "material" => Msg::DictMaterial,
        "source" => Msg::DictSource,
        _ => Msg::DictNeedLevel,
    }
}

/// Text fields this long or longer may hold line breaks (needs, outcomes, notes).
const MULTILINE_FROM: usize = 500;

/// Characters no text field accepts: control characters (NUL, escape, …; line breaks only in
/// multi-line fields) and the bidirectional controls that can make a name read backwards or
/// hide part of it (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C).
pub fn has_forbidden_chars(s: &str, multiline: bool) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    })
}

/// The earliest and latest calendar day any date field accepts: a date outside is a typo.
pub fn sane_day(d: chrono::NaiveDate, today: chrono::NaiveDate) -> bool {
    d >= today - chrono::Duration::days(366 * 5) && d <= today + chrono::Duration::days(366 * 2)
}

/// Errors collected while a form is checked, field by field.
#[derive(Default)]
pub struct Errors(pub FieldErrors);

impl Errors {
    pub fn add(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldError {
            field: field.to_string(),
            msg,
        });
    }
    /// A text field: trimmed, `min`..=`max` characters, no control characters.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) -> String {
        let v = value.trim().to_string();
        let n = v.chars().count();
        if has_forbidden_chars(&v, max >= MULTILINE_FROM) {
            self.add(field, Msg::ErrControlChars);
        } else if n == 0 && min > 0 {
            self.add(field, Msg::ErrRequired);
        } else if n < min {
            self.add(field, Msg::ErrTooShort);
        } else if n > max {
            self.add(field, Msg::ErrTooLong);
        }
        v
    }
    /// A search's optional day range (`YYYY-MM-DD`, inclusive): a day that is not a date (or
    /// outside 2000–2100, a typo) is named, and so is a range that ends before it starts.
    pub fn day_range(
        &mut self,
        (from_field, from): (&str, &str),
        (to_field, to): (&str, &str),
    ) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
        let mut day = |field: &str, v: &str| {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
                _ => {
                    self.add(field, Msg::ErrDate);
                    None
                }
            }
        };
        let from = day(from_field, from);
        let to = day(to_field, to);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                self.add(to_field, Msg::ErrRangeEndsBeforeStart);
            }
        }
        (from, to)
    }
    pub fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// The chain's name and SMS signature, checked (`domain::chain`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidChain {
    pub name: String,
    pub sms_signature: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStore {
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
    /// The rules, each `None` when not given (kept on an update, the default for a new store).
    pub discount_limit_bp: Option<i32>,
    pub return_days: Option<i32>,
    pub opening_hours: Option<crate::domain::store_rules::OpeningHours>,
}

/// A landline or mobile: digits with optional leading +, spaces and dashes, 5–20 digits.
pub fn is_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        && (5..=20).contains(&digits)
}

pub fn valid_username(s: &str) -> bool {
    let n = s.len();
    (2..=32).contains(&n)
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

pub fn valid_password(s: &str) -> bool {
    (10..=128).contains(&s.chars().count())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStaff {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub password: String,
    pub lang: Lang,
}

/// A role and, for the roles that work in one, its store.
pub fn role_and_store(e: &mut Errors, role: &str, store_id: &str) -> (Role, Option<i32>) {
    let role = match Role::parse(role.trim()) {
        Some(r) => r,
        None => {
            e.add("role", Msg::ErrUnknownRole);
            Role::Consultant
        }
    };
    let store = store_id.trim();
    let store_id = if store.is_empty() {
        None
    } else {
        match store.parse::<i32>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                e.add("store_id", Msg::ErrUnknownStore);
                None
            }
        }
    };
    if role.needs_store() && store_id.is_none() && !e.0.iter().any(|f| f.field == "store_id") {
        e.add("store_id", Msg::ErrStoreRequired);
    }
    if !role.needs_store() && store_id.is_some() {
        e.add("store_id", Msg::ErrStoreNotAllowed);
    }
    (role, store_id)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStaffUpdate {
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub on_duty: bool,
}

pub fn validate_password(password: &str) -> Result<(), FieldErrors> {
    let mut e = Errors::default();
    if !valid_password(password) {
        e.add("password", Msg::ErrPasswordLength);
    }
    e.finish(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDict {
    pub kind: String,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub sort_order: i32,
    pub by_weight: bool,
}

/// An API token's name (who uses it, e.g. "SAP PI 生产"): 1 to 100 characters, no control
/// characters (it is printed in lists and the audit log).
pub fn validate_token_name(name: &str) -> Result<String, FieldErrors> {
    let mut e = Errors::default();
    let v = e.text("name", name, 1, 100);
    e.finish(v)
}

/// Why a full number is revealed (head office, admins): 2 to 200 characters, audited.
pub fn validate_reveal_reason(reason: &str) -> Result<String, FieldErrors> {
    let mut e = Errors::default();
    let v = e.text("reason", reason, 2, 200);
    e.finish(v)
}

/// The message for a field, if the list has one.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<Msg> {
    errors.iter().find(|e| e.field == field).map(|e| e.msg)
}

/// Who a new reservation goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assign {
    Auto,
    Staff(i32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReservation {
    pub name: String,
    pub mobile: crate::domain::mobile::Mobile,
    pub email: String,
    pub qq: String,
    pub store_id: i32,
    pub assign: Assign,
    pub visit_at: chrono::DateTime<chrono::Utc>,
    pub source: String,
    pub needs: String,
    pub need_level: String,
}

pub fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && !has_forbidden_chars(s, false)
        && s.len() <= 200
}

/// Parses a visit time: RFC 3339 with an offset, or `YYYY-MM-DDTHH:MM[:SS]` in the zone.
pub fn parse_visit_time(s: &str, zone: Zone) -> Option<chrono::DateTime<chrono::Utc>> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&chrono::Utc));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some(zone.to_utc(naive))
}

/// A mainland mobile number field.
pub fn mobile_field(e: &mut Errors, field: &str, raw: &str) -> crate::domain::mobile::Mobile {
    match crate::domain::mobile::Mobile::parse(raw) {
        Some(m) => m,
        None => {
            e.add(field, Msg::ErrMobileFormat);
            crate::domain::mobile::Mobile::parse("13800000000").unwrap_or_else(|| unreachable!())
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidWebBooking {
    pub name: String,
    pub mobile: crate::domain::mobile::Mobile,
    /// The store's id or exact name, resolved by the server.
    pub store: String,
    pub visit_at: chrono::DateTime<chrono::Utc>,
    pub needs: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_are_trimmed_and_bounded() {
        assert_eq!(
            validate_token_name("  SAP PI 生产 ").ok(),
            Some("SAP PI 生产".into())
        );
        for bad in ["", "   ", "a\u{7}b"] {
            assert!(validate_token_name(bad).is_err(), "{bad:?}");
        }
        assert!(validate_token_name(&"令".repeat(100)).is_ok());
        assert_eq!(
            validate_token_name(&"令".repeat(101)).map_err(|e| e[0].msg),
            Err(Msg::ErrTooLong)
        );
    }
}
