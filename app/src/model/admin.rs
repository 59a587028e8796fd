//! Administration: stores, staff, dictionaries, audit, backups, ERP tokens.

use crate::domain::paging::Page;
use crate::domain::policy::Role;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreRow {
    pub id: i32,
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
    pub active: bool,
    pub staff_count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreInput {
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreOption {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub store_name: Option<String>,
    pub on_duty: bool,
    pub active: bool,
    pub lang: Lang,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInput {
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// Empty for roles without a store.
    pub store_id: String,
    pub password: String,
    pub lang: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUpdate {
    pub display_name: String,
    pub role: String,
    pub store_id: String,
    /// A checkbox: present when ticked.
    pub on_duty: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffFilter {
    pub q: String,
    pub store_id: Option<i32>,
    pub role: Option<Role>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictEntry {
    pub id: i32,
    pub kind: String,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub sort_order: i32,
    pub active: bool,
}

impl DictEntry {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.label_zh,
            Lang::En => &self.label_en,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictInput {
    pub kind: String,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub sort_order: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub store_id: Option<i32>,
    pub ip: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One scheduled backup as listed to admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRow {
    pub at: DateTime<Utc>,
    pub file: String,
    pub bytes: i64,
    pub encrypted: bool,
    /// `none`, `ok`, `skipped` or `failed: …` (the copy to the second directory).
    pub copy_status: String,
    pub error: Option<String>,
    pub millis: i64,
}

/// The backup schedule as configured on the server (`None`: no scheduled backups).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSchedule {
    pub dir: String,
    pub every_minutes: u64,
    pub keep: usize,
    pub copy_dir: Option<String>,
    pub encrypted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupOverview {
    pub schedule: Option<BackupSchedule>,
    pub runs: Page<BackupRow>,
}

/// An ERP API token as listed to admins (never the token itself, which is shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Prefix of the action, e.g. `auth.` or `staff.create`.
    pub action: String,
    /// Part of the actor's name.
    pub actor: String,
    pub entity: String,
    /// Inclusive dates, YYYY-MM-DD, in the viewer's zone (Asia/Shanghai by default).
    pub from: String,
    pub to: String,
}
