//! Backups and restores: `vitrine backup --to FILE`, `vitrine restore --from FILE`, and
//! scheduled backups while serving.
//!
//! - SQLite: `VACUUM INTO` (a consistent copy while the shop keeps selling).
//! - PostgreSQL: `pg_dump` in its custom format, restored by `pg_restore` (the PostgreSQL client
//!   tools must be installed; a clear error names them otherwise).
//! - With `VITRINE_BACKUP_PASSPHRASE` set, a backup is encrypted with `age` (scrypt passphrase;
//!   `age` is a maintained, audited format and crate rather than a hand-rolled cipher), and a
//!   restore decrypts it with the same variable.
//! - Scheduled (`VITRINE_BACKUP_DIR`, `VITRINE_BACKUP_EVERY`, `VITRINE_BACKUP_KEEP`,
//!   `VITRINE_BACKUP_COPY_DIR`): with several app servers on one database only one takes each
//!   backup (a slot claimed by compare-and-set in the `throttle` table); every run is recorded
//!   in `backup_run` for the admin page.

use crate::entities::backup_run;
use anyhow::{anyhow, bail, Context};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    QueryOrder, Set, Statement,
};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PGDUMP_MAGIC: &[u8] = b"PGDMP";

/// What a backup file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    PgDump,
    Encrypted,
}

pub fn kind_of(header: &[u8]) -> Option<Kind> {
    if header.starts_with(AGE_MAGIC) {
        Some(Kind::Encrypted)
    } else if header.starts_with(SQLITE_MAGIC) {
        Some(Kind::Sqlite)
    } else if header.starts_with(PGDUMP_MAGIC) {
        Some(Kind::PgDump)
    } else {
        None
    }
}

fn passphrase() -> Option<String> {
    std::env::var("VITRINE_BACKUP_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

/// A PostgreSQL client tool: on PATH, or in Debian's versioned folder.
fn pg_tool(name: &str) -> anyhow::Result<PathBuf> {
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    let mut versioned: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("bin").join(name))
        .filter(|p| p.is_file())
        .collect();
    versioned.sort();
    versioned.pop().ok_or_else(|| {
        anyhow!("{name} was not found: install the PostgreSQL client tools (Debian: postgresql-client) to back up or restore a PostgreSQL database")
    })
}

fn partial(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

fn encrypt_file(plain: &Path, to: &Path, pass: &str) -> anyhow::Result<()> {
    let encryptor =
        age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(pass.to_string()));
    let out = std::fs::File::create(to).with_context(|| format!("creating {}", to.display()))?;
    let mut writer = encryptor.wrap_output(std::io::BufWriter::new(out))?;
    let mut input = std::fs::File::open(plain)?;
    std::io::copy(&mut input, &mut writer)?;
    let mut inner = writer.finish()?;
    inner.flush()?;
    inner.get_ref().sync_all()?;
    Ok(())
}

fn decrypt_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    let pass = passphrase().ok_or_else(|| {
        anyhow!(
            "{} is encrypted: set VITRINE_BACKUP_PASSPHRASE",
            from.display()
        )
    })?;
    let input = std::io::BufReader::new(std::fs::File::open(from)?);
    let decryptor = age::Decryptor::new_buffered(input)?;
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(pass));
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| anyhow!("cannot decrypt {}: {e}", from.display()))?;
    let mut out = std::fs::File::create(to)?;
    std::io::copy(&mut reader, &mut out)?;
    out.sync_all()?;
    Ok(())
}

