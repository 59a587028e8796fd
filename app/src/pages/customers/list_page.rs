//! `/customers`: the customers a person serves, searched by one box (`搜索顾客`, `?q=`): any
//! part of the mobile (the last four digits), a name fragment or a member number. The search is
//! in the address (shareable, the back button works) and server-rendered; numbers are masked.

use crate::api::customers::list_customers;
use crate::components::empty_state::EmptyState;
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::components::sort_header::SortTh;
use crate::domain::customers::parse_search;
use crate::domain::policy::Permission;
use crate::i18n::{fill, t, use_i18n, Msg};
use crate::model::PageReq;
use crate::pages::customers::msg::CustomersMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/customers";

#[component]
pub fn CustomersPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ReadCustomers>
            <CustomerList/>
        </RequirePermission>
    }
}

#[component]
fn CustomerList() -> impl IntoView {
    let i18n = use_i18n();
    let qm = use_query_map();
    let text = Memo::new(move |_| qm.with(|m| m.get("q").unwrap_or_default()));
    let req = Memo::new(move |_| {
        qm.with(|m| {
            PageReq::from_query(
                m.get("page").as_deref(),
                m.get("sort").as_deref(),
                m.get("dir").as_deref(),
            )
        })
    });
    // The text is checked as the page reads it: what cannot be searched is named next to the
    // box, and nothing is asked of the server.
    let error = Memo::new(move |_| text.with(|q| parse_search(q).err()));
    let data = Resource::new(
        move || (text.get(), req.get(), error.get().is_none()),
        |(q, r, ok)| async move {
            if ok {
                list_customers(q, r).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text=crate::i18n::title(Msg::NavCustomers)/>
        <section class="page">
            <div class="page-head"><h1>{t(Msg::NavCustomers)}</h1></div>
            <Form method="GET" action="" attr:class="filters" attr:data-testid="customer-search">
                <div class="field" class:has-error=move || error.get().is_some()>
                    <label for="c-q">{t(CustomersMsg::Search)}</label>
                    <input id="c-q" name="q" type="search" autocomplete="off" placeholder=t(CustomersMsg::SearchHint)
                        aria-invalid=move || error.get().is_some().to_string() aria-describedby="c-q-err"
                        value=move || text.get() prop:value=move || text.get()/>
                    <p class="field-error" id="c-q-err" data-testid="c-q-err">{move || error.get().map(|m| m.text(i18n.lang()))}</p>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{t(Msg::Search)}</button>
                </div>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let r = req.get_untracked();
                    let q = text.get_untracked();
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(page)) => {
                            let pages = page.pages();
                            let current = (r.sort.clone(), r.desc);
                            let keep = vec![("q", q.clone())];
                            let keep_sort = vec![("q", q), ("sort", r.sort.clone()), ("dir", if r.desc { "desc".to_string() } else { String::new() })];
                            let zone = use_zone();
                            view! {
                                <p class="result-count" data-testid="customers-total">
                                    {fill(CustomersMsg::Found.text(i18n.lang()), &[("n", page.total.to_string())])}
                                </p>
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="customers-table">
                                    <thead><tr>
                                        <SortTh label=Msg::DisplayName column="name" path=PATH current=current.clone() keep=keep.clone()/>
                                        <th>{t(CustomersMsg::Mobile)}</th>
                                        <th>{t(CustomersMsg::MemberNo)}</th>
                                        <th>{t(CustomersMsg::HomeStore)}</th>
                                        <SortTh label=Msg::CreatedAt column="created" path=PATH current=current.clone() keep=keep/>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! {
                                            <tr class="empty-row"><td colspan="5"><EmptyState text=t(CustomersMsg::Empty)/></td></tr>
                                        })}
                                        {page.items.into_iter().map(|c| view! {
                                            <tr data-testid="customer-row">
                                                <td data-label=t(Msg::DisplayName)><a href=format!("/customers/{}", c.id)>{c.name}</a></td>
                                                <td data-label=t(CustomersMsg::Mobile) data-testid="customer-mobile">{c.mobile}</td>
                                                <td data-label=t(CustomersMsg::MemberNo)>{c.member_no.unwrap_or_else(|| "—".into())}</td>
                                                <td data-label=t(CustomersMsg::HomeStore)>{c.home_store}</td>
                                                <td data-label=t(Msg::CreatedAt)>{zone.format(c.created_at)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager page=page.page pages=pages total=page.total path=PATH keep=keep_sort/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
