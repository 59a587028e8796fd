//! Goods lookup: the indexed 4C search, item pages with history, holds for customers (each a
//! compare-and-set on the item's status), expiry of holds, and the ERP import/sync upsert.

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

/// The search as a condition on `item`: the filters, and the text resolved to the names and
/// style numbers it matches.
pub async fn condition(
    db: &impl ConnectionTrait,
    q: &GoodsQuery,
    store_id: Option<i32>,
) -> Result<Condition, AppError> {
    let c = filters(q, store_id);
    let text = q.q.trim();
    if text.is_empty() {
        return Ok(c);
    }
    Ok(c.add(text_condition(db, text).await?))
}

/// Most terms one text search is resolved to before it falls back to a sub-query.
const TERM_LIMIT: u64 = 200;

/// The few distinct names and style numbers are matched in `item_term` first; the items then by
/// an indexed equality or `IN` on the one column that carries them (no scan of the item table,
/// and for one name the store's items come newest first straight off the index).
async fn text_condition(db: &impl ConnectionTrait, text: &str) -> Result<Condition, AppError> {
    use item::Column as C;
    let mut pattern = String::from("%");
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    let folded_like = || {
        Expr::col((item_term::Entity, item_term::Column::Folded))
            .like(LikeExpr::new(pattern.clone()).escape('\\'))
    };
    let terms = item_term::Entity::find()
        .filter(folded_like())
        .limit(TERM_LIMIT + 1)
        .all(db)
        .await
        .or_internal()?;
    if u64::try_from(terms.len()).unwrap_or(u64::MAX) > TERM_LIMIT {
        // A very short text matching many terms: let the database join them.
        let flagged = |flag: item_term::Column| {
            Query::select()
                .column(item_term::Column::Term)
                .from(item_term::Entity)
                .and_where(folded_like())
                .and_where(Expr::col((item_term::Entity, flag)).eq(true))
                .to_owned()
        };
        return Ok(Condition::any()
            .add(C::Name.in_subquery(flagged(item_term::Column::IsName)))
            .add(C::StyleNo.in_subquery(flagged(item_term::Column::IsStyle))));
    }
    let (mut names, mut styles) = (Vec::new(), Vec::new());
    for t in terms {
        if t.is_name {
            names.push(t.term.clone());
        }
        if t.is_style {
            styles.push(t.term);
        }
    }
    let one_of = |col: item::Column, mut values: Vec<String>| match values.len() {
        0 => None,
        1 => values.pop().map(|v| col.eq(v)),
        _ => Some(col.is_in(values)),
    };
    let any = [one_of(C::Name, names), one_of(C::StyleNo, styles)]
        .into_iter()
        .flatten()
        .fold(Condition::any(), Condition::add);
    Ok(if any.is_empty() {
        // Nothing carries the text: an empty result without touching the item table.
        Condition::all().add(Expr::val(false))
    } else {
        any
    })
}

