use sea_orm::entity::prelude::*;

/// One scheduled backup: when, which file, how big, whether encrypted and copied.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "backup_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub file: String,
    pub bytes: i64,
    pub encrypted: bool,
    /// `none` (no second directory), `ok`, `skipped` or `failed: …`.
    pub copy_status: String,
    pub error: Option<String>,
    pub millis: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
