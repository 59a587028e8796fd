//! Throttle counters in the database (`throttle` table), changed by compare-and-set so that
//! every limit is atomic and shared by all app servers on one database. The rules are the pure
//! functions of `app::domain::throttle`.

use crate::entities::throttle;
use app::domain::throttle::{Counter, Decision};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// Keys longer than this are cut (a key is an account name or an address).
const MAX_KEY: usize = 200;
const MAX_TRIES: usize = 50;

fn counter(m: &throttle::Model) -> Counter {
    Counter {
        hits: u32::try_from(m.hits).unwrap_or(0),
        window_start: m.window_start,
        locked_until: m.locked_until,
        locks: u32::try_from(m.locks).unwrap_or(0),
        last_at: m.last_at,
    }
}

fn clamp(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub fn key(kind: &str, id: &str) -> String {
    let mut k = format!("{kind}:{id}");
    if k.len() > MAX_KEY {
        let mut cut = MAX_KEY;
        while !k.is_char_boundary(cut) {
            cut -= 1;
        }
        k.truncate(cut);
    }
    k
}

/// The stored counter of a key, if any.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<Counter>, DbErr> {
    Ok(throttle::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .as_ref()
        .map(counter))
}

/// Applies `rule` to a key's counter atomically: read, decide, write back only if nobody changed
/// it meanwhile (else read again). A refusal writes nothing.
pub async fn apply(
    db: &impl ConnectionTrait,
    key: &str,
    rule: impl Fn(Option<Counter>) -> (Counter, Decision),
) -> Result<(Counter, Decision), DbErr> {
    for _ in 0..MAX_TRIES {
        let row = throttle::Entity::find_by_id(key.to_string())
            .one(db)
            .await?;
        let (next, decision) = rule(row.as_ref().map(counter));
        if matches!(decision, Decision::Refuse { .. }) {
            return Ok((next, decision));
        }
        let written = match &row {
            None => throttle::ActiveModel {
                key: Set(key.to_string()),
                hits: Set(clamp(next.hits)),
                window_start: Set(next.window_start),
                locked_until: Set(next.locked_until),
                locks: Set(clamp(next.locks)),
                noted_lock: Set(0),
                last_at: Set(next.last_at),
                version: Set(0),
            }
            .insert(db)
            .await
            .map(|_| true)
            .or_else(|e| {
                if crate::services::is_unique_violation(&e) {
                    Ok(false)
                } else {
                    Err(e)
                }
            })?,
            Some(m) => {
                throttle::Entity::update_many()
                    .col_expr(throttle::Column::Hits, Expr::value(clamp(next.hits)))
                    .col_expr(
                        throttle::Column::WindowStart,
                        Expr::value(next.window_start),
                    )
                    .col_expr(
                        throttle::Column::LockedUntil,
                        Expr::value(next.locked_until),
                    )
                    .col_expr(throttle::Column::Locks, Expr::value(clamp(next.locks)))
                    .col_expr(throttle::Column::LastAt, Expr::value(next.last_at))
                    .col_expr(
                        throttle::Column::Version,
                        Expr::value(m.version.wrapping_add(1)),
                    )
                    .filter(throttle::Column::Key.eq(key))
                    .filter(throttle::Column::Version.eq(m.version))
                    .exec(db)
                    .await?
                    .rows_affected
                    == 1
            }
        };
        if written {
            return Ok((next, decision));
        }
    }
    Err(DbErr::Custom(format!(
        "throttle {key}: too much contention"
    )))
}

/// Whether this is the first refusal under the key's current lock (exactly one caller gets
/// `true` per lock, however many are refused at once): that one reports it.
pub async fn first_refusal(db: &impl ConnectionTrait, key: &str) -> Result<bool, DbErr> {
    Ok(throttle::Entity::update_many()
        .col_expr(
            throttle::Column::NotedLock,
            Expr::col(throttle::Column::Locks),
        )
        .filter(throttle::Column::Key.eq(key))
        .filter(Expr::col(throttle::Column::NotedLock).ne(Expr::col(throttle::Column::Locks)))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Forgets a key (a successful sign-in clears its account's failures).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    throttle::Entity::delete_many()
        .filter(throttle::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// A plain rate limit on `key`: at most `max` per `window`. `Ok(true)` when allowed.
pub async fn allow(
    db: &impl ConnectionTrait,
    key: &str,
    max: u32,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let (_, d) = apply(db, key, |c| {
        app::domain::throttle::rate(c, now, max, window)
    })
    .await?;
    Ok(d == Decision::Allow)
}

/// Drops counters nobody has touched for a day (run by the periodic sweep).
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let before = now - Duration::hours(app::domain::throttle::QUIET_RESET_HOURS);
    Ok(throttle::Entity::delete_many()
        .filter(throttle::Column::LastAt.lt(before))
        .filter(
            sea_orm::Condition::any()
                .add(throttle::Column::LockedUntil.is_null())
                .add(throttle::Column::LockedUntil.lt(now)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Sweeps forgotten counters every ten minutes while serving.
pub fn spawn_sweep(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = sweep(&db, Utc::now()).await {
                tracing::warn!(error = %e, "sweeping throttle counters failed");
            }
        }
    });
}
