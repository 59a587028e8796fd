//! Data that crosses the wire between browser and server (serde only), one file per area.

mod account;
mod admin;
mod customers;
mod goods;
mod reservations;
mod sales;

pub use account::*;
pub use admin::*;
pub use customers::*;
pub use goods::*;
pub use reservations::*;
pub use sales::*;

pub use crate::domain::paging::{Page, PageReq};
