use crate::api::admin::list_audit;
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::i18n::{t, Msg};
use crate::model::{AuditFilter, PageReq};
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
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

#[component]
fn AuditList() -> impl IntoView {
    let q = use_query_map();
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
    let data = Resource::new(move || state.get(), |(f, r)| list_audit(f, r));
    let value = move |f: fn(&AuditFilter) -> String| move || state.with(|s| f(&s.0));
    view! {
        <Title text=crate::i18n::title(Msg::NavAudit)/>
        <section class="page">
            <h1>{t(Msg::NavAudit)}</h1>
            <Form method="GET" action="" attr:class="filters">
                <div class="field"><label for="a-action">{t(Msg::What)}</label><input id="a-action" name="action" value=value(|f| f.action.clone())/></div>
                <div class="field"><label for="a-actor">{t(Msg::Who)}</label><input id="a-actor" name="actor" value=value(|f| f.actor.clone())/></div>
                <div class="field"><label for="a-entity">{t(AdminMsg::Target)}</label><input id="a-entity" name="entity" value=value(|f| f.entity.clone())/></div>
                <div class="field"><label for="a-from">{t(Msg::DateFrom)}</label><input id="a-from" type="date" name="from" value=value(|f| f.from.clone())/></div>
                <div class="field"><label for="a-to">{t(Msg::DateTo)}</label><input id="a-to" type="date" name="to" value=value(|f| f.to.clone())/></div>
                <button type="submit" class="btn">{t(AdminMsg::Filter)}</button>
            </Form>
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
                        Ok(page) => {
                            let pages = page.pages();
                            view! {
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="audit-table">
                                    <thead>
                                        <tr>
                                            <AuditTimeTh current filters=filters.clone()/>
                                            <th>{t(Msg::Who)}</th>
                                            <th>{t(Msg::What)}</th>
                                            <th>{t(AdminMsg::Target)}</th>
                                            <th>{t(AdminMsg::Where)}</th>
                                            <th>{t(Msg::Details)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr><td colspan="6" class="muted">{t(Msg::Empty)}</td></tr> })}
                                        {page.items.into_iter().map(|a| view! {
                                            <tr>
                                                <td data-label=t(Msg::When)>{use_zone().format(a.at)}</td>
                                                <td data-label=t(Msg::Who)>{a.actor_name}</td>
                                                <td data-label=t(Msg::What)><code>{a.action}</code></td>
                                                <td data-label=t(AdminMsg::Target)>{format!("{} {}", a.entity, a.entity_id)}</td>
                                                <td data-label=t(AdminMsg::Where)>{a.ip}</td>
                                                <td data-label=t(Msg::Details) class="diff">
                                                    {a.before.map(|b| view! { <div class="before">{b}</div> })}
                                                    {a.after.map(|b| view! { <div class="after">{b}</div> })}
                                                </td>
                                            </tr>
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

/// The time column: newest first by default, so "ascending" is the explicit `dir=asc`.
#[component]
fn AuditTimeTh(current: (String, bool), filters: Vec<(&'static str, String)>) -> impl IntoView {
    let desc = current.1;
    let mut keep = filters;
    keep.push(("dir", if desc { "asc".into() } else { String::new() }));
    let link = crate::components::query::href(PATH, &keep);
    view! {
        <th aria-sort=if desc { "descending" } else { "ascending" }>
            <leptos_router::components::A href=link attr:class="sort">{t(Msg::When)}{if desc { " ▼" } else { " ▲" }}</leptos_router::components::A>
        </th>
    }
}
