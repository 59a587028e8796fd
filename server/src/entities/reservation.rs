use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reservation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub number: String,
    pub customer_id: i32,
    pub store_id: i32,
    pub consultant_id: Option<i32>,
    pub visit_at: DateTimeUtc,
    pub source: String,
    pub needs: String,
    pub need_level: String,
    pub status: String,
    pub service: String,
    pub outcome: String,
    pub web_key: Option<String>,
    /// Bumped by every change: updates are compare-and-set on it.
    pub version: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub assigned_at: Option<DateTimeUtc>,
    pub arrived_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// The name as typed for this booking (never written over the customer's own record).
    pub booked_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::customer::Entity",
        from = "Column::CustomerId",
        to = "super::customer::Column::Id"
    )]
    Customer,
}

impl Related<super::customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
