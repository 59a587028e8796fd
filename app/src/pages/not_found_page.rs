use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="page narrow">
            <h1>{t(Msg::NotFound)}</h1>
            <A href="/" attr:class="btn">{t(Msg::BackHome)}</A>
        </section>
    }
}
