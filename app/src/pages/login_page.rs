use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The cookie that carries the username back after a refused sign-in.
pub const USER_COOKIE: &str = "vitrine_login_user";

#[cfg(feature = "ssr")]
fn typed_username() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .find_map(|c| {
                    c.trim()
                        .strip_prefix(USER_COOKIE)?
                        .strip_prefix('=')
                        .map(str::to_string)
                })
        })
        .filter(|u| crate::domain::validate::valid_username(u))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn typed_username() -> String {
    String::new()
}

/// Sign-in. A plain form that posts to the server, so it works before (or without) the Wasm.
#[component]
pub fn LoginPage() -> impl IntoView {
    let q = use_query_map();
    let error = move || {
        q.with(|m| m.get("error")).map(|e| match e.as_str() {
            "throttled" => Msg::Throttled,
            "expired" => Msg::SessionExpired,
            _ => Msg::BadCredentials,
        })
    };
    let next = move || q.with(|m| m.get("next")).unwrap_or_default();
    // After a wrong password the username comes back (a cookie the sign-in handler leaves for
    // this page), and the password field takes the focus.
    let user = leptos::prelude::SharedValue::new(typed_username).into_inner();
    let again = !user.is_empty();
    view! {
        <Title text=crate::i18n::title(Msg::SignIn)/>
        <section class="login-card">
            <h1>{t(Msg::AppName)}</h1>
            {move || error().map(|m| view! { <p class="alert alert-error" role="alert" data-testid="login-error">{t(m)}</p> })}
            <form method="post" action="/auth/login" class="stack">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="username">{t(Msg::Username)}</label>
                    <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required
                        value=user autofocus=!again/>
                </div>
                <div class="field">
                    <label for="password">{t(Msg::Password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required autofocus=again/>
                </div>
                <button type="submit" class="btn btn-primary btn-block">{t(Msg::SignIn)}</button>
            </form>
        </section>
    }
}
