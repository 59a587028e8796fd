//! Goods lookup: the indexed 4C search, item pages with history, holds for customers (each a
//! compare-and-set on the item's status), expiry of holds, and the ERP import/sync upsert.

mod import;
mod search;
mod sold;

pub use import::parse_csv;
pub use search::{capped_count_query, condition, page_ids_query};
pub use sold::{by_barcode, held_for_reservation, items, mark_sold, return_to_stock, Sold};

use crate::entities::{
    dictionary_entry as dict, item, item_history as history, item_term, reservation, store,
};
use crate::services::audit;
use crate::services::customers;
use crate::services::OrInternal;
use app::domain::goods::*;
use app::domain::item_import::{validate_item_row, ImportContext, ItemRow, ValidItem};
use app::domain::money::Money;
use app::domain::policy::{allows, Permission};
use app::domain::sale::{gold_list_fen, GoldQuote, PriceBasis};
use app::domain::validate::FieldError;
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::{Actor, GoodsPort};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, LikeExpr, OnConflict, Order, Query, SelectStatement,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, TransactionTrait,
};
use std::collections::HashMap;

pub const PER_PAGE: u64 = 20;
/// Rows upserted per transaction by an import.
pub const IMPORT_BATCH: usize = 500;

pub struct GoodsService {
    pub db: DatabaseConnection,
    /// When the search list last released expired holds (ms since the epoch; see `search`).
    swept_at: std::sync::Arc<std::sync::atomic::AtomicI64>,
    pub clock: crate::clock::Clock,
}

/// The search list releases expired holds at most this often (the item page, holds and sales
/// release them before every read, and the background sweep runs every minute): a hold whose
/// date has just passed may show as held on the list for one more second, and a busy goods page
/// saves a statement a request.
const LIST_SWEEP_EVERY_MS: i64 = 1_000;

/// The store a query is limited to: `None` means every store.
pub fn resolve_store(actor: &Actor, q: &GoodsQuery) -> Result<Option<i32>, AppError> {
    let u = &actor.user;
    let target = match q.store {
        StoreChoice::One(id) => Some(id),
        StoreChoice::All => None,
        StoreChoice::Default if allows(u.role, Permission::ReadAllStores) => None,
        StoreChoice::Default => Some(u.store_id.ok_or(AppError::Forbidden)?),
    };
    if !q.has_filter() && !may_batch_query(u.role, u.store_id, target) {
        return Err(AppError::Conflict(Msg::ErrBatchQuery));
    }
    Ok(target)
}

fn grade<S: Scale>(rank: Option<i16>) -> Option<S> {
    rank.and_then(S::from_rank)
}

/// A material as the goods pages read it: its labels and whether it is priced by weight.
pub(crate) struct MaterialInfo {
    zh: String,
    en: String,
    by_weight: bool,
}

/// The materials dictionary, code → labels, for showing codes as words and prices by weight.
async fn material_labels(
    db: &impl sea_orm::ConnectionTrait,
) -> Result<HashMap<String, MaterialInfo>, AppError> {
    Ok(dict::Entity::find()
        .filter(dict::Column::Kind.eq("material"))
        .all(db)
        .await
        .or_internal()?
        .into_iter()
        .map(|d| {
            (
                d.code,
                MaterialInfo {
                    zh: d.label_zh,
                    en: d.label_en,
                    by_weight: d.by_weight,
                },
            )
        })
        .collect())
}

/// How an item's stored current price came about (see the `gold_current_price` migration).
fn basis(m: &item::Model, by_weight: bool, today: chrono::NaiveDate) -> PriceBasis {
    match (m.gold_day, m.gold_ppg_fen) {
        (Some(day), Some(ppg)) => PriceBasis::Gold(GoldQuote {
            weight_g: mg_to_weight(m.weight_mg),
            price_per_g: Money::from_fen(ppg).yuan(),
            labour_fee: Money::from_fen(m.labour_fee_fen).yuan(),
            day,
            today: day == today,
        }),
        _ if by_weight => PriceBasis::GoldUnset,
        _ => PriceBasis::Tag,
    }
}

