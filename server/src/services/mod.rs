//! Queries and transactions. Each service implements a port of `app::ports`.

pub mod account;
pub mod admin;
pub mod audit;
pub mod chain;
pub mod customers;
pub mod devices;
pub mod goods;
pub mod numbering;
pub mod ownership;
pub mod reservations;
pub mod sales;
pub mod throttle;
pub mod tokens;

use app::error::AppError;
use sea_orm::{DbErr, SqlErr};
use std::sync::Arc;

/// Every service of the product, built once over one database, one live hub and one clock. The
/// web server's ports, its HTTP handlers (exports, print views, the ERP sync), the CLI and the
/// demo seeder all use these same objects: there is no second way to a table.
#[derive(Clone)]
pub struct Services {
    pub admin: Arc<admin::AdminService>,
    pub account: Arc<account::AccountService>,
    pub reservations: Arc<reservations::ReservationService>,
    pub goods: Arc<goods::GoodsService>,
    pub sales: Arc<sales::SalesService>,
    pub customers: Arc<customers::CustomersService>,
    pub clock: crate::clock::Clock,
}

impl Services {
    pub fn new(
        db: sea_orm::DatabaseConnection,
        live: crate::live::Live,
        clock: crate::clock::Clock,
    ) -> Services {
        let mut reservations = reservations::ReservationService::new(db.clone(), live.clone());
        reservations.clock = clock.clone();
        let mut goods = goods::GoodsService::new(db.clone());
        goods.clock = clock.clone();
        let mut sales = sales::SalesService::new(db.clone(), live);
        sales.clock = clock.clone();
        let mut admin = admin::AdminService::new(db.clone());
        admin.clock = clock.clone();
        let mut account = account::AccountService::new(db.clone());
        account.clock = clock.clone();
        let mut customers = customers::CustomersService::new(db);
        customers.clock = clock.clone();
        Services {
            admin: Arc::new(admin),
            account: Arc::new(account),
            reservations: Arc::new(reservations),
            goods: Arc::new(goods),
            sales: Arc::new(sales),
            customers: Arc::new(customers),
            clock,
        }
    }

    /// The same services as the ports the server functions call.
    pub fn ports(&self) -> app::ports::Ports {
        app::ports::Ports {
            admin: self.admin.clone(),
            account: self.account.clone(),
            reservations: self.reservations.clone(),
            goods: self.goods.clone(),
            sales: self.sales.clone(),
            customers: self.customers.clone(),
            now: {
                let clock = self.clock.clone();
                Arc::new(move || clock.now())
            },
        }
    }
}

/// Logs an unexpected failure (a database error, a broken invariant) with where it happened,
/// once, and hides it from the user: the caller gets [`AppError::Internal`], which the server
/// function edge maps to 500. Prefer [`OrInternal`] on a `Result`, which names the call site.
#[track_caller]
pub fn internal(e: impl std::fmt::Display) -> AppError {
    let at = std::panic::Location::caller();
    tracing::error!(error = %e, at = %at, "internal error");
    AppError::Internal
}

/// The server side of an error's context: `.or_internal()` turns any failure into
/// [`AppError::Internal`], logged once with its source file and line; `.context("what")` adds
/// what was being done. Errors a person can act on (validation, not found, conflict…) are
/// `AppError`s from the start and pass through untouched.
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, AppError>;
    fn context(self, what: &'static str) -> Result<T, AppError>;
}

impl<T, E: std::fmt::Display> OrInternal<T> for Result<T, E> {
    #[track_caller]
    fn or_internal(self) -> Result<T, AppError> {
        match self {
            Ok(v) => Ok(v),
            Err(e) => Err(internal(e)),
        }
    }

    #[track_caller]
    fn context(self, what: &'static str) -> Result<T, AppError> {
        match self {
            Ok(v) => Ok(v),
            Err(e) => {
                let at = std::panic::Location::caller();
                tracing::error!(error = %e, at = %at, what, "internal error");
                Err(AppError::Internal)
            }
        }
    }
}

/// The rows of `ids` (none for no ids), in one statement: for naming records in lists.
pub async fn by_ids<E: sea_orm::EntityTrait>(
    db: &impl sea_orm::ConnectionTrait,
    id: E::Column,
    ids: &[i32],
) -> Result<Vec<E::Model>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    E::find().filter(id.is_in(ids.to_vec())).all(db).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unexpected_failures_become_internal_and_values_pass_through() {
        let failed: Result<i32, DbErr> = Err(DbErr::Custom("disk I/O error".into()));
        assert_eq!(failed.or_internal(), Err(AppError::Internal));
        let failed: Result<i32, &str> = Err("no row");
        assert_eq!(failed.context("reading the sale"), Err(AppError::Internal));
        assert_eq!(Ok::<_, DbErr>(7).or_internal(), Ok(7));
        assert_eq!(Ok::<_, &str>(7).context("x"), Ok(7));
    }
}
