//! Session lifetime rules. Store tablets are shared, so sessions end after a short idle time.

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused this long is dead.
    pub idle: Duration,
    /// A session older than this is dead however busy it is.
    pub absolute: Duration,
    /// `last_seen` is only written when it is at least this old (saves a write per request).
    pub touch_every: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            touch_every: Duration::seconds(60),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    Live { touch: bool },
    Expired,
}

impl SessionPolicy {
    pub fn with_idle_minutes(minutes: i64) -> Self {
        let idle = Duration::minutes(minutes.max(1));
        SessionPolicy {
            idle,
            touch_every: Duration::seconds(60).min(idle / 4),
            ..SessionPolicy::default()
        }
    }

    /// When a live session ends if nothing more is done in it: idle time from `last_seen`, or
    /// its absolute age, whichever comes first. Pages kept for offline reading die with it.
    pub fn ends_at(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>) -> DateTime<Utc> {
        (last_seen + self.idle).min(created + self.absolute)
    }

    pub fn state(
        &self,
        created: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> SessionState {
        if now - last_seen >= self.idle || now - created >= self.absolute {
            SessionState::Expired
        } else {
            SessionState::Live {
                touch: now - last_seen >= self.touch_every,
            }
        }
    }
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
    fn ends_at_the_idle_timeout_or_the_absolute_age_whichever_is_first() {
        let p = SessionPolicy::default();
        assert_eq!(p.ends_at(t(0), t(10)), t(40));
        assert_eq!(p.ends_at(t(0), t(12 * 60 - 5)), t(12 * 60));
        // The end is exactly where `state` turns to expired.
        let end = p.ends_at(t(0), t(100));
        assert_eq!(p.state(t(0), t(100), end), SessionState::Expired);
        assert!(matches!(
            p.state(t(0), t(100), end - Duration::seconds(1)),
            SessionState::Live { .. }
        ));
    }

    #[test]
    fn live_until_idle_timeout() {
        let p = SessionPolicy::default();
        assert_eq!(
            p.state(t(0), t(0), t(0)),
            SessionState::Live { touch: false }
        );
        assert_eq!(
            p.state(t(0), t(0), t(29)),
            SessionState::Live { touch: true }
        );
        assert_eq!(p.state(t(0), t(0), t(30)), SessionState::Expired);
    }

    #[test]
    fn activity_extends_but_not_past_absolute_lifetime() {
        let p = SessionPolicy::default();
        assert_eq!(
            p.state(t(0), t(700), t(710)),
            SessionState::Live { touch: true }
        );
        assert_eq!(p.state(t(0), t(719), t(720)), SessionState::Expired);
    }

    #[test]
    fn configurable_idle() {
        let p = SessionPolicy::with_idle_minutes(5);
        assert!(matches!(
            p.state(t(0), t(0), t(4)),
            SessionState::Live { .. }
        ));
        assert_eq!(p.state(t(0), t(0), t(5)), SessionState::Expired);
        assert_eq!(
            SessionPolicy::with_idle_minutes(0).idle,
            Duration::minutes(1)
        );
    }

    #[test]
    fn touch_is_throttled() {
        let p = SessionPolicy::default();
        let base = t(0);
        assert_eq!(
            p.state(base, base, base + Duration::seconds(59)),
            SessionState::Live { touch: false }
        );
        assert_eq!(
            p.state(base, base, base + Duration::seconds(60)),
            SessionState::Live { touch: true }
        );
    }
}
