use sea_orm::entity::prelude::*;

/// The last receipt sequence used per store and local day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "receipt_counter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub store_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub last: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
