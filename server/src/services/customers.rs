//! Customers (客户, one per chain: the mobile is unique). This service owns the `customer`
//! table: reservations, goods and sales read and register customers only through the
//! functions here (server-internal, taking the caller's connection or transaction), and
//! server functions reach it through [`CustomersPort`].
//!
//! It also decides who may see a customer's personal data, and makes the look-up by full
//! number that the booking form, holds and sales use. Look-ups are limited per person (a
//! counter in the database, so the limit holds across app servers) and audited.

use crate::entities::{customer, item, reservation, sale, sale_return, staff, store};
use crate::services::OrInternal;
use crate::services::{audit, internal, is_unique_violation, throttle};
use app::domain::customers::CustomerSearch;
use app::domain::mobile::{mask, Mobile};
use app::domain::policy::Role;
use app::domain::policy::{may_see_customer, CustomerTies, Viewer};
use app::error::AppError;
use app::i18n::Msg;
use app::model::{
    CustomerFigures, CustomerFile, CustomerHit, CustomerRow, CustomerSale, CustomerVisit, Page,
    PageReq,
};
use app::ports::{Actor, CustomersPort};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;

pub struct CustomersService {
    pub db: sea_orm::DatabaseConnection,
    pub clock: crate::clock::Clock,
}

impl CustomersService {
    pub fn new(db: sea_orm::DatabaseConnection) -> Self {
        CustomersService {
            db,
            clock: Default::default(),
        }
    }
}

#[async_trait]
impl CustomersPort for CustomersService {
    async fn find_by_mobile(
        &self,
        actor: &Actor,
        mobile: Mobile,
    ) -> Result<Option<CustomerHit>, AppError> {
        let found = lookup(&self.db, actor, &mobile).await?;
        Ok(found.map(|f| CustomerHit {
            id: f.customer.id,
            name: if f.visible {
                f.customer.name
            } else {
                String::new()
            },
            chain_customer_of: (!f.visible).then_some(f.home_store),
            mobile: mask(&f.customer.mobile),
        }))
    }

