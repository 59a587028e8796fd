//! A store's time zone and showing UTC instants in it. The chain's markets have had no daylight
//! saving time for decades, so fixed offsets are exact and keep the time-zone database out of
//! the Wasm. Every instant is stored in UTC; a [`Zone`] (from `store.time_zone`, carried with
//! the signed-in user) turns it into the store's local time and back.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};
use serde::{Deserialize, Serialize};

/// The zones a store may be in (the chain's markets), stored as IANA names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zone {
    #[default]
    Shanghai,
    HongKong,
    Macau,
    Taipei,
    Singapore,
    Tokyo,
}

impl Zone {
    pub const ALL: [Zone; 6] = [
        Zone::Shanghai,
        Zone::HongKong,
        Zone::Macau,
        Zone::Taipei,
        Zone::Singapore,
        Zone::Tokyo,
    ];

    /// The IANA name, as stored in `store.time_zone`.
    pub fn iana(self) -> &'static str {
        match self {
            Zone::Shanghai => "Asia/Shanghai",
            Zone::HongKong => "Asia/Hong_Kong",
            Zone::Macau => "Asia/Macau",
            Zone::Taipei => "Asia/Taipei",
            Zone::Singapore => "Asia/Singapore",
            Zone::Tokyo => "Asia/Tokyo",
        }
    }

    pub fn parse(name: &str) -> Option<Zone> {
        Self::ALL.into_iter().find(|z| z.iana() == name.trim())
    }

    /// A stored name, or the chain's home zone when it is not one of ours.
    pub fn of_store(name: &str) -> Zone {
        Self::parse(name).unwrap_or_default()
    }

    /// The UTC offset in seconds.
    pub fn offset_seconds(self) -> i32 {
        match self {
            Zone::Tokyo => 9 * 3600,
            _ => 8 * 3600,
        }
    }

    fn offset(self) -> FixedOffset {
        FixedOffset::east_opt(self.offset_seconds()).unwrap_or(Utc.fix())
    }

    /// `2026-11-24 17:05` in the zone.
    pub fn format(self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.offset())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// `2026-11-24T17:05`, the value of an `<input type="datetime-local">`, in the zone.
    pub fn format_input(self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.offset())
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    }

    /// The local wall-clock time of an instant in the zone.
    pub fn to_local(self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.offset()).naive_local()
    }

    /// The calendar day of an instant in the zone.
    pub fn date_of(self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset()).date_naive()
    }

    /// Today in the zone.
    pub fn today(self) -> NaiveDate {
        self.date_of(Utc::now())
    }

    /// The UTC instant of a local wall-clock time in the zone.
    pub fn to_utc(self, local: NaiveDateTime) -> DateTime<Utc> {
        DateTime::<Utc>::from_naive_utc_and_offset(local, Utc)
            - chrono::Duration::seconds(self.offset_seconds().into())
    }

    /// The UTC instant where a local calendar day starts, for date-range filters.
    pub fn day_start(self, date: NaiveDate) -> DateTime<Utc> {
        self.to_utc(date.and_hms_opt(0, 0, 0).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
    }

    #[test]
    fn every_zone_round_trips_its_name() {
        for z in Zone::ALL {
            assert_eq!(Zone::parse(z.iana()), Some(z));
        }
        assert_eq!(Zone::parse("Mars/Olympus"), None);
        assert_eq!(Zone::of_store("Mars/Olympus"), Zone::Shanghai);
    }

    #[test]
    fn shanghai_is_utc_plus_eight_and_tokyo_nine() {
        let t = at(2026, 11, 24, 16, 30);
        assert_eq!(Zone::Shanghai.format(t), "2026-11-25 00:30");
        assert_eq!(Zone::Tokyo.format(t), "2026-11-25 01:30");
        assert_eq!(Zone::Singapore.format_input(t), "2026-11-25T00:30");
        assert_eq!(
            Zone::Tokyo.date_of(at(2026, 11, 24, 14, 59)),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(
            Zone::Tokyo.date_of(at(2026, 11, 24, 15, 0)),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
    }

    #[test]
    fn local_times_go_back_to_the_same_instant() {
        let local = NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap();
        assert_eq!(Zone::Tokyo.to_utc(local), at(2026, 12, 3, 5, 0));
        assert_eq!(Zone::Shanghai.to_utc(local), at(2026, 12, 3, 6, 0));
        for z in Zone::ALL {
            assert_eq!(z.format(z.to_utc(local)), "2026-12-03 14:00");
        }
    }

    #[test]
    fn local_day_starts_the_evening_before_in_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(Zone::Shanghai.day_start(d), at(2026, 11, 23, 16, 0));
        assert_eq!(Zone::Tokyo.day_start(d), at(2026, 11, 23, 15, 0));
    }
}
