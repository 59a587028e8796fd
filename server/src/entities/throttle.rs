use sea_orm::entity::prelude::*;

/// One throttled key (`login:<username>`, `login-ip:<address>`, `lookup:<staff id>`,
/// `web:<address>`): changed only by compare-and-set on `version`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "throttle")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub hits: i32,
    pub window_start: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub locks: i32,
    /// The lock whose refusals were already reported (one audit row per lock, not per refusal).
    pub noted_lock: i32,
    pub last_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
