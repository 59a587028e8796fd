//! Reading sales: one sale with its lines, payments, returns and what the viewer may do; the paged list.

use super::{line_money, may_approve, may_edit, scope, step, summary, yuan_of, SalesService};
use crate::entities::{sale, sale_line, sale_payment, sale_return, store};
use crate::services::customers::viewer;
use crate::services::customers::{self, Field};
use crate::services::OrInternal;
use crate::services::{goods, reservations};
use app::domain::mobile::mask;
use app::domain::sale::*;
use app::domain::time::Zone;
use app::error::AppError;
use app::model::*;
use app::ports::Actor;
use chrono::Datelike;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Order};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use std::collections::HashMap;

/// Most pending approvals the floor board lists (the sales list pages through them all).
const ASKS_SHOWN: u64 = 50;

impl SalesService {
    pub(super) async fn detail(&self, actor: &Actor, id: i32) -> Result<SaleView, AppError> {
        let s = self.find(actor, id).await?;
        let lines = self.lines(&self.db, id).await?;
        let pays = sale_payment::Entity::find()
            .filter(sale_payment::Column::SaleId.eq(id))
            .order_by_asc(sale_payment::Column::Id)
            .all(&self.db)
            .await
            .or_internal()?;
        let st = store::Entity::find_by_id(s.store_id)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let returns = sale_return::Entity::find()
            .filter(sale_return::Column::SaleId.eq(id))
            .order_by_asc(sale_return::Column::Id)
            .all(&self.db)
            .await
            .or_internal()?;
        let mut staff_ids = vec![s.consultant_id];
        staff_ids.extend(s.approved_by);
        staff_ids.extend(returns.iter().map(|r| r.by_staff));
        let names = self.display_names(staff_ids).await?;
        let cust = match s.customer_id {
            Some(cid) => customers::get(&self.db, cid).await?,
            None => None,
        };
        let full_mobile =
            app::domain::policy::serves_record(viewer(actor), s.store_id, Some(s.consultant_id));
        let number = match s.reservation_id {
            Some(rid) => reservations::get(&self.db, rid).await?.map(|r| r.number),
            None => None,
        };
        let items = goods::items(&self.db, lines.iter().filter_map(|l| l.item_id)).await?;
        let money: Vec<LineMoney> = lines.iter().map(line_money).collect();
        let payments: Vec<Payment> = pays
            .iter()
            .filter(|p| p.amount_fen > 0)
            .filter_map(|p| {
                PaymentMethod::parse(&p.method).map(|m| Payment {
                    method: m,
                    amount: yuan_of(p.amount_fen),
                })
            })
            .collect();
        let limit = Decimal::new(st.discount_limit_bp.into(), 2);
        let deposit_available: Decimal = self
            .open_deposits(&self.db, s.reservation_id)
            .await?
            .iter()
            .map(|d| yuan_of(d.amount_fen))
            .sum();
        let return_until = s.completed_at.map(|at| {
            Zone::of_store(&st.time_zone).date_of(at)
                + chrono::Days::new(u64::try_from(st.return_days).unwrap_or(0))
        });
        let returnable = step(&s, SaleEvent::Return { all_back: false }).is_ok();
        let may_return = returnable
            && may_approve(actor, &s)
            && return_until
                .is_some_and(|d| Zone::of_store(&st.time_zone).date_of(self.clock.now()) <= d);
        let returns = returns
            .iter()
            .map(|r| ReturnView {
                id: r.id,
                at: r.at,
                by: names.get(&r.by_staff).cloned().unwrap_or_default(),
                reason: r.reason.clone(),
                refund: yuan_of(r.refund_fen),
                lines: lines
                    .iter()
                    .filter(|l| l.return_id == Some(r.id))
                    .map(|l| l.description.clone())
                    .collect(),
            })
            .collect();
        let consultant_month = if may_approve(actor, &s) && s.approval == Approval::Pending.as_str()
        {
            let today = Zone::of_store(&st.time_zone).date_of(self.clock.now());
            Some(
                self.consultant_month(s.store_id, s.consultant_id, today)
                    .await?,
            )
        } else {
            None
        };
        Ok(SaleView {
            consultant_month,
            returns,
            return_until,
            may_return,
            id: s.id,
            version: s.version,
            receipt_no: s.receipt_no.clone(),
            status: SaleStatus::parse(&s.status).unwrap_or(SaleStatus::Draft),
            approval: Approval::parse(&s.approval).unwrap_or(Approval::NotNeeded),
            approval_note: s.approval_note.clone(),
            approved_by: s
                .approved_by
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
            store_id: st.id,
            store_name: st.name,
            store_address: st.address,
            store_phone: st.phone,
            consultant_id: s.consultant_id,
            consultant_name: names.get(&s.consultant_id).cloned().unwrap_or_default(),
            customer: cust.map(|c| CustomerHit {
                id: c.id,
                name: c.name,
                chain_customer_of: None,
                mobile: app::domain::policy::shown_mobile(
                    viewer(actor),
                    app::domain::policy::Place::Record,
                    full_mobile,
                    &c.mobile,
                ),
            }),
            reservation_id: s.reservation_id,
            reservation_number: number,
            lines: lines
                .iter()
                .map(|l| SaleLineView {
                    id: l.id,
                    kind: l.kind.clone(),
                    item_id: l.item_id,
                    barcode: l.barcode.clone(),
                    style_no: l.style_no.clone(),
                    description: l.description.clone(),
                    cert_no: l.cert_no.clone(),
                    summary: l
                        .item_id
                        .and_then(|i| items.get(&i))
                        .map(summary)
                        .unwrap_or_default(),
                    formula: l.formula.clone(),
                    list_price: yuan_of(l.list_price_fen),
                    discount: yuan_of(l.discount_fen),
                    final_price: yuan_of(l.final_price_fen),
                    returned: l.return_id.is_some(),
                })
                .collect(),
            payments: pays
                .iter()
                .filter_map(|p| {
                    PaymentMethod::parse(&p.method).map(|m| PaymentView {
                        method: m,
                        amount: yuan_of(p.amount_fen),
                        reference: p.reference.clone(),
                    })
                })
                .collect(),
            totals: totals(&money, &payments),
            deposit_available,
            discount_limit: limit,
            needs_approval: needs_approval(&money, limit),
            created_at: s.created_at,
            completed_at: s.completed_at,
            business_day: s.business_day,
            may_edit: may_edit(actor, &s) && step(&s, SaleEvent::Edit).is_ok(),
            may_approve: may_approve(actor, &s),
        })
    }

