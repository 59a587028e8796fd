use sea_orm::entity::prelude::*;

/// A payment of a sale (positive) or a refund of a return (negative).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sale_payment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sale_id: i32,
    pub method: String,
    pub amount_fen: i64,
    pub reference: String,
    pub deposit_id: Option<i32>,
    pub return_id: Option<i32>,
    pub business_day: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
