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
