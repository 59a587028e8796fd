use sea_orm::entity::prelude::*;

/// A product name or style number some item carries, with its case-folded form: the text
/// search looks terms up here, then items by an indexed `IN` on the column the flags name
/// (see migrations 000004 and 000006). Flags are only ever set: a term no item carries any more
/// costs an empty look-up, never a wrong result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_term")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    pub folded: String,
    pub is_name: bool,
    pub is_style: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
