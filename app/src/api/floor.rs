//! The store manager's floor board (门店看板): what needs doing in the store now, and the
//! on-duty switch. Store managers only, each held to their own store.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::policy::Permission,
    ports::{ports, require},
};

/// Call-backs, today's visits and who is serving whom, in the manager's store.
#[server(prefix = "/api", endpoint = "floor/board")]
pub async fn load_floor() -> Result<Floor, AppError> {
    let actor = require(Permission::AssignInStore)?;
    ports()?.reservations.floor(&actor).await
}

/// The sales of the manager's store waiting for a discount approval, with what each asks.
#[server(prefix = "/api", endpoint = "floor/approvals")]
pub async fn approval_asks() -> Result<Vec<ApprovalAsk>, AppError> {
    let actor = require(Permission::ManageSales)?;
    ports()?.sales.approval_asks(&actor).await
}

/// Puts a member of the manager's store on or off duty (在岗): only those on duty are given
/// arriving customers. The state asked for is set (not toggled), so two devices pressing at
/// once agree.
#[server(prefix = "/api", endpoint = "floor/on_duty")]
pub async fn set_on_duty(staff_id: i32, on_duty: bool) -> Result<(), AppError> {
    let actor = require(Permission::AssignInStore)?;
    ports()?.admin.set_on_duty(&actor, staff_id, on_duty).await
}
