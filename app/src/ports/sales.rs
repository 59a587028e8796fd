//! Sales (产品销售): drafts, approval, completion, deposits, gold prices, returns and takings.

use super::Actor;
use crate::domain::sale::{Discount, Payment};
use crate::error::AppError;
use crate::model::*;
use async_trait::async_trait;
use chrono::NaiveDate;
use rust_decimal::Decimal;

#[async_trait]
pub trait SalesPort: Send + Sync {
    /// A new draft in the actor's store; from a finished reservation, or the visit being served
    /// (`serving`: the one the actor serves now), it is pre-filled with its customer, consultant
    /// and the items held for it (the same draft if one is open).
    async fn new_sale(
        &self,
        actor: &Actor,
        reservation_id: Option<i32>,
        serving: bool,
    ) -> Result<i32, AppError>;
    async fn detail(&self, actor: &Actor, id: i32) -> Result<SaleView, AppError>;
    async fn add_item(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        barcode: String,
    ) -> Result<(), AppError>;
    async fn add_service(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        description: String,
        price: Decimal,
    ) -> Result<(), AppError>;
    async fn remove_line(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_id: i32,
    ) -> Result<(), AppError>;
    async fn set_discount(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_id: i32,
        discount: Discount,
    ) -> Result<(), AppError>;
    async fn set_customer(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        customer_id: i32,
    ) -> Result<(), AppError>;
    async fn request_approval(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError>;
    async fn decide(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        approve: bool,
        note: String,
    ) -> Result<(), AppError>;
    /// Completes the draft in one transaction; returns the receipt number.
    async fn complete(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        payments: Vec<(Payment, String)>,
    ) -> Result<String, AppError>;
    async fn void(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError>;
    async fn take_deposit(
        &self,
        actor: &Actor,
        reservation_id: i32,
        payment: Payment,
        reference: String,
    ) -> Result<(), AppError>;
    async fn deposits(
        &self,
        actor: &Actor,
        reservation_id: i32,
    ) -> Result<Vec<DepositView>, AppError>;
    async fn list(
        &self,
        actor: &Actor,
        filter: SaleFilter,
        req: PageReq,
    ) -> Result<Page<SaleRow>, AppError>;
    /// The store's sales waiting for the manager's approval, with the lines beyond its limit.
    async fn approval_asks(&self, actor: &Actor) -> Result<Vec<ApprovalAsk>, AppError>;
    /// The totals of everything `list` would page through with the same filter.
    async fn totals(&self, actor: &Actor, filter: SaleFilter) -> Result<SaleTotals, AppError>;
    async fn gold_prices(&self) -> Result<Vec<GoldPriceRow>, AppError>;
    async fn set_gold_price(
        &self,
        actor: &Actor,
        material: String,
        price: Decimal,
    ) -> Result<(), AppError>;
    /// 退货: the store's manager takes back some lines of a completed sale within the store's
    /// return period; items go back to stock, refunds are recorded by method.
    async fn return_lines(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_ids: Vec<i32>,
        reason: String,
        refunds: Vec<(Payment, String)>,
    ) -> Result<(), AppError>;
    /// 日结: a store's takings on a business day (the actor's store unless head office).
    async fn takings(
        &self,
        actor: &Actor,
        store_id: Option<i32>,
        day: Option<NaiveDate>,
    ) -> Result<TakingsView, AppError>;
    /// Closes a business day: it is frozen, later money goes to the next open day.
    async fn close_day(&self, actor: &Actor, day: NaiveDate) -> Result<(), AppError>;
    /// Queues an SMS with the receipt number to the sale's customer.
    async fn send_receipt_sms(&self, actor: &Actor, id: i32) -> Result<(), AppError>;
}
