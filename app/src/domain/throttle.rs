//! Throttles: sign-in per account and per address, and rate limits (number look-ups, web
//! bookings). Pure rules over a counter the server keeps in the database and changes only by
//! compare-and-set, so every limit is atomic and holds across several app servers.
//!
//! Sign-in: every attempt is counted *before* its password is checked, so that parallel guesses
//! can never pass the limit; a success clears the account's counter. The fifth failure in a row
//! locks the account for one minute, and every further lock doubles (1, 2, 4 … 60 minutes), so
//! nobody can lock an account for long by guessing, while guessing stays slow. A shop's staff
//! share one address, so the address limit counts failures only (a success takes its attempt
//! back) and allows many more.

use chrono::{DateTime, Duration, Utc};

/// Guesses an account gets before each lock.
pub const MAX_FAILURES: u32 = 5;
/// Failures from one address before each lock of that address.
pub const MAX_ADDRESS_FAILURES: u32 = 30;
/// A counter with no attempt for this long starts again from nothing.
pub const QUIET_RESET_HOURS: i64 = 24;
/// After this long without an attempt, earlier failures no longer count towards the next lock.
pub const WINDOW_MINUTES: i64 = 15;
/// The longest lock.
pub const MAX_LOCK_MINUTES: i64 = 60;

/// The stored state of one throttled key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    /// Attempts (sign-in: counted failures) in the current window.
    pub hits: u32,
    pub window_start: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
    /// How many times this key was locked since it was last quiet (drives the growing delay).
    pub locks: u32,
    pub last_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead (and store the new counter).
    Allow,
    /// Refused until then; the stored counter stays as it was.
    Refuse { until: DateTime<Utc> },
}

/// How long the `locks`-th lock lasts: 1, 2, 4 … minutes, at most an hour.
pub fn lock_length(locks: u32) -> Duration {
    let minutes = 1i64
        .checked_shl(locks.saturating_sub(1).min(16))
        .unwrap_or(MAX_LOCK_MINUTES);
    Duration::minutes(minutes.min(MAX_LOCK_MINUTES))
}

fn fresh(now: DateTime<Utc>) -> Counter {
    Counter {
        hits: 0,
        window_start: now,
        locked_until: None,
        locks: 0,
        last_at: now,
    }
}

/// The counter as it stands at `now` (a long-quiet key starts again; an old window restarts).
fn current(prev: Option<Counter>, now: DateTime<Utc>) -> Counter {
    match prev {
        None => fresh(now),
        Some(c) if now - c.last_at > Duration::hours(QUIET_RESET_HOURS) => fresh(now),
        Some(mut c) => {
            if c.locked_until.is_none_or(|t| t <= now)
                && now - c.last_at > Duration::minutes(WINDOW_MINUTES)
            {
                c.hits = 0;
                c.window_start = now;
            }
            c
        }
    }
}

/// Counts one attempt against a limit of `max` per lock: refused while locked (the counter is
/// left as it is), otherwise counted, and the attempt that reaches `max` sets the next lock
/// (it still goes ahead: it is the last guess before the lock).
pub fn attempt(prev: Option<Counter>, now: DateTime<Utc>, max: u32) -> (Counter, Decision) {
    let mut c = current(prev, now);
    if let Some(until) = c.locked_until.filter(|t| *t > now) {
        return (c, Decision::Refuse { until });
    }
    c.hits = c.hits.saturating_add(1);
    c.last_at = now;
    if c.hits >= max.max(1) {
        c.locks = c.locks.saturating_add(1);
        c.locked_until = Some(now + lock_length(c.locks));
        c.hits = 0;
        c.window_start = now;
    }
    (c, Decision::Allow)
}

/// Whether a key is locked at `now`, without counting anything.
pub fn locked(prev: Option<Counter>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    prev.and_then(|c| c.locked_until).filter(|t| *t > now)
}

/// A failure counted after the fact (the address limit: only failures count).
pub fn failure(prev: Option<Counter>, now: DateTime<Utc>, max: u32) -> Counter {
    attempt(prev, now, max).0
}

