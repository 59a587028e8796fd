//! The chain's own settings (issue 12, item 17): its name and logo, shown to customers on the
//! public booking page and on receipts, and the SMS signature every customer message starts
//! with (until now the product's name, hard-coded). One row (id 1), created here with the
//! values the product used so far; the logo lives in the database so that backups and several
//! app servers need nothing more.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChainSetting {
    Table,
    Id,
    Name,
    SmsSignature,
    Logo,
    LogoType,
    LogoVersion,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ChainSetting::Table)
                .col(
                    ColumnDef::new(ChainSetting::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ChainSetting::Name)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ChainSetting::SmsSignature)
                        .string_len(50)
                        .not_null(),
                )
                .col(ColumnDef::new(ChainSetting::Logo).blob().null())
                .col(
                    ColumnDef::new(ChainSetting::LogoType)
                        .string_len(20)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(ChainSetting::LogoVersion)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(ChainSetting::Version)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(ChainSetting::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(ChainSetting::Table)
                .columns([
                    ChainSetting::Id,
                    ChainSetting::Name,
                    ChainSetting::SmsSignature,
                    ChainSetting::UpdatedAt,
                ])
                .values_panic([
                    1.into(),
                    "Vitrine珠宝".into(),
                    "Vitrine珠宝".into(),
                    Expr::current_timestamp(),
                ])
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ChainSetting::Table).to_owned())
            .await
    }
}
