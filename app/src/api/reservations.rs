//! Reservations (预约管理): booking, the work queue, search.

use crate::domain::reservation::Status;
use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::{mobile::Mobile, policy::Permission, validate},
    i18n::Msg,
    ports::{ports, require, require_any},
};

#[cfg(feature = "ssr")]
const READERS: &[Permission] = &[Permission::UseWorkspace, Permission::ReadStore];

#[server(prefix = "/api", endpoint = "reservations/store_staff")]
pub async fn store_staff(store_id: i32) -> Result<Vec<StaffOption>, AppError> {
    let actor = require_any(READERS)?;
    ports()?.reservations.store_staff(&actor, store_id).await
}

#[server(prefix = "/api", endpoint = "reservations/dictionary")]
pub async fn dictionary_options(kind: String) -> Result<Vec<DictEntry>, AppError> {
    crate::ports::actor()?;
    if !validate::DICTIONARY_KINDS.contains(&kind.as_str()) {
        return Err(AppError::field("kind", Msg::ErrUnknownKind));
    }
    ports()?.reservations.dictionary(kind).await
}

#[server(prefix = "/api", endpoint = "reservations/check_mobile")]
pub async fn check_mobile(mobile: String) -> Result<MobileCheck, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let mobile =
        Mobile::parse(&mobile).ok_or_else(|| AppError::field("mobile", Msg::ErrMobileFormat))?;
    ports()?.reservations.check_mobile(&actor, mobile).await
}

#[server(prefix = "/api", endpoint = "reservations/create")]
pub async fn create_reservation(input: ReservationInput) -> Result<Created, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let valid = input
        .validate(crate::ports::now(), actor.user.zone)
        .map_err(AppError::Validation)?;
    ports()?.reservations.create(&actor, valid).await
}

/// 到店, 领单, 拒绝, 转给, 暂停, 已结束, 已回访, 作废 — each a compare-and-set on `version`.
#[server(prefix = "/api", endpoint = "reservations/act")]
pub async fn act_on_reservation(
    id: i32,
    version: i32,
    action: QueueAction,
) -> Result<ActOutcome, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?.reservations.act(&actor, id, version, action).await
}

#[server(prefix = "/api", endpoint = "reservations/my_queue")]
pub async fn load_my_queue() -> Result<MyQueue, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?.reservations.my_queue(&actor).await
}

#[server(prefix = "/api", endpoint = "reservations/serving_now")]
pub async fn serving_now() -> Result<Option<String>, AppError> {
    let actor = crate::ports::actor()?;
    if !crate::domain::policy::allows(
        actor.user.role,
        crate::domain::policy::Permission::UseWorkspace,
    ) {
        return Ok(None);
    }
    ports()?.reservations.serving_now(&actor).await
}

#[server(prefix = "/api", endpoint = "reservations/search")]
pub async fn search_reservations(
    filter: ReservationFilter,
    req: PageReq,
) -> Result<Page<ReservationRow>, AppError> {
    let actor = require_any(READERS)?;
    filter.check().map_err(AppError::Validation)?;
    ports()?
        .reservations
        .search(&actor, filter, req.clamped())
        .await
}

#[server(prefix = "/api", endpoint = "reservations/detail")]
pub async fn reservation_detail(id: i32) -> Result<(ReservationRow, Vec<HistoryRow>), AppError> {
    let actor = require_any(READERS)?;
    ports()?.reservations.detail(&actor, id).await
}

/// 查看完整号码: head office reveals one reservation's full number, with a reason (audited).
#[server(prefix = "/api", endpoint = "reservations/reveal_mobile")]
pub async fn reveal_mobile(id: i32, reason: String) -> Result<String, AppError> {
    let actor = crate::ports::actor()?;
    if !crate::domain::policy::may_reveal_mobile(actor.user.role) {
        return Err(AppError::Forbidden);
    }
    let reason = validate::validate_reveal_reason(&reason).map_err(AppError::Validation)?;
    ports()?
        .reservations
        .reveal_mobile(&actor, id, reason)
        .await
}

/// A public booking from `/book` (no sign-in): lands in 需要回访 for a callback.
#[server(prefix = "/api", endpoint = "public/book")]
pub async fn book_visit(booking: WebBooking) -> Result<String, AppError> {
    let ip = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::ports::RequestAuth>()
                .map(|a| a.ip.clone())
        })
        .unwrap_or_default();
    // A local time without an offset is read in the chain's home zone (the store is looked up
    // by name only later); booking sites in other zones send RFC 3339 with the offset.
    let valid = booking
        .validate(crate::ports::now(), Default::default())
        .map_err(AppError::Validation)?;
    ports()?.reservations.book(valid, ip).await
}

/// Stores for the public booking page.
#[server(prefix = "/api", endpoint = "public/stores")]
pub async fn public_stores() -> Result<Vec<StoreOption>, AppError> {
    ports()?.admin.store_options().await
}

#[server(prefix = "/api", endpoint = "admin/sms")]
pub async fn sms_outbox(req: PageReq) -> Result<Page<SmsRow>, AppError> {
    require(Permission::ReadAudit)?;
    ports()?.reservations.list_sms(req.clamped()).await
}

/// Status labels, for pages.
/// The reading of a reservation's status with its service state (see `domain::reservation::shown`).
pub fn shown_msg(s: crate::domain::reservation::Shown) -> crate::i18n::Msg {
    use crate::domain::reservation::Shown;
    use crate::i18n::Msg;
    match s {
        Shown::Booked => Msg::ShownBooked,
        Shown::WaitingInStore => Msg::ShownWaitingInStore,
        Shown::BeingServed => Msg::ShownBeingServed,
        Shown::NeedsCallback => Msg::ShownNeedsCallback,
        Shown::DealClosed => Msg::StatusDealClosed,
        Shown::ArrivedNoDeal => Msg::StatusArrivedNoDeal,
        Shown::Void => Msg::StatusVoid,
    }
}

pub fn status_msg(s: Status) -> crate::i18n::Msg {
    use crate::i18n::Msg;
    match s {
        Status::NotArrived => Msg::StatusNotArrived,
        Status::DealClosed => Msg::StatusDealClosed,
        Status::ArrivedNoDeal => Msg::StatusArrivedNoDeal,
        Status::NeedsCallback => Msg::StatusNeedsCallback,
        Status::Void => Msg::StatusVoid,
    }
}