/// Every filter but the text as a condition on `item` (each an indexed comparison or a short
/// scan of what the index left).
fn filters(q: &GoodsQuery, store_id: Option<i32>) -> Condition {
    use item::Column as C;
    let b = q.bounds();
    let mut c = Condition::all();
    if let Some(s) = store_id {
        c = c.add(C::StoreId.eq(s));
    }
    fn range<T: Into<sea_orm::Value> + Copy>(
        mut c: Condition,
        col: item::Column,
        (lo, hi): (Option<T>, Option<T>),
    ) -> Condition {
        if let Some(lo) = lo {
            c = c.add(col.gte(lo));
        }
        if let Some(hi) = hi {
            c = c.add(col.lte(hi));
        }
        c
    }
    c = range(c, C::WeightMg, b.weight_mg);
    c = range(c, C::PriceFen, b.price_fen);
    c = range(c, C::CaratPts, b.carat_pts);
    c = range(c, C::RingX2, b.ring_x2);
    if let Some((lo, hi)) = b.color_rank {
        c = c.add(C::ColorRank.between(lo, hi));
    }
    if let Some((lo, hi)) = b.clarity_rank {
        c = c.add(C::ClarityRank.between(lo, hi));
    }
    for (col, r) in [
        (C::CutRank, b.cut_rank),
        (C::PolishRank, b.polish_rank),
        (C::SymmetryRank, b.symmetry_rank),
    ] {
        if let Some(r) = r {
            c = c.add(col.lte(r));
        }
    }
    match q.material.as_slice() {
        [] => {}
        [one] => c = c.add(C::Material.eq(one.as_str())),
        many => c = c.add(C::Material.is_in(many.to_vec())),
    }
    if let Some(cat) = q.category {
        c = c.add(C::Category.eq(cat.as_str()));
    }
    if let Some(p) = q.presale {
        c = c.add(C::Presale.eq(p));
    }
    if let Some(s) = q.status {
        c = c.add(C::Status.eq(s.as_str()));
    }
    if !q.barcode.trim().is_empty() {
        c = c.add(C::Barcode.eq(q.barcode.trim()));
    }
    if !q.cert.trim().is_empty() {
        c = c.add(C::CertNo.eq(q.cert.trim()));
    }
    c
}

/// The page's ids in the page's order: answered from an index that carries the filtered
/// columns, the sort column and the id, so only the page's own rows are read afterwards.
pub fn page_ids_query(q: &GoodsQuery, cond: Condition, per_page: u64) -> SelectStatement {
    let (col, ord) = order(q);
    item::Entity::find()
        .select_only()
        .column(item::Column::Id)
        .filter(cond)
        .order_by(col, ord.clone())
        .order_by(item::Column::Id, ord)
        .offset(
            (q.page.clamp(1, app::domain::paging::MAX_PAGE) - 1)
                * Ord::min(per_page, app::domain::paging::MAX_PER_PAGE),
        )
        .limit(per_page)
        .into_query()
}

/// How many items match, counting no further than one past [`GoodsPage::COUNT_CAP`].
pub fn capped_count_query(cond: Condition) -> SelectStatement {
    let inner = item::Entity::find()
        .select_only()
        .expr(Expr::val(1))
        .filter(cond)
        .limit(GoodsPage::COUNT_CAP + 1)
        .into_query();
    Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(inner, Alias::new("t"))
        .to_owned()
}

fn order(q: &GoodsQuery) -> (item::Column, Order) {
    use item::Column as C;
    match q.sort {
        GoodsSort::Newest => (C::Id, Order::Desc),
        GoodsSort::PriceAsc => (C::PriceFen, Order::Asc),
        GoodsSort::PriceDesc => (C::PriceFen, Order::Desc),
        GoodsSort::CaratAsc => (C::CaratPts, Order::Asc),
        GoodsSort::CaratDesc => (C::CaratPts, Order::Desc),
        GoodsSort::WeightAsc => (C::WeightMg, Order::Asc),
        GoodsSort::WeightDesc => (C::WeightMg, Order::Desc),
    }
}

fn grade<S: Scale>(rank: Option<i16>) -> Option<S> {
    rank.and_then(S::from_rank)
}

