//! Sales (产品销售) and settlement (预约结算): drafts built line by line (the server prices every
//! line itself), deposits on reservations, discount approval, and completion as one transaction
//! (a compare-and-set on the draft, every item moved to sold, the reservation settled).

mod approval;
mod completion;
mod deposits;
mod drafts;
mod gold;
pub use gold::latest_gold_prices;
mod queries;
mod returns;
mod takings;

/// Sales by id, named for the audit log: the receipt number, or the draft's number.
pub async fn names(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, String>, sea_orm::DbErr> {
    Ok(
        crate::services::by_ids::<sale::Entity>(db, sale::Column::Id, ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.receipt_no.unwrap_or_else(|| format!("#{}", s.id))))
            .collect(),
    )
}

use crate::entities::{
    day_close, deposit, dictionary_entry as dict, gold_price, item, sale, sale_line, staff, store,
};
use crate::live::{Live, LiveEvent};
use crate::services::customers::viewer;
use crate::services::{internal, OrInternal};
use app::domain::goods::{Clarity, Color, Grade, Scale};
use app::domain::money::Money;
use app::domain::policy::{data_scope, DataScope, Role};
use app::domain::sale::*;
use app::domain::time::Zone;
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::{Actor, SalesPort};
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

pub struct SalesService {
    pub db: DatabaseConnection,
    pub live: Live,
    pub clock: crate::clock::Clock,
}

/// Stored fen → yuan (what the sale's arithmetic in `domain::sale` takes).
pub fn yuan_of(fen: i64) -> Decimal {
    Money::from_fen(fen).yuan()
}

/// Yuan → stored fen, rounded to the fen. An amount beyond what the column holds is a broken
/// invariant (every typed amount is bounded), so it fails the request — never stored as 0.
#[track_caller]
pub fn fen_of(yuan: Decimal) -> Result<i64, AppError> {
    match Money::rounded(yuan) {
        Some(m) => Ok(m.fen()),
        None => Err(internal(format!("{yuan} yuan is beyond the stored range"))),
    }
}

fn line_money(l: &sale_line::Model) -> LineMoney {
    LineMoney {
        list_price: yuan_of(l.list_price_fen),
        discount: yuan_of(l.discount_fen),
    }
}

/// Which sales a person may see, as a condition.
fn scope(actor: &Actor) -> Result<Condition, AppError> {
    let u = &actor.user;
    Ok(match data_scope(u.role, u.id, u.store_id) {
        DataScope::All => Condition::all(),
        DataScope::Store { store_id } => Condition::all().add(sale::Column::StoreId.eq(store_id)),
        DataScope::Own { staff_id, store_id } => Condition::all()
            .add(sale::Column::StoreId.eq(store_id))
            .add(sale::Column::ConsultantId.eq(staff_id)),
        DataScope::Nothing => return Err(AppError::Forbidden),
    })
}

/// Its consultant edits a draft; so does the store's manager.
fn may_edit(actor: &Actor, s: &sale::Model) -> bool {
    app::domain::policy::may_edit_sale(viewer(actor), s.store_id, s.consultant_id)
}

/// The stored state of a sale (an unknown stored code is an internal error, never a guess).
fn state_of(s: &sale::Model) -> Result<SaleState, AppError> {
    Ok(SaleState {
        status: SaleStatus::parse(&s.status)
            .ok_or_else(|| internal(format!("sale {} has status {:?}", s.id, s.status)))?,
        approval: Approval::parse(&s.approval)
            .ok_or_else(|| internal(format!("sale {} has approval {:?}", s.id, s.approval)))?,
    })
}

/// Asks the sale state machine whether `event` applies to `s`: the state to write, or the
/// refusal as the conflict the person reads.
fn step(s: &sale::Model, event: SaleEvent) -> Result<SaleState, AppError> {
    sale_transition(state_of(s)?, event).map_err(|r| {
        AppError::Conflict(match r {
            SaleRefusal::NotDraft => Msg::ErrSaleNotDraft,
            SaleRefusal::AlreadyCompleted => Msg::ErrSaleAlreadyCompleted,
            SaleRefusal::NoApprovalNeeded => Msg::ErrNoApprovalNeeded,
            SaleRefusal::NotPendingApproval => Msg::ErrNotPendingApproval,
            SaleRefusal::NeedsApproval => Msg::ErrSaleNeedsApproval,
            SaleRefusal::NotCompleted => Msg::ErrSaleNotCompleted,
        })
    })
}

