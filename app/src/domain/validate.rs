//! Form validation shared by the browser (instant feedback) and the server (the authority).
//! Each `validate_*` parses raw form input into a checked value or a list of field errors.

use crate::domain::policy::Role;
use crate::domain::time::Zone;
use crate::i18n::{Lang, Msg};
use crate::model::{DictInput, StaffInput, StaffUpdate, StoreInput};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

pub type FieldErrors = Vec<FieldError>;

pub const DICTIONARY_KINDS: &[&str] = &["need_level", "material", "source"];

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

#[derive(Default)]
struct Errors(FieldErrors);

impl Errors {
    fn add(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldError {
            field: field.to_string(),
            msg,
        });
    }
    fn text(&mut self, field: &str, value: &str, min: usize, max: usize) -> String {
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
    fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStore {
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
}

pub fn validate_store(input: &StoreInput) -> Result<ValidStore, FieldErrors> {
    let mut e = Errors::default();
    let name = e.text("name", &input.name, 1, 100);
    let city = e.text("city", &input.city, 1, 50);
    let address = e.text("address", &input.address, 1, 300);
    let phone = input.phone.trim().to_string();
    if !phone.is_empty() && !is_phone(&phone) {
        e.add("phone", Msg::ErrPhoneFormat);
    }
    let time_zone = input.time_zone.trim().to_string();
    if Zone::parse(&time_zone).is_none() {
        e.add("time_zone", Msg::ErrTimeZone);
    }
    e.finish(ValidStore {
        name,
        city,
        address,
        phone,
        time_zone,
    })
}

/// A landline or mobile: digits with optional leading +, spaces and dashes, 5–20 digits.
fn is_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        && (5..=20).contains(&digits)
}

