//! Customers (客户): one per chain, owned by the customers service.

use super::Actor;
use crate::domain::customers::CustomerSearch;
use crate::domain::mobile::Mobile;
use crate::error::AppError;
use crate::model::{CustomerFile, CustomerHit, CustomerRow, Page, PageReq};
use async_trait::async_trait;

#[async_trait]
pub trait CustomersPort: Send + Sync {
    /// A customer by full mobile number (the 预留 form, a sale's customer): limited per person
    /// and audited; her name only where the viewer may see her.
    async fn find_by_mobile(
        &self,
        actor: &Actor,
        mobile: Mobile,
    ) -> Result<Option<CustomerHit>, AppError>;

    /// The customer list: the customers the actor may see (the scope is part of the query),
    /// matching the search, a page of them, numbers masked.
    async fn list(
        &self,
        actor: &Actor,
        search: CustomerSearch,
        req: PageReq,
    ) -> Result<Page<CustomerRow>, AppError>;

    /// Her file, for those who may see her; `NotFound` for anyone else (her existence is not
    /// told to those who do not serve her).
    async fn file(&self, actor: &Actor, id: i32) -> Result<CustomerFile, AppError>;
}
