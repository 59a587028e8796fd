//! Sign-in throttling per account (a whole store shares one IP address, so never per IP).

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;

/// Given the times of an account's recent failed sign-ins, returns until when it is locked.
/// Five failures within fifteen minutes lock the account for fifteen minutes after the last one.
pub fn locked_until(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let window_start = now - Duration::minutes(WINDOW_MINUTES + LOCK_MINUTES);
    let mut recent: Vec<DateTime<Utc>> = failures
        .iter()
        .copied()
        .filter(|t| *t > window_start && *t <= now)
        .collect();
    recent.sort_unstable();
    // Find the latest run of MAX_FAILURES failures that fit in one window.
    let lock_end = recent
        .windows(MAX_FAILURES)
        .filter(|w| w[MAX_FAILURES - 1] - w[0] <= Duration::minutes(WINDOW_MINUTES))
        .map(|w| w[MAX_FAILURES - 1] + Duration::minutes(LOCK_MINUTES))
        .max()?;
    (lock_end > now).then_some(lock_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::minutes(min)
    }

    #[test]
    fn four_failures_do_not_lock() {
        let f = [t(0), t(1), t(2), t(3)];
        assert_eq!(locked_until(&f, t(4)), None);
    }

    #[test]
    fn five_failures_in_window_lock_for_fifteen_minutes() {
        let f = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(locked_until(&f, t(5)), Some(t(19)));
        assert_eq!(locked_until(&f, t(18)), Some(t(19)));
        assert_eq!(locked_until(&f, t(19)), None);
    }

    #[test]
    fn failures_spread_out_do_not_lock() {
        let f = [t(0), t(10), t(20), t(30), t(40)];
        assert_eq!(locked_until(&f, t(41)), None);
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let f = [t(4), t(0), t(3), t(1), t(2)];
        assert_eq!(locked_until(&f, t(5)), Some(t(19)));
    }
}
