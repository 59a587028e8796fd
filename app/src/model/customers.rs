//! Customers (客户): what a look-up by number shows.

use super::ReservationRow;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInfo {
    pub id: i32,
    pub name: String,
    pub mobile: String,
    pub email: String,
    pub qq: String,
    pub store_id: Option<i32>,
    pub is_member: bool,
    pub member_no: Option<String>,
}

/// What is known about a mobile number as soon as it is complete.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobileCheck {
    pub open_reservation: Option<ReservationRow>,
    /// Her record, for those who may see her.
    pub customer: Option<CustomerInfo>,
    /// For everyone else: only that she is a customer of the chain, and her home store.
    pub chain_customer_of: Option<String>,
}

/// A customer found by phone or name for the 预留 form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerHit {
    pub id: i32,
    /// Empty when the viewer may not see her (then `chain_customer_of` names her store).
    pub name: String,
    pub chain_customer_of: Option<String>,
    /// Masked unless the viewer may see it.
    pub mobile: String,
}

/// One customer in the customer list (`/customers`): the number is always masked there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub id: i32,
    pub name: String,
    /// 138****1234: lists never carry full numbers.
    pub mobile: String,
    pub member_no: Option<String>,
    pub home_store: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One of her visits (reservations), as her file lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerVisit {
    pub id: i32,
    pub number: String,
    pub visit_at: chrono::DateTime<chrono::Utc>,
    pub store_name: String,
    pub consultant_name: Option<String>,
    pub status: crate::domain::reservation::Status,
    pub service: crate::domain::reservation::Service,
}

/// One of her sales, as her file lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSale {
    pub id: i32,
    pub receipt_no: Option<String>,
    pub status: crate::domain::sale::SaleStatus,
    pub store_name: String,
    pub consultant_name: String,
    pub total: rust_decimal::Decimal,
    /// The total less what was refunded.
    pub net: rust_decimal::Decimal,
    pub returned: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Her headline figures: completed sales net of returns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFigures {
    pub lifetime_spend: rust_decimal::Decimal,
    pub purchases: u32,
    pub average_ticket: rust_decimal::Decimal,
    pub first_purchase: Option<chrono::DateTime<chrono::Utc>>,
    pub last_purchase: Option<chrono::DateTime<chrono::Utc>>,
    pub last_visit: Option<chrono::DateTime<chrono::Utc>>,
}

/// A customer's file (`/customers/:id`), for those who may see her.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFile {
    pub id: i32,
    pub name: String,
    /// Full for the consultants and managers who serve her; masked for head office.
    pub mobile: String,
    pub email: String,
    pub qq: String,
    pub home_store: String,
    pub is_member: bool,
    pub member_no: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub figures: CustomerFigures,
    /// Her reservations, newest first (the latest [`CustomerFile::RECENT`]).
    pub visits: Vec<CustomerVisit>,
    /// Her sales, newest first (the latest [`CustomerFile::RECENT`]).
    pub sales: Vec<CustomerSale>,
}

impl CustomerFile {
    pub const RECENT: u64 = 50;
}
