//! Discount approval: a consultant asks, a manager of the store decides.

use super::{line_money, may_approve, step, yuan_of, SalesService};
use crate::entities::{sale, store};
use crate::services::audit;
use crate::services::OrInternal;
use app::domain::sale::*;
use app::error::AppError;
use app::i18n::Msg;
use app::ports::Actor;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

impl SalesService {
    pub(super) async fn request_approval(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
    ) -> Result<(), AppError> {
        let s = self.editable(actor, id).await?;
        let st = store::Entity::find_by_id(s.store_id)
            .one(&self.db)
            .await
            .or_internal()?
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
            .or_internal()?;
        if res.rows_affected != 1 {
            return Err(AppError::Conflict(Msg::ErrSaleChanged));
        }
        let mut to = self.store_managers(s.store_id).await?;
        to.push(s.consultant_id);
        self.publish(s.store_id, to, "approval").await;
        Ok(())
    }

    pub(super) async fn decide(
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
        let now = self.clock.now();
        let txn = self.db.begin().await.or_internal()?;
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
            .or_internal()?;
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
        .or_internal()?;
        txn.commit().await.or_internal()?;
        let mut to = self.store_managers(s.store_id).await?;
        to.push(s.consultant_id);
        self.publish(s.store_id, to, "approval").await;
        Ok(())
    }
}
