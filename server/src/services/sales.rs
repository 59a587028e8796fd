//! Sales (产品销售) and settlement (预约结算): drafts built line by line (the server prices every
//! line itself), deposits on reservations, discount approval, and completion as one transaction
//! (a compare-and-set on the draft, every item moved to sold, the reservation settled).

use crate::entities::{
    customer, day_close, deposit, dictionary_entry as dict, gold_price, item, reservation,
    reservation_history, sale, sale_line, sale_payment, sale_return, staff, store,
};
use crate::live::{Live, LiveEvent};
use crate::services::customers::viewer;
use crate::services::goods::{add_history, HistoryEntry};
use crate::services::{audit, internal, numbering};
use app::domain::goods::{Clarity, Color, Grade, HistoryKind, ItemStatus, Scale};
use app::domain::mobile::mask;
use app::domain::policy::{allows, data_scope, DataScope, Permission, Role};
use app::domain::reservation::{settle, Service as ResService, State, Status as ResStatus};
use app::domain::sale::*;
use app::domain::time::Zone;
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::{Actor, SalesPort};
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;

pub struct SalesService {
    pub db: DatabaseConnection,
    pub live: Live,
}

/// Stored fen → yuan.
pub fn yuan_of(fen: i64) -> Decimal {
    Decimal::new(fen, 2)
}

/// Yuan (already whole fen) → stored fen.
pub fn fen_of(yuan: Decimal) -> i64 {
    (fen(yuan) * Decimal::ONE_HUNDRED).to_i64().unwrap_or(0)
}

