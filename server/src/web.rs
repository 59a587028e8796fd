//! Building the axum application: state, routes, middleware.

use crate::config::Config;
use crate::http::goods as goods_http;
use crate::http::reservations as res_http;
use crate::http::{handlers, middleware as mw};
use crate::live::Live;
use crate::services::Services;
use crate::state::AppState;
use app::error::AppError;
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
use tower_http::catch_panic::CatchPanicLayer;
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
        .hash_files(hashed_build())
        .build()
}

/// Whether the site was built with `hash-files` (every file of the build named by its content,
/// so a page left open across a deploy never loads a chunk of another build): cargo-leptos then
/// writes the names' hashes to `hash.txt` beside the server binary. Without that file (tests, a
/// debug build) the plain names are used.
fn hashed_build() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|f| f.exists())
}

/// The files of the first download, precached by the service worker: the entry script and its
/// Wasm, the splitter's loader and manifest, the stylesheet. An area's chunk (`split_*`,
/// `chunk_*`) is cached when it is first used.
fn precached(name: &str) -> bool {
    !(name.starts_with("split_") || name.starts_with("chunk_"))
}

/// The service worker with a cache version unique to this build's assets and the list of
/// files to precache (what exists in the site folder right now).
pub fn service_worker_script(site_root: &str) -> String {
    let mut files: Vec<String> = vec![
        "/offline.html".into(),
        "/offline.css".into(),
        // Every page's banner for offline reading and its guard on forms.
        "/register-sw.js".into(),
        "/manifest.webmanifest".into(),
        "/icons/icon-192.png".into(),
        "/icons/icon-512.png".into(),
    ];
    // The menu's icons (every page shows them).
    if let Ok(entries) = std::fs::read_dir(std::path::Path::new(site_root).join("icons/menu")) {
        let mut icons: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".svg"))
            .map(|n| format!("/icons/menu/{n}"))
            .collect();
        icons.sort();
        files.extend(icons);
    }
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
            if precached(&name) {
                files.push(format!("/pkg/{name}"));
            }
        }
    }
    let version = format!("{}-{fingerprint:016x}", env!("CARGO_PKG_VERSION"));
    let list = serde_json::to_string(&files).unwrap_or_else(|_| "[]".into());
    SW_TEMPLATE
        .replace("__VITRINE_VERSION__", &version)
        .replace("\"__VITRINE_PRECACHE__\"", &list)
}

pub fn state(db: DatabaseConnection, config: Config) -> AppState {
    state_with_clock(db, config, crate::clock::Clock::system())
}

/// The app's state with the services on `clock` (tests run the product on a manual clock).
pub fn state_with_clock(
    db: DatabaseConnection,
    config: Config,
    clock: crate::clock::Clock,
) -> AppState {
    let live = Live::start(db.clone(), &config.database_url);
    let services = Services::new(db.clone(), live.clone(), clock);
    AppState {
        live,
        ports: services.ports(),
        services,
        leptos_options: leptos_options(&config),
        service_worker: Arc::new(service_worker_script(&config.site_root)),
        db,
        config: Arc::new(config),
    }
}

/// Largest error body that is read back to find its status (errors are small JSON values).
const MAX_ERROR_BODY: usize = 64 * 1024;

async fn server_fn_handler(State(st): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    let ports = st.ports.clone();
    handle_server_fns_with_context(move || provide_context(ports.clone()), req).await
}

/// The edge of every server function (`/api/…` but the versioned public API and the event
/// stream): the body is read whole first, so an oversized one (even chunked, without a length)
/// is answered 413 rather than failing inside the function; an error answer gets the status of
/// its kind (401, 403, 404, 409, 422, 429) instead of Leptos's blanket 500. Form posts made
/// without JavaScript are answered with a redirect back to the form that carries what was posted
/// and what came of it (`http::posted`).
async fn server_fn_edge(
    State(st): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/api/") || path.starts_with("/api/v1/") || path == "/api/events" {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, st.config.body_limit).await {
        Ok(b) => b,
        Err(_) => {
            return error_status(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                &AppError::field("body", app::i18n::Msg::ErrTooLarge),
            )
        }
    };
    let plain = crate::http::posted::is_plain_post(&parts.method, &parts.headers);
    let headers = plain.then(|| parts.headers.clone());
    let mut parts = parts;
    let mut body = bytes.clone();
    if let Some(json) = plain
        .then(|| crate::http::posted::form_as_json(&path, &bytes))
        .flatten()
    {
        parts.headers.insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        );
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        body = json.into();
    }
    let res = next.run(Request::from_parts(parts, Body::from(body))).await;
    if let Some(headers) = headers {
        let secure = st.config.force_secure_cookies
            || headers
                .get("x-forwarded-proto")
                .is_some_and(|v| v.as_bytes() == b"https");
        return crate::http::posted::answer(&path, &headers, &bytes, res, secure).await;
    }
    if res.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return (parts, Body::empty()).into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = axum::http::StatusCode::from_u16(err.status_code()) {
            parts.status = status;
        }
    }
    (parts, Body::from(bytes)).into_response()
}

