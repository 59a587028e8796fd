//! Reservations (预约管理): the booking form, rows, the queue, web bookings, the SMS outbox.

use crate::domain::reservation::{Service, Status};
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
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyQueue {
    pub serving: Vec<ReservationRow>,
    pub waiting: Vec<ReservationRow>,
    pub scheduled_today: Vec<ReservationRow>,
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
}

/// A consultant's action on a reservation in their queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueAction {
    Arrive,
    Claim,
    Reject,
    Transfer { to: i32 },
    Pause,
    Finish { deal: bool, note: String },
    CalledBack,
    Void,
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
