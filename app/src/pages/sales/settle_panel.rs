//! On a reservation's page: its deposits (定金), taking a deposit, and `结算` — settling the
//! finished visit into a sale (pre-filled with the customer, the consultant and held items).

use crate::api::sales::{list_deposits, NewSale, TakeDeposit};
use crate::components::error_note::ErrorNote;
use crate::components::field::field_errors;
use crate::components::layout::use_zone;
use crate::domain::reservation::{settle, State};
use crate::domain::sale::{yuan, PaymentMethod};
use crate::i18n::{t, Msg};
use crate::model::ReservationRow;
use crate::pages::sales::msg::SalesMsg;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SettlePanel(r: ReservationRow) -> impl IntoView {
    let rid = r.id;
    let take = ServerAction::<TakeDeposit>::new();
    let new_sale = ServerAction::<NewSale>::new();
    let deposits = Resource::new(move || take.version().get(), move |_| list_deposits(rid));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = new_sale.value().get() {
            navigate(&format!("/sales/{id}"), Default::default());
        }
    });
    let errors = field_errors(take.value());
    let error = Signal::derive(move || {
        new_sale.value().get().and_then(|r| r.err()).or_else(|| {
            take.value()
                .get()
                .and_then(|r| r.err())
                .filter(|e| e.field_errors().is_empty())
        })
    });
    let settleable = settle(State {
        status: r.status,
        service: r.service,
    })
    .is_some();
    let serving = r.service == crate::domain::reservation::Service::Serving;
    let key = Memo::new(move |_| take.version().get());
    view! {
        <section class="settle" data-testid="settle-panel">
            <h2>{t(SalesMsg::Deposits)}</h2>
            <ErrorNote error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let list = deposits.await.unwrap_or_default();
                    view! {
                        <ul class="payments" data-testid="deposits">
                            {list.is_empty().then(|| view! { <li class="empty-item"><crate::components::empty_state::EmptyState text=t(SalesMsg::EmptyPayments)/></li> })}
                            {list.into_iter().map(|d| view! {
                                <li>
                                    {t(d.method.msg())}" ¥"{yuan(d.amount)}" "
                                    <span class="muted">{d.taken_by}" "{use_zone().format(d.taken_at)}</span>
                                    {d.applied_receipt.map(|no| view! { " · "{t(SalesMsg::DepositApplied)}" "{no} })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
            {move || { key.track(); view! {
                <ActionForm action=take attr:class="inline-group" attr:data-testid="deposit-form">
                    <input type="hidden" name="reservation_id" value=rid/>
                    <select name="method" aria-label=t(SalesMsg::PaymentMethod)>
                        {PaymentMethod::ALL.into_iter().filter(|m| *m != PaymentMethod::Deposit).map(|m| view! {
                            <option value=m.as_str()>{t(m.msg())}</option>
                        }).collect_view()}
                    </select>
                    <input name="amount" inputmode="decimal" size="8" aria-label=t(SalesMsg::Amount) placeholder=t(SalesMsg::Amount)/>
                    <input name="reference" size="10" aria-label=t(SalesMsg::PaymentReference) placeholder=t(SalesMsg::PaymentReference)/>
                    <button type="submit" class="btn">{t(SalesMsg::TakeDeposit)}</button>
                </ActionForm>
            } }}
            {move || errors.get().into_iter().next().map(|e| view! { <p class="field-error" role="alert">{t(e.msg)}</p> })}
            {settleable.then(|| view! {
                <ActionForm action=new_sale attr:class="inline">
                    <input type="hidden" name="reservation_id" value=rid/>
                    <button type="submit" class="btn btn-primary" data-testid="settle">
                        // Sold while serving: the sale is opened now and ends the visit.
                        {if serving { t(Msg::NewSale).into_any() } else { t(SalesMsg::Settle).into_any() }}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}