    async fn list(
        &self,
        actor: &Actor,
        search: CustomerSearch,
        req: PageReq,
    ) -> Result<Page<CustomerRow>, AppError> {
        let db = &self.db;
        let req = req.clamped();
        // The scope is one condition (an OR of her ties) that every search narrows: ALL of them.
        let mut cond = Condition::all().add(visible_condition(actor)?);
        match &search {
            CustomerSearch::All => {}
            CustomerSearch::MobileFragment(digits) => {
                cond = cond.add(
                    matching(db, Field::Mobile, digits)
                        .await?
                        .condition(customer::Column::Id),
                );
            }
            CustomerSearch::NameOrMember(text) => {
                cond = cond.add(
                    Condition::any()
                        .add(
                            matching(db, Field::Name, text)
                                .await?
                                .condition(customer::Column::Id),
                        )
                        .add(customer::Column::MemberNo.eq(text.as_str())),
                );
            }
        }
        let query = customer::Entity::find().filter(cond);
        let query = match req.sort_or(&["name", "created"], "") {
            "name" => query.order_by(customer::Column::Name, order(req.desc)),
            "created" => query.order_by(customer::Column::CreatedAt, order(req.desc)),
            // Newest first unless asked otherwise.
            _ => query.order_by(customer::Column::CreatedAt, Order::Desc),
        };
        let pager = query
            .order_by_asc(customer::Column::Id)
            .paginate(db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        let stores = store_names(db, items.iter().filter_map(|c| c.store_id)).await?;
        Ok(Page {
            items: items
                .into_iter()
                .map(|c| CustomerRow {
                    id: c.id,
                    mobile: mask(&c.mobile),
                    home_store: c
                        .store_id
                        .and_then(|s| stores.get(&s).cloned())
                        .unwrap_or_default(),
                    name: c.name,
                    member_no: c.member_no,
                    created_at: c.created_at,
                })
                .collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }

    async fn file(&self, actor: &Actor, id: i32) -> Result<CustomerFile, AppError> {
        let db = &self.db;
        let Some(c) = get(db, id).await? else {
            return Err(AppError::NotFound);
        };
        let v = viewer(actor);
        if !may_see_customer(v, &ties(db, &c).await?) {
            return Err(AppError::NotFound);
        }
        // Those who serve her (her consultants, her stores' managers) read her number on her
        // file; head office reads it masked.
        let serves_her = matches!(v.role, Role::Consultant | Role::StoreManager);
        let visits = reservation::Entity::find()
            .filter(reservation::Column::CustomerId.eq(c.id))
            .order_by_desc(reservation::Column::VisitAt)
            .order_by_desc(reservation::Column::Id)
            .limit(CustomerFile::RECENT)
            .all(db)
            .await
            .or_internal()?;
        let sales = sale::Entity::find()
            .filter(sale::Column::CustomerId.eq(c.id))
            .filter(sale::Column::Status.ne("draft"))
            .order_by_desc(sale::Column::CreatedAt)
            .order_by_desc(sale::Column::Id)
            .all(db)
            .await
            .or_internal()?;
        let refunds = refunds_of(db, sales.iter().map(|s| s.id).collect()).await?;
        let store_ids = visits
            .iter()
            .map(|r| r.store_id)
            .chain(sales.iter().map(|s| s.store_id))
            .chain(c.store_id);
        let stores = store_names(db, store_ids).await?;
        let staff_ids = visits
            .iter()
            .filter_map(|r| r.consultant_id)
            .chain(sales.iter().map(|s| s.consultant_id));
        let staff = staff_names(db, staff_ids).await?;
        let figures = figures(&sales, &refunds, &visits);
        let store_of = |id: i32| stores.get(&id).cloned().unwrap_or_default();
        Ok(CustomerFile {
            id: c.id,
            mobile: if serves_her {
                c.mobile.clone()
            } else {
                mask(&c.mobile)
            },
            name: c.name,
            email: c.email,
            qq: c.qq,
            home_store: c.store_id.map(store_of).unwrap_or_default(),
            is_member: c.is_member,
            member_no: c.member_no,
            created_at: c.created_at,
            figures,
            visits: visits
                .into_iter()
                .filter_map(|r| {
                    Some(CustomerVisit {
                        id: r.id,
                        status: app::domain::reservation::Status::parse(&r.status)?,
                        service: app::domain::reservation::Service::parse(&r.service)?,
                        store_name: store_of(r.store_id),
                        consultant_name: r.consultant_id.and_then(|s| staff.get(&s).cloned()),
                        number: r.number,
                        visit_at: r.visit_at,
                    })
                })
                .collect(),
            sales: sales
                .into_iter()
                .take(usize::try_from(CustomerFile::RECENT).unwrap_or(50))
                .filter_map(|s| {
                    let refunded = refunds.get(&s.id).copied().unwrap_or(0);
                    Some(CustomerSale {
                        id: s.id,
                        status: app::domain::sale::SaleStatus::parse(&s.status)?,
                        store_name: store_of(s.store_id),
                        consultant_name: staff.get(&s.consultant_id).cloned().unwrap_or_default(),
                        total: yuan(s.total_fen),
                        net: yuan(s.total_fen - refunded),
                        returned: refunded > 0,
                        receipt_no: s.receipt_no,
                        created_at: s.created_at,
                    })
                })
                .collect(),
        })
    }
}

fn order(desc: bool) -> Order {
    if desc {
        Order::Desc
    } else {
        Order::Asc
    }
}

fn yuan(fen: i64) -> rust_decimal::Decimal {
    app::domain::money::Money::from_fen(fen).yuan()
}

/// The customers `actor` may see, as a condition on `customer` — the same ties as
/// [`ties`] and [`may_see_customer`], so the list and her file always agree: head office
/// everyone; a store's manager the customers of the store and those with a reservation, sale or
/// hold there; a consultant those she registered, booked or serves, sold to or holds a piece
/// for. Admins keep the system, not the customers.
fn visible_condition(actor: &Actor) -> Result<Condition, AppError> {
    let u = &actor.user;
    let ids = |q: SelectStatement| customer::Column::Id.in_subquery(q);
    match (u.role, u.store_id) {
        (Role::HeadOffice, _) => Ok(Condition::all()),
        (Role::StoreManager, Some(s)) => Ok(Condition::any()
            .add(customer::Column::StoreId.eq(s))
            .add(ids(Query::select()
                .column(reservation::Column::CustomerId)
                .from(reservation::Entity)
                .and_where(reservation::Column::StoreId.eq(s))
                .to_owned()))
            .add(ids(Query::select()
                .column(sale::Column::CustomerId)
                .from(sale::Entity)
                .and_where(sale::Column::StoreId.eq(s))
                .and_where(sale::Column::CustomerId.is_not_null())
                .to_owned()))
            .add(ids(Query::select()
                .column(item::Column::ReservedCustomerId)
                .from(item::Entity)
                .and_where(item::Column::StoreId.eq(s))
                .and_where(item::Column::ReservedCustomerId.is_not_null())
                .to_owned()))),
        (Role::Consultant, Some(_)) => Ok(Condition::any()
            .add(customer::Column::CreatedBy.eq(u.id))
            .add(ids(Query::select()
                .column(reservation::Column::CustomerId)
                .from(reservation::Entity)
                .cond_where(
                    Condition::any()
                        .add(reservation::Column::ConsultantId.eq(u.id))
                        .add(reservation::Column::CreatedBy.eq(u.id)),
                )
                .to_owned()))
            .add(ids(Query::select()
                .column(sale::Column::CustomerId)
                .from(sale::Entity)
                .and_where(sale::Column::ConsultantId.eq(u.id))
                .and_where(sale::Column::CustomerId.is_not_null())
                .to_owned()))
            .add(ids(Query::select()
                .column(item::Column::ReservedCustomerId)
                .from(item::Entity)
                .and_where(item::Column::ReservedBy.eq(u.id))
                .and_where(item::Column::ReservedCustomerId.is_not_null())
                .to_owned()))),
        _ => Err(AppError::Forbidden),
    }
}

async fn store_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    crate::services::admin::store_names(db, &distinct(ids))
        .await
        .or_internal()
}

/// Staff by id, by the name customers know them by.
async fn staff_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    Ok(
        crate::services::by_ids::<staff::Entity>(db, staff::Column::Id, &distinct(ids))
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect(),
    )
}

fn distinct(ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// What was refunded on each sale, in fen.
async fn refunds_of(
    db: &impl ConnectionTrait,
    sale_ids: Vec<i32>,
) -> Result<HashMap<i32, i64>, AppError> {
    if sale_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, i64)> = sale_return::Entity::find()
        .filter(sale_return::Column::SaleId.is_in(sale_ids))
        .select_only()
        .column(sale_return::Column::SaleId)
        .column(sale_return::Column::RefundFen)
        .into_tuple()
        .all(db)
        .await
        .or_internal()?;
    let mut out = HashMap::new();
    for (sale, fen) in rows {
        *out.entry(sale).or_insert(0) += fen;
    }
    Ok(out)
}

/// Her headline figures from her sales (completed or returned, net of refunds) and visits.
fn figures(
    sales: &[sale::Model],
    refunds: &HashMap<i32, i64>,
    visits: &[reservation::Model],
) -> CustomerFigures {
    let bought: Vec<&sale::Model> = sales
        .iter()
        .filter(|s| s.status == "completed" || s.status == "returned")
        .collect();
    let spend_fen: i64 = bought
        .iter()
        .map(|s| s.total_fen - refunds.get(&s.id).copied().unwrap_or(0))
        .sum();
    let kept = bought.iter().filter(|s| s.status == "completed").count();
    let when = |s: &&sale::Model| s.completed_at.unwrap_or(s.created_at);
    CustomerFigures {
        lifetime_spend: yuan(spend_fen),
        purchases: u32::try_from(kept).unwrap_or(u32::MAX),
        average_ticket: if kept == 0 {
            rust_decimal::Decimal::ZERO
        } else {
            (yuan(spend_fen) / rust_decimal::Decimal::from(kept)).round_dp(2)
        },
        first_purchase: bought.iter().map(when).min(),
        last_purchase: bought.iter().map(when).max(),
        last_visit: visits.iter().filter_map(|r| r.arrived_at).max(),
    }
}

/// One customer by id.
pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<customer::Model>, AppError> {
    customer::Entity::find_by_id(id).one(db).await.or_internal()
}

/// Customers by id, in one statement (none for no ids).
pub async fn many(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, customer::Model>, AppError> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(
        crate::services::by_ids::<customer::Entity>(db, customer::Column::Id, &ids)
            .await
            .or_internal()?
            .into_iter()
            .map(|c| (c.id, c))
            .collect(),
    )
}

/// Customers by id, named for the audit log: her name and masked number.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    Ok(
        crate::services::by_ids::<customer::Entity>(db, customer::Column::Id, ids)
            .await?
            .into_iter()
            .map(|c| (c.id, format!("{} {}", c.name, mask(&c.mobile))))
            .collect(),
    )
}

