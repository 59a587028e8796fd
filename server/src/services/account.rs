use crate::entities::staff;
use crate::services::audit;
use crate::services::devices;
use crate::services::OrInternal;
use app::error::AppError;
use app::i18n::Lang;
use app::model::{DeviceList, DeviceSignIn, PinInput};
use app::ports::{AccountPort, Actor};
use async_trait::async_trait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::json;

pub struct AccountService {
    pub db: DatabaseConnection,
    pub clock: crate::clock::Clock,
}

impl AccountService {
    pub fn new(db: DatabaseConnection) -> Self {
        AccountService {
            db,
            clock: Default::default(),
        }
    }
}

#[async_trait]
impl AccountPort for AccountService {
    async fn set_lang(&self, actor: &Actor, lang: Lang) -> Result<(), AppError> {
        let txn = self.db.begin().await.or_internal()?;
        staff::Entity::update_many()
            .col_expr(
                staff::Column::Lang,
                sea_orm::sea_query::Expr::value(lang.code()),
            )
            .filter(staff::Column::Id.eq(actor.user.id))
            .exec(&txn)
            .await
            .or_internal()?;
        audit::record(
            &txn,
            audit::Event::by(actor, "account.set_language", "staff", actor.user.id)
                .before(json!({ "lang": actor.user.lang.code() }))
                .after(json!({ "lang": lang.code() })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn has_pin(&self, actor: &Actor) -> Result<bool, AppError> {
        devices::has_pin(&self.db, actor).await
    }

    async fn set_pin(&self, actor: &Actor, input: PinInput) -> Result<(), AppError> {
        devices::set_pin(&self.db, actor, input).await
    }

    async fn clear_pin(&self, actor: &Actor) -> Result<(), AppError> {
        devices::clear_pin(&self.db, actor).await
    }

    async fn devices(
        &self,
        actor: &Actor,
        page: u64,
        device_token: Option<String>,
    ) -> Result<DeviceList, AppError> {
        devices::list(&self.db, actor, page, device_token).await
    }

    async fn register_device(&self, actor: &Actor, name: &str) -> Result<String, AppError> {
        devices::register(&self.db, actor, name).await
    }

    async fn revoke_device(&self, actor: &Actor, id: i32) -> Result<(), AppError> {
        devices::revoke(&self.db, actor, id).await
    }

    async fn device_sign_in(&self, device_token: &str) -> Result<Option<DeviceSignIn>, AppError> {
        devices::sign_in_list(&self.db, device_token).await
    }
}
