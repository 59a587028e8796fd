//! Goods (货品查询): the 4C search, holds and the ERP import.

use super::Actor;
use crate::domain::goods::{GoodsQuery, ValidReserve};
use crate::error::AppError;
use crate::model::*;
use async_trait::async_trait;

#[async_trait]
pub trait GoodsPort: Send + Sync {
    /// One page of `/goods`; the store choice is resolved against the person's role.
    async fn search(&self, actor: &Actor, query: GoodsQuery) -> Result<GoodsPage, AppError>;
    async fn detail(&self, actor: &Actor, id: i32) -> Result<ItemDetail, AppError>;
    /// 预留: exactly one of two simultaneous holds of an item succeeds.
    async fn reserve(&self, actor: &Actor, input: ValidReserve) -> Result<(), AppError>;
    /// 取消预留.
    async fn release(&self, actor: &Actor, item_id: i32) -> Result<(), AppError>;
    /// Upserts ERP rows (a CSV chunk parsed by the server); `first_row` numbers the report.
    async fn import_csv(
        &self,
        actor: &Actor,
        csv: String,
        first_row: u64,
    ) -> Result<ImportReport, AppError>;
}
