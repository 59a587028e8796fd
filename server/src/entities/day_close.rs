use sea_orm::entity::prelude::*;

/// A closed business day (日结): sales of a closed day no longer change; later changes land on
/// the next open day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "day_close")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub store_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub closed_by: i32,
    pub closed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
