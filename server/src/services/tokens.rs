//! ERP API tokens: created by admins (page or command line), stored as SHA-256 hashes, listed
//! without the secret, revoked (kept for the audit trail). Every change is audited.

use crate::entities::{api_token, staff};
use crate::services::audit;
use crate::services::OrInternal;
use app::error::AppError;
use app::model::{ApiTokenRow, Page, PageReq};
use app::ports::Actor;
use chrono::Utc;
use sea_orm::sea_query::Order;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// SHA-256 of a token, hex: what `api_token.token_hash` stores.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn event<'a>(actor: Option<&'a Actor>, action: &'a str, id: i32) -> audit::Event<'a> {
    match actor {
        Some(a) => audit::Event::by(a, action, "api_token", id),
        None => audit::Event {
            actor_name: "command line",
            action,
            entity: "api_token",
            entity_id: id.to_string(),
            ..audit::Event::default()
        },
    }
}

/// Creates a token for `name` (already validated): returns the token, shown once.
pub async fn create(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    name: &str,
) -> Result<String, AppError> {
    use rand::RngCore;
    let mut raw = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut raw);
    let token = format!(
        "vt_{}",
        raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let saved = api_token::ActiveModel {
        name: Set(name.to_string()),
        token_hash: Set(token_hash(&token)),
        created_by: Set(actor.map(|a| a.user.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .or_internal()?;
    let e = event(actor, "api_token.create", saved.id).after(serde_json::json!({ "name": name }));
    audit::record(db, e).await.or_internal()?;
    Ok(token)
}

/// Revokes a token; revoking a revoked token changes nothing and is not audited again.
pub async fn revoke(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(), AppError> {
    let res = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await
        .or_internal()?;
    if res.rows_affected == 0 {
        return match api_token::Entity::find_by_id(id)
            .one(db)
            .await
            .or_internal()?
        {
            Some(_) => Ok(()),
            None => Err(AppError::NotFound),
        };
    }
    let name = api_token::Entity::find_by_id(id)
        .one(db)
        .await
        .or_internal()?
        .map(|t| t.name)
        .unwrap_or_default();
    let e = event(actor, "api_token.revoke", id).before(serde_json::json!({ "name": name }));
    audit::record(db, e).await.or_internal()?;
    Ok(())
}

/// The live (not revoked) token a bearer secret belongs to.
pub async fn authenticate(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<api_token::Model>, AppError> {
    if token.is_empty() {
        return Ok(None);
    }
    api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await
        .or_internal()
}

/// Records that a token was just used (shown on the admin page).
pub async fn record_use(db: &DatabaseConnection, tok: &api_token::Model) -> Result<(), AppError> {
    let mut am: api_token::ActiveModel = tok.clone().into();
    am.last_used_at = Set(Some(Utc::now()));
    am.update(db).await.or_internal()?;
    Ok(())
}

/// Tokens, newest first by default; sortable by name, creation and last use.
pub async fn list(db: &DatabaseConnection, req: PageReq) -> Result<Page<ApiTokenRow>, AppError> {
    use api_token::Column as C;
    let dir = if req.desc { Order::Desc } else { Order::Asc };
    let q = api_token::Entity::find();
    let q = match req.sort_or(&["created", "name", "last_used"], "created") {
        "name" => q.order_by(C::Name, dir),
        "last_used" => q.order_by(C::LastUsedAt, dir),
        _ => q.order_by(C::CreatedAt, dir),
    };
    let pager = q.order_by_asc(C::Id).paginate(db, req.per_page);
    let total = pager.num_items().await.or_internal()?;
    let items = pager.fetch_page(req.page - 1).await.or_internal()?;
    let creators: Vec<i32> = items.iter().filter_map(|t| t.created_by).collect();
    let names: HashMap<i32, String> = staff::Entity::find()
        .filter(staff::Column::Id.is_in(creators))
        .all(db)
        .await
        .or_internal()?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    Ok(Page {
        items: items
            .into_iter()
            .map(|t| ApiTokenRow {
                id: t.id,
                created_by: t
                    .created_by
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_else(|| "command line".into()),
                name: t.name,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked_at: t.revoked_at,
            })
            .collect(),
        total,
        page: req.page,
        per_page: req.per_page,
    })
}

/// Tokens by id, named for the audit log.
pub async fn names(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    Ok(
        crate::services::by_ids::<api_token::Entity>(db, api_token::Column::Id, ids)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect(),
    )
}
