use crate::api::admin::{get_store, CreateStore, UpdateStore};
use crate::components::error_note::ErrorNote;
use crate::components::field::{field_errors, Field, FormButtons, SelectField};
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::domain::time::Zone;
use crate::domain::validate::FieldError;
use crate::i18n::{t, Msg};
use crate::model::StoreRow;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn StoreFormPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageStores>
            <StoreFormLoader/>
        </RequirePermission>
    }
}

#[component]
fn StoreFormLoader() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i32>().ok())
    };
    match id() {
        None => view! { <CreateStoreForm/> }.into_any(),
        Some(id) => {
            let store = Resource::new(move || id, get_store);
            view! {
                <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match store.await {
                            Ok(s) => view! { <EditStoreForm store=s/> }.into_any(),
                            Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        }
                    })}
                </Suspense>
            }
            .into_any()
        }
    }
}

fn go_back_on_success<T, S>(value: S)
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, crate::error::AppError>>> + Send + Sync + 'static,
{
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            navigate("/admin/stores", Default::default());
        }
    });
}

#[component]
fn CreateStoreForm() -> impl IntoView {
    let action = ServerAction::<CreateStore>::new();
    go_back_on_success(action.value());
    let errors = field_errors(action.value());
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <Title text=crate::i18n::title(Msg::NewStore)/>
        <section class="page narrow">
            <h1>{t(Msg::NewStore)}</h1>
            <ErrorNote error/>
            <ActionForm action attr:class="stack" attr:data-testid="store-form">
                <StoreFields store=None errors/>
                <FormButtons pending=action.pending() cancel="/admin/stores"/>
            </ActionForm>
        </section>
    }
}

#[component]
fn EditStoreForm(store: StoreRow) -> impl IntoView {
    let action = ServerAction::<UpdateStore>::new();
    go_back_on_success(action.value());
    let errors = field_errors(action.value());
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let id = store.id;
    view! {
        <Title text=crate::i18n::title(Msg::EditStore)/>
        <section class="page narrow">
            <h1>{t(Msg::EditStore)}</h1>
            <ErrorNote error/>
            <ActionForm action attr:class="stack" attr:data-testid="store-form">
                <input type="hidden" name="id" value=id/>
                <StoreFields store=Some(store) errors/>
                <FormButtons pending=action.pending() cancel="/admin/stores"/>
            </ActionForm>
        </section>
    }
}

#[component]
fn StoreFields(store: Option<StoreRow>, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let s = store.unwrap_or(StoreRow {
        id: 0,
        name: String::new(),
        city: String::new(),
        address: String::new(),
        phone: String::new(),
        time_zone: Zone::default().iana().into(),
        active: true,
        staff_count: 0,
    });
    let zones: Vec<(String, String)> = Zone::ALL
        .iter()
        .map(|z| (z.iana().to_string(), z.iana().to_string()))
        .collect();
    view! {
        <Field label=Msg::StoreName name="input[name]" field="name" value=s.name errors/>
        <Field label=Msg::City name="input[city]" field="city" value=s.city errors/>
        <Field label=Msg::Address name="input[address]" field="address" value=s.address errors/>
        <Field label=Msg::Phone name="input[phone]" field="phone" value=s.phone kind="tel" errors/>
        <SelectField label=Msg::TimeZone name="input[time_zone]" field="time_zone" options=zones selected=s.time_zone errors/>
    }
}
