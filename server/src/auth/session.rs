//! Server-side sessions in the database: they survive restarts and are shared by every app
//! server. The cookie holds a random token; the table holds only its SHA-256.
//! (Hand-written rather than tower-sessions: we need sessions indexed by staff member, so that
//! disabling someone or resetting their password ends their sessions in one statement.)

use crate::entities::{session, staff, store};
use app::domain::policy::Role;
use app::domain::session::{SessionPolicy, SessionState};
use app::domain::time::Zone;
use app::i18n::Lang;
use app::model::CurrentUser;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::prelude::DateTimeUtc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, JoinType, QueryFilter, QuerySelect, RelationTrait, Set,
};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "vitrine_session";

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub async fn create(
    db: &impl ConnectionTrait,
    staff_id: i32,
    user_agent: &str,
) -> Result<String, sea_orm::DbErr> {
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        id: Set(token_id(&token)),
        staff_id: Set(staff_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        user_agent: Set(user_agent.chars().take(300).collect()),
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn delete(db: &impl ConnectionTrait, token: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(token_id(token))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_all_of(
    db: &impl ConnectionTrait,
    staff_id: i32,
) -> Result<u64, sea_orm::DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::StaffId.eq(staff_id))
        .exec(db)
        .await?
        .rows_affected)
}

#[derive(Debug, PartialEq, Eq, FromQueryResult)]
struct SessionRow {
    created_at: DateTimeUtc,
    last_seen_at: DateTimeUtc,
    staff_id: i32,
    username: String,
    display_name: String,
    role: String,
    active: bool,
    store_id: Option<i32>,
    lang: String,
    store_name: Option<String>,
    time_zone: Option<String>,
}

pub enum Resolved {
    None,
    Expired,
    /// A live session's owner, and when the session ends if nothing more is done in it.
    User(CurrentUser, DateTime<Utc>),
}

/// An opaque name for one session, to key what the browser keeps for that person alone (the
/// offline copy of pages): a different sign-in on the same tablet has a different key.
pub fn person_key(token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"vitrine offline pages\0");
    h.update(token.as_bytes());
    hex::encode(&h.finalize()[..12])
}

/// Looks up the session of a cookie token, ending it if it has expired or its owner was
/// disabled, and refreshing its last-seen time (at most once a minute).
pub async fn resolve(
    db: &DatabaseConnection,
    policy: &SessionPolicy,
    token: &str,
) -> Result<Resolved, sea_orm::DbErr> {
    let id = token_id(token);
    // One statement per request: the session, its staff member and the member's store.
    let Some(row) = session::Entity::find_by_id(id.clone())
        .select_only()
        .column(session::Column::CreatedAt)
        .column(session::Column::LastSeenAt)
        .column_as(staff::Column::Id, "staff_id")
        .column(staff::Column::Username)
        .column(staff::Column::DisplayName)
        .column(staff::Column::Role)
        .column(staff::Column::Active)
        .column(staff::Column::StoreId)
        .column(staff::Column::Lang)
        .column_as(store::Column::Name, "store_name")
        .column_as(store::Column::TimeZone, "time_zone")
        .join(JoinType::InnerJoin, session::Relation::Staff.def())
        .join(JoinType::LeftJoin, staff::Relation::Store.def())
        .into_model::<SessionRow>()
        .one(db)
        .await?
    else {
        return Ok(Resolved::None);
    };
    let now = Utc::now();
    let touch = match policy.state(row.created_at, row.last_seen_at, now) {
        SessionState::Expired => {
            session::Entity::delete_by_id(id).exec(db).await?;
            return Ok(Resolved::Expired);
        }
        SessionState::Live { touch } => touch,
    };
    let Some(role) = Role::parse(&row.role).filter(|_| row.active) else {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(Resolved::None);
    };
    if touch {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    let member = row;
    let seen = if touch { now } else { member.last_seen_at };
    let ends_at = policy.ends_at(member.created_at, seen);
    Ok(Resolved::User(
        CurrentUser {
            id: member.staff_id,
            username: member.username,
            display_name: member.display_name,
            role,
            store_id: member.store_id,
            store_name: member.store_name,
            lang: Lang::parse(&member.lang).unwrap_or_default(),
            zone: Zone::of_store(member.time_zone.as_deref().unwrap_or_default()),
        },
        ends_at,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        let id = token_id(&a);
        assert_eq!(id.len(), 64);
        assert!(!id.contains(&a));
        assert_eq!(id, token_id(&a));
    }
}