/// A plain rate limit: at most `max` hits per `window` (a fixed window), refused past it.
pub fn rate(
    prev: Option<Counter>,
    now: DateTime<Utc>,
    max: u32,
    window: Duration,
) -> (Counter, Decision) {
    let mut c = match prev {
        Some(c) if now - c.window_start < window && now >= c.window_start => c,
        _ => fresh(now),
    };
    c.last_at = now;
    if c.hits >= max {
        return (
            c,
            Decision::Refuse {
                until: c.window_start + window,
            },
        );
    }
    c.hits += 1;
    (c, Decision::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(sec: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::seconds(sec)
    }

    /// Runs `n` attempts at time `at`, threading the counter; returns how many were allowed.
    fn run(c: &mut Option<Counter>, at: DateTime<Utc>, n: u32) -> u32 {
        let mut allowed = 0;
        for _ in 0..n {
            let (next, d) = attempt(*c, at, MAX_FAILURES);
            *c = Some(next);
            if d == Decision::Allow {
                allowed += 1;
            }
        }
        allowed
    }

    #[test]
    fn exactly_five_guesses_then_a_one_minute_lock() {
        let mut c = None;
        assert_eq!(run(&mut c, t(0), 40), 5);
        assert_eq!(locked(c, t(1)), Some(t(60)));
        assert_eq!(locked(c, t(60)), None);
    }

    #[test]
    fn locks_grow_and_stop_at_an_hour() {
        assert_eq!(lock_length(1), Duration::minutes(1));
        assert_eq!(lock_length(2), Duration::minutes(2));
        assert_eq!(lock_length(3), Duration::minutes(4));
        assert_eq!(lock_length(6), Duration::minutes(32));
        assert_eq!(lock_length(7), Duration::minutes(60));
        assert_eq!(lock_length(u32::MAX), Duration::minutes(60));
        let mut c = None;
        let mut at = t(0);
        let mut lengths = vec![];
        for _ in 0..8 {
            assert_eq!(run(&mut c, at, 5), 5);
            let until = locked(c, at).unwrap_or(at);
            lengths.push((until - at).num_minutes());
            at = until;
        }
        assert_eq!(lengths, vec![1, 2, 4, 8, 16, 32, 60, 60]);
    }

    #[test]
    fn a_quiet_day_forgets_everything() {
        let mut c = None;
        run(&mut c, t(0), 5);
        run(&mut c, t(61), 5);
        let later = t(61 + 24 * 3600 + 1);
        let (next, d) = attempt(c, later, MAX_FAILURES);
        assert_eq!(d, Decision::Allow);
        assert_eq!((next.hits, next.locks), (1, 0));
    }

    #[test]
    fn failures_spread_out_do_not_lock() {
        let mut c = None;
        for i in 0..10 {
            assert_eq!(run(&mut c, t(i * 16 * 60), 1), 1);
        }
        assert_eq!(locked(c, t(10 * 16 * 60)), None);
    }

    #[test]
    fn a_plain_rate_limit_allows_max_per_window() {
        let mut c = None;
        let mut allowed = 0;
        for _ in 0..100 {
            let (n, d) = rate(c, t(0), 30, Duration::minutes(1));
            c = Some(n);
            allowed += u32::from(d == Decision::Allow);
        }
        assert_eq!(allowed, 30);
        assert_eq!(rate(c, t(60), 30, Duration::minutes(1)).1, Decision::Allow);
    }

    proptest! {
        #[test]
        fn never_more_than_max_guesses_per_lock(times in proptest::collection::vec(0i64..7200, 1..300)) {
            let mut times = times;
            times.sort_unstable();
            let mut c = None;
            let mut allowed_since_lock = 0u32;
            let mut prev_locks = 0;
            let mut last: Option<i64> = None;
            for s in times {
                if last.is_some_and(|l| s - l > WINDOW_MINUTES * 60) {
                    allowed_since_lock = 0;
                }
                last = Some(s);
                let (next, d) = attempt(c, t(s), MAX_FAILURES);
                if next.locks != prev_locks {
                    prev_locks = next.locks;
                    allowed_since_lock = 0;
                } else if d == Decision::Allow {
                    allowed_since_lock += 1;
                }
                prop_assert!(allowed_since_lock < MAX_FAILURES);
                c = Some(next);
            }
        }
    }
}