/// Writes a consistent backup of the database to `to` (encrypted when a passphrase is set).
/// Returns its size in bytes. Safe while the app serves.
pub async fn backup_to(db: &DatabaseConnection, url: &str, to: &Path) -> anyhow::Result<u64> {
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let plain = partial(to);
    let _ = std::fs::remove_file(&plain);
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let target = plain
                .to_str()
                .ok_or_else(|| anyhow!("the backup path is not valid UTF-8"))?;
            db.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Sqlite,
                "VACUUM INTO ?",
                [target.into()],
            ))
            .await
            .context("VACUUM INTO")?;
        }
        _ => {
            let pg_dump = pg_tool("pg_dump")?;
            let out = tokio::process::Command::new(pg_dump)
                .arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(&plain)
                .arg("--dbname")
                .arg(url)
                .output()
                .await?;
            if !out.status.success() {
                let _ = std::fs::remove_file(&plain);
                bail!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
        }
    }
    let result = match passphrase() {
        Some(pass) => {
            let (p, t) = (plain.clone(), to.to_path_buf());
            let r = tokio::task::spawn_blocking(move || encrypt_file(&p, &t, &pass)).await?;
            let _ = std::fs::remove_file(&plain);
            r
        }
        None => std::fs::rename(&plain, to).map_err(Into::into),
    };
    result?;
    Ok(std::fs::metadata(to)?.len())
}

/// Whether the database already holds the product's data (any staff member).
async fn has_data(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let sql = match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'staff'"
        }
        _ => "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'staff'",
    };
    let exists: i64 = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .map(|r| r.try_get_by_index(0))
        .transpose()?
        .unwrap_or(0);
    if exists == 0 {
        return Ok(false);
    }
    let rows: i64 = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM staff",
        ))
        .await?
        .map(|r| r.try_get_by_index(0))
        .transpose()?
        .unwrap_or(0);
    Ok(rows > 0)
}

/// Restores `from` into the database at `url`. Refuses a database that holds data unless
/// `force`. The caller migrates afterwards (a backup of an older version is brought up to date).
pub async fn restore_from(url: &str, from: &Path, force: bool) -> anyhow::Result<()> {
    let mut header = [0u8; 32];
    let n = std::fs::File::open(from)
        .with_context(|| format!("opening {}", from.display()))?
        .read(&mut header)?;
    let mut kind = kind_of(&header[..n])
        .ok_or_else(|| anyhow!("{} is not a Vitrine backup", from.display()))?;
    let work = tempfile_path(from);
    let mut source = from.to_path_buf();
    if kind == Kind::Encrypted {
        let (f, w) = (from.to_path_buf(), work.clone());
        tokio::task::spawn_blocking(move || decrypt_file(&f, &w)).await??;
        let mut h = [0u8; 32];
        let n = std::fs::File::open(&work)?.read(&mut h)?;
        kind =
            kind_of(&h[..n]).ok_or_else(|| anyhow!("the decrypted backup is not one of ours"))?;
        source = work.clone();
    }
    let result = restore_plain(url, &source, kind, force).await;
    let _ = std::fs::remove_file(&work);
    result
}

fn tempfile_path(near: &Path) -> PathBuf {
    let mut s = near.as_os_str().to_owned();
    s.push(format!(".restore-{}", std::process::id()));
    PathBuf::from(s)
}

