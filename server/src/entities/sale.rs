use sea_orm::entity::prelude::*;

/// A sale (销售单): a draft while it is built, completed with its receipt number, voided, or
/// returned. Totals are the server's own computation (`app::domain::sale::totals`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sale")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub receipt_no: Option<String>,
    pub store_id: i32,
    pub consultant_id: i32,
    pub customer_id: Option<i32>,
    pub reservation_id: Option<i32>,
    pub status: String,
    pub approval: String,
    pub approval_note: String,
    pub approved_by: Option<i32>,
    pub approved_at: Option<DateTimeUtc>,
    pub list_total_fen: i64,
    pub discount_total_fen: i64,
    pub total_fen: i64,
    pub business_day: Option<Date>,
    pub note: String,
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
