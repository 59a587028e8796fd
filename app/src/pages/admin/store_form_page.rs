use crate::api::admin::{get_store, CreateStore, UpdateStore};
use crate::components::error_note::ErrorNote;
use crate::components::field::{field_errors, Field, FormButtons, SelectField};
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::domain::time::Zone;
use crate::domain::validate::FieldError;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::StoreRow;
use crate::pages::admin::msg::AdminMsg;
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
        <Title text=crate::i18n::title(AdminMsg::NewStore)/>
        <section class="page narrow">
            <h1>{t(AdminMsg::NewStore)}</h1>
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
        <Title text=crate::i18n::title(AdminMsg::EditStore)/>
        <section class="page narrow">
            <h1>{t(AdminMsg::EditStore)}</h1>
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
        min_zhe: rust_decimal::Decimal::from(9),
        return_days: 7,
        opening_hours: Default::default(),
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
        <fieldset class="store-rules" data-testid="store-rules">
            <legend>{t(AdminMsg::StoreRules)}</legend>
            <Field label=Msg::MinZhe name="input[min_zhe]" field="min_zhe" value=s.min_zhe.to_string() errors/>
            <p class="hint">{t(AdminMsg::MinZheHint)}</p>
            <Field label=Msg::ReturnDaysLabel name="input[return_days]" field="return_days" value=s.return_days.to_string() errors/>
            <OpeningHoursFields hours=s.opening_hours errors/>
        </fieldset>
    }
}

/// Seven weekday rows: opening and closing time, or closed; each row's error under it.
#[component]
fn OpeningHoursFields(
    hours: crate::domain::store_rules::OpeningHours,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    use crate::domain::store_rules::WEEKDAYS;
    let i18n = use_i18n();
    let rows = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let n = i + 1;
            let field = format!("hours_{n}");
            let (open, close) = hours.0[i]
                .map(|(a, b)| (a.format("%H:%M").to_string(), b.format("%H:%M").to_string()))
                .unwrap_or_default();
            let closed = hours.0[i].is_none();
            let err = {
                let field = field.clone();
                Memo::new(move |_| crate::domain::validate::error_for(&errors.get(), &field))
            };
            view! {
                <div class="hours-row" data-testid=format!("hours-{n}") class:has-error=move || err.get().is_some()>
                    <span class="hours-day">{t(*day)}</span>
                    <label>
                        <input type="time" name=format!("input[open_{n}]") value=open
                            aria-label=move || format!("{} {}", day.text(i18n.lang()), AdminMsg::Opens.text(i18n.lang()))
                            aria-invalid=move || err.get().is_some().to_string()/>
                    </label>
                    "–"
                    <label>
                        <input type="time" name=format!("input[close_{n}]") value=close
                            aria-label=move || format!("{} {}", day.text(i18n.lang()), AdminMsg::Closes.text(i18n.lang()))
                            aria-invalid=move || err.get().is_some().to_string()/>
                    </label>
                    <label class="hours-closed">
                        <input type="checkbox" name=format!("input[closed_{n}]") value="on" checked=closed/>
                        {t(Msg::ClosedDay)}
                    </label>
                    <p class="field-error">{move || err.get().map(|m| m.text(i18n.lang()))}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="field hours">
            <span class="label">{t(AdminMsg::OpeningHours)}</span>
            {rows}
        </div>
    }
}
