//! Daily takings (日结): the business day's money by tender, and closing the day.

use super::{yuan_of, SalesService};
use crate::entities::{day_close, deposit, sale, sale_payment, sale_return, staff, store};
use crate::services::audit;
use crate::services::OrInternal;
use app::domain::policy::{allows, data_scope, DataScope, Permission, Role};
use app::domain::sale::*;
use app::domain::time::Zone;
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::Actor;
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use std::collections::HashMap;

impl SalesService {
    pub(super) async fn takings(
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
                .or_internal()?
                .map(|s| s.id)
                .ok_or(AppError::NotFound)?,
            (DataScope::Store { store_id: own }, s) if s.is_none_or(|s| s == own) => own,
            _ => return Err(AppError::Forbidden),
        };
        let st = self.store(store_id).await?;
        let now = self.clock.now();
        let today = Zone::of_store(&st.time_zone).date_of(now);
        let day = day.unwrap_or(today);
        let closed = day_close::Entity::find_by_id((store_id, day))
            .one(&self.db)
            .await
            .or_internal()?;
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
            .or_internal()?;
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
            .or_internal()?;
        let deposits = deposit::Entity::find()
            .filter(deposit::Column::StoreId.eq(store_id))
            .filter(deposit::Column::BusinessDay.eq(day))
            .all(&self.db)
            .await
            .or_internal()?;
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
            .or_internal()?;
        let returned_sales: HashMap<i32, Option<String>> = sale::Entity::find()
            .filter(sale::Column::Id.is_in(returns.iter().map(|r| r.sale_id)))
            .all(&self.db)
            .await
            .or_internal()?
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
            .or_internal()?
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
                .or_internal()?
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

    pub(super) async fn close_day(&self, actor: &Actor, day: NaiveDate) -> Result<(), AppError> {
        let u = &actor.user;
        if !allows(u.role, Permission::ManageSales) {
            return Err(AppError::Forbidden);
        }
        let store_id = u.store_id.ok_or(AppError::Forbidden)?;
        let st = self.store(store_id).await?;
        let now = self.clock.now();
        if day > Zone::of_store(&st.time_zone).date_of(now) {
            return Err(AppError::Conflict(Msg::ErrDayInFuture));
        }
        let txn = self.db.begin().await.or_internal()?;
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
        .or_internal()?;
        if res != 1 {
            return Err(AppError::Conflict(Msg::ErrDayClosed));
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "day.close", "store", store_id)
                .after(serde_json::json!({ "day": day.to_string() })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(())
    }
}
