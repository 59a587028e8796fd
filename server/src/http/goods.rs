//! Goods endpoints that are not server functions: the streamed CSV export, the print view and
//! the ERP sync API (`POST /api/v1/items:sync` with a bearer token).

use crate::http::middleware::empty;
use crate::http::reservations::csv_line;
use crate::services::goods::resolve_store;
use crate::services::{audit, tokens};
use crate::state::AppState;
use app::api::goods::{category_msg, item_status_msg};
use app::domain::goods::{filter_errors, GoodsQuery, Scale};
use app::domain::item_import::ItemRow;
use app::pages::goods::print::{print_html, PrintList, Tag};

use app::i18n::Lang;
use app::model::{ImportReport, ItemRowView};
use app::ports::{Actor, RequestAuth};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Json};
use chrono::Utc;
use serde::Deserialize;

const EXPORT_BATCH: u64 = 1000;
/// Rows the print view lists (an A4 list is for a showcase, not the whole stock).
const PRINT_LIMIT: u64 = 500;
/// Rows one sync request may carry.
pub const SYNC_MAX_ROWS: usize = 5000;

pub(crate) fn reader(auth: &RequestAuth) -> Result<Actor, StatusCode> {
    let user = auth.user.clone().ok_or(StatusCode::UNAUTHORIZED)?;
    if !app::api::goods::READERS
        .iter()
        .any(|p| app::domain::policy::allows(user.role, *p))
    {
        return Err(StatusCode::FORBIDDEN);
    }
    Ok(Actor {
        user,
        ip: auth.ip.clone(),
    })
}

fn grade<S: Scale>(v: Option<S>) -> String {
    v.map(|g| g.code().to_string()).unwrap_or_default()
}

fn cells(r: &ItemRowView) -> Vec<String> {
    vec![
        r.barcode.clone(),
        r.erp_id.clone(),
        r.style_no.clone(),
        r.name.clone(),
        category_msg(r.category).text(Lang::ZhCn).into(),
        r.material.clone(),
        r.weight_g.to_string(),
        r.carat.to_string(),
        grade(r.color),
        grade(r.clarity),
        grade(r.cut),
        grade(r.polish),
        grade(r.symmetry),
        r.fluorescence.clone().unwrap_or_default(),
        r.cert_lab.clone(),
        r.cert_no.clone(),
        r.ring.map(|s| s.to_string()).unwrap_or_default(),
        r.price.to_string(),
        if r.presale { "是" } else { "否" }.into(),
        r.store_name.clone(),
        item_status_msg(r.status).text(Lang::ZhCn).into(),
    ]
}

const HEADER: &[&str] = &[
    "条码",
    "ERP编号",
    "款号",
    "品名",
    "品类",
    "材质",
    "重量(克)",
    "钻重(克拉)",
    "颜色",
    "净度",
    "切工",
    "抛光",
    "对称",
    "荧光",
    "证书机构",
    "证书号",
    "手寸",
    "价格(元)",
    "预售",
    "门店",
    "状态",
];

/// The search of a list URL, or a 400 naming the filters typed wrong (the page does not offer
/// these links then; a hand-made URL is told what to fix rather than given another list).
fn checked_query(raw: Option<&str>, lang: Lang) -> Result<GoodsQuery, Box<Response>> {
    let raw = raw.unwrap_or_default();
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
            .into_owned()
            .collect();
    let errors = filter_errors(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if errors.is_empty() {
        return Ok(GoodsQuery::from_pairs(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        ));
    }
    let text: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.msg.text(lang)))
        .collect();
    Err(Box::new(
        (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text.join("\n"),
        )
            .into_response(),
    ))
}

/// `GET /goods/export.csv?…` (the search page's URL): UTF-8 with BOM, RFC 4180, formula cells
/// neutralised; streamed in id order (constant memory at any size) and audited.
pub async fn export_csv(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: axum::http::HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let actor = match crate::http::export_actor(&auth, &headers) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let q = match checked_query(raw.as_deref(), actor.user.lang) {
        Ok(q) => q,
        Err(res) => return *res,
    };
    let store_id = match resolve_store(&actor, &q) {
        Ok(s) => s,
        Err(_) => return empty(StatusCode::FORBIDDEN),
    };
    let svc = st.services.goods.clone();
    let (cond, rows) = match svc.export_scope(&q, store_id).await {
        Ok(c) => c,
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let filter = q.to_query_string();
    let event = audit::Event::by(&actor, "item.export", "item", "csv")
        .after(serde_json::json!({ "filter": filter, "rows": rows }));
    if let Err(code) = crate::http::audit_export(&st.db, event).await {
        return empty(code);
    }
    let mut first = b"\xEF\xBB\xBF".to_vec();
    first.extend(csv_line(
        &HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    ));
    let stream =
        futures::stream::unfold((Some(first), 0i32, false), move |(pending, after, done)| {
            let svc = svc.clone();
            let cond = cond.clone();
            let actor = actor.clone();
            async move {
                if let Some(bytes) = pending {
                    return Some((Ok(bytes::Bytes::from(bytes)), (None, after, done)));
                }
                if done {
                    return None;
                }
                let views = match svc.export_batch(&actor, cond, after, EXPORT_BATCH).await {
                    Ok(v) => v,
                    Err(_) => {
                        return Some((
                            Err(std::io::Error::other("export failed")),
                            (None, after, true),
                        ))
                    }
                };
                if views.is_empty() {
                    return None;
                }
                let last = views.last().map(|v| v.id).unwrap_or(after);
                let mut buf = Vec::new();
                for v in &views {
                    buf.extend(csv_line(&cells(v)));
                }
                Some((Ok(bytes::Bytes::from(buf)), (None, last, false)))
            }
        });
    let filename = format!("goods-{}.csv", Utc::now().format("%Y%m%d-%H%M"));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        axum::body::Body::from_stream(futures::StreamExt::fuse(stream)),
    )
        .into_response()
}

