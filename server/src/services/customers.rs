//! Customers (one per chain, the mobile is unique): who may see a customer's personal data, and
//! the look-up by full number that the booking form, holds and sales use. Look-ups are limited
//! per person (a counter in the database, so the limit holds across app servers) and audited.

use crate::entities::{customer, item, reservation, sale, store};
use crate::services::{audit, internal, throttle};
use app::domain::mobile::Mobile;
use app::domain::policy::{may_see_customer, CustomerTies, Viewer};
use app::error::AppError;
use app::ports::Actor;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;

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
        .map_err(internal)?;
    let sales: Vec<(i32, i32)> = sale::Entity::find()
        .select_only()
        .column(sale::Column::ConsultantId)
        .column(sale::Column::StoreId)
        .filter(sale::Column::CustomerId.eq(c.id))
        .distinct()
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    let holds: Vec<(Option<i32>, i32)> = item::Entity::find()
        .select_only()
        .column(item::Column::ReservedBy)
        .column(item::Column::StoreId)
        .filter(item::Column::ReservedCustomerId.eq(c.id))
        .distinct()
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
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
    .map_err(internal)?;
    if !allowed {
        audit::record(
            db,
            audit::Event::by(actor, "customer.lookup_limited", "staff", actor.user.id),
        )
        .await
        .map_err(internal)?;
        return Err(AppError::RateLimited);
    }
    let Some(c) = customer::Entity::find()
        .filter(customer::Column::Mobile.eq(mobile.as_str()))
        .one(db)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let visible = may_see_customer(viewer(actor), &ties(db, &c).await?);
    let home_store = match c.store_id {
        Some(id) => store::Entity::find_by_id(id)
            .one(db)
            .await
            .map_err(internal)?
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
    .map_err(internal)?;
    Ok(Some(Lookup {
        customer: c,
        visible,
        home_store,
    }))
}