/// Reprices the unsold pieces of `material` from a day's gold price per gram (fen) — weight ×
/// price + labour, the integer form of `app::domain::sale::gold_list_fen` in one statement, so
/// the stored price the search filters and sorts on is the till's — or, with `None` (the
/// material is no longer priced by weight), back to their tag prices. Returns how many changed.
/// Sold pieces keep the price they were sold at. The caller's transaction makes it one change
/// with the price it follows.
pub async fn reprice_material(
    db: &impl ConnectionTrait,
    material: &str,
    gold: Option<(chrono::NaiveDate, i64)>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let q = item::Entity::update_many()
        .filter(item::Column::Material.eq(material))
        .filter(item::Column::Status.ne(ItemStatus::Sold.as_str()));
    let q = match gold {
        Some((day, ppg)) => q
            .col_expr(
                item::Column::PriceFen,
                Expr::col(item::Column::WeightMg)
                    .mul(ppg)
                    .add(500)
                    .div(1000)
                    .add(Expr::col(item::Column::LabourFeeFen)),
            )
            .col_expr(item::Column::GoldDay, Expr::value(day))
            .col_expr(item::Column::GoldPpgFen, Expr::value(ppg)),
        None => q
            .filter(item::Column::GoldDay.is_not_null())
            .col_expr(item::Column::PriceFen, Expr::col(item::Column::TagPriceFen))
            .col_expr(
                item::Column::GoldDay,
                Expr::value(Option::<chrono::NaiveDate>::None),
            )
            .col_expr(item::Column::GoldPpgFen, Expr::value(Option::<i64>::None)),
    };
    Ok(q.col_expr(item::Column::UpdatedAt, Expr::value(now))
        .exec(db)
        .await
        .or_internal()?
        .rows_affected)
}

fn view(
    m: item::Model,
    stores: &HashMap<i32, String>,
    customers: &HashMap<i32, String>,
    numbers: &HashMap<i32, String>,
    materials: &HashMap<String, MaterialInfo>,
    today: chrono::NaiveDate,
) -> ItemRowView {
    let (material_zh, material_en, by_weight) = materials
        .get(&m.material)
        .map(|i| (i.zh.clone(), i.en.clone(), i.by_weight))
        .unwrap_or_else(|| (m.material.clone(), m.material.clone(), false));
    let basis = basis(&m, by_weight, today);
    ItemRowView {
        basis,
        material_zh,
        material_en,
        id: m.id,
        barcode: m.barcode,
        erp_id: m.erp_id,
        style_no: m.style_no,
        name: m.name,
        category: Category::parse(&m.category).unwrap_or(Category::Other),
        material: m.material,
        weight_g: mg_to_weight(m.weight_mg),
        carat: points_to_carat(m.carat_pts),
        color: grade(m.color_rank),
        clarity: grade(m.clarity_rank),
        cut: grade(m.cut_rank),
        polish: grade(m.polish_rank),
        symmetry: grade(m.symmetry_rank),
        fluorescence: grade::<Fluorescence>(m.fluorescence_rank).map(|f| f.code().to_string()),
        cert_lab: m.cert_lab,
        cert_no: m.cert_no,
        ring: m.ring_x2.map(RingSize),
        price: Money::from_fen(m.price_fen).yuan(),
        presale: m.presale,
        store_id: m.store_id,
        store_name: stores.get(&m.store_id).cloned().unwrap_or_default(),
        status: ItemStatus::parse(&m.status).unwrap_or(ItemStatus::InStock),
        reserved_for: m
            .reserved_customer_id
            .and_then(|c| customers.get(&c).cloned()),
        reserved_for_customer_of: None,
        reserved_until: m.reserved_until,
        reserved_reservation: m
            .reserved_reservation_id
            .and_then(|r| numbers.get(&r).cloned()),
        photo_url: m.photo_url,
        version: m.version,
        created_at: m.created_at,
    }
}

