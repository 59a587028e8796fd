use crate::config::Config;
use app::ports::Ports;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub ports: Ports,
    /// The rendered service worker script (see `web::service_worker_script`).
    pub service_worker: Arc<String>,
    pub live: crate::live::Live,
    /// The services behind `ports`, for the HTTP handlers that stream (exports, print views).
    pub services: crate::services::Services,
}
