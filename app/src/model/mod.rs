//! Data that crosses the wire between browser and server (serde only).

use crate::domain::policy::Role;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::paging::{Page, PageReq};

/// The signed-in person, as the server resolved it from the session cookie.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub store_name: Option<String>,
    pub lang: Lang,
    /// The store's zone (head office and admins: the chain's home zone); times are shown and
    /// typed in it.
    pub zone: crate::domain::time::Zone,
}

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

pub use reservation::*;
mod reservation {
    use crate::domain::reservation::{Service, Status};
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Serialize};

    /// The booking form as typed (all strings: the server parses and validates).
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReservationInput {
        pub name: String,
        pub mobile: String,
        pub email: String,
        pub qq: String,
        pub store_id: String,
        /// A staff id, or `auto` for automatic assignment.
        pub consultant_id: String,
        /// `YYYY-MM-DDTHH:MM` in the store's local time; empty means now.
        pub visit_at: String,
        pub source: String,
        pub needs: String,
        pub need_level: String,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ReservationRow {
        pub id: i32,
        pub number: String,
        pub customer_id: i32,
        pub customer_name: String,
        /// Full or masked (138****1234), by the viewer's role.
        pub mobile: String,
        pub store_id: i32,
        pub store_name: String,
        pub consultant_id: Option<i32>,
        pub consultant_name: Option<String>,
        pub visit_at: DateTime<Utc>,
        pub source: String,
        pub needs: String,
        pub need_level: String,
        pub status: Status,
        pub service: Service,
        pub outcome: String,
        pub version: i32,
        pub created_at: DateTime<Utc>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReservationFilter {
        /// Any part of the mobile number (4 digits or more), e.g. the last four.
        pub phone: String,
        /// Any part of the customer's name.
        pub name: String,
        /// An item style number (款号) mentioned in the needs.
        pub style: String,
        /// Visit dates, inclusive, YYYY-MM-DD in the store's zone.
        pub from: String,
        pub to: String,
        pub need_level: String,
        pub status: Option<Status>,
        pub store_id: Option<i32>,
        pub consultant_id: Option<i32>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MyQueue {
        pub serving: Vec<ReservationRow>,
        pub waiting: Vec<ReservationRow>,
        pub scheduled_today: Vec<ReservationRow>,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CustomerInfo {
        pub id: i32,
        pub name: String,
        pub mobile: String,
        pub email: String,
        pub qq: String,
        pub store_id: Option<i32>,
        pub is_member: bool,
        pub member_no: Option<String>,
    }

    /// What is known about a mobile number as soon as it is complete.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MobileCheck {
        pub open_reservation: Option<ReservationRow>,
        /// Her record, for those who may see her.
        pub customer: Option<CustomerInfo>,
        /// For everyone else: only that she is a customer of the chain, and her home store.
        pub chain_customer_of: Option<String>,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct StaffOption {
        pub id: i32,
        pub name: String,
        pub role: crate::domain::policy::Role,
        pub on_duty: bool,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct HistoryRow {
        pub at: DateTime<Utc>,
        pub actor_name: String,
        pub kind: String,
        pub from_value: String,
        pub to_value: String,
        pub note: String,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Created {
        pub id: i32,
        pub number: String,
        pub consultant_name: Option<String>,
        /// Why the consultant was chosen automatically.
        pub reason: Option<String>,
    }

    /// A consultant's action on a reservation in their queue.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum QueueAction {
        Arrive,
        Claim,
        Reject,
        Transfer { to: i32 },
        Pause,
        Finish { deal: bool, note: String },
        CalledBack,
        Void,
    }

    /// A booking from the chain's website (`POST /api/v1/web-reservations`) or `/book`.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct WebBooking {
        pub name: String,
        pub phone: String,
        /// The store's id or name.
        pub store: String,
        /// ISO 8601 (with offset) or `YYYY-MM-DDTHH:MM` in the store's zone.
        pub visit_at: String,
        pub needs: String,
        pub email: String,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SmsRow {
        pub id: i64,
        pub to_mobile: String,
        pub body: String,
        pub status: String,
        pub provider: String,
        pub reservation_id: Option<i32>,
        pub created_at: DateTime<Utc>,
        pub sent_at: Option<DateTime<Utc>>,
    }
}

pub use goods::*;
mod goods {
    use crate::domain::goods::{Category, Clarity, Color, Grade, ItemStatus, RingSize};
    use chrono::{DateTime, Utc};
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};

    /// One item as a result row and on its page (stored units turned back into yuan, grams, ct).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ItemRowView {
        pub id: i32,
        pub barcode: String,
        pub erp_id: String,
        pub style_no: String,
        pub name: String,
        pub category: Category,
        pub material: String,
        pub weight_g: Decimal,
        pub carat: Decimal,
        pub color: Option<Color>,
        pub clarity: Option<Clarity>,
        pub cut: Option<Grade>,
        pub polish: Option<Grade>,
        pub symmetry: Option<Grade>,
        pub fluorescence: Option<String>,
        pub cert_lab: String,
        pub cert_no: String,
        pub ring: Option<RingSize>,
        pub price: Decimal,
        pub presale: bool,
        pub store_id: i32,
        pub store_name: String,
        pub status: ItemStatus,
        /// The holder's name, for those who may see her.
        pub reserved_for: Option<String>,
        /// For everyone else: the store whose customer it is held for.
        pub reserved_for_customer_of: Option<String>,
        pub reserved_until: Option<DateTime<Utc>>,
        pub reserved_reservation: Option<String>,
        pub photo_url: String,
        pub version: i32,
        pub created_at: DateTime<Utc>,
    }

    /// A page of search results. Beyond [`COUNT_CAP`](Self::COUNT_CAP) matches the total is
    /// not counted exactly: `total_capped` says "more than `total`".
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct GoodsPage {
        pub items: Vec<ItemRowView>,
        pub total: u64,
        pub total_capped: bool,
        pub page: u64,
        pub per_page: u64,
        /// The store searched, when one store was searched.
        pub store_id: Option<i32>,
    }

    impl GoodsPage {
        pub const COUNT_CAP: u64 = 10_000;
        pub fn pages(&self) -> u64 {
            self.total.div_ceil(self.per_page.max(1)).max(1)
        }
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ItemHistoryRow {
        pub at: DateTime<Utc>,
        pub actor_name: String,
        pub kind: String,
        pub from_value: String,
        pub to_value: String,
        pub note: String,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ItemDetail {
        pub item: ItemRowView,
        pub history: Vec<ItemHistoryRow>,
        /// Whether the viewer may reserve / release it (own store, workspace role).
        pub may_reserve: bool,
    }

    /// The 预留 form.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReserveInput {
        pub item_id: i32,
        pub version: i32,
        pub customer_id: Option<i32>,
        /// A reservation number (YY…) to link, instead of choosing a customer.
        pub reservation_number: String,
        /// `YYYY-MM-DD`, inclusive, in the store's zone.
        pub until: String,
        pub note: String,
    }

    /// A customer found by phone or name for the 预留 form.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CustomerHit {
        pub id: i32,
        /// Empty when the viewer may not see her (then `chain_customer_of` names her store).
        pub name: String,
        pub chain_customer_of: Option<String>,
        /// Masked unless the viewer may see it.
        pub mobile: String,
    }

    /// What an import or sync did, row by row.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ImportReport {
        pub created: u64,
        pub updated: u64,
        pub unchanged: u64,
        pub rejected: Vec<RejectedRow>,
        /// Items reserved here that the ERP changed: the reservation was kept.
        pub conflicts: Vec<SyncConflict>,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RejectedRow {
        /// 1-based data row number (the header is not counted).
        pub row: u64,
        pub erp_id: String,
        /// `field: reason` in the reader's language is built by the page from these.
        pub errors: Vec<crate::domain::validate::FieldError>,
    }

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SyncConflict {
        pub row: u64,
        pub barcode: String,
        /// What the ERP wanted (e.g. `status: sold`), which was not applied.
        pub wanted: String,
    }

    impl ImportReport {
        pub fn accepted(&self) -> u64 {
            self.created + self.updated + self.unchanged
        }
        pub fn merge(&mut self, other: ImportReport) {
            self.created += other.created;
            self.updated += other.updated;
            self.unchanged += other.unchanged;
            self.rejected.extend(other.rejected);
            self.conflicts.extend(other.conflicts);
        }
    }
}

mod sale;
pub use sale::*;
