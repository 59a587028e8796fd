//! `/sales/gold`: today's gold price per weight-priced material (足金/AU999…). Everyone selling
//! sees it; head office sets it. A sale keeps the price it was made at.

use crate::api::sales::{gold_prices, SetGoldPrice};
use crate::components::error_note::ErrorNote;
use crate::components::field::field_errors;
use crate::components::layout::use_user;
use crate::domain::policy::{allows, Permission};
use crate::domain::sale::yuan;
use crate::i18n::{t, Msg};
use crate::pages::sales::msg::SalesMsg;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GoldPage() -> impl IntoView {
    let user = use_user();
    let may_set = user
        .as_ref()
        .is_some_and(|u| allows(u.role, Permission::SetGoldPrice));
    let set = ServerAction::<SetGoldPrice>::new();
    let data = Resource::new(move || set.version().get(), |_| gold_prices());
    let errors = field_errors(set.value());
    let error = Signal::derive(move || {
        set.value()
            .get()
            .and_then(|r| r.err())
            .filter(|e| e.field_errors().is_empty())
    });
    view! {
        <Title text=crate::i18n::title(Msg::GoldPrices)/>
        <section class="page narrow">
            <h1>{t(Msg::GoldPrices)}</h1>
            <p class="muted">{t(SalesMsg::GoldPricesIntro)}</p>
            <ErrorNote error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-wrap"><table class="table cards-on-phone" data-testid="gold-table">
                                <thead><tr><th>{t(Msg::Material)}</th><th>{t(SalesMsg::GoldPricePerGram)}</th><th>{t(SalesMsg::SetBy)}</th></tr></thead>
                                <tbody>
                                    {rows.is_empty().then(|| view! { <tr class="empty-row"><td colspan="3"><crate::components::empty_state::EmptyState text=t(SalesMsg::EmptyGold)/></td></tr> })}
                                    {rows.into_iter().map(|r| {
                                        let code = r.material.clone();
                                        view! {
                                            <tr>
                                                <td data-label=t(Msg::Material)>{r.label.clone()}" "<span class="muted">{r.material.clone()}</span></td>
                                                <td data-label=t(SalesMsg::GoldPricePerGram)>
                                                    {match r.price_per_g {
                                                        Some(p) => view! { <span data-testid=format!("gold-{code}")>{format!("¥{}/g", yuan(p))}</span> }.into_any(),
                                                        None => view! { <span class="field-error">{t(SalesMsg::GoldPriceMissing)}</span> }.into_any(),
                                                    }}
                                                    {may_set.then(|| view! {
                                                        <ActionForm action=set attr:class="inline-group">
                                                            <input type="hidden" name="material" value=code.clone()/>
                                                            <input name="price" inputmode="decimal" size="8" aria-label=t(SalesMsg::GoldPricePerGram)/>
                                                            <button type="submit" class="btn">{t(Msg::Save)}</button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                                <td data-label=t(SalesMsg::SetBy)>{r.set_by.clone()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {move || errors.get().into_iter().next().map(|e| view! { <p class="field-error" role="alert">{t(e.msg)}</p> })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
