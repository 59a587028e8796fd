//! Signing in and out. Failures are throttled per account and every attempt is audited.

use crate::auth::{password, session};
use crate::entities::{audit_log, staff};
use crate::services::audit;
use app::domain::throttle;
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use serde_json::json;

pub const FAILED: &str = "auth.login_failed";

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Signed in: the new session's cookie token.
    SignedIn { token: String, staff_id: i32 },
    /// Wrong username or password, or a disabled account (indistinguishable on purpose).
    Rejected,
    /// Too many recent failures for this account.
    Throttled,
}

pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
    /// The session cookie sent with the attempt, if any: it is ended (session id rotation).
    pub previous_token: Option<&'a str>,
}

pub async fn sign_in(db: &DatabaseConnection, a: Attempt<'_>) -> Result<Outcome, DbErr> {
    let username = a.username.trim().to_lowercase();
    let now = Utc::now();
    let since = now - Duration::minutes(throttle::WINDOW_MINUTES + throttle::LOCK_MINUTES);
    let failures: Vec<chrono::DateTime<Utc>> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::At)
        .filter(audit_log::Column::Action.eq(FAILED))
        .filter(audit_log::Column::EntityId.eq(username.as_str()))
        .filter(audit_log::Column::At.gt(since))
        .into_tuple()
        .all(db)
        .await?;
    if throttle::locked_until(&failures, now).is_some() {
        audit::record(
            db,
            audit::Event {
                actor_name: &username,
                action: "auth.login_throttled",
                entity: "staff",
                entity_id: username.clone(),
                ip: a.ip,
                ..Default::default()
            },
        )
        .await?;
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
    let password_ok = password::verify_blocking(a.password.to_string(), hash).await;
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
            return Ok(Outcome::Rejected);
        }
    };

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
