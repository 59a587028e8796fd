//! `/customers/:id`: her file — who she is, what she spent, her visits and her purchases,
//! newest first. Only for those who may see her; the full number only for those who serve her.

use crate::api::customers::load_customer;
use crate::api::reservations::shown_msg;
use crate::components::empty_state::EmptyState;
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::domain::reservation::{shown, State};
use crate::domain::sale::{cny, sale_tone};
use crate::error::AppError;
use crate::i18n::{t, Msg};
use crate::model::CustomerFile;
use crate::pages::customers::msg::CustomersMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerFilePage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ReadCustomers>
            <FileView/>
        </RequirePermission>
    }
}

#[component]
fn FileView() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id").and_then(|s| s.parse::<i32>().ok()))
            .unwrap_or(0)
    });
    let data = Resource::new(move || id.get(), load_customer);
    view! {
        <Title text=crate::i18n::title(Msg::NavCustomers)/>
        <section class="page customer-file">
            <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => view! { <FileBody c/> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <h1>{t(Msg::NavCustomers)}</h1>
                            <EmptyState text=t(CustomersMsg::NotFound)>
                                <a href="/customers" class="btn">{t(CustomersMsg::BackToList)}</a>
                            </EmptyState>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FileBody(c: CustomerFile) -> impl IntoView {
    let zone = use_zone();
    let when = move |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|a| zone.format(a)).unwrap_or_else(|| "—".into())
    };
    let full = !c.mobile.contains('*');
    let mobile = c.mobile.clone();
    let f = c.figures.clone();
    view! {
        <div class="page-head">
            <h1 data-testid="customer-name">{c.name.clone()}</h1>
            <a href="/customers" class="btn">{t(CustomersMsg::BackToList)}</a>
        </div>
        <dl class="facts" data-testid="customer-facts">
            <dt>{t(CustomersMsg::Mobile)}</dt>
            <dd data-testid="customer-mobile">
                {if full {
                    view! { <a href=format!("tel:{mobile}")>{mobile.clone()}</a> }.into_any()
                } else {
                    view! { <span title=t(CustomersMsg::Masked)>{mobile.clone()}</span> }.into_any()
                }}
            </dd>
            <dt>{t(CustomersMsg::HomeStore)}</dt><dd>{if c.home_store.is_empty() { "—".to_string() } else { c.home_store.clone() }}</dd>
            <dt>{t(CustomersMsg::MemberNo)}</dt>
            <dd>{match (c.is_member, c.member_no.clone()) {
                (true, Some(n)) => n,
                (true, None) => CustomersMsg::Member.text(crate::i18n::use_i18n().lang()).to_string(),
                _ => CustomersMsg::NotMember.text(crate::i18n::use_i18n().lang()).to_string(),
            }}</dd>
            {(!c.email.is_empty()).then(|| view! { <dt>{t(CustomersMsg::Email)}</dt><dd>{c.email.clone()}</dd> })}
            {(!c.qq.is_empty()).then(|| view! { <dt>{t(CustomersMsg::Qq)}</dt><dd>{c.qq.clone()}</dd> })}
            <dt>{t(CustomersMsg::Since)}</dt><dd>{zone.format(c.created_at)}</dd>
        </dl>

        <h2>{t(CustomersMsg::Figures)}</h2>
        <dl class="list-totals" data-testid="customer-figures">
            <div><dt>{t(CustomersMsg::LifetimeSpend)}</dt><dd data-testid="lifetime-spend">{cny(f.lifetime_spend)}</dd></div>
            <div><dt>{t(CustomersMsg::Purchases)}</dt><dd data-testid="purchases">{f.purchases}</dd></div>
            <div><dt>{t(CustomersMsg::AverageTicket)}</dt><dd>{cny(f.average_ticket)}</dd></div>
            <div><dt>{t(CustomersMsg::FirstPurchase)}</dt><dd>{when(f.first_purchase)}</dd></div>
            <div><dt>{t(CustomersMsg::LastPurchase)}</dt><dd>{when(f.last_purchase)}</dd></div>
            <div><dt>{t(CustomersMsg::LastVisit)}</dt><dd>{when(f.last_visit)}</dd></div>
        </dl>

        <h2>{t(CustomersMsg::Sales)}</h2>
        <div class="table-wrap"><table class="table cards-on-phone" data-testid="customer-sales">
            <thead><tr>
                <th>{t(Msg::Receipt)}</th><th>{t(Msg::CreatedAt)}</th><th>{t(Msg::Store)}</th>
                <th>{t(Msg::Consultant)}</th><th>{t(Msg::AmountDue)}</th><th>{t(Msg::Status)}</th>
            </tr></thead>
            <tbody>
                {c.sales.is_empty().then(|| view! { <tr class="empty-row"><td colspan="6"><EmptyState text=t(CustomersMsg::NoSales)/></td></tr> })}
                {c.sales.into_iter().map(|s| {
                    let label = s.receipt_no.clone().unwrap_or_else(|| format!("#{}", s.id));
                    let partly = s.returned && s.status == crate::domain::sale::SaleStatus::Completed;
                    view! {
                        <tr data-testid="customer-sale">
                            <td data-label=t(Msg::Receipt)><a href=format!("/sales/{}", s.id)>{label}</a></td>
                            <td data-label=t(Msg::CreatedAt)>{zone.format(s.created_at)}</td>
                            <td data-label=t(Msg::Store)>{s.store_name}</td>
                            <td data-label=t(Msg::Consultant)>{s.consultant_name}</td>
                            <td data-label=t(Msg::AmountDue) class="num">{cny(s.total)}
                                {(s.net != s.total).then(|| view! { <div class="muted">{t(CustomersMsg::Net)}" "{cny(s.net)}</div> })}</td>
                            <td data-label=t(Msg::Status)>
                                <span class=format!("state-tag tone-{}", sale_tone(s.status, partly))>
                                    {t(crate::pages::sales::sale_page::status_msg(s.status))}
                                </span>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>

        <h2>{t(CustomersMsg::Visits)}</h2>
        <div class="table-wrap"><table class="table cards-on-phone" data-testid="customer-visits">
            <thead><tr>
                <th>{t(Msg::Number)}</th><th>{t(Msg::VisitAt)}</th><th>{t(Msg::Store)}</th>
                <th>{t(Msg::Consultant)}</th><th>{t(Msg::Status)}</th>
            </tr></thead>
            <tbody>
                {c.visits.is_empty().then(|| view! { <tr class="empty-row"><td colspan="5"><EmptyState text=t(CustomersMsg::NoVisits)/></td></tr> })}
                {c.visits.into_iter().map(|v| {
                    let s = shown(State { status: v.status, service: v.service });
                    view! {
                        <tr data-testid="customer-visit">
                            <td data-label=t(Msg::Number)><a href=format!("/reservations/{}", v.id)>{v.number}</a></td>
                            <td data-label=t(Msg::VisitAt)>{zone.format(v.visit_at)}</td>
                            <td data-label=t(Msg::Store)>{v.store_name}</td>
                            <td data-label=t(Msg::Consultant)>{v.consultant_name.unwrap_or_else(|| "—".into())}</td>
                            <td data-label=t(Msg::Status)><span class=format!("state-tag tone-{}", s.tone())>{t(shown_msg(s))}</span></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
