//! The append-only audit log. Rows are written in the same transaction as the change.

use crate::entities::audit_log;
use app::domain::audit::{self, Detail, Value};
use app::i18n::audit::Entry;
use app::ports::Actor;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Event<'a> {
    pub actor_id: Option<i32>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub store_id: Option<i32>,
    pub ip: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
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

    pub fn before(mut self, v: serde_json::Value) -> Self {
        self.before = Some(v);
        self
    }

    pub fn after(mut self, v: serde_json::Value) -> Self {
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

/// One page of the log as an auditor reads it: each record named (by the service that owns
/// it) and each field labelled and typed, stores by name.
pub async fn rows(
    db: &impl ConnectionTrait,
    items: Vec<audit_log::Model>,
) -> Result<Vec<Entry>, DbErr> {
    use crate::services::{admin, customers, reservations, sales, tokens};
    let ids = |entity: &str| -> Vec<i32> {
        let mut v: Vec<i32> = items
            .iter()
            .filter(|a| a.entity == entity)
            .filter_map(|a| a.entity_id.parse().ok())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut details: Vec<Vec<Detail>> = items
        .iter()
        .map(|a| audit::details(&a.action, a.before.as_deref(), a.after.as_deref()))
        .collect();
    let mut store_ids = ids("store");
    store_ids.extend(
        details
            .iter()
            .flatten()
            .flat_map(|d| [&d.before, &d.after])
            .filter_map(|v| match v {
                Some(Value::StoreId(Some(id))) => i32::try_from(*id).ok(),
                _ => None,
            }),
    );
    let stores = admin::store_names(db, &store_ids).await?;
    let mut names: HashMap<&str, HashMap<i32, String>> = HashMap::new();
    names.insert("staff", admin::staff_names(db, &ids("staff")).await?);
    names.insert("sale", sales::names(db, &ids("sale")).await?);
    names.insert(
        "reservation",
        reservations::names(db, &ids("reservation")).await?,
    );
    names.insert("customer", customers::names(db, &ids("customer")).await?);
    names.insert("api_token", tokens::names(db, &ids("api_token")).await?);
    names.insert(
        "device",
        crate::services::devices::names(db, &ids("device")).await?,
    );
    let entries = admin::dictionary_labels(db, &ids("dictionary_entry")).await?;
    let materials: Vec<&str> = items
        .iter()
        .filter(|a| a.entity == "gold_price")
        .map(|a| a.entity_id.as_str())
        .collect();
    let materials = admin::material_labels(db, &materials).await?;
    for d in details.iter_mut().flatten() {
        for v in [&mut d.before, &mut d.after].into_iter().flatten() {
            if let Value::StoreId(id) = v {
                let id = id.and_then(|id| i32::try_from(id).ok());
                *v = Value::Store(
                    id.map(|id| stores.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))),
                );
            }
        }
    }
    Ok(items
        .into_iter()
        .zip(details)
        .map(|(a, details)| {
            let id = a.entity_id.parse::<i32>().ok();
            let (record, record_en) = match a.entity.as_str() {
                "store" => (id.and_then(|id| stores.get(&id).cloned()), None),
                "dictionary_entry" => match id.and_then(|id| entries.get(&id)) {
                    Some((zh, en)) => (Some(zh.clone()), Some(en.clone())),
                    None => (None, None),
                },
                "gold_price" => match materials.get(&a.entity_id) {
                    Some((zh, en)) => (Some(zh.clone()), Some(en.clone())),
                    None => (None, None),
                },
                e => (names.get(e).and_then(|m| m.get(&id?)).cloned(), None),
            };
            Entry {
                id: a.id,
                at: a.at,
                actor_name: a.actor_name,
                action: a.action,
                entity: a.entity,
                entity_id: a.entity_id,
                record,
                record_en,
                store_id: a.store_id,
                ip: a.ip,
                details,
            }
        })
        .collect())
}
