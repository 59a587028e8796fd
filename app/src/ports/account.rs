//! The signed-in person's own account.

use super::Actor;
use crate::error::AppError;
use crate::i18n::Lang;
use async_trait::async_trait;

#[async_trait]
pub trait AccountPort: Send + Sync {
    async fn set_lang(&self, actor: &Actor, lang: Lang) -> Result<(), AppError>;
}
