//! The append-only audit log. Rows are written in the same transaction as the change.

use crate::entities::audit_log;
use app::ports::Actor;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Event<'a> {
    pub actor_id: Option<i32>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub store_id: Option<i32>,
    pub ip: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Event<'a> {
    pub fn by(
        actor: &'a Actor,
        action: &'a str,
        entity: &'a str,
        entity_id: impl ToString,
    ) -> Self {
        Event {
            actor_id: Some(actor.user.id),
            actor_name: &actor.user.display_name,
            action,
            entity,
            entity_id: entity_id.to_string(),
            store_id: actor.user.store_id,
            ip: &actor.ip,
            ..Event::default()
        }
    }

    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }

    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }
}

pub async fn record(db: &impl ConnectionTrait, e: Event<'_>) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(e.actor_id),
        actor_name: Set(e.actor_name.chars().take(100).collect()),
        action: Set(e.action.to_string()),
        entity: Set(e.entity.to_string()),
        entity_id: Set(e.entity_id.chars().take(100).collect()),
        store_id: Set(e.store_id),
        ip: Set(e.ip.chars().take(64).collect()),
        before: Set(e.before.map(|v| v.to_string())),
        after: Set(e.after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
