//! Deposits (定金) taken on a reservation before its sale.

use super::{fen_of, yuan_of, SalesService};
use crate::entities::{deposit, sale, staff};
use crate::services::OrInternal;
use crate::services::{audit, reservations};
use app::domain::policy::{data_scope, Role};
use app::domain::reservation::Status as ResStatus;
use app::domain::sale::*;
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::Actor;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;

impl SalesService {
    pub(super) async fn take_deposit(
        &self,
        actor: &Actor,
        reservation_id: i32,
        payment: Payment,
        reference: String,
    ) -> Result<(), AppError> {
        let u = &actor.user;
        let store_id = u.store_id.ok_or(AppError::Forbidden)?;
        let r = reservations::in_store(&self.db, reservation_id, store_id)
            .await?
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
        let now = self.clock.now();
        let day = self
            .business_day(&self.db, &self.store(store_id).await?, now)
            .await?;
        let txn = self.db.begin().await.or_internal()?;
        let d = deposit::ActiveModel {
            reservation_id: Set(r.id),
            customer_id: Set(r.customer_id),
            store_id: Set(store_id),
            method: Set(payment.method.as_str().into()),
            amount_fen: Set(fen_of(payment.amount)?),
            reference: Set(reference.chars().take(100).collect()),
            taken_by: Set(u.id),
            taken_at: Set(now),
            business_day: Set(day),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .or_internal()?;
        audit::record(
            &txn,
            audit::Event::by(actor, "deposit.take", "reservation", r.id).after(serde_json::json!({
                "deposit": d.id, "method": payment.method.as_str(), "amount": payment.amount.to_string(),
            })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    pub(super) async fn deposits(
        &self,
        actor: &Actor,
        reservation_id: i32,
    ) -> Result<Vec<DepositView>, AppError> {
        let u = &actor.user;
        let r = reservations::get(&self.db, reservation_id)
            .await?
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
            .or_internal()?;
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(list.iter().map(|d| d.taken_by)))
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        let receipts: HashMap<i32, Option<String>> = sale::Entity::find()
            .filter(sale::Column::Id.is_in(list.iter().filter_map(|d| d.applied_sale_id)))
            .all(&self.db)
            .await
            .or_internal()?
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
}
