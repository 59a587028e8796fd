use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::CurrentUser;
use leptos::prelude::*;

/// The signed-in person, or `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "account/me")]
pub async fn get_me() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::ports::current_user())
}

/// Remembers the person's language.
#[server(prefix = "/api", endpoint = "account/set_language")]
pub async fn set_language(lang: Lang) -> Result<(), AppError> {
    let actor = crate::ports::actor()?;
    crate::ports::ports()?.account.set_lang(&actor, lang).await
}

/// Whether the signed-in person has a PIN for switching on their store's devices.
#[server(prefix = "/api", endpoint = "account/pin_status")]
pub async fn pin_status() -> Result<bool, AppError> {
    use crate::domain::policy::Permission;
    let actor = crate::ports::require(Permission::UseWorkspace)?;
    crate::ports::ports()?.account.has_pin(&actor).await
}

/// Sets the person's own PIN (their password first).
#[server(prefix = "/api", endpoint = "account/set_pin")]
pub async fn set_pin(input: crate::model::PinInput) -> Result<(), AppError> {
    use crate::domain::policy::Permission;
    let actor = crate::ports::require(Permission::UseWorkspace)?;
    crate::ports::ports()?.account.set_pin(&actor, input).await
}

/// Removes the person's own PIN: they no longer appear on their store's devices.
#[server(prefix = "/api", endpoint = "account/clear_pin")]
pub async fn clear_pin() -> Result<(), AppError> {
    let actor = crate::ports::actor()?;
    crate::ports::ports()?.account.clear_pin(&actor).await
}

/// The devices of the manager's store (registered at `/auth/device`, which sets the device's
/// cookie).
#[server(prefix = "/api", endpoint = "account/devices")]
pub async fn list_devices(page: u64) -> Result<crate::model::DeviceList, AppError> {
    use crate::domain::policy::Permission;
    let actor = crate::ports::require(Permission::ManageDevices)?;
    crate::ports::ports()?
        .account
        .devices(&actor, page, crate::ports::device_token())
        .await
}

/// Retires a device of the manager's store: PINs stop working on it at once.
#[server(prefix = "/api", endpoint = "account/revoke_device")]
pub async fn revoke_device(id: i32) -> Result<(), AppError> {
    use crate::domain::policy::Permission;
    let actor = crate::ports::require(Permission::ManageDevices)?;
    crate::ports::ports()?
        .account
        .revoke_device(&actor, id)
        .await
}

/// On a registered device's sign-in page: the device, its store and who may switch with a PIN.
#[server(prefix = "/api", endpoint = "account/device_sign_in")]
pub async fn device_sign_in() -> Result<Option<crate::model::DeviceSignIn>, AppError> {
    let Some(token) = crate::ports::device_token() else {
        return Ok(None);
    };
    crate::ports::ports()?.account.device_sign_in(&token).await
}
