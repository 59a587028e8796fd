//! The 4C search: the condition (filters on integer columns, text through `item_term`), the
//! page's ids and capped count from the store-led indexes, the rows read by id.

use super::*;

/// Most terms one text search is resolved to before it falls back to a sub-query.
const TERM_LIMIT: u64 = 200;

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

impl GoodsService {
    /// An export of a search: its condition and how many items it holds (for the audit row
    /// written before the first byte).
    pub async fn export_scope(
        &self,
        q: &GoodsQuery,
        store_id: Option<i32>,
    ) -> Result<(Condition, u64), AppError> {
        let cond = condition(&self.db, q, store_id).await?;
        let rows =
            sea_orm::PaginatorTrait::count(item::Entity::find().filter(cond.clone()), &self.db)
                .await
                .or_internal()?;
        Ok((cond, rows))
    }

    /// The next `limit` items of an export after id `after`, in id order (constant memory at any
    /// size), as the viewer may see them.
    pub async fn export_batch(
        &self,
        actor: &Actor,
        cond: Condition,
        after: i32,
        limit: u64,
    ) -> Result<Vec<ItemRowView>, AppError> {
        let batch = item::Entity::find()
            .filter(cond)
            .filter(item::Column::Id.gt(after))
            .order_by_asc(item::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await
            .or_internal()?;
        self.views(actor, batch).await
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
        let materials = super::material_labels(db).await?;
        // Gold prices are set for the chain's day (see the sales service).
        let today = app::domain::time::Zone::default().date_of(self.clock.now());
        Ok(list
            .into_iter()
            .map(|m| {
                let ties = app::domain::policy::CustomerTies {
                    home_store: None,
                    consultants: m.reserved_by.into_iter().collect(),
                    stores: vec![m.store_id],
                };
                let visible = app::domain::policy::may_see_customer(viewer, &ties);
                let mut v = view(m, &stores, &customers, &numbers, &materials, today);
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
}
