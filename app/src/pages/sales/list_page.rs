//! `/sales`: sales by role (own, store, all), filtered by status, approval and receipt number or
//! customer; paged and sortable, the state in the URL. Managers open the approval queue with
//! `?approval=pending` (it follows live updates). `开单` starts a new draft.

use crate::api::sales::{list_sales, sales_totals, NewSale};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_user;
use crate::components::layout::use_zone;
use crate::components::live::use_live_tick;
use crate::components::pager::Pager;
use crate::components::query::href;
use crate::components::sort_header::SortTh;
use crate::components::store_select::{sees_all_stores, StoreSelect};
use crate::domain::policy::{allows, Permission};
use crate::domain::sale::{cny, Approval, SaleStatus};
use crate::i18n::{fill, t, use_i18n, Msg};
use crate::model::{PageReq, SaleFilter};
use crate::pages::sales::msg::SalesMsg;
use crate::pages::sales::sale_page::status_msg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_query_map};

const PATH: &str = "/sales";

#[component]
pub fn SalesPage() -> impl IntoView {
    let user = use_user();
    let readable = user.as_ref().is_some_and(|u| {
        allows(u.role, Permission::UseWorkspace) || allows(u.role, Permission::ReadStore)
    });
    if !readable {
        return view! { <crate::components::require_role::Forbidden/> }.into_any();
    }
    let sells = user
        .as_ref()
        .is_some_and(|u| allows(u.role, Permission::UseWorkspace));
    let q = use_query_map();
    let state = Memo::new(move |_| {
        q.with(|m| {
            let g = |k: &str| m.get(k).unwrap_or_default();
            let dir = m.get("dir").unwrap_or_else(|| "desc".into());
            (
                SaleFilter {
                    status: g("status"),
                    approval: g("approval"),
                    q: g("q"),
                    store_id: g("store").parse().ok(),
                    from: g("from"),
                    to: g("to"),
                },
                PageReq::from_query(
                    m.get("page").as_deref(),
                    m.get("sort").as_deref(),
                    Some(dir.as_str()),
                ),
            )
        })
    });
    // Head office compares stores: a store column and a store filter.
    let chain = sees_all_stores(&user);
    // A range that is not one is named by its field as soon as the URL carries it.
    let range_errors = Memo::new(move |_| state.get().0.check().err().unwrap_or_default());
    let field_error = move |field: &'static str| {
        move || {
            range_errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <span class="field-error" data-testid=format!("sl-{field}-err")>{t(e.msg)}</span> })
        }
    };
    let tick = use_live_tick();
    let data = Resource::new(
        move || (state.get(), tick.get()),
        |((f, r), _)| list_sales(f, r),
    );
    let totals = Resource::new(
        move || (state.get().0, tick.get()),
        |(f, _)| sales_totals(f),
    );
    let new_sale = ServerAction::<NewSale>::new();
    let serving = Resource::new(
        move || tick.get(),
        |_| crate::api::reservations::serving_now(),
    );
    let i18n = use_i18n();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = new_sale.value().get() {
            navigate(&format!("/sales/{id}"), Default::default());
        }
    });
    let new_error = Signal::derive(move || new_sale.value().get().and_then(|r| r.err()));
    let value = move |k: &'static str| move || q.with(|m| m.get(k).unwrap_or_default());
    view! {
        <Title text=crate::i18n::title(Msg::NavSales)/>
        <section class="page">
            <div class="page-head">
                <h1>{t(Msg::NavSales)}</h1>
                {sells.then(|| view! {
                    // While serving a customer, 开单 is her sale (linked to her visit); a blank
                    // sale stays one tap away.
                    <Transition>
                        {move || Suspend::new(async move {
                            match serving.await.ok().flatten() {
                                Some(name) => view! {
                                    <ActionForm action=new_sale attr:class="inline">
                                        <input type="hidden" name="serving" value="true"/>
                                        <button type="submit" class="btn btn-primary" data-testid="new-sale-serving">
                                            {move || fill(SalesMsg::NewSaleFor.text(i18n.lang()), &[("name", name.clone())])}
                                        </button>
                                    </ActionForm>
                                    <ActionForm action=new_sale attr:class="inline">
                                        <button type="submit" class="btn" data-testid="new-sale">{t(SalesMsg::BlankSale)}</button>
                                    </ActionForm>
                                }.into_any(),
                                None => view! {
                                    <ActionForm action=new_sale attr:class="inline">
                                        <button type="submit" class="btn btn-primary" data-testid="new-sale">{t(Msg::NewSale)}</button>
                                    </ActionForm>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                })}
            </div>
            <ErrorNote error=new_error/>
            <Form method="GET" action=PATH attr:class="filters inline-group">
                <label for="sl-q">{t(SalesMsg::SaleSearch)}</label>
                <input id="sl-q" name="q" prop:value=value("q")/>
                <label for="sl-status">{t(Msg::Status)}</label>
                <select id="sl-status" name="status">
                    <option value="">{t(Msg::AnyStatus)}</option>
                    {SaleStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || value("status")() == s.as_str()>{t(status_msg(s))}</option>
                    }).collect_view()}
                </select>
                {chain.then(|| view! { <StoreSelect id="sl-store" testid="sales-store"/> })}
                <label for="sl-from">{t(SalesMsg::BusinessDayFrom)}</label>
                <input id="sl-from" type="date" name="from" prop:value=value("from")
                    aria-invalid=move || range_errors.get().iter().any(|e| e.field == "from").then_some("true")/>
                {field_error("from")}
                <label for="sl-to">{t(SalesMsg::BusinessDayTo)}</label>
                <input id="sl-to" type="date" name="to" prop:value=value("to")
                    aria-invalid=move || range_errors.get().iter().any(|e| e.field == "to").then_some("true")/>
                {field_error("to")}
                <label class="check"><input type="checkbox" name="approval" value="pending" prop:checked=move || value("approval")() == "pending"/>{t(Msg::ApprovalQueue)}</label>
                <button type="submit" class="btn">{t(Msg::Search)}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (f, r) = state.get_untracked();
                    let current = (r.sort.clone(), r.desc);
                    let keep = f.pairs();
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(page) => {
                            let pages = page.pages();
                            let mut keep_all = keep.clone();
                            keep_all.push(("sort", r.sort.clone()));
                            keep_all.push(("dir", if r.desc { "desc".to_string() } else { "asc".to_string() }));
                            view! {
                                <div class="table-wrap"><table class="table cards-below-desktop" data-testid="sales-table">
                                    <thead>
                                        <tr>
                                            <SortTh label=Msg::Receipt column="receipt" path=PATH current=current.clone() keep=keep.clone()/>
                                            <SortTh label=Msg::CreatedAt column="created" path=PATH current=current.clone() keep=keep.clone()/>
                                            {chain.then(|| view! { <th>{t(Msg::ExperienceStore)}</th> })}
                                            <th>{t(Msg::Customer)}</th>
                                            <th>{t(Msg::Consultant)}</th>
                                            <SortTh label=Msg::AmountDue column="total" path=PATH current=current.clone() keep=keep.clone()/>
                                            <th>{t(Msg::Status)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="8"><crate::components::empty_state::EmptyState text=t(SalesMsg::EmptySales)/></td></tr> })}
                                        {page.items.into_iter().map(|s| {
                                            let link = format!("/sales/{}", s.id);
                                            let partly = s.partly_returned();
                                            let label = s.receipt_no.clone().unwrap_or_else(|| format!("#{}", s.id));
                                            view! {
                                                <tr>
                                                    <td data-label=t(Msg::Receipt)><A href=link>{label}</A></td>
                                                    <td data-label=t(Msg::CreatedAt)>{use_zone().format(s.created_at)}</td>
                                                    {chain.then(|| view! { <td data-label=t(Msg::ExperienceStore) data-testid="sale-row-store">{s.store_name.clone()}</td> })}
                                                    <td data-label=t(Msg::Customer)>{s.customer_name}" "<span class="muted">{s.customer_mobile}</span></td>
                                                    <td data-label=t(Msg::Consultant)>{s.consultant_name}</td>
                                                    <td data-label=t(Msg::AmountDue) class="num" data-testid="sale-amount">
                                                        {cny(s.total)}
                                                        {(s.net != s.total).then(|| view! { <div class="muted">{t(SalesMsg::NetAfterReturns)}" "{cny(s.net)}</div> })}
                                                    </td>
                                                    <td data-label=t(Msg::Status) data-testid="sale-row-status">
                                                        <span class=format!("state-tag tone-{}", crate::domain::sale::sale_tone(s.status, partly))>
                                                            {if partly { t(SalesMsg::SalePartlyReturned).into_any() } else { t(status_msg(s.status)).into_any() }}
                                                        </span>
                                                        {(s.approval == Approval::Pending).then(|| view! { " · "<strong>{t(SalesMsg::ApprovalPending)}</strong> })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager page=page.page pages total=page.total path=PATH keep=keep_all/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    totals.await.ok().map(|x| view! {
                        <dl class="list-totals" data-testid="sales-totals">
                            <div><dt>{t(SalesMsg::SalesCount)}</dt><dd data-testid="totals-count">{x.completed}</dd></div>
                            <div><dt>{t(SalesMsg::Revenue)}</dt><dd class="num" data-testid="totals-amount">{cny(x.amount)}</dd></div>
                            <div><dt>{t(SalesMsg::RefundsTotal)}</dt><dd class="num" data-testid="totals-refunded">{cny(x.refunded)}</dd></div>
                            <div><dt>{t(SalesMsg::NetAfterReturns)}</dt><dd class="num" data-testid="totals-net">{cny(x.net)}</dd></div>
                        </dl>
                    })
                })}
            </Transition>
            <p><A href=href("/sales/gold", &[])>{t(Msg::GoldPrices)}</A></p>
        </section>
    }
    .into_any()
}