/// What a registration knows about a new customer.
pub struct NewCustomer<'a> {
    pub name: &'a str,
    pub mobile: &'a Mobile,
    pub email: &'a str,
    pub qq: &'a str,
    /// Her home store: where she was first registered.
    pub store_id: i32,
    /// Who registered her (her owner consultant); none for a web booking.
    pub created_by: Option<i32>,
    /// When (the registering service's clock).
    pub at: DateTime<Utc>,
}

/// The customer of a mobile number, registered if she is new. An existing customer is returned
/// unchanged: what someone else typed never overwrites her record. Two registrations racing
/// for one number: the loser's unique violation is a conflict, never a second customer.
pub async fn register(
    db: &impl ConnectionTrait,
    new: NewCustomer<'_>,
) -> Result<customer::Model, AppError> {
    if let Some(c) = customer::Entity::find()
        .filter(customer::Column::Mobile.eq(new.mobile.as_str()))
        .one(db)
        .await
        .or_internal()?
    {
        return Ok(c);
    }
    let now = new.at;
    customer::ActiveModel {
        name: Set(new.name.to_string()),
        mobile: Set(new.mobile.as_str().to_string()),
        email: Set(new.email.to_string()),
        qq: Set(new.qq.to_string()),
        store_id: Set(Some(new.store_id)),
        is_member: Set(false),
        member_no: Set(None),
        created_by: Set(new.created_by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::Conflict(Msg::ErrStateChanged)
        } else {
            internal(e)
        }
    })
}

