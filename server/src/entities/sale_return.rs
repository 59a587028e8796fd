use sea_orm::entity::prelude::*;

/// A return of some lines of a completed sale, by a manager, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sale_return")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sale_id: i32,
    pub reason: String,
    pub refund_fen: i64,
    pub by_staff: i32,
    pub at: DateTimeUtc,
    pub business_day: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