/// The update that moves an item to `to` with its hold cleared and its version bumped (the caller
/// adds the compare-and-set filters): a hold released, expired, or sold.
fn unhold(to: ItemStatus, now: DateTime<Utc>) -> sea_orm::UpdateMany<item::Entity> {
    item::Entity::update_many()
        .col_expr(item::Column::Status, Expr::value(to.as_str()))
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
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(item::Column::ReservedBy, Expr::value(Option::<i32>::None))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        )
        .col_expr(item::Column::UpdatedAt, Expr::value(now))
}

/// On SQLite, takes the write lock as a transaction's first statement, before it reads
/// (waits on the busy timeout instead of failing a read-to-write upgrade under contention).
async fn write_lock_first(txn: &impl ConnectionTrait) -> Result<(), AppError> {
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        txn.execute_unprepared("UPDATE item SET version = version WHERE 1 = 0")
            .await
            .or_internal()?;
    }
    Ok(())
}

/// One item history (货品动作记录) row.
struct HistoryEntry<'a> {
    pub item_id: i32,
    pub kind: HistoryKind,
    pub from: String,
    pub to: String,
    pub note: String,
    pub actor: Option<&'a Actor>,
}

async fn add_history(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    h: HistoryEntry<'_>,
) -> Result<(), AppError> {
    history::ActiveModel {
        item_id: Set(h.item_id),
        at: Set(at),
        actor_id: Set(h.actor.map(|a| a.user.id)),
        actor_name: Set(h
            .actor
            .map(|a| a.user.display_name.clone())
            .unwrap_or_else(|| "系统".into())),
        kind: Set(h.kind.as_str().into()),
        from_value: Set(h.from.chars().take(200).collect()),
        to_value: Set(h.to.chars().take(200).collect()),
        note: Set(h.note.chars().take(500).collect()),
        ..Default::default()
    }
    .insert(db)
    .await
    .or_internal()?;
    Ok(())
}

/// Releases every hold that ended before `now` (with a history row each). Returns how many.
pub async fn release_expired(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let due = item::Entity::find()
        .filter(item::Column::Status.eq(ItemStatus::Reserved.as_str()))
        .filter(item::Column::ReservedUntil.lt(now))
        .limit(500)
        .all(db)
        .await
        .or_internal()?;
    let mut released = 0;
    for it in due {
        let txn = db.begin().await.or_internal()?;
        let res = unhold(ItemStatus::InStock, now)
            .filter(item::Column::Id.eq(it.id))
            .filter(item::Column::Status.eq(ItemStatus::Reserved.as_str()))
            .filter(item::Column::ReservedUntil.lt(now))
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected == 1 {
            add_history(
                &txn,
                now,
                HistoryEntry {
                    item_id: it.id,
                    kind: HistoryKind::Expire,
                    from: ItemStatus::Reserved.as_str().into(),
                    to: ItemStatus::InStock.as_str().into(),
                    note: ItemNote::Expired.encode(),
                    actor: None,
                },
            )
            .await?;
            released += 1;
        }
        txn.commit().await.or_internal()?;
    }
    Ok(released)
}

/// Releases expired holds every minute (reads also release them first, so nobody sees a stale
/// hold between two sweeps).
pub fn spawn_expiry(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = release_expired(&db, Utc::now()).await {
                tracing::warn!(error = ?e, "releasing expired holds failed");
            }
        }
    });
}