/// `GET /goods/print?…`: an A4 list of the results and a tag per item (barcode in text), for
/// the browser's print dialog: the Leptos component `app::pages::goods::print`; no script.
pub async fn print(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    RawQuery(raw): RawQuery,
) -> Response {
    let actor = match reader(&auth) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let q = match checked_query(raw.as_deref(), actor.user.lang) {
        Ok(q) => q,
        Err(res) => return *res,
    };
    let store_id = match resolve_store(&actor, &q) {
        Ok(s) => s,
        Err(_) => return empty(StatusCode::FORBIDDEN),
    };
    let svc = st.services.goods.clone();
    let (items, total, capped) = match svc.find(&q.with_page(1), store_id, PRINT_LIMIT).await {
        Ok(r) => r,
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let views = match svc.views(&actor, items).await {
        Ok(v) => v,
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    const COLUMNS: [usize; 13] = [0, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 19, 20];
    let mut rows = Vec::with_capacity(views.len());
    let mut tags = Vec::with_capacity(views.len());
    for v in &views {
        let mut c = cells(v);
        // People read the material's name, not its dictionary code.
        c[5] = v.material_label(actor.user.lang).to_string();
        // And money the way every page shows it (the CSV keeps the plain number).
        c[17] = app::domain::sale::cny(v.price);
        // Gold priced by weight says how (the formula, and which day's gold price).
        if let Some((note, _)) = app::components::price_basis::basis_note(&v.basis, actor.user.lang)
        {
            c[17] = format!("{}（{note}）", c[17]);
        }
        rows.push(COLUMNS.iter().map(|i| c[*i].clone()).collect());
        tags.push(Tag {
            name: v.name.clone(),
            style_no: v.style_no.clone(),
            material: c[5].clone(),
            grades: [c[7].as_str(), c[8].as_str(), c[9].as_str(), c[16].as_str()].join(" "),
            price: c[17].clone(),
            barcode: v.barcode.clone(),
        });
    }
    let html = print_html(
        PrintList {
            header: COLUMNS.iter().map(|i| HEADER[*i].to_string()).collect(),
            rows,
            tags,
            total,
            capped,
            printed_at: actor.user.zone.format(Utc::now()),
        },
        actor.user.lang,
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

pub use crate::services::tokens::token_hash;

#[derive(Deserialize)]
#[serde(untagged)]
pub enum SyncBody {
    Wrapped { items: Vec<ItemRow> },
    Bare(Vec<ItemRow>),
}

/// `POST /api/v1/items:sync` — the ERP pushes rows (the CSV's columns as JSON fields) with
/// `Authorization: Bearer <token>`. 200 with the report (accepted, rejected per row, conflicts
/// with local holds); 401 without a valid token; 413 above [`SYNC_MAX_ROWS`]; 422 on bad JSON.
pub async fn sync(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    if token.is_empty() {
        return empty(StatusCode::UNAUTHORIZED);
    }
    let found = tokens::authenticate(&st.db, token).await;
    let tok = match found {
        Ok(Some(t)) => t,
        Ok(None) => return empty(StatusCode::UNAUTHORIZED),
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let rows = match serde_json::from_slice::<SyncBody>(&body) {
        Ok(SyncBody::Wrapped { items }) | Ok(SyncBody::Bare(items)) => items,
        Err(e) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({ "error": format!("invalid JSON: {e}") })),
            )
                .into_response()
        }
    };
    if rows.len() > SYNC_MAX_ROWS {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(
                serde_json::json!({ "error": format!("at most {SYNC_MAX_ROWS} rows per request") }),
            ),
        )
            .into_response();
    }
    let n = rows.len();
    let svc = st.services.goods.clone();
    let report: ImportReport = match svc.import_rows(None, rows, 1).await {
        Ok(r) => r,
        Err(_) => return empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    if tokens::record_use(&st.db, &tok).await.is_err() {
        tracing::warn!("ERP sync: the token's last use could not be recorded");
    }
    let audited = audit::record(
        &st.db,
        audit::Event {
            actor_name: &format!("ERP token {}", tok.name),
            action: "items.sync",
            entity: "item",
            entity_id: format!("{n} rows"),
            ip: "",
            after: Some(serde_json::json!({
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected.len(),
                "conflicts": report.conflicts.len(),
            })),
            ..audit::Event::default()
        },
    )
    .await;
    if let Err(e) = audited {
        // The import itself is committed; the ERP gets its report, the operator the log line.
        tracing::error!(error = ?e, token = %tok.name, "ERP sync: the audit row could not be written");
    }
    Json(report_json(&report)).into_response()
}

/// The report with each rejection's reasons spelled out (English and Chinese) for the ERP's log.
fn report_json(r: &ImportReport) -> serde_json::Value {
    serde_json::json!({
        "created": r.created,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "rejected": r.rejected.iter().map(|row| serde_json::json!({
            "row": row.row,
            "erp_id": row.erp_id,
            "errors": row.errors.iter().map(|e| serde_json::json!({
                "field": e.field,
                "reason": e.msg.text(Lang::En),
                "reason_zh": e.msg.text(Lang::ZhCn),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "conflicts": r.conflicts,
    })
}
