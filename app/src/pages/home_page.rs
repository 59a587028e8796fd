use crate::components::layout::use_user;
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The personal workspace: the first page after sign-in (a store manager's is the floor board,
/// `/floor`, where the server sends them).
#[component]
pub fn HomePage() -> impl IntoView {
    let Some(user) = use_user() else {
        return view! { <p><A href="/login">{t(Msg::SignIn)}</A></p> }.into_any();
    };
    let store = user.store_name.clone();
    view! {
        <Title text=crate::i18n::title(Msg::NavHome)/>
        <section class="page" data-testid="home">
            <h1>{t(Msg::Welcome)}", " {user.display_name.clone()}</h1>
            <dl class="facts">
                <dt>{t(Msg::YourRole)}</dt>
                <dd data-testid="role">{t(user.role.msg())}</dd>
                <dt>{t(Msg::YourStore)}</dt>
                <dd>{move || store.clone().unwrap_or_else(|| t(Msg::AllStores)().to_string())}</dd>
            </dl>
            {if crate::domain::policy::allows(user.role, crate::domain::policy::Permission::UseWorkspace) {
                view! { <crate::pages::reservations::queue_panel::QueuePanel/> }.into_any()
            } else {
                view! { <p class="muted">{t(Msg::WorkspaceIntro)}</p> }.into_any()
            }}
        </section>
    }
    .into_any()
}