    /// The drafts of the manager's store waiting for approval, oldest first, each with the
    /// lines beyond the store's limit (the 折 and amount asked) and the sale's total.
    pub(super) async fn approval_asks(&self, actor: &Actor) -> Result<Vec<ApprovalAsk>, AppError> {
        let u = &actor.user;
        let store_id = match u.store_id {
            Some(s)
                if app::domain::policy::allows(
                    u.role,
                    app::domain::policy::Permission::ManageSales,
                ) =>
            {
                s
            }
            _ => return Err(AppError::Forbidden),
        };
        let st = self.store(store_id).await?;
        let limit = Decimal::new(st.discount_limit_bp.into(), 2);
        let pending = sale::Entity::find()
            .filter(sale::Column::StoreId.eq(store_id))
            .filter(sale::Column::Status.eq(SaleStatus::Draft.as_str()))
            .filter(sale::Column::Approval.eq(Approval::Pending.as_str()))
            .order_by_asc(sale::Column::CreatedAt)
            .order_by_asc(sale::Column::Id)
            .limit(ASKS_SHOWN)
            .all(&self.db)
            .await
            .or_internal()?;
        let ids: Vec<i32> = pending.iter().map(|s| s.id).collect();
        let mut lines: HashMap<i32, Vec<crate::entities::sale_line::Model>> = HashMap::new();
        for l in crate::services::by_ids::<crate::entities::sale_line::Entity>(
            &self.db,
            crate::entities::sale_line::Column::SaleId,
            &ids,
        )
        .await
        .or_internal()?
        {
            lines.entry(l.sale_id).or_default().push(l);
        }
        let names = self
            .display_names(pending.iter().map(|s| s.consultant_id))
            .await?;
        let custs = customers::many(&self.db, pending.iter().filter_map(|s| s.customer_id)).await?;
        Ok(pending
            .into_iter()
            .map(|s| {
                let mut ls = lines.remove(&s.id).unwrap_or_default();
                ls.sort_by_key(|l| (l.position, l.id));
                let money: Vec<LineMoney> = ls.iter().map(line_money).collect();
                let asked = lines_beyond_limit(&money, limit)
                    .into_iter()
                    .filter_map(|i| ls.get(i).zip(money.get(i)))
                    .map(|(l, m)| AskedLine {
                        description: l.description.clone(),
                        list_price: m.list_price,
                        discount: m.discount,
                        final_price: m.final_price(),
                        zhe: percent_off_to_zhe(m.discount_percent()),
                    })
                    .collect();
                ApprovalAsk {
                    sale_id: s.id,
                    consultant_name: names.get(&s.consultant_id).cloned().unwrap_or_default(),
                    customer_name: s
                        .customer_id
                        .and_then(|c| custs.get(&c))
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    lines: asked,
                    total: totals(&money, &[]).total,
                    limit_zhe: percent_off_to_zhe(limit),
                    created_at: s.created_at,
                }
            })
            .collect())
    }

