use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dictionary_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub sort_order: i32,
    pub active: bool,
    /// For materials: priced by weight at the day's gold price (足金/AU999…).
    pub by_weight: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
