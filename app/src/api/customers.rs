//! The customer file (客户关系): the list and search, and her file.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::{customers::parse_search, policy::Permission},
    ports::{ports, require},
};

/// `/customers?q=…`: the customers the person may see, a page of them, numbers masked. The
/// text is checked by the same rule the page checks as it is typed (`domain::customers`).
#[server(prefix = "/api", endpoint = "customers/list")]
pub async fn list_customers(q: String, req: PageReq) -> Result<Page<CustomerRow>, AppError> {
    let actor = require(Permission::ReadCustomers)?;
    let search = parse_search(&q).map_err(|m| AppError::field("q", m))?;
    ports()?.customers.list(&actor, search, req).await
}

/// `/customers/:id`: her file, for those who may see her (`NotFound` for anyone else).
#[server(prefix = "/api", endpoint = "customers/file")]
pub async fn load_customer(id: i32) -> Result<CustomerFile, AppError> {
    let actor = require(Permission::ReadCustomers)?;
    ports()?.customers.file(&actor, id).await
}