/// Which of her fields a fragment is matched against.
#[derive(Clone, Copy)]
pub enum Field {
    Mobile,
    Name,
}

impl Field {
    fn column(self) -> &'static str {
        match self {
            Field::Mobile => "mobile",
            Field::Name => "name",
        }
    }
}

/// Above this many matching customers a fragment is left to the database as a subquery.
const MATCH_CAP: usize = 5_000;

/// Customers whose mobile or name contains a fragment: the ids, or (above [`MATCH_CAP`]) the
/// query that selects them.
pub enum Matches {
    Ids(Vec<i64>),
    Query(Box<SelectStatement>),
}

impl Matches {
    /// The condition "`column` (a customer id column of the caller's table) is one of them".
    pub fn condition(self, column: impl ColumnTrait) -> Condition {
        match self {
            Matches::Ids(ids) if ids.is_empty() => Condition::all().add(Expr::cust("1 = 0")),
            Matches::Ids(ids) => Condition::all().add(column.is_in(ids)),
            Matches::Query(q) => Condition::all().add(column.in_subquery(*q)),
        }
    }
}

/// Customers whose `field` contains `fragment`, found through the trigram index (FTS5 on
/// SQLite, pg_trgm on PostgreSQL; fragments under three characters fall back to LIKE). The ids
/// are fetched first, so that the caller's query then uses its customer index instead of
/// scanning a whole store (the planner's choice otherwise).
pub async fn matching(
    db: &impl ConnectionTrait,
    field: Field,
    fragment: &str,
) -> Result<Matches, AppError> {
    let like = format!("%{}%", fragment.replace(['%', '_', '\\'], ""));
    let col = Alias::new(field.column());
    let sub: SelectStatement =
        if db.get_database_backend() == DatabaseBackend::Sqlite && fragment.chars().count() >= 3 {
            Query::select()
                .expr(Expr::cust("rowid"))
                .from(Alias::new("customer_fts"))
                .and_where(Expr::col(col).like(like))
                .to_owned()
        } else {
            Query::select()
                .column(customer::Column::Id)
                .from(customer::Entity)
                .and_where(Expr::col(col).like(like))
                .to_owned()
        };
    let mut capped = sub.clone();
    capped.limit(u64::try_from(MATCH_CAP + 1).unwrap_or(u64::MAX));
    let rows = db
        .query_all_raw(db.get_database_backend().build(&capped))
        .await
        .or_internal()?;
    if rows.len() > MATCH_CAP {
        return Ok(Matches::Query(Box::new(sub)));
    }
    Ok(Matches::Ids(
        rows.iter()
            .filter_map(|r| {
                r.try_get_by_index::<i64>(0)
                    .ok()
                    .or_else(|| r.try_get_by_index::<i32>(0).ok().map(i64::from))
            })
            .collect(),
    ))
}

