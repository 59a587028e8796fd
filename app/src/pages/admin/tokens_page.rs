//! `/admin/tokens`: the ERP's API tokens. A new token is shown once, right after it is made;
//! the list shows who made each one, when it was last used, and revokes it.

use crate::api::admin::{list_tokens, CreateToken, RevokeToken};
use crate::components::error_note::ErrorNote;
use crate::components::field::{field_errors, Field};
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::components::sort_header::SortTh;
use crate::domain::policy::Permission;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::PageReq;
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/admin/tokens";

#[component]
pub fn TokensPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageApiTokens>
            <Tokens/>
        </RequirePermission>
    }
}

#[component]
fn Tokens() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map();
    let req = Memo::new(move |_| {
        q.with(|m| {
            PageReq::from_query(
                m.get("page").as_deref(),
                m.get("sort").as_deref(),
                m.get("dir").as_deref(),
            )
        })
    });
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let data = Resource::new(
        move || (req.get(), create.version().get(), revoke.version().get()),
        |(r, ..)| list_tokens(r),
    );
    let errors = field_errors(create.value());
    let error = Signal::derive(move || {
        revoke
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| match create.value().get() {
                Some(Err(e)) if e.field_errors().is_empty() => Some(e),
                _ => None,
            })
    });
    let new_token = move || create.value().get().and_then(|r| r.ok());
    let form_key = Memo::new(move |_| create.version().get());
    view! {
        <Title text=crate::i18n::title(Msg::NavApiTokens)/>
        <section class="page">
            <h1>{t(Msg::NavApiTokens)}</h1>
            <p class="muted">{t(AdminMsg::ApiTokensIntro)}</p>
            <ErrorNote error/>
            {move || new_token().map(|token| view! {
                <div class="notice notice-ok" role="status" data-testid="new-token">
                    <p>{t(AdminMsg::TokenShownOnce)}</p>
                    <input class="token-value" readonly value=token aria-label=t(Msg::NavApiTokens)
                        on:focus=|ev| {
                            #[cfg(feature = "hydrate")]
                            {
                                use wasm_bindgen::JsCast;
                                if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    i.select();
                                }
                            }
                            #[cfg(not(feature = "hydrate"))]
                            let _ = ev;
                        }/>
                </div>
            })}
            <h2>{t(AdminMsg::NewToken)}</h2>
            {move || { form_key.track(); view! {
                <ActionForm action=create attr:class="stack inline-form" attr:data-testid="token-form">
                    <Field label=Msg::TokenName name="name" field="name" errors/>
                    <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>{t(AdminMsg::NewToken)}</button>
                </ActionForm>
            } }}
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let r = req.get_untracked();
                    let current = (r.sort.clone(), r.desc);
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(page) => {
                            let pages = page.pages();
                            let keep = vec![("sort", r.sort.clone()), ("dir", if r.desc { "desc".to_string() } else { String::new() })];
                            view! {
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="tokens-table">
                                    <thead>
                                        <tr>
                                            <SortTh label=Msg::TokenName column="name" path=PATH current=current.clone() keep=vec![]/>
                                            <SortTh label=Msg::CreatedAt column="created" path=PATH current=current.clone() keep=vec![]/>
                                            <SortTh label=Msg::LastUsed column="last_used" path=PATH current=current.clone() keep=vec![]/>
                                            <th>{t(Msg::Status)}</th>
                                            <th>{t(Msg::Actions)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="5"><crate::components::empty_state::EmptyState text=t(AdminMsg::EmptyTokens)/></td></tr> })}
                                        {page.items.into_iter().map(|tk| {
                                            let revoked = tk.revoked_at.is_some();
                                            let created = format!("{} · {}", use_zone().format(tk.created_at), tk.created_by);
                                            let used = tk.last_used_at.map(|at| use_zone().format(at));
                                            view! {
                                                <tr class:inactive=revoked>
                                                    <td data-label=t(Msg::TokenName)>{tk.name.clone()}</td>
                                                    <td data-label=t(Msg::CreatedAt)>{created}</td>
                                                    <td data-label=t(Msg::LastUsed)>{match used { Some(u) => u.into_any(), None => view! { <span class="muted">{t(AdminMsg::NeverUsed)}</span> }.into_any() }}</td>
                                                    <td data-label=t(Msg::Status)>{match tk.revoked_at {
                                                        Some(at) => format!("{} {}", AdminMsg::Revoked.text(i18n.0.get_untracked()), use_zone().format(at)).into_any(),
                                                        None => t(AdminMsg::Active).into_any(),
                                                    }}</td>
                                                    <td class="actions">
                                                        {(!revoked).then(|| view! {
                                                            <ActionForm action=revoke attr:class="inline"
                                                                on:submit=move |ev| {
                                                                    #[cfg(feature = "hydrate")]
                                                                    {
                                                                        let msg = AdminMsg::ConfirmRevoke.text(i18n.0.get_untracked());
                                                                        if !window().confirm_with_message(msg).unwrap_or(false) {
                                                                            ev.prevent_default();
                                                                        }
                                                                    }
                                                                    #[cfg(not(feature = "hydrate"))]
                                                                    let _ = ev;
                                                                }>
                                                                <input type="hidden" name="id" value=tk.id/>
                                                                <button type="submit" class="btn btn-danger">{t(AdminMsg::Revoke)}</button>
                                                            </ActionForm>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager page=page.page pages total=page.total path=PATH keep/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
