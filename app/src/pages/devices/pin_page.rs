//! `/account/pin`: the person's own switch PIN for their store's registered devices. Setting it
//! takes the password (a PIN is weaker, so only its owner sets it); removing it takes the name
//! off the devices.

use crate::api::account::{pin_status, ClearPin, SetPin};
use crate::components::error_note::ErrorNote;
use crate::components::field::{field_errors, Field};
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::i18n::{t, Msg};
use crate::pages::devices::msg::DevicesMsg;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PinPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::UseWorkspace>
            <Pin/>
        </RequirePermission>
    }
}

#[component]
fn Pin() -> impl IntoView {
    let set = ServerAction::<SetPin>::new();
    let clear = ServerAction::<ClearPin>::new();
    let status = Resource::new(
        move || (set.version().get(), clear.version().get()),
        |_| pin_status(),
    );
    let errors = field_errors(set.value());
    let error = Signal::derive(move || {
        clear
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| match set.value().get() {
                Some(Err(e)) if e.field_errors().is_empty() => Some(e),
                _ => None,
            })
    });
    let saved = move || matches!(set.value().get(), Some(Ok(())));
    let removed = move || matches!(clear.value().get(), Some(Ok(())));
    // A saved PIN empties the form; a refused one keeps the fields as typed (the browser keeps
    // them: the form is not drawn again).
    let saves = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(set.value().get(), Some(Ok(()))) {
            saves.update(|n| *n += 1);
        }
    });
    view! {
        <Title text=crate::i18n::title(Msg::NavPin)/>
        <section class="page narrow">
            <h1>{t(Msg::NavPin)}</h1>
            <p class="muted">{t(DevicesMsg::PinIntro)}</p>
            <ErrorNote error/>
            {move || saved().then(|| view! { <p class="notice notice-ok" role="status" data-testid="pin-saved">{t(DevicesMsg::PinSaved)}</p> })}
            {move || removed().then(|| view! { <p class="notice notice-ok" role="status" data-testid="pin-removed">{t(DevicesMsg::PinRemoved)}</p> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let has = status.await.unwrap_or(false);
                    view! {
                        <p data-testid="pin-status">{t(if has { DevicesMsg::PinIsSet } else { DevicesMsg::PinNotSet })}</p>
                        {has.then(|| view! {
                            <ActionForm action=clear attr:class="inline">
                                <button type="submit" class="btn" data-testid="remove-pin">{t(DevicesMsg::RemovePin)}</button>
                            </ActionForm>
                        })}
                    }
                })}
            </Transition>
            {move || { saves.track(); view! {
                <ActionForm action=set attr:class="stack" attr:data-testid="pin-set-form">
                    <Field label=Msg::CurrentPassword name="input[password]" field="password" kind="password" errors autocomplete="current-password"/>
                    <Field label=Msg::NewPin name="input[pin]" field="pin" kind="password" errors autocomplete="off"/>
                    <Field label=Msg::ConfirmPin name="input[confirm]" field="confirm" kind="password" errors autocomplete="off"/>
                    <button type="submit" class="btn btn-primary" data-testid="save-pin" disabled=move || set.pending().get()>{t(DevicesMsg::SavePin)}</button>
                </ActionForm>
            } }}
        </section>
    }
}
