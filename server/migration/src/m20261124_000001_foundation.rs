use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Store {
    Table,
    Id,
    Name,
    City,
    Address,
    Phone,
    TimeZone,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
    Username,
    DisplayName,
    Role,
    StoreId,
    OnDuty,
    Active,
    PasswordHash,
    Lang,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    StaffId,
    CreatedAt,
    LastSeenAt,
    UserAgent,
}

#[derive(DeriveIden)]
enum DictionaryEntry {
    Table,
    Id,
    Kind,
    Code,
    LabelZh,
    LabelEn,
    SortOrder,
    Active,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Action,
    Entity,
    EntityId,
    StoreId,
    Ip,
    Before,
    After,
}

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Store::Table)
                .col(ColumnDef::new(Store::Id).integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(Store::Name).string_len(100).not_null().unique_key())
                .col(ColumnDef::new(Store::City).string_len(50).not_null())
                .col(ColumnDef::new(Store::Address).string_len(300).not_null())
                .col(ColumnDef::new(Store::Phone).string_len(30).not_null().default(""))
                .col(ColumnDef::new(Store::TimeZone).string_len(50).not_null().default("Asia/Shanghai"))
                .col(ColumnDef::new(Store::Active).boolean().not_null().default(true))
                .col(ts(Store::CreatedAt))
                .col(ts(Store::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Staff::Table)
                .col(ColumnDef::new(Staff::Id).integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(Staff::Username).string_len(50).not_null().unique_key())
                .col(ColumnDef::new(Staff::DisplayName).string_len(100).not_null())
                .col(ColumnDef::new(Staff::Role).string_len(20).not_null())
                .col(ColumnDef::new(Staff::StoreId).integer().null())
                .col(ColumnDef::new(Staff::OnDuty).boolean().not_null().default(false))
                .col(ColumnDef::new(Staff::Active).boolean().not_null().default(true))
                .col(ColumnDef::new(Staff::PasswordHash).string_len(200).not_null())
                .col(ColumnDef::new(Staff::Lang).string_len(10).not_null().default("zh-CN"))
                .col(ts(Staff::CreatedAt))
                .col(ts(Staff::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_staff_store")
                        .from(Staff::Table, Staff::StoreId)
                        .to(Store::Table, Store::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_staff_store_role")
                .table(Staff::Table)
                .col(Staff::StoreId)
                .col(Staff::Role)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                // SHA-256 of the cookie token: a leaked table does not leak sessions.
                .col(ColumnDef::new(Session::Id).string_len(64).not_null().primary_key())
                .col(ColumnDef::new(Session::StaffId).integer().not_null())
                .col(ts(Session::CreatedAt))
                .col(ts(Session::LastSeenAt))
                .col(ColumnDef::new(Session::UserAgent).string_len(300).not_null().default(""))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_session_staff")
                        .from(Session::Table, Session::StaffId)
                        .to(Staff::Table, Staff::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_staff")
                .table(Session::Table)
                .col(Session::StaffId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DictionaryEntry::Table)
                .col(ColumnDef::new(DictionaryEntry::Id).integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(DictionaryEntry::Kind).string_len(30).not_null())
                .col(ColumnDef::new(DictionaryEntry::Code).string_len(50).not_null())
                .col(ColumnDef::new(DictionaryEntry::LabelZh).string_len(100).not_null())
                .col(ColumnDef::new(DictionaryEntry::LabelEn).string_len(100).not_null())
                .col(ColumnDef::new(DictionaryEntry::SortOrder).integer().not_null().default(0))
                .col(ColumnDef::new(DictionaryEntry::Active).boolean().not_null().default(true))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_dictionary_kind_code")
                .table(DictionaryEntry::Table)
                .col(DictionaryEntry::Kind)
                .col(DictionaryEntry::Code)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(ColumnDef::new(AuditLog::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ts(AuditLog::At))
                .col(ColumnDef::new(AuditLog::ActorId).integer().null())
                .col(ColumnDef::new(AuditLog::ActorName).string_len(100).not_null())
                .col(ColumnDef::new(AuditLog::Action).string_len(50).not_null())
                .col(ColumnDef::new(AuditLog::Entity).string_len(50).not_null())
                .col(ColumnDef::new(AuditLog::EntityId).string_len(100).not_null())
                .col(ColumnDef::new(AuditLog::StoreId).integer().null())
                .col(ColumnDef::new(AuditLog::Ip).string_len(64).not_null().default(""))
                .col(ColumnDef::new(AuditLog::Before).text().null())
                .col(ColumnDef::new(AuditLog::After).text().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_action_entity_at")
                .table(AuditLog::Table)
                .col(AuditLog::Action)
                .col(AuditLog::EntityId)
                .col(AuditLog::At)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_at")
                .table(AuditLog::Table)
                .col(AuditLog::At)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditLog::Table.into_iden(),
            DictionaryEntry::Table.into_iden(),
            Session::Table.into_iden(),
            Staff::Table.into_iden(),
            Store::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
