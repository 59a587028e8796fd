//! Ports: what server functions need from the server, as traits. The `server` crate implements
//! them over SeaORM and provides them as context, so this crate never names a database crate.

mod account;
mod admin;
mod customers;
mod goods;
mod reservations;
mod sales;

pub use account::AccountPort;
pub use admin::AdminPort;
pub use customers::CustomersPort;
pub use goods::GoodsPort;
pub use reservations::ReservationPort;
pub use sales::SalesPort;

use crate::domain::policy::{allows, Permission};
use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;
use std::sync::Arc;

/// Who is making the request. The server's session middleware puts it into the request's
/// extensions; server functions read it with [`actor`].
#[derive(Clone, Debug)]
pub struct RequestAuth {
    pub user: Option<CurrentUser>,
    pub ip: String,
    /// The device cookie's token (a store's registered tablet), if the request carries one.
    pub device: Option<String>,
}

/// The person acting, with where they act from (for the audit log).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user: CurrentUser,
    pub ip: String,
}

impl Actor {
    /// The system itself (the command line, the seeder, benchmarks) with a role's rights.
    pub fn system(role: crate::domain::policy::Role) -> Actor {
        Actor {
            user: CurrentUser {
                id: 0,
                username: "cli".into(),
                display_name: "cli".into(),
                role,
                store_id: None,
                store_name: None,
                lang: crate::i18n::Lang::ZhCn,
                zone: Default::default(),
            },
            ip: "local".into(),
        }
    }
}

/// Everything the server provides to server functions, as one context value.
#[derive(Clone)]
pub struct Ports {
    pub admin: Arc<dyn AdminPort>,
    pub account: Arc<dyn AccountPort>,
    pub reservations: Arc<dyn ReservationPort>,
    pub goods: Arc<dyn GoodsPort>,
    pub customers: Arc<dyn CustomersPort>,
    pub sales: Arc<dyn SalesPort>,
    /// What time it is by the services' clock (the system clock when serving).
    pub now: Now,
}

/// The services' clock, as the server functions read it.
pub type Now = Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>;

/// Now, by the services' clock: the server functions check input (a visit not long gone, a
/// hold's date not past) against the same time the services then act on.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use_context::<Ports>()
        .map(|p| (p.now)())
        .unwrap_or_else(chrono::Utc::now)
}

pub fn ports() -> Result<Ports, AppError> {
    use_context::<Ports>().ok_or_else(|| {
        let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string());
        tracing::error!(?path, "Ports missing from context");
        AppError::Internal
    })
}

fn request_auth() -> Option<RequestAuth> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestAuth>().cloned())
}

/// The signed-in user, if any.
pub fn current_user() -> Option<CurrentUser> {
    request_auth().and_then(|a| a.user)
}

/// The device cookie's token of the request, if any (not yet checked against the database).
pub fn device_token() -> Option<String> {
    request_auth().and_then(|a| a.device)
}

/// The signed-in actor, or `Unauthorized`.
pub fn actor() -> Result<Actor, AppError> {
    let auth = request_auth().ok_or(AppError::Unauthorized)?;
    let user = auth.user.ok_or(AppError::Unauthorized)?;
    Ok(Actor { user, ip: auth.ip })
}

/// The signed-in actor if their role has any of `permissions`; `Forbidden` otherwise.
pub fn require_any(permissions: &[Permission]) -> Result<Actor, AppError> {
    let actor = actor()?;
    if permissions.iter().any(|p| allows(actor.user.role, *p)) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in actor if their role has `permission`; `Forbidden` otherwise.
pub fn require(permission: Permission) -> Result<Actor, AppError> {
    let actor = actor()?;
    if allows(actor.user.role, permission) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// After a form posted without JavaScript succeeds, the browser opens `path` instead of going
/// back to the form (the Wasm's own call gets its answer as usual and navigates itself).
pub fn then_open(path: &str) {
    let plain = use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if let (true, Some(res), Ok(v)) = (
        plain,
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(path),
    ) {
        res.insert_header(http::header::LOCATION, v);
    }
}
