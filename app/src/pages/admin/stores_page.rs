use crate::api::admin::{list_stores, SetStoreActive};
use crate::components::error_note::ErrorNote;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::components::sort_header::SortTh;
use crate::domain::policy::Permission;
use crate::i18n::{t, Msg};
use crate::model::PageReq;
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/admin/stores";

#[component]
pub fn StoresPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageStores>
            <StoresList/>
        </RequirePermission>
    }
}

#[component]
fn StoresList() -> impl IntoView {
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
    let toggle = ServerAction::<SetStoreActive>::new();
    let data = Resource::new(
        move || (req.get(), toggle.version().get()),
        |(r, _)| list_stores(r),
    );
    let toggle_error = Signal::derive(move || toggle.value().get().and_then(|r| r.err()));
    view! {
        <Title text=crate::i18n::title(Msg::NavStores)/>
        <section class="page">
            <div class="page-head">
                <h1>{t(Msg::NavStores)}</h1>
                // A server-rendered page (plain forms), so a full load rather than the router.
                <a href="/admin/chain" rel="external" class="btn" data-testid="chain-link">{t(AdminMsg::ChainSettings)}</a>
                <A href="/admin/stores/new" attr:class="btn btn-primary">{t(AdminMsg::NewStore)}</A>
            </div>
            <ErrorNote error=toggle_error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let r = req.get_untracked();
                    let current = (r.sort.clone(), r.desc);
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(page) => {
                            let pages = page.pages();
                            let keep_sort = vec![("sort", r.sort.clone()), ("dir", if r.desc { "desc".to_string() } else { String::new() })];
                            view! {
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="stores-table">
                                    <thead>
                                        <tr>
                                            <SortTh label=Msg::StoreName column="name" path=PATH current=current.clone() keep=vec![]/>
                                            <SortTh label=Msg::City column="city" path=PATH current=current.clone() keep=vec![]/>
                                            <th>{t(Msg::Address)}</th>
                                            <th>{t(Msg::Phone)}</th>
                                            <SortTh label=Msg::StaffCount column="staff" path=PATH current=current.clone() keep=vec![]/>
                                            <th>{t(Msg::Status)}</th>
                                            <th>{t(Msg::Actions)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="7"><crate::components::empty_state::EmptyState text=t(AdminMsg::EmptyStores)><a href="/admin/stores/new" class="btn">{t(AdminMsg::NewStore)}</a></crate::components::empty_state::EmptyState></td></tr> })}
                                        {page.items.into_iter().map(|s| {
                                            let edit = format!("/admin/stores/{}", s.id);
                                            let active = s.active;
                                            view! {
                                                <tr class:inactive=!active>
                                                    <td data-label=t(Msg::StoreName)>{s.name}</td>
                                                    <td data-label=t(Msg::City)>{s.city}</td>
                                                    <td data-label=t(Msg::Address)>{s.address}</td>
                                                    <td data-label=t(Msg::Phone)>{s.phone}</td>
                                                    <td data-label=t(Msg::StaffCount)>{s.staff_count}</td>
                                                    <td data-label=t(Msg::Status)>{if active { t(AdminMsg::Active) } else { t(AdminMsg::Inactive) }}</td>
                                                    <td class="actions">
                                                        <A href=edit attr:class="btn">{t(AdminMsg::Edit)}</A>
                                                        <ActionForm action=toggle attr:class="inline">
                                                            <input type="hidden" name="id" value=s.id/>
                                                            <input type="hidden" name="active" value=(!active).to_string()/>
                                                            <button type="submit" class="btn">
                                                                {if active { t(AdminMsg::Deactivate) } else { t(AdminMsg::Activate) }}
                                                            </button>
                                                        </ActionForm>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager page=page.page pages total=page.total path=PATH keep=keep_sort/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
