use sea_orm::entity::prelude::*;

/// 货品动作记录: one row per receipt, transfer, status change, reservation, release, sale,
/// return or ERP update.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<i32>,
    pub actor_name: String,
    /// See `app::domain::goods::HistoryKind`.
    pub kind: String,
    pub from_value: String,
    pub to_value: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
