use sea_orm::entity::prelude::*;

/// A receipt line: an item (with its certificate and, when gold-priced, the formula) or a
/// service such as engraving or resizing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sale_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sale_id: i32,
    pub position: i32,
    pub kind: String,
    pub item_id: Option<i32>,
    pub barcode: String,
    pub style_no: String,
    pub description: String,
    pub cert_no: String,
    pub formula: String,
    pub list_price_fen: i64,
    pub discount_fen: i64,
    pub final_price_fen: i64,
    pub return_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
