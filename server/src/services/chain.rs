//! The chain's settings (连锁设置): its name and logo, shown to customers on the public booking
//! page and on receipts, and the SMS signature every customer message starts with. Owns the
//! one-row table `chain_setting`; changes are compare-and-set on its version and audited.

use crate::entities::chain_setting as chain;
use crate::services::audit;
use crate::services::OrInternal;
use app::domain::chain::{DEFAULT_NAME, DEFAULT_SIGNATURE};
use app::domain::validate::ValidChain;
use app::error::AppError;
use app::i18n::Msg;
use app::model::ChainSettings;
use app::ports::Actor;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use serde_json::json;

/// The settings row's id.
const ID: i32 = 1;

/// The settings without the logo's bytes: every receipt, customer SMS and public booking page
/// reads them. A database without the row (never the case after the migration) reads as the
/// product's defaults rather than failing a receipt.
pub async fn settings(db: &impl ConnectionTrait) -> Result<ChainSettings, AppError> {
    let row: Option<(String, String, String, i32, i32)> = chain::Entity::find_by_id(ID)
        .select_only()
        .columns([
            chain::Column::Name,
            chain::Column::SmsSignature,
            chain::Column::LogoType,
            chain::Column::LogoVersion,
            chain::Column::Version,
        ])
        .into_tuple()
        .one(db)
        .await
        .or_internal()?;
    Ok(match row {
        Some((name, sms_signature, logo_type, logo_version, version)) => ChainSettings {
            name,
            sms_signature,
            logo_version: (!logo_type.is_empty()).then_some(logo_version),
            version,
        },
        None => ChainSettings {
            name: DEFAULT_NAME.into(),
            sms_signature: DEFAULT_SIGNATURE.into(),
            logo_version: None,
            version: 0,
        },
    })
}

/// The logo: (content type, bytes), if one is set.
pub async fn logo(db: &impl ConnectionTrait) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let row = chain::Entity::find_by_id(ID).one(db).await.or_internal()?;
    Ok(row.and_then(|r| match r.logo {
        Some(bytes) if !r.logo_type.is_empty() => Some((r.logo_type, bytes)),
        _ => None,
    }))
}

fn words(s: &ChainSettings) -> serde_json::Value {
    json!({ "name": s.name, "sms_signature": s.sms_signature })
}

/// Sets the name and the SMS signature, if nobody changed them since `version` was read.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    input: ValidChain,
    version: i32,
) -> Result<(), AppError> {
    let txn = db.begin().await.or_internal()?;
    let before = settings(&txn).await?;
    let done = chain::Entity::update_many()
        .col_expr(chain::Column::Name, Expr::value(input.name.clone()))
        .col_expr(
            chain::Column::SmsSignature,
            Expr::value(input.sms_signature.clone()),
        )
        .col_expr(
            chain::Column::Version,
            Expr::col(chain::Column::Version).add(1),
        )
        .col_expr(chain::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(chain::Column::Id.eq(ID))
        .filter(chain::Column::Version.eq(version))
        .exec(&txn)
        .await
        .or_internal()?;
    if done.rows_affected != 1 {
        return Err(AppError::Conflict(Msg::ErrSettingsChanged));
    }
    let after = ChainSettings {
        name: input.name,
        sms_signature: input.sms_signature,
        ..before.clone()
    };
    audit::record(
        &txn,
        audit::Event::by(actor, "chain.update", "chain", ID)
            .before(words(&before))
            .after(words(&after)),
    )
    .await
    .or_internal()?;
    txn.commit().await.or_internal()
}

/// Sets the logo ((content type, bytes), checked by the caller with
/// `app::domain::chain::logo_type`), or removes it (`None`). Each new logo gets a new version,
/// which its URL carries, so no cache shows the old one.
pub async fn set_logo(
    db: &DatabaseConnection,
    actor: &Actor,
    logo: Option<(&'static str, Vec<u8>)>,
) -> Result<(), AppError> {
    let txn = db.begin().await.or_internal()?;
    let had = settings(&txn).await?.logo_version.is_some();
    let size = logo.as_ref().map(|(_, b)| b.len());
    let (kind, bytes) = match logo {
        Some((kind, bytes)) => (kind, Some(bytes)),
        None => ("", None),
    };
    let done = chain::Entity::update_many()
        .col_expr(chain::Column::Logo, Expr::value(bytes))
        .col_expr(chain::Column::LogoType, Expr::value(kind))
        .col_expr(
            chain::Column::LogoVersion,
            Expr::col(chain::Column::LogoVersion).add(1),
        )
        .col_expr(chain::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(chain::Column::Id.eq(ID))
        .exec(&txn)
        .await
        .or_internal()?;
    if done.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        audit::Event::by(actor, "chain.logo", "chain", ID)
            .before(json!({ "logo": had }))
            .after(json!({ "logo": size.is_some(), "logo_bytes": size })),
    )
    .await
    .or_internal()?;
    txn.commit().await.or_internal()
}
