use crate::api::admin::{list_staff, store_options};
use crate::components::error_note::ErrorNote;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::components::sort_header::SortTh;
use crate::domain::policy::{Permission, Role};
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{PageReq, StaffFilter};
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const PATH: &str = "/admin/staff";

#[component]
pub fn StaffPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageStaff>
            <StaffList/>
        </RequirePermission>
    }
}

#[component]
fn StaffList() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map();
    let state = Memo::new(move |_| {
        q.with(|m| {
            let filter = StaffFilter {
                q: m.get("q").unwrap_or_default(),
                store_id: m.get("store").and_then(|s| s.parse().ok()),
                role: m.get("role").and_then(|r| Role::parse(&r)),
            };
            let req = PageReq::from_query(
                m.get("page").as_deref(),
                m.get("sort").as_deref(),
                m.get("dir").as_deref(),
            );
            (filter, req)
        })
    });
    let data = Resource::new(move || state.get(), |(f, r)| list_staff(f, r));
    let stores = Resource::new(|| (), |_| store_options());
    view! {
        <Title text=crate::i18n::title(Msg::NavStaff)/>
        <section class="page">
            <div class="page-head">
                <h1>{t(Msg::NavStaff)}</h1>
                <A href="/admin/staff/new" attr:class="btn btn-primary">{t(AdminMsg::NewStaff)}</A>
            </div>
            <Form method="GET" action="" attr:class="filters">
                <div class="field">
                    <label for="staff-q">{t(Msg::Search)}</label>
                    <input id="staff-q" type="search" name="q" value=move || state.with(|s| s.0.q.clone())/>
                </div>
                <div class="field">
                    <label for="staff-store">{t(Msg::Store)}</label>
                    <select id="staff-store" name="store">
                        <option value="">{t(Msg::AllStores)}</option>
                        <Suspense>
                            {move || Suspend::new(async move {
                                let selected = state.with_untracked(|s| s.0.store_id);
                                stores.await.unwrap_or_default().into_iter().map(|o| {
                                    let is = Some(o.id) == selected;
                                    view! { <option value=o.id selected=is>{o.name}</option> }
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </div>
                <div class="field">
                    <label for="staff-role">{t(Msg::Role)}</label>
                    <select id="staff-role" name="role">
                        <option value="">"—"</option>
                        {Role::ALL.into_iter().map(|r| {
                            let is = move || state.with(|s| s.0.role == Some(r));
                            view! { <option value=r.as_str() selected=is>{t(r.msg())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn">{t(AdminMsg::Filter)}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (f, r) = state.get_untracked();
                    let filters = vec![
                        ("q", f.q.clone()),
                        ("store", f.store_id.map(|s| s.to_string()).unwrap_or_default()),
                        ("role", f.role.map(|r| r.as_str().to_string()).unwrap_or_default()),
                    ];
                    let mut keep = filters.clone();
                    keep.push(("sort", r.sort.clone()));
                    keep.push(("dir", if r.desc { "desc".into() } else { String::new() }));
                    let current = (r.sort.clone(), r.desc);
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(page) => {
                            let pages = page.pages();
                            view! {
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="staff-table">
                                    <thead>
                                        <tr>
                                            <SortTh label=Msg::Username column="username" path=PATH current=current.clone() keep=filters.clone()/>
                                            <SortTh label=Msg::DisplayName column="display_name" path=PATH current=current.clone() keep=filters.clone()/>
                                            <SortTh label=Msg::Role column="role" path=PATH current=current.clone() keep=filters.clone()/>
                                            <SortTh label=Msg::Store column="store" path=PATH current=current.clone() keep=filters.clone()/>
                                            <th>{t(AdminMsg::OnDuty)}</th>
                                            <th>{t(Msg::Status)}</th>
                                            <th>{t(Msg::Actions)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="7"><crate::components::empty_state::EmptyState text=t(AdminMsg::EmptyStaff)><a href="/admin/staff/new" class="btn">{t(AdminMsg::NewStaff)}</a></crate::components::empty_state::EmptyState></td></tr> })}
                                        {page.items.into_iter().map(|s| {
                                            let edit = format!("/admin/staff/{}", s.id);
                                            view! {
                                                <tr class:inactive=!s.active>
                                                    <td data-label=t(Msg::Username)>{s.username}</td>
                                                    <td data-label=t(Msg::DisplayName)>{s.display_name}</td>
                                                    <td data-label=t(Msg::Role)>{t(s.role.msg())}</td>
                                                    <td data-label=t(Msg::Store)>{s.store_name.unwrap_or_else(|| "—".into())}</td>
                                                    <td data-label=t(AdminMsg::OnDuty)>{if s.on_duty { "✓" } else { "" }}</td>
                                                    <td data-label=t(Msg::Status)>{move || if s.active { AdminMsg::Active.text(i18n.lang()) } else { AdminMsg::Inactive.text(i18n.lang()) }}</td>
                                                    <td class="actions"><A href=edit attr:class="btn">{t(AdminMsg::Edit)}</A></td>
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