async fn restore_plain(url: &str, source: &Path, kind: Kind, force: bool) -> anyhow::Result<()> {
    let is_sqlite = crate::db::is_sqlite(url);
    match (kind, is_sqlite) {
        (Kind::Sqlite, true) => {
            let path = crate::db::sqlite_file(url)
                .ok_or_else(|| anyhow!("restore needs a SQLite file, not {url}"))?;
            if Path::new(path).exists() {
                let db = crate::db::connect(url).await?;
                let busy = has_data(&db).await?;
                db.close().await?;
                if busy && !force {
                    bail!("{path} already holds data: restore into an empty database, or add --force to replace it");
                }
            }
            let staged = PathBuf::from(format!("{path}.restoring"));
            std::fs::copy(source, &staged)?;
            std::fs::File::open(&staged)?.sync_all()?;
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
            std::fs::rename(&staged, path)?;
            Ok(())
        }
        (Kind::PgDump, false) => {
            let db = crate::db::connect(url).await?;
            let busy = has_data(&db).await?;
            db.close().await?;
            if busy && !force {
                bail!("the database already holds data: restore into an empty database, or add --force to replace it");
            }
            let pg_restore = pg_tool("pg_restore")?;
            let mut cmd = tokio::process::Command::new(pg_restore);
            cmd.arg("--no-owner").arg("--exit-on-error");
            if busy {
                cmd.arg("--clean").arg("--if-exists");
            }
            let out = cmd.arg("--dbname").arg(url).arg(source).output().await?;
            if !out.status.success() {
                bail!(
                    "pg_restore failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
            Ok(())
        }
        (Kind::Sqlite, false) => bail!("this is a SQLite backup; DATABASE_URL names PostgreSQL"),
        (Kind::PgDump, true) => bail!("this is a PostgreSQL backup; DATABASE_URL names SQLite"),
        (Kind::Encrypted, _) => bail!("the backup is encrypted twice"),
    }
}

/// Settings of scheduled backups, from the environment.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: Duration,
    pub keep: usize,
    pub copy_dir: Option<PathBuf>,
}

/// `30m`, `6h`, `1d` (or plain seconds).
pub fn parse_every(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num.parse().ok().filter(|n| *n > 0)?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    (60..=31 * 86_400)
        .contains(&secs)
        .then(|| Duration::from_secs(secs))
}

impl Schedule {
    pub fn from_env() -> anyhow::Result<Option<Schedule>> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let Some(dir) = var("VITRINE_BACKUP_DIR") else {
            return Ok(None);
        };
        let every = match var("VITRINE_BACKUP_EVERY") {
            Some(v) => parse_every(&v).ok_or_else(|| {
                anyhow!("VITRINE_BACKUP_EVERY={v}: use e.g. 30m, 6h or 1d (1 minute to 31 days)")
            })?,
            None => Duration::from_secs(86_400),
        };
        let keep = match var("VITRINE_BACKUP_KEEP") {
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| anyhow!("VITRINE_BACKUP_KEEP={v}: a number from 1 to 1000"))?,
            None => 7,
        };
        Ok(Some(Schedule {
            dir: PathBuf::from(dir),
            every,
            keep,
            copy_dir: var("VITRINE_BACKUP_COPY_DIR").map(PathBuf::from),
        }))
    }
}

fn file_name(at: DateTime<Utc>, sqlite: bool) -> String {
    format!(
        "vitrine-{}.{}{}",
        at.format("%Y%m%d-%H%M%S"),
        if sqlite { "sqlite" } else { "pgdump" },
        if passphrase().is_some() { ".age" } else { "" }
    )
}

/// Keeps the newest `keep` backups of ours in `dir`.
fn prune(dir: &Path, keep: usize) -> anyhow::Result<()> {
    let mut ours: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("vitrine-") && !n.ends_with(".partial"))
        })
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    for p in ours.into_iter().take(excess) {
        std::fs::remove_file(&p)?;
    }
    Ok(())
}

