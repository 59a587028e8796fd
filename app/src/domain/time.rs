//! Showing UTC instants in a store's zone. The chain's zones have had no daylight saving time
//! for decades, so fixed offsets are exact and keep the time-zone database out of the Wasm.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

/// The UTC offset in seconds of a supported zone (Asia/Shanghai when unknown).
pub fn offset_seconds(zone: &str) -> i32 {
    match zone {
        "Asia/Tokyo" => 9 * 3600,
        _ => 8 * 3600,
    }
}

fn offset(zone: &str) -> FixedOffset {
    FixedOffset::east_opt(offset_seconds(zone)).unwrap_or(Utc.fix())
}

/// `2026-11-24 17:05` in the zone.
pub fn format_local(at: DateTime<Utc>, zone: &str) -> String {
    at.with_timezone(&offset(zone))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `2026-11-24T17:05`, the value of an `<input type="datetime-local">`, in the zone.
pub fn format_input(at: DateTime<Utc>, zone: &str) -> String {
    at.with_timezone(&offset(zone))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// `YYYY-MM-DD` of an instant in the zone.
pub fn local_date(at: DateTime<Utc>, zone: &str) -> NaiveDate {
    at.with_timezone(&offset(zone)).date_naive()
}

/// The UTC instant where a local calendar day starts, for date-range filters.
pub fn local_day_start(date: NaiveDate, zone: &str) -> DateTime<Utc> {
    let naive = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    DateTime::<Utc>::from_naive_utc_and_offset(naive, Utc)
        - chrono::Duration::seconds(offset_seconds(zone).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn shanghai_is_utc_plus_eight() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 24, 16, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(format_local(at, "Asia/Shanghai"), "2026-11-25 00:30");
        assert_eq!(format_local(at, "Asia/Tokyo"), "2026-11-25 01:30");
    }

    #[test]
    fn local_day_starts_the_evening_before_in_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        assert_eq!(
            local_day_start(d, "Asia/Shanghai"),
            Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0)
                .single()
                .unwrap_or_default()
        );
    }
}
