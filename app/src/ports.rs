//! Ports: what server functions need from the server, as traits. The `server` crate implements
//! them over SeaORM and provides them as context, so this crate never names a database crate.

use crate::domain::goods::{GoodsQuery, ValidReserve};
use crate::domain::mobile::Mobile;
use crate::domain::policy::{allows, Permission};
use crate::domain::sale::{Discount, Payment};
use crate::domain::validate::{
    ValidDict, ValidReservation, ValidStaff, ValidStaffUpdate, ValidStore, ValidWebBooking,
};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::*;
use async_trait::async_trait;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Who is making the request. The server's session middleware puts it into the request's
/// extensions; server functions read it with [`actor`].
#[derive(Clone, Debug)]
pub struct RequestAuth {
    pub user: Option<CurrentUser>,
    pub ip: String,
}

/// The person acting, with where they act from (for the audit log).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user: CurrentUser,
    pub ip: String,
}

impl Actor {
    /// The system itself (the command line, the seeder, benchmarks) with a role's rights.
    pub fn system(role: crate::domain::policy::Role) -> Actor {
        Actor {
            user: CurrentUser {
                id: 0,
                username: "cli".into(),
                display_name: "cli".into(),
                role,
                store_id: None,
                store_name: None,
                lang: crate::i18n::Lang::ZhCn,
                zone: Default::default(),
            },
            ip: "local".into(),
        }
    }
}

#[async_trait]
pub trait AdminPort: Send + Sync {
    async fn list_stores(&self, req: PageReq) -> Result<Page<StoreRow>, AppError>;
    async fn store_options(&self) -> Result<Vec<StoreOption>, AppError>;
    async fn get_store(&self, id: i32) -> Result<StoreRow, AppError>;
    async fn create_store(&self, actor: &Actor, input: ValidStore) -> Result<i32, AppError>;
    async fn update_store(&self, actor: &Actor, id: i32, input: ValidStore)
        -> Result<(), AppError>;
    async fn set_store_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError>;

    async fn list_staff(
        &self,
        filter: StaffFilter,
        req: PageReq,
    ) -> Result<Page<StaffRow>, AppError>;
    async fn get_staff(&self, id: i32) -> Result<StaffRow, AppError>;
    async fn create_staff(&self, actor: &Actor, input: ValidStaff) -> Result<i32, AppError>;
    async fn update_staff(
        &self,
        actor: &Actor,
        id: i32,
        input: ValidStaffUpdate,
    ) -> Result<(), AppError>;
    async fn set_staff_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError>;
    async fn reset_password(
        &self,
        actor: &Actor,
        id: i32,
        password: String,
    ) -> Result<(), AppError>;

    async fn list_dictionary(&self, kind: String) -> Result<Vec<DictEntry>, AppError>;
    async fn create_dict_entry(&self, actor: &Actor, input: ValidDict) -> Result<i32, AppError>;
    async fn update_dict_entry(
        &self,
        actor: &Actor,
        id: i32,
        input: ValidDict,
    ) -> Result<(), AppError>;
    async fn set_dict_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError>;

    async fn list_tokens(&self, req: PageReq) -> Result<Page<ApiTokenRow>, AppError>;
    /// The backup schedule and the recorded runs, newest first.
    async fn backups(&self, req: PageReq) -> Result<BackupOverview, AppError>;
    /// Returns the new token; only its hash is kept.
    async fn create_token(&self, actor: &Actor, name: String) -> Result<String, AppError>;
    async fn revoke_token(&self, actor: &Actor, id: i32) -> Result<(), AppError>;

    async fn list_audit(
        &self,
        filter: AuditFilter,
        req: PageReq,
    ) -> Result<Page<AuditRow>, AppError>;
}

#[async_trait]
pub trait AccountPort: Send + Sync {
    async fn set_lang(&self, actor: &Actor, lang: Lang) -> Result<(), AppError>;
}

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
    ) -> Result<(), AppError>;
    async fn my_queue(&self, actor: &Actor) -> Result<MyQueue, AppError>;
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

#[async_trait]
pub trait GoodsPort: Send + Sync {
    /// One page of `/goods`; the store choice is resolved against the person's role.
    async fn search(&self, actor: &Actor, query: GoodsQuery) -> Result<GoodsPage, AppError>;
    async fn detail(&self, actor: &Actor, id: i32) -> Result<ItemDetail, AppError>;
    /// A customer by full mobile number, for the 预留 form.
    async fn find_customer(
        &self,
        actor: &Actor,
        mobile: Mobile,
    ) -> Result<Option<CustomerHit>, AppError>;
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

#[async_trait]
pub trait SalesPort: Send + Sync {
    /// A new draft in the actor's store; from a finished reservation it is pre-filled with its
    /// customer, consultant and the items held for it (the same draft if one is open).
    async fn new_sale(&self, actor: &Actor, reservation_id: Option<i32>) -> Result<i32, AppError>;
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

/// Everything the server provides to server functions, as one context value.
#[derive(Clone)]
pub struct Ports {
    pub admin: Arc<dyn AdminPort>,
    pub account: Arc<dyn AccountPort>,
    pub reservations: Arc<dyn ReservationPort>,
    pub goods: Arc<dyn GoodsPort>,
    pub sales: Arc<dyn SalesPort>,
}

pub fn ports() -> Result<Ports, AppError> {
    use_context::<Ports>().ok_or_else(|| {
        let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string());
        tracing::error!(?path, "Ports missing from context");
        AppError::Internal
    })
}

fn request_auth() -> Option<RequestAuth> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestAuth>().cloned())
}

/// The signed-in user, if any.
pub fn current_user() -> Option<CurrentUser> {
    request_auth().and_then(|a| a.user)
}

/// The signed-in actor, or `Unauthorized`.
pub fn actor() -> Result<Actor, AppError> {
    let auth = request_auth().ok_or(AppError::Unauthorized)?;
    let user = auth.user.ok_or(AppError::Unauthorized)?;
    Ok(Actor { user, ip: auth.ip })
}

/// The signed-in actor if their role has any of `permissions`; `Forbidden` otherwise.
pub fn require_any(permissions: &[Permission]) -> Result<Actor, AppError> {
    let actor = actor()?;
    if permissions.iter().any(|p| allows(actor.user.role, *p)) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in actor if their role has `permission`; `Forbidden` otherwise.
pub fn require(permission: Permission) -> Result<Actor, AppError> {
    let actor = actor()?;
    if allows(actor.user.role, permission) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}