/// One scheduled run: the backup, its copy, pruning, and its record.
pub async fn run_once(
    db: &DatabaseConnection,
    url: &str,
    s: &Schedule,
    now: DateTime<Utc>,
) -> anyhow::Result<backup_run::Model> {
    let name = file_name(now, db.get_database_backend() == DatabaseBackend::Sqlite);
    let path = s.dir.join(&name);
    let started = std::time::Instant::now();
    let outcome = backup_to(db, url, &path).await;
    let (bytes, error) = match &outcome {
        Ok(b) => (i64::try_from(*b).unwrap_or(i64::MAX), None),
        Err(e) => (0, Some(format!("{e:#}"))),
    };
    let copy_status = match (&s.copy_dir, &outcome) {
        (None, _) => "none".to_string(),
        (Some(_), Err(_)) => "skipped".to_string(),
        (Some(dir), Ok(_)) => {
            let copied = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::copy(&path, dir.join(&name)).map(|_| ()))
                .and_then(|()| std::fs::File::open(dir.join(&name))?.sync_all());
            match copied {
                Ok(()) => {
                    let _ = prune(dir, s.keep);
                    "ok".to_string()
                }
                Err(e) => format!("failed: {e}"),
            }
        }
    };
    if outcome.is_ok() {
        prune(&s.dir, s.keep)?;
    }
    let row = backup_run::ActiveModel {
        at: Set(now),
        file: Set(name),
        bytes: Set(bytes),
        encrypted: Set(passphrase().is_some()),
        copy_status: Set(copy_status.chars().take(500).collect()),
        error: Set(error.map(|e| e.chars().take(1000).collect())),
        millis: Set(i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    outcome?;
    Ok(row)
}

/// The latest recorded backup run.
pub async fn last_run(db: &DatabaseConnection) -> anyhow::Result<Option<backup_run::Model>> {
    Ok(backup_run::Entity::find()
        .order_by_desc(backup_run::Column::Id)
        .one(db)
        .await?)
}

/// Takes the scheduled backups while serving. Each period's slot is claimed in the database, so
/// with several app servers exactly one of them takes it.
pub fn spawn_scheduled(db: DatabaseConnection, url: String, s: Schedule) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60).min(s.every));
        loop {
            tick.tick().await;
            let now = Utc::now();
            let window = chrono::Duration::from_std(s.every).unwrap_or(chrono::Duration::days(1));
            let claimed =
                crate::services::throttle::allow(&db, "backup:slot", 1, window, now).await;
            match claimed {
                Ok(true) => match run_once(&db, &url, &s, now).await {
                    Ok(r) => {
                        tracing::info!(file = %r.file, bytes = r.bytes, copy = %r.copy_status, "backup taken")
                    }
                    Err(e) => tracing::error!(error = %format!("{e:#}"), "scheduled backup failed"),
                },
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "could not claim the backup slot"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepts_minutes_hours_days() {
        assert_eq!(parse_every("30m"), Some(Duration::from_secs(1800)));
        assert_eq!(parse_every("6h"), Some(Duration::from_secs(21_600)));
        assert_eq!(parse_every("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_every("3600"), Some(Duration::from_secs(3600)));
        for bad in [
            "",
            "0h",
            "5s",
            "h",
            "1w",
            "99999999999999999999d",
            "-1h",
            "32d",
        ] {
            assert_eq!(parse_every(bad), None, "{bad}");
        }
    }

    #[test]
    fn backups_are_recognised_by_their_first_bytes() {
        assert_eq!(kind_of(b"SQLite format 3\0rest"), Some(Kind::Sqlite));
        assert_eq!(kind_of(b"PGDMP\x01\x0e"), Some(Kind::PgDump));
        assert_eq!(
            kind_of(b"age-encryption.org/v1\n-> scrypt"),
            Some(Kind::Encrypted)
        );
        assert_eq!(kind_of(b"hello"), None);
    }

    #[test]
    fn encryption_round_trips_and_refuses_a_wrong_passphrase() {
        let dir = std::env::temp_dir().join(format!("vitrine-age-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let plain = dir.join("plain");
        let enc = dir.join("enc");
        std::fs::write(&plain, b"SQLite format 3\0 the shop's data").unwrap_or_default();
        assert!(encrypt_file(&plain, &enc, "correct horse").is_ok());
        let head = std::fs::read(&enc).unwrap_or_default();
        assert_eq!(kind_of(&head), Some(Kind::Encrypted));
        assert!(
            !head.windows(6).any(|w| w == b"shop's"),
            "no plaintext in the file"
        );
        let input = std::io::BufReader::new(std::fs::File::open(&enc).expect("enc"));
        let d = age::Decryptor::new_buffered(input).expect("age");
        let wrong =
            age::scrypt::Identity::new(age::secrecy::SecretString::from("wrong".to_string()));
        assert!(d
            .decrypt(std::iter::once(&wrong as &dyn age::Identity))
            .is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
