//! A store's opening hours (issue 12, items 16 and 17): seven `HH:MM-HH:MM` entries, Monday
//! first, an empty one for a closed day (`app::domain::store_rules::OpeningHours`). Existing
//! stores open 10:00–22:00 every day, the hours bookings were taken for until now.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Store {
    Table,
    OpeningHours,
}

const DEFAULT: &str =
    "10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Store::Table)
                .add_column(
                    ColumnDef::new(Store::OpeningHours)
                        .string_len(100)
                        .not_null()
                        .default(DEFAULT),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Store::Table)
                .drop_column(Store::OpeningHours)
                .to_owned(),
        )
        .await
    }
}
