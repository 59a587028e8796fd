//! Administration: stores, staff, dictionaries and the audit log. Admins only.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::{
        policy::Permission,
        validate::{self, ValidChain, ValidDict, ValidStaff, ValidStaffUpdate, ValidStore},
    },
    ports::{ports, require},
};

#[server(prefix = "/api", endpoint = "admin/stores")]
pub async fn list_stores(req: PageReq) -> Result<Page<StoreRow>, AppError> {
    require(Permission::ManageStores)?;
    ports()?.admin.list_stores(req.clamped()).await
}

/// Active stores for pickers. Any signed-in person may list them.
#[server(prefix = "/api", endpoint = "admin/store_options")]
pub async fn store_options() -> Result<Vec<StoreOption>, AppError> {
    crate::ports::actor()?;
    ports()?.admin.store_options().await
}

#[server(prefix = "/api", endpoint = "admin/store")]
pub async fn get_store(id: i32) -> Result<StoreRow, AppError> {
    require(Permission::ManageStores)?;
    ports()?.admin.get_store(id).await
}

#[server(prefix = "/api", endpoint = "admin/create_store")]
pub async fn create_store(input: StoreInput) -> Result<i32, AppError> {
    let actor = require(Permission::ManageStores)?;
    let valid = ValidStore::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.create_store(&actor, valid).await
}

#[server(prefix = "/api", endpoint = "admin/update_store")]
pub async fn update_store(id: i32, input: StoreInput) -> Result<(), AppError> {
    let actor = require(Permission::ManageStores)?;
    let valid = ValidStore::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.update_store(&actor, id, valid).await
}

#[server(prefix = "/api", endpoint = "admin/set_store_active")]
pub async fn set_store_active(id: i32, active: bool) -> Result<(), AppError> {
    let actor = require(Permission::ManageStores)?;
    ports()?.admin.set_store_active(&actor, id, active).await
}

#[server(prefix = "/api", endpoint = "admin/staff")]
pub async fn list_staff(filter: StaffFilter, req: PageReq) -> Result<Page<StaffRow>, AppError> {
    require(Permission::ManageStaff)?;
    ports()?.admin.list_staff(filter, req.clamped()).await
}

#[server(prefix = "/api", endpoint = "admin/staff_member")]
pub async fn get_staff(id: i32) -> Result<StaffRow, AppError> {
    require(Permission::ManageStaff)?;
    ports()?.admin.get_staff(id).await
}

#[server(prefix = "/api", endpoint = "admin/create_staff")]
pub async fn create_staff(input: StaffInput) -> Result<i32, AppError> {
    let actor = require(Permission::ManageStaff)?;
    let valid = ValidStaff::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.create_staff(&actor, valid).await
}

#[server(prefix = "/api", endpoint = "admin/update_staff")]
pub async fn update_staff(id: i32, input: StaffUpdate) -> Result<(), AppError> {
    let actor = require(Permission::ManageStaff)?;
    let valid = ValidStaffUpdate::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.update_staff(&actor, id, valid).await
}

/// Deactivating a staff member also ends all their sessions at once.
#[server(prefix = "/api", endpoint = "admin/set_staff_active")]
pub async fn set_staff_active(id: i32, active: bool) -> Result<(), AppError> {
    let actor = require(Permission::ManageStaff)?;
    ports()?.admin.set_staff_active(&actor, id, active).await
}

/// Sets a new password and ends the staff member's sessions.
#[server(prefix = "/api", endpoint = "admin/reset_password")]
pub async fn reset_password(id: i32, password: String) -> Result<(), AppError> {
    let actor = require(Permission::ManageStaff)?;
    validate::validate_password(&password).map_err(AppError::Validation)?;
    ports()?.admin.reset_password(&actor, id, password).await
}

#[server(prefix = "/api", endpoint = "admin/dictionary")]
pub async fn list_dictionary(kind: String) -> Result<Vec<DictEntry>, AppError> {
    require(Permission::ManageDictionaries)?;
    if !validate::DICTIONARY_KINDS.contains(&kind.as_str()) {
        return Err(AppError::field("kind", crate::i18n::Msg::ErrUnknownKind));
    }
    ports()?.admin.list_dictionary(kind).await
}

#[server(prefix = "/api", endpoint = "admin/create_dict_entry")]
pub async fn create_dict_entry(input: DictInput) -> Result<i32, AppError> {
    let actor = require(Permission::ManageDictionaries)?;
    let valid = ValidDict::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.create_dict_entry(&actor, valid).await
}

#[server(prefix = "/api", endpoint = "admin/update_dict_entry")]
pub async fn update_dict_entry(id: i32, input: DictInput) -> Result<(), AppError> {
    let actor = require(Permission::ManageDictionaries)?;
    let valid = ValidDict::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.update_dict_entry(&actor, id, valid).await
}

#[server(prefix = "/api", endpoint = "admin/set_dict_active")]
pub async fn set_dict_active(id: i32, active: bool) -> Result<(), AppError> {
    let actor = require(Permission::ManageDictionaries)?;
    ports()?.admin.set_dict_active(&actor, id, active).await
}

#[server(prefix = "/api", endpoint = "admin/audit")]
pub async fn list_audit(filter: AuditFilter, req: PageReq) -> Result<AuditPage, AppError> {
    let actor = require(Permission::ReadAudit)?;
    let (lang, zone) = (actor.user.lang, actor.user.zone);
    ports()?
        .admin
        .list_audit(filter, req.clamped(), lang, zone)
        .await
}

#[server(prefix = "/api", endpoint = "admin/backups")]
pub async fn backups(req: PageReq) -> Result<BackupOverview, AppError> {
    require(Permission::ManageBackups)?;
    ports()?.admin.backups(req.clamped()).await
}

#[server(prefix = "/api", endpoint = "admin/tokens")]
pub async fn list_tokens(req: PageReq) -> Result<Page<ApiTokenRow>, AppError> {
    require(Permission::ManageApiTokens)?;
    ports()?.admin.list_tokens(req.clamped()).await
}

/// Creates an ERP API token and returns it: the only time anyone sees it.
#[server(prefix = "/api", endpoint = "admin/create_token")]
pub async fn create_token(name: String) -> Result<String, AppError> {
    let actor = require(Permission::ManageApiTokens)?;
    let name = validate::validate_token_name(&name).map_err(AppError::Validation)?;
    ports()?.admin.create_token(&actor, name).await
}

#[server(prefix = "/api", endpoint = "admin/revoke_token")]
pub async fn revoke_token(id: i32) -> Result<(), AppError> {
    let actor = require(Permission::ManageApiTokens)?;
    ports()?.admin.revoke_token(&actor, id).await
}

/// The chain's name, SMS signature and logo version: public (the booking page shows them).
#[server(prefix = "/api", endpoint = "chain")]
pub async fn get_chain_settings() -> Result<ChainSettings, AppError> {
    ports()?.admin.chain_settings().await
}

#[server(prefix = "/api", endpoint = "admin/update_chain")]
pub async fn update_chain(input: ChainInput, version: i32) -> Result<(), AppError> {
    let actor = require(Permission::ManageStores)?;
    let valid = ValidChain::try_from(&input).map_err(AppError::Validation)?;
    ports()?.admin.update_chain(&actor, valid, version).await
}
