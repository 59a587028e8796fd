use crate::api::admin::get_chain_settings;
use crate::api::reservations::{public_stores, BookVisit};
use crate::components::posted::posted;
use crate::domain::validate::error_for;
use crate::i18n::{t, use_i18n, Msg};
use crate::pages::reservations::msg::ReservationsMsg;
use leptos::prelude::*;
use leptos_meta::Title;

/// The public booking page (no sign-in), mobile first. Works without JavaScript: the form
/// posts to the server function.
#[component]
pub fn BookPage() -> impl IntoView {
    let i18n = use_i18n();
    let stores = Resource::new(|| (), |_| public_stores());
    let chain = Resource::new(|| (), |_| get_chain_settings());
    let book = ServerAction::<BookVisit>::new();
    // Posted without JavaScript: the number, or the errors with what was typed.
    let typed = posted(book)
        .filter(|_| matches!(book.value().get_untracked(), Some(Err(_))))
        .map(|a| a.booking)
        .unwrap_or_default();
    let store = StoredValue::new(typed.store.clone());
    let errors = Signal::derive(move || match book.value().get() {
        Some(Err(e)) => e.field_errors().to_vec(),
        _ => Vec::new(),
    });
    let err =
        move |f: &'static str| move || error_for(&errors.get(), f).map(|m| m.text(i18n.lang()));
    view! {
        <Title text=crate::i18n::title(ReservationsMsg::Book)/>
        <section class="page narrow book">
            // The chain's own name and logo: the customer books with the jeweller, not the software.
            <Suspense>{move || Suspend::new(async move {
                chain.await.ok().map(|c| view! {
                    <div class="chain-brand" data-testid="chain-brand">
                        {c.logo_url().map(|src| view! { <img src=src alt=""/> })}
                        <strong>{c.name.clone()}</strong>
                    </div>
                })
            })}</Suspense>
            <h1>{t(ReservationsMsg::Book)}</h1>
            <p class="muted">{t(ReservationsMsg::BookIntro)}</p>
            {move || match book.value().get() {
                Some(Ok(number)) => Some(view! { <p class="alert alert-ok" role="status" data-testid="booked">{t(ReservationsMsg::Booked)}<strong>{number}</strong></p> }.into_any()),
                Some(Err(e)) if e.field_errors().is_empty() => Some(view! { <p class="alert alert-error" role="alert">{e.message().text(i18n.lang())}</p> }.into_any()),
                _ => None,
            }}
            <ActionForm action=book attr:class="stack" attr:data-testid="book-form">
                <div class="field"><label for="b-store">{t(Msg::ExperienceStore)}</label>
                    <select id="b-store" name="booking[store]">
                        <Suspense>{move || Suspend::new(async move {
                            stores.await.unwrap_or_default().into_iter().map(|s| view! { <option value=s.id selected=store.with_value(|v| *v == s.id.to_string())>{s.name}</option> }).collect_view()
                        })}</Suspense>
                    </select>
                    <p class="field-error">{err("store")}</p>
                </div>
                <div class="field"><label for="b-name">{t(ReservationsMsg::CustomerName)}</label><input id="b-name" name="booking[name]" autocomplete="name" value=typed.name/><p class="field-error">{err("name")}</p></div>
                <div class="field"><label for="b-phone">{t(ReservationsMsg::Mobile)}</label><input id="b-phone" name="booking[phone]" type="tel" inputmode="numeric" autocomplete="tel" value=typed.phone/><p class="field-error">{err("phone")}</p></div>
                <div class="field"><label for="b-visit">{t(ReservationsMsg::PreferredTime)}</label><input id="b-visit" name="booking[visit_at]" type="datetime-local" value=typed.visit_at/><p class="field-error">{err("visit_at")}</p></div>
                <div class="field"><label for="b-needs">{t(ReservationsMsg::Needs)}</label><textarea id="b-needs" name="booking[needs]" rows="3">{typed.needs}</textarea><p class="field-error">{err("needs")}</p></div>
                <div class="field"><label for="b-email">{t(ReservationsMsg::Email)}</label><input id="b-email" name="booking[email]" type="email" autocomplete="email" value=typed.email/><p class="field-error">{err("email")}</p></div>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || book.pending().get()>{t(ReservationsMsg::Submit)}</button>
            </ActionForm>
        </section>
    }
}
