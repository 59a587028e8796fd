//! The signed-in person's own account.

use super::Actor;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{DeviceList, DeviceSignIn, PinInput};
use async_trait::async_trait;

#[async_trait]
pub trait AccountPort: Send + Sync {
    async fn set_lang(&self, actor: &Actor, lang: Lang) -> Result<(), AppError>;

    /// Whether the person has a PIN for switching on their store's devices.
    async fn has_pin(&self, actor: &Actor) -> Result<bool, AppError>;
    /// Sets the person's own PIN, after checking their password.
    async fn set_pin(&self, actor: &Actor, input: PinInput) -> Result<(), AppError>;
    async fn clear_pin(&self, actor: &Actor) -> Result<(), AppError>;

    /// The devices of the manager's store (`device_token`: the cookie of the device in use).
    async fn devices(
        &self,
        actor: &Actor,
        page: u64,
        device_token: Option<String>,
    ) -> Result<DeviceList, AppError>;
    /// Registers the device in use for the manager's store: the new device cookie's token.
    async fn register_device(&self, actor: &Actor, name: &str) -> Result<String, AppError>;
    /// Retires a device of the manager's store: its PINs stop working at once.
    async fn revoke_device(&self, actor: &Actor, id: i32) -> Result<(), AppError>;
    /// Who may switch with a PIN on the device of this cookie, if it is a registered one.
    async fn device_sign_in(&self, device_token: &str) -> Result<Option<DeviceSignIn>, AppError>;
}