fn view(
    m: item::Model,
    stores: &HashMap<i32, String>,
    customers: &HashMap<i32, String>,
    numbers: &HashMap<i32, String>,
) -> ItemRowView {
    ItemRowView {
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

// What sales asks of the goods it sells (server-internal, inside the sale's transaction).

/// Items by id, in one statement.
pub async fn items(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, item::Model>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(item::Entity::find()
        .filter(item::Column::Id.is_in(ids))
        .all(db)
        .await
        .or_internal()?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

/// The item carrying a barcode (barcodes are unique chain-wide).
pub async fn by_barcode(
    db: &impl ConnectionTrait,
    barcode: &str,
) -> Result<Option<item::Model>, AppError> {
    item::Entity::find()
        .filter(item::Column::Barcode.eq(barcode))
        .one(db)
        .await
        .or_internal()
}

/// The items of a store held for a reservation (a sale from it starts with them).
pub async fn held_for_reservation(
    db: &impl ConnectionTrait,
    store_id: i32,
    reservation_id: i32,
) -> Result<Vec<item::Model>, AppError> {
    item::Entity::find()
        .filter(item::Column::ReservedReservationId.eq(reservation_id))
        .filter(item::Column::Status.eq(ItemStatus::Reserved.as_str()))
        .filter(item::Column::StoreId.eq(store_id))
        .all(db)
        .await
        .or_internal()
}

/// Who an item is sold to: it must be in stock, or held for this customer or reservation.
pub struct Sold<'a> {
    pub item_id: i32,
    pub store_id: i32,
    pub customer_id: i32,
    pub reservation_id: Option<i32>,
    pub receipt: &'a str,
}

/// Marks an item sold (a compare-and-set on its status, its hold cleared) with its history
/// row; an item sold, moved or held for someone else meanwhile is a conflict.
pub async fn mark_sold(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    s: Sold<'_>,
) -> Result<(), AppError> {
    let mut held_here = Condition::any().add(item::Column::ReservedCustomerId.eq(s.customer_id));
    if let Some(rid) = s.reservation_id {
        held_here = held_here.add(item::Column::ReservedReservationId.eq(rid));
    }
    let before = item::Entity::find_by_id(s.item_id)
        .one(txn)
        .await
        .or_internal()?
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
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(item::Column::ReservedBy, Expr::value(Option::<i32>::None))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        )
        .col_expr(item::Column::UpdatedAt, Expr::value(now))
        .filter(item::Column::Id.eq(s.item_id))
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
        .exec(txn)
        .await
        .or_internal()?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict(Msg::ErrSaleItemGone));
    }
    add_history(
        txn,
        now,
        HistoryEntry {
            item_id: s.item_id,
            kind: HistoryKind::Sale,
            from: before.status,
            to: ItemStatus::Sold.as_str().into(),
            note: format!("销售小票 {}", s.receipt),
            actor: Some(actor),
        },
    )
    .await
}

/// A returned item back to stock, with its history row. An item the ERP moved on since the
/// sale keeps its status; the return is still recorded, and its history says so.
pub async fn return_to_stock(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    item_id: i32,
    note: String,
) -> Result<(), AppError> {
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
        .exec(txn)
        .await
        .or_internal()?;
    let to = if res.rows_affected == 1 {
        ItemStatus::InStock
    } else {
        ItemStatus::Sold
    };
    add_history(
        txn,
        now,
        HistoryEntry {
            item_id,
            kind: HistoryKind::Return,
            from: ItemStatus::Sold.as_str().into(),
            to: to.as_str().into(),
            note,
            actor: Some(actor),
        },
    )
    .await
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
        let res = item::Entity::update_many()
            .col_expr(
                item::Column::Status,
                Expr::value(ItemStatus::InStock.as_str()),
            )
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
                    note: "预留到期自动释放".into(),
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

/// PostgreSQL plans an import's look-ups (by ERP id and barcode) from its statistics of the
/// item table. A young table that grows by an import outruns autovacuum, and the stale figures
/// make every batch scan the whole table; so the import refreshes them itself whenever the
/// table has grown by half since they were taken (a handful of times for a first big import,
/// never for a routine sync of a large table). SQLite needs nothing of the kind.
struct PlannerStats {
    rows: Option<i64>,
    grown: i64,
}

impl PlannerStats {
    async fn read(db: &DatabaseConnection) -> Result<Self, AppError> {
        if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(Self {
                rows: None,
                grown: 0,
            });
        }
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'item'::regclass",
            ))
            .await
            .or_internal()?;
        let n = row
            .and_then(|r| r.try_get::<i64>("", "n").ok())
            .unwrap_or(0);
        Ok(Self {
            rows: Some(Ord::max(n, 0)),
            grown: 0,
        })
    }

    async fn grew(&mut self, db: &DatabaseConnection, created: u64) -> Result<(), AppError> {
        let Some(rows) = self.rows else {
            return Ok(());
        };
        self.grown += i64::try_from(created).unwrap_or(i64::MAX);
        if self.grown > rows / 2 + 2_000 {
            db.execute_unprepared("ANALYZE item").await.or_internal()?;
            self.rows = Some(rows + self.grown);
            self.grown = 0;
        }
        Ok(())
    }
}

