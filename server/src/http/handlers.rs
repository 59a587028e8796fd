use crate::auth::login::{self, Attempt, Outcome};
use crate::http::middleware::{clear_cookie, cookie_token, empty, session_cookie};
use crate::state::AppState;
use app::ports::RequestAuth;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths: never redirect somewhere else after sign-in. A browser strips tabs and
/// newlines from a URL and reads `\\` as `/`, so anything but plain URL characters is refused
/// outright, and what is left must still resolve to this origin once parsed as a URL.
pub fn safe_next(next: &str) -> &str {
    const BASE: &str = "http://vitrine.invalid/";
    let plain = next
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%#".contains(&b));
    let ok = plain
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/login")
        && url::Url::parse(BASE)
            .and_then(|base| base.join(next))
            .is_ok_and(|u| {
                u.scheme() == "http"
                    && u.host_str() == Some("vitrine.invalid")
                    && u.port().is_none()
                    && u.username().is_empty()
                    && !u.path().starts_with("//")
            });
    if ok {
        next
    } else {
        "/"
    }
}

/// Back to the form with what went wrong and the page asked for. The username as typed goes
/// back in a short-lived cookie for the sign-in page only (so only the password is typed again,
/// and the address stays the same for a wrong password and an unknown user).
fn failure(kind: &str, next: &str, username: &str) -> Response {
    let mut res = failure_redirect(kind, next);
    let username = username.trim();
    if app::domain::validate::valid_username(username) {
        let cookie = format!(
            "{}={username}; Path=/login; Max-Age=300; HttpOnly; SameSite=Strict",
            app::pages::login_page::USER_COOKIE
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

fn failure_redirect(kind: &str, next: &str) -> Response {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    ser.append_pair("error", kind);
    let next = safe_next(next);
    if next != "/" {
        ser.append_pair("next", next);
    }
    Redirect::to(&format!("/login?{}", ser.finish())).into_response()
}

pub async fn sign_in(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if form.username.trim().is_empty() || form.password.is_empty() {
        return failure("invalid", &form.next, &form.username);
    }
    let previous = cookie_token(&headers);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let outcome = login::sign_in(
        &st.db,
        Attempt {
            username: &form.username,
            password: &form.password,
            ip: &auth.ip,
            user_agent,
            previous_token: previous.as_deref(),
        },
    )
    .await;
    match outcome {
        Ok(Outcome::SignedIn { token, .. }) => {
            let secure = secure_request(&st, &headers);
            let mut res = Redirect::to(safe_next(&form.next)).into_response();
            if let Ok(v) = HeaderValue::from_str(&session_cookie(&token, secure)) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            let forget = format!(
                "{}=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict",
                app::pages::login_page::USER_COOKIE
            );
            if let Ok(v) = HeaderValue::from_str(&forget) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res
        }
        Ok(Outcome::Rejected) => failure("invalid", &form.next, &form.username),
        Ok(Outcome::Throttled) => failure("throttled", &form.next, &form.username),
        Ok(Outcome::Busy) => busy(),
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            empty(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

pub async fn sign_out(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = cookie_token(&headers) {
        if let Err(e) = login::sign_out(&st.db, &token, auth.user.as_ref(), &auth.ip).await {
            tracing::error!(error = %e, "sign-out failed");
            return empty(StatusCode::INTERNAL_SERVER_ERROR);
        }
    }
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_cookie()) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

pub async fn health(State(st): State<AppState>) -> Response {
    match st.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Liveness: the process is up and answering (no database call; `/healthz` is readiness).
pub async fn live() -> Response {
    (StatusCode::OK, "ok").into_response()
}

/// The service worker, with this build's cache version and precache list filled in, so that
/// a deploy always installs a new worker and drops the old caches.
pub async fn service_worker(State(st): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        st.service_worker.as_ref().clone(),
    )
        .into_response()
}

/// `/pkg/vitrine.css`, the stylesheet's stable address (pages and print views link it): the
/// build names its files by their content (`hash-files`), so this serves the current build's
/// `vitrine.<hash>.css`, named in `hash.txt` beside the server binary.
pub async fn stylesheet(State(st): State<AppState>) -> Response {
    static FILE: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let file = FILE.get_or_init(|| {
        let hashes = std::env::current_exe().ok()?.parent()?.join("hash.txt");
        let hash = std::fs::read_to_string(hashes)
            .ok()?
            .lines()
            .find_map(|l| l.strip_prefix("css:").map(|h| h.trim().to_string()))?;
        let root = std::path::Path::new(st.config.site_root.as_str()).join("pkg");
        Some(root.join(format!("vitrine.{hash}.css")))
    });
    let plain = std::path::Path::new(st.config.site_root.as_str()).join("pkg/vitrine.css");
    let path = file.clone().unwrap_or(plain);
    match tokio::fs::read(&path).await {
        Ok(css) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            css,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// No password-hashing turn came free in time: try again in a moment.
fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::RETRY_AFTER, "2"),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        "服务器繁忙，请稍后再试。Server busy: please try again in a moment.",
    )
        .into_response()
}

/// The device cookie: long-lived (a registered tablet stays registered), HttpOnly, sent on
/// every request of this site so the sign-in page knows the device.
fn device_cookie(token: &str, secure: bool) -> String {
    cookie::Cookie::build((crate::services::devices::COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::days(
            crate::services::devices::COOKIE_DAYS,
        ))
        .build()
        .to_string()
}

fn secure_request(st: &AppState, headers: &HeaderMap) -> bool {
    st.config.force_secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https")
}

/// A plain form's field (the first of that name), parsed without refusing the request first:
/// a wrong body is answered like an empty form, after the door was checked.
fn form_field(body: &[u8], name: &str) -> String {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.chars().take(1000).collect())
        .unwrap_or_default()
}

/// `POST /auth/device` (a plain form of `/devices`): registers the device in hand for the
/// manager's store and gives it its cookie. Back to `/devices`, with the error and what was
/// typed when the name is refused.
pub async fn register_device(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(user) = auth.user.clone() else {
        return Redirect::to("/login?next=%2Fdevices").into_response();
    };
    if !app::domain::policy::allows(user.role, app::domain::policy::Permission::ManageDevices) {
        return empty(StatusCode::FORBIDDEN);
    }
    let name = form_field(&body, "name");
    let actor = app::ports::Actor { user, ip: auth.ip };
    match st.ports.account.register_device(&actor, &name).await {
        Ok(token) => {
            let mut res = Redirect::to("/devices?registered=1").into_response();
            if let Ok(v) =
                HeaderValue::from_str(&device_cookie(&token, secure_request(&st, &headers)))
            {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Err(app::error::AppError::Validation(errors)) => {
            let mut ser = form_urlencoded::Serializer::new(String::new());
            let kind = errors.first().map(|e| e.msg.key()).unwrap_or_default();
            ser.append_pair("error", kind);
            ser.append_pair("name", &name.chars().take(100).collect::<String>());
            Redirect::to(&format!("/devices?{}", ser.finish())).into_response()
        }
        Err(app::error::AppError::Forbidden) => empty(StatusCode::FORBIDDEN),
        Err(e) => {
            tracing::error!(error = %e, "device registration failed");
            empty(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// `POST /auth/pin` (the sign-in page of a registered device): switches to the chosen person
/// with their PIN, ending the previous person's session.
pub async fn pin_switch(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    use crate::services::devices::{self, Switch, SwitchOutcome};
    let staff_raw = form_field(&body, "staff_id");
    let pin = form_field(&body, "pin");
    let back = |error: &str| {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        ser.append_pair("error", error);
        if let Ok(id) = staff_raw.trim().parse::<i32>() {
            ser.append_pair("who", &id.to_string());
        }
        Redirect::to(&format!("/login?{}", ser.finish())).into_response()
    };
    let Some(device_token) = auth.device.as_deref() else {
        return back("device");
    };
    let Ok(staff_id) = staff_raw.trim().parse::<i32>() else {
        return back("pin");
    };
    let previous = cookie_token(&headers);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let outcome = devices::switch(
        &st.db,
        Switch {
            device_token,
            staff_id,
            pin: &pin,
            ip: &auth.ip,
            user_agent,
            previous_token: previous.as_deref(),
        },
    )
    .await;
    match outcome {
        Ok(SwitchOutcome::Switched { token }) => {
            let mut res = Redirect::to("/").into_response();
            if let Ok(v) =
                HeaderValue::from_str(&session_cookie(&token, secure_request(&st, &headers)))
            {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Ok(SwitchOutcome::UnknownDevice) => back("device"),
        Ok(SwitchOutcome::Rejected) => back("pin"),
        Ok(SwitchOutcome::Throttled) => back("pin_locked"),
        Ok(SwitchOutcome::Busy) => busy(),
        Err(e) => {
            tracing::error!(error = %e, "PIN switch failed");
            empty(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_only_ever_local() {
        assert_eq!(safe_next("/admin/staff?page=2"), "/admin/staff?page=2");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/login?error=1"), "/");
        assert_eq!(safe_next(""), "/");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn no_next_value_leaves_the_origin(
            next in proptest::prop_oneof![
                "\\PC{0,30}",
                "[/\\\\\t\n\r %0-9a-fA-F.:@?#]{0,20}",
                "/[/\\\\\t\n ]{0,3}[a-z.]{0,12}",
            ]
        ) {
            let got = safe_next(&next);
            let host = url::Url::parse("https://shop.example/")
                .and_then(|b| b.join(got))
                .map(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            proptest::prop_assert_eq!(host.as_deref(), Some("shop.example"), "{:?} -> {:?}", next, got);
        }
    }

    #[test]
    fn tricky_next_values_never_leave_the_origin() {
        let corpus = [
            "/\t/evil.example/phish",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\\/evil.example",
            "//evil.example",
            "///evil.example",
            "/%2F/evil.example",
            "/%5C/evil.example",
            "/%09/evil.example",
            "https:/evil.example",
            "http://evil.example",
            "javascript:alert(1)",
            "/\u{0}/evil.example",
            "/\u{3000}/evil.example",
            "/\u{ff0f}/evil.example",
            "\u{2028}/evil.example",
            "/login",
            "/login?next=//evil.example",
            "evil.example",
            "./evil",
            "@evil.example",
        ];
        for next in corpus {
            let got = safe_next(next);
            let resolved = url::Url::parse("https://shop.example/")
                .and_then(|b| b.join(got))
                .map(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            assert_eq!(
                resolved.as_deref(),
                Some("shop.example"),
                "{next:?} -> {got:?}"
            );
        }
        // %2F stays encoded, so the browser treats it as part of one path segment: harmless.
        assert_eq!(safe_next("/%2F/evil.example"), "/%2F/evil.example");
        assert_eq!(safe_next("/\t/evil.example/phish"), "/");
        assert_eq!(
            safe_next("/goods?q=%E9%92%BB%E6%88%92&page=2"),
            "/goods?q=%E9%92%BB%E6%88%92&page=2"
        );
    }
}
