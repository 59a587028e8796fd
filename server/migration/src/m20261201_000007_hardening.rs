//! Hardening:
//! - `throttle`: one row per throttled key (`login:<username>`, `login-ip:<address>`,
//!   `lookup:<staff id>`, `web:<address>`), changed only by compare-and-set on `version`, so that
//!   every limit is atomic and holds across several app servers on one database;
//! - `number_series`: the one allocator of every numbered record (reservations, receipts, and
//!   later members and tickets). The per-kind counters it replaces are copied into it;
//! - `backup_run`: every scheduled backup (time, file, size, encryption, copy status, error);
//! - `reservation.booked_name`: the name typed for a booking, kept on the reservation (a
//!   customer of the chain keeps her own name on her record whoever books her).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Throttle {
    Table,
    Key,
    Hits,
    WindowStart,
    LockedUntil,
    Locks,
    NotedLock,
    LastAt,
    Version,
}

#[derive(DeriveIden)]
enum NumberSeries {
    Table,
    Series,
    Last,
}

#[derive(DeriveIden)]
enum BackupRun {
    Table,
    Id,
    At,
    File,
    Bytes,
    Encrypted,
    CopyStatus,
    Error,
    Millis,
}

#[derive(DeriveIden)]
enum ReservationCounter {
    Table,
}

#[derive(DeriveIden)]
enum Reservation {
    Table,
    BookedName,
}

#[derive(DeriveIden)]
enum ReceiptCounter {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Throttle::Table)
                .col(
                    ColumnDef::new(Throttle::Key)
                        .string_len(200)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Throttle::Hits).integer().not_null())
                .col(
                    ColumnDef::new(Throttle::WindowStart)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Throttle::LockedUntil)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Throttle::Locks)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(Throttle::NotedLock)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(Throttle::LastAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Throttle::Version)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_throttle_last_at")
                .table(Throttle::Table)
                .col(Throttle::LastAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NumberSeries::Table)
                .col(
                    ColumnDef::new(NumberSeries::Series)
                        .string_len(80)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(NumberSeries::Last).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BackupRun::Table)
                .col(
                    ColumnDef::new(BackupRun::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(BackupRun::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(BackupRun::File).string_len(200).not_null())
                .col(ColumnDef::new(BackupRun::Bytes).big_integer().not_null())
                .col(ColumnDef::new(BackupRun::Encrypted).boolean().not_null())
                .col(
                    ColumnDef::new(BackupRun::CopyStatus)
                        .string_len(500)
                        .not_null(),
                )
                .col(ColumnDef::new(BackupRun::Error).string_len(1000).null())
                .col(ColumnDef::new(BackupRun::Millis).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO number_series (series, last) \
             SELECT 'reservation:' || day, last FROM reservation_counter",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO number_series (series, last) \
             SELECT 'receipt:' || CAST(store_id AS TEXT) || ':' || CAST(day AS TEXT), last \
             FROM receipt_counter",
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Reservation::Table)
                .add_column(
                    ColumnDef::new(Reservation::BookedName)
                        .string_len(100)
                        .not_null()
                        .default(""),
                )
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(ReservationCounter::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ReceiptCounter::Table).to_owned())
            .await?;
        Ok(())
    }
}