impl GoodsService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            swept_at: Default::default(),
            clock: Default::default(),
        }
    }

    /// Releases expired holds unless the list did so within the last second.
    async fn release_expired_for_list(&self, now: DateTime<Utc>) -> Result<(), AppError> {
        use std::sync::atomic::Ordering;
        let ms = now.timestamp_millis();
        let last = self.swept_at.load(Ordering::Relaxed);
        if ms.saturating_sub(last) < LIST_SWEEP_EVERY_MS
            || self
                .swept_at
                .compare_exchange(last, ms, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return Ok(());
        }
        release_expired(&self.db, now).await.map(|_| ())
    }
}

enum Update {
    Unchanged,
    Changed,
    Conflict(SyncConflict),
}

#[async_trait]
impl GoodsPort for GoodsService {
    async fn search(&self, actor: &Actor, q: GoodsQuery) -> Result<GoodsPage, AppError> {
        let store_id = resolve_store(actor, &q)?;
        self.release_expired_for_list(self.clock.now()).await?;
        let (items, total, capped) = self.find(&q, store_id, PER_PAGE).await?;
        Ok(GoodsPage {
            items: self.views(actor, items).await?,
            total,
            total_capped: capped,
            page: q.page.clamp(1, app::domain::paging::MAX_PAGE),
            per_page: PER_PAGE,
            store_id,
        })
    }

