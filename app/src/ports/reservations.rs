//! Reservations (预约管理): booking, the live queue, the SMS outbox and public web bookings.

use super::Actor;
use crate::domain::mobile::Mobile;
use crate::domain::validate::{ValidReservation, ValidWebBooking};
use crate::error::AppError;
use crate::model::*;
use async_trait::async_trait;

#[async_trait]
pub trait ReservationPort: Send + Sync {
    /// Active staff of a store (all ranks), for the consultant picker.
    async fn store_staff(&self, actor: &Actor, store_id: i32)
        -> Result<Vec<StaffOption>, AppError>;
    /// Active entries of a dictionary, for pickers.
    async fn dictionary(&self, kind: String) -> Result<Vec<DictEntry>, AppError>;
    async fn check_mobile(&self, actor: &Actor, mobile: Mobile) -> Result<MobileCheck, AppError>;
    async fn create(&self, actor: &Actor, input: ValidReservation) -> Result<Created, AppError>;
    /// A queue action as a compare-and-set on the version the person saw.
    async fn act(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        action: QueueAction,
    ) -> Result<ActOutcome, AppError>;
    async fn my_queue(&self, actor: &Actor) -> Result<MyQueue, AppError>;
    /// The store manager's floor board: call-backs, today's visits, who serves whom.
    async fn floor(&self, actor: &Actor) -> Result<Floor, AppError>;
    /// The name of the customer the person is serving, if any.
    async fn serving_now(&self, actor: &Actor) -> Result<Option<String>, AppError>;
    async fn search(
        &self,
        actor: &Actor,
        filter: ReservationFilter,
        req: PageReq,
    ) -> Result<Page<ReservationRow>, AppError>;
    async fn detail(
        &self,
        actor: &Actor,
        id: i32,
    ) -> Result<(ReservationRow, Vec<HistoryRow>), AppError>;
    /// The full number of one reservation's customer, for head office (audited with the reason).
    async fn reveal_mobile(
        &self,
        actor: &Actor,
        id: i32,
        reason: String,
    ) -> Result<String, AppError>;
    /// A public booking from `/book`; rate-limited per address.
    async fn book(&self, booking: ValidWebBooking, ip: String) -> Result<String, AppError>;
    async fn list_sms(&self, req: PageReq) -> Result<Page<SmsRow>, AppError>;
}
