//! A store's shared devices and its staff's PINs (issue 12, item 20). Owns `device` and
//! `staff_pin`.
//!
//! A store manager registers the tablet in hand (it gets a long-lived, HttpOnly device cookie;
//! the database keeps only its hash) and can retire it. Each person sets their own 6-digit PIN
//! after typing their password. On a registered device, the sign-in page lists the store's
//! people with a PIN; choosing one and typing the PIN starts that person's session and ends the
//! previous one. A PIN is refused on any other device, for anyone of another store, after five
//! wrong tries for that person (their password still works) and after twenty on that device.

use crate::auth::{login, password, session};
use crate::entities::{device, staff, staff_pin, store};
use crate::services::throttle as counters;
use crate::services::{audit, OrInternal};
use app::domain::paging::DEFAULT_PER_PAGE;
use app::domain::pin::{self, MAX_DEVICE_FAILURES, MAX_PIN_FAILURES};
use app::domain::policy::{allows, Permission, Role};
use app::domain::throttle;
use app::error::AppError;
use app::model::{DeviceList, DeviceRow, DeviceSignIn, PinInput, PinPerson};
use app::ports::Actor;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;

/// The device cookie's name.
pub const COOKIE: &str = "vitrine_device";
/// How long a registered device keeps its cookie (a browser caps cookies at 400 days).
pub const COOKIE_DAYS: i64 = 400;
pub const PIN_FAILED: &str = "auth.pin_failed";
pub const PIN_THROTTLED: &str = "auth.pin_throttled";

/// A registered, not retired device of this cookie token.
pub async fn find(db: &impl ConnectionTrait, token: &str) -> Result<Option<device::Model>, DbErr> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    device::Entity::find()
        .filter(device::Column::TokenHash.eq(session::token_id(token)))
        .filter(device::Column::RevokedAt.is_null())
        .one(db)
        .await
}

