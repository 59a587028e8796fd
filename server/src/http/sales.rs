//! `GET /sales/:id/receipt?paper=80mm|a5`: the receipt (销售小票) for the browser's print dialog,
//! sized for 80 mm thermal printers or A5 paper: the Leptos component
//! `app::pages::sales::receipt`, rendered here; reprintable.

use crate::http::goods::reader;
use crate::http::middleware::empty;
use crate::state::AppState;
use app::error::AppError;
use app::i18n::Lang;
use app::pages::sales::receipt::{receipt_html, Paper};
use app::ports::RequestAuth;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReceiptQuery {
    paper: String,
}

pub async fn receipt(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i32>,
    Query(q): Query<ReceiptQuery>,
) -> Response {
    let actor = match reader(&auth) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let chain = match st.ports.admin.chain_settings().await {
        Ok(c) => c,
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    match st.ports.sales.detail(&actor, id).await {
        Ok(s) if s.receipt_no.is_some() => (
            [(header::CACHE_CONTROL, "no-store")],
            Html(receipt_html(
                &s,
                &chain,
                Paper::parse(&q.paper),
                actor.user.zone,
                actor.user.lang,
            )),
        )
            .into_response(),
        Ok(_) => empty(StatusCode::CONFLICT),
        Err(AppError::NotFound) => empty(StatusCode::NOT_FOUND),
        Err(AppError::Forbidden) => empty(StatusCode::FORBIDDEN),
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TakingsQuery {
    store: Option<i32>,
    day: String,
}

/// `GET /sales/takings.csv?store=&day=`: the daily takings (日结) as CSV — the summary, the
/// takings by method, then every sale and return of the day. UTF-8 with BOM, RFC 4180, formula
/// cells neutralised; audited.
pub async fn takings_csv(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: axum::http::HeaderMap,
    Query(q): Query<TakingsQuery>,
) -> Response {
    let actor = match crate::http::export_actor(&auth, &headers) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let day = match q.day.trim() {
        "" => None,
        d => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => return empty(StatusCode::BAD_REQUEST),
        },
    };
    let v = match st.ports.sales.takings(&actor, q.store, day).await {
        Ok(v) => v,
        Err(AppError::Forbidden) => return empty(StatusCode::FORBIDDEN),
        Err(AppError::NotFound) => return empty(StatusCode::NOT_FOUND),
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let event = crate::services::audit::Event::by(&actor, "takings.export", "store", v.store_id)
        .after(serde_json::json!({ "day": v.day.to_string(), "sales": v.sales.len() }));
    if let Err(code) = crate::http::audit_export(&st.db, event).await {
        return empty(code);
    }
    let body = takings_csv_bytes(&v);
    let filename = format!("takings-{}-{}.csv", v.store_id, v.day.format("%Y%m%d"));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The CSV file of a day's takings (also used by tests).
pub fn takings_csv_bytes(v: &app::model::TakingsView) -> Vec<u8> {
    use crate::http::reservations::csv_line;
    let row = |cells: &[&str]| csv_line(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    // Spreadsheets want plain numbers: no thousands separators.
    let plain = |d: rust_decimal::Decimal| d.round_dp(2).to_string();
    let t = &v.totals;
    let day = v.day.to_string();
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(row(&["门店", &v.store_name]));
    out.extend(row(&["营业日", &day]));
    out.extend(row(&[
        "状态",
        if v.closed_by.is_some() {
            "已关账"
        } else {
            "未关账"
        },
    ]));
    out.extend(row(&["销售笔数", &t.sales.to_string()]));
    out.extend(row(&["销售额", &plain(t.revenue)]));
    out.extend(row(&["优惠合计", &plain(t.discounts)]));
    out.extend(row(&["收取定金", &plain(t.deposits_taken)]));
    out.extend(row(&["定金抵扣", &plain(t.deposits_applied)]));
    out.extend(row(&["退货笔数", &t.returns.to_string()]));
    out.extend(row(&["退款合计", &plain(t.refunds)]));
    for (m, a) in &t.by_method {
        out.extend(row(&[m.msg().text(Lang::ZhCn), &plain(*a)]));
    }
    out.extend(row(&["净收款", &plain(t.net)]));
    out.extend(b"\r\n");
    out.extend(row(&["小票号", "顾问", "金额", "优惠", "审批人", "调整"]));
    for s in &v.sales {
        out.extend(row(&[
            &s.receipt_no,
            &s.consultant,
            &plain(s.total),
            &plain(s.discount),
            &s.approved_by,
            if s.adjustment { "是" } else { "" },
        ]));
    }
    if !v.returns.is_empty() {
        out.extend(b"\r\n");
        out.extend(row(&["退货小票号", "原因", "经办", "退款", "调整"]));
        for r in &v.returns {
            out.extend(row(&[
                &r.receipt_no,
                &r.reason,
                &r.by,
                &plain(r.refund),
                if r.adjustment { "是" } else { "" },
            ]));
        }
    }
    out
}