    async fn detail(&self, actor: &Actor, id: i32) -> Result<ItemDetail, AppError> {
        release_expired(&self.db, self.clock.now()).await?;
        let m = item::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let may_reserve = allows(actor.user.role, Permission::UseWorkspace)
            && actor.user.store_id == Some(m.store_id);
        let history = history::Entity::find()
            .filter(history::Column::ItemId.eq(id))
            .order_by_desc(history::Column::Id)
            .limit(200)
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|h| ItemHistoryRow {
                at: h.at,
                actor_name: h.actor_name,
                kind: h.kind,
                from_value: h.from_value,
                to_value: h.to_value,
                note: h.note,
            })
            .collect();
        let item = self
            .views(actor, vec![m])
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok(ItemDetail {
            item,
            history,
            may_reserve,
        })
    }

    async fn reserve(&self, actor: &Actor, v: ValidReserve) -> Result<(), AppError> {
        let now = self.clock.now();
        release_expired(&self.db, now).await?;
        let store_id = actor.user.store_id.ok_or(AppError::Forbidden)?;
        // Look-ups first: the transaction's first statement is the write (on SQLite a read
        // first would have to upgrade its lock, which fails at once under contention).
        let (customer_id, reservation_id, number) = match &v.reservation_number {
            Some(number) => {
                let r = reservation::Entity::find()
                    .filter(reservation::Column::Number.eq(number.as_str()))
                    .filter(reservation::Column::StoreId.eq(store_id))
                    .one(&self.db)
                    .await
                    .or_internal()?
                    .ok_or_else(|| {
                        AppError::field("reservation_number", Msg::ErrReservationUnknown)
                    })?;
                (Some(r.customer_id), Some(r.id), number.clone())
            }
            None => match v.customer_id {
                Some(id) => {
                    customers::get(&self.db, id)
                        .await?
                        .ok_or_else(|| AppError::field("customer", Msg::ErrChooseCustomer))?;
                    (Some(id), None, String::new())
                }
                // A walk-in, registered below with the hold (or refused there).
                None => (None, None, String::new()),
            },
        };
        let next_day = v.until.succ_opt().unwrap_or(v.until);
        let until = actor.user.zone.day_start(next_day);
        let txn = self.db.begin().await.or_internal()?;
        let mut registered = false;
        let customer_id = match (customer_id, &v.mobile, &v.new_customer_name) {
            (Some(id), _, _) => id,
            (None, Some(mobile), Some(name)) => {
                write_lock_first(&txn).await?;
                let c = customers::register(
                    &txn,
                    customers::NewCustomer {
                        name,
                        mobile,
                        email: "",
                        qq: "",
                        store_id,
                        created_by: Some(actor.user.id),
                        at: now,
                    },
                )
                .await?;
                registered = c.created_at == now && c.created_by == Some(actor.user.id);
                c.id
            }
            _ => return Err(AppError::field("customer", Msg::ErrChooseCustomer)),
        };
        let res = item::Entity::update_many()
            .col_expr(
                item::Column::Status,
                Expr::value(ItemStatus::Reserved.as_str()),
            )
            .col_expr(
                item::Column::ReservedCustomerId,
                Expr::value(Some(customer_id)),
            )
            .col_expr(
                item::Column::ReservedReservationId,
                Expr::value(reservation_id),
            )
            .col_expr(item::Column::ReservedUntil, Expr::value(Some(until)))
            .col_expr(item::Column::ReservedBy, Expr::value(Some(actor.user.id)))
            .col_expr(
                item::Column::Version,
                Expr::col(item::Column::Version).add(1),
            )
            .col_expr(item::Column::UpdatedAt, Expr::value(now))
            .filter(item::Column::Id.eq(v.item_id))
            .filter(item::Column::StoreId.eq(store_id))
            .filter(item::Column::Status.eq(ItemStatus::InStock.as_str()))
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected != 1 {
            drop(txn);
            let it = item::Entity::find_by_id(v.item_id)
                .one(&self.db)
                .await
                .or_internal()?
                .ok_or(AppError::NotFound)?;
            return Err(if it.store_id != store_id {
                AppError::Conflict(Msg::ErrOtherStoreItem)
            } else {
                AppError::Conflict(Msg::ErrItemNotAvailable)
            });
        }
        let note = ItemNote::Hold {
            until: v.until,
            new_customer: registered,
            reservation: Some(number.clone()),
            note: v.note.clone(),
        }
        .encode();
        add_history(
            &txn,
            now,
            HistoryEntry {
                item_id: v.item_id,
                kind: HistoryKind::Reserve,
                from: ItemStatus::InStock.as_str().into(),
                to: ItemStatus::Reserved.as_str().into(),
                note,
                actor: Some(actor),
            },
        )
        .await?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    async fn release(&self, actor: &Actor, item_id: i32) -> Result<(), AppError> {
        let now = self.clock.now();
        let store_id = actor.user.store_id.ok_or(AppError::Forbidden)?;
        let txn = self.db.begin().await.or_internal()?;
        let res = unhold(ItemStatus::InStock, now)
            .filter(item::Column::Id.eq(item_id))
            .filter(item::Column::StoreId.eq(store_id))
            .filter(item::Column::Status.eq(ItemStatus::Reserved.as_str()))
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected != 1 {
            // Say why, without telling another store's staff what state its item is in.
            let found = item::Entity::find_by_id(item_id)
                .one(&txn)
                .await
                .or_internal()?;
            return Err(match found {
                None => AppError::NotFound,
                Some(it) if it.store_id != store_id => AppError::Forbidden,
                Some(_) => AppError::Conflict(Msg::ErrItemNotReserved),
            });
        }
        add_history(
            &txn,
            now,
            HistoryEntry {
                item_id,
                kind: HistoryKind::Release,
                from: ItemStatus::Reserved.as_str().into(),
                to: ItemStatus::InStock.as_str().into(),
                note: String::new(),
                actor: Some(actor),
            },
        )
        .await?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    async fn import_csv(
        &self,
        actor: &Actor,
        csv: String,
        first_row: u64,
    ) -> Result<ImportReport, AppError> {
        let rows = parse_csv(&csv)?;
        let n = rows.len();
        let report = self.import_rows(Some(actor), rows, first_row).await?;
        audit::record(
            &self.db,
            audit::Event::by(
                actor,
                "items.import",
                "item",
                format!("rows {first_row}+{n}"),
            )
            .after(serde_json::json!({
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected.len(),
                "conflicts": report.conflicts.len(),
            })),
        )
        .await
        .or_internal()?;
        Ok(report)
    }
}
