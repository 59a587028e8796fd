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
