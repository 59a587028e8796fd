//! Customers (客户): one per chain, owned by the customers service.

use super::Actor;
use crate::domain::mobile::Mobile;
use crate::error::AppError;
use crate::model::CustomerHit;
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
}
