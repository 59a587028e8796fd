//! Reservations (预约管理): the booking form, rows, the queue, web bookings, the SMS outbox.

use crate::domain::reservation::{Service, Status};
use crate::domain::time::Zone;
use crate::domain::validate::{
    mobile_field, parse_visit_time, valid_email, Assign, Errors, FieldErrors, ValidReservation,
    ValidWebBooking,
};
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The booking form as typed (all strings: the server parses and validates).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReservationInput {
    pub name: String,
    pub mobile: String,
    pub email: String,
    pub qq: String,
    pub store_id: String,
    /// A staff id, or `auto` for automatic assignment.
    pub consultant_id: String,
    /// `YYYY-MM-DDTHH:MM` in the store's local time; empty means now.
    pub visit_at: String,
    pub source: String,
    pub needs: String,
    pub need_level: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservationRow {
    pub id: i32,
    pub number: String,
    pub customer_id: i32,
    pub customer_name: String,
    /// Full or masked (138****1234), by the viewer's role.
    pub mobile: String,
    pub store_id: i32,
    pub store_name: String,
    pub consultant_id: Option<i32>,
    pub consultant_name: Option<String>,
    pub visit_at: DateTime<Utc>,
    pub source: String,
    pub needs: String,
    pub need_level: String,
    pub status: Status,
    pub service: Service,
    pub outcome: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReservationFilter {
    /// Any part of the mobile number (4 digits or more), e.g. the last four.
    pub phone: String,
    /// Any part of the customer's name.
    pub name: String,
    /// An item style number (款号) mentioned in the needs.
    pub style: String,
    /// Visit dates, inclusive, YYYY-MM-DD in the store's zone.
    pub from: String,
    pub to: String,
    pub need_level: String,
    pub status: Option<Status>,
    pub store_id: Option<i32>,
    pub consultant_id: Option<i32>,
    /// Bookings still to come that nobody has been given (待分配顾问: a called-back web booking).
    pub unassigned: bool,
}

impl ReservationFilter {
    /// Dates that are not dates, or a range that ends before it starts, are refused with the
    /// field to fix rather than silently ignored.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = Errors::default();
        e.day_range(("from", &self.from), ("to", &self.to));
        e.finish(())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyQueue {
    pub serving: Vec<ReservationRow>,
    pub waiting: Vec<ReservationRow>,
    pub scheduled_today: Vec<ReservationRow>,
}

/// The store manager's floor (门店看板): what needs doing in the store now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Floor {
    /// The store's local day the board is for.
    pub day: Option<chrono::NaiveDate>,
    /// Web bookings waiting for a call-back (需要回访), oldest first.
    pub callbacks: Vec<ReservationRow>,
    pub callbacks_total: u64,
    /// The store's reservations for today (local day), by time, void ones left out.
    pub today: Vec<ReservationRow>,
    pub today_total: u64,
    /// Everyone active in the store: who is on duty, serving whom, how many wait for them.
    pub staff: Vec<FloorStaff>,
}

/// One person on the floor board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloorStaff {
    pub id: i32,
    pub name: String,
    pub role: crate::domain::policy::Role,
    pub on_duty: bool,
    /// The visit being served now: reservation id, number and customer name.
    pub serving: Option<(i32, String, String)>,
    /// Customers in the store assigned to them, not yet claimed.
    pub waiting: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOption {
    pub id: i32,
    pub name: String,
    pub role: crate::domain::policy::Role,
    pub on_duty: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub kind: String,
    pub from_value: String,
    pub to_value: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    pub id: i32,
    pub number: String,
    pub consultant_name: Option<String>,
    /// Why the consultant was chosen automatically.
    pub reason: Option<String>,
    /// Set when the visit is outside the store's opening hours (the staff form warns; a
    /// booking from `/book` is refused instead).
    #[serde(default)]
    pub outside_hours: Option<OutsideHours>,
}

/// The local weekday of a visit outside the hours (0 = Monday) and that day's hours
/// (`None`: closed), for the warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideHours {
    pub weekday: u8,
    pub hours: Option<(String, String)>,
}

impl OutsideHours {
    /// `{day} {hours}` of the warning, in a language.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        let day = crate::domain::store_rules::WEEKDAYS[usize::from(self.weekday.min(6))];
        let hours = match &self.hours {
            Some((a, b)) => format!("{a}–{b}"),
            None => crate::i18n::Msg::ClosedDay.text(lang).to_string(),
        };
        crate::i18n::fill(
            crate::i18n::Msg::WarnOutsideHours.text(lang),
            &[("day", day.text(lang).to_string()), ("hours", hours)],
        )
    }
}

