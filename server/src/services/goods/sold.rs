//! What sales asks of the goods it sells (server-internal, inside the sale's transaction).

use super::*;

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
    let res = unhold(ItemStatus::Sold, now)
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
            note: ItemNote::Sold {
                receipt: s.receipt.to_string(),
            }
            .encode(),
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
