use crate::domain::validate::error_for;
use crate::error::AppError;
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// The field errors of an action's last result, for [`Field`]s to show.
pub fn field_errors<T, S>(value: S) -> Signal<Vec<crate::domain::validate::FieldError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => e.field_errors().to_vec(),
        _ => Vec::new(),
    })
}

/// A labelled input with its error underneath. `name` is the form field name (e.g.
/// `input[name]`), `field` the key used in validation errors (e.g. `name`).
#[component]
pub fn Field(
    label: Msg,
    name: &'static str,
    field: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(into)] errors: Signal<Vec<crate::domain::validate::FieldError>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{field}");
    let err_id = format!("{id}-err");
    // Edited since the server named it: its message goes, so a fixed value never sits next to
    // a stale error (the next answer shows it again if it is still wrong).
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        errors.track();
        edited.set(false);
    });
    let error = Memo::new(move |_| error_for(&errors.get(), field).filter(|_| !edited.get()));
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=err_id.clone()
                on:input=move |_| edited.set(true)
            />
            <p class="field-error" id=err_id>
                {move || error.get().map(|m| m.text(i18n.lang()))}
            </p>
        </div>
    }
}

/// A labelled checkbox with its error underneath (posted as `name=on` when ticked, absent when
/// not).
#[component]
pub fn CheckField(
    label: Msg,
    name: &'static str,
    field: &'static str,
    checked: bool,
    #[prop(into)] errors: Signal<Vec<crate::domain::validate::FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{field}");
    let err_id = format!("{id}-err");
    let error = Memo::new(move |_| error_for(&errors.get(), field));
    view! {
        <div class="field checkbox" class:has-error=move || error.get().is_some()>
            <input id=id.clone() type="checkbox" name=name value="on" checked=checked aria-describedby=err_id.clone()/>
            <label for=id>{t(label)}</label>
            <p class="field-error" id=err_id>
                {move || error.get().map(|m| m.text(i18n.lang()))}
            </p>
        </div>
    }
}

/// A labelled select; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    label: Msg,
    name: &'static str,
    field: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] selected: String,
    #[prop(into)] errors: Signal<Vec<crate::domain::validate::FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{field}");
    let err_id = format!("{id}-err");
    let error = Memo::new(move |_| error_for(&errors.get(), field));
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <select id=id name=name aria-describedby=err_id.clone()>
                {move || {
                    let selected = selected.clone();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let is = v == selected;
                            view! { <option value=v selected=is>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id=err_id>
                {move || error.get().map(|m| m.text(i18n.lang()))}
            </p>
        </div>
    }
}

/// Save (disabled and relabelled while the request is under way) and cancel.
#[component]
pub fn FormButtons(pending: Memo<bool>, cancel: &'static str) -> impl IntoView {
    view! {
        <div class="form-buttons">
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                {move || if pending.get() { t(Msg::Saving)() } else { t(Msg::Save)() }}
            </button>
            <A href=cancel attr:class="btn">{t(Msg::Cancel)}</A>
        </div>
    }
}
