//! Signing in and out. Attempts are throttled per account (atomically, before the password is
//! checked) and failures per address; failures are audited, and a lock writes one audit row.

use crate::auth::{password, session};
use crate::entities::staff;
use crate::services::audit;
use crate::services::throttle as counters;
use app::domain::throttle;
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::json;

pub const FAILED: &str = "auth.login_failed";
pub const THROTTLED: &str = "auth.login_throttled";
pub const ADDRESS_THROTTLED: &str = "auth.address_throttled";

/// Usernames longer than this are not ours: they are cut before they become keys or audit rows.
const MAX_USERNAME: usize = 100;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Signed in: the new session's cookie token.
    SignedIn { token: String, staff_id: i32 },
    /// Wrong username or password, or a disabled account (indistinguishable on purpose).
    Rejected,
    /// Too many recent failures for this account or from this address.
    Throttled,
    /// No password-hashing turn came free in time: try again in a moment (HTTP 503).
    Busy,
}

pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
    /// The session cookie sent with the attempt, if any: it is ended (session id rotation).
    pub previous_token: Option<&'a str>,
}

/// Writes one "throttled" audit row per lock of a key, however many attempts the lock refuses.
async fn audit_lock_once(
    db: &DatabaseConnection,
    (action, key): (&str, &str),
    entity_id: &str,
    until: chrono::DateTime<Utc>,
    ip: &str,
) -> Result<(), DbErr> {
    if !counters::first_refusal(db, key).await? {
        return Ok(());
    }
    audit::record(
        db,
        audit::Event {
            actor_name: entity_id,
            action,
            entity: "staff",
            entity_id: entity_id.to_string(),
            ip,
            after: Some(json!({ "locked_until": until.to_rfc3339() })),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// The sign-in throttle keys of an attempt.
pub fn account_key(username: &str) -> String {
    counters::key("login", username)
}

pub fn address_key(ip: &str) -> String {
    counters::key("login-ip", ip)
}

pub async fn sign_in(db: &DatabaseConnection, a: Attempt<'_>) -> Result<Outcome, DbErr> {
    let username: String = a
        .username
        .trim()
        .to_lowercase()
        .chars()
        .take(MAX_USERNAME)
        .collect();
    let now = Utc::now();
    // An address with too many failures is refused before anything else is spent on it.
    let address = address_key(a.ip);
    if let Some(c) = counters::get(db, &address).await? {
        if let Some(until) = throttle::locked(Some(c), now) {
            audit_lock_once(db, (ADDRESS_THROTTLED, &address), a.ip, until, a.ip).await?;
            return Ok(Outcome::Throttled);
        }
    }
    // The attempt is counted against the account before its password is checked (atomically),
    // so that parallel guesses can never get past the limit.
    let account = account_key(&username);
    let (_, decision) = counters::apply(db, &account, |c| {
        throttle::attempt(c, now, throttle::MAX_FAILURES)
    })
    .await?;
    if let throttle::Decision::Refuse { until } = decision {
        audit_lock_once(db, (THROTTLED, &account), &username, until, a.ip).await?;
        return Ok(Outcome::Throttled);
    }

    let member = staff::Entity::find()
        .filter(staff::Column::Username.eq(username.as_str()))
        .one(db)
        .await?;
    let hash = member
        .as_ref()
        .map(|m| m.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_string());
    let Ok(password_ok) = password::verify_blocking(a.password.to_string(), hash).await else {
        return Ok(Outcome::Busy);
    };
    let member = match member {
        Some(m) if password_ok && m.active => m,
        other => {
            audit::record(
                db,
                audit::Event {
                    actor_id: other.as_ref().map(|m| m.id),
                    actor_name: &username,
                    action: FAILED,
                    entity: "staff",
                    entity_id: username.clone(),
                    store_id: other.as_ref().and_then(|m| m.store_id),
                    ip: a.ip,
                    after: Some(json!({
                        "reason": match &other {
                            None => "unknown_user",
                            Some(m) if !m.active => "disabled",
                            Some(_) => "bad_password",
                        }
                    })),
                    ..Default::default()
                },
            )
            .await?;
            // The address counts failures only: a shop's staff share it and sign in all day.
            counters::apply(db, &address, |c| {
                (
                    throttle::failure(c, now, throttle::MAX_ADDRESS_FAILURES),
                    throttle::Decision::Allow,
                )
            })
            .await?;
            return Ok(Outcome::Rejected);
        }
    };
    counters::clear(db, &account).await?;

    let txn = db.begin().await?;
    if let Some(old) = a.previous_token {
        session::delete(&txn, old).await?;
    }
    let token = session::create(&txn, member.id, a.user_agent).await?;
    audit::record(
        &txn,
        audit::Event {
            actor_id: Some(member.id),
            actor_name: &member.display_name,
            action: "auth.login",
            entity: "staff",
            entity_id: member.username.clone(),
            store_id: member.store_id,
            ip: a.ip,
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Outcome::SignedIn {
        token,
        staff_id: member.id,
    })
}

pub async fn sign_out(
    db: &DatabaseConnection,
    token: &str,
    user: Option<&app::model::CurrentUser>,
    ip: &str,
) -> Result<(), DbErr> {
    session::delete(db, token).await?;
    if let Some(u) = user {
        audit::record(
            db,
            audit::Event {
                actor_id: Some(u.id),
                actor_name: &u.display_name,
                action: "auth.logout",
                entity: "staff",
                entity_id: u.username.clone(),
                store_id: u.store_id,
                ip,
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}

/// Ends an account's sign-in lock (the CLI's `vitrine user unlock`), audited as the CLI.
pub async fn unlock(db: &DatabaseConnection, username: &str) -> Result<bool, DbErr> {
    let username = username.trim().to_lowercase();
    let key = account_key(&username);
    let had = counters::get(db, &key).await?.is_some();
    counters::clear(db, &key).await?;
    audit::record(
        db,
        audit::Event {
            actor_name: "cli",
            action: "auth.unlock",
            entity: "staff",
            entity_id: username,
            ip: "local",
            after: Some(json!({ "was_counted": had })),
            ..Default::default()
        },
    )
    .await?;
    Ok(had)
}
