//! A store's own rules, edited on its admin page: the consultants' discount limit (said in 折,
//! stored in basis points off), the return period, and the opening hours per weekday (a day
//! may be closed). Bookings from `/book` outside the hours are refused; the staff form warns.

use crate::domain::time::Zone;
use crate::i18n::catalogue::Msg;
use chrono::{DateTime, Datelike, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// One day's hours: open from `.0` until `.1` (local), or `None` when closed.
pub type DayHours = Option<(NaiveTime, NaiveTime)>;

/// Monday first, as `chrono::Weekday::num_days_from_monday`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours(pub [DayHours; 7]);

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

impl Default for OpeningHours {
    /// 10:00–22:00 every day, the usual mall hours.
    fn default() -> Self {
        OpeningHours([Some((hm(10, 0), hm(22, 0))); 7])
    }
}

/// The weekday names, Monday first, for the form and messages.
pub const WEEKDAYS: [Msg; 7] = [
    Msg::Monday,
    Msg::Tuesday,
    Msg::Wednesday,
    Msg::Thursday,
    Msg::Friday,
    Msg::Saturday,
    Msg::Sunday,
];

impl OpeningHours {
    /// `10:00-22:00,10:00-22:00,…` (seven entries, an empty one for a closed day), as stored.
    pub fn encode(&self) -> String {
        self.0
            .iter()
            .map(|d| match d {
                Some((a, b)) => format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")),
                None => String::new(),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored form; anything unreadable is the default (never a closed store).
    pub fn decode(s: &str) -> OpeningHours {
        let parts: Vec<&str> = s.split(',').collect();
        if parts.len() != 7 {
            return OpeningHours::default();
        }
        let mut days = [None; 7];
        for (i, p) in parts.iter().enumerate() {
            if p.trim().is_empty() {
                continue;
            }
            match p
                .split_once('-')
                .and_then(|(a, b)| Some((time(a)?, time(b)?)))
            {
                Some((a, b)) if a < b => days[i] = Some((a, b)),
                _ => return OpeningHours::default(),
            }
        }
        OpeningHours(days)
    }

    /// Whether a visit at `at` falls within the hours of its local day in `zone` (the closing
    /// time itself is after hours).
    pub fn is_open_at(&self, at: DateTime<Utc>, zone: Zone) -> bool {
        let local = zone.to_local(at);
        let day = local.weekday().num_days_from_monday() as usize;
        matches!(self.0[day], Some((a, b)) if a <= local.time() && local.time() < b)
    }

    /// The hours of the local day of `at`, as `10:00–22:00`, or `None` when closed that day.
    pub fn day_of(&self, at: DateTime<Utc>, zone: Zone) -> DayHours {
        let local = zone.to_local(at);
        self.0[local.weekday().num_days_from_monday() as usize]
    }
}

fn time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

/// One weekday as typed: opening and closing time (`HH:MM`), or closed. The message names
/// what is wrong.
pub fn parse_day(open: &str, close: &str, closed: bool) -> Result<DayHours, Msg> {
    if closed {
        return Ok(None);
    }
    match (time(open), time(close)) {
        (Some(a), Some(b)) if a < b => Ok(Some((a, b))),
        (Some(_), Some(_)) => Err(Msg::ErrHoursOrder),
        _ => Err(Msg::ErrHoursFormat),
    }
}

/// The discount limit typed in 折 (9 = the consultant may give down to 90 % without approval;
/// 10 = no discount without approval), as basis points off the list price.
pub fn limit_from_zhe(s: &str) -> Result<i32, Msg> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(Msg::ErrLimitZhe);
    }
    let d = Decimal::from_str(s).map_err(|_| Msg::ErrLimitZhe)?;
    if d < Decimal::ONE || d > Decimal::TEN || d.normalize().scale() > 2 {
        return Err(Msg::ErrLimitZhe);
    }
    // 8.5折 → pays 85 % → 15 % off → 1500 bp.
    let bp = (Decimal::TEN - d) * Decimal::from(1000);
    i32::try_from(bp.trunc().mantissa()).map_err(|_| Msg::ErrLimitZhe)
}

/// Basis points off as 折 (1000 → 9, 1500 → 8.5).
pub fn zhe_of_limit(bp: i32) -> Decimal {
    (Decimal::TEN - Decimal::from(bp) / Decimal::from(1000)).normalize()
}

/// The return period in whole days, 0 (no returns) to 365.
pub fn parse_return_days(s: &str) -> Result<i32, Msg> {
    match s.trim().parse::<i32>() {
        Ok(n) if (0..=365).contains(&n) => Ok(n),
        _ => Err(Msg::ErrReturnDays),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn hours_round_trip_and_a_broken_value_is_the_default() {
        let mut h = OpeningHours::default();
        h.0[0] = None;
        h.0[5] = Some((hm(9, 30), hm(21, 0)));
        let s = h.encode();
        assert_eq!(
            s,
            ",10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,09:30-21:00,10:00-22:00"
        );
        assert_eq!(OpeningHours::decode(&s), h);
        for bad in [
            "",
            "x",
            "10:00-22:00",
            ",,,,,,22:00-10:00",
            ",,,,,,25:00-26:00",
        ] {
            assert_eq!(OpeningHours::decode(bad), OpeningHours::default(), "{bad}");
        }
    }

    #[test]
    fn a_visit_is_within_the_local_days_hours() {
        let mut h = OpeningHours::default();
        h.0[0] = None; // closed on Mondays
        let z = Zone::default(); // UTC+8
                                 // 2026-12-07 is a Monday.
        assert!(!h.is_open_at(at("2026-12-07T06:00:00Z"), z), "closed day");
        assert_eq!(h.day_of(at("2026-12-07T06:00:00Z"), z), None);
        // Tuesday 10:00 local = 02:00 UTC: open; 09:59 not; 22:00 is closing time.
        assert!(h.is_open_at(at("2026-12-08T02:00:00Z"), z));
        assert!(!h.is_open_at(at("2026-12-08T01:59:00Z"), z));
        assert!(!h.is_open_at(at("2026-12-08T14:00:00Z"), z));
        assert!(h.is_open_at(at("2026-12-08T13:59:00Z"), z));
        // 23:00 UTC Sunday is 07:00 local Monday: the local day decides.
        assert!(!h.is_open_at(at("2026-12-13T23:30:00Z"), z));
    }

    #[test]
    fn a_day_as_typed() {
        assert_eq!(parse_day("", "", true), Ok(None));
        assert_eq!(
            parse_day("10:00", "21:30", false),
            Ok(Some((hm(10, 0), hm(21, 30))))
        );
        assert_eq!(parse_day("22:00", "10:00", false), Err(Msg::ErrHoursOrder));
        assert_eq!(parse_day("10:00", "10:00", false), Err(Msg::ErrHoursOrder));
        assert_eq!(parse_day("", "22:00", false), Err(Msg::ErrHoursFormat));
        assert_eq!(parse_day("25:00", "26:00", false), Err(Msg::ErrHoursFormat));
    }

    #[test]
    fn the_limit_is_typed_in_zhe() {
        assert_eq!(limit_from_zhe("9"), Ok(1000));
        assert_eq!(limit_from_zhe(" 8.5 "), Ok(1500));
        assert_eq!(limit_from_zhe("8.88"), Ok(1120));
        assert_eq!(limit_from_zhe("10"), Ok(0));
        assert_eq!(limit_from_zhe("1"), Ok(9000));
        for bad in ["0.9", "11", "90", "8.888", "abc", "", "-9", "1e1"] {
            assert_eq!(limit_from_zhe(bad), Err(Msg::ErrLimitZhe), "{bad}");
        }
        assert_eq!(zhe_of_limit(1000).to_string(), "9");
        assert_eq!(zhe_of_limit(1500).to_string(), "8.5");
        assert_eq!(zhe_of_limit(0).to_string(), "10");
        for bp in [0, 500, 1000, 1120, 1500, 9000] {
            assert_eq!(limit_from_zhe(&zhe_of_limit(bp).to_string()), Ok(bp));
        }
    }

    #[test]
    fn the_return_period_is_whole_days() {
        assert_eq!(parse_return_days("7"), Ok(7));
        assert_eq!(parse_return_days("0"), Ok(0));
        for bad in ["-1", "366", "7.5", "", "x", "99999999999"] {
            assert_eq!(parse_return_days(bad), Err(Msg::ErrReturnDays), "{bad}");
        }
    }
}
