//! Live updates for work queues. A change publishes an event; every app server delivers it to
//! its connected browsers over Server-Sent Events. With PostgreSQL the event travels through
//! LISTEN/NOTIFY, so several stateless app servers on one database all hear it; with SQLite
//! (one process) an in-process channel is enough.

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::broadcast;

pub const CHANNEL: &str = "vitrine_events";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub store_id: i32,
    /// The staff whose queues changed.
    pub staff_ids: Vec<i32>,
    pub kind: String,
}

#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveEvent>,
    db: DatabaseConnection,
    /// True once events can be received (at once for SQLite; after LISTEN for PostgreSQL).
    ready: tokio::sync::watch::Receiver<bool>,
}

impl Live {
    /// Creates the hub; with PostgreSQL also starts the LISTEN task (reconnecting forever).
    pub fn start(db: DatabaseConnection, database_url: &str) -> Live {
        let (tx, _) = broadcast::channel(1024);
        let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
        let (ready_tx, ready) = tokio::sync::watch::channel(!postgres);
        if postgres {
            let url = database_url.to_string();
            let tx = tx.clone();
            tokio::spawn(async move { listen_forever(url, tx, ready_tx).await });
        }
        Live { tx, db, ready }
    }

    /// A hub that delivers to no browser of its own (the demo seeder, the CLI): with PostgreSQL
    /// its events still reach the app servers on the same database through NOTIFY.
    pub fn quiet(db: DatabaseConnection) -> Live {
        let (tx, _) = broadcast::channel(16);
        let (_, ready) = tokio::sync::watch::channel(true);
        Live { tx, db, ready }
    }

    /// Waits (a few seconds at most) until events published from now on will be delivered.
    pub async fn ready(&self) {
        let mut ready = self.ready.clone();
        let _ = tokio::time::timeout(Duration::from_secs(5), ready.wait_for(|r| *r)).await;
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }

    /// Publishes after a commit. Failures are logged: a missed live update is repaired by the
    /// next one or a reload, and must never fail the change itself.
    pub async fn publish(&self, event: LiveEvent) {
        if self.db.get_database_backend() == DatabaseBackend::Postgres {
            let Ok(payload) = serde_json::to_string(&event) else {
                return;
            };
            let stmt = Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            );
            if let Err(e) = self.db.execute_raw(stmt).await {
                tracing::warn!(error = %e, "pg_notify failed");
            }
        } else {
            let _ = self.tx.send(event);
        }
    }
}

async fn listen_forever(
    url: String,
    tx: broadcast::Sender<LiveEvent>,
    ready: tokio::sync::watch::Sender<bool>,
) {
    loop {
        match sqlx::postgres::PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    tracing::info!("listening for live events on PostgreSQL");
                    let _ = ready.send(true);
                    loop {
                        match listener.recv().await {
                            Ok(n) => {
                                if let Ok(ev) = serde_json::from_str::<LiveEvent>(n.payload()) {
                                    let _ = tx.send(ev);
                                }
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "live event connection lost");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot connect the live event listener"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
