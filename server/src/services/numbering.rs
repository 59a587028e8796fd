//! The one allocator of every numbered record (reservation numbers, receipt numbers, and every
//! numbered record added later). A series is a row of `number_series`; the next number is taken
//! by an atomic upsert inside the caller's transaction, and a number that a row already carries
//! (seeded, imported, restored) is skipped rather than inserted again, so a collision can never
//! fail a booking, and a failed insert rolls the counter back with it without wedging it.

use crate::services::internal;
use crate::services::OrInternal;
use app::error::AppError;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

/// Where the numbers of a series are stored, to skip the taken ones.
#[derive(Clone, Copy, Debug)]
pub struct Taken {
    pub table: &'static str,
    pub column: &'static str,
}

pub const RESERVATION: Taken = Taken {
    table: "reservation",
    column: "number",
};
pub const RECEIPT: Taken = Taken {
    table: "sale",
    column: "receipt_no",
};

/// How many taken numbers in a row are skipped before giving up (a series whose numbers were
/// all written by something else is a data problem to report, not to loop on).
const MAX_SKIPS: usize = 10_000;

pub fn reservation_series(day: chrono::NaiveDate) -> String {
    format!("reservation:{}", day.format("%Y%m%d"))
}

pub fn receipt_series(store_id: i32, day: chrono::NaiveDate) -> String {
    format!("receipt:{store_id}:{}", day.format("%Y-%m-%d"))
}

fn sql(backend: DatabaseBackend, text: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(text.len());
            let mut n = 0;
            for ch in text.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => text.to_string(),
    }
}

async fn bump(db: &impl ConnectionTrait, series: &str) -> Result<i64, AppError> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                "INSERT INTO number_series (series, last) VALUES (?, 1) \
                 ON CONFLICT (series) DO UPDATE SET last = number_series.last + 1 RETURNING last",
            ),
            [Value::from(series)],
        ))
        .await
        .or_internal()?
        .ok_or_else(|| internal("number series returned no row"))?;
    row.try_get_by_index::<i64>(0).or_internal()
}

async fn is_taken(db: &impl ConnectionTrait, taken: Taken, number: &str) -> Result<bool, AppError> {
    let backend = db.get_database_backend();
    let found = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                &format!(
                    "SELECT 1 FROM {} WHERE {} = ? LIMIT 1",
                    taken.table, taken.column
                ),
            ),
            [Value::from(number)],
        ))
        .await
        .or_internal()?;
    Ok(found.is_some())
}

/// The next free number of `series`, formatted by `format` from its sequence number.
pub async fn next(
    db: &impl ConnectionTrait,
    series: &str,
    taken: Taken,
    format: impl Fn(i64) -> String,
) -> Result<String, AppError> {
    for _ in 0..MAX_SKIPS {
        let candidate = format(bump(db, series).await?);
        if !is_taken(db, taken, &candidate).await? {
            return Ok(candidate);
        }
        tracing::warn!(series, number = %candidate, "number already taken; skipping it");
    }
    Err(internal(format!(
        "number series {series}: {MAX_SKIPS} numbers in a row are taken"
    )))
}