fn may_approve(actor: &Actor, s: &sale::Model) -> bool {
    app::domain::policy::may_approve_sale(viewer(actor), s.store_id)
}

fn summary(it: &item::Model) -> String {
    let mut parts = Vec::new();
    if it.carat_pts > 0 {
        parts.push(format!("{}ct", Decimal::new(it.carat_pts.into(), 2)));
    }
    if let Some(c) = it.color_rank.and_then(Color::from_rank) {
        parts.push(c.code().into());
    }
    if let Some(c) = it.clarity_rank.and_then(Clarity::from_rank) {
        parts.push(c.code().into());
    }
    if let Some(c) = it.cut_rank.and_then(Grade::from_rank) {
        parts.push(c.code().into());
    }
    if it.weight_mg > 0 {
        parts.push(format!("{}g", Decimal::new(it.weight_mg, 3).normalize()));
    }
    parts.join(" ")
}

struct Priced {
    list_fen: i64,
    formula: String,
}

impl SalesService {
    /// The chain's day (gold prices are set for the chain, in its home zone), by the clock.
    fn today(&self) -> NaiveDate {
        Zone::default().date_of(self.clock.now())
    }

    pub fn new(db: DatabaseConnection, live: Live) -> Self {
        SalesService {
            db,
            live,
            clock: Default::default(),
        }
    }

