//! Administration: staff, stores, dictionaries, audit and backups.

use super::Actor;
use crate::domain::validate::{ValidChain, ValidDict, ValidStaff, ValidStaffUpdate, ValidStore};
use crate::error::AppError;
use crate::model::*;
use async_trait::async_trait;

#[async_trait]
pub trait AdminPort: Send + Sync {
    async fn list_stores(&self, req: PageReq) -> Result<Page<StoreRow>, AppError>;
    async fn store_options(&self) -> Result<Vec<StoreOption>, AppError>;
    async fn get_store(&self, id: i32) -> Result<StoreRow, AppError>;
    async fn create_store(&self, actor: &Actor, input: ValidStore) -> Result<i32, AppError>;
    async fn update_store(&self, actor: &Actor, id: i32, input: ValidStore)
        -> Result<(), AppError>;
    async fn set_store_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError>;

    async fn list_staff(
        &self,
        filter: StaffFilter,
        req: PageReq,
    ) -> Result<Page<StaffRow>, AppError>;
    async fn get_staff(&self, id: i32) -> Result<StaffRow, AppError>;
    async fn create_staff(&self, actor: &Actor, input: ValidStaff) -> Result<i32, AppError>;
    async fn update_staff(
        &self,
        actor: &Actor,
        id: i32,
        input: ValidStaffUpdate,
    ) -> Result<(), AppError>;
    async fn set_staff_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError>;
    /// On or off duty (在岗), by a manager of the member's store (audited).
    async fn set_on_duty(&self, actor: &Actor, id: i32, on_duty: bool) -> Result<(), AppError>;
    async fn reset_password(
        &self,
        actor: &Actor,
        id: i32,
        password: String,
    ) -> Result<(), AppError>;

    async fn list_dictionary(&self, kind: String) -> Result<Vec<DictEntry>, AppError>;
    async fn create_dict_entry(&self, actor: &Actor, input: ValidDict) -> Result<i32, AppError>;
    async fn update_dict_entry(
        &self,
        actor: &Actor,
        id: i32,
        input: ValidDict,
    ) -> Result<(), AppError>;
    async fn set_dict_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError>;

    async fn list_tokens(&self, req: PageReq) -> Result<Page<ApiTokenRow>, AppError>;
    /// The backup schedule and the recorded runs, newest first.
    async fn backups(&self, req: PageReq) -> Result<BackupOverview, AppError>;
    /// Returns the new token; only its hash is kept.
    async fn create_token(&self, actor: &Actor, name: String) -> Result<String, AppError>;
    async fn revoke_token(&self, actor: &Actor, id: i32) -> Result<(), AppError>;

    /// The chain's name, SMS signature and logo version (public: the booking page shows them).
    async fn chain_settings(&self) -> Result<ChainSettings, AppError>;
    /// Compare-and-set on `version`; audited.
    async fn update_chain(
        &self,
        actor: &Actor,
        input: ValidChain,
        version: i32,
    ) -> Result<(), AppError>;
    /// The logo: (content type, bytes), if one is set.
    async fn chain_logo(&self) -> Result<Option<(String, Vec<u8>)>, AppError>;
    /// Sets (content type from `domain::chain::logo_type`, bytes) or removes the logo; audited.
    async fn set_chain_logo(
        &self,
        actor: &Actor,
        logo: Option<(&'static str, Vec<u8>)>,
    ) -> Result<(), AppError>;

    /// A page of the log in `lang`, times in `zone`.
    async fn list_audit(
        &self,
        filter: AuditFilter,
        req: PageReq,
        lang: crate::i18n::Lang,
        zone: crate::domain::time::Zone,
    ) -> Result<AuditPage, AppError>;
}
