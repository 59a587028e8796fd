//! Database connections: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, SqlxSqliteConnector};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The file behind a `sqlite://path?…` URL, if it is a file.
pub fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// `synchronous=FULL` by default: an acknowledged sale survives the shop PC losing power (in WAL
/// mode NORMAL may lose the last commits). `VITRINE_SQLITE_SYNCHRONOUS=normal` trades that for
/// write throughput (see `make bench` for the cost).
fn sqlite_synchronous() -> SqliteSynchronous {
    match std::env::var("VITRINE_SQLITE_SYNCHRONOUS")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "normal" => SqliteSynchronous::Normal,
        _ => SqliteSynchronous::Full,
    }
}

/// Memory-mapped reads, off by default: `VITRINE_SQLITE_MMAP_MB=1024` lets SQLite read pages
/// straight from the mapped file (the 4C goods page at a million items served ~17 % more
/// requests a second with it). Off because with a mapped file a disk read error ends the whole
/// process (SIGBUS) instead of failing one request — on a shop PC's disk that trade is the
/// operator's to make.
fn sqlite_mmap_bytes() -> u64 {
    std::env::var("VITRINE_SQLITE_MMAP_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(0, |mb| mb.min(64 * 1024).saturating_mul(1024 * 1024))
}

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if is_sqlite(url) {
        if let Some(parent) = sqlite_file(url).and_then(|p| std::path::Path::new(p).parent()) {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(sqlite_synchronous())
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("mmap_size", sqlite_mmap_bytes().to_string());
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.max_connections(20)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        Ok(Database::connect(opts).await?)
    }
}

/// Brings the schema up to date and refreshes stale planner statistics. Connections opened
/// before it may hold the statistics it trimmed: open new ones afterwards (`main` does).
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await?;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // Refresh the query planner's statistics where they are stale (SQLite's advice for
        // long-lived databases; cheap when nothing changed).
        use sea_orm::{ConnectionTrait, TransactionTrait};
        let txn = db.begin().await?;
        txn.execute_unprepared("PRAGMA optimize=0x10002").await?;
        drop_value_statistics(&txn).await?;
        txn.commit().await?;
    }
    Ok(())
}

/// Refreshes the planner's statistics (`ANALYZE`, of one table or all) the way Vitrine keeps
/// them: on SQLite the per-value samples (`sqlite_stat4`) are dropped in the same transaction,
/// so no connection ever loads them (see [`drop_value_statistics`]).
pub async fn analyze(
    db: &sea_orm::DatabaseConnection,
    table: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        let sql = match table {
            Some(t) => format!("VACUUM ANALYZE {t}"),
            None => "VACUUM ANALYZE".into(),
        };
        return db.execute_unprepared(&sql).await.map(|_| ());
    }
    let txn = db.begin().await?;
    txn.execute_unprepared(&match table {
        Some(t) => format!("ANALYZE {t}"),
        None => "ANALYZE".into(),
    })
    .await?;
    drop_value_statistics(&txn).await?;
    txn.commit().await
}

/// SQLite (built with STAT4) re-plans a statement on every run when per-value samples exist
/// for an index its WHERE clause binds — on the goods page that was 14 % of the server's CPU,
/// every query planned again against the item table's 18 indexes. The per-index averages
/// (`sqlite_stat1`) pick the same plans for Vitrine's queries (`make bench` prints the search
/// latencies), so only those are kept.
async fn drop_value_statistics(db: &impl sea_orm::ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
        return Ok(());
    }
    let exists = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Sqlite,
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'",
        ))
        .await?
        .is_some();
    if exists {
        db.execute_unprepared("DELETE FROM sqlite_stat4").await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_file("sqlite://data/vitrine.db"),
            Some("data/vitrine.db")
        );
        assert_eq!(sqlite_file("sqlite:x.db?mode=rwc"), Some("x.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/db"), None);
    }
}
