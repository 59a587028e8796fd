//! What time it is, for the services. The product asks the system clock; the demo seeder (which
//! books, sells and returns on days in the past through the same ports as the staff) and the
//! tests ask a manual one they set. Business times — a booking's creation and arrival, a hold's
//! expiry, a sale's business day, a record's `updated_at` — come from the service's clock.
//! Infrastructure times stay on the wall clock: audit rows, sessions, sign-in throttles, SMS
//! delivery and API tokens record when the server really did something.

use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `at` until it is set or advanced (all copies share it).
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Sets a manual clock; the system clock cannot be set (returns false).
    pub fn set(&self, to: DateTime<Utc>) -> bool {
        match &self.0 {
            None => false,
            Some(at) => {
                *at.lock().unwrap_or_else(|p| p.into_inner()) = to;
                true
            }
        }
    }

    /// Moves a manual clock on by `by`; the system clock cannot be moved (returns false).
    pub fn advance(&self, by: Duration) -> bool {
        let to = self.now() + by;
        self.set(to)
    }

    pub fn is_manual(&self) -> bool {
        self.0.is_some()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            None => f.write_str("Clock::system"),
            Some(_) => write!(f, "Clock::manual({})", self.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_its_copies_share_it() {
        let t = DateTime::parse_from_rfc3339("2026-03-01T15:59:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let c = Clock::manual(t);
        let copy = c.clone();
        assert_eq!(c.now(), t);
        assert_eq!(c.now(), t);
        assert!(copy.advance(Duration::minutes(2)));
        assert_eq!(c.now(), t + Duration::minutes(2));
        assert!(c.set(t));
        assert_eq!(copy.now(), t);
        assert!(c.is_manual());
    }

    #[test]
    fn the_system_clock_moves_and_cannot_be_set() {
        let c = Clock::system();
        let before = Utc::now();
        assert!(c.now() >= before);
        assert!(!c.set(before - Duration::days(1)));
        assert!(!c.advance(Duration::days(1)));
        assert!(c.now() >= before);
        assert!(!c.is_manual());
    }
}
