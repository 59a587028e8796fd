//! Completion as one transaction (the draft's compare-and-set, items sold, the reservation settled, deposits applied, the receipt number), voiding a draft, and the receipt SMS.

use super::{fen_of, line_money, may_edit, step, yuan_of, SalesService};
use crate::entities::{deposit, sale, sale_payment, sale_return, store};
use crate::services::goods::{self, Sold};
use crate::services::OrInternal;
use crate::services::{audit, numbering};
use crate::services::{customers, reservations};
use app::domain::mobile::mask;
use app::domain::sale::*;
use app::domain::time::Zone;
use app::error::AppError;
use app::i18n::Msg;
use app::ports::Actor;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

impl SalesService {
    pub(super) async fn complete(
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
            .or_internal()?
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
        let now = self.clock.now();
        let day = Zone::of_store(&st.time_zone).date_of(now);
        let txn = self.db.begin().await.or_internal()?;
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
                Expr::value(fen_of(t.list_total)?),
            )
            .col_expr(
                sale::Column::DiscountTotalFen,
                Expr::value(fen_of(t.discount_total)?),
            )
            .col_expr(sale::Column::TotalFen, Expr::value(fen_of(t.total)?))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&txn)
            .await
            .or_internal()?;
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
            .or_internal()?;
        // Every item to sold: in stock, or held for this customer/reservation; else nothing.
        for item_id in lines.iter().filter_map(|l| l.item_id) {
            goods::mark_sold(
                &txn,
                actor,
                now,
                Sold {
                    item_id,
                    store_id: s.store_id,
                    customer_id,
                    reservation_id: s.reservation_id,
                    receipt: &receipt,
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
                amount_fen: Set(fen_of(p.amount)?),
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
            .or_internal()?;
        }
        if !deposit_used.is_zero() {
            let res = deposit::Entity::update_many()
                .col_expr(deposit::Column::AppliedSaleId, Expr::value(Some(id)))
                .filter(deposit::Column::Id.is_in(deposits.iter().map(|d| d.id)))
                .filter(deposit::Column::AppliedSaleId.is_null())
                .exec(&txn)
                .await
                .or_internal()?;
            if res.rows_affected != deposits.len() as u64 {
                return Err(AppError::Conflict(Msg::ErrDepositExceeded));
            }
        }
        // The reservation becomes 已成交.
        if let Some(rid) = s.reservation_id {
            reservations::settle_with_sale(&txn, actor, now, rid, &receipt).await?;
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
        .or_internal()?;
        txn.commit().await.or_internal()?;
        self.publish(s.store_id, vec![s.consultant_id], "sale")
            .await;
        Ok(receipt)
    }

    pub(super) async fn void(&self, actor: &Actor, id: i32, version: i32) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        let to = step(&s, SaleEvent::Void)?;
        let txn = self.db.begin().await.or_internal()?;
        let res = sale::Entity::update_many()
            .col_expr(sale::Column::Status, Expr::value(to.status.as_str()))
            .col_expr(
                sale::Column::Version,
                Expr::col(sale::Column::Version).add(1),
            )
            .col_expr(sale::Column::UpdatedAt, Expr::value(self.clock.now()))
            .filter(sale::Column::Id.eq(id))
            .filter(sale::Column::Version.eq(version))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        audit::record(&txn, audit::Event::by(actor, "sale.void", "sale", s.id))
            .await
            .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(())
    }

    pub(super) async fn send_receipt_sms(&self, actor: &Actor, id: i32) -> Result<(), AppError> {
        let s = self.find(actor, id).await?;
        let receipt = s
            .receipt_no
            .clone()
            .ok_or(AppError::Conflict(Msg::ErrSaleNotCompleted))?;
        let c = match s.customer_id {
            Some(cid) => customers::get(&self.db, cid).await?,
            None => None,
        }
        .filter(|c| !c.mobile.is_empty())
        .ok_or(AppError::Conflict(Msg::ErrNoMobile))?;
        let st = self.store(s.store_id).await?;
        // After a return, the text states what remains.
        let refunded: i64 = sale_return::Entity::find()
            .filter(sale_return::Column::SaleId.eq(id))
            .all(&self.db)
            .await
            .or_internal()?
            .iter()
            .map(|r| r.refund_fen)
            .sum();
        let chain = crate::services::chain::settings(&self.db).await?;
        let from = crate::sms::From {
            signature: &chain.sms_signature,
            store: &st.name,
            zone: Zone::of_store(&st.time_zone),
        };
        let body = crate::sms::receipt_text(
            &from,
            &receipt,
            &st.phone,
            yuan_of(s.total_fen),
            yuan_of(refunded),
        );
        let txn = self.db.begin().await.or_internal()?;
        crate::sms::enqueue(&txn, &c.mobile, &body, s.reservation_id).await?;
        audit::record(
            &txn,
            audit::Event::by(actor, "sale.receipt_sms", "sale", id)
                .after(serde_json::json!({ "receipt": receipt, "to": mask(&c.mobile) })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(())
    }
}
