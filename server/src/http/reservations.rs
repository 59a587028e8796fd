//! Reservation endpoints that are not server functions: the live event stream (SSE), the CSV
//! export (streamed) and the public web-booking API.

use crate::http::middleware::empty;
use crate::live::LiveEvent;
use crate::state::AppState;
use app::domain::csv::neutralise;
use app::domain::policy::{allows, Permission};
use app::domain::reservation::Status;
use app::error::AppError;
use app::model::{ReservationFilter, WebBooking};
use app::ports::{Actor, RequestAuth};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use futures::StreamExt;
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;

fn relevant(user: &app::model::CurrentUser, ev: &LiveEvent) -> bool {
    ev.staff_ids.contains(&user.id)
        || (allows(user.role, Permission::AssignInStore) && user.store_id == Some(ev.store_id))
}

/// `GET /api/events`: a Server-Sent Events stream telling this person's browser that their
/// queue changed. Browsers reconnect by themselves after a network loss.
pub async fn events(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
) -> Response {
    let Some(user) = auth.user else {
        return empty(StatusCode::UNAUTHORIZED);
    };
    if !allows(user.role, Permission::UseWorkspace) {
        return empty(StatusCode::FORBIDDEN);
    }
    let rx = st.live.subscribe();
    st.live.ready().await;
    let hello = futures::stream::once(async {
        Ok::<_, Infallible>(SseEvent::default().event("hello").data("ok"))
    });
    let updates = tokio_stream::wrappers::BroadcastStream::new(rx).filter_map(move |msg| {
        let user = user.clone();
        async move {
            match msg {
                Ok(ev) if relevant(&user, &ev) => {
                    Some(Ok(SseEvent::default().event("queue").data(ev.kind)))
                }
                Ok(_) => None,
                // Missed events (a slow client): tell it to refresh.
                Err(_) => Some(Ok(SseEvent::default().event("queue").data("lagged"))),
            }
        }
    });
    Sse::new(hello.chain(updates))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportQuery {
    phone: String,
    name: String,
    style: String,
    from: String,
    to: String,
    need_level: String,
    status: String,
    store: String,
    consultant: String,
    unassigned: String,
}

/// `GET /reservations/export.csv?…` (the search page's filters): UTF-8 with BOM, RFC 4180,
/// formula cells neutralised, mobiles masked for roles that do not see full numbers. Streamed
/// page by page (constant memory) and audited with its filter and row count.
pub async fn export_csv(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: axum::http::HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Response {
    let actor = match crate::http::export_actor(&auth, &headers) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let filter = ReservationFilter {
        phone: q.phone,
        name: q.name,
        style: q.style,
        from: q.from,
        to: q.to,
        need_level: q.need_level,
        status: Status::parse(&q.status),
        store_id: q.store.parse().ok(),
        consultant_id: q.consultant.parse().ok(),
        unassigned: q.unassigned == "1",
    };
    let svc = st.services.reservations.clone();
    let (cond, rows) = match svc.export_scope(&actor, &filter).await {
        Ok(c) => c,
        Err(AppError::Forbidden) => return empty(StatusCode::FORBIDDEN),
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let filter_json = serde_json::to_value(&filter).unwrap_or_default();
    let event =
        crate::services::audit::Event::by(&actor, "reservation.export", "reservation", "csv")
            .after(serde_json::json!({ "filter": filter_json, "rows": rows }));
    if let Err(code) = crate::http::audit_export(&st.db, event).await {
        return empty(code);
    }
    // Fused: the compression layer may poll once more after the end.
    let stream = async_stream_csv(svc, actor, cond).fuse();
    let filename = format!(
        "reservations-{}.csv",
        chrono::Utc::now().format("%Y%m%d-%H%M")
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}

fn status_zh(s: Status) -> &'static str {
    app::api::reservations::status_msg(s).text(app::i18n::Lang::ZhCn)
}

pub(crate) fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let neutral: Vec<String> = cells.iter().map(|c| neutralise(c).into_owned()).collect();
    let _ = w.write_record(&neutral);
    w.into_inner().unwrap_or_default()
}

fn async_stream_csv(
    svc: std::sync::Arc<crate::services::reservations::ReservationService>,
    actor: Actor,
    cond: sea_orm::Condition,
) -> impl futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send {
    let header: Vec<String> = [
        "预约号",
        "顾客姓名",
        "手机号",
        "体验店",
        "销售顾问",
        "预约上门时间",
        "来源",
        "基本需求",
        "需求等级",
        "状态",
        "结果",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut first = b"\xEF\xBB\xBF".to_vec();
    first.extend(csv_line(&header));
    futures::stream::unfold((Some(first), 0u64, false), move |(pending, page, done)| {
        let svc = svc.clone();
        let actor = actor.clone();
        let cond = cond.clone();
        async move {
            if let Some(bytes) = pending {
                return Some((Ok(bytes::Bytes::from(bytes)), (None, page, done)));
            }
            if done {
                return None;
            }
            let out = match svc.export_page(&actor, cond, page).await {
                Ok(r) => r,
                Err(_) => {
                    return Some((
                        Err(std::io::Error::other("export failed")),
                        (None, page, true),
                    ))
                }
            };
            if out.is_empty() {
                return None;
            }
            let mut buf = Vec::new();
            for r in out {
                buf.extend(csv_line(&[
                    r.number,
                    r.customer_name,
                    r.mobile,
                    r.store_name,
                    r.consultant_name.unwrap_or_default(),
                    actor.user.zone.format(r.visit_at),
                    r.source,
                    r.needs,
                    r.need_level,
                    status_zh(r.status).to_string(),
                    r.outcome,
                ]));
            }
            Some((Ok(bytes::Bytes::from(buf)), (None, page + 1, false)))
        }
    })
}

/// `POST /api/v1/web-reservations` from the chain's website: 201 with the reservation number,
/// 200 with the same number for a repeated submission, 422 with per-field errors, 429 when an
/// address sends too many.
pub async fn web_booking(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let allowed = match st.services.reservations.allow_web_booking(&auth.ip).await {
        Ok(a) => a,
        Err(_) => return empty(StatusCode::SERVICE_UNAVAILABLE),
    };
    if !allowed {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            Json(serde_json::json!({ "error": "too_many_requests" })),
        )
            .into_response();
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let parsed: Result<WebBooking, String> = if is_json {
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    } else {
        serde_urlencoded_form(&body)
    };
    let booking = match parsed {
        Ok(b) => b,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({ "error": "bad_request", "detail": e })),
            )
                .into_response()
        }
    };
    let valid = match booking.validate(chrono::Utc::now(), Default::default()) {
        Ok(v) => v,
        Err(errors) => return unprocessable(errors),
    };
    match st.services.reservations.create_web(valid, &auth.ip).await {
        Ok((number, true)) => (
            StatusCode::CREATED,
            Json(serde_json::json!({ "number": number })),
        )
            .into_response(),
        Ok((number, false)) => (
            StatusCode::OK,
            Json(serde_json::json!({ "number": number, "duplicate": true })),
        )
            .into_response(),
        Err(AppError::Validation(errors)) => unprocessable(errors),
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn unprocessable(errors: Vec<app::domain::validate::FieldError>) -> Response {
    let fields: serde_json::Map<String, serde_json::Value> = errors
        .iter()
        .map(|e| {
            (
                e.field.clone(),
                serde_json::json!({ "code": format!("{:?}", e.msg), "zh": e.msg.text(app::i18n::Lang::ZhCn), "en": e.msg.text(app::i18n::Lang::En) }),
            )
        })
        .collect();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(serde_json::json!({ "error": "invalid", "fields": fields })),
    )
        .into_response()
}

fn serde_urlencoded_form(body: &[u8]) -> Result<WebBooking, String> {
    let mut b = WebBooking::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "name" => b.name = v,
            "phone" => b.phone = v,
            "store" => b.store = v,
            "visit_at" => b.visit_at = v,
            "needs" => b.needs = v,
            "email" => b.email = v,
            _ => {}
        }
    }
    Ok(b)
}
