use crate::components::layout::use_user;
use crate::domain::policy::{allows, Permission};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// Renders its children only for people whose role has `permission`. The server enforces the
/// same rule on every request; this only spares people a page that would refuse them.
#[component]
pub fn RequirePermission(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let ok = use_user().is_some_and(|u| allows(u.role, permission));
    move || {
        if ok {
            children().into_any()
        } else {
            view! { <Forbidden/> }.into_any()
        }
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    view! {
        <section class="page narrow" data-testid="forbidden">
            <h1>{t(Msg::Forbidden)}</h1>
            <p>{t(Msg::ForbiddenHint)}</p>
            <A href="/" attr:class="btn">{t(Msg::BackHome)}</A>
        </section>
    }
}