    /// A consultant's completed sales of the store in the month of `today` (its business days),
    /// added up in the database.
    async fn consultant_month(
        &self,
        store_id: i32,
        consultant_id: i32,
        today: chrono::NaiveDate,
    ) -> Result<ConsultantMonth, AppError> {
        let first = today.with_day(1).unwrap_or(today);
        let row: Option<(i64, i64, i64, i64)> = sale::Entity::find()
            .select_only()
            .column_as(sale::Column::Id.count(), "n")
            .column_as(
                sum_or_zero(
                    Expr::case(sale::Column::DiscountTotalFen.gt(0), 1)
                        .finally(0)
                        .into(),
                ),
                "discounted",
            )
            .column_as(sum_or_zero(Expr::col(sale::Column::ListTotalFen)), "list")
            .column_as(
                sum_or_zero(Expr::col(sale::Column::DiscountTotalFen)),
                "off",
            )
            .filter(sale::Column::StoreId.eq(store_id))
            .filter(sale::Column::ConsultantId.eq(consultant_id))
            .filter(sale::Column::BusinessDay.gte(first))
            .filter(sale::Column::BusinessDay.lte(today))
            .filter(sale::Column::Status.is_in([
                SaleStatus::Completed.as_str(),
                SaleStatus::Returned.as_str(),
            ]))
            .into_tuple()
            .one(&self.db)
            .await
            .or_internal()?;
        let (n, discounted, list, off) = row.unwrap_or_default();
        Ok(ConsultantMonth {
            sales: u64::try_from(n).unwrap_or(0),
            discounted: u64::try_from(discounted).unwrap_or(0),
            list_total: yuan_of(list),
            discount_total: yuan_of(off),
        })
    }

    /// The rows a filter selects, inside the viewer's scope (the store filter only narrows it).
    async fn list_condition(&self, actor: &Actor, f: &SaleFilter) -> Result<Condition, AppError> {
        let mut c = scope(actor)?;
        if let Some(s) = SaleStatus::parse(f.status.trim()) {
            c = c.add(sale::Column::Status.eq(s.as_str()));
        }
        if let Some(a) = Approval::parse(f.approval.trim()) {
            c = c.add(sale::Column::Approval.eq(a.as_str()));
        }
        if let Some(s) = f.store_id {
            c = c.add(sale::Column::StoreId.eq(s));
        }
        let day = |v: &str| chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
        if let Some(d) = day(&f.from) {
            c = c.add(sale::Column::BusinessDay.gte(d));
        }
        if let Some(d) = day(&f.to) {
            c = c.add(sale::Column::BusinessDay.lte(d));
        }
        let q = f.q.trim();
        if !q.is_empty() {
            let mut any = Condition::any().add(sale::Column::ReceiptNo.eq(q));
            let digits: String = q.chars().filter(char::is_ascii_digit).collect();
            let field = if digits.len() == q.len() {
                Field::Mobile
            } else {
                Field::Name
            };
            any = any.add(
                customers::matching(&self.db, field, q)
                    .await?
                    .condition(sale::Column::CustomerId),
            );
            c = c.add(any);
        }
        Ok(c)
    }

