//! The chain's settings: the page `GET /admin/chain` and its form `POST /admin/chain` (admins;
//! rendered on the server, plain forms: `app::pages::admin::chain_page`), the logo's upload
//! `POST /admin/chain/logo` (multipart, answered with a 303 back to the page saying what
//! happened) and the logo itself, `GET /chain/logo?v=N` (public: the booking page and receipts
//! show it; cached for good, the version in its address changes with every logo).

use crate::http::middleware::empty;
use crate::state::AppState;
use app::domain::chain::{logo_type, LogoError};
use app::domain::policy::{allows, Permission};
use app::domain::validate::ValidChain;
use app::error::AppError;
use app::model::ChainInput;
use app::pages::admin::chain_page::{chain_page_html, Notice};
use app::ports::{Actor, RequestAuth};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use axum::Form;
use serde::Deserialize;

const SETTINGS: &str = "/admin/chain";

pub async fn logo(State(st): State<AppState>) -> Response {
    match st.ports.admin.chain_logo().await {
        Ok(Some((kind, bytes))) => (
            [
                (header::CONTENT_TYPE, kind),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_string(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => empty(StatusCode::NOT_FOUND),
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// What the form sent: a new logo's bytes, or the remove button.
enum Upload {
    Logo(Vec<u8>),
    Remove,
}

async fn read(form: Result<Multipart, MultipartRejection>) -> Result<Upload, LogoError> {
    let mut form = form.map_err(|_| LogoError::Empty)?;
    let mut logo = None;
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("remove") => return Ok(Upload::Remove),
            Some("logo") => {
                let bytes = field.bytes().await.map_err(|_| LogoError::TooLarge)?;
                logo = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    logo.map(Upload::Logo).ok_or(LogoError::Empty)
}

/// Admins only (401 signed out, 403 other roles).
fn admin(auth: &RequestAuth) -> Result<Actor, StatusCode> {
    let user = auth.user.clone().ok_or(StatusCode::UNAUTHORIZED)?;
    if !allows(user.role, Permission::ManageStores) {
        return Err(StatusCode::FORBIDDEN);
    }
    Ok(Actor {
        user,
        ip: auth.ip.clone(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    saved: Option<String>,
    logo: String,
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Html(body)).into_response()
}

pub async fn page(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Query(q): Query<PageQuery>,
) -> Response {
    let actor = match admin(&auth) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let Ok(settings) = st.ports.admin.chain_settings().await else {
        return empty(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let notice = Notice::from_query(q.saved.is_some(), &q.logo);
    let body = chain_page_html(&settings, None, &[], notice, actor.user.lang);
    html(StatusCode::OK, body)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChainForm {
    name: String,
    sms_signature: String,
    version: String,
}

/// The name and signature: saved and back to the page (303), or the page again with what was
/// typed and each field to fix (422), or with fresh settings when someone else saved first (409).
pub async fn save(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    form: Result<Form<ChainForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let actor = match admin(&auth) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let Form(form) = form.unwrap_or_default();
    let input = ChainInput {
        name: form.name,
        sms_signature: form.sms_signature,
    };
    let lang = actor.user.lang;
    let valid = match ValidChain::try_from(&input) {
        Ok(v) => v,
        Err(errors) => {
            let notice = Notice::Error(app::i18n::Msg::ErrInvalidInput.text(lang).into());
            return again(
                &st,
                &input,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                notice,
                lang,
            )
            .await;
        }
    };
    // A version that is not a number is no version of the settings: a conflict.
    let version = form.version.trim().parse::<i32>().unwrap_or(-1);
    match st.ports.admin.update_chain(&actor, valid, version).await {
        Ok(()) => Redirect::to(&format!("{SETTINGS}?saved=1")).into_response(),
        Err(AppError::Conflict(m)) => {
            let notice = Notice::Error(m.text(lang).into());
            again(&st, &input, StatusCode::CONFLICT, Vec::new(), notice, lang).await
        }
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// The page again after a refused form: what was typed, each field's message, the notice.
async fn again(
    st: &AppState,
    input: &ChainInput,
    status: StatusCode,
    errors: Vec<app::domain::validate::FieldError>,
    notice: Notice,
    lang: app::i18n::Lang,
) -> Response {
    match st.ports.admin.chain_settings().await {
        Ok(s) => html(
            status,
            chain_page_html(&s, Some(input), &errors, Some(notice), lang),
        ),
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

pub async fn upload(
    State(st): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let actor = match admin(&auth) {
        Ok(a) => a,
        Err(code) => return empty(code),
    };
    let logo = match read(form).await {
        Ok(Upload::Remove) => None,
        Ok(Upload::Logo(bytes)) => match logo_type(&bytes) {
            Ok(kind) => Some((kind, bytes)),
            Err(e) => {
                return Redirect::to(&format!("{SETTINGS}?logo={}", e.code())).into_response()
            }
        },
        Err(e) => return Redirect::to(&format!("{SETTINGS}?logo={}", e.code())).into_response(),
    };
    let done = if logo.is_some() { "saved" } else { "removed" };
    match st.ports.admin.set_chain_logo(&actor, logo).await {
        Ok(()) => Redirect::to(&format!("{SETTINGS}?logo={done}")).into_response(),
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}
