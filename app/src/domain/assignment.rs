//! Automatic assignment of a reservation to a consultant (DESIGN.md §2), in order:
//! 1. someone free (on duty at the store and not serving anyone now);
//! 2. among those — or among everyone on duty when nobody is free — the fewest customers
//!    received today;
//! 3. then the best conversion rate (deals / arrivals over the last 30 days);
//! 4. then a stable tie-break (the lowest staff id).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub staff_id: i32,
    pub on_duty: bool,
    /// Currently serving a customer.
    pub serving: bool,
    pub received_today: u32,
    pub deals_30d: u32,
    pub arrivals_30d: u32,
}

/// Why a consultant was chosen, kept in the reservation's history for managers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The only free consultant.
    Free,
    /// Fewest customers received today (the count).
    FewestToday(u32),
    /// Best conversion rate over 30 days, in per mille.
    BestConversion(u32),
    /// Everything equal: the lowest staff id.
    TieBreak,
}

impl Reason {
    pub fn describe(&self) -> String {
        match self {
            Reason::Free => "free".into(),
            Reason::FewestToday(n) => format!("fewest today: {n}"),
            Reason::BestConversion(pm) => format!("best conversion: {}.{}%", pm / 10, pm % 10),
            Reason::TieBreak => "tie-break".into(),
        }
    }
}

fn conversion_cmp(a: &Candidate, b: &Candidate) -> Ordering {
    // a.deals/a.arrivals vs b.deals/b.arrivals without floats; no arrivals counts as 0.
    let lhs =
        u64::from(a.deals_30d) * u64::from(b.arrivals_30d.max(1)) * u64::from(a.arrivals_30d > 0);
    let rhs =
        u64::from(b.deals_30d) * u64::from(a.arrivals_30d.max(1)) * u64::from(b.arrivals_30d > 0);
    lhs.cmp(&rhs)
}

pub fn per_mille(c: &Candidate) -> u32 {
    c.deals_30d
        .saturating_mul(1000)
        .checked_div(c.arrivals_30d)
        .unwrap_or(0)
}

/// Chooses a consultant, never one in `exclude` (e.g. who just rejected it).
pub fn choose(candidates: &[Candidate], exclude: &[i32]) -> Option<(i32, Reason)> {
    let on_duty: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.on_duty && !exclude.contains(&c.staff_id))
        .collect();
    let free: Vec<&Candidate> = on_duty.iter().copied().filter(|c| !c.serving).collect();
    let pool = if free.is_empty() {
        on_duty
    } else {
        free.clone()
    };
    let best = pool.iter().copied().min_by(|a, b| {
        a.received_today
            .cmp(&b.received_today)
            .then_with(|| conversion_cmp(b, a))
            .then_with(|| a.staff_id.cmp(&b.staff_id))
    })?;
    let reason = if free.len() == 1 {
        Reason::Free
    } else if pool
        .iter()
        .filter(|c| c.received_today == best.received_today)
        .count()
        == 1
    {
        Reason::FewestToday(best.received_today)
    } else if pool
        .iter()
        .filter(|c| {
            c.received_today == best.received_today && conversion_cmp(c, best) == Ordering::Equal
        })
        .count()
        == 1
    {
        Reason::BestConversion(per_mille(best))
    } else {
        Reason::TieBreak
    };
    Some((best.staff_id, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i32, serving: bool, today: u32) -> Candidate {
        Candidate {
            staff_id: id,
            on_duty: true,
            serving,
            received_today: today,
            deals_30d: 0,
            arrivals_30d: 0,
        }
    }

    const A: i32 = 1;
    const B: i32 = 2;
    const C: i32 = 3;

    #[test]
    fn specification_example_a_and_b_serving_c_free_gives_c() {
        let team = [c(A, true, 1), c(B, true, 0), c(C, false, 1)];
        assert_eq!(choose(&team, &[]), Some((C, Reason::Free)));
    }

    #[test]
    fn specification_example_all_serving_fewest_today_gives_b() {
        let team = [c(A, true, 2), c(B, true, 1), c(C, true, 2)];
        assert_eq!(choose(&team, &[]), Some((B, Reason::FewestToday(1))));
    }

    #[test]
    fn free_beats_fewest_today() {
        let team = [c(A, true, 0), c(B, false, 5)];
        assert_eq!(choose(&team, &[]).map(|x| x.0), Some(B));
    }

    #[test]
    fn among_several_free_the_fewest_today_wins() {
        let team = [c(A, false, 3), c(B, false, 1), c(C, true, 0)];
        assert_eq!(choose(&team, &[]), Some((B, Reason::FewestToday(1))));
    }

    #[test]
    fn then_best_conversion() {
        let mut a = c(A, false, 1);
        a.deals_30d = 3;
        a.arrivals_30d = 10;
        let mut b = c(B, false, 1);
        b.deals_30d = 1;
        b.arrivals_30d = 2;
        assert_eq!(
            choose(&[a.clone(), b.clone()], &[]),
            Some((B, Reason::BestConversion(500)))
        );
        // No arrivals is a rate of zero, not a division by zero.
        let fresh = c(C, false, 1);
        assert_eq!(choose(&[fresh, a], &[]).map(|x| x.0), Some(A));
    }

    #[test]
    fn then_a_stable_tie_break() {
        let team = [c(C, false, 0), c(A, false, 0), c(B, false, 0)];
        assert_eq!(choose(&team, &[]), Some((A, Reason::TieBreak)));
    }

    #[test]
    fn off_duty_and_excluded_are_never_chosen() {
        let mut off = c(A, false, 0);
        off.on_duty = false;
        let team = [off, c(B, false, 0), c(C, true, 9)];
        assert_eq!(choose(&team, &[B]), Some((C, Reason::FewestToday(9))));
        assert_eq!(choose(&team, &[B, C]), None);
        assert_eq!(choose(&[], &[]), None);
    }
}
