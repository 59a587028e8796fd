//! The reservation state machine: statuses (what happened with the customer) and service
//! states (where the reservation is in a consultant's work queue). Every change goes through
//! [`transition`]; the server applies its result as a compare-and-set on the current state.

use serde::{Deserialize, Serialize};

/// 预约状态, exactly as the customer's specification names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 未到店
    NotArrived,
    /// 已成交: arrived and bought.
    DealClosed,
    /// 到店未成交
    ArrivedNoDeal,
    /// 需要回访: booked on the public website, not yet called back.
    NeedsCallback,
    /// 作废
    Void,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotArrived,
        Status::DealClosed,
        Status::ArrivedNoDeal,
        Status::NeedsCallback,
        Status::Void,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotArrived => "not_arrived",
            Status::DealClosed => "deal_closed",
            Status::ArrivedNoDeal => "arrived_no_deal",
            Status::NeedsCallback => "needs_callback",
            Status::Void => "void",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// Still open: the customer may yet come (or is here).
    pub fn is_open(self) -> bool {
        matches!(self, Status::NotArrived | Status::NeedsCallback)
    }
}

/// Where a reservation stands in the store's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Booked for later; not in anyone's queue yet.
    Scheduled,
    /// The customer is here, assigned to a consultant, not yet claimed (the queue).
    Waiting,
    /// A consultant is with the customer.
    Serving,
    /// Done (finished or voided).
    Closed,
}

impl Service {
    pub const ALL: [Service; 4] = [
        Service::Scheduled,
        Service::Waiting,
        Service::Serving,
        Service::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Scheduled => "scheduled",
            Service::Waiting => "waiting",
            Service::Serving => "serving",
            Service::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// 到店: the customer has arrived; into the assigned consultant's queue.
    Arrive,
    /// 领单: the assigned consultant starts serving.
    Claim,
    /// 拒绝: the assigned consultant declines; reassigned to someone else.
    Reject,
    /// 转给: handed to a colleague's queue.
    Transfer,
    /// 暂停: back to the unclaimed state in the same queue.
    Pause,
    /// 已结束 with the outcome.
    Finish { deal: bool },
    /// 已回访: a website booking was called back (an SMS goes out).
    CalledBack,
    /// 作废
    Void,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub status: Status,
    pub service: Service,
}

/// The state after `event`, or `None` when the event is not allowed in `from`.
pub fn transition(from: State, event: Event) -> Option<State> {
    use Service::*;
    use Status::*;
    let to = |status, service| Some(State { status, service });
    match (from.status, from.service, event) {
        (NotArrived, Scheduled, Event::Arrive) => to(NotArrived, Waiting),
        (NotArrived, Waiting, Event::Claim) => to(NotArrived, Serving),
        (NotArrived, Waiting, Event::Reject) => to(NotArrived, Waiting),
        (NotArrived, Waiting | Serving, Event::Transfer) => to(NotArrived, Waiting),
        // 分配/改派 before the visit: a booking (a called-back web one has nobody) gets its
        // consultant and stays booked.
        (NotArrived, Scheduled, Event::Transfer) => to(NotArrived, Scheduled),
        (NotArrived, Serving, Event::Pause) => to(NotArrived, Waiting),
        (NotArrived, Serving, Event::Finish { deal: true }) => to(DealClosed, Closed),
        (NotArrived, Serving, Event::Finish { deal: false }) => to(ArrivedNoDeal, Closed),
        (NeedsCallback, Scheduled, Event::CalledBack) => to(NotArrived, Scheduled),
        (NotArrived | NeedsCallback, Scheduled | Waiting, Event::Void) => to(Void, Closed),
        _ => None,
    }
}

/// What a person reads for a reservation: its status together with where it stands in the
/// store's work, so that a customer in the store never reads 未到店 (到店·待接待, 到店·接待中).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Shown {
    /// 未到店: booked, not here yet.
    Booked,
    /// 到店·待接待: here, in a consultant's queue, not yet claimed.
    WaitingInStore,
    /// 到店·接待中: a consultant is with her.
    BeingServed,
    /// 待回访: a website booking nobody has called back yet.
    NeedsCallback,
    /// 已成交
    DealClosed,
    /// 到店未成交
    ArrivedNoDeal,
    /// 作废
    Void,
}

