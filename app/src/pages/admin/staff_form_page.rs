use crate::api::admin::{
    get_staff, store_options, CreateStaff, ResetPassword, SetStaffActive, UpdateStaff,
};
use crate::components::error_note::{ErrorNote, SuccessNote};
use crate::components::field::{field_errors, Field, FormButtons, SelectField};
use crate::components::require_role::RequirePermission;
use crate::domain::policy::{Permission, Role};
use crate::i18n::{t, use_i18n, Lang, Msg};
use crate::model::{StaffRow, StoreOption};
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn StaffFormPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageStaff>
            <StaffFormLoader/>
        </RequirePermission>
    }
}

#[component]
fn StaffFormLoader() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|s| s.parse::<i32>().ok());
    let stores = Resource::new(|| (), |_| store_options());
    let staff = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => get_staff(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let stores = stores.await.unwrap_or_default();
                match staff.await {
                    Ok(None) => view! { <CreateStaffForm stores/> }.into_any(),
                    Ok(Some(s)) => view! { <EditStaffForm staff=s stores/> }.into_any(),
                    Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn role_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        Role::ALL
            .into_iter()
            .map(|r| {
                (
                    r.as_str().to_string(),
                    r.msg().text(i18n.lang()).to_string(),
                )
            })
            .collect()
    })
}

fn store_choices(stores: Vec<StoreOption>) -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        std::iter::once((
            String::new(),
            AdminMsg::NoStore.text(i18n.lang()).to_string(),
        ))
        .chain(stores.iter().map(|s| (s.id.to_string(), s.name.clone())))
        .collect()
    })
}

#[component]
fn CreateStaffForm(stores: Vec<StoreOption>) -> impl IntoView {
    let action = ServerAction::<CreateStaff>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/admin/staff/{id}"), Default::default());
        }
    });
    let errors = field_errors(action.value());
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let langs: Vec<(String, String)> = vec![
        (Lang::ZhCn.code().into(), "中文".into()),
        (Lang::En.code().into(), "English".into()),
    ];
    view! {
        <Title text=crate::i18n::title(AdminMsg::NewStaff)/>
        <section class="page narrow">
            <h1>{t(AdminMsg::NewStaff)}</h1>
            <ErrorNote error/>
            <ActionForm action attr:class="stack" attr:data-testid="staff-form">
                <Field label=Msg::Username name="input[username]" field="username" errors autocomplete="off"/>
                <Field label=Msg::DisplayName name="input[display_name]" field="display_name" errors/>
                <SelectField label=Msg::Role name="input[role]" field="role" options=role_options() selected="consultant".to_string() errors/>
                <SelectField label=Msg::Store name="input[store_id]" field="store_id" options=store_choices(stores) errors/>
                <Field label=Msg::Password name="input[password]" field="password" kind="password" errors autocomplete="new-password"/>
                <SelectField label=Msg::Language name="input[lang]" field="lang" options=langs errors/>
                <FormButtons pending=action.pending() cancel="/admin/staff"/>
            </ActionForm>
        </section>
    }
}

#[component]
fn EditStaffForm(staff: StaffRow, stores: Vec<StoreOption>) -> impl IntoView {
    let update = ServerAction::<UpdateStaff>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let toggle = ServerAction::<SetStaffActive>::new();
    let errors = field_errors(update.value());
    let reset_errors = field_errors(reset.value());
    let active = RwSignal::new(staff.active);
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get() {
            active.update(|a| *a = !*a);
        }
    });
    let error = Signal::derive(move || {
        update
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| toggle.value().get().and_then(|r| r.err()))
    });
    let saved = Signal::derive(move || matches!(update.value().get(), Some(Ok(()))));
    let reset_done = Signal::derive(move || matches!(reset.value().get(), Some(Ok(()))));
    let reset_error = Signal::derive(move || reset.value().get().and_then(|r| r.err()));
    let id = staff.id;
    let store_id = staff.store_id.map(|s| s.to_string()).unwrap_or_default();
    view! {
        <Title text=crate::i18n::title(AdminMsg::EditStaff)/>
        <section class="page narrow">
            <h1>{t(AdminMsg::EditStaff)}" · "{staff.username.clone()}</h1>
            <ErrorNote error/>
            <SuccessNote show=saved msg=Msg::Saved/>
            <ActionForm action=update attr:class="stack" attr:data-testid="staff-form">
                <input type="hidden" name="id" value=id/>
                <Field label=Msg::DisplayName name="input[display_name]" field="display_name" value=staff.display_name.clone() errors/>
                <SelectField label=Msg::Role name="input[role]" field="role" options=role_options() selected=staff.role.as_str().to_string() errors/>
                <SelectField label=Msg::Store name="input[store_id]" field="store_id" options=store_choices(stores) selected=store_id errors/>
                <div class="field checkbox">
                    <input id="f-on_duty" type="checkbox" name="input[on_duty]" value="on" checked=staff.on_duty/>
                    <label for="f-on_duty">{t(AdminMsg::OnDuty)}</label>
                </div>
                <FormButtons pending=update.pending() cancel="/admin/staff"/>
            </ActionForm>

            <h2>{t(AdminMsg::ResetPassword)}</h2>
            <ErrorNote error=reset_error/>
            <SuccessNote show=reset_done msg=Msg::PasswordReset/>
            <ActionForm action=reset attr:class="stack" attr:data-testid="reset-form">
                <input type="hidden" name="id" value=id/>
                <Field label=Msg::NewPassword name="password" field="password" kind="password" errors=reset_errors autocomplete="new-password"/>
                <button type="submit" class="btn">{t(AdminMsg::ResetPassword)}</button>
            </ActionForm>

            <h2>{t(Msg::Status)}</h2>
            <ActionForm action=toggle attr:class="inline" attr:data-testid="active-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="active" value=move || (!active.get()).to_string()/>
                <span class="status">{move || if active.get() { t(AdminMsg::Active)() } else { t(AdminMsg::Inactive)() }}</span>
                " "
                <button type="submit" class="btn">
                    {move || if active.get() { t(AdminMsg::Deactivate)() } else { t(AdminMsg::Activate)() }}
                </button>
            </ActionForm>
        </section>
    }
}