/// A consultant's action on a reservation in their queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueAction {
    Arrive,
    Claim,
    /// 拒绝, with the reason the consultant gives (the manager reads it in the history).
    Reject {
        #[serde(default)]
        reason: String,
    },
    Transfer {
        to: i32,
    },
    Pause,
    /// 已结束 with the outcome the consultant chose: none is pre-selected, so `None` is refused.
    Finish {
        #[serde(default)]
        deal: Option<bool>,
        #[serde(default)]
        note: String,
    },
    CalledBack,
    Void,
}

impl QueueAction {
    /// The state machine's event, once what the action needs has been given: an outcome for
    /// 已结束, a reason for 拒绝 (2–200 characters), a note of at most 500.
    pub fn event(&self) -> Result<crate::domain::reservation::Event, FieldErrors> {
        use crate::domain::reservation::Event;
        let mut e = Errors::default();
        let event = match self {
            QueueAction::Arrive => Event::Arrive,
            QueueAction::Claim => Event::Claim,
            QueueAction::Reject { reason } => {
                e.text("reason", reason, 2, 200);
                Event::Reject
            }
            QueueAction::Transfer { .. } => Event::Transfer,
            QueueAction::Pause => Event::Pause,
            QueueAction::Finish { deal, note } => {
                e.text("note", note, 0, 500);
                match deal {
                    Some(deal) => Event::Finish { deal: *deal },
                    None => {
                        e.add("deal", Msg::ErrChooseOutcome);
                        Event::Finish { deal: false }
                    }
                }
            }
            QueueAction::CalledBack => Event::CalledBack,
            QueueAction::Void => Event::Void,
        };
        e.finish(event)
    }

    /// What the person wrote with the action (kept with the history entry).
    pub fn note(&self) -> String {
        match self {
            QueueAction::Finish { note, .. } => note.trim().to_string(),
            QueueAction::Reject { reason } => reason.trim().to_string(),
            _ => String::new(),
        }
    }
}

/// What came of an action: for 拒绝 and 转给, whom the customer went to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActOutcome {
    pub handed_to: Option<String>,
}

/// A booking from the chain's website (`POST /api/v1/web-reservations`) or `/book`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebBooking {
    pub name: String,
    pub phone: String,
    /// The store's id or name.
    pub store: String,
    /// ISO 8601 (with offset) or `YYYY-MM-DDTHH:MM` in the store's zone.
    pub visit_at: String,
    pub needs: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsRow {
    pub id: i64,
    pub to_mobile: String,
    pub body: String,
    pub status: String,
    pub provider: String,
    pub reservation_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl ReservationInput {
    /// Validates the booking form. `now` is the default visit time; visits more than a day in the
    /// past are refused (a typo, not a booking).
    pub fn validate(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        zone: Zone,
    ) -> Result<ValidReservation, FieldErrors> {
        let input = self;
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
}

impl WebBooking {
    /// Validates a public web booking: the visit must be in the future (within 180 days).
    pub fn validate(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        zone: Zone,
    ) -> Result<ValidWebBooking, FieldErrors> {
        let input = self;
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
}

#[cfg(test)]
#[cfg(test)]
mod reservation_tests {
    use super::*;
    use crate::domain::validate::*;
    use crate::i18n::Msg;

    fn validate_reservation(
        i: &ReservationInput,
        now: chrono::DateTime<chrono::Utc>,
        zone: Zone,
    ) -> Result<ValidReservation, FieldErrors> {
        i.validate(now, zone)
    }
    fn validate_web_booking(
        i: &WebBooking,
        now: chrono::DateTime<chrono::Utc>,
        zone: Zone,
    ) -> Result<ValidWebBooking, FieldErrors> {
        i.validate(now, zone)
    }
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

#[cfg(test)]
mod filter_tests {
    use super::*;

    #[test]
    fn a_search_range_must_be_dates_in_order() {
        let f = |from: &str, to: &str| ReservationFilter {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        };
        assert_eq!(f("", "").check(), Ok(()));
        assert_eq!(f("2026-12-01", "2026-12-01").check(), Ok(()));
        let fields = |r: Result<(), FieldErrors>| -> Vec<(String, Msg)> {
            r.unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.msg))
                .collect()
        };
        assert_eq!(
            fields(f("2026-12-02", "2026-12-01").check()),
            vec![("to".to_string(), Msg::ErrRangeEndsBeforeStart)]
        );
        assert_eq!(
            fields(f("9999-12-31", "tomorrow").check()),
            vec![
                ("from".to_string(), Msg::ErrDate),
                ("to".to_string(), Msg::ErrDate)
            ]
        );
    }
}
