//! Drafts: a sale opened (alone or from a finished reservation, with its held items), built line by line — the server prices every line itself — and its customer and discounts.

use super::{fen_of, recompute, yuan_of, SalesService};
use crate::entities::{item, sale, sale_line};
use crate::services::goods;
use crate::services::OrInternal;
use crate::services::{customers, reservations};
use app::domain::goods::ItemStatus;
use app::domain::policy::Role;
use app::domain::sale::*;
use app::error::AppError;
use app::i18n::Msg;
use app::ports::Actor;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

impl SalesService {
    pub(super) async fn new_sale(
        &self,
        actor: &Actor,
        reservation_id: Option<i32>,
        serving: bool,
    ) -> Result<i32, AppError> {
        let u = &actor.user;
        let store_id = u.store_id.ok_or(AppError::Forbidden)?;
        let now = self.clock.now();
        // 开单 for the customer being served: her sale, linked to her visit; completing it ends
        // the visit as a deal.
        let reservation_id = match (reservation_id, serving) {
            (Some(rid), _) => Some(rid),
            (None, true) => Some(
                reservations::serving_of(&self.db, u.id)
                    .await?
                    .filter(|r| r.store_id == store_id)
                    .ok_or(AppError::Conflict(Msg::ErrNotServing))?
                    .id,
            ),
            (None, false) => None,
        };
        let (consultant, customer_id, res) = match reservation_id {
            None => (u.id, None, None),
            Some(rid) => {
                let r = reservations::in_store(&self.db, rid, store_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if u.role == Role::Consultant && r.consultant_id != Some(u.id) {
                    return Err(AppError::NotFound);
                }
                if !reservations::may_settle(&r)? {
                    return Err(AppError::Conflict(Msg::ErrReservationNotFinished));
                }
                // One open draft per reservation: settling again opens the same one.
                if let Some(d) = sale::Entity::find()
                    .filter(sale::Column::ReservationId.eq(rid))
                    .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
                    .one(&self.db)
                    .await
                    .or_internal()?
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
            Some(r) => goods::held_for_reservation(&self.db, store_id, r.id).await?,
            None => Vec::new(),
        };
        let mut priced = Vec::with_capacity(held.len());
        for it in &held {
            priced.push(self.price(it).await?);
        }
        let txn = self.db.begin().await.or_internal()?;
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
        .or_internal()?;
        for (i, (it, p)) in held.iter().zip(priced).enumerate() {
            self.insert_item_line(&txn, s.id, i32::try_from(i).unwrap_or(0) + 1, it, p)
                .await?;
        }
        recompute(&txn, s.id).await?;
        txn.commit().await.or_internal()?;
        Ok(s.id)
    }

    pub(super) async fn add_item(
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
        let it = goods::by_barcode(&self.db, barcode)
            .await?
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
        let txn = self.db.begin().await.or_internal()?;
        self.touch(&txn, &s).await?;
        self.insert_item_line(&txn, id, position, &it, priced)
            .await?;
        recompute(&txn, id).await?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    pub(super) async fn add_service(
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
        let txn = self.db.begin().await.or_internal()?;
        self.touch(&txn, &s).await?;
        let price_fen = fen_of(price)?;
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
        .or_internal()?;
        recompute(&txn, id).await?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    pub(super) async fn remove_line(
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
        let txn = self.db.begin().await.or_internal()?;
        self.touch(&txn, &s).await?;
        let res = sale_line::Entity::delete_many()
            .filter(sale_line::Column::Id.eq(line_id))
            .filter(sale_line::Column::SaleId.eq(id))
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected != 1 {
            return Err(AppError::NotFound);
        }
        recompute(&txn, id).await?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    pub(super) async fn set_discount(
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
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let amount = discount_amount(yuan_of(line.list_price_fen), discount)
            .map_err(|_| AppError::field("discount", Msg::ErrBadDiscount))?;
        let off = fen_of(amount)?;
        let txn = self.db.begin().await.or_internal()?;
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
            .or_internal()?;
        recompute(&txn, id).await?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    pub(super) async fn set_customer(
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
        customers::get(&self.db, customer_id)
            .await?
            .ok_or_else(|| AppError::field("customer", Msg::ErrChooseCustomer))?;
        // A sale started for a visit and given to someone else is no longer that visit's: it
        // must not settle her reservation.
        let mut reservation_id = s.reservation_id;
        if let Some(rid) = reservation_id {
            let visit = reservations::get(&self.db, rid).await?;
            if visit.is_some_and(|r| r.customer_id != customer_id) {
                reservation_id = None;
            }
        }
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::CustomerId, Expr::value(Some(customer_id)))
            .col_expr(sale::Column::ReservationId, Expr::value(reservation_id))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::UpdatedAt, Expr::value(self.clock.now()))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&self.db)
            .await
            .or_internal()?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        Ok(())
    }
}