    async fn find(&self, actor: &Actor, id: i32) -> Result<sale::Model, AppError> {
        sale::Entity::find_by_id(id)
            .filter(scope(actor)?)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)
    }

    /// A draft the actor may change, at the version they saw.
    async fn editable(&self, actor: &Actor, id: i32) -> Result<sale::Model, AppError> {
        let s = self.find(actor, id).await?;
        if !may_edit(actor, &s) {
            return Err(AppError::Forbidden);
        }
        step(&s, SaleEvent::Edit)?;
        Ok(s)
    }

    async fn lines(
        &self,
        db: &impl ConnectionTrait,
        sale_id: i32,
    ) -> Result<Vec<sale_line::Model>, AppError> {
        sale_line::Entity::find()
            .filter(sale_line::Column::SaleId.eq(sale_id))
            .order_by_asc(sale_line::Column::Position)
            .all(db)
            .await
            .or_internal()
    }

    /// The edit's compare-and-set, first in its transaction: bumps the version and withdraws
    /// any approval (a changed sale is approved again), only if nobody changed it meanwhile.
    async fn touch(&self, txn: &impl ConnectionTrait, s: &sale::Model) -> Result<(), AppError> {
        let to = step(s, SaleEvent::Edit)?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Approval, Expr::value(to.approval.as_str()))
            .col_expr(sale::Column::ApprovedBy, Expr::value(Option::<i32>::None))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::UpdatedAt, Expr::value(self.clock.now()))
            .filter(sale::Column::Id.eq(s.id))
            .filter(sale::Column::Version.eq(s.version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(txn)
            .await
            .or_internal()?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        Ok(())
    }

    /// The list price of an item today: its price, or weight × the day's gold price + labour
    /// for materials priced by weight.
    async fn price(&self, it: &item::Model) -> Result<Priced, AppError> {
        let by_weight = dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .filter(dict::Column::Code.eq(it.material.as_str()))
            .one(&self.db)
            .await
            .or_internal()?
            .is_some_and(|d| d.by_weight);
        if !by_weight {
            return Ok(Priced {
                list_fen: it.price_fen,
                formula: String::new(),
            });
        }
        let gp = gold_price::Entity::find()
            .filter(gold_price::Column::Material.eq(it.material.as_str()))
            .filter(gold_price::Column::Day.eq(self.today()))
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::Conflict(Msg::ErrNoGoldPrice))?;
        let g = GoldPricing {
            weight_g: Decimal::new(it.weight_mg, 3),
            price_per_g: yuan_of(gp.price_per_g_fen),
            labour_fee: yuan_of(it.labour_fee_fen),
        };
        Ok(Priced {
            list_fen: fen_of(g.list_price())?,
            formula: g.formula(),
        })
    }

    async fn insert_item_line(
        &self,
        txn: &impl ConnectionTrait,
        sale_id: i32,
        position: i32,
        it: &item::Model,
        p: Priced,
    ) -> Result<(), AppError> {
        sale_line::ActiveModel {
            sale_id: Set(sale_id),
            position: Set(position),
            kind: Set("item".into()),
            item_id: Set(Some(it.id)),
            barcode: Set(it.barcode.clone()),
            style_no: Set(it.style_no.clone()),
            description: Set(it.name.clone()),
            cert_no: Set(if it.cert_no.is_empty() {
                String::new()
            } else {
                format!("{} {}", it.cert_lab, it.cert_no).trim().to_string()
            }),
            formula: Set(p.formula),
            list_price_fen: Set(p.list_fen),
            discount_fen: Set(0),
            final_price_fen: Set(p.list_fen),
            ..Default::default()
        }
        .insert(txn)
        .await
        .or_internal()?;
        Ok(())
    }

    /// Deposits of a reservation not yet applied to a sale.
    async fn open_deposits(
        &self,
        db: &impl ConnectionTrait,
        reservation_id: Option<i32>,
    ) -> Result<Vec<deposit::Model>, AppError> {
        let Some(rid) = reservation_id else {
            return Ok(Vec::new());
        };
        deposit::Entity::find()
            .filter(deposit::Column::ReservationId.eq(rid))
            .filter(deposit::Column::AppliedSaleId.is_null())
            .all(db)
            .await
            .or_internal()
    }

    /// Staff members' display names by id (consultants, approvers, who took a return).
    async fn display_names(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<std::collections::HashMap<i32, String>, AppError> {
        let ids: Vec<i32> = ids.into_iter().collect();
        Ok(
            crate::services::by_ids::<staff::Entity>(&self.db, staff::Column::Id, &ids)
                .await
                .or_internal()?
                .into_iter()
                .map(|m| (m.id, m.display_name))
                .collect(),
        )
    }

    async fn store(&self, id: i32) -> Result<store::Model, AppError> {
        store::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)
    }

    /// The business day money moving now counts on: today in the store's zone, or the next day
    /// still open once today is closed (日结).
    async fn business_day(
        &self,
        db: &impl ConnectionTrait,
        st: &store::Model,
        now: chrono::DateTime<Utc>,
    ) -> Result<NaiveDate, AppError> {
        let today = Zone::of_store(&st.time_zone).date_of(now);
        let closed: Vec<NaiveDate> = day_close::Entity::find()
            .filter(day_close::Column::StoreId.eq(st.id))
            .filter(day_close::Column::Day.gte(today))
            .all(db)
            .await
            .or_internal()?
            .into_iter()
            .map(|c| c.day)
            .collect();
        Ok(business_day(today, &closed))
    }

    async fn publish(&self, store_id: i32, staff_ids: Vec<i32>, kind: &str) {
        self.live
            .publish(LiveEvent {
                store_id,
                staff_ids,
                kind: kind.into(),
            })
            .await;
    }

    async fn store_managers(&self, store_id: i32) -> Result<Vec<i32>, AppError> {
        Ok(staff::Entity::find()
            .filter(staff::Column::StoreId.eq(store_id))
            .filter(staff::Column::Role.eq(Role::StoreManager.as_str()))
            .filter(staff::Column::Active.eq(true))
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| s.id)
            .collect())
    }
}

#[async_trait]
impl SalesPort for SalesService {
    async fn new_sale(
        &self,
        actor: &Actor,
        reservation_id: Option<i32>,
        serving: bool,
    ) -> Result<i32, AppError> {
        SalesService::new_sale(self, actor, reservation_id, serving).await
    }

    async fn detail(&self, actor: &Actor, id: i32) -> Result<SaleView, AppError> {
        SalesService::detail(self, actor, id).await
    }

    async fn add_item(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        barcode: String,
    ) -> Result<(), AppError> {
        SalesService::add_item(self, actor, id, version, barcode).await
    }

    async fn add_service(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        description: String,
        price: Decimal,
    ) -> Result<(), AppError> {
        SalesService::add_service(self, actor, id, version, description, price).await
    }

    async fn remove_line(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_id: i32,
    ) -> Result<(), AppError> {
        SalesService::remove_line(self, actor, id, version, line_id).await
    }

    async fn set_discount(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_id: i32,
        discount: Discount,
    ) -> Result<(), AppError> {
        SalesService::set_discount(self, actor, id, version, line_id, discount).await
    }