impl Shown {
    /// The tone of its tag: what needs someone's action stands out.
    pub fn tone(self) -> &'static str {
        match self {
            Shown::Booked => "neutral",
            Shown::WaitingInStore | Shown::NeedsCallback => "attention",
            Shown::BeingServed => "active",
            Shown::DealClosed => "ok",
            Shown::ArrivedNoDeal | Shown::Void => "muted",
        }
    }
}

pub fn shown(state: State) -> Shown {
    match (state.status, state.service) {
        (Status::NotArrived, Service::Waiting) => Shown::WaitingInStore,
        (Status::NotArrived, Service::Serving) => Shown::BeingServed,
        (Status::NotArrived, _) => Shown::Booked,
        // A website booking a manager walked straight into the queue is in the store all the same.
        (Status::NeedsCallback, Service::Waiting) => Shown::WaitingInStore,
        (Status::NeedsCallback, Service::Serving) => Shown::BeingServed,
        (Status::NeedsCallback, _) => Shown::NeedsCallback,
        (Status::DealClosed, _) => Shown::DealClosed,
        (Status::ArrivedNoDeal, _) => Shown::ArrivedNoDeal,
        (Status::Void, _) => Shown::Void,
    }
}

/// 预约结算: the sale that settles a reservation makes it 已成交. A finished visit (成交 or
/// 到店未成交) is settled after the fact; a visit being served ends with its sale (the consultant
/// sold to the customer in front of her). A visit booked or waiting in the queue is neither: it
/// is claimed first.
pub fn settle(from: State) -> Option<State> {
    match (from.status, from.service) {
        (Status::DealClosed | Status::ArrivedNoDeal, Service::Closed)
        | (Status::NotArrived | Status::NeedsCallback, Service::Serving) => Some(State {
            status: Status::DealClosed,
            service: Service::Closed,
        }),
        _ => None,
    }
}

/// A new reservation whose visit is due within this many minutes is treated as a customer in
/// the store: it goes straight into the assigned consultant's queue.
pub const ARRIVING_NOW_MINUTES: i64 = 30;

