use sea_orm::entity::prelude::*;

/// The day's price of a weight-priced material (yuan per gram, as fen), set by head office.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gold_price")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub material: String,
    pub day: Date,
    pub price_per_g_fen: i64,
    pub set_by: Option<i32>,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