impl GoodsService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            swept_at: Default::default(),
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

    /// Result rows with store, customer and reservation names (batched look-ups).
    /// The holder's name is shown only to those who may see her (the consultant who made the
    /// hold, the managers of the item's store, head office); anyone else reads "held for a
    /// customer of <store>".
    pub async fn views(
        &self,
        actor: &Actor,
        list: Vec<item::Model>,
    ) -> Result<Vec<ItemRowView>, AppError> {
        let db = &self.db;
        let viewer = crate::services::customers::viewer(actor);
        let store_ids: Vec<i32> = list.iter().map(|i| i.store_id).collect();
        let cust_ids: Vec<i32> = list.iter().filter_map(|i| i.reserved_customer_id).collect();
        let res_ids: Vec<i32> = list
            .iter()
            .filter_map(|i| i.reserved_reservation_id)
            .collect();
        let stores: HashMap<i32, String> = store::Entity::find()
            .filter(store::Column::Id.is_in(store_ids))
            .all(db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let customers: HashMap<i32, String> = if cust_ids.is_empty() {
            HashMap::new()
        } else {
            customers::many(db, cust_ids)
                .await?
                .into_iter()
                .map(|(id, c)| (id, c.name))
                .collect()
        };
        let numbers: HashMap<i32, String> = if res_ids.is_empty() {
            HashMap::new()
        } else {
            reservation::Entity::find()
                .filter(reservation::Column::Id.is_in(res_ids))
                .all(db)
                .await
                .or_internal()?
                .into_iter()
                .map(|r| (r.id, r.number))
                .collect()
        };
        Ok(list
            .into_iter()
            .map(|m| {
                let ties = app::domain::policy::CustomerTies {
                    home_store: None,
                    consultants: m.reserved_by.into_iter().collect(),
                    stores: vec![m.store_id],
                };
                let visible = app::domain::policy::may_see_customer(viewer, &ties);
                let mut v = view(m, &stores, &customers, &numbers);
                if !visible && v.reserved_for.is_some() {
                    v.reserved_for = None;
                    v.reserved_for_customer_of = Some(v.store_name.clone());
                }
                v
            })
            .collect())
    }

    /// Matching items, in the page's order, with the exact count up to the cap.
    pub async fn find(
        &self,
        q: &GoodsQuery,
        store_id: Option<i32>,
        per_page: u64,
    ) -> Result<(Vec<item::Model>, u64, bool), AppError> {
        let cond = condition(&self.db, q, store_id).await?;
        let backend = self.db.get_database_backend();
        // The page's ids come off an index (the sub-query); only their rows are read, in one
        // statement, and put in the page's order again.
        let (col, ord) = order(q);
        let items = item::Entity::find()
            .filter(item::Column::Id.in_subquery(page_ids_query(q, cond.clone(), per_page)))
            .order_by(col, ord.clone())
            .order_by(item::Column::Id, ord)
            .all(&self.db)
            .await
            .or_internal()?;
        let cap = GoodsPage::COUNT_CAP;
        let n: i64 = self
            .db
            .query_one_raw(backend.build(&capped_count_query(cond)))
            .await
            .or_internal()?
            .and_then(|r| r.try_get_by_index::<i64>(0).ok())
            .unwrap_or(0);
        let n = u64::try_from(n).unwrap_or(0);
        Ok((items, Ord::min(n, cap), n > cap))
    }

    async fn materials(&self) -> Result<Vec<String>, AppError> {
        Ok(dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|d| d.code)
            .collect())
    }

    /// Upserts rows already parsed from CSV or JSON. Good rows are applied, bad rows are
    /// reported with their reasons and change nothing (one transaction per batch).
    pub async fn import_rows(
        &self,
        actor: Option<&Actor>,
        rows: Vec<ItemRow>,
        first_row: u64,
    ) -> Result<ImportReport, AppError> {
        let materials = self.materials().await?;
        let stores: HashMap<String, i32> = store::Entity::find()
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.name, s.id))
            .collect();
        let store_names: Vec<String> = stores.keys().cloned().collect();
        let ctx = ImportContext {
            materials: &materials,
            stores: &store_names,
        };
        let mut report = ImportReport::default();
        let mut valid: Vec<(u64, ValidItem)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let n = first_row + u64::try_from(i).unwrap_or(0);
            match validate_item_row(row, &ctx) {
                Ok(v) => valid.push((n, v)),
                Err(errors) => report.rejected.push(RejectedRow {
                    row: n,
                    erp_id: row.erp_id.trim().chars().take(40).collect(),
                    errors,
                }),
            }
        }
        let mut stats = PlannerStats::read(&self.db).await?;
        for chunk in valid.chunks(IMPORT_BATCH) {
            let part = self.upsert_batch(actor, chunk, &stores).await?;
            stats.grew(&self.db, part.created).await?;
            report.merge(part);
        }
        report.rejected.sort_by_key(|r| r.row);
        Ok(report)
    }

    async fn upsert_batch(
        &self,
        actor: Option<&Actor>,
        rows: &[(u64, ValidItem)],
        stores: &HashMap<String, i32>,
    ) -> Result<ImportReport, AppError> {
        let now = Utc::now();
        let mut report = ImportReport::default();
        let txn = self.db.begin().await.or_internal()?;
        if txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            // Take the write lock before reading (waits on the busy timeout instead of failing
            // a read-to-write upgrade under contention).
            txn.execute_unprepared("UPDATE item SET version = version WHERE 1 = 0")
                .await
                .or_internal()?;
        }
        let erp_ids: Vec<String> = rows.iter().map(|(_, v)| v.erp_id.clone()).collect();
        let barcodes: Vec<String> = rows.iter().map(|(_, v)| v.barcode.clone()).collect();
        let existing = item::Entity::find()
            .filter(
                Condition::any()
                    .add(item::Column::ErpId.is_in(erp_ids))
                    .add(item::Column::Barcode.is_in(barcodes)),
            )
            .all(&txn)
            .await
            .or_internal()?;
        let mut by_erp: HashMap<String, item::Model> = HashMap::new();
        let mut barcode_owner: HashMap<String, String> = HashMap::new();
        for m in existing {
            barcode_owner.insert(m.barcode.clone(), m.erp_id.clone());
            by_erp.insert(m.erp_id.clone(), m);
        }
        let mut inserts: Vec<item::ActiveModel> = Vec::new();
        let mut inserted: Vec<(String, String)> = Vec::new();
        for (n, v) in rows {
            let store_id = stores.get(&v.store).copied().unwrap_or_default();
            if let Some(owner) = barcode_owner.get(&v.barcode) {
                if *owner != v.erp_id {
                    report.rejected.push(RejectedRow {
                        row: *n,
                        erp_id: v.erp_id.clone(),
                        errors: vec![FieldError {
                            field: "barcode".into(),
                            msg: Msg::ErrBarcodeTaken,
                        }],
                    });
                    continue;
                }
            }
            match by_erp.get(&v.erp_id) {
                None => {
                    barcode_owner.insert(v.barcode.clone(), v.erp_id.clone());
                    inserted.push((v.erp_id.clone(), v.status.as_str().into()));
                    inserts.push(new_item(v, store_id, now));
                    report.created += 1;
                }
                Some(old) => {
                    let outcome = self
                        .update_from_erp(&txn, actor, old, v, store_id, *n, now)
                        .await?;
                    match outcome {
                        Update::Unchanged => report.unchanged += 1,
                        Update::Changed => report.updated += 1,
                        Update::Conflict(c) => {
                            report.updated += 1;
                            report.conflicts.push(c);
                        }
                    }
                }
            }
        }
        // Every name and style number an item carries is a searchable term, flagged with the
        // column it is found in (a flag is set once; the update is skipped when it is already).
        for (is_name, column) in [
            (true, item_term::Column::IsName),
            (false, item_term::Column::IsStyle),
        ] {
            let terms: std::collections::BTreeSet<&str> = rows
                .iter()
                .map(|(_, v)| if is_name { &v.name } else { &v.style_no })
                .map(String::as_str)
                .filter(|t| !t.is_empty())
                .collect();
            if terms.is_empty() {
                continue;
            }
            item_term::Entity::insert_many(terms.into_iter().map(|t| item_term::ActiveModel {
                term: Set(t.to_string()),
                folded: Set(t.to_lowercase()),
                is_name: Set(is_name),
                is_style: Set(!is_name),
            }))
            .on_conflict(
                OnConflict::column(item_term::Column::Term)
                    .value(column, Expr::val(true))
                    .action_and_where(Expr::col((item_term::Entity, column)).eq(false))
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .or_internal()?;
        }
        if !inserts.is_empty() {
            item::Entity::insert_many(inserts)
                .exec(&txn)
                .await
                .or_internal()?;
            let ids: HashMap<String, i32> = item::Entity::find()
                .filter(item::Column::ErpId.is_in(inserted.iter().map(|(e, _)| e.clone())))
                .all(&txn)
                .await
                .or_internal()?
                .into_iter()
                .map(|m| (m.erp_id, m.id))
                .collect();
            let hist: Vec<history::ActiveModel> = inserted
                .iter()
                .filter_map(|(erp, status)| {
                    ids.get(erp).map(|id| history::ActiveModel {
                        item_id: Set(*id),
                        at: Set(now),
                        actor_id: Set(actor.map(|a| a.user.id)),
                        actor_name: Set(actor
                            .map(|a| a.user.display_name.clone())
                            .unwrap_or_else(|| "ERP".into())),
                        kind: Set(HistoryKind::Received.as_str().into()),
                        from_value: Set(String::new()),
                        to_value: Set(status.clone()),
                        note: Set("ERP导入".into()),
                        ..Default::default()
                    })
                })
                .collect();
            if !hist.is_empty() {
                history::Entity::insert_many(hist)
                    .exec(&txn)
                    .await
                    .or_internal()?;
            }
        }
        txn.commit().await.or_internal()?;
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    async fn update_from_erp(
        &self,
        txn: &impl ConnectionTrait,
        actor: Option<&Actor>,
        old: &item::Model,
        v: &ValidItem,
        store_id: i32,
        row: u64,
        now: DateTime<Utc>,
    ) -> Result<Update, AppError> {
        let mut next = apply(old.clone(), v, store_id);
        let mut conflict = None;
        if old.status == ItemStatus::Reserved.as_str()
            && (next.status != old.status || next.store_id != old.store_id)
        {
            // The hold is local: keep it (status and store) and list what the ERP wanted.
            let mut wanted = Vec::new();
            if v.status.as_str() != ItemStatus::InStock.as_str() {
                wanted.push(format!("status: {}", v.status.as_str()));
            }
            if store_id != old.store_id {
                wanted.push(format!("store: {}", v.store));
            }
            next.status = old.status.clone();
            next.store_id = old.store_id;
            if !wanted.is_empty() {
                conflict = Some(SyncConflict {
                    row,
                    barcode: old.barcode.clone(),
                    wanted: wanted.join(", "),
                });
            }
        }
        if next == *old {
            return Ok(Update::Unchanged);
        }
        let changed = describe_changes(old, &next);
        // Every column written (a converted model's values are "unchanged" until reset).
        let mut am: item::ActiveModel = item::ActiveModel::from(next.clone()).reset_all();
        am.id = sea_orm::ActiveValue::NotSet;
        am.version = Set(old.version + 1);
        am.updated_at = Set(now);
        am.synced_at = Set(Some(now));
        // Only if nobody changed it since we read it (a hold made meanwhile wins).
        let res = item::Entity::update_many()
            .set(am)
            .filter(item::Column::Id.eq(old.id))
            .filter(item::Column::Version.eq(old.version))
            .exec(txn)
            .await
            .or_internal()?;
        if res.rows_affected == 0 {
            return Ok(Update::Conflict(SyncConflict {
                row,
                barcode: old.barcode.clone(),
                wanted: "changed here meanwhile; run the sync again".into(),
            }));
        }
        let kind = if next.store_id != old.store_id {
            HistoryKind::Transfer
        } else if next.status != old.status {
            match v.status {
                ItemStatus::Sold => HistoryKind::Sale,
                ItemStatus::Returned => HistoryKind::Return,
                _ => HistoryKind::Status,
            }
        } else {
            HistoryKind::ErpUpdate
        };
        let (from, to) = if kind == HistoryKind::ErpUpdate {
            (String::new(), changed)
        } else if kind == HistoryKind::Transfer {
            (old.store_id.to_string(), next.store_id.to_string())
        } else {
            (old.status.clone(), next.status.clone())
        };
        let note = match &conflict {
            Some(c) => format!("ERP同步；保留本地预留，未应用：{}", c.wanted),
            None => "ERP同步".into(),
        };
        add_history(
            txn,
            now,
            HistoryEntry {
                item_id: old.id,
                kind,
                from,
                to,
                note,
                actor,
            },
        )
        .await?;
        Ok(match conflict {
            Some(c) => Update::Conflict(c),
            None => Update::Changed,
        })
    }
}

