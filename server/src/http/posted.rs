//! Form posts made without JavaScript (see `app::components::posted`).
//!
//! A browser's own form post to a server function asks for `text/html`. Leptos answers it with
//! a redirect back to the form (the `Referer`); here, that redirect also carries what was posted
//! and what came of it (the answer, or the error) in a short-lived cookie, so the form's page can
//! show the confirmation or the errors next to their fields and refill what was typed. The next
//! page rendered takes the cookie (into the request's extensions) and clears it.

use app::components::posted::{Posted, COOKIE};
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest answer kept for the page (answers to form posts are small JSON values).
const MAX_ANSWER: usize = 64 * 1024;
/// How long the cookie lives: long enough for the redirect to be followed.
const MAX_AGE_SECS: i64 = 120;

/// A form post made by the browser itself (no script): it asks for a page back.
pub fn is_plain_post(method: &Method, headers: &HeaderMap) -> bool {
    let header_has = |name: header::HeaderName, what: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(what))
    };
    method == Method::POST
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// A server function declared with `input = Json` (its arguments nest lists of records), posted
/// as a plain form: the form is decoded the way a form-encoded function decodes it and handed
/// on as the JSON the function reads. `None` when the path is not such a function or the form
/// does not decode (the function then answers its own error).
pub fn form_as_json(path: &str, form: &[u8]) -> Option<Vec<u8>> {
    fn re<A: serde::de::DeserializeOwned + serde::Serialize>(form: &[u8]) -> Option<Vec<u8>> {
        let args: A = serde_qs::Config::new(5, false)
            .deserialize_bytes(form)
            .ok()?;
        serde_json::to_vec(&args).ok()
    }
    match path {
        "/api/sales/complete" => re::<app::api::sales::SaleComplete>(form),
        "/api/sales/return" => re::<app::api::sales::SaleReturn>(form),
        _ => None,
    }
}

/// Where to send the browser back to: the form's own page (same site, path and query only).
fn back_to(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            let rest = r.split_once("://")?.1;
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            (authority == host && path.starts_with('/') && !path.starts_with("//"))
                .then(|| path.to_string())
        })
        .unwrap_or_else(|| "/".to_string())
}

/// The answer to a plain form post: a 303 to the form's page (or to where the function
/// redirected), with the cookie that tells the page what happened.
pub async fn answer(
    endpoint: &str,
    req_headers: &HeaderMap,
    form: &Bytes,
    res: Response,
    secure: bool,
) -> Response {
    let (parts, body) = res.into_parts();
    let failed = parts.headers.contains_key("serverfnerror");
    let answer = axum::body::to_bytes(body, MAX_ANSWER)
        .await
        .unwrap_or_default();
    let outcome = if failed {
        Err(serde_json::from_slice(&answer).unwrap_or(app::error::AppError::Internal))
    } else {
        Ok(String::from_utf8_lossy(&answer).into_owned())
    };
    let posted = Posted {
        endpoint: endpoint.to_string(),
        body: String::from_utf8_lossy(form).into_owned(),
        outcome,
    };
    let location = parts
        .headers
        .get(header::LOCATION)
        .filter(|l| l.as_bytes().starts_with(b"/") && !l.as_bytes().starts_with(b"//"))
        .and_then(|l| l.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| back_to(req_headers));
    let mut out = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response();
    if let Some(v) = posted.encode() {
        let c = cookie::Cookie::build((COOKIE, v))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .secure(secure)
            .max_age(cookie::time::Duration::seconds(MAX_AGE_SECS))
            .to_string();
        if let Ok(v) = HeaderValue::from_str(&c) {
            out.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    for c in parts.headers.get_all(header::SET_COOKIE) {
        out.headers_mut().append(header::SET_COOKIE, c.clone());
    }
    out
}

/// A page request that carries the cookie: its contents go to the page (request extension) and
/// the cookie is cleared, so a reload shows the page fresh.
pub async fn take(mut req: Request, next: Next) -> Response {
    let is_page_get = matches!(*req.method(), Method::GET | Method::HEAD)
        && !req.uri().path().starts_with("/api/")
        && !req.uri().path().starts_with("/pkg/");
    let Some(v) = is_page_get
        .then(|| super::middleware::cookie_named(req.headers(), COOKIE))
        .flatten()
    else {
        return next.run(req).await;
    };
    if let Some(p) = Posted::decode(&v) {
        req.extensions_mut().insert(p);
    }
    let mut res = next.run(req).await;
    let clear = cookie::Cookie::build((COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::ZERO)
        .to_string();
    if let Ok(v) = HeaderValue::from_str(&clear) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_a_browser_form_post_is_plain() {
        let form = headers(&[
            ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert!(is_plain_post(&Method::POST, &form));
        assert!(!is_plain_post(&Method::GET, &form));
        let script = headers(&[
            ("accept", "application/json"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert!(!is_plain_post(&Method::POST, &script));
        let upload = headers(&[
            ("accept", "text/html"),
            ("content-type", "multipart/form-data"),
        ]);
        assert!(!is_plain_post(&Method::POST, &upload));
    }

    #[test]
    fn a_payment_form_posted_plainly_reaches_its_json_function_as_json() {
        let form =
            b"id=7&version=3&payments%5B0%5D%5Bmethod%5D=card&payments%5B0%5D%5Bamount%5D=12.50\
&payments%5B0%5D%5Breference%5D=&payments%5B1%5D%5Bmethod%5D=cash&payments%5B1%5D%5Bamount%5D=";
        let json = form_as_json("/api/sales/complete", form).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["payments"][0]["amount"], "12.50");
        assert_eq!(v["payments"][1]["method"], "cash");
        assert_eq!(form_as_json("/api/sales/complete", b"id=x"), None);
        assert_eq!(form_as_json("/api/reservations/create", b"id=1"), None);
    }

    #[test]
    fn the_way_back_stays_on_this_site() {
        let back = |r: &str| back_to(&headers(&[("host", "shop.example"), ("referer", r)]));
        assert_eq!(
            back("https://shop.example/reservations/new?x=1"),
            "/reservations/new?x=1"
        );
        assert_eq!(back("https://evil.example/phish"), "/");
        assert_eq!(back("https://shop.example//evil.example/"), "/");
        assert_eq!(back("not a url"), "/");
        assert_eq!(back_to(&HeaderMap::new()), "/");
    }
}
