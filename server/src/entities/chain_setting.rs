use sea_orm::entity::prelude::*;

/// The chain's settings: one row, id 1 (`services::chain`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chain_setting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub name: String,
    /// Without the gateway's brackets (`app::domain::chain::sms_prefix` adds them).
    pub sms_signature: String,
    /// PNG, JPEG or WebP, at most `app::domain::chain::LOGO_MAX_BYTES`.
    pub logo: Option<Vec<u8>>,
    pub logo_type: String,
    /// Raised with every new logo: its URL carries it, so caches never show an old one.
    pub logo_version: i32,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
