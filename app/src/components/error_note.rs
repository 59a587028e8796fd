use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// A page-level error message in the user's language. A refused input says what to fix (the
/// first field's own message), never only "check the red fields".
#[component]
pub fn ErrorNote(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            let msg = e
                .field_errors()
                .first()
                .map(|f| f.msg)
                .unwrap_or(e.message());
            view! {
                <p class="alert alert-error" role="alert">{msg.text(i18n.lang())}</p>
            }
        })
    }
}

/// A success message.
#[component]
pub fn SuccessNote(#[prop(into)] show: Signal<bool>, msg: Msg) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        show.get().then(|| {
            view! { <p class="alert alert-ok" role="status">{msg.text(i18n.lang())}</p> }
        })
    }
}
