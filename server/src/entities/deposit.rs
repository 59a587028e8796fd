use sea_orm::entity::prelude::*;

/// A deposit (定金) taken on a reservation; applied to the sale that settles it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deposit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub reservation_id: i32,
    pub customer_id: i32,
    pub store_id: i32,
    pub method: String,
    pub amount_fen: i64,
    pub reference: String,
    pub taken_by: i32,
    pub taken_at: DateTimeUtc,
    pub business_day: Date,
    pub applied_sale_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
