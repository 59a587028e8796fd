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
/// On a store's registered device, the people of the store who set a PIN are listed first:
/// choosing one's name and typing the PIN switches (`/auth/pin`).
#[component]
pub fn LoginPage() -> impl IntoView {
    let q = use_query_map();
    let error = move || {
        q.with(|m| m.get("error")).map(|e| match e.as_str() {
            "throttled" => Msg::Throttled,
            "expired" => Msg::SessionExpired,
            "pin" => Msg::BadPin,
            "pin_locked" => Msg::PinLocked,
            "device" => Msg::DeviceUnknown,
            _ => Msg::BadCredentials,
        })
    };
    let next = move || q.with(|m| m.get("next")).unwrap_or_default();
    // After a wrong password the username comes back (a cookie the sign-in handler leaves for
    // this page), and the password field takes the focus.
    let user = leptos::prelude::SharedValue::new(typed_username).into_inner();
    let again = !user.is_empty();
    let device = Resource::new(|| (), |_| crate::api::account::device_sign_in());
    view! {
        <Title text=crate::i18n::title(Msg::SignIn)/>
        <section class="login-card">
            <h1>{t(Msg::AppName)}</h1>
            {move || error().map(|m| view! { <p class="alert alert-error" role="alert" data-testid="login-error">{t(m)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    device.await.ok().flatten().map(|d| view! { <PinPanel d/> })
                })}
            </Suspense>
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

/// Switching on a registered device: one's name, then the PIN. Plain radios and a plain form
/// (it works before the Wasm); after a wrong PIN the same name stays chosen.
#[component]
fn PinPanel(d: crate::model::DeviceSignIn) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let q = use_query_map();
    let who = q
        .with_untracked(|m| m.get("who"))
        .and_then(|w| w.parse::<i32>().ok());
    let heading = {
        let (device, store) = (d.device_name.clone(), d.store_name.clone());
        move || {
            crate::i18n::catalogue::fill(
                Msg::PinDevice.text(i18n.lang()),
                &[("device", device.clone()), ("store", store.clone())],
            )
        }
    };
    let nobody = d.people.is_empty();
    view! {
        <div class="pin-panel" data-testid="pin-panel">
            <p class="muted" data-testid="pin-device">{heading}</p>
            {if nobody {
                view! { <p class="alert" data-testid="pin-nobody">{t(Msg::PinNobody)}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action="/auth/pin" class="stack" data-testid="pin-form">
                        <fieldset class="pin-people">
                            <legend>{t(Msg::PinChoose)}</legend>
                            {d.people.into_iter().map(|p| view! {
                                <label class="pin-person">
                                    <input type="radio" name="staff_id" value=p.id.to_string() required checked=who == Some(p.id)/>
                                    <span>{p.display_name}</span>
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <div class="field">
                            <label for="pin">{t(Msg::Pin)}</label>
                            <input id="pin" name="pin" type="password" inputmode="numeric" pattern="[0-9]{6}" maxlength="6"
                                autocomplete="off" required autofocus=who.is_some()/>
                        </div>
                        <button type="submit" class="btn btn-primary btn-block" data-testid="pin-switch">{t(Msg::PinSwitch)}</button>
                    </form>
                }.into_any()
            }}
            <h2 class="pin-or">{t(Msg::PinOrPassword)}</h2>
        </div>
    }
}