/// Today in the chain's home zone (the day's gold price is set chain-wide).
fn today() -> NaiveDate {
    Zone::default().today()
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
        status: SaleStatus::parse(&s.status).ok_or(AppError::Internal)?,
        approval: Approval::parse(&s.approval).ok_or(AppError::Internal)?,
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
    pub fn new(db: DatabaseConnection, live: Live) -> Self {
        SalesService { db, live }
    }

    async fn find(&self, actor: &Actor, id: i32) -> Result<sale::Model, AppError> {
        sale::Entity::find_by_id(id)
            .filter(scope(actor)?)
            .one(&self.db)
            .await
            .map_err(internal)?
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
            .map_err(internal)
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
            .col_expr(sale::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(sale::Column::Id.eq(s.id))
            .filter(sale::Column::Version.eq(s.version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(txn)
            .await
            .map_err(internal)?;
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
            .map_err(internal)?
            .is_some_and(|d| d.by_weight);
        if !by_weight {
            return Ok(Priced {
                list_fen: it.price_fen,
                formula: String::new(),
            });
        }
        let gp = gold_price::Entity::find()
            .filter(gold_price::Column::Material.eq(it.material.as_str()))
            .filter(gold_price::Column::Day.eq(today()))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::Conflict(Msg::ErrNoGoldPrice))?;
        let g = GoldPricing {
            weight_g: Decimal::new(it.weight_mg, 3),
            price_per_g: yuan_of(gp.price_per_g_fen),
            labour_fee: yuan_of(it.labour_fee_fen),
        };
        Ok(Priced {
            list_fen: fen_of(g.list_price()),
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
        .map_err(internal)?;
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
            .map_err(internal)
    }

    async fn store(&self, id: i32) -> Result<store::Model, AppError> {
        store::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(internal)?
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
            .map_err(internal)?
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
            .map_err(internal)?
            .into_iter()
            .map(|s| s.id)
            .collect())
    }
}

#[async_trait]
impl SalesPort for SalesService {
    async fn new_sale(&self, actor: &Actor, reservation_id: Option<i32>) -> Result<i32, AppError> {
        let u = &actor.user;
        let store_id = u.store_id.ok_or(AppError::Forbidden)?;
        let now = Utc::now();
        let (consultant, customer_id, res) = match reservation_id {
            None => (u.id, None, None),
            Some(rid) => {
                let r = reservation::Entity::find_by_id(rid)
                    .filter(reservation::Column::StoreId.eq(store_id))
                    .one(&self.db)
                    .await
                    .map_err(internal)?
                    .ok_or(AppError::NotFound)?;
                if u.role == Role::Consultant && r.consultant_id != Some(u.id) {
                    return Err(AppError::NotFound);
                }
                let state = State {
                    status: ResStatus::parse(&r.status).ok_or(AppError::Internal)?,
                    service: ResService::parse(&r.service).ok_or(AppError::Internal)?,
                };
                if settle(state).is_none() {
                    return Err(AppError::Conflict(Msg::ErrReservationNotFinished));
                }
                // One open draft per reservation: settling again opens the same one.
                if let Some(d) = sale::Entity::find()
                    .filter(sale::Column::ReservationId.eq(rid))
                    .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
                    .one(&self.db)
                    .await
                    .map_err(internal)?
                {
                    return Ok(d.id);
                }
                (
                    r.consultant_id.unwrap_or(u.id),
                    Some(r.customer_id),
                    Some(r),
                )
            }
        };
        let held: Vec<item::Model> = match &res {
            Some(r) => item::Entity::find()
                .filter(item::Column::ReservedReservationId.eq(r.id))
                .filter(item::Column::Status.eq(ItemStatus::Reserved.as_str()))
                .filter(item::Column::StoreId.eq(store_id))
                .all(&self.db)
                .await
                .map_err(internal)?,
            None => Vec::new(),
        };
        let mut priced = Vec::with_capacity(held.len());
        for it in &held {
            priced.push(self.price(it).await?);
        }
        let txn = self.db.begin().await.map_err(internal)?;
        let s = sale::ActiveModel {
            store_id: Set(store_id),
            consultant_id: Set(consultant),
            customer_id: Set(customer_id),
            reservation_id: Set(reservation_id),
            status: Set(SaleStatus::Draft.as_str().into()),
            approval: Set(Approval::NotNeeded.as_str().into()),
            approval_note: Set(String::new()),
            list_total_fen: Set(0),
            discount_total_fen: Set(0),
            total_fen: Set(0),
            note: Set(String::new()),
            version: Set(0),
            created_by: Set(u.id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        for (i, (it, p)) in held.iter().zip(priced).enumerate() {
            self.insert_item_line(&txn, s.id, i32::try_from(i).unwrap_or(0) + 1, it, p)
                .await?;
        }
        recompute(&txn, s.id).await?;
        txn.commit().await.map_err(internal)?;
        Ok(s.id)
    }

    async fn detail(&self, actor: &Actor, id: i32) -> Result<SaleView, AppError> {
        let s = self.find(actor, id).await?;
        let lines = self.lines(&self.db, id).await?;
        let pays = sale_payment::Entity::find()
            .filter(sale_payment::Column::SaleId.eq(id))
            .order_by_asc(sale_payment::Column::Id)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let st = store::Entity::find_by_id(s.store_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let returns = sale_return::Entity::find()
            .filter(sale_return::Column::SaleId.eq(id))
            .order_by_asc(sale_return::Column::Id)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let mut staff_ids = vec![s.consultant_id];
        staff_ids.extend(s.approved_by);
        staff_ids.extend(returns.iter().map(|r| r.by_staff));
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(staff_ids))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|m| (m.id, m.display_name))
            .collect();
        let cust = match s.customer_id {
            Some(cid) => customer::Entity::find_by_id(cid)
                .one(&self.db)
                .await
                .map_err(internal)?,
            None => None,
        };
        let full_mobile =
            app::domain::policy::serves_record(viewer(actor), s.store_id, Some(s.consultant_id));
        let number = match s.reservation_id {
            Some(rid) => reservation::Entity::find_by_id(rid)
                .one(&self.db)
                .await
                .map_err(internal)?
                .map(|r| r.number),
            None => None,
        };
        let items: HashMap<i32, item::Model> = item::Entity::find()
            .filter(item::Column::Id.is_in(lines.iter().filter_map(|l| l.item_id)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let money: Vec<LineMoney> = lines.iter().map(line_money).collect();
        let payments: Vec<Payment> = pays
            .iter()
            .filter(|p| p.amount_fen > 0)
            .filter_map(|p| {
                PaymentMethod::parse(&p.method).map(|m| Payment {
                    method: m,
                    amount: yuan_of(p.amount_fen),
                })
            })
            .collect();
        let limit = Decimal::new(st.discount_limit_bp.into(), 2);
        let deposit_available: Decimal = self
            .open_deposits(&self.db, s.reservation_id)
            .await?
            .iter()
            .map(|d| yuan_of(d.amount_fen))
            .sum();
        let return_until = s.completed_at.map(|at| {
            Zone::of_store(&st.time_zone).date_of(at)
                + chrono::Days::new(u64::try_from(st.return_days).unwrap_or(0))
        });
        let returnable = step(&s, SaleEvent::Return { all_back: false }).is_ok();
        let may_return = returnable
            && may_approve(actor, &s)
            && return_until.is_some_and(|d| Zone::of_store(&st.time_zone).date_of(Utc::now()) <= d);
        let returns = returns
            .iter()
            .map(|r| ReturnView {
                id: r.id,
                at: r.at,
                by: names.get(&r.by_staff).cloned().unwrap_or_default(),
                reason: r.reason.clone(),
                refund: yuan_of(r.refund_fen),
                lines: lines
                    .iter()
                    .filter(|l| l.return_id == Some(r.id))
                    .map(|l| l.description.clone())
                    .collect(),
            })
            .collect();
        Ok(SaleView {
            returns,
            return_until,
            may_return,
            id: s.id,
            version: s.version,
            receipt_no: s.receipt_no.clone(),
            status: SaleStatus::parse(&s.status).unwrap_or(SaleStatus::Draft),
            approval: Approval::parse(&s.approval).unwrap_or(Approval::NotNeeded),
            approval_note: s.approval_note.clone(),
            approved_by: s
                .approved_by
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
            store_id: st.id,
            store_name: st.name,
            store_address: st.address,
            store_phone: st.phone,
            consultant_id: s.consultant_id,
            consultant_name: names.get(&s.consultant_id).cloned().unwrap_or_default(),
            customer: cust.map(|c| CustomerHit {
                id: c.id,
                name: c.name,
                chain_customer_of: None,
                mobile: app::domain::policy::shown_mobile(
                    viewer(actor),
                    app::domain::policy::Place::Record,
                    full_mobile,
                    &c.mobile,
                ),
            }),
            reservation_id: s.reservation_id,
            reservation_number: number,
            lines: lines
                .iter()
                .map(|l| SaleLineView {
                    id: l.id,
                    kind: l.kind.clone(),
                    item_id: l.item_id,
                    barcode: l.barcode.clone(),
                    style_no: l.style_no.clone(),
                    description: l.description.clone(),
                    cert_no: l.cert_no.clone(),
                    summary: l
                        .item_id
                        .and_then(|i| items.get(&i))
                        .map(summary)
                        .unwrap_or_default(),
                    formula: l.formula.clone(),
                    list_price: yuan_of(l.list_price_fen),
                    discount: yuan_of(l.discount_fen),
                    final_price: yuan_of(l.final_price_fen),
                    returned: l.return_id.is_some(),
                })
                .collect(),
            payments: pays
                .iter()
                .filter_map(|p| {
                    PaymentMethod::parse(&p.method).map(|m| PaymentView {
                        method: m,
                        amount: yuan_of(p.amount_fen),
                        reference: p.reference.clone(),
                    })
                })
                .collect(),
            totals: totals(&money, &payments),
            deposit_available,
            discount_limit: limit,
            needs_approval: needs_approval(&money, limit),
            created_at: s.created_at,
            completed_at: s.completed_at,
            business_day: s.business_day,
            may_edit: may_edit(actor, &s) && step(&s, SaleEvent::Edit).is_ok(),
            may_approve: may_approve(actor, &s),
        })
    }

    async fn add_item(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        barcode: String,
    ) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let barcode = barcode.trim();
        let it = item::Entity::find()
            .filter(item::Column::Barcode.eq(barcode))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::field("barcode", Msg::ErrUnknownBarcode))?;
        if it.store_id != s.store_id {
            return Err(AppError::field("barcode", Msg::ErrOtherStoreItemSale));
        }
        let reserved_here = it.status == ItemStatus::Reserved.as_str()
            && (it.reserved_customer_id.is_some() && it.reserved_customer_id == s.customer_id
                || it.reserved_reservation_id.is_some()
                    && it.reserved_reservation_id == s.reservation_id);
        if it.status == ItemStatus::Reserved.as_str() && !reserved_here {
            return Err(AppError::field("barcode", Msg::ErrItemHeldForOther));
        }
        if it.status != ItemStatus::InStock.as_str() && !reserved_here {
            return Err(AppError::field("barcode", Msg::ErrItemNotForSale));
        }
        let lines = self.lines(&self.db, id).await?;
        if lines.iter().any(|l| l.item_id == Some(it.id)) {
            return Err(AppError::field("barcode", Msg::ErrItemOnSale));
        }
        let position = lines.iter().map(|l| l.position).max().unwrap_or(0) + 1;
        let priced = self.price(&it).await?;
        let txn = self.db.begin().await.map_err(internal)?;
        self.touch(&txn, &s).await?;
        self.insert_item_line(&txn, id, position, &it, priced)
            .await?;
        recompute(&txn, id).await?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn add_service(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        description: String,
        price: Decimal,
    ) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let lines = self.lines(&self.db, id).await?;
        let position = lines.iter().map(|l| l.position).max().unwrap_or(0) + 1;
        let txn = self.db.begin().await.map_err(internal)?;
        self.touch(&txn, &s).await?;
        let price_fen = fen_of(price);
        sale_line::ActiveModel {
            sale_id: Set(id),
            position: Set(position),
            kind: Set("service".into()),
            description: Set(description),
            list_price_fen: Set(price_fen),
            discount_fen: Set(0),
            final_price_fen: Set(price_fen),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        recompute(&txn, id).await?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn remove_line(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_id: i32,
    ) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let txn = self.db.begin().await.map_err(internal)?;
        self.touch(&txn, &s).await?;
        let res = sale_line::Entity::delete_many()
            .filter(sale_line::Column::Id.eq(line_id))
            .filter(sale_line::Column::SaleId.eq(id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::NotFound);
        }
        recompute(&txn, id).await?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn set_discount(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        line_id: i32,
        discount: Discount,
    ) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let line = sale_line::Entity::find_by_id(line_id)
            .filter(sale_line::Column::SaleId.eq(id))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let amount = discount_amount(yuan_of(line.list_price_fen), discount)
            .map_err(|_| AppError::field("discount", Msg::ErrBadDiscount))?;
        let off = fen_of(amount);
        let txn = self.db.begin().await.map_err(internal)?;
        self.touch(&txn, &s).await?;
        sale_line::Entity::update_many()
            .col_expr(sale_line::Column::DiscountFen, Expr::value(off))
            .col_expr(
                sale_line::Column::FinalPriceFen,
                Expr::value(line.list_price_fen - off),
            )
            .filter(sale_line::Column::Id.eq(line_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        recompute(&txn, id).await?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn set_customer(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        customer_id: i32,
    ) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        customer::Entity::find_by_id(customer_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::field("customer", Msg::ErrChooseCustomer))?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::CustomerId, Expr::value(Some(customer_id)))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&self.db)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        Ok(())
    }

    async fn request_approval(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        let st = store::Entity::find_by_id(s.store_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let lines = self.lines(&self.db, id).await?;
        let money: Vec<LineMoney> = lines.iter().map(line_money).collect();
        let needed = needs_approval(&money, Decimal::new(st.discount_limit_bp.into(), 2));
        let to = step(&s, SaleEvent::RequestApproval { needed })?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Approval, Expr::value(to.approval.as_str()))
            .col_expr(sale::Column::ApprovalNote, Expr::value(""))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&self.db)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let mut to = self.store_managers(s.store_id).await?;
        to.push(s.consultant_id);
        self.publish(s.store_id, to, "approval").await;
        Ok(())
    }

    async fn decide(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        approve: bool,
        note: String,
    ) -> Result<(), AppError> {
        let s = self.find(actor, id).await?;
        if !may_approve(actor, &s) {
            return Err(AppError::Forbidden);
        }
        let decision = step(&s, SaleEvent::Decide { approve })?.approval;
        let now = Utc::now();
        let txn = self.db.begin().await.map_err(internal)?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Approval, Expr::value(decision.as_str()))
            .col_expr(
                sale::Column::ApprovalNote,
                Expr::value(note.chars().take(500).collect::<String>()),
            )
            .col_expr(sale::Column::ApprovedBy, Expr::value(Some(actor.user.id)))
            .col_expr(sale::Column::ApprovedAt, Expr::value(Some(now)))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(s.status.as_str()))
            .filter(sale::Column::Approval.eq(s.approval.as_str()))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        audit::record(
            &txn,
            audit::Event::by(
                actor,
                if approve {
                    "sale.discount_approve"
                } else {
                    "sale.discount_reject"
                },
                "sale",
                id,
            )
            .after(serde_json::json!({
                "discount": yuan_of(s.discount_total_fen).to_string(),
                "list": yuan_of(s.list_total_fen).to_string(),
                "note": note,
            })),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        let mut to = self.store_managers(s.store_id).await?;
        to.push(s.consultant_id);
        self.publish(s.store_id, to, "approval").await;
        Ok(())
    }

    async fn complete(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        payments: Vec<(Payment, String)>,
    ) -> Result<String, AppError> {
        let s = self.find(actor, id).await?;
        if !may_edit(actor, &s) {
            return Err(AppError::Forbidden);
        }
        // The state first (a completed sale says so before anything else is checked).
        step(
            &s,
            SaleEvent::Complete {
                needs_approval: false,
            },
        )?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let customer_id = s
            .customer_id
            .ok_or_else(|| AppError::field("customer", Msg::ErrSaleNeedsCustomer))?;
        let lines = self.lines(&self.db, id).await?;
        if lines.is_empty() {
            return Err(AppError::Conflict(Msg::ErrSaleEmpty));
        }
        let st = store::Entity::find_by_id(s.store_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let money: Vec<LineMoney> = lines.iter().map(line_money).collect();
        let to = step(
            &s,
            SaleEvent::Complete {
                needs_approval: needs_approval(
                    &money,
                    Decimal::new(st.discount_limit_bp.into(), 2),
                ),
            },
        )?;
        let t = totals(&money, &[]);
        let deposits = self.open_deposits(&self.db, s.reservation_id).await?;
        let available: Decimal = deposits.iter().map(|d| yuan_of(d.amount_fen)).sum();
        let pays: Vec<Payment> = payments.iter().map(|(p, _)| *p).collect();
        check_payments(t.total, &pays, available).map_err(|e| {
            AppError::field(
                "payments",
                match e {
                    MoneyError::Short(_) => Msg::ErrPaymentsShort,
                    MoneyError::Over(_) => Msg::ErrPaymentsOver,
                    MoneyError::DepositExceeded => Msg::ErrDepositExceeded,
                    _ => Msg::ErrBadAmount,
                },
            )
        })?;
        let deposit_used: Decimal = pays
            .iter()
            .filter(|p| p.method == PaymentMethod::Deposit)
            .map(|p| p.amount)
            .sum();
        if !deposit_used.is_zero() && deposit_used != available {
            return Err(AppError::field("payments", Msg::ErrDepositWhole));
        }
        let now = Utc::now();
        let day = Zone::of_store(&st.time_zone).date_of(now);
        let txn = self.db.begin().await.map_err(internal)?;
        // The compare-and-set first: of two completions of one draft, one gets here.
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Status, Expr::value(to.status.as_str()))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::CompletedAt, Expr::value(Some(now)))
            .col_expr(sale::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                sale::Column::ListTotalFen,
                Expr::value(fen_of(t.list_total)),
            )
            .col_expr(
                sale::Column::DiscountTotalFen,
                Expr::value(fen_of(t.discount_total)),
            )
            .col_expr(sale::Column::TotalFen, Expr::value(fen_of(t.total)))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleAlreadyCompleted));
        }
        // Receipt number: the store's next free number of the day.
        let receipt = numbering::next(
            &txn,
            &numbering::receipt_series(s.store_id, day),
            numbering::RECEIPT,
            |seq| receipt_number(s.store_id, day, u32::try_from(seq).unwrap_or(u32::MAX)),
        )
        .await?;
        // The takings day: today, or the next open day once today is closed (日结).
        let bday = self.business_day(&txn, &st, now).await?;
        sale::Entity::update_many()
            .col_expr(sale::Column::ReceiptNo, Expr::value(Some(receipt.clone())))
            .col_expr(sale::Column::BusinessDay, Expr::value(Some(bday)))
            .filter(sale::Column::Id.eq(id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        // Every item to sold: in stock, or held for this customer/reservation; else nothing.
        for l in lines.iter().filter(|l| l.item_id.is_some()) {
            let item_id = l.item_id.unwrap_or_default();
            let mut held_here =
                Condition::any().add(item::Column::ReservedCustomerId.eq(customer_id));
            if let Some(rid) = s.reservation_id {
                held_here = held_here.add(item::Column::ReservedReservationId.eq(rid));
            }
            let before = item::Entity::find_by_id(item_id)
                .one(&txn)
                .await
                .map_err(internal)?
                .ok_or(AppError::NotFound)?;
            let res = item::Entity::update_many()
                .col_expr(item::Column::Status, Expr::value(ItemStatus::Sold.as_str()))
                .col_expr(
                    item::Column::ReservedCustomerId,
                    Expr::value(Option::<i32>::None),
                )
                .col_expr(
                    item::Column::ReservedReservationId,
                    Expr::value(Option::<i32>::None),
                )
                .col_expr(
                    item::Column::ReservedUntil,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .col_expr(item::Column::ReservedBy, Expr::value(Option::<i32>::None))
                .col_expr(
                    item::Column::Version,
                    Expr::col(item::Column::Version).add(1),
                )
                .col_expr(item::Column::UpdatedAt, Expr::value(now))
                .filter(item::Column::Id.eq(item_id))
                .filter(item::Column::StoreId.eq(s.store_id))
                .filter(
                    Condition::any()
                        .add(item::Column::Status.eq(ItemStatus::InStock.as_str()))
                        .add(
                            Condition::all()
                                .add(item::Column::Status.eq(ItemStatus::Reserved.as_str()))
                                .add(held_here),
                        ),
                )
                .exec(&txn)
                .await
                .map_err(internal)?;
            if res.rows_affected != 1 {
                return Err(AppError::Conflict(Msg::ErrSaleItemGone));
            }
            add_history(
                &txn,
                now,
                HistoryEntry {
                    item_id,
                    kind: HistoryKind::Sale,
                    from: before.status,
                    to: ItemStatus::Sold.as_str().into(),
                    note: format!("销售小票 {receipt}"),
                    actor: Some(actor),
                },
            )
            .await?;
        }
        // Payments; the deposits they use are applied to this sale.
        let deposit_id = deposits.first().map(|d| d.id);
        for (p, reference) in &payments {
            sale_payment::ActiveModel {
                sale_id: Set(id),
                method: Set(p.method.as_str().into()),
                amount_fen: Set(fen_of(p.amount)),
                reference: Set(reference.chars().take(100).collect()),
                deposit_id: Set(if p.method == PaymentMethod::Deposit {
                    deposit_id
                } else {
                    None
                }),
                business_day: Set(Some(bday)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
        }
        if !deposit_used.is_zero() {
            let res = deposit::Entity::update_many()
                .col_expr(deposit::Column::AppliedSaleId, Expr::value(Some(id)))
                .filter(deposit::Column::Id.is_in(deposits.iter().map(|d| d.id)))
                .filter(deposit::Column::AppliedSaleId.is_null())
                .exec(&txn)
                .await
                .map_err(internal)?;
            if res.rows_affected != deposits.len() as u64 {
                return Err(AppError::Conflict(Msg::ErrDepositExceeded));
            }
        }
        // The reservation becomes 已成交.
        if let Some(rid) = s.reservation_id {
            let r = reservation::Entity::find_by_id(rid)
                .one(&txn)
                .await
                .map_err(internal)?
                .ok_or(AppError::NotFound)?;
            let from = State {
                status: ResStatus::parse(&r.status).ok_or(AppError::Internal)?,
                service: ResService::parse(&r.service).ok_or(AppError::Internal)?,
            };
            let to = settle(from).ok_or(AppError::Conflict(Msg::ErrReservationNotFinished))?;
            let res = reservation::Entity::update_many()
                .col_expr(reservation::Column::Status, Expr::value(to.status.as_str()))
                .col_expr(
                    reservation::Column::Version,
                    Expr::col(reservation::Column::Version).add(1),
                )
                .col_expr(reservation::Column::UpdatedAt, Expr::value(now))
                .filter(reservation::Column::Id.eq(rid))
                .filter(reservation::Column::Version.eq(r.version))
                .exec(&txn)
                .await
                .map_err(internal)?;
            if res.rows_affected != 1 {
                return Err(AppError::Conflict(Msg::ErrStateChanged));
            }
            reservation_history::ActiveModel {
                reservation_id: Set(rid),
                at: Set(now),
                actor_id: Set(Some(actor.user.id)),
                actor_name: Set(actor.user.display_name.clone()),
                kind: Set("status".into()),
                from_value: Set(from.status.as_str().into()),
                to_value: Set(to.status.as_str().into()),
                note: Set(format!("结算 销售小票 {receipt}")),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "sale.complete", "sale", id).after(serde_json::json!({
                "receipt": receipt,
                "total": t.total.to_string(),
                "discount": t.discount_total.to_string(),
                "payments": pays.iter().map(|p| serde_json::json!({"method": p.method.as_str(), "amount": p.amount.to_string()})).collect::<Vec<_>>(),
            })),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        self.publish(s.store_id, vec![s.consultant_id], "sale")
            .await;
        Ok(receipt)
    }

    async fn void(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        let to = step(&s, SaleEvent::Void)?;
        let txn = self.db.begin().await.map_err(internal)?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Status, Expr::value(to.status.as_str()))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        audit::record(&txn, audit::Event::by(actor, "sale.void", "sale", s.id))
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn take_deposit(
        &self,
        actor: &Actor,
        reservation_id: i32,
        payment: Payment,
        reference: String,
    ) -> Result<(), AppError> {
        let u = &actor.user;
        let store_id = u.store_id.ok_or(AppError::Forbidden)?;
        let r = reservation::Entity::find_by_id(reservation_id)
            .filter(reservation::Column::StoreId.eq(store_id))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        if u.role == Role::Consultant && r.consultant_id != Some(u.id) {
            return Err(AppError::NotFound);
        }
        if r.status == ResStatus::Void.as_str() {
            return Err(AppError::Conflict(Msg::ErrIllegalTransition));
        }
        if payment.method == PaymentMethod::Deposit
            || payment.amount <= Decimal::ZERO
            || !is_whole_fen(payment.amount)
        {
            return Err(AppError::field("amount", Msg::ErrBadAmount));
        }
        let now = Utc::now();
        let day = self
            .business_day(&self.db, &self.store(store_id).await?, now)
            .await?;
        let txn = self.db.begin().await.map_err(internal)?;
        let d = deposit::ActiveModel {
            reservation_id: Set(r.id),
            customer_id: Set(r.customer_id),
            store_id: Set(store_id),
            method: Set(payment.method.as_str().into()),
            amount_fen: Set(fen_of(payment.amount)),
            reference: Set(reference.chars().take(100).collect()),
            taken_by: Set(u.id),
            taken_at: Set(now),
            business_day: Set(day),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        audit::record(
            &txn,
            audit::Event::by(actor, "deposit.take", "reservation", r.id).after(serde_json::json!({
                "deposit": d.id, "method": payment.method.as_str(), "amount": payment.amount.to_string(),
            })),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn deposits(
        &self,
        actor: &Actor,
        reservation_id: i32,
    ) -> Result<Vec<DepositView>, AppError> {
        let u = &actor.user;
        let r = reservation::Entity::find_by_id(reservation_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        if !data_scope(u.role, u.id, u.store_id).may_read_store(r.store_id)
            || u.role == Role::Consultant && r.consultant_id != Some(u.id)
        {
            return Err(AppError::NotFound);
        }
        let list = deposit::Entity::find()
            .filter(deposit::Column::ReservationId.eq(reservation_id))
            .order_by_asc(deposit::Column::Id)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(list.iter().map(|d| d.taken_by)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        let receipts: HashMap<i32, Option<String>> = sale::Entity::find()
            .filter(sale::Column::Id.is_in(list.iter().filter_map(|d| d.applied_sale_id)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.receipt_no))
            .collect();
        Ok(list
            .into_iter()
            .map(|d| DepositView {
                id: d.id,
                method: PaymentMethod::parse(&d.method).unwrap_or(PaymentMethod::Cash),
                amount: yuan_of(d.amount_fen),
                reference: d.reference,
                taken_by: names.get(&d.taken_by).cloned().unwrap_or_default(),
                taken_at: d.taken_at,
                applied_receipt: d
                    .applied_sale_id
                    .and_then(|s| receipts.get(&s).cloned().flatten()),
            })
            .collect())
    }

    async fn list(
        &self,
        actor: &Actor,
        f: SaleFilter,
        req: PageReq,
    ) -> Result<Page<SaleRow>, AppError> {
        let mut c = scope(actor)?;
        if let Some(s) = SaleStatus::parse(f.status.trim()) {
            c = c.add(sale::Column::Status.eq(s.as_str()));
        }
        if let Some(a) = Approval::parse(f.approval.trim()) {
            c = c.add(sale::Column::Approval.eq(a.as_str()));
        }
        let q = f.q.trim();
        if !q.is_empty() {
            let mut any = Condition::any().add(sale::Column::ReceiptNo.eq(q));
            let digits: String = q.chars().filter(char::is_ascii_digit).collect();
            let mut cust = customer::Entity::find();
            cust = if digits.len() == q.len() {
                cust.filter(customer::Column::Mobile.contains(q))
            } else {
                cust.filter(customer::Column::Name.contains(q))
            };
            let ids: Vec<i32> = cust
                .all(&self.db)
                .await
                .map_err(internal)?
                .into_iter()
                .take(500)
                .map(|c| c.id)
                .collect();
            if !ids.is_empty() {
                any = any.add(sale::Column::CustomerId.is_in(ids));
            }
            c = c.add(any);
        }
        let dir = if req.desc { Order::Desc } else { Order::Asc };
        let query = sale::Entity::find().filter(c);
        let query = match req.sort_or(&["created", "total", "receipt"], "created") {
            "total" => query.order_by(sale::Column::TotalFen, dir.clone()),
            "receipt" => query.order_by(sale::Column::ReceiptNo, dir.clone()),
            _ => query.order_by(sale::Column::CreatedAt, dir.clone()),
        };
        let pager = query
            .order_by(sale::Column::Id, dir)
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.map_err(internal)?;
        let items = pager.fetch_page(req.page - 1).await.map_err(internal)?;
        let stores: HashMap<i32, String> = store::Entity::find()
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(items.iter().map(|s| s.consultant_id)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        let customers: HashMap<i32, customer::Model> = customer::Entity::find()
            .filter(customer::Column::Id.is_in(items.iter().filter_map(|s| s.customer_id)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut counts: HashMap<i32, u32> = HashMap::new();
        for l in sale_line::Entity::find()
            .filter(sale_line::Column::SaleId.is_in(items.iter().map(|s| s.id)))
            .all(&self.db)
            .await
            .map_err(internal)?
        {
            *counts.entry(l.sale_id).or_default() += 1;
        }
        Ok(Page {
            items: items
                .into_iter()
                .map(|s| {
                    let c = s.customer_id.and_then(|id| customers.get(&id));
                    SaleRow {
                        id: s.id,
                        receipt_no: s.receipt_no.clone(),
                        status: SaleStatus::parse(&s.status).unwrap_or(SaleStatus::Draft),
                        approval: Approval::parse(&s.approval).unwrap_or(Approval::NotNeeded),
                        store_name: stores.get(&s.store_id).cloned().unwrap_or_default(),
                        consultant_name: names.get(&s.consultant_id).cloned().unwrap_or_default(),
                        customer_name: c.map(|c| c.name.clone()).unwrap_or_default(),
                        // A list: masked for every role.
                        customer_mobile: c.map(|c| mask(&c.mobile)).unwrap_or_default(),
                        lines: counts.get(&s.id).copied().unwrap_or(0),
                        total: yuan_of(s.total_fen),
                        created_at: s.created_at,
                        completed_at: s.completed_at,
                    }
                })
                .collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }

    async fn gold_prices(&self) -> Result<Vec<GoldPriceRow>, AppError> {
        let day = today();
        let mats = dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .filter(dict::Column::ByWeight.eq(true))
            .order_by_asc(dict::Column::SortOrder)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let prices: HashMap<String, gold_price::Model> = gold_price::Entity::find()
            .filter(gold_price::Column::Day.eq(day))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|p| (p.material.clone(), p))
            .collect();
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(prices.values().filter_map(|p| p.set_by)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        Ok(mats
            .into_iter()
            .map(|m| {
                let p = prices.get(&m.code);
                GoldPriceRow {
                    material: m.code.clone(),
                    label: m.label_zh.clone(),
                    day,
                    price_per_g: p.map(|p| yuan_of(p.price_per_g_fen)),
                    set_by: p
                        .and_then(|p| p.set_by)
                        .and_then(|id| names.get(&id).cloned())
                        .unwrap_or_default(),
                }
            })
            .collect())
    }

    async fn set_gold_price(
        &self,
        actor: &Actor,
        material: String,
        price: Decimal,
    ) -> Result<(), AppError> {
        dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .filter(dict::Column::Code.eq(material.as_str()))
            .filter(dict::Column::ByWeight.eq(true))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::field("material", Msg::ErrNotWeightPriced))?;
        let now = Utc::now();
        let day = today();
        let txn = self.db.begin().await.map_err(internal)?;
        gold_price::Entity::insert(gold_price::ActiveModel {
            material: Set(material.clone()),
            day: Set(day),
            price_per_g_fen: Set(fen_of(price)),
            set_by: Set(Some(actor.user.id)),
            set_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([gold_price::Column::Material, gold_price::Column::Day])
                .update_columns([
                    gold_price::Column::PricePerGFen,
                    gold_price::Column::SetBy,
                    gold_price::Column::SetAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await
        .map_err(internal)?;
        audit::record(
            &txn,
            audit::Event::by(actor, "gold_price.set", "gold_price", &material).after(
                serde_json::json!({
                    "day": day.to_string(), "price_per_g": price.to_string(),
                }),
            ),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
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
        let s = self.find(actor, id).await?;
        if !may_approve(actor, &s) {
            return Err(AppError::Forbidden);
        }
        step(&s, SaleEvent::Return { all_back: false })?;
        if s.version != version {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(AppError::field("reason", Msg::ErrRequired));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::field("reason", Msg::ErrTooLong));
        }
        let st = self.store(s.store_id).await?;
        let now = Utc::now();
        let sold = Zone::of_store(&st.time_zone).date_of(s.completed_at.unwrap_or(s.created_at));
        if !within_return_period(
            sold,
            Zone::of_store(&st.time_zone).date_of(now),
            u32::try_from(st.return_days).unwrap_or(0),
        ) {
            return Err(AppError::Conflict(Msg::ErrReturnPeriodOver));
        }
        let lines = self.lines(&self.db, id).await?;
        let mut wanted = line_ids;
        wanted.sort_unstable();
        wanted.dedup();
        let chosen: Vec<&sale_line::Model> =
            lines.iter().filter(|l| wanted.contains(&l.id)).collect();
        if wanted.is_empty() || chosen.len() != wanted.len() {
            return Err(AppError::field("lines", Msg::ErrReturnNoLines));
        }
        if chosen.iter().any(|l| l.return_id.is_some()) {
            return Err(AppError::Conflict(Msg::ErrLineReturned));
        }
        let pays = sale_payment::Entity::find()
            .filter(sale_payment::Column::SaleId.eq(id))
            .all(&self.db)
            .await
            .map_err(internal)?;
        let as_payment = |p: &sale_payment::Model| {
            PaymentMethod::parse(&p.method).map(|m| Payment {
                method: m,
                amount: yuan_of(p.amount_fen.abs()),
            })
        };
        let paid: Vec<Payment> = pays
            .iter()
            .filter(|p| p.amount_fen > 0)
            .filter_map(as_payment)
            .collect();
        let before: Vec<Payment> = pays
            .iter()
            .filter(|p| p.amount_fen < 0)
            .filter_map(as_payment)
            .collect();
        let money: Vec<LineMoney> = chosen.iter().map(|l| line_money(l)).collect();
        let given: Vec<Payment> = refunds.iter().map(|(p, _)| *p).collect();
        check_refunds(&money, &given, &paid, &before).map_err(|e| {
            AppError::field(
                "refunds",
                match e {
                    MoneyError::RefundMismatch => Msg::ErrRefundMismatch,
                    MoneyError::RefundExceedsMethod(_) => Msg::ErrRefundExceedsMethod,
                    _ => Msg::ErrBadAmount,
                },
            )
        })?;
        let all_back = lines
            .iter()
            .all(|l| l.return_id.is_some() || wanted.contains(&l.id));
        let refund_total: Decimal = given.iter().map(|p| p.amount).sum();
        let txn = self.db.begin().await.map_err(internal)?;
        let to = step(&s, SaleEvent::Return { all_back })?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Status, Expr::value(to.status.as_str()))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::UpdatedAt, Expr::value(now))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Completed.as_str()))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let day = self.business_day(&txn, &st, now).await?;
        let ret = sale_return::ActiveModel {
            sale_id: Set(id),
            reason: Set(reason.clone()),
            refund_fen: Set(fen_of(refund_total)),
            by_staff: Set(actor.user.id),
            at: Set(now),
            business_day: Set(day),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        let res = sale_line::Entity::update_many()
            .col_expr(sale_line::Column::ReturnId, Expr::value(Some(ret.id)))
            .filter(sale_line::Column::Id.is_in(wanted.clone()))
            .filter(sale_line::Column::SaleId.eq(id))
            .filter(sale_line::Column::ReturnId.is_null())
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != wanted.len() as u64 {
            return Err(AppError::Conflict(Msg::ErrLineReturned));
        }
        let receipt = s.receipt_no.clone().unwrap_or_default();
        for item_id in chosen.iter().filter_map(|l| l.item_id) {
            let res = item::Entity::update_many()
                .col_expr(
                    item::Column::Status,
                    Expr::value(ItemStatus::InStock.as_str()),
                )
                .col_expr(
                    item::Column::Version,
                    Expr::col(item::Column::Version).add(1),
                )
                .col_expr(item::Column::UpdatedAt, Expr::value(now))
                .filter(item::Column::Id.eq(item_id))
                .filter(item::Column::Status.eq(ItemStatus::Sold.as_str()))
                .exec(&txn)
                .await
                .map_err(internal)?;
            // An item the ERP moved on since the sale keeps its status; the return is still
            // recorded, and its history says so.
            let back = res.rows_affected == 1;
            let to = if back {
                ItemStatus::InStock
            } else {
                ItemStatus::Sold
            };
            add_history(
                &txn,
                now,
                HistoryEntry {
                    item_id,
                    kind: HistoryKind::Return,
                    from: ItemStatus::Sold.as_str().into(),
                    to: to.as_str().into(),
                    note: format!("退货 销售小票 {receipt}：{reason}"),
                    actor: Some(actor),
                },
            )
            .await?;
        }
        for (p, reference) in &refunds {
            sale_payment::ActiveModel {
                sale_id: Set(id),
                method: Set(p.method.as_str().into()),
                amount_fen: Set(-fen_of(p.amount)),
                reference: Set(reference.chars().take(100).collect()),
                deposit_id: Set(None),
                return_id: Set(Some(ret.id)),
                business_day: Set(Some(day)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "sale.return", "sale", id).after(serde_json::json!({
                "receipt": receipt,
                "return": ret.id,
                "lines": wanted,
                "reason": reason,
                "refunds": given.iter().map(|p| serde_json::json!({"method": p.method.as_str(), "amount": p.amount.to_string()})).collect::<Vec<_>>(),
            })),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        self.publish(s.store_id, vec![s.consultant_id], "sale")
            .await;
        Ok(())
    }

    async fn takings(
        &self,
        actor: &Actor,
        store_id: Option<i32>,
        day: Option<NaiveDate>,
    ) -> Result<TakingsView, AppError> {
        let u = &actor.user;
        let scope = data_scope(u.role, u.id, u.store_id);
        let store_id = match (scope, store_id) {
            (DataScope::All, Some(s)) => s,
            (DataScope::All, None) => store::Entity::find()
                .order_by_asc(store::Column::Id)
                .one(&self.db)
                .await
                .map_err(internal)?
                .map(|s| s.id)
                .ok_or(AppError::NotFound)?,
            (DataScope::Store { store_id: own }, s) if s.is_none_or(|s| s == own) => own,
            _ => return Err(AppError::Forbidden),
        };
        let st = self.store(store_id).await?;
        let now = Utc::now();
        let today = Zone::of_store(&st.time_zone).date_of(now);
        let day = day.unwrap_or(today);
        let closed = day_close::Entity::find_by_id((store_id, day))
            .one(&self.db)
            .await
            .map_err(internal)?;
        let sales = sale::Entity::find()
            .filter(sale::Column::StoreId.eq(store_id))
            .filter(sale::Column::BusinessDay.eq(day))
            .filter(sale::Column::Status.is_in([
                SaleStatus::Completed.as_str(),
                SaleStatus::Returned.as_str(),
            ]))
            .order_by_asc(sale::Column::CompletedAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let pays = sale_payment::Entity::find()
            .filter(sale_payment::Column::BusinessDay.eq(day))
            .filter(
                sale_payment::Column::SaleId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(sale::Column::Id)
                        .from(sale::Entity)
                        .and_where(sale::Column::StoreId.eq(store_id))
                        .to_owned(),
                ),
            )
            .all(&self.db)
            .await
            .map_err(internal)?;
        let deposits = deposit::Entity::find()
            .filter(deposit::Column::StoreId.eq(store_id))
            .filter(deposit::Column::BusinessDay.eq(day))
            .all(&self.db)
            .await
            .map_err(internal)?;
        let returns = sale_return::Entity::find()
            .filter(sale_return::Column::BusinessDay.eq(day))
            .filter(
                sale_return::Column::SaleId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(sale::Column::Id)
                        .from(sale::Entity)
                        .and_where(sale::Column::StoreId.eq(store_id))
                        .to_owned(),
                ),
            )
            .order_by_asc(sale_return::Column::At)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let returned_sales: HashMap<i32, Option<String>> = sale::Entity::find()
            .filter(sale::Column::Id.is_in(returns.iter().map(|r| r.sale_id)))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, s.receipt_no))
            .collect();
        let mut staff_ids: Vec<i32> = sales
            .iter()
            .flat_map(|s| std::iter::once(s.consultant_id).chain(s.approved_by))
            .chain(returns.iter().map(|r| r.by_staff))
            .chain(closed.iter().map(|c| c.closed_by))
            .collect();
        staff_ids.sort_unstable();
        staff_ids.dedup();
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(staff_ids))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|m| (m.id, m.display_name))
            .collect();
        let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
        let mut entries: Vec<DayEntry> = sales
            .iter()
            .map(|s| DayEntry::Sale {
                total: yuan_of(s.total_fen),
                discount: yuan_of(s.discount_total_fen),
            })
            .collect();
        for p in &pays {
            let Some(method) = PaymentMethod::parse(&p.method) else {
                continue;
            };
            let pay = Payment {
                method,
                amount: yuan_of(p.amount_fen.abs()),
            };
            entries.push(if p.amount_fen < 0 {
                DayEntry::Refund(pay)
            } else {
                DayEntry::Paid(pay)
            });
        }
        for d in &deposits {
            if let Some(method) = PaymentMethod::parse(&d.method) {
                entries.push(DayEntry::DepositTaken(Payment {
                    method,
                    amount: yuan_of(d.amount_fen),
                }));
            }
        }
        entries.extend(returns.iter().map(|_| DayEntry::Return));
        let tz = st.time_zone.clone();
        let stores = match scope {
            DataScope::All => store::Entity::find()
                .order_by_asc(store::Column::Id)
                .all(&self.db)
                .await
                .map_err(internal)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect(),
            _ => vec![(st.id, st.name.clone())],
        };
        Ok(TakingsView {
            store_id,
            store_name: st.name.clone(),
            day,
            totals: day_totals(&entries),
            sales: sales
                .iter()
                .map(|s| TakingsSale {
                    id: s.id,
                    receipt_no: s.receipt_no.clone().unwrap_or_default(),
                    consultant: name(s.consultant_id),
                    total: yuan_of(s.total_fen),
                    discount: yuan_of(s.discount_total_fen),
                    approved_by: s.approved_by.map(name).unwrap_or_default(),
                    adjustment: s
                        .completed_at
                        .is_some_and(|at| Zone::of_store(&tz).date_of(at) != day),
                })
                .collect(),
            returns: returns
                .iter()
                .map(|r| TakingsReturn {
                    sale_id: r.sale_id,
                    receipt_no: returned_sales
                        .get(&r.sale_id)
                        .cloned()
                        .flatten()
                        .unwrap_or_default(),
                    reason: r.reason.clone(),
                    refund: yuan_of(r.refund_fen),
                    by: name(r.by_staff),
                    adjustment: Zone::of_store(&tz).date_of(r.at) != day,
                })
                .collect(),
            closed_by: closed.as_ref().map(|c| name(c.closed_by)),
            closed_at: closed.as_ref().map(|c| c.closed_at),
            may_close: closed.is_none()
                && day <= today
                && u.role == Role::StoreManager
                && u.store_id == Some(store_id),
            stores,
        })
    }

    async fn close_day(&self, actor: &Actor, day: NaiveDate) -> Result<(), AppError> {
        let u = &actor.user;
        if !allows(u.role, Permission::ManageSales) {
            return Err(AppError::Forbidden);
        }
        let store_id = u.store_id.ok_or(AppError::Forbidden)?;
        let st = self.store(store_id).await?;
        let now = Utc::now();
        if day > Zone::of_store(&st.time_zone).date_of(now) {
            return Err(AppError::Conflict(Msg::ErrDayInFuture));
        }
        let txn = self.db.begin().await.map_err(internal)?;
        let res = day_close::Entity::insert(day_close::ActiveModel {
            store_id: Set(store_id),
            day: Set(day),
            closed_by: Set(u.id),
            closed_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([day_close::Column::StoreId, day_close::Column::Day])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await
        .map_err(internal)?;
        if res != 1 {
            return Err(AppError::Conflict(Msg::ErrDayClosed));
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "day.close", "store", store_id)
                .after(serde_json::json!({ "day": day.to_string() })),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn send_receipt_sms(&self, actor: &Actor, id: i32) -> Result<(), AppError> {
        let s = self.find(actor, id).await?;
        let receipt = s
            .receipt_no
            .clone()
            .ok_or(AppError::Conflict(Msg::ErrSaleNotCompleted))?;
        let c = match s.customer_id {
            Some(cid) => customer::Entity::find_by_id(cid)
                .one(&self.db)
                .await
                .map_err(internal)?,
            None => None,
        }
        .filter(|c| !c.mobile.is_empty())
        .ok_or(AppError::Conflict(Msg::ErrNoMobile))?;
        let st = self.store(s.store_id).await?;
        let body = crate::sms::receipt_text(&receipt, &st.name, &st.phone, yuan_of(s.total_fen));
        let txn = self.db.begin().await.map_err(internal)?;
        crate::sms::enqueue(&txn, &c.mobile, &body, s.reservation_id).await?;
        audit::record(
            &txn,
            audit::Event::by(actor, "sale.receipt_sms", "sale", id)
                .after(serde_json::json!({ "receipt": receipt, "to": mask(&c.mobile) })),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }
}

/// Stores the totals of a draft's current lines (inside the edit's transaction).
async fn recompute(txn: &impl ConnectionTrait, id: i32) -> Result<(), AppError> {
    let lines = sale_line::Entity::find()
        .filter(sale_line::Column::SaleId.eq(id))
        .all(txn)
        .await
        .map_err(internal)?;
    let money: Vec<LineMoney> = lines.iter().map(line_money).collect();
    let t = totals(&money, &[]);
    sale::Entity::update_many()
        .col_expr(
            sale::Column::ListTotalFen,
            Expr::value(fen_of(t.list_total)),
        )
        .col_expr(
            sale::Column::DiscountTotalFen,
            Expr::value(fen_of(t.discount_total)),
        )
        .col_expr(sale::Column::TotalFen, Expr::value(fen_of(t.total)))
        .filter(sale::Column::Id.eq(id))
        .exec(txn)
        .await
        .map_err(internal)?;
    Ok(())
}
