//! Building the axum application: state, routes, middleware.

use crate::config::Config;
use crate::http::goods as goods_http;
use crate::http::reservations as res_http;
use crate::http::{handlers, middleware as mw};
use crate::live::Live;
use crate::services::{
    account::AccountService, admin::AdminService, goods::GoodsService,
    reservations::ReservationService, sales::SalesService,
};
use crate::state::AppState;
use app::ports::Ports;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

const SW_TEMPLATE: &str = include_str!("../../public/sw.js");

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("vitrine")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The service worker with a cache version unique to this build's assets and the list of
/// files to precache (what exists in the site folder right now).
pub fn service_worker_script(site_root: &str) -> String {
    let mut files: Vec<String> = vec![
        "/offline.html".into(),
        "/offline.css".into(),
        "/manifest.webmanifest".into(),
        "/icons/icon-192.png".into(),
        "/icons/icon-512.png".into(),
    ];
    let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325;
    let pkg = std::path::Path::new(site_root).join("pkg");
    if let Ok(entries) = std::fs::read_dir(&pkg) {
        let mut names: Vec<(String, u64, u128)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                let modified = meta
                    .modified()
                    .ok()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?
                    .as_nanos();
                Some((
                    e.file_name().to_string_lossy().into_owned(),
                    meta.len(),
                    modified,
                ))
            })
            .collect();
        names.sort();
        for (name, len, modified) in names {
            for b in name
                .bytes()
                .chain(len.to_le_bytes())
                .chain(modified.to_le_bytes())
            {
                fingerprint = (fingerprint ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            files.push(format!("/pkg/{name}"));
        }
    }
    let version = format!("{}-{fingerprint:016x}", env!("CARGO_PKG_VERSION"));
    let list = serde_json::to_string(&files).unwrap_or_else(|_| "[]".into());
    SW_TEMPLATE
        .replace("__VITRINE_VERSION__", &version)
        .replace("\"__VITRINE_PRECACHE__\"", &list)
}

pub fn state(db: DatabaseConnection, config: Config) -> AppState {
    let live = Live::start(db.clone(), &config.database_url);
    let reservations = Arc::new(ReservationService::new(db.clone(), live.clone()));
    let ports = Ports {
        admin: Arc::new(AdminService { db: db.clone() }),
        account: Arc::new(AccountService { db: db.clone() }),
        reservations: reservations.clone(),
        goods: Arc::new(GoodsService { db: db.clone() }),
        sales: Arc::new(SalesService::new(db.clone(), live.clone())),
    };
    AppState {
        live,
        reservations,
        leptos_options: leptos_options(&config),
        service_worker: Arc::new(service_worker_script(&config.site_root)),
        db,
        config: Arc::new(config),
        ports,
    }
}

async fn server_fn_handler(State(st): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    let ports = st.ports.clone();
    handle_server_fns_with_context(move || provide_context(ports.clone()), req).await
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let ports = state.ports.clone();
    let fallback_ports = state.ports.clone();
    let options = state.leptos_options.clone();
    let body_limit = state.config.body_limit;
    Router::new()
        .route("/auth/login", post(handlers::sign_in))
        .route("/auth/logout", post(handlers::sign_out))
        .route("/sw.js", get(handlers::service_worker))
        .route("/healthz", get(handlers::health))
        .route("/api/events", get(res_http::events))
        .route("/api/v1/web-reservations", post(res_http::web_booking))
        .route("/reservations/export.csv", get(res_http::export_csv))
        .route("/goods/export.csv", get(goods_http::export_csv))
        .route("/goods/print", get(goods_http::print))
        .route("/sales/takings.csv", get(crate::http::sales::takings_csv))
        .route("/sales/{id}/receipt", get(crate::http::sales::receipt))
        .route("/api/v1/items:sync", post(goods_http::sync))
        .route(
            "/api/{*fn_name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(ports.clone()),
            move || shell(options.clone()),
        )
        // A page that is not found is still rendered by the app, which needs its ports.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(fallback_ports.clone()), shell
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            mw::auth,
        ))
        .layer(axum::middleware::from_fn(mw::csrf))
        .layer(axum::middleware::from_fn(mw::security_headers))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(CompressionLayer::new())
        .with_state(state)
}
