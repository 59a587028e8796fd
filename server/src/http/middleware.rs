use crate::auth::session::{self, Resolved};
use crate::state::AppState;
use app::domain::policy::{home_path, may_open_path};
use app::ports::RequestAuth;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use std::net::SocketAddr;

pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    cookie_named(headers, session::COOKIE)
}

/// The value of the request's cookie `name`, if it has a non-empty one.
pub fn cookie_named(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when
/// `VITRINE_TRUST_PROXY=1` says a reverse proxy sets it.
pub fn client_ip(headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if std::env::var("VITRINE_TRUST_PROXY").is_ok_and(|v| v == "1") {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return ip.trim().to_string();
        }
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_default()
}

/// A page path (rendered by Leptos) rather than an API call or a static file.
fn is_page(path: &str) -> bool {
    !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.starts_with("/auth/")
        && path != "/healthz"
        && path != "/livez"
        // The chain's logo is an image the public booking page shows, not a page.
        && path != "/chain/logo"
        && !path.rsplit('/').next().unwrap_or_default().contains('.')
}

fn login_redirect(path: &str, query: Option<&str>, expired: bool) -> Response {
    let next = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let mut ser = form_urlencoded::Serializer::new(String::new());
    if next != "/" {
        ser.append_pair("next", &next);
    }
    if expired {
        ser.append_pair("error", "expired");
    }
    let q = ser.finish();
    let to = if q.is_empty() {
        "/login".to_string()
    } else {
        format!("/login?{q}")
    };
    Redirect::to(&to).into_response()
}

/// Resolves the session cookie into [`RequestAuth`] for server functions and pages, and keeps
/// signed-out people out of pages and non-admins out of `/admin` (HTTP 403).
pub async fn auth(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(req.headers(), peer);
    let token = cookie_token(req.headers());
    let resolved = match &token {
        Some(t) => session::resolve(&st.db, &st.config.session, t)
            .await
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "session lookup failed");
                Resolved::None
            }),
        None => Resolved::None,
    };
    let (user, expired, ends_at) = match resolved {
        Resolved::User(u, ends) => (Some(u), false, Some(ends)),
        Resolved::Expired => (None, true, None),
        Resolved::None => (None, false, None),
    };
    let stale_cookie = token.is_some() && user.is_none();
    let device = cookie_named(req.headers(), crate::services::devices::COOKIE)
        .filter(|t| !t.is_empty() && t.len() <= 100);
    req.extensions_mut().insert(RequestAuth {
        user: user.clone(),
        ip,
        device,
    });

    let path = req.uri().path().to_string();
    let mut forbidden = false;
    if is_page(&path) && matches!(*req.method(), Method::GET | Method::HEAD) {
        match &user {
            None if path != "/login" && path != "/book" => {
                return with_cleared_cookie(
                    login_redirect(&path, req.uri().query(), expired),
                    stale_cookie,
                );
            }
            Some(u) if path == "/login" => return Redirect::to(home_path(u.role)).into_response(),
            // A store manager's 工作台 is the floor board.
            Some(u) if path == "/" && home_path(u.role) != "/" => {
                return Redirect::to(home_path(u.role)).into_response()
            }
            Some(u) if !may_open_path(u.role, &path) => forbidden = true,
            _ => {}
        }
    }
    let page_get = is_page(&path) && matches!(*req.method(), Method::GET | Method::HEAD);
    let mut res = next.run(req).await;
    if forbidden {
        *res.status_mut() = StatusCode::FORBIDDEN;
    }
    if let (true, Some(token), Some(ends_at)) = (page_get && user.is_some(), &token, ends_at) {
        offline_marks(&mut res, &path, token, ends_at);
    }
    with_cleared_cookie(res, stale_cookie)
}

/// Tells the service worker whose page this is and what it may keep: `x-vitrine-person`, an
/// opaque key of the session (a page of anyone else, or of no one, purges what the worker kept);
/// `x-vitrine-session-ends`, when the session dies if nothing more is done in it (milliseconds
/// since 1970; nothing kept is shown offline after it); and, on a page that may be read offline
/// (`domain::offline::kept_offline`), `x-vitrine-offline: keep`.
fn offline_marks(res: &mut Response, path: &str, token: &str, ends_at: DateTime<Utc>) {
    let keep = res.status() == StatusCode::OK && app::domain::offline::kept_offline(path);
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&session::person_key(token)) {
        h.insert(PERSON_HEADER, v);
    }
    h.insert(
        SESSION_ENDS_HEADER,
        HeaderValue::from(ends_at.timestamp_millis()),
    );
    if keep {
        h.insert(OFFLINE_HEADER, HeaderValue::from_static("keep"));
    }
}

