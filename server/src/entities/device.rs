use sea_orm::entity::prelude::*;

/// A store's registered device (a shared tablet): staff switch on it with their PIN.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub store_id: i32,
    pub name: String,
    /// SHA-256 (hex) of the device cookie's token.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub registered_by: i32,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