/// Number look-ups one person may make in [`LOOKUP_WINDOW_MINUTES`].
pub const LOOKUPS_PER_WINDOW: u32 = 60;
pub const LOOKUP_WINDOW_MINUTES: i64 = 10;

pub fn viewer(actor: &Actor) -> Viewer {
    Viewer {
        role: actor.user.role,
        staff_id: actor.user.id,
        store_id: actor.user.store_id,
    }
}

/// The consultants and stores a customer has a reservation, sale or hold with. Her owner
/// (whoever registered her) and whoever booked a reservation for her count as serving her.
pub async fn ties(
    db: &impl ConnectionTrait,
    c: &customer::Model,
) -> Result<CustomerTies, AppError> {
    let mut t = CustomerTies {
        home_store: c.store_id,
        consultants: c.created_by.into_iter().collect(),
        ..Default::default()
    };
    let res: Vec<(Option<i32>, Option<i32>, i32)> = reservation::Entity::find()
        .select_only()
        .column(reservation::Column::ConsultantId)
        .column(reservation::Column::CreatedBy)
        .column(reservation::Column::StoreId)
        .filter(reservation::Column::CustomerId.eq(c.id))
        .distinct()
        .into_tuple()
        .all(db)
        .await
        .or_internal()?;
    let sales: Vec<(i32, i32)> = sale::Entity::find()
        .select_only()
        .column(sale::Column::ConsultantId)
        .column(sale::Column::StoreId)
        .filter(sale::Column::CustomerId.eq(c.id))
        .distinct()
        .into_tuple()
        .all(db)
        .await
        .or_internal()?;
    let holds: Vec<(Option<i32>, i32)> = item::Entity::find()
        .select_only()
        .column(item::Column::ReservedBy)
        .column(item::Column::StoreId)
        .filter(item::Column::ReservedCustomerId.eq(c.id))
        .distinct()
        .into_tuple()
        .all(db)
        .await
        .or_internal()?;
    let served = res
        .iter()
        .map(|(consultant, _, store)| (*consultant, *store));
    let booked = res.iter().map(|(_, booker, store)| (*booker, *store));
    for (staff, store) in served
        .chain(booked)
        .chain(sales.into_iter().map(|(a, b)| (Some(a), b)))
        .chain(holds)
    {
        if let Some(s) = staff {
            if !t.consultants.contains(&s) {
                t.consultants.push(s);
            }
        }
        if !t.stores.contains(&store) {
            t.stores.push(store);
        }
    }
    Ok(t)
}

/// A customer found by her full number, and whether the viewer may see her.
pub struct Lookup {
    pub customer: customer::Model,
    pub visible: bool,
    /// Her home store's name (what everyone may learn).
    pub home_store: String,
}

/// Looks a full number up for `actor`: limited per person, audited when it finds someone.
pub async fn lookup(
    db: &impl ConnectionTrait,
    actor: &Actor,
    mobile: &Mobile,
) -> Result<Option<Lookup>, AppError> {
    let key = throttle::key("lookup", &actor.user.id.to_string());
    let allowed = throttle::allow(
        db,
        &key,
        LOOKUPS_PER_WINDOW,
        Duration::minutes(LOOKUP_WINDOW_MINUTES),
        Utc::now(),
    )
    .await
    .or_internal()?;
    if !allowed {
        audit::record(
            db,
            audit::Event::by(actor, "customer.lookup_limited", "staff", actor.user.id),
        )
        .await
        .or_internal()?;
        return Err(AppError::RateLimited);
    }
    let Some(c) = customer::Entity::find()
        .filter(customer::Column::Mobile.eq(mobile.as_str()))
        .one(db)
        .await
        .or_internal()?
    else {
        return Ok(None);
    };
    let visible = may_see_customer(viewer(actor), &ties(db, &c).await?);
    let home_store = match c.store_id {
        Some(id) => store::Entity::find_by_id(id)
            .one(db)
            .await
            .or_internal()?
            .map(|s| s.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    audit::record(
        db,
        audit::Event::by(actor, "customer.lookup", "customer", c.id)
            .after(json!({ "mobile": app::domain::mobile::mask(&c.mobile), "visible": visible })),
    )
    .await
    .or_internal()?;
    Ok(Some(Lookup {
        customer: c,
        visible,
        home_store,
    }))
}
