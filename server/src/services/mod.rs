//! Queries and transactions. Each service implements a port of `app::ports`.

pub mod account;
pub mod admin;
pub mod audit;
pub mod customers;
pub mod goods;
pub mod numbering;
pub mod ownership;
pub mod reservations;
pub mod sales;
pub mod throttle;
pub mod tokens;

use app::error::AppError;
use sea_orm::{DbErr, SqlErr};

/// Logs a database error and hides it from the user.
pub fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "internal error");
    AppError::Internal
}

pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// A unique violation of the named column of `table` (SQLite names `table.column`; PostgreSQL
/// the constraint, which SeaORM's inline unique keys name `table_column_key`), and no other.
pub fn is_unique_violation_of(e: &DbErr, table: &str, column: &str) -> bool {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(m)) => {
            m.contains(&format!("{table}.{column}")) || m.contains(&format!("{table}_{column}_key"))
        }
        _ => false,
    }
}

/// A unique-constraint violation becomes a field error; anything else is internal.
pub fn unique_or(field: &'static str, msg: app::i18n::Msg) -> impl FnOnce(DbErr) -> AppError {
    move |e| {
        if is_unique_violation(&e) {
            AppError::field(field, msg)
        } else {
            internal(e)
        }
    }
}