/// Devices by id, named (the audit log).
pub async fn names(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, String>, DbErr> {
    Ok(
        crate::services::by_ids::<device::Entity>(db, device::Column::Id, ids)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
    )
}

/// The manager's own store, or `Forbidden`.
fn managed_store(actor: &Actor) -> Result<i32, AppError> {
    match actor.user.store_id {
        Some(s) if allows(actor.user.role, Permission::ManageDevices) => Ok(s),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    page: u64,
    device_token: Option<String>,
) -> Result<DeviceList, AppError> {
    let store_id = managed_store(actor)?;
    let this = match device_token {
        Some(t) => find(db, &t).await.or_internal()?,
        None => None,
    }
    .filter(|d| d.store_id == store_id);
    let q = device::Entity::find().filter(device::Column::StoreId.eq(store_id));
    let total = q.clone().count(db).await.or_internal()?;
    let page = page.clamp(1, app::domain::paging::MAX_PAGE);
    let rows = q
        // Devices in use first, the newest first.
        .order_by_asc(Expr::col(device::Column::RevokedAt).is_not_null())
        .order_by_desc(device::Column::Id)
        .limit(DEFAULT_PER_PAGE)
        .offset((page - 1) * DEFAULT_PER_PAGE)
        .all(db)
        .await
        .or_internal()?;
    let ids: Vec<i32> = rows.iter().map(|d| d.registered_by).collect();
    let people = crate::services::admin::staff_names(db, &ids)
        .await
        .or_internal()?;
    Ok(DeviceList {
        total,
        page,
        this_registered: this.is_some(),
        rows: rows
            .into_iter()
            .map(|d| DeviceRow {
                this_device: this.as_ref().is_some_and(|t| t.id == d.id),
                registered_by: people.get(&d.registered_by).cloned().unwrap_or_default(),
                id: d.id,
                name: d.name,
                created_at: d.created_at,
                last_used_at: d.last_used_at,
                revoked: d.revoked_at.is_some(),
            })
            .collect(),
    })
}

/// Registers the device in use for the manager's store; the token goes into its cookie.
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    name: &str,
) -> Result<String, AppError> {
    let store_id = managed_store(actor)?;
    let name = pin::validate_device_name(name).map_err(AppError::Validation)?;
    let token = session::new_token();
    let txn = db.begin().await.or_internal()?;
    let saved = device::ActiveModel {
        store_id: Set(store_id),
        name: Set(name.clone()),
        token_hash: Set(session::token_id(&token)),
        registered_by: Set(actor.user.id),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_internal()?;
    audit::record(
        &txn,
        audit::Event::by(actor, "device.register", "device", saved.id)
            .after(json!({ "name": name })),
    )
    .await
    .or_internal()?;
    txn.commit().await.or_internal()?;
    Ok(token)
}

/// Retires a device of the manager's store (compare-and-set: retired once).
pub async fn revoke(db: &DatabaseConnection, actor: &Actor, id: i32) -> Result<(), AppError> {
    let store_id = managed_store(actor)?;
    let txn = db.begin().await.or_internal()?;
    let done = device::Entity::update_many()
        .col_expr(device::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(device::Column::Id.eq(id))
        .filter(device::Column::StoreId.eq(store_id))
        .filter(device::Column::RevokedAt.is_null())
        .exec(&txn)
        .await
        .or_internal()?;
    if done.rows_affected == 0 {
        // Another store's device, none at all, or already retired: nothing is written.
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        audit::Event::by(actor, "device.revoke", "device", id).after(json!({ "active": false })),
    )
    .await
    .or_internal()?;
    txn.commit().await.or_internal()
}

pub async fn has_pin(db: &DatabaseConnection, actor: &Actor) -> Result<bool, AppError> {
    Ok(staff_pin::Entity::find_by_id(actor.user.id)
        .one(db)
        .await
        .or_internal()?
        .is_some())
}

/// Sets the person's own PIN once their password checks out (the attempt counts against the
/// account's sign-in limit, so this is no back door for guessing passwords).
pub async fn set_pin(
    db: &DatabaseConnection,
    actor: &Actor,
    input: PinInput,
) -> Result<(), AppError> {
    if !allows(actor.user.role, Permission::UseWorkspace) || actor.user.store_id.is_none() {
        return Err(AppError::Forbidden);
    }
    pin::validate_new_pin(&input.pin, &input.confirm).map_err(AppError::Validation)?;
    if input.password.is_empty() || input.password.len() > 128 {
        return Err(field("password", app::i18n::Msg::ErrWrongPassword));
    }
    let now = Utc::now();
    let account = login::account_key(&actor.user.username);
    let (_, decision) = counters::apply(db, &account, |c| {
        throttle::attempt(c, now, throttle::MAX_FAILURES)
    })
    .await
    .or_internal()?;
    if let throttle::Decision::Refuse { .. } = decision {
        return Err(AppError::RateLimited);
    }
    let hash = staff::Entity::find_by_id(actor.user.id)
        .one(db)
        .await
        .or_internal()?
        .ok_or(AppError::Unauthorized)?
        .password_hash;
    let ok = password::verify_blocking(input.password, hash)
        .await
        .map_err(|_| AppError::RateLimited)?;
    if !ok {
        return Err(field("password", app::i18n::Msg::ErrWrongPassword));
    }
    counters::clear(db, &account).await.or_internal()?;
    let pin_hash = password::hash_blocking(input.pin)
        .await
        .map_err(|_| AppError::RateLimited)?;
    let txn = db.begin().await.or_internal()?;
    staff_pin::Entity::delete_by_id(actor.user.id)
        .exec(&txn)
        .await
        .or_internal()?;
    staff_pin::ActiveModel {
        staff_id: Set(actor.user.id),
        pin_hash: Set(pin_hash),
        set_at: Set(now),
    }
    .insert(&txn)
    .await
    .or_internal()?;
    audit::record(
        &txn,
        audit::Event::by(actor, "account.set_pin", "staff", actor.user.id),
    )
    .await
    .or_internal()?;
    txn.commit().await.or_internal()?;
    // A new PIN starts with a clean slate.
    counters::clear(db, &pin_key(actor.user.id))
        .await
        .or_internal()
}

pub async fn clear_pin(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    let txn = db.begin().await.or_internal()?;
    let gone = staff_pin::Entity::delete_by_id(actor.user.id)
        .exec(&txn)
        .await
        .or_internal()?;
    if gone.rows_affected > 0 {
        audit::record(
            &txn,
            audit::Event::by(actor, "account.clear_pin", "staff", actor.user.id),
        )
        .await
        .or_internal()?;
    }
    txn.commit().await.or_internal()
}

fn field(name: &str, msg: app::i18n::Msg) -> AppError {
    AppError::Validation(vec![app::domain::validate::FieldError {
        field: name.into(),
        msg,
    }])
}

/// The people who may switch on the device of this cookie: the store's active staff with a PIN.
pub async fn sign_in_list(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<DeviceSignIn>, AppError> {
    let Some(d) = find(db, token).await.or_internal()? else {
        return Ok(None);
    };
    let store_name = store::Entity::find_by_id(d.store_id)
        .one(db)
        .await
        .or_internal()?
        .map(|s| s.name)
        .unwrap_or_default();
    let with_pin: Vec<i32> = staff_pin::Entity::find()
        .select_only()
        .column(staff_pin::Column::StaffId)
        .into_tuple()
        .all(db)
        .await
        .or_internal()?;
    let people = if with_pin.is_empty() {
        Vec::new()
    } else {
        staff::Entity::find()
            .filter(staff::Column::StoreId.eq(d.store_id))
            .filter(staff::Column::Active.eq(true))
            .filter(staff::Column::Id.is_in(with_pin))
            .order_by_asc(staff::Column::DisplayName)
            .limit(200)
            .all(db)
            .await
            .or_internal()?
            .into_iter()
            .filter(|s| {
                matches!(
                    Role::parse(&s.role),
                    Some(Role::Consultant | Role::StoreManager)
                )
            })
            .map(|s| PinPerson {
                id: s.id,
                display_name: s.display_name,
            })
            .collect()
    };
    Ok(Some(DeviceSignIn {
        device_name: d.name,
        store_name,
        people,
    }))
}

fn pin_key(staff_id: i32) -> String {
    counters::key("pin", &staff_id.to_string())
}

fn device_key(device_id: i32) -> String {
    counters::key("pin-device", &device_id.to_string())
}

#[derive(Debug, PartialEq, Eq)]
pub enum SwitchOutcome {
    /// Switched: the new session's cookie token.
    Switched { token: String },
    /// Not a registered device (or a retired one): sign in with the password.
    UnknownDevice,
    /// Wrong PIN, or nobody of this store with a PIN by that id (indistinguishable).
    Rejected,
    /// Too many wrong PINs for this person or on this device.
    Throttled,
    /// No hashing turn came free in time.
    Busy,
}

pub struct Switch<'a> {
    pub device_token: &'a str,
    pub staff_id: i32,
    pub pin: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
    /// The session cookie sent with the attempt (the previous person's): it is ended.
    pub previous_token: Option<&'a str>,
}

/// Switches the person on a registered device with their PIN.
pub async fn switch(db: &DatabaseConnection, s: Switch<'_>) -> Result<SwitchOutcome, DbErr> {
    let Some(dev) = find(db, s.device_token).await? else {
        return Ok(SwitchOutcome::UnknownDevice);
    };
    let now = Utc::now();
    let on_device = device_key(dev.id);
    if throttle::locked(counters::get(db, &on_device).await?, now).is_some() {
        return Ok(SwitchOutcome::Throttled);
    }
    // Counted before the PIN is compared (atomically), so parallel guesses cannot pass the limit.
    let person = pin_key(s.staff_id);
    let (_, decision) =
        counters::apply(db, &person, |c| throttle::attempt(c, now, MAX_PIN_FAILURES)).await?;
    if let throttle::Decision::Refuse { until } = decision {
        if counters::first_refusal(db, &person).await? {
            audit::record(
                db,
                audit::Event {
                    actor_name: "",
                    action: PIN_THROTTLED,
                    entity: "staff",
                    entity_id: s.staff_id.to_string(),
                    store_id: Some(dev.store_id),
                    ip: s.ip,
                    after: Some(json!({ "locked_until": until.to_rfc3339() })),
                    ..Default::default()
                },
            )
            .await?;
        }
        return Ok(SwitchOutcome::Throttled);
    }
    let member = staff::Entity::find_by_id(s.staff_id)
        .one(db)
        .await?
        .filter(|m| m.active && m.store_id == Some(dev.store_id));
    let stored = match &member {
        Some(_) => staff_pin::Entity::find_by_id(s.staff_id).one(db).await?,
        None => None,
    };
    let hash = stored
        .as_ref()
        .map(|p| p.pin_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_string());
    let ok = if pin::may_be_pin(s.pin) {
        match password::verify_blocking(s.pin.to_string(), hash).await {
            Ok(ok) => ok && stored.is_some(),
            Err(_) => return Ok(SwitchOutcome::Busy),
        }
    } else {
        false
    };
    let member = match member {
        Some(m) if ok => m,
        member => {
            audit::record(
                db,
                audit::Event {
                    actor_id: member.as_ref().map(|m| m.id),
                    actor_name: member.as_ref().map_or("", |m| m.display_name.as_str()),
                    action: PIN_FAILED,
                    entity: "staff",
                    entity_id: member
                        .as_ref()
                        .map_or_else(|| s.staff_id.to_string(), |m| m.username.clone()),
                    store_id: Some(dev.store_id),
                    ip: s.ip,
                    after: Some(json!({ "device": dev.name })),
                    ..Default::default()
                },
            )
            .await?;
            counters::apply(db, &on_device, |c| {
                (
                    throttle::failure(c, now, MAX_DEVICE_FAILURES),
                    throttle::Decision::Allow,
                )
            })
            .await?;
            return Ok(SwitchOutcome::Rejected);
        }
    };
    counters::clear(db, &person).await?;
    let txn = db.begin().await?;
    if let Some(old) = s.previous_token {
        session::delete(&txn, old).await?;
    }
    let token = session::create(&txn, member.id, s.user_agent).await?;
    device::Entity::update_many()
        .col_expr(device::Column::LastUsedAt, Expr::value(now))
        .filter(device::Column::Id.eq(dev.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Event {
            actor_id: Some(member.id),
            actor_name: &member.display_name,
            action: "auth.pin_switch",
            entity: "staff",
            entity_id: member.username.clone(),
            store_id: member.store_id,
            ip: s.ip,
            after: Some(json!({ "device": dev.name })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(SwitchOutcome::Switched { token })
}
