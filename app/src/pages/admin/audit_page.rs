//! The audit log (审计日志): who did what to which record, and each field before → after, in
//! the reader's words. The server renders the words (`i18n::audit`), so the page only lays
//! them out and refetches when the language changes.

use crate::api::admin::list_audit;
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{AuditFilter, AuditLine, PageReq};
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const PATH: &str = "/admin/audit";

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ReadAudit>
            <AuditList/>
        </RequirePermission>
    }
}

/// A filter's choices: "any", then (value, label) pairs, the chosen one selected.
fn choices(any: AdminMsg, options: Vec<(String, String)>, chosen: String) -> impl IntoView {
    view! {
        <option value="">{t(any)}</option>
        {options.into_iter().map(|(value, label)| {
            let selected = value == chosen;
            view! { <option value=value selected=selected>{label}</option> }
        }).collect_view()}
    }
}

#[component]
fn AuditList() -> impl IntoView {
    let q = use_query_map();
    let i18n = use_i18n();
    let state = Memo::new(move |_| {
        q.with(|m| {
            let filter = AuditFilter {
                action: m.get("action").unwrap_or_default(),
                actor: m.get("actor").unwrap_or_default(),
                entity: m.get("entity").unwrap_or_default(),
                from: m.get("from").unwrap_or_default(),
                to: m.get("to").unwrap_or_default(),
            };
            // Newest first unless asked otherwise.
            let dir = m.get("dir").unwrap_or_else(|| "desc".into());
            let mut req =
                PageReq::from_query(m.get("page").as_deref(), Some("at"), Some(dir.as_str()));
            req.per_page = 50;
            (filter, req)
        })
    });
    // The words come from the server in the reader's language: a switch fetches them again.
    let data = Resource::new(
        move || (state.get(), i18n.lang()),
        |((f, r), _)| list_audit(f, r),
    );
    let value = move |f: fn(&AuditFilter) -> String| move || state.with(|s| f(&s.0));
    view! {
        <Title text=crate::i18n::title(Msg::NavAudit)/>
        <section class="page">
            <h1>{t(Msg::NavAudit)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (f, r) = state.get_untracked();
                    let filters = vec![
                        ("action", f.action.clone()),
                        ("actor", f.actor.clone()),
                        ("entity", f.entity.clone()),
                        ("from", f.from.clone()),
                        ("to", f.to.clone()),
                    ];
                    let mut keep = filters.clone();
                    keep.push(("dir", if r.desc { String::new() } else { "asc".into() }));
                    let current = ("at".to_string(), r.desc);
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(audit) => {
                            let page = audit.rows;
                            let pages = page.pages();
                            let zone = use_zone();
                            view! {
                                <Form method="GET" action="" attr:class="filters">
                                    <div class="field"><label for="a-action">{t(Msg::What)}</label>
                                        <select id="a-action" name="action">{choices(AdminMsg::AnyAction, audit.actions, f.action.clone())}</select></div>
                                    <div class="field"><label for="a-actor">{t(Msg::Who)}</label><input id="a-actor" name="actor" value=value(|f| f.actor.clone())/></div>
                                    <div class="field"><label for="a-entity">{t(AdminMsg::Target)}</label>
                                        <select id="a-entity" name="entity">{choices(AdminMsg::AnyTarget, audit.entities, f.entity.clone())}</select></div>
                                    <div class="field"><label for="a-from">{t(Msg::DateFrom)}</label><input id="a-from" type="date" name="from" value=value(|f| f.from.clone())/></div>
                                    <div class="field"><label for="a-to">{t(Msg::DateTo)}</label><input id="a-to" type="date" name="to" value=value(|f| f.to.clone())/></div>
                                    <button type="submit" class="btn">{t(AdminMsg::Filter)}</button>
                                </Form>
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="audit-table">
                                    <thead>
                                        <tr>
                                            <AuditTimeTh current filters=filters.clone()/>
                                            <th>{t(Msg::Who)}</th>
                                            <th>{t(Msg::What)}</th>
                                            <th>{t(AdminMsg::Target)}</th>
                                            <th>{t(Msg::Details)}</th>
                                            <th>{t(AdminMsg::Where)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="6"><crate::components::empty_state::EmptyState text=t(AdminMsg::EmptyAudit)/></td></tr> })}
                                        {page.items.into_iter().map(|a| {
                                            let target = match a.record_link {
                                                Some(href) => view! { <A href=href>{a.record_text}</A> }.into_any(),
                                                None => a.record_text.into_any(),
                                            };
                                            let ip = if a.ip.is_empty() { "—".to_string() } else { a.ip };
                                            view! {
                                                <tr data-action=a.action>
                                                    <td data-label=t(Msg::When)>{zone.format(a.at)}</td>
                                                    <td data-label=t(Msg::Who)>{a.actor_name}</td>
                                                    <td data-label=t(Msg::What)>{a.action_text}</td>
                                                    <td data-label=t(AdminMsg::Target)>{target}</td>
                                                    <td data-label=t(Msg::Details)><Details lines=a.details/></td>
                                                    <td data-label=t(AdminMsg::Where)>{ip}</td>
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

/// An entry's fields as labelled lines: `label：before → after` for a change, else the value.
#[component]
fn Details(lines: Vec<AuditLine>) -> impl IntoView {
    view! {
        <dl class="audit-details">
            {lines.into_iter().map(|d| view! {
                <div class="audit-detail" data-field=d.field>
                    <dt>{d.label}</dt>
                    <dd>{match (d.before, d.after) {
                        (Some(b), Some(a)) => view! {
                            <del class="before" aria-label=t(AdminMsg::Before)>{b}</del>
                            " → "
                            <ins class="after" aria-label=t(AdminMsg::After)>{a}</ins>
                        }.into_any(),
                        (b, a) => a.or(b).unwrap_or_default().into_any(),
                    }}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// The time column: newest first by default, so "ascending" is the explicit `dir=asc`.
#[component]
fn AuditTimeTh(current: (String, bool), filters: Vec<(&'static str, String)>) -> impl IntoView {
    let desc = current.1;
    let mut keep = filters;
    keep.push(("dir", if desc { "asc".into() } else { String::new() }));
    let link = crate::components::query::href(PATH, &keep);
    view! {
        <th aria-sort=if desc { "descending" } else { "ascending" }>
            <A href=link attr:class="sort">{t(Msg::When)}{if desc { " ▼" } else { " ▲" }}</A>
        </th>
    }
}