fn error_status(status: axum::http::StatusCode, err: &AppError) -> axum::response::Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(err).unwrap_or_default(),
    )
        .into_response()
}

/// Every plain (non-Leptos) route, in one table the router is built from, so that the standing
/// security suite can list them all (`plain_route_paths`) and none exists without a case.
fn plain_routes() -> Vec<(&'static str, axum::routing::MethodRouter<AppState>)> {
    vec![
        ("/auth/login", post(handlers::sign_in)),
        ("/auth/logout", post(handlers::sign_out)),
        ("/auth/pin", post(handlers::pin_switch)),
        ("/auth/device", post(handlers::register_device)),
        ("/sw.js", get(handlers::service_worker)),
        ("/pkg/vitrine.css", get(handlers::stylesheet)),
        ("/healthz", get(handlers::health)),
        ("/livez", get(handlers::live)),
        ("/api/events", get(res_http::events)),
        ("/api/v1/web-reservations", post(res_http::web_booking)),
        ("/reservations/export.csv", get(res_http::export_csv)),
        ("/goods/export.csv", get(goods_http::export_csv)),
        ("/goods/print", get(goods_http::print)),
        ("/sales/takings.csv", get(crate::http::sales::takings_csv)),
        ("/sales/{id}/receipt", get(crate::http::sales::receipt)),
        ("/api/v1/items:sync", post(goods_http::sync)),
        ("/chain/logo", get(crate::http::chain::logo)),
        (
            "/admin/chain",
            get(crate::http::chain::page).post(crate::http::chain::save),
        ),
        ("/admin/chain/logo", post(crate::http::chain::upload)),
    ]
}

/// The paths of [`plain_routes`].
pub fn plain_route_paths() -> Vec<&'static str> {
    plain_routes().into_iter().map(|(p, _)| p).collect()
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let ports = state.ports.clone();
    let fallback_ports = state.ports.clone();
    let options = state.leptos_options.clone();
    let body_limit = state.config.body_limit;
    let mut router = Router::new();
    for (path, handler) in plain_routes() {
        router = router.route(path, handler);
    }
    router
        .route(
            "/api/{*fn_name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(ports.clone());
                mw::leave_nonce();
            },
            move || shell(options.clone()),
        )
        // A page that is not found is still rendered by the app, which needs its ports.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || {
                provide_context(fallback_ports.clone());
                mw::leave_nonce();
            },
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            server_fn_edge,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            mw::auth,
        ))
        .layer(axum::middleware::from_fn(crate::http::posted::take))
        .layer(axum::middleware::from_fn(mw::csrf))
        .layer(axum::middleware::from_fn(mw::security_headers))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(CompressionLayer::new())
        // A panic in one request answers that request 500 (logged) and touches no other.
        .layer(CatchPanicLayer::custom(on_panic))
        .with_state(state)
}

fn on_panic(err: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = what, "a request panicked");
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        "服务器内部错误。Internal error.",
    )
        .into_response()
}

/// Serves the router on a listener: every accepted socket gets TCP_NODELAY (small chunks of a
/// streamed page otherwise wait ~40 ms for the client's delayed ACK on kept-alive connections).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_worker_precaches_the_first_download_and_not_the_areas_chunks() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for f in [
            "vitrine.AbC.js",
            "vitrine.AbC.wasm",
            "vitrine.AbC.css",
            "__wasm_split.XyZ.js",
            "split___sale_route_view_1.q1.wasm",
            "chunk_7.q2.wasm",
        ] {
            std::fs::write(pkg.join(f), f).unwrap();
        }
        let root = site.path().to_str().unwrap();
        let js = service_worker_script(root);
        for f in [
            "vitrine.AbC.js",
            "vitrine.AbC.wasm",
            "vitrine.AbC.css",
            "__wasm_split.XyZ.js",
        ] {
            assert!(js.contains(&format!("\"/pkg/{f}\"")), "{f} is precached");
        }
        assert!(
            !js.contains("split___sale_route_view"),
            "an area's chunk is cached when used"
        );
        assert!(!js.contains("chunk_7"));
        // A changed chunk is a new build: a new worker and new caches.
        std::fs::write(pkg.join("chunk_7.q2.wasm"), "changed, and longer").unwrap();
        assert_ne!(service_worker_script(root), js);
    }
}
