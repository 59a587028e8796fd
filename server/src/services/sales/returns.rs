//! Returns: lines of a completed sale taken back within the return period, items back to stock.

use super::{fen_of, line_money, may_approve, step, yuan_of, SalesService};
use crate::entities::{sale, sale_line, sale_payment, sale_return};
use crate::services::audit;
use crate::services::goods;
use crate::services::OrInternal;
use app::domain::sale::*;
use app::domain::time::Zone;
use app::error::AppError;
use app::i18n::Msg;
use app::ports::Actor;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

impl SalesService {
    pub(super) async fn return_lines(
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
        let now = self.clock.now();
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
            .or_internal()?;
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
        let txn = self.db.begin().await.or_internal()?;
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
            .or_internal()?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let day = self.business_day(&txn, &st, now).await?;
        let ret = sale_return::ActiveModel {
            sale_id: Set(id),
            reason: Set(reason.clone()),
            refund_fen: Set(fen_of(refund_total)?),
            by_staff: Set(actor.user.id),
            at: Set(now),
            business_day: Set(day),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .or_internal()?;
        let res = sale_line::Entity::update_many()
            .col_expr(sale_line::Column::ReturnId, Expr::value(Some(ret.id)))
            .filter(sale_line::Column::Id.is_in(wanted.clone()))
            .filter(sale_line::Column::SaleId.eq(id))
            .filter(sale_line::Column::ReturnId.is_null())
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected != wanted.len() as u64 {
            return Err(AppError::Conflict(Msg::ErrLineReturned));
        }
        let receipt = s.receipt_no.clone().unwrap_or_default();
        for item_id in chosen.iter().filter_map(|l| l.item_id) {
            goods::return_to_stock(
                &txn,
                actor,
                now,
                item_id,
                app::domain::goods::ItemNote::Returned {
                    receipt: receipt.clone(),
                    reason: reason.clone(),
                }
                .encode(),
            )
            .await?;
        }
        for (p, reference) in &refunds {
            sale_payment::ActiveModel {
                sale_id: Set(id),
                method: Set(p.method.as_str().into()),
                amount_fen: Set(-(fen_of(p.amount)?)),
                reference: Set(reference.chars().take(100).collect()),
                deposit_id: Set(None),
                return_id: Set(Some(ret.id)),
                business_day: Set(Some(day)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .or_internal()?;
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
        .or_internal()?;
        txn.commit().await.or_internal()?;
        self.publish(s.store_id, vec![s.consultant_id], "sale")
            .await;
        Ok(())
    }
}