enum Update {
    Unchanged,
    Changed,
    Conflict(SyncConflict),
}

fn new_item(v: &ValidItem, store_id: i32, now: DateTime<Utc>) -> item::ActiveModel {
    let m = apply(
        item::Model {
            id: 0,
            erp_id: String::new(),
            barcode: String::new(),
            style_no: String::new(),
            name: String::new(),
            category: String::new(),
            material: String::new(),
            weight_mg: 0,
            carat_pts: 0,
            color_rank: None,
            clarity_rank: None,
            cut_rank: None,
            polish_rank: None,
            symmetry_rank: None,
            fluorescence_rank: None,
            cert_lab: String::new(),
            cert_no: String::new(),
            ring_x2: None,
            price_fen: 0,
            labour_fee_fen: 0,
            presale: false,
            store_id,
            status: String::new(),
            reserved_customer_id: None,
            reserved_reservation_id: None,
            reserved_until: None,
            reserved_by: None,
            photo_url: String::new(),
            version: 0,
            created_at: now,
            updated_at: now,
            synced_at: Some(now),
        },
        v,
        store_id,
    );
    let mut am: item::ActiveModel = m.into();
    am.id = sea_orm::ActiveValue::NotSet;
    am
}

/// The item with the ERP's facts applied (reservation fields untouched).
fn apply(mut m: item::Model, v: &ValidItem, store_id: i32) -> item::Model {
    m.erp_id = v.erp_id.clone();
    m.barcode = v.barcode.clone();
    m.style_no = v.style_no.clone();
    m.name = v.name.clone();
    m.category = v.category.as_str().into();
    m.material = v.material.clone();
    m.weight_mg = v.weight_mg;
    m.carat_pts = v.carat_pts;
    m.color_rank = v.color.map(Scale::rank);
    m.clarity_rank = v.clarity.map(Scale::rank);
    m.cut_rank = v.cut.map(Scale::rank);
    m.polish_rank = v.polish.map(Scale::rank);
    m.symmetry_rank = v.symmetry.map(Scale::rank);
    m.fluorescence_rank = v.fluorescence.map(Scale::rank);
    m.cert_lab = v
        .cert_lab
        .map(|l| l.as_str().to_string())
        .unwrap_or_default();
    m.cert_no = v.cert_no.clone();
    m.ring_x2 = v.ring.map(RingSize::twice);
    m.price_fen = v.price_fen;
    m.presale = v.presale;
    m.store_id = store_id;
    m.status = v.status.as_str().into();
    m.photo_url = v.photo_url.clone();
    m
}

