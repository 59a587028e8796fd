use crate::api::admin::{list_dictionary, CreateDictEntry, SetDictActive, UpdateDictEntry};
use crate::components::error_note::ErrorNote;
use crate::components::field::{field_errors, CheckField, Field};
use crate::components::query::href;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::domain::validate::{dictionary_msg, DICTIONARY_KINDS};
use crate::i18n::{t, Msg};
use crate::model::DictEntry;
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/admin/dictionaries";

#[component]
pub fn DictionariesPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageDictionaries>
            <Dictionaries/>
        </RequirePermission>
    }
}

#[component]
fn Dictionaries() -> impl IntoView {
    let q = use_query_map();
    let kind = Memo::new(move |_| {
        q.with(|m| m.get("kind"))
            .filter(|k| DICTIONARY_KINDS.contains(&k.as_str()))
            .unwrap_or_else(|| DICTIONARY_KINDS[0].to_string())
    });
    let editing = Memo::new(move |_| {
        q.with(|m| m.get("edit"))
            .and_then(|e| e.parse::<i32>().ok())
    });
    let create = ServerAction::<CreateDictEntry>::new();
    let update = ServerAction::<UpdateDictEntry>::new();
    let toggle = ServerAction::<SetDictActive>::new();
    let entries = Resource::new(
        move || {
            (
                kind.get(),
                create.version().get(),
                update.version().get(),
                toggle.version().get(),
            )
        },
        |(k, ..)| list_dictionary(k),
    );
    let error = Signal::derive(move || {
        toggle
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| create.value().get().and_then(|r| r.err()))
            .or_else(|| update.value().get().and_then(|r| r.err()))
    });
    let create_errors = field_errors(create.value());
    let update_errors = field_errors(update.value());
    // A fresh, empty form after each successful creation.
    let create_form_key = Memo::new(move |_| create.version().get());
    view! {
        <Title text=crate::i18n::title(Msg::NavDictionaries)/>
        <section class="page">
            <h1>{t(Msg::NavDictionaries)}</h1>
            <nav class="tabs" aria-label="dictionaries">
                {DICTIONARY_KINDS.iter().map(|k| {
                    let selected = move || kind.get() == *k;
                    view! {
                        <A href=href(PATH, &[("kind", k.to_string())]) attr:class="tab" attr:aria-selected=move || selected().to_string()>
                            {t(dictionary_msg(k))}
                        </A>
                    }
                }).collect_view()}
            </nav>
            <ErrorNote error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let k = kind.get_untracked();
                    let is_material = k == "material";
                    let edit_id = editing.get_untracked();
                    let list: Vec<DictEntry> = entries.await.unwrap_or_default();
                    let being_edited = list.iter().find(|e| Some(e.id) == edit_id).cloned();
                    view! {
                        <div class="table-wrap"><table class="table cards-on-phone" data-testid="dict-table">
                            <thead>
                                <tr>
                                    <th>{t(Msg::SortOrder)}</th>
                                    <th>{t(Msg::Code)}</th>
                                    <th>{t(Msg::LabelZh)}</th>
                                    <th>{t(Msg::LabelEn)}</th>
                                    {is_material.then(|| view! { <th>{t(AdminMsg::ByWeight)}</th> })}
                                    <th>{t(Msg::Status)}</th>
                                    <th>{t(Msg::Actions)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.is_empty().then(|| view! { <tr class="empty-row"><td colspan="7"><crate::components::empty_state::EmptyState text=t(AdminMsg::EmptyDictionary)/></td></tr> })}
                                {list.into_iter().map(|e| {
                                    let edit = href(PATH, &[("kind", e.kind.clone()), ("edit", e.id.to_string())]);
                                    view! {
                                        <tr class:inactive=!e.active>
                                            <td data-label=t(Msg::SortOrder)>{e.sort_order}</td>
                                            <td data-label=t(Msg::Code)>{e.code.clone()}</td>
                                            <td data-label=t(Msg::LabelZh)>{e.label_zh.clone()}</td>
                                            <td data-label=t(Msg::LabelEn)>{e.label_en.clone()}</td>
                                            {is_material.then(|| view! { <td data-label=t(AdminMsg::ByWeight)>{if e.by_weight { t(Msg::Yes) } else { t(Msg::No) }}</td> })}
                                            <td data-label=t(Msg::Status)>{if e.active { t(AdminMsg::Active) } else { t(AdminMsg::Inactive) }}</td>
                                            <td class="actions">
                                                <A href=edit attr:class="btn">{t(AdminMsg::Edit)}</A>
                                                <ActionForm action=toggle attr:class="inline">
                                                    <input type="hidden" name="id" value=e.id/>
                                                    <input type="hidden" name="active" value=(!e.active).to_string()/>
                                                    <button type="submit" class="btn">{if e.active { t(AdminMsg::Deactivate) } else { t(AdminMsg::Activate) }}</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                        {match being_edited {
                            Some(e) => view! {
                                <h2>{t(AdminMsg::Edit)}" · "{e.code.clone()}</h2>
                                <ActionForm action=update attr:class="stack" attr:data-testid="dict-edit-form">
                                    <input type="hidden" name="id" value=e.id/>
                                    <input type="hidden" name="input[kind]" value=e.kind.clone()/>
                                    <Field label=Msg::Code name="input[code]" field="code" value=e.code.clone() errors=update_errors/>
                                    <Field label=Msg::LabelZh name="input[label_zh]" field="label_zh" value=e.label_zh.clone() errors=update_errors/>
                                    <Field label=Msg::LabelEn name="input[label_en]" field="label_en" value=e.label_en.clone() errors=update_errors/>
                                    <Field label=Msg::SortOrder name="input[sort_order]" field="sort_order" value=e.sort_order.to_string() kind="number" errors=update_errors/>
                                    {is_material.then(|| view! { <CheckField label=Msg::PricedByWeight name="input[by_weight]" field="by_weight" checked=e.by_weight errors=update_errors/> })}
                                    <div class="form-buttons">
                                        <button type="submit" class="btn btn-primary">{t(Msg::Save)}</button>
                                        <A href=href(PATH, &[("kind", e.kind.clone())]) attr:class="btn">{t(Msg::Cancel)}</A>
                                    </div>
                                </ActionForm>
                            }.into_any(),
                            None => view! {
                                <h2>{t(AdminMsg::NewEntry)}</h2>
                                {move || { create_form_key.track(); let k = k.clone(); view! {
                                <ActionForm action=create attr:class="stack" attr:data-testid="dict-new-form">
                                    <input type="hidden" name="input[kind]" value=k/>
                                    <Field label=Msg::Code name="input[code]" field="code" errors=create_errors/>
                                    <Field label=Msg::LabelZh name="input[label_zh]" field="label_zh" errors=create_errors/>
                                    <Field label=Msg::LabelEn name="input[label_en]" field="label_en" errors=create_errors/>
                                    <Field label=Msg::SortOrder name="input[sort_order]" field="sort_order" value="0" kind="number" errors=create_errors/>
                                    {is_material.then(|| view! { <CheckField label=Msg::PricedByWeight name="input[by_weight]" field="by_weight" checked=false errors=create_errors/> })}
                                    <button type="submit" class="btn btn-primary">{t(Msg::Add)}</button>
                                </ActionForm> } }}
                            }.into_any(),
                        }}
                    }
                })}
            </Transition>
        </section>
    }
}
