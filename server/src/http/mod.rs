//! The HTTP edge: middleware (sessions, CSRF, security headers) and the few plain handlers
//! (sign-in, sign-out, service worker, health) that are not Leptos routes or server functions.

pub mod chain;
pub mod goods;
pub mod handlers;
pub mod middleware;
pub mod posted;
pub mod reservations;
pub mod sales;

use app::ports::{Actor, RequestAuth};
use axum::http::{HeaderMap, StatusCode};

/// The door of every export (CSV, later Excel): signed in (401), allowed to export (403), and
/// asked for by this site itself: a browser's cross-site request for an export (a link or an
/// image on another site, which would write an audit row in the victim's name) is refused.
/// Requests without `Sec-Fetch-Site` (scripts, older browsers) pass on the session alone.
pub fn export_actor(auth: &RequestAuth, headers: &HeaderMap) -> Result<Actor, StatusCode> {
    let user = auth.user.clone().ok_or(StatusCode::UNAUTHORIZED)?;
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    if !matches!(site, "same-origin" | "none") {
        return Err(StatusCode::FORBIDDEN);
    }
    if !app::domain::policy::may_export(user.role) {
        return Err(StatusCode::FORBIDDEN);
    }
    Ok(Actor {
        user,
        ip: auth.ip.clone(),
    })
}

/// An export's audit row, written before its first byte. An export that cannot be audited is
/// not made (503): nobody takes a book of customers without a trace.
pub async fn audit_export(
    db: &sea_orm::DatabaseConnection,
    event: crate::services::audit::Event<'_>,
) -> Result<(), StatusCode> {
    let action = event.action.to_string();
    crate::services::audit::record(db, event)
        .await
        .map_err(|e| {
            tracing::error!(error = ?e, %action, "export refused: its audit row could not be written");
            StatusCode::SERVICE_UNAVAILABLE
        })
}