/// `price: 1880000 → 1990000; name: …` (stored units), for the history row.
fn describe_changes(a: &item::Model, b: &item::Model) -> String {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                out.push(format!("{}: {:?} → {:?}", stringify!($f), a.$f, b.$f));
            }
        )*};
    }
    cmp!(
        barcode,
        style_no,
        name,
        category,
        material,
        weight_mg,
        carat_pts,
        color_rank,
        clarity_rank,
        cut_rank,
        polish_rank,
        symmetry_rank,
        cert_no,
        ring_x2,
        price_fen,
        presale,
        photo_url
    );
    out.join("; ")
}

/// Parses CSV text with the importer's header into rows (the csv crate: quoting, BOM-free).
pub fn parse_csv(text: &str) -> Result<Vec<ItemRow>, AppError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|_| AppError::field("file", Msg::ErrCsvHeader))?
        .clone();
    if !["erp_id", "barcode", "name", "price", "store"]
        .iter()
        .all(|h| headers.iter().any(|x| x == *h))
    {
        return Err(AppError::field("file", Msg::ErrCsvHeader));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        // A malformed record (e.g. broken quoting) becomes an empty row: rejected, numbered.
        let row = rec
            .ok()
            .and_then(|r| r.deserialize::<ItemRow>(Some(&headers)).ok())
            .unwrap_or_default();
        rows.push(row);
    }
    Ok(rows)
}

