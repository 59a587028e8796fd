use crate::api::goods::{
    category_msg, item_status_msg, load_item, FindCustomer, ReleaseItem, ReserveItem,
};
use crate::components::error_note::ErrorNote;
use crate::components::field::field_errors;
use crate::components::layout::use_zone;
use crate::components::posted::{keep_typed, posted};
use crate::domain::goods::{ItemNote, ItemStatus, Scale};
use crate::domain::mobile::{typing_error, Mobile};
use crate::domain::validate::error_for;
use crate::i18n::{fill, t, use_i18n, Lang, Msg};
use crate::model::{ItemRowView, ReserveInput};
use crate::pages::goods::msg::GoodsMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

fn code<S: Scale>(v: Option<S>) -> String {
    v.map(|g| g.code().to_string())
        .unwrap_or_else(|| "—".into())
}

/// One item: its facts, its hold, 预留 / 取消预留, and its history as a timeline.
#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or_default()
    });
    let reserve = ServerAction::<ReserveItem>::new();
    let release = ServerAction::<ReleaseItem>::new();
    // Posted without JavaScript: the outcome, and what was typed when the hold was refused.
    let typed = posted(reserve)
        .filter(|_| matches!(reserve.value().get_untracked(), Some(Err(_))))
        .map(|a| a.input);
    let typed = StoredValue::new(typed);
    let _ = posted(release);
    // The item is read again after a hold that was made, not after one that was refused: a
    // reload would redraw the form and lose what was typed next to the error.
    let held = Memo::new(move |prev: Option<&usize>| match reserve.value().get() {
        Some(Ok(())) => reserve.version().get_untracked(),
        _ => prev.copied().unwrap_or(0),
    });
    let data = Resource::new(
        move || (id.get(), held.get(), release.version().get()),
        |(id, _, _)| load_item(id),
    );
    let release_error = Signal::derive(move || release.value().get().and_then(|r| r.err()));
    view! {
        <Title text=crate::i18n::title(GoodsMsg::ItemDetails)/>
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(d) => {
                            let it = d.item.clone();
                            let item_id = it.id;
                            let reserved = it.status == ItemStatus::Reserved;
                            let in_stock = it.status == ItemStatus::InStock;
                            view! {
                                <h1>{it.name.clone()}" · "{it.barcode.clone()}</h1>
                                <Facts it=it.clone()/>
                                {(d.may_reserve && in_stock).then(|| view! { <ReserveForm item_id reserve typed=typed.get_value()/> })}
                                {(d.may_reserve && reserved).then(|| view! {
                                    <ErrorNote error=release_error/>
                                    <ActionForm action=release attr:class="inline">
                                        <input type="hidden" name="item_id" value=item_id/>
                                        <button type="submit" class="btn" data-testid="release">{t(GoodsMsg::Release)}</button>
                                    </ActionForm>
                                })}
                                <h2>{t(GoodsMsg::ItemHistory)}</h2>
                                <ol class="timeline" data-testid="item-history">
                                    {d.history.into_iter().map(|h| view! {
                                        <li>
                                            <time>{use_zone().format(h.at)}</time>
                                            <strong>{history_label(&h.kind)}</strong>
                                            " "{h.actor_name}
                                            <span class="muted">" "{value_label(h.from_value)}{(!h.to_value.is_empty()).then_some(" → ")}{value_label(h.to_value)}" "{note_view(h.note)}</span>
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A status code in a history row in the reader's language; other values as they are.
fn value_label(v: String) -> impl IntoView {
    let i18n = use_i18n();
    move || match ItemStatus::parse(&v) {
        Some(s) => item_status_msg(s).text(i18n.lang()).to_string(),
        None => v.clone(),
    }
}

/// A history row's note in the reader's language (what the server noted), or as typed.
fn note_text(note: &str, lang: Lang) -> String {
    let sep = if lang == Lang::ZhCn { "，" } else { ", " };
    match ItemNote::decode(note) {
        ItemNote::Hold {
            until,
            new_customer,
            reservation,
            note,
        } => {
            let mut parts = vec![fill(
                GoodsMsg::NoteHoldUntil.text(lang),
                &[("day", until.format("%Y-%m-%d").to_string())],
            )];
            if new_customer {
                parts.push(GoodsMsg::NoteNewCustomer.text(lang).into());
            }
            if let Some(n) = reservation {
                parts.push(fill(GoodsMsg::NoteReservation.text(lang), &[("n", n)]));
            }
            let mut s = parts.join(sep);
            if !note.is_empty() {
                s.push_str(if lang == Lang::ZhCn { "；" } else { "; " });
                s.push_str(&note);
            }
            s
        }
        ItemNote::Sold { receipt } => fill(GoodsMsg::NoteSold.text(lang), &[("r", receipt)]),
        ItemNote::Returned { receipt, reason } => fill(
            GoodsMsg::NoteReturned.text(lang),
            &[("r", receipt), ("reason", reason)],
        ),
        ItemNote::Expired => GoodsMsg::NoteExpired.text(lang).into(),
        ItemNote::ErpImport => GoodsMsg::NoteErpImport.text(lang).into(),
        ItemNote::ErpSync { not_applied: None } => GoodsMsg::NoteErpSync.text(lang).into(),
        ItemNote::ErpSync {
            not_applied: Some(w),
        } => {
            let status = ItemStatus::parse(&w)
                .map(|s| item_status_msg(s).text(lang).to_string())
                .unwrap_or(w);
            fill(GoodsMsg::NoteErpKept.text(lang), &[("status", status)])
        }
        ItemNote::Typed(s) => s,
    }
}

fn note_view(note: String) -> impl IntoView {
    let i18n = use_i18n();
    move || note_text(&note, i18n.lang())
}

fn history_label(kind: &str) -> impl IntoView {
    let msg = match kind {
        "received" => Msg::HistReceived,
        "transfer" => Msg::HistTransfer,
        "reserve" => Msg::HistReserve,
        "release" => Msg::HistRelease,
        "expire" => Msg::HistExpire,
        "sale" => Msg::HistSale,
        "return" => Msg::HistReturn,
        "erp_update" => Msg::HistErpUpdate,
        _ => Msg::HistStatus,
    };
    t(msg)
}

#[component]
fn Facts(it: ItemRowView) -> impl IntoView {
    let i18n = use_i18n();
    let material = it.clone();
    view! {
        <dl class="facts" data-testid="item-facts">
            <dt>{t(Msg::Barcode)}</dt><dd>{it.barcode.clone()}</dd>
            <dt>{t(Msg::StyleNumber)}</dt><dd>{it.style_no.clone()}</dd>
            <dt>{t(GoodsMsg::Category)}</dt><dd>{t(category_msg(it.category))}</dd>
            <dt>{t(Msg::Material)}</dt><dd data-testid="item-material">{move || material.material_label(i18n.lang()).to_string()}</dd>
            <dt>{t(GoodsMsg::Weight)}</dt><dd>{format!("{} g", it.weight_g)}</dd>
            <dt>{t(GoodsMsg::Carat)}</dt><dd>{format!("{} ct", it.carat)}</dd>
            <dt>{t(GoodsMsg::Color)}</dt><dd>{code(it.color)}</dd>
            <dt>{t(GoodsMsg::Clarity)}</dt><dd>{code(it.clarity)}</dd>
            <dt>{t(GoodsMsg::Cut)}" / "{t(GoodsMsg::Polish)}" / "{t(GoodsMsg::Symmetry)}</dt>
            <dd>{code(it.cut)}" / "{code(it.polish)}" / "{code(it.symmetry)}</dd>
            <dt>{t(GoodsMsg::Fluorescence)}</dt><dd>{it.fluorescence.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(GoodsMsg::Certificate)}</dt><dd>{format!("{} {}", it.cert_lab, it.cert_no)}</dd>
            <dt>{t(GoodsMsg::RingSize)}</dt><dd>{it.ring.map(|r| r.to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(Msg::Price)}</dt><dd data-testid="item-price"><span data-testid="price-amount">{crate::domain::sale::cny(it.price)}</span>
                <crate::components::price_basis::PriceBasisNote basis=it.basis.clone()/></dd>
            <dt>{t(GoodsMsg::Presale)}</dt><dd>{move || if it.presale { Msg::Yes.text(i18n.lang()) } else { Msg::No.text(i18n.lang()) }}</dd>
            <dt>{t(Msg::ExperienceStore)}</dt><dd>{it.store_name.clone()}</dd>
            <dt>{t(Msg::Status)}</dt><dd data-testid="item-status">{t(item_status_msg(it.status))}</dd>
            {it.reserved_for.clone().map(|name| view! {
                <dt>{t(GoodsMsg::ReservedFor)}</dt>
                <dd data-testid="reserved-for">{name}{it.reserved_reservation.clone().map(|n| format!(" · {n}"))}
                    {it.reserved_until.map(|u| format!(" · {}", use_zone().format(u - chrono::Duration::seconds(1))))}</dd>
            })}
            {it.reserved_for_customer_of.clone().map(|store| view! {
                <dt>{t(GoodsMsg::ReservedFor)}</dt>
                <dd data-testid="reserved-for">{t(GoodsMsg::HeldForCustomerOf)}{format!("（{store}）")}
                    {it.reserved_until.map(|u| format!(" · {}", use_zone().format(u - chrono::Duration::seconds(1))))}</dd>
            })}
        </dl>
    }
}

/// 预留: find the customer by full mobile number (or give a reservation number), pick a date.
#[component]
fn ReserveForm(
    item_id: i32,
    reserve: ServerAction<ReserveItem>,
    typed: Option<ReserveInput>,
) -> impl IntoView {
    let find = ServerAction::<FindCustomer>::new();
    let typed = typed.unwrap_or_default();
    let mobile = RwSignal::new(typed.customer_mobile);
    let number = RwSignal::new(typed.reservation_number);
    let new_name = RwSignal::new(typed.new_customer_name);
    let today = use_zone().today();
    let until = RwSignal::new(if typed.until.is_empty() {
        (today + chrono::Duration::days(3))
            .format("%Y-%m-%d")
            .to_string()
    } else {
        typed.until
    });
    keep_typed(&[
        ("r-mobile", mobile),
        ("r-number", number),
        ("r-until", until),
        ("r-name", new_name),
    ]);
    // Look the customer up once the number is complete (also when it was typed before the
    // Wasm arrived, or came back from a post without it).
    let looked_up = StoredValue::new(String::new());
    Effect::new(move |_| {
        let m = mobile.get();
        if Mobile::parse(&m).is_some() && looked_up.get_value() != m {
            looked_up.set_value(m.clone());
            find.dispatch(FindCustomer { mobile: m });
        }
    });
    let customer = Memo::new(move |_| find.value().get().and_then(|r| r.ok()).flatten());
    let mobile_ok = move || Mobile::parse(&mobile.get()).is_some();
    let mobile_left = RwSignal::new(false);
    let mobile_hint = move || typing_error(&mobile.get(), mobile_left.get());
    let not_found = move || mobile_ok() && matches!(find.value().get(), Some(Ok(None)));
    // Fields edited since the last answer: their errors (and the banner) are no longer shown,
    // so a stale message never sits next to input that has been fixed.
    let edited = RwSignal::new(Vec::<&'static str>::new());
    Effect::new(move |_| {
        reserve.value().track();
        edited.set(Vec::new());
    });
    let touch = move |f: &'static str| {
        if !edited.with_untracked(|e| e.contains(&f)) {
            edited.update(|e| e.push(f));
        }
    };
    // Field errors show at their fields; anything else above the button.
    let error = Signal::derive(move || {
        reserve
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| find.value().get().and_then(|r| r.err()))
            .filter(|e| e.field_errors().is_empty())
            .filter(|_| edited.with(|e| e.is_empty()))
    });
    let errors = field_errors(reserve.value());
    let i18n = use_i18n();
    let msg_for = move |f: &'static str| {
        (!edited.with(|e| e.contains(&f)))
            .then(|| error_for(&errors.get(), f))
            .flatten()
    };
    let err = move |f: &'static str| move || msg_for(f).map(|m| m.text(i18n.lang()));
    let invalid = move |f: &'static str| move || msg_for(f).map(|_| "true");
    // The walk-in's name: asked for once the number is known to be new (or the server said so,
    // or it was typed before).
    let asks_name = move || {
        not_found()
            || !new_name.get().is_empty()
            || msg_for("customer") == Some(Msg::ErrNewCustomerName)
            || msg_for("new_customer_name").is_some()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reserve.dispatch(ReserveItem {
            input: ReserveInput {
                item_id,
                version: 0,
                customer_id: customer.get_untracked().map(|c| c.id),
                customer_mobile: mobile.get_untracked(),
                reservation_number: number.get_untracked(),
                until: until.get_untracked(),
                note: String::new(),
                new_customer_name: if customer.get_untracked().is_some() {
                    String::new()
                } else {
                    new_name.get_untracked()
                },
            },
        });
    };
    view! {
        <form class="card form reserve-form" data-testid="reserve-form" method="post" action=ReserveItem::url() on:submit=submit>
            <input type="hidden" name="input[item_id]" value=item_id/>
            <input type="hidden" name="input[version]" value="0"/>
            <h2>{t(GoodsMsg::Reserve)}</h2>
            <div class="field">
                <label for="r-mobile">{t(Msg::CustomerMobile)}</label>
                <div class="with-button">
                    <input id="r-mobile" name="input[customer_mobile]" inputmode="numeric" maxlength="13" autocomplete="off"
                        aria-invalid=invalid("customer") aria-describedby="r-mobile-error"
                        value=mobile.get_untracked() prop:value=mobile on:input=move |ev| {
                            touch("customer");
                            mobile.set(event_target_value(&ev));
                        } on:change=move |_| mobile_left.set(true)/>
                </div>
                {move || customer.get().map(|c| view! { <p class="hint ok" data-testid="reserve-customer">{c.name}" · "{c.mobile}</p> })}
                {move || (not_found() && msg_for("customer").is_none()).then(|| view! { <p class="hint" data-testid="reserve-new-customer">{t(GoodsMsg::NoSuchCustomer)}"。"{t(GoodsMsg::NewCustomerHint)}</p> })}
                <p class="field-error" id="r-mobile-error" data-testid="reserve-customer-error">{move || mobile_hint().map(|m| m.text(i18n.lang())).or_else(err("customer"))}</p>
            </div>
            <div class="field" hidden=move || !asks_name() data-testid="reserve-name-field">
                <label for="r-name">{t(GoodsMsg::NewCustomerName)}</label>
                <input id="r-name" name="input[new_customer_name]" maxlength="50" autocomplete="off"
                    aria-invalid=invalid("new_customer_name") aria-describedby="r-name-error"
                    value=new_name.get_untracked() prop:value=new_name on:input=move |ev| {
                        touch("new_customer_name");
                        touch("customer");
                        new_name.set(event_target_value(&ev));
                    }/>
                <p class="field-error" id="r-name-error">{err("new_customer_name")}</p>
            </div>
            <div class="field">
                <label for="r-number">{t(GoodsMsg::OrReservationNumber)}</label>
                <input id="r-number" name="input[reservation_number]" autocomplete="off" placeholder="YY20261124-0007"
                    aria-invalid=invalid("reservation_number")
                    value=number.get_untracked() prop:value=number on:input=move |ev| {
                        touch("reservation_number");
                        touch("customer");
                        number.set(event_target_value(&ev));
                    }/>
                <p class="field-error">{err("reservation_number")}</p>
            </div>
            <div class="field">
                <label for="r-until">{t(GoodsMsg::HoldUntil)}</label>
                <input id="r-until" name="input[until]" type="date" aria-invalid=invalid("until") aria-describedby="r-until-error"
                    value=until.get_untracked() prop:value=until on:input=move |ev| {
                        touch("until");
                        until.set(event_target_value(&ev));
                    }/>
                <p class="field-error" id="r-until-error">{err("until")}</p>
            </div>
            <ErrorNote error/>
            <button type="submit" class="btn btn-primary" disabled=move || reserve.pending().get()>{t(GoodsMsg::Reserve)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_notes_read_in_the_readers_language() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let hold = ItemNote::Hold {
            until: day,
            new_customer: true,
            reservation: Some("R1".into()),
            note: "周末来看".into(),
        }
        .encode();
        assert_eq!(
            note_text(&hold, Lang::ZhCn),
            "预留至 2026-12-10，新登记顾客，预约 R1；周末来看"
        );
        assert_eq!(
            note_text(&hold, Lang::En),
            "held until 2026-12-10, new customer registered, reservation R1; 周末来看"
        );
        let kept = ItemNote::ErpSync {
            not_applied: Some("sold".into()),
        }
        .encode();
        assert!(!note_text(&kept, Lang::ZhCn).contains("sold"));
        assert_eq!(note_text("顾客改天再来", Lang::En), "顾客改天再来");
    }
}