pub fn initial_service(
    visit_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Service {
    if visit_at <= now + chrono::Duration::minutes(ARRIVING_NOW_MINUTES) {
        Service::Waiting
    } else {
        Service::Scheduled
    }
}

/// The number shown to customers: `YY20261124-0007` (chain-wide sequence per local day).
pub fn reservation_number(local_day: chrono::NaiveDate, seq: i64) -> String {
    format!("YY{}-{seq:04}", local_day.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: [Event; 9] = [
        Event::Arrive,
        Event::Claim,
        Event::Reject,
        Event::Transfer,
        Event::Pause,
        Event::Finish { deal: true },
        Event::Finish { deal: false },
        Event::CalledBack,
        Event::Void,
    ];

    fn s(status: Status, service: Service) -> State {
        State { status, service }
    }

    /// A customer in the store never reads 未到店; every state has one reading.
    #[test]
    fn the_state_a_person_reads() {
        use Service::*;
        use Status::*;
        assert_eq!(shown(s(NotArrived, Scheduled)), Shown::Booked);
        assert_eq!(shown(s(NotArrived, Waiting)), Shown::WaitingInStore);
        assert_eq!(shown(s(NotArrived, Serving)), Shown::BeingServed);
        assert_eq!(shown(s(NeedsCallback, Scheduled)), Shown::NeedsCallback);
        assert_eq!(shown(s(NeedsCallback, Waiting)), Shown::WaitingInStore);
        assert_eq!(shown(s(DealClosed, Closed)), Shown::DealClosed);
        assert_eq!(shown(s(ArrivedNoDeal, Closed)), Shown::ArrivedNoDeal);
        assert_eq!(shown(s(Void, Closed)), Shown::Void);
        // Every state reached by a legal event from a booking reads as something other than
        // 未到店 once the customer has arrived.
        for from in [s(NotArrived, Scheduled), s(NeedsCallback, Scheduled)] {
            for event in EVENTS {
                if let Some(to) = transition(from, event) {
                    if to.service != Scheduled {
                        assert_ne!(shown(to), Shown::Booked, "{from:?} + {event:?}");
                    }
                }
            }
        }
    }

    /// Every (state, event) pair, with the expected result: the whole table, so that any
    /// change to the rules shows up here.
    #[test]
    fn every_legal_and_illegal_transition() {
        use Service::*;
        use Status::*;
        let legal: Vec<(State, Event, State)> = vec![
            (
                s(NotArrived, Scheduled),
                Event::Arrive,
                s(NotArrived, Waiting),
            ),
            (s(NotArrived, Scheduled), Event::Void, s(Void, Closed)),
            (
                s(NotArrived, Scheduled),
                Event::Transfer,
                s(NotArrived, Scheduled),
            ),
            (s(NotArrived, Waiting), Event::Claim, s(NotArrived, Serving)),
            (
                s(NotArrived, Waiting),
                Event::Reject,
                s(NotArrived, Waiting),
            ),
            (
                s(NotArrived, Waiting),
                Event::Transfer,
                s(NotArrived, Waiting),
            ),
            (s(NotArrived, Waiting), Event::Void, s(Void, Closed)),
            (
                s(NotArrived, Serving),
                Event::Transfer,
                s(NotArrived, Waiting),
            ),
            (s(NotArrived, Serving), Event::Pause, s(NotArrived, Waiting)),
            (
                s(NotArrived, Serving),
                Event::Finish { deal: true },
                s(DealClosed, Closed),
            ),
            (
                s(NotArrived, Serving),
                Event::Finish { deal: false },
                s(ArrivedNoDeal, Closed),
            ),
            (
                s(NeedsCallback, Scheduled),
                Event::CalledBack,
                s(NotArrived, Scheduled),
            ),
            (s(NeedsCallback, Scheduled), Event::Void, s(Void, Closed)),
            (s(NeedsCallback, Waiting), Event::Void, s(Void, Closed)),
        ];
        let mut checked = 0;
        for status in Status::ALL {
            for service in Service::ALL {
                for event in EVENTS {
                    let from = s(status, service);
                    let expected = legal
                        .iter()
                        .find(|(f, e, _)| *f == from && *e == event)
                        .map(|(_, _, t)| *t);
                    assert_eq!(transition(from, event), expected, "{from:?} + {event:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5 * 4 * 9);
    }

    #[test]
    fn closed_reservations_never_move() {
        for status in Status::ALL {
            for event in EVENTS {
                assert_eq!(transition(s(status, Service::Closed), event), None);
            }
        }
    }

    #[test]
    fn finished_visits_and_the_one_being_served_are_settled_and_become_deals() {
        let deal = Some(s(Status::DealClosed, Service::Closed));
        for status in Status::ALL {
            for service in Service::ALL {
                let expected = match (status, service) {
                    (Status::DealClosed | Status::ArrivedNoDeal, Service::Closed) => deal,
                    // Sold while serving: the sale ends the visit.
                    (Status::NotArrived | Status::NeedsCallback, Service::Serving) => deal,
                    _ => None,
                };
                assert_eq!(
                    settle(s(status, service)),
                    expected,
                    "{status:?} {service:?}"
                );
            }
        }
    }

    #[test]
    fn codes_round_trip() {
        for st in Status::ALL {
            assert_eq!(Status::parse(st.as_str()), Some(st));
        }
        for sv in Service::ALL {
            assert_eq!(Service::parse(sv.as_str()), Some(sv));
        }
    }

    #[test]
    fn numbers_and_arrival() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        assert_eq!(reservation_number(d, 7), "YY20261124-0007");
        let now = chrono::Utc::now();
        assert_eq!(initial_service(now, now), Service::Waiting);
        assert_eq!(
            initial_service(now + chrono::Duration::minutes(30), now),
            Service::Waiting
        );
        assert_eq!(
            initial_service(now + chrono::Duration::minutes(31), now),
            Service::Scheduled
        );
    }
}