    /// What the filtered completed sales add up to, in two aggregate queries (any number of
    /// rows, constant memory).
    pub(super) async fn totals(
        &self,
        actor: &Actor,
        f: SaleFilter,
    ) -> Result<SaleTotals, AppError> {
        let c = self
            .list_condition(actor, &f)
            .await?
            .add(sale::Column::Status.is_in([
                SaleStatus::Completed.as_str(),
                SaleStatus::Returned.as_str(),
            ]));
        let (count, fen): (i64, i64) = sale::Entity::find()
            .select_only()
            .column_as(sale::Column::Id.count(), "n")
            .column_as(sum_or_zero(Expr::col(sale::Column::TotalFen)), "fen")
            .filter(c.clone())
            .into_tuple::<(i64, i64)>()
            .one(&self.db)
            .await
            .or_internal()?
            .unwrap_or((0, 0));
        let refunded: i64 = sale_return::Entity::find()
            .select_only()
            .column_as(
                sum_or_zero(Expr::col(sale_return::Column::RefundFen)),
                "fen",
            )
            .filter(
                sale_return::Column::SaleId.in_subquery(
                    sale::Entity::find()
                        .select_only()
                        .column(sale::Column::Id)
                        .filter(c)
                        .into_query(),
                ),
            )
            .into_tuple::<i64>()
            .one(&self.db)
            .await
            .or_internal()?
            .unwrap_or(0);
        let (amount, refunded) = (yuan_of(fen), yuan_of(refunded));
        Ok(SaleTotals {
            completed: u64::try_from(count).unwrap_or(0),
            amount,
            refunded,
            net: amount - refunded,
        })
    }

    pub(super) async fn list(
        &self,
        actor: &Actor,
        f: SaleFilter,
        req: PageReq,
    ) -> Result<Page<SaleRow>, AppError> {
        let c = self.list_condition(actor, &f).await?;
        let dir = if req.desc { Order::Desc } else { Order::Asc };
        let query = sale::Entity::find().filter(c);
        let query = match req.sort_or(&["created", "total", "receipt"], "created") {
            "total" => query.order_by(sale::Column::TotalFen, dir.clone()),
            "receipt" => query.order_by(sale::Column::ReceiptNo, dir.clone()),
            _ => query.order_by(sale::Column::CreatedAt, dir.clone()),
        };
        let pager = query
            .order_by(sale::Column::Id, dir)
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        let stores: HashMap<i32, String> = store::Entity::find()
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let names = self
            .display_names(items.iter().map(|s| s.consultant_id))
            .await?;
        let customers =
            customers::many(&self.db, items.iter().filter_map(|s| s.customer_id)).await?;
        let mut counts: HashMap<i32, u32> = HashMap::new();
        let mut returned: HashMap<i32, u32> = HashMap::new();
        for l in sale_line::Entity::find()
            .filter(sale_line::Column::SaleId.is_in(items.iter().map(|s| s.id)))
            .all(&self.db)
            .await
            .or_internal()?
        {
            *counts.entry(l.sale_id).or_default() += 1;
            if l.return_id.is_some() {
                *returned.entry(l.sale_id).or_default() += 1;
            }
        }
        let mut refunds: HashMap<i32, i64> = HashMap::new();
        for r in sale_return::Entity::find()
            .filter(sale_return::Column::SaleId.is_in(items.iter().map(|s| s.id)))
            .all(&self.db)
            .await
            .or_internal()?
        {
            *refunds.entry(r.sale_id).or_default() += r.refund_fen;
        }
        Ok(Page {
            items: items
                .into_iter()
                .map(|s| {
                    let c = s.customer_id.and_then(|id| customers.get(&id));
                    SaleRow {
                        id: s.id,
                        receipt_no: s.receipt_no.clone(),
                        status: SaleStatus::parse(&s.status).unwrap_or(SaleStatus::Draft),
                        approval: Approval::parse(&s.approval).unwrap_or(Approval::NotNeeded),
                        store_name: stores.get(&s.store_id).cloned().unwrap_or_default(),
                        consultant_name: names.get(&s.consultant_id).cloned().unwrap_or_default(),
                        customer_name: c.map(|c| c.name.clone()).unwrap_or_default(),
                        // A list: masked for every role.
                        customer_mobile: c.map(|c| mask(&c.mobile)).unwrap_or_default(),
                        lines: counts.get(&s.id).copied().unwrap_or(0),
                        returned_lines: returned.get(&s.id).copied().unwrap_or(0),
                        total: yuan_of(s.total_fen),
                        net: yuan_of(
                            s.total_fen
                                .saturating_sub(refunds.get(&s.id).copied().unwrap_or(0)),
                        ),
                        created_at: s.created_at,
                        completed_at: s.completed_at,
                    }
                })
                .collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }
}

/// `SUM(e)` as a BIGINT, 0 over no rows (PostgreSQL sums BIGINT to NUMERIC; SQLite to NULL).
fn sum_or_zero(e: Expr) -> Expr {
    Expr::expr(Func::coalesce([e.sum(), Expr::val(0)])).cast_as("BIGINT")
}
