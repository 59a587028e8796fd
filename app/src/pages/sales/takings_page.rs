//! `/sales/takings?store=&day=`: the daily takings (日结) of a store and business day: sales,
//! revenue by payment method, deposits, returns and the discounts given (with who approved
//! them). The store's manager closes the day here; head office reads every store. Printable,
//! and exportable as CSV (`/sales/takings.csv`, audited).

use crate::api::sales::{load_takings, CloseDay};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_user;
use crate::components::layout::use_zone;
use crate::domain::policy::{allows, Permission};
use crate::domain::sale::cny;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::TakingsView;
use crate::pages::sales::msg::SalesMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn TakingsPage() -> impl IntoView {
    let user = use_user();
    let allowed = user.as_ref().is_some_and(|u| {
        allows(u.role, Permission::ManageSales) || allows(u.role, Permission::ReadAllStores)
    });
    if !allowed {
        return view! { <crate::components::require_role::Forbidden/> }.into_any();
    }
    let q = use_query_map();
    let args = Memo::new(move |_| {
        q.with(|m| {
            (
                m.get("store").and_then(|s| s.parse::<i32>().ok()),
                m.get("day").unwrap_or_default(),
            )
        })
    });
    let close = ServerAction::<CloseDay>::new();
    let data = Resource::new(
        move || (args.get(), close.version().get()),
        |((store, day), _)| load_takings(store, day),
    );
    let close_error = Signal::derive(move || close.value().get().and_then(|r| r.err()));
    view! {
        <Title text=crate::i18n::title(SalesMsg::Takings)/>
        <section class="page takings-page">
            <div class="page-head">
                <h1>{t(SalesMsg::Takings)}</h1>
            </div>
            <ErrorNote error=close_error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(v) => view! { <TakingsBody v close/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn TakingsBody(v: TakingsView, close: ServerAction<CloseDay>) -> impl IntoView {
    let i18n = use_i18n();
    let day = v.day.format("%Y-%m-%d").to_string();
    let csv = format!("/sales/takings.csv?store={}&day={day}", v.store_id);
    let store_id = v.store_id;
    let many_stores = v.stores.len() > 1;
    let tt = v.totals.clone();
    let sales = v.sales.clone();
    let returns = v.returns.clone();
    let day_field = day.clone();
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let msg = SalesMsg::ConfirmCloseDay.text(i18n.0.get_untracked());
            if !window().confirm_with_message(msg).unwrap_or(false) {
                ev.prevent_default();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, i18n);
    };
    view! {
        <Form method="GET" action="" attr:class="filters no-print">
            {many_stores.then(|| view! {
                <label for="t-store">{t(Msg::Store)}</label>
                <select id="t-store" name="store">
                    {v.stores.iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=*id == store_id>{name.clone()}</option>
                    }).collect_view()}
                </select>
            })}
            <label for="t-day">{t(SalesMsg::BusinessDay)}</label>
            <input id="t-day" type="date" name="day" value=day_field/>
            <button type="submit" class="btn">{t(SalesMsg::Show)}</button>
        </Form>
        <h2 data-testid="takings-head">{v.store_name.clone()}" · "{v.day.format("%Y-%m-%d").to_string()}" · "
            {match (&v.closed_by, v.closed_at) {
                (Some(by), Some(at)) => view! {
                    <span class="badge" data-testid="day-state">{t(SalesMsg::DayClosed)}</span>
                    <span class="muted">" "{t(SalesMsg::ClosedBy)}" "{by.clone()}" "{use_zone().format(at)}</span>
                }.into_any(),
                _ => view! { <span class="badge" data-testid="day-state">{t(SalesMsg::DayOpen)}</span> }.into_any(),
            }}
        </h2>
        <dl class="facts takings" data-testid="takings">
            <dt>{t(SalesMsg::SalesCount)}</dt><dd data-testid="t-sales">{tt.sales}</dd>
            <dt>{t(SalesMsg::Revenue)}</dt><dd data-testid="t-revenue">{cny(tt.revenue)}</dd>
            <dt>{t(SalesMsg::DiscountTotal)}</dt><dd data-testid="t-discounts">{cny(tt.discounts)}</dd>
            <dt>{t(SalesMsg::DepositsTaken)}</dt><dd data-testid="t-deposits-taken">{cny(tt.deposits_taken)}</dd>
            <dt>{t(SalesMsg::DepositsApplied)}</dt><dd data-testid="t-deposits-applied">{cny(tt.deposits_applied)}</dd>
            <dt>{t(SalesMsg::ReturnsCount)}</dt><dd data-testid="t-returns">{tt.returns}</dd>
            <dt>{t(SalesMsg::RefundsTotal)}</dt><dd data-testid="t-refunds">{cny(tt.refunds)}</dd>
            <dt class="grand">{t(SalesMsg::NetTakings)}</dt><dd class="grand" data-testid="t-net">{cny(tt.net)}</dd>
        </dl>
        <h3>{t(SalesMsg::ByMethod)}</h3>
        <div class="table-scroll"><table class="table" data-testid="t-by-method">
            <tbody>
                {tt.by_method.iter().map(|(m, a)| view! {
                    <tr><td>{t(m.msg())}</td><td class="num">{cny(*a)}</td></tr>
                }).collect_view()}
            </tbody>
        </table></div>
        <h3>{t(Msg::NavSales)}</h3>
        <div class="table-scroll"><table class="table" data-testid="t-sale-rows">
            <thead><tr>
                <th>{t(Msg::Receipt)}</th><th>{t(Msg::Consultant)}</th><th class="num">{t(Msg::AmountDue)}</th>
                <th class="num">{t(SalesMsg::Discount)}</th><th>{t(SalesMsg::ApprovedBy)}</th>
            </tr></thead>
            <tbody>
                {sales.into_iter().map(|s| view! {
                    <tr>
                        <td class="receipt-no"><A href=format!("/sales/{}", s.id)>{s.receipt_no.clone()}</A>
                            {s.adjustment.then(|| view! { " "<span class="badge">{t(SalesMsg::Adjustment)}</span> })}</td>
                        <td>{s.consultant.clone()}</td>
                        <td class="num">{cny(s.total)}</td>
                        <td class="num">{cny(s.discount)}</td>
                        <td>{s.approved_by.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
        {(!returns.is_empty()).then(move || view! {
            <h3>{t(SalesMsg::ReturnedOn)}</h3>
            <div class="table-scroll"><table class="table" data-testid="t-return-rows">
                <thead><tr>
                    <th>{t(Msg::Receipt)}</th><th>{t(SalesMsg::ReturnReason)}</th><th>{t(Msg::Who)}</th>
                    <th class="num">{t(SalesMsg::RefundsTotal)}</th>
                </tr></thead>
                <tbody>
                    {returns.into_iter().map(|r| view! {
                        <tr>
                            <td class="receipt-no"><A href=format!("/sales/{}", r.sale_id)>{r.receipt_no.clone()}</A>
                                {r.adjustment.then(|| view! { " "<span class="badge">{t(SalesMsg::Adjustment)}</span> })}</td>
                            <td>{r.reason.clone()}</td><td>{r.by.clone()}</td>
                            <td class="num">{cny(r.refund)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        })}
        <div class="form-buttons no-print">
            <a class="btn" href=csv download data-testid="takings-csv">{t(Msg::ExportCsv)}</a>
            <button type="button" class="btn" on:click=move |_| { let _ = window().print(); }>{t(Msg::Print)}</button>
            {v.may_close.then(|| view! {
                <ActionForm action=close attr:class="inline" on:submit=confirm>
                    <input type="hidden" name="day" value=day.clone()/>
                    <button type="submit" class="btn btn-danger" data-testid="close-day">{t(SalesMsg::CloseDay)}</button>
                </ActionForm>
            })}
        </div>
    }
}