pub fn valid_username(s: &str) -> bool {
    let n = s.len();
    (3..=32).contains(&n)
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

fn role_and_store(e: &mut Errors, role: &str, store_id: &str) -> (Role, Option<i32>) {
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

pub fn validate_staff(input: &StaffInput) -> Result<ValidStaff, FieldErrors> {
    let mut e = Errors::default();
    let username = input.username.trim().to_string();
    if username.is_empty() {
        e.add("username", Msg::ErrRequired);
    } else if !valid_username(&username) {
        e.add("username", Msg::ErrUsernameFormat);
    }
    let display_name = e.text("display_name", &input.display_name, 1, 50);
    let (role, store_id) = role_and_store(&mut e, &input.role, &input.store_id);
    if !valid_password(&input.password) {
        e.add("password", Msg::ErrPasswordLength);
    }
    let lang = Lang::parse(input.lang.trim()).unwrap_or_default();
    e.finish(ValidStaff {
        username,
        display_name,
        role,
        store_id,
        password: input.password.clone(),
        lang,
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStaffUpdate {
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub on_duty: bool,
}

pub fn validate_staff_update(input: &StaffUpdate) -> Result<ValidStaffUpdate, FieldErrors> {
    let mut e = Errors::default();
    let display_name = e.text("display_name", &input.display_name, 1, 50);
    let (role, store_id) = role_and_store(&mut e, &input.role, &input.store_id);
    e.finish(ValidStaffUpdate {
        display_name,
        role,
        store_id,
        on_duty: input.on_duty.is_some(),
    })
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
}

pub fn validate_dict(input: &DictInput) -> Result<ValidDict, FieldErrors> {
    let mut e = Errors::default();
    let kind = input.kind.trim().to_string();
    if !DICTIONARY_KINDS.contains(&kind.as_str()) {
        e.add("kind", Msg::ErrUnknownKind);
    }
    let code = e.text("code", &input.code, 1, 50);
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        e.add("code", Msg::ErrCodeFormat);
    }
    let label_zh = e.text("label_zh", &input.label_zh, 1, 100);
    let label_en = e.text("label_en", &input.label_en, 1, 100);
    let sort_order = match input.sort_order.trim() {
        "" => 0,
        s => s.parse::<i32>().unwrap_or_else(|_| {
            e.add("sort_order", Msg::ErrNumber);
            0
        }),
    };
    e.finish(ValidDict {
        kind,
        code,
        label_zh,
        label_en,
        sort_order,
    })
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

    fn store() -> StoreInput {
        StoreInput {
            name: " 上海旗舰店 ".into(),
            city: "上海".into(),
            address: "南京西路1266号".into(),
            phone: "021-6288 8888".into(),
            time_zone: "Asia/Shanghai".into(),
        }
    }

    fn fields(errs: &[FieldError]) -> Vec<(&str, Msg)> {
        errs.iter().map(|e| (e.field.as_str(), e.msg)).collect()
    }

    #[test]
    fn a_good_store_is_trimmed() {
        let v = validate_store(&store()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.name, "上海旗舰店");
    }

    #[test]
    fn store_errors_name_each_field() {
        let bad = StoreInput {
            name: "  ".into(),
            city: "x".repeat(51),
            address: String::new(),
            phone: "call me".into(),
            time_zone: "Mars/Olympus".into(),
        };
        let errs = validate_store(&bad).err().unwrap_or_default();
        assert_eq!(
            fields(&errs),
            vec![
                ("name", Msg::ErrRequired),
                ("city", Msg::ErrTooLong),
                ("address", Msg::ErrRequired),
                ("phone", Msg::ErrPhoneFormat),
                ("time_zone", Msg::ErrTimeZone),
            ]
        );
    }

    #[test]
    fn store_name_counts_characters_not_bytes() {
        let mut s = store();
        s.name = "店".repeat(100);
        assert!(validate_store(&s).is_ok());
        s.name = "店".repeat(101);
        assert!(validate_store(&s).is_err());
    }

    fn staff() -> StaffInput {
        StaffInput {
            username: "consultant9".into(),
            display_name: "王芳".into(),
            role: "consultant".into(),
            store_id: "1".into(),
            password: "a-long-password".into(),
            lang: "zh-CN".into(),
        }
    }

    #[test]
    fn usernames() {
        for ok in ["abc", "consultant1", "li.na", "wang_fang-2"] {
            assert!(valid_username(ok), "{ok}");
        }
        for bad in ["ab", "1abc", "Admin", "张三", "a b c", &"a".repeat(33)] {
            assert!(!valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn consultants_and_managers_need_a_store_others_must_not_have_one() {
        let mut s = staff();
        s.store_id = String::new();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![("store_id", Msg::ErrStoreRequired)]
        );
        s.role = "head_office".into();
        assert!(validate_staff(&s).is_ok());
        s.store_id = "1".into();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![("store_id", Msg::ErrStoreNotAllowed)]
        );
    }

    #[test]
    fn staff_password_and_role_rules() {
        let mut s = staff();
        s.password = "short".into();
        s.role = "root".into();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![
                ("role", Msg::ErrUnknownRole),
                ("password", Msg::ErrPasswordLength)
            ]
        );
        let v = validate_staff(&staff()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.role, Role::Consultant);
        assert_eq!(v.store_id, Some(1));
    }

    #[test]
    fn store_id_garbage_is_an_error_not_a_panic() {
        let mut s = staff();
        s.store_id = "1; drop table staff".into();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![("store_id", Msg::ErrUnknownStore)]
        );
    }

    #[test]
    fn dictionary_entries() {
        let good = DictInput {
            kind: "need_level".into(),
            code: "A".into(),
            label_zh: "高".into(),
            label_en: "High".into(),
            sort_order: "1".into(),
        };
        assert!(validate_dict(&good).is_ok());
        let bad = DictInput {
            kind: "colour".into(),
            code: "a b".into(),
            label_zh: String::new(),
            label_en: "x".into(),
            sort_order: "first".into(),
        };
        assert_eq!(
            fields(&validate_dict(&bad).err().unwrap_or_default()),
            vec![
                ("kind", Msg::ErrUnknownKind),
                ("code", Msg::ErrCodeFormat),
                ("label_zh", Msg::ErrRequired),
                ("sort_order", Msg::ErrNumber),
            ]
        );
    }
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

fn valid_email(s: &str) -> bool {
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

fn mobile_field(e: &mut Errors, field: &str, raw: &str) -> crate::domain::mobile::Mobile {
    match crate::domain::mobile::Mobile::parse(raw) {
        Some(m) => m,
        None => {
            e.add(field, Msg::ErrMobileFormat);
            crate::domain::mobile::Mobile::parse("13800000000").unwrap_or_else(|| unreachable!())
        }
    }
}

/// Validates the booking form. `now` is the default visit time; visits more than a day in the
/// past are refused (a typo, not a booking).
pub fn validate_reservation(
    input: &crate::model::ReservationInput,
    now: chrono::DateTime<chrono::Utc>,
    zone: Zone,
) -> Result<ValidReservation, FieldErrors> {
    let mut e = Errors::default();
    let name = e.text("name", &input.name, 1, 50);
    let mobile = mobile_field(&mut e, "mobile", &input.mobile);
    let email = input.email.trim().to_string();
    if !email.is_empty() && !valid_email(&email) {
        e.add("email", Msg::ErrEmailFormat);
    }
    let qq = e.text("qq", &input.qq, 0, 100);
    let store_id = match input.store_id.trim().parse::<i32>() {
        Ok(id) if id > 0 => id,
        _ => {
            e.add("store_id", Msg::ErrUnknownStore);
            0
        }
    };
    let assign = match input.consultant_id.trim() {
        "" | "auto" => Assign::Auto,
        s => match s.parse::<i32>() {
            Ok(id) if id > 0 => Assign::Staff(id),
            _ => {
                e.add("consultant_id", Msg::ErrUnknownConsultant);
                Assign::Auto
            }
        },
    };
    let visit_at = if input.visit_at.trim().is_empty() {
        now
    } else {
        match parse_visit_time(&input.visit_at, zone) {
            Some(t)
                if t >= now - chrono::Duration::days(1)
                    && t <= now + chrono::Duration::days(366) =>
            {
                t
            }
            Some(t) if t > now => {
                e.add("visit_at", Msg::ErrVisitTooFar);
                now
            }
            Some(_) => {
                e.add("visit_at", Msg::ErrVisitInPast);
                now
            }
            None => {
                e.add("visit_at", Msg::ErrVisitTime);
                now
            }
        }
    };
    let source = e.text("source", &input.source, 0, 100);
    let needs = e.text("needs", &input.needs, 0, 1000);
    let need_level = e.text("need_level", &input.need_level, 0, 50);
    e.finish(ValidReservation {
        name,
        mobile,
        email,
        qq,
        store_id,
        assign,
        visit_at,
        source,
        needs,
        need_level,
    })
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

/// Validates a public web booking: the visit must be in the future (within 180 days).
pub fn validate_web_booking(
    input: &crate::model::WebBooking,
    now: chrono::DateTime<chrono::Utc>,
    zone: Zone,
) -> Result<ValidWebBooking, FieldErrors> {
    let mut e = Errors::default();
    let name = e.text("name", &input.name, 1, 50);
    let mobile = mobile_field(&mut e, "phone", &input.phone);
    let store = e.text("store", &input.store, 1, 100);
    let visit_at = match parse_visit_time(&input.visit_at, zone) {
        Some(t) if t > now && t < now + chrono::Duration::days(180) => t,
        Some(_) => {
            e.add("visit_at", Msg::ErrVisitWindow);
            now
        }
        None => {
            e.add("visit_at", Msg::ErrVisitTime);
            now
        }
    };
    let needs = e.text("needs", &input.needs, 0, 1000);
    let email = input.email.trim().to_string();
    if !email.is_empty() && !valid_email(&email) {
        e.add("email", Msg::ErrEmailFormat);
    }
    e.finish(ValidWebBooking {
        name,
        mobile,
        store,
        visit_at,
        needs,
        email,
    })
}

#[cfg(test)]
mod reservation_tests {
    use super::*;
    use crate::model::{ReservationInput, WebBooking};
    use chrono::TimeZone;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 24, 2, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn input() -> ReservationInput {
        ReservationInput {
            name: "林晓".into(),
            mobile: "13812341234".into(),
            store_id: "1".into(),
            consultant_id: "auto".into(),
            ..Default::default()
        }
    }

    #[test]
    fn control_and_bidi_characters_are_refused_in_every_text_field() {
        for bad in [
            "林\u{0}晓",
            "林\u{1b}[31m晓",
            "林\u{202E}晓",
            "林\u{2066}晓",
            "林\t晓",
            "林\n晓",
        ] {
            let errs = validate_reservation(
                &ReservationInput {
                    name: bad.into(),
                    ..input()
                },
                now(),
                Zone::Shanghai,
            )
            .err()
            .unwrap_or_default();
            assert_eq!(
                error_for(&errs, "name"),
                Some(Msg::ErrControlChars),
                "{bad:?}"
            );
            let web = validate_web_booking(
                &WebBooking {
                    name: bad.into(),
                    phone: "13812341234".into(),
                    store: "1".into(),
                    visit_at: "2026-11-25T10:00".into(),
                    ..Default::default()
                },
                now(),
                Zone::Shanghai,
            )
            .err()
            .unwrap_or_default();
            assert_eq!(
                error_for(&web, "name"),
                Some(Msg::ErrControlChars),
                "{bad:?}"
            );
        }
        // Line breaks are fine where a field is meant to hold several lines.
        let ok = validate_reservation(
            &ReservationInput {
                needs: "对戒\n预算两万".into(),
                ..input()
            },
            now(),
            Zone::Shanghai,
        );
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn visits_in_year_9999_are_refused() {
        let errs = validate_reservation(
            &ReservationInput {
                visit_at: "9999-12-31T10:00".into(),
                ..input()
            },
            now(),
            Zone::Shanghai,
        )
        .err()
        .unwrap_or_default();
        assert_eq!(error_for(&errs, "visit_at"), Some(Msg::ErrVisitTooFar));
    }

    proptest::proptest! {
        #[test]
        fn any_name_is_either_refused_or_clean(name in "\\PC{0,3}[\\x00-\\x1f\\u{202a}-\\u{202e}]?\\PC{0,3}") {
            let r = validate_reservation(&ReservationInput { name: name.clone(), ..input() }, now(), Zone::Shanghai);
            if let Ok(v) = r {
                proptest::prop_assert!(!has_forbidden_chars(&v.name, false));
            }
        }
    }

    #[test]
    fn defaults_to_now_and_auto() {
        let v = validate_reservation(&input(), now(), Zone::Shanghai)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.visit_at, now());
        assert_eq!(v.assign, Assign::Auto);
        assert_eq!(v.mobile.as_str(), "13812341234");
    }

    #[test]
    fn local_visit_time_is_stored_in_utc() {
        let mut i = input();
        i.visit_at = "2026-11-24T15:30".into();
        let v = validate_reservation(&i, now(), Zone::Shanghai).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            v.visit_at,
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 24, 7, 30, 0)
                .single()
                .unwrap_or_default()
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let i = ReservationInput {
            name: " ".into(),
            mobile: "1381234123".into(),
            email: "not-an-email".into(),
            store_id: "x".into(),
            consultant_id: "-3".into(),
            visit_at: "tomorrow".into(),
            ..Default::default()
        };
        let errs = validate_reservation(&i, now(), Zone::Shanghai)
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "name",
                "mobile",
                "email",
                "store_id",
                "consultant_id",
                "visit_at"
            ]
        );
    }

    #[test]
    fn web_bookings_must_be_in_the_future() {
        let b = WebBooking {
            name: "周杰".into(),
            phone: "13912345678".into(),
            store: "上海旗舰店".into(),
            visit_at: "2026-11-23T10:00:00+08:00".into(),
            ..Default::default()
        };
        let errs = validate_web_booking(&b, now(), Zone::Shanghai)
            .err()
            .unwrap_or_default();
        assert_eq!(errs[0].field, "visit_at");
        let ok = WebBooking {
            visit_at: "2026-11-25T10:00:00+08:00".into(),
            ..b
        };
        assert!(validate_web_booking(&ok, now(), Zone::Shanghai).is_ok());
    }
}
