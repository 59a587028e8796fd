//! `/devices`: the store's registered devices (store managers). The tablet in hand is
//! registered by a plain form to `/auth/device`, which gives it its cookie; each device can be
//! retired, after which PINs stop working on it.

use crate::api::account::{list_devices, RevokeDevice};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::i18n::{t, use_i18n, Msg};
use crate::pages::devices::msg::DevicesMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/devices";

#[component]
pub fn DevicesPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageDevices>
            <Devices/>
        </RequirePermission>
    }
}

#[component]
fn Devices() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map();
    let page = Memo::new(move |_| {
        q.with(|m| crate::domain::paging::page_number(m.get("page").as_deref().unwrap_or("1")))
    });
    let revoke = ServerAction::<RevokeDevice>::new();
    let data = Resource::new(
        move || (page.get(), revoke.version().get()),
        |(p, _)| list_devices(p),
    );
    let error = Signal::derive(move || revoke.value().get().and_then(|r| r.err()));
    // What a refused registration typed, and why (the form posts without the Wasm too).
    let typed = q.with_untracked(|m| m.get("name")).unwrap_or_default();
    let name_error = q
        .with_untracked(|m| m.get("error"))
        .and_then(|k| Msg::from_key(&k));
    let just_registered = q.with_untracked(|m| m.get("registered")).is_some();
    view! {
        <Title text=crate::i18n::title(Msg::NavDevices)/>
        <section class="page narrow">
            <h1>{t(Msg::NavDevices)}</h1>
            <p class="muted">{t(DevicesMsg::Intro)}</p>
            <ErrorNote error/>
            {just_registered.then(|| view! {
                <p class="notice notice-ok" role="status" data-testid="device-registered">{t(DevicesMsg::JustRegistered)}</p>
            })}
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || {
                    let typed = typed.clone();
                    Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(list) => {
                            let pages = list.total.div_ceil(crate::domain::paging::DEFAULT_PER_PAGE).max(1);
                            view! {
                                {if list.this_registered {
                                    view! { <p class="state-tag tone-ok" data-testid="this-registered">{t(DevicesMsg::ThisRegistered)}</p> }.into_any()
                                } else {
                                    view! {
                                        <form method="post" action="/auth/device" class="stack inline-form" data-testid="register-device">
                                            <div class="field" class:has-error=name_error.is_some()>
                                                <label for="device-name">{t(Msg::DeviceName)}</label>
                                                <input id="device-name" name="name" required maxlength="40" value=typed
                                                    aria-invalid=name_error.is_some().to_string() aria-describedby="device-name-err"/>
                                                <p class="field-error" id="device-name-err" data-testid="device-name-error">
                                                    {name_error.map(t)}
                                                </p>
                                            </div>
                                            <button type="submit" class="btn btn-primary">{t(DevicesMsg::RegisterThis)}</button>
                                        </form>
                                    }.into_any()
                                }}
                                {if list.rows.is_empty() {
                                    view! { <p class="muted" data-testid="devices-empty">{t(DevicesMsg::Empty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="cards" data-testid="devices">
                                            {list.rows.into_iter().map(|d| {
                                                let zone = use_zone();
                                                let registered = format!("{} · {}", zone.format(d.created_at), d.registered_by);
                                                let used = d.last_used_at.map(|at| zone.format(at));
                                                view! {
                                                    <li class="card" class:inactive=d.revoked data-testid="device">
                                                        <h3 class="device-title">
                                                            <span data-testid="device-name">{d.name.clone()}</span>" "
                                                            {d.this_device.then(|| view! { <span class="state-tag tone-active">{t(DevicesMsg::ThisOne)}</span> })}
                                                            <span class=if d.revoked { "state-tag tone-muted" } else { "state-tag tone-ok" } data-testid="device-state">
                                                                {t(if d.revoked { DevicesMsg::Retired } else { DevicesMsg::InUse })}
                                                            </span>
                                                        </h3>
                                                        <p class="muted">{t(DevicesMsg::RegisteredAt)}" "{registered}</p>
                                                        <p class="muted">{t(DevicesMsg::LastUsed)}" "{match used {
                                                            Some(u) => u.into_any(),
                                                            None => t(DevicesMsg::Never).into_any(),
                                                        }}</p>
                                                        {(!d.revoked).then(|| view! {
                                                            <ActionForm action=revoke attr:class="inline"
                                                                on:submit=move |ev| {
                                                                    #[cfg(feature = "hydrate")]
                                                                    {
                                                                        let msg = DevicesMsg::ConfirmRetire.text(i18n.lang());
                                                                        if !window().confirm_with_message(msg).unwrap_or(false) {
                                                                            ev.prevent_default();
                                                                        }
                                                                    }
                                                                    #[cfg(not(feature = "hydrate"))]
                                                                    let _ = (ev, i18n);
                                                                }>
                                                                <input type="hidden" name="id" value=d.id/>
                                                                <button type="submit" class="btn btn-danger" data-testid="retire-device">{t(DevicesMsg::Retire)}</button>
                                                            </ActionForm>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <Pager page=list.page pages total=list.total path=PATH keep=vec![]/>
                            }.into_any()
                        }
                    }
                })}}
            </Transition>
        </section>
    }
}