pub const PERSON_HEADER: &str = "x-vitrine-person";
pub const SESSION_ENDS_HEADER: &str = "x-vitrine-session-ends";
pub const OFFLINE_HEADER: &str = "x-vitrine-offline";

fn with_cleared_cookie(mut res: Response, clear: bool) -> Response {
    if clear {
        if let Ok(v) = HeaderValue::from_str(&clear_cookie()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    cookie::Cookie::build((session::COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .build()
        .to_string()
}

pub fn clear_cookie() -> String {
    cookie::Cookie::build((session::COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}

/// Refuses state-changing requests that another site made the browser send (CSRF). Leptos
/// server functions do no such check themselves. The public, token-authenticated API
/// (`/api/v1/…`) is exempt: it carries no cookie authority.
pub async fn csrf(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.uri().path().starts_with("/api/v1/")
    {
        return next.run(req).await;
    }
    if cross_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

pub fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Neither header: not a browser request made on another site's behalf.
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or("null");
    origin_host != host
}

const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Where a page's render leaves its nonce (`leave_nonce`, run with the page's context) for
/// [`security_headers`] to put in the page's CSP. Leptos's own response headers
/// (`ResponseOptions`) were lost for about a third of pages rendered concurrently in
/// `SsrMode::Async` (measured with 40 parallel requests), leaving the page with the default CSP
/// and its hydration scripts blocked; a slot in the request's extensions cannot be lost.
#[derive(Clone, Default)]
pub struct NonceSlot(std::sync::Arc<std::sync::Mutex<Option<String>>>);

/// Called in every page render's context: hands the render's nonce to [`security_headers`].
pub fn leave_nonce() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(parts)) = (
        leptos::nonce::use_nonce(),
        use_context::<axum::http::request::Parts>(),
    ) else {
        return;
    };
    if let Some(slot) = parts.extensions.get::<NonceSlot>() {
        if let Ok(mut n) = slot.0.lock() {
            *n = Some(nonce.to_string());
        }
    }
}

/// The CSP of a rendered page: its own inline scripts (the hydration data) carry the nonce.
/// Images may come from any https address: item photos are the ERP's `photo_url` (https or a
/// path on this server, checked at import), shown with `referrerpolicy="no-referrer"`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: https:; connect-src 'self'; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Security headers on every response; a rendered page gets a CSP with its nonce, anything else
/// a strict one without inline scripts.
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let is_dynamic = {
        let p = req.uri().path();
        p.starts_with("/api/") || is_page(p)
    };
    let slot = NonceSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut res = next.run(req).await;
    let nonce = slot.0.lock().ok().and_then(|n| n.clone());
    if let Some(v) = nonce.and_then(|n| HeaderValue::from_str(&page_csp(&n)).ok()) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: &'static str| {
        if !h.contains_key(&k) {
            h.insert(k, HeaderValue::from_static(v));
        }
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::CONTENT_SECURITY_POLICY, DEFAULT_CSP);
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(self), microphone=(), geolocation=()",
    );
    if is_dynamic {
        // Shared store tablets: never keep personal data in the HTTP cache.
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

pub fn empty(status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_detection() {
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!cross_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(cross_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!cross_site(&headers(&[])));
    }

    #[test]
    fn pages_versus_files() {
        assert!(is_page("/"));
        assert!(is_page("/admin/staff"));
        assert!(!is_page("/pkg/vitrine.wasm"));
        assert!(!is_page("/manifest.webmanifest"));
        assert!(!is_page("/api/admin/staff"));
    }

    #[test]
    fn login_redirect_keeps_where_you_were() {
        let r = login_redirect("/admin/staff", Some("page=2"), true);
        let loc = r
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(loc, "/login?next=%2Fadmin%2Fstaff%3Fpage%3D2&error=expired");
    }

    #[test]
    fn cookie_flags() {
        let c = session_cookie("abc", true);
        assert!(
            c.contains("HttpOnly")
                && c.contains("SameSite=Lax")
                && c.contains("Secure")
                && c.contains("Path=/")
        );
        assert!(!session_cookie("abc", false).contains("Secure"));
        assert!(clear_cookie().contains("Max-Age=0"));
    }
}
