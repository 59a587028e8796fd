use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Customer {
    Table,
    Id,
    Name,
    Mobile,
    Email,
    Qq,
    StoreId,
    IsMember,
    MemberNo,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reservation {
    Table,
    Id,
    Number,
    CustomerId,
    StoreId,
    ConsultantId,
    VisitAt,
    Source,
    Needs,
    NeedLevel,
    Status,
    Service,
    Outcome,
    WebKey,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    AssignedAt,
    ArrivedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum ReservationHistory {
    Table,
    Id,
    ReservationId,
    At,
    ActorId,
    ActorName,
    Kind,
    FromValue,
    ToValue,
    Note,
}

#[derive(DeriveIden)]
enum ReservationCounter {
    Table,
    Day,
    Last,
}

#[derive(DeriveIden)]
enum SmsOutbox {
    Table,
    Id,
    ToMobile,
    Body,
    Status,
    Provider,
    ReservationId,
    Attempts,
    Error,
    CreatedAt,
    SentAt,
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

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Customer::Table)
                .col(
                    ColumnDef::new(Customer::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Customer::Name).string_len(100).not_null())
                .col(
                    ColumnDef::new(Customer::Mobile)
                        .string_len(11)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Customer::Email)
                        .string_len(200)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(Customer::Qq)
                        .string_len(100)
                        .not_null()
                        .default(""),
                )
                .col(ColumnDef::new(Customer::StoreId).integer().null())
                .col(
                    ColumnDef::new(Customer::IsMember)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(Customer::MemberNo).string_len(30).null())
                .col(ColumnDef::new(Customer::CreatedBy).integer().null())
                .col(ts(Customer::CreatedAt))
                .col(ts(Customer::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_customer_store")
                        .from(Customer::Table, Customer::StoreId)
                        .to(Store::Table, Store::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_customer_name", Customer::Table, &["name"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Reservation::Table)
                .col(
                    ColumnDef::new(Reservation::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Reservation::Number)
                        .string_len(20)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Reservation::CustomerId).integer().not_null())
                .col(ColumnDef::new(Reservation::StoreId).integer().not_null())
                .col(ColumnDef::new(Reservation::ConsultantId).integer().null())
                .col(ts(Reservation::VisitAt))
                .col(
                    ColumnDef::new(Reservation::Source)
                        .string_len(100)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(Reservation::Needs)
                        .string_len(1000)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(Reservation::NeedLevel)
                        .string_len(50)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(Reservation::Status)
                        .string_len(20)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Reservation::Service)
                        .string_len(20)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Reservation::Outcome)
                        .string_len(500)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(Reservation::WebKey)
                        .string_len(100)
                        .null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Reservation::Version)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(ColumnDef::new(Reservation::CreatedBy).integer().null())
                .col(ts(Reservation::CreatedAt))
                .col(ts(Reservation::UpdatedAt))
                .col(ts_null(Reservation::AssignedAt))
                .col(ts_null(Reservation::ArrivedAt))
                .col(ts_null(Reservation::FinishedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_reservation_customer")
                        .from(Reservation::Table, Reservation::CustomerId)
                        .to(Customer::Table, Customer::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_reservation_store")
                        .from(Reservation::Table, Reservation::StoreId)
                        .to(Store::Table, Store::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_reservation_consultant")
                        .from(Reservation::Table, Reservation::ConsultantId)
                        .to(Staff::Table, Staff::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_reservation_consultant_service",
                &["consultant_id", "service", "visit_at"][..],
            ),
            ("idx_reservation_store_visit", &["store_id", "visit_at"][..]),
            ("idx_reservation_status_visit", &["status", "visit_at"][..]),
            ("idx_reservation_customer", &["customer_id", "status"][..]),
            ("idx_reservation_visit", &["visit_at"][..]),
            ("idx_reservation_assigned", &["store_id", "assigned_at"][..]),
        ] {
            m.create_index(index(name, Reservation::Table, cols))
                .await?;
        }

        m.create_table(
            Table::create()
                .table(ReservationHistory::Table)
                .col(
                    ColumnDef::new(ReservationHistory::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ReservationHistory::ReservationId)
                        .integer()
                        .not_null(),
                )
                .col(ts(ReservationHistory::At))
                .col(ColumnDef::new(ReservationHistory::ActorId).integer().null())
                .col(
                    ColumnDef::new(ReservationHistory::ActorName)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReservationHistory::Kind)
                        .string_len(20)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReservationHistory::FromValue)
                        .string_len(100)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(ReservationHistory::ToValue)
                        .string_len(100)
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new(ReservationHistory::Note)
                        .string_len(500)
                        .not_null()
                        .default(""),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_history_reservation")
                        .from(ReservationHistory::Table, ReservationHistory::ReservationId)
                        .to(Reservation::Table, Reservation::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_history_reservation",
            ReservationHistory::Table,
            &["reservation_id", "at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ReservationCounter::Table)
                .col(
                    ColumnDef::new(ReservationCounter::Day)
                        .string_len(8)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ReservationCounter::Last)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SmsOutbox::Table)
                .col(
                    ColumnDef::new(SmsOutbox::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SmsOutbox::ToMobile)
                        .string_len(11)
                        .not_null(),
                )
                .col(ColumnDef::new(SmsOutbox::Body).text().not_null())
                .col(ColumnDef::new(SmsOutbox::Status).string_len(20).not_null())
                .col(
                    ColumnDef::new(SmsOutbox::Provider)
                        .string_len(30)
                        .not_null()
                        .default(""),
                )
                .col(ColumnDef::new(SmsOutbox::ReservationId).integer().null())
                .col(
                    ColumnDef::new(SmsOutbox::Attempts)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(SmsOutbox::Error)
                        .string_len(500)
                        .not_null()
                        .default(""),
                )
                .col(ts(SmsOutbox::CreatedAt))
                .col(ts_null(SmsOutbox::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_sms_status",
            SmsOutbox::Table,
            &["status", "created_at"],
        ))
        .await?;

        // Fragment search on mobile numbers and names without a table scan.
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for sql in [
                    "CREATE VIRTUAL TABLE customer_fts USING fts5(name, mobile, content='customer', content_rowid='id', tokenize='trigram')",
                    "CREATE TRIGGER customer_fts_ai AFTER INSERT ON customer BEGIN \
                       INSERT INTO customer_fts(rowid, name, mobile) VALUES (new.id, new.name, new.mobile); END",
                    "CREATE TRIGGER customer_fts_ad AFTER DELETE ON customer BEGIN \
                       INSERT INTO customer_fts(customer_fts, rowid, name, mobile) VALUES ('delete', old.id, old.name, old.mobile); END",
                    "CREATE TRIGGER customer_fts_au AFTER UPDATE OF name, mobile ON customer BEGIN \
                       INSERT INTO customer_fts(customer_fts, rowid, name, mobile) VALUES ('delete', old.id, old.name, old.mobile); \
                       INSERT INTO customer_fts(rowid, name, mobile) VALUES (new.id, new.name, new.mobile); END",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            DatabaseBackend::Postgres => {
                for sql in [
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                    "CREATE INDEX idx_customer_mobile_trgm ON customer USING gin (mobile gin_trgm_ops)",
                    "CREATE INDEX idx_customer_name_trgm ON customer USING gin (name gin_trgm_ops)",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            m.get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS customer_fts")
                .await?;
        }
        for t in [
            SmsOutbox::Table.into_iden(),
            ReservationCounter::Table.into_iden(),
            ReservationHistory::Table.into_iden(),
            Reservation::Table.into_iden(),
            Customer::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
