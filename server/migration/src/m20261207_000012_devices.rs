//! Shared store tablets (issue 12, item 20): a store's registered devices, and each staff
//! member's own PIN for switching on them. A PIN is only ever accepted on a registered device of
//! the person's own store; its hash is kept apart from the password's.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Device {
    Table,
    Id,
    StoreId,
    Name,
    /// SHA-256 (hex) of the device cookie's token; the token itself is never stored.
    TokenHash,
    RegisteredBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum StaffPin {
    Table,
    StaffId,
    PinHash,
    SetAt,
}

#[derive(DeriveIden)]
enum Store {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Device::Table)
                .col(
                    ColumnDef::new(Device::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Device::StoreId).integer().not_null())
                .col(ColumnDef::new(Device::Name).string_len(60).not_null())
                .col(
                    ColumnDef::new(Device::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Device::RegisteredBy).integer().not_null())
                .col(
                    ColumnDef::new(Device::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Device::LastUsedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Device::RevokedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_device_store")
                        .from(Device::Table, Device::StoreId)
                        .to(Store::Table, Store::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_device_store")
                .table(Device::Table)
                .col(Device::StoreId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StaffPin::Table)
                .col(
                    ColumnDef::new(StaffPin::StaffId)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(StaffPin::PinHash).string_len(200).not_null())
                .col(
                    ColumnDef::new(StaffPin::SetAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_staff_pin_staff")
                        .from(StaffPin::Table, StaffPin::StaffId)
                        .to(Staff::Table, Staff::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(StaffPin::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Device::Table).to_owned())
            .await
    }
}