#[async_trait]
impl GoodsPort for GoodsService {
    async fn search(&self, actor: &Actor, q: GoodsQuery) -> Result<GoodsPage, AppError> {
        let store_id = resolve_store(actor, &q)?;
        self.release_expired_for_list(Utc::now()).await?;
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
        release_expired(&self.db, Utc::now()).await?;
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
        let now = Utc::now();
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
                (r.customer_id, Some(r.id), number.clone())
            }
            None => {
                let id = v.customer_id.ok_or(AppError::NotFound)?;
                customers::get(&self.db, id)
                    .await?
                    .ok_or_else(|| AppError::field("customer", Msg::ErrChooseCustomer))?;
                (id, None, String::new())
            }
        };
        let next_day = v.until.succ_opt().unwrap_or(v.until);
        let until = actor.user.zone.day_start(next_day);
        let txn = self.db.begin().await.or_internal()?;
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
        let mut note = format!("至 {}", v.until.format("%Y-%m-%d"));
        if !number.is_empty() {
            note.push_str(&format!("，预约 {number}"));
        }
        if !v.note.is_empty() {
            note.push_str(&format!("；{}", v.note));
        }
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
        let now = Utc::now();
        let store_id = actor.user.store_id.ok_or(AppError::Forbidden)?;
        let txn = self.db.begin().await.or_internal()?;
        let res = item::Entity::update_many()
            .col_expr(
                item::Column::Status,
                Expr::value(ItemStatus::InStock.as_str()),
            )
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
