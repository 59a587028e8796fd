use crate::api::account::set_language;
use crate::domain::policy::Role;
use crate::i18n::{t, use_i18n, I18n, Lang, Msg};
use crate::model::CurrentUser;
use leptos::prelude::*;
use leptos_meta::Html;

/// The signed-in person for every component below the layout.
#[derive(Clone, Debug)]
pub struct SessionUser(pub Option<CurrentUser>);

pub fn use_user() -> Option<CurrentUser> {
    use_context::<SessionUser>().and_then(|s| s.0)
}

/// The signed-in person's zone (the chain's home zone when signed out): every time on a page
/// is shown in it.
pub fn use_zone() -> crate::domain::time::Zone {
    use_user().map(|u| u.zone).unwrap_or_default()
}

#[component]
pub fn Layout(user: Option<CurrentUser>, children: Children) -> impl IntoView {
    let lang = user.as_ref().map(|u| u.lang).unwrap_or_default();
    let i18n = I18n(RwSignal::new(lang));
    provide_context(i18n);
    provide_context(SessionUser(user.clone()));
    let signed_in = user.is_some();
    crate::components::live::provide_live(user.as_ref().is_some_and(|u| {
        crate::domain::policy::allows(u.role, crate::domain::policy::Permission::UseWorkspace)
    }));
    // On the server the <html lang> is written with the head, outside the page's reactive owner
    // (see `i18n::title`), so it is fixed there; in the browser it follows the language switch.
    #[cfg(not(feature = "hydrate"))]
    let html_lang = move || lang.code();
    #[cfg(feature = "hydrate")]
    let html_lang = move || i18n.lang().code();
    view! {
        <Html attr:lang=html_lang/>
        <div class="app" class:signed-in=signed_in>
            <header class="topbar">
                // The software's name is for staff: the public booking page carries the chain's
                // own brand, and sign-in its own heading.
                {signed_in.then(|| view! { <a class="brand" href="/">"Vitrine"</a> })}
                {user.clone().map(|u| view! { <UserBar user=u/> })}
                <LangSwitch signed_in/>
            </header>
            {user.map(|u| view! { <crate::components::nav::NavBar role=u.role/> })}
            <main class="content" id="main">{children()}</main>
        </div>
    }
}

#[component]
fn UserBar(user: CurrentUser) -> impl IntoView {
    let store = user.store_name.clone();
    view! {
        <ServingSlot role=user.role/>
        <div class="userbar">
            // One's own name opens one's switch PIN (staff of a store; others have none).
            {if crate::domain::policy::may_open_path(user.role, "/account/pin") {
                view! {
                    <a class="who" href="/account/pin" data-testid="current-user" title=t(Msg::NavPin)>{user.display_name.clone()}</a>
                }.into_any()
            } else {
                view! { <span class="who" data-testid="current-user">{user.display_name.clone()}</span> }.into_any()
            }}
            <span class="where">
                {move || match store.clone() {
                    Some(s) => s,
                    None => t(Msg::AllStores)().to_string(),
                }}
            </span>
            <form method="post" action="/auth/logout" class="signout">
                <button type="submit" class="btn btn-ghost">{t(Msg::SignOut)}</button>
            </form>
        </div>
    }
}

/// The name of the customer this person is serving, on every page, updated live.
#[component]
fn ServingSlot(role: Role) -> impl IntoView {
    let works =
        crate::domain::policy::allows(role, crate::domain::policy::Permission::UseWorkspace);
    let tick = crate::components::live::use_live_tick();
    let serving = Resource::new(
        move || tick.get(),
        move |_| async move {
            if works {
                crate::api::reservations::serving_now().await.ok().flatten()
            } else {
                None
            }
        },
    );
    view! {
        <div class="serving-slot" data-testid="serving-slot" aria-live="polite">
            <Transition>
                {move || Suspend::new(async move {
                    serving.await.map(|name| view! { <span class="serving-label">{t(Msg::ServiceServing)}": "</span><span data-testid="serving-name">{name}</span> })
                })}
            </Transition>
        </div>
    }
}

#[component]
fn LangSwitch(signed_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    let save = Action::new(move |lang: &Lang| {
        let lang = *lang;
        async move {
            if signed_in {
                // Best effort: the switch already happened on screen.
                let _ = set_language(lang).await;
            }
        }
    });
    view! {
        <button
            type="button"
            class="btn btn-ghost lang-switch"
            data-testid="lang-switch"
            aria-label=t(Msg::SwitchLanguageLabel)
            title=t(Msg::SwitchLanguageLabel)
            on:click=move |_| {
                let next = i18n.lang().other();
                i18n.0.set(next);
                save.dispatch(next);
            }
        >
            {t(Msg::SwitchLanguage)}
        </button>
    }
}