    async fn set_customer(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        customer_id: i32,
    ) -> Result<(), AppError> {
        SalesService::set_customer(self, actor, id, version, customer_id).await
    }

    async fn request_approval(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError> {
        SalesService::request_approval(self, actor, id, version).await
    }

    async fn decide(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        approve: bool,
        note: String,
    ) -> Result<(), AppError> {
        SalesService::decide(self, actor, id, version, approve, note).await
    }

    async fn complete(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        payments: Vec<(Payment, String)>,
    ) -> Result<String, AppError> {
        SalesService::complete(self, actor, id, version, payments).await
    }

    async fn void(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError> {
        SalesService::void(self, actor, id, version).await
    }

    async fn take_deposit(
        &self,
        actor: &Actor,
        reservation_id: i32,
        payment: Payment,
        reference: String,
    ) -> Result<(), AppError> {
        SalesService::take_deposit(self, actor, reservation_id, payment, reference).await
    }

    async fn deposits(
        &self,
        actor: &Actor,
        reservation_id: i32,
    ) -> Result<Vec<DepositView>, AppError> {
        SalesService::deposits(self, actor, reservation_id).await
    }

    async fn list(
        &self,
        actor: &Actor,
        f: SaleFilter,
        req: PageReq,
    ) -> Result<Page<SaleRow>, AppError> {
        SalesService::list(self, actor, f, req).await
    }

    async fn approval_asks(&self, actor: &Actor) -> Result<Vec<ApprovalAsk>, AppError> {
        SalesService::approval_asks(self, actor).await
    }

    async fn totals(&self, actor: &Actor, f: SaleFilter) -> Result<SaleTotals, AppError> {
        SalesService::totals(self, actor, f).await
    }

    async fn gold_prices(&self) -> Result<Vec<GoldPriceRow>, AppError> {
        SalesService::gold_prices(self).await
    }

    async fn set_gold_price(
        &self,
        actor: &Actor,
        material: String,
        price: Decimal,
    ) -> Result<(), AppError> {
        SalesService::set_gold_price(self, actor, material, price).await
    }

    async fn return_lines(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_ids: Vec<i32>,
        reason: String,
        refunds: Vec<(Payment, String)>,
    ) -> Result<(), AppError> {
        SalesService::return_lines(self, actor, id, version, line_ids, reason, refunds).await
    }

    async fn takings(
        &self,
        actor: &Actor,
        store_id: Option<i32>,
        day: Option<NaiveDate>,
    ) -> Result<TakingsView, AppError> {
        SalesService::takings(self, actor, store_id, day).await
    }

    async fn close_day(&self, actor: &Actor, day: NaiveDate) -> Result<(), AppError> {
        SalesService::close_day(self, actor, day).await
    }

    async fn send_receipt_sms(&self, actor: &Actor, id: i32) -> Result<(), AppError> {
        SalesService::send_receipt_sms(self, actor, id).await
    }
}

/// Stores the totals of a draft's current lines (inside the edit's transaction).
async fn recompute(txn: &impl ConnectionTrait, id: i32) -> Result<(), AppError> {
    let lines = sale_line::Entity::find()
        .filter(sale_line::Column::SaleId.eq(id))
        .all(txn)
        .await
        .or_internal()?;
    let money: Vec<LineMoney> = lines.iter().map(line_money).collect();
    let t = totals(&money, &[]);
    sale::Entity::update_many()
        .col_expr(
            sale::Column::ListTotalFen,
            Expr::value(fen_of(t.list_total)?),
        )
        .col_expr(
            sale::Column::DiscountTotalFen,
            Expr::value(fen_of(t.discount_total)?),
        )
        .col_expr(sale::Column::TotalFen, Expr::value(fen_of(t.total)?))
        .filter(sale::Column::Id.eq(id))
        .exec(txn)
        .await
        .or_internal()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_amounts_round_to_the_fen_and_never_wrap_to_zero() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(fen_of(d("12.345")), Ok(1235));
        assert_eq!(fen_of(d("-0.005")), Ok(-1));
        assert_eq!(yuan_of(1235), d("12.35"));
        // Before Money, this became 0 fen and was stored.
        assert_eq!(fen_of(d("100000000000000000")), Err(AppError::Internal));
    }
}
