//! `/sales/:id`: a sale on a phone or tablet. A draft is built here (scan or type barcodes,
//! service lines, discounts, the customer), sent for approval when a discount is beyond the
//! consultant's limit, and completed with its payments; a completed sale shows its receipt.

use crate::api::sales::{
    load_sale, SaleAddItem, SaleAddService, SaleComplete, SaleDecide, SaleRemoveLine,
    SaleRequestApproval, SaleReturn, SaleSetCustomer, SaleSetDiscount, SaleVoid, SendReceiptSms,
};
use crate::components::error_note::ErrorNote;
use crate::components::field::field_errors;
use crate::components::layout::use_zone;
use crate::components::live::use_live_tick;
use crate::components::posted::{posted, restore_typed};
use crate::domain::mobile::typing_error;
use crate::domain::sale::{cny, Approval, PaymentMethod, SaleStatus};
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{PaymentInput, SaleLineView, SaleView};
use crate::pages::sales::msg::SalesMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

pub fn status_msg(s: SaleStatus) -> Msg {
    match s {
        SaleStatus::Draft => Msg::SaleDraft,
        SaleStatus::Completed => Msg::SaleCompleted,
        SaleStatus::Voided => Msg::SaleVoided,
        SaleStatus::Returned => Msg::SaleReturned,
    }
}

#[component]
pub fn SalePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or_default()
    });
    let add_item = ServerAction::<SaleAddItem>::new();
    let add_service = ServerAction::<SaleAddService>::new();
    let remove = ServerAction::<SaleRemoveLine>::new();
    let discount = ServerAction::<SaleSetDiscount>::new();
    let customer = ServerAction::<SaleSetCustomer>::new();
    let request = ServerAction::<SaleRequestApproval>::new();
    let decide = ServerAction::<SaleDecide>::new();
    let complete = ServerAction::<SaleComplete>::new();
    let void = ServerAction::<SaleVoid>::new();
    let ret = ServerAction::<SaleReturn>::new();
    let sms = ServerAction::<SendReceiptSms>::new();
    // Posted without JavaScript: each action's outcome; what a refused barcode or payment had
    // typed comes back into its form.
    let refused = |value: Option<Result<(), crate::error::AppError>>| matches!(value, Some(Err(_)));
    let barcode = posted(add_item)
        .filter(|_| refused(add_item.value().get_untracked()))
        .map(|a| a.barcode);
    let payments = posted(complete)
        .filter(|_| matches!(complete.value().get_untracked(), Some(Err(_))))
        .map(|a| a.payments);
    let _ = posted(add_service);
    let _ = posted(customer);
    let _ = posted(remove);
    let _ = posted(void);
    let _ = posted(sms);
    let typed = StoredValue::new(Typed { barcode, payments });
    let tick = use_live_tick();
    // A failed completion or return keeps the form as typed: only a success reloads the sale.
    let settled = RwSignal::new(0usize);
    Effect::new(move |_| {
        if matches!(complete.value().get(), Some(Ok(_))) {
            settled.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(ret.value().get(), Some(Ok(_))) {
            settled.update(|n| *n += 1);
        }
    });
    let data = Resource::new(
        move || {
            (
                id.get(),
                add_item.version().get()
                    + add_service.version().get()
                    + remove.version().get()
                    + discount.version().get()
                    + customer.version().get()
                    + request.version().get()
                    + decide.version().get()
                    + void.version().get()
                    + settled.get(),
                tick.get(),
            )
        },
        |(id, ..)| load_sale(id),
    );
    // The last failed action's message (field errors show at their fields).
    let error = Signal::derive(move || {
        [
            remove.value().get().and_then(|r| r.err()),
            discount
                .value()
                .get()
                .and_then(|r| r.err())
                .filter(|e| e.field_errors().is_empty()),
            request.value().get().and_then(|r| r.err()),
            decide.value().get().and_then(|r| r.err()),
            void.value().get().and_then(|r| r.err()),
            sms.value().get().and_then(|r| r.err()),
            ret.value()
                .get()
                .and_then(|r| r.err())
                .filter(|e| e.field_errors().is_empty()),
            complete
                .value()
                .get()
                .and_then(|r| r.err())
                .filter(|e| e.field_errors().is_empty()),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    // The line of the discount call in flight (what was actually sent), kept once answered.
    let last_line = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(input) = discount.input().get() {
            last_line.set(Some(input.line_id));
        }
    });
    let actions = Actions {
        add_item,
        add_service,
        remove,
        discount,
        customer,
        request,
        decide,
        complete,
        void,
        ret,
        sms,
        typed,
        last_line,
        adds_seen: StoredValue::new(0),
        return_open: RwSignal::new(false),
    };
    view! {
        <Title text=crate::i18n::title(SalesMsg::Sale)/>
        <section class="page narrow sale-page">
            <ErrorNote error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(s) => view! { <SaleBody s actions/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    add_item: ServerAction<SaleAddItem>,
    add_service: ServerAction<SaleAddService>,
    remove: ServerAction<SaleRemoveLine>,
    discount: ServerAction<SaleSetDiscount>,
    customer: ServerAction<SaleSetCustomer>,
    request: ServerAction<SaleRequestApproval>,
    decide: ServerAction<SaleDecide>,
    complete: ServerAction<SaleComplete>,
    void: ServerAction<SaleVoid>,
    ret: ServerAction<SaleReturn>,
    sms: ServerAction<SendReceiptSms>,
    typed: StoredValue<Typed>,
    /// The line whose discount was last sent (its error shows there).
    last_line: RwSignal<Option<i32>>,
    /// How many adds the barcode field has been cleared and focused for.
    adds_seen: StoredValue<usize>,
    /// Whether the return form is open: the page is drawn afresh when the sale reloads (a live
    /// update), and the form must stay as the person left it.
    return_open: RwSignal<bool>,
}

/// What a form posted without JavaScript had typed, when it was refused.
#[derive(Clone, Default)]
struct Typed {
    barcode: Option<String>,
    payments: Option<Vec<PaymentInput>>,
}

#[component]
fn SaleBody(s: SaleView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let draft = s.status == SaleStatus::Draft;
    // The manager deciding a discount reads a focused view (the lines asked about, the limit,
    // the consultant's month, one note, 批准/拒绝): the draft's edit forms are not shown then.
    let deciding = draft && s.may_approve && s.approval == Approval::Pending;
    let editable = s.may_edit && !deciding;
    let id = s.id;
    let version = s.version;
    let title = match &s.receipt_no {
        Some(no) => format!("{} {no}", Msg::Receipt.text(i18n.lang())),
        None => format!("{} #{}", SalesMsg::Sale.text(i18n.lang()), s.id),
    };
    let item_errors = field_errors(actions.add_item.value());
    let service_errors = field_errors(actions.add_service.value());
    let customer_errors = field_errors(actions.customer.value());
    let (typed_mobile, mobile_left) = (RwSignal::new(String::new()), RwSignal::new(false));
    let mobile_hint = move || {
        typing_error(&typed_mobile.get(), mobile_left.get()).map(|m| {
            view! { <p class="field-error" role="alert" data-testid="sale-mobile-hint">{t(m)}</p> }
        })
    };
    let pay_errors = field_errors(actions.complete.value());
    let err_of = |errs: Signal<Vec<crate::domain::validate::FieldError>>, f: &'static str| {
        move || {
            errs.get()
                .into_iter()
                .find(|e| e.field == f || e.field.starts_with(&format!("{f}.")))
                .map(|e| view! { <p class="field-error" role="alert">{t(e.msg)}</p> })
        }
    };
    let lines = s.lines.clone();
    let needs = s.needs_approval && s.approval != Approval::Approved;
    let partly = s.status == SaleStatus::Completed && s.lines.iter().any(|l| l.returned);
    let refunded: rust_decimal::Decimal = s.returns.iter().map(|r| r.refund).sum();
    // After each add the barcode field is empty and focused again, so the next scan of a
    // keyboard-wedge scanner (which types the code and Enter) adds the next piece.
    // The page is drawn afresh when the sale reloads after an add, so the new field takes the
    // focus once per add (not after a discount or a payment, which would pop up the keyboard).
    let barcode_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let Some(input) = barcode_ref.get() else {
            return;
        };
        let adds = actions.add_item.version().get_untracked();
        if adds != actions.adds_seen.get_value()
            && matches!(actions.add_item.value().get_untracked(), Some(Ok(())))
        {
            actions.adds_seen.set_value(adds);
            input.set_value("");
            let _ = input.focus();
        }
    });
    let limit_zhe = crate::domain::sale::percent_off_to_zhe(s.discount_limit).to_string();
    view! {
        <div class="page-head">
            <h1 data-testid="sale-title">{title}</h1>
            <span class=format!("state-tag tone-{}", crate::domain::sale::sale_tone(s.status, partly)) data-testid="sale-status">{if partly { t(SalesMsg::SalePartlyReturned).into_any() } else { t(status_msg(s.status)).into_any() }}</span>
        </div>
        <p class="muted">
            {s.store_name.clone()}" · "{t(Msg::Consultant)}" "{s.consultant_name.clone()}
            {s.reservation_number.clone().zip(s.reservation_id).map(|(n, rid)| view! { " · "{t(SalesMsg::ReservationNumber)}" "<a href=format!("/reservations/{rid}") data-testid="sale-reservation">{n}</a> })}
        </p>

        {deciding.then(|| view! { <ApprovalView s=s.clone() actions/> })}

        <h2>{t(Msg::Customer)}</h2>
        {match s.customer.clone() {
            Some(c) => view! { <p data-testid="sale-customer">{c.name}" "<span class="muted">{c.mobile}</span></p> }.into_any(),
            None => view! { <p class="muted">{t(SalesMsg::NoCustomerYet)}</p> }.into_any(),
        }}
        {(draft && editable).then(|| view! {
            <ActionForm action=actions.customer attr:class="inline-group" attr:data-testid="sale-customer-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <label for="s-mobile">{t(Msg::CustomerMobile)}</label>
                <input id="s-mobile" name="mobile" inputmode="numeric" autocomplete="off" maxlength="11"
                    on:input=move |ev| typed_mobile.set(event_target_value(&ev))
                    on:change=move |_| mobile_left.set(true)/>
                <button type="submit" class="btn">{t(SalesMsg::Choose)}</button>
            </ActionForm>
            {mobile_hint}
            {err_of(customer_errors, "mobile")}
        })}

        <h2>{t(SalesMsg::SaleLines)}</h2>
        {(draft && editable).then(|| view! {
            <ActionForm action=actions.add_item attr:class="inline-group" attr:data-testid="sale-add-item">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <label for="s-barcode">{t(Msg::Barcode)}</label>
                <input id="s-barcode" name="barcode" inputmode="text" autocomplete="off" autofocus node_ref=barcode_ref
                    enterkeyhint="done" value=actions.typed.with_value(|t| t.barcode.clone())/>
                <button type="button" class="btn scan" data-scan-into="s-barcode" hidden>{t(Msg::ScanBarcode)}</button>
                <button type="submit" class="btn btn-primary">{t(Msg::Add)}</button>
            </ActionForm>
            {err_of(item_errors, "barcode")}
        })}
        {(draft && editable).then(|| view! {
            <p class="muted" data-testid="discount-limit">{move || crate::i18n::fill(SalesMsg::LimitInZhe.text(i18n.lang()), &[("zhe", limit_zhe.clone())])}</p>
        })}
        <ul class="sale-lines" data-testid="sale-lines">
            {lines.is_empty().then(|| view! { <li class="empty-item"><crate::components::empty_state::EmptyState text=t(SalesMsg::EmptyLines)/></li> })}
            {lines.into_iter().map(|l| view! { <LineCard l id version editable=draft && editable actions/> }).collect_view()}
        </ul>
        {(draft && editable).then(|| view! {
            <details class="add-service">
                <summary>{t(SalesMsg::AddServiceLine)}</summary>
                <ActionForm action=actions.add_service attr:class="inline-group" attr:data-testid="sale-add-service">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <label for="s-svc">{t(SalesMsg::ServiceDescription)}</label>
                    <input id="s-svc" name="description" placeholder=move || SalesMsg::ServiceExample.text(i18n.lang())/>
                    <label for="s-svc-price">{t(Msg::Price)}</label>
                    <input id="s-svc-price" name="price" inputmode="decimal" size="8"/>
                    <button type="submit" class="btn">{t(Msg::Add)}</button>
                </ActionForm>
                {err_of(service_errors, "description")}
                {err_of(service_errors, "price")}
            </details>
        })}

        <dl class="totals" data-testid="sale-totals">
            <dt>{t(Msg::ListTotal)}</dt><dd>{cny(s.totals.list_total)}</dd>
            <dt>{t(SalesMsg::DiscountTotal)}</dt><dd data-testid="sale-discount">{cny(s.totals.discount_total)}</dd>
            <dt class="grand">{t(Msg::AmountDue)}</dt><dd class="grand" data-testid="sale-total">{cny(s.totals.total)}</dd>
            {(!refunded.is_zero()).then(|| view! {
                <dt>{t(SalesMsg::NetAfterReturns)}</dt><dd data-testid="sale-net">{cny(s.totals.total - refunded)}</dd>
            })}
            {(!s.deposit_available.is_zero()).then(|| view! {
                <dt>{t(SalesMsg::DepositAvailable)}</dt><dd data-testid="sale-deposit">{cny(s.deposit_available)}</dd>
            })}
        </dl>

        <ApprovalBlock s=s.clone() needs actions/>

        {(draft && editable && !needs && !s.lines.is_empty()).then(|| view! {
            <PaymentForm s=s.clone() actions pay_errors/>
        })}
        {(!draft).then(|| view! {
            <h2>{t(SalesMsg::Payments)}</h2>
            <ul class="payments" data-testid="sale-payments">
                {s.payments.iter().map(|p| {
                    let refund = p.amount.is_sign_negative();
                    view! {
                        <li class:refund=refund>
                            {refund.then(|| view! { {t(SalesMsg::Refund)}" " })}
                            {t(p.method.msg())}" "{cny(p.amount.abs())}" "<span class="muted">{p.reference.clone()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {s.completed_at.map(|at| view! { <p class="muted">{t(SalesMsg::CompletedAt)}" "{use_zone().format(at)}</p> })}
        })}
        {(!s.returns.is_empty()).then(|| view! {
            <h2>{t(SalesMsg::ReturnedOn)}</h2>
            <ul class="returns" data-testid="sale-returns">
                {s.returns.iter().map(|r| view! {
                    <li>
                        {use_zone().format(r.at)}" · "{r.by.clone()}" · "{r.lines.join("、")}
                        " · "{t(SalesMsg::Refund)}" "{cny(r.refund)}
                        <div class="muted">{t(SalesMsg::ReturnReason)}": "{r.reason.clone()}</div>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {s.receipt_no.clone().map(|_| view! {
            <div class="form-buttons">
                <a class="btn" href=format!("/sales/{id}/receipt?paper=80mm") target="_blank" data-testid="print-80">{t(SalesMsg::PrintReceipt80)}</a>
                <a class="btn" href=format!("/sales/{id}/receipt?paper=a5") target="_blank" data-testid="print-a5">{t(SalesMsg::PrintReceiptA5)}</a>
                {s.customer.is_some().then(|| view! {
                    <ActionForm action=actions.sms attr:class="inline">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="btn" data-testid="receipt-sms" disabled=move || actions.sms.pending().get()>{t(SalesMsg::SendReceiptSms)}</button>
                    </ActionForm>
                })}
            </div>
            {move || actions.sms.value().get().and_then(|r| r.ok()).map(|_| view! { <p class="notice-ok" role="status">{t(SalesMsg::ReceiptSmsQueued)}</p> })}
        })}
        {s.return_until.filter(|_| s.status == SaleStatus::Completed).map(|d| view! {
            <p class="muted">{t(SalesMsg::ReturnUntil)}" "{d.format("%Y-%m-%d").to_string()}</p>
        })}
        {s.may_return.then(|| view! { <ReturnForm s=s.clone() actions/> })}
        {(draft && editable).then(|| view! {
            <div class="danger-zone">
                <details class="confirm-box" data-testid="void-sale-box">
                    <summary class="btn btn-danger">{t(SalesMsg::VoidSale)}</summary>
                    <ActionForm action=actions.void attr:class="inline-group">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="version" value=version/>
                        <span class="muted">{t(SalesMsg::ConfirmVoidSale)}</span>
                        <button type="submit" class="btn btn-danger" data-testid="confirm-void-sale">{t(SalesMsg::VoidSale)}</button>
                    </ActionForm>
                </details>
            </div>
        })}
    }
}

#[component]
fn LineCard(
    l: SaleLineView,
    id: i32,
    version: i32,
    editable: bool,
    actions: Actions,
) -> impl IntoView {
    let line_id = l.id;
    let list = l.list_price;
    let has_discount = !l.discount.is_zero();
    view! {
        <li class="sale-line" class:returned=l.returned data-testid="sale-line">
            <div class="line-head">
                <strong>{l.description.clone()}</strong>
                <span class="price" data-testid="line-final">
                    {l.returned.then(|| view! { <span class="badge">{t(SalesMsg::LineReturned)}</span>" " })}
                    {cny(l.final_price)}
                </span>
            </div>
            <p class="muted">
                {(!l.barcode.is_empty()).then(|| format!("{} · {} ", l.barcode, l.style_no))}
                {l.summary.clone()}
                {(!l.cert_no.is_empty()).then(|| format!(" · {}", l.cert_no))}
            </p>
            {(!l.formula.is_empty()).then(|| view! { <p class="formula" data-testid="line-formula">{l.formula.clone()}</p> })}
            {has_discount.then(|| view! {
                <p class="muted">{t(Msg::ListPrice)}" "{cny(l.list_price)}" − "{cny(l.discount)}</p>
            })}
            {editable.then(|| view! {
                <div class="line-actions">
                    <DiscountForm list id version line_id actions/>
                    <ActionForm action=actions.remove attr:class="inline">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="line_id" value=line_id/>
                        <button type="submit" class="btn btn-danger">{t(SalesMsg::Remove)}</button>
                    </ActionForm>
                </div>
            })}
        </li>
    }
}

/// A line's discount as 折 or an amount off, with the resulting price and 折 shown as it is
/// typed (before saving); a refused value is answered under this line.
#[component]
fn DiscountForm(
    list: rust_decimal::Decimal,
    id: i32,
    version: i32,
    line_id: i32,
    actions: Actions,
) -> impl IntoView {
    use crate::domain::sale::{discount_amount, parse_discount, percent_off_to_zhe, LineMoney};
    let i18n = use_i18n();
    let kind = RwSignal::new("zhe".to_string());
    let value = RwSignal::new(String::new());
    let preview = move || {
        let typed = value.get();
        if typed.trim().is_empty() {
            return None;
        }
        let line = parse_discount(&kind.get(), &typed)
            .and_then(|d| discount_amount(list, d).ok())
            .map(|off| LineMoney {
                list_price: list,
                discount: off,
            })?;
        let zhe = percent_off_to_zhe(line.discount_percent()).to_string();
        let lang = i18n.lang();
        Some(format!(
            "{} {} · {}",
            SalesMsg::DiscountPreview.text(lang),
            cny(line.final_price()),
            crate::i18n::fill(SalesMsg::ZheOf.text(lang), &[("zhe", zhe)])
        ))
    };
    let error = move || {
        actions
            .discount
            .value()
            .get()
            .and_then(|r| r.err())
            .filter(|_| actions.last_line.get() == Some(line_id))
            .and_then(|e| crate::domain::validate::error_for(e.field_errors(), "discount"))
            .map(|m| view! { <p class="field-error" role="alert" data-testid="discount-error">{t(m)}</p> })
    };
    view! {
        <ActionForm action=actions.discount attr:class="inline-group" attr:data-testid="line-discount">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="line_id" value=line_id/>
            <select name="kind" aria-label=t(SalesMsg::Discount) on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="zhe">{t(SalesMsg::DiscountZhe)}</option>
                <option value="amount">{t(SalesMsg::DiscountAmount)}</option>
            </select>
            <input name="value" inputmode="decimal" size="6" aria-label=t(SalesMsg::Discount) autocomplete="off"
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <button type="submit" class="btn">{t(SalesMsg::ApplyDiscount)}</button>
        </ActionForm>
        <p class="discount-preview" data-testid="discount-preview" aria-live="polite">{preview}</p>
        {error}
    }
}

#[component]
fn ApprovalBlock(s: SaleView, needs: bool, actions: Actions) -> impl IntoView {
    let id = s.id;
    let version = s.version;
    let draft = s.status == SaleStatus::Draft;
    if !draft || !(s.needs_approval || s.approval != Approval::NotNeeded) {
        return ().into_any();
    }
    let limit = crate::i18n::fill(
        SalesMsg::ZheOf.text(use_i18n().lang()),
        &[(
            "zhe",
            crate::domain::sale::percent_off_to_zhe(s.discount_limit).to_string(),
        )],
    );
    view! {
        <div class="notice" data-testid="approval">
            {match s.approval {
                Approval::Pending => view! { <p data-testid="approval-state">{t(SalesMsg::ApprovalPending)}</p> }.into_any(),
                Approval::Approved => view! { <p data-testid="approval-state">{t(SalesMsg::ApprovalApproved)}" · "{s.approved_by.clone()}" "{s.approval_note.clone()}</p> }.into_any(),
                Approval::Rejected => view! { <p data-testid="approval-state">{t(SalesMsg::ApprovalRejected)}" · "{s.approved_by.clone()}" "{s.approval_note.clone()}</p> }.into_any(),
                Approval::NotNeeded => view! { <p data-testid="approval-state">{t(SalesMsg::ApprovalNeeded)}" ("{limit}")"</p> }.into_any(),
            }}
            {(needs && s.may_edit && matches!(s.approval, Approval::NotNeeded | Approval::Rejected)).then(|| view! {
                <ActionForm action=actions.request attr:class="inline">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <button type="submit" class="btn btn-primary" data-testid="request-approval">{t(SalesMsg::RequestApproval)}</button>
                </ActionForm>
            })}
        </div>
    }
    .into_any()
}

/// 审批: what the manager decides on — each line beyond the store's limit with the 折 and the
/// amount asked, the limit, the sale's total, the consultant's discounts this month — and one
/// note for either answer. Posts without the Wasm (the pressed button says which answer).
#[component]
fn ApprovalView(s: SaleView, actions: Actions) -> impl IntoView {
    use crate::domain::sale::{average_zhe, lines_beyond_limit, percent_off_to_zhe, LineMoney};
    let i18n = use_i18n();
    let zhe = move |z: rust_decimal::Decimal| {
        crate::i18n::fill(SalesMsg::ZheOf.text(i18n.lang()), &[("zhe", z.to_string())])
    };
    let money: Vec<LineMoney> = s
        .lines
        .iter()
        .map(|l| LineMoney {
            list_price: l.list_price,
            discount: l.discount,
        })
        .collect();
    let asked: Vec<_> = lines_beyond_limit(&money, s.discount_limit)
        .into_iter()
        .map(|i| (s.lines[i].clone(), money[i].discount_percent()))
        .collect();
    let limit = percent_off_to_zhe(s.discount_limit);
    let month = s.consultant_month.clone().unwrap_or_default();
    let month_zhe = average_zhe(month.list_total, month.discount_total);
    let (id, version) = (s.id, s.version);
    view! {
        <section class="approval-view card" data-testid="approval-view">
            <h2>{t(Msg::ApprovalQueue)}</h2>
            <div class="table-wrap"><table class="table cards-on-phone" data-testid="approval-lines">
                <thead><tr>
                    <th>{t(SalesMsg::SaleLines)}</th><th>{t(Msg::ListPrice)}</th><th>{t(SalesMsg::DiscountAsked)}</th><th>{t(SalesMsg::FinalPrice)}</th>
                </tr></thead>
                <tbody>
                    {asked.into_iter().map(|(l, pct)| {
                        let z = percent_off_to_zhe(pct);
                        view! {
                            <tr data-testid="approval-line">
                                <td data-label=t(SalesMsg::SaleLines)>{l.description.clone()}<div class="muted">{l.barcode.clone()}</div></td>
                                <td data-label=t(Msg::ListPrice) class="num">{cny(l.list_price)}</td>
                                <td data-label=t(SalesMsg::DiscountAsked) class="num" data-testid="approval-asked">
                                    <strong>{move || zhe(z)}</strong>" · −"{cny(l.discount)}
                                </td>
                                <td data-label=t(SalesMsg::FinalPrice) class="num">{cny(l.final_price)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <dl class="facts">
                <dt>{t(SalesMsg::StoreLimit)}</dt><dd data-testid="approval-limit">{move || zhe(limit)}</dd>
                <dt>{t(Msg::AmountDue)}</dt><dd data-testid="approval-total">{cny(s.totals.total)}" "<span class="muted">"("{t(Msg::ListTotal)}" "{cny(s.totals.list_total)}")"</span></dd>
                <dt>{t(SalesMsg::ConsultantThisMonth)}</dt>
                <dd data-testid="approval-month">
                    {s.consultant_name.clone()}": "
                    {move || crate::i18n::fill(SalesMsg::ConsultantMonthFigures.text(i18n.lang()), &[
                        ("sales", month.sales.to_string()),
                        ("discounted", month.discounted.to_string()),
                        ("off", cny(month.discount_total)),
                    ])}
                    {month_zhe.map(|z| view! { " · "{t(SalesMsg::AverageZhe)}" "{move || zhe(z)} })}
                </dd>
            </dl>
            <ActionForm action=actions.decide attr:class="decide" attr:data-testid="decide-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <div class="field">
                    <label for="a-note">{t(SalesMsg::ApprovalNote)}</label>
                    <textarea id="a-note" name="note" maxlength="500" rows="2"></textarea>
                </div>
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" name="approve" value="true" data-testid="approve">{t(SalesMsg::Approve)}</button>
                    <button type="submit" class="btn btn-danger" name="approve" value="false" data-testid="reject">{t(Msg::Reject)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

const PAY_ROWS: usize = 3;

#[component]
fn PaymentForm(
    s: SaleView,
    actions: Actions,
    pay_errors: Signal<Vec<crate::domain::validate::FieldError>>,
) -> impl IntoView {
    // Rows of (method, amount, reference); a deposit, if any, fills the first.
    let mut first = vec![];
    if !s.deposit_available.is_zero() {
        first.push((
            PaymentMethod::Deposit,
            s.deposit_available.to_string(),
            String::new(),
        ));
    }
    let rows: Vec<(PaymentMethod, String, String)> = first
        .into_iter()
        .chain(std::iter::repeat_with(|| {
            (PaymentMethod::Card, String::new(), String::new())
        }))
        .take(PAY_ROWS)
        .collect::<Vec<_>>();
    // A refused payment (posted without JavaScript) comes back as typed.
    let rows: Vec<(PaymentMethod, String, String)> =
        match actions.typed.with_value(|t| t.payments.clone()) {
            Some(typed) => rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| match typed.get(i) {
                    Some(p) => (
                        PaymentMethod::parse(&p.method).unwrap_or(row.0),
                        p.amount.clone(),
                        p.reference.clone(),
                    ),
                    None => row,
                })
                .collect(),
            None => rows,
        };
    let rows: Vec<RwSignal<(PaymentMethod, String, String)>> =
        rows.into_iter().map(RwSignal::new).collect();
    for (i, r) in rows.iter().enumerate() {
        let r = *r;
        let (method, amount, reference) = r.get_untracked();
        restore_typed(&format!("pay-method-{i}"), method.as_str(), move |v| {
            if let Some(m) = PaymentMethod::parse(&v) {
                r.update(|x| x.0 = m)
            }
        });
        restore_typed(&format!("pay-amount-{i}"), &amount, move |v| {
            r.update(|x| x.1 = v)
        });
        restore_typed(&format!("pay-ref-{i}"), &reference, move |v| {
            r.update(|x| x.2 = v)
        });
    }
    let id = s.id;
    let version = s.version;
    let rows_for_submit = rows.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let payments: Vec<PaymentInput> = rows_for_submit
            .iter()
            .map(|r| {
                let (m, a, reference) = r.get_untracked();
                PaymentInput {
                    method: m.as_str().into(),
                    amount: a,
                    reference,
                }
            })
            .collect();
        actions.complete.dispatch(SaleComplete {
            id,
            version,
            payments,
        });
    };
    let done = move || actions.complete.value().get().and_then(|r| r.ok());
    // 还需收: what the rows typed so far leave to collect (a row that is not an amount yet
    // counts as nothing). 收齐 puts the rest into that row; it exists once the Wasm runs.
    let total = s.totals.total;
    let rows_for_sum = rows.clone();
    let remaining = Memo::new(move |_| {
        let paid: rust_decimal::Decimal = rows_for_sum
            .iter()
            .filter_map(|r| r.with(|x| crate::domain::sale::parse_amount(&x.1)))
            .sum();
        total - paid
    });
    let i18n = use_i18n();
    let remaining_text = move || {
        let r = remaining.get();
        let lang = i18n.lang();
        if r.is_sign_negative() && !r.is_zero() {
            format!("{} {}", SalesMsg::Overpaid.text(lang), cny(-r))
        } else {
            format!("{} {}", SalesMsg::StillToCollect.text(lang), cny(r))
        }
    };
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let field_msg = move |f: String| {
        move || {
            pay_errors
                .get()
                .into_iter()
                .find(|e| e.field == f)
                .map(|e| view! { <p class="field-error" role="alert">{t(e.msg)}</p> })
        }
    };
    view! {
        <h2>{t(SalesMsg::Payments)}</h2>
        <form class="stack payments-form" method="post" action=SaleComplete::url() on:submit=submit data-testid="payment-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version/>
            {rows.iter().enumerate().map(|(i, r)| {
                let r = *r;
                let (_, amount, reference) = r.get_untracked();
                view! {
                    <div class="inline-group pay-row">
                        <select aria-label=t(SalesMsg::PaymentMethod) data-testid=format!("pay-method-{i}")
                            id=format!("pay-method-{i}") name=format!("payments[{i}][method]")
                            on:change=move |ev| {
                                if let Some(m) = PaymentMethod::parse(&event_target_value(&ev)) { r.update(|x| x.0 = m) }
                            }>
                            {PaymentMethod::ALL.into_iter().filter(|m| *m != PaymentMethod::Deposit || !s.deposit_available.is_zero()).map(|m| view! {
                                <option value=m.as_str() selected=move || r.get().0 == m>{t(m.msg())}</option>
                            }).collect_view()}
                        </select>
                        <input inputmode="decimal" aria-label=t(SalesMsg::Amount) data-testid=format!("pay-amount-{i}")
                            id=format!("pay-amount-{i}") name=format!("payments[{i}][amount]") value=amount
                            prop:value=move || r.get().1
                            on:input=move |ev| r.update(|x| x.1 = event_target_value(&ev))/>
                        <input aria-label=t(SalesMsg::PaymentReference) placeholder=t(SalesMsg::PaymentReference) size="10"
                            id=format!("pay-ref-{i}") name=format!("payments[{i}][reference]") value=reference
                            prop:value=move || r.get().2
                            on:input=move |ev| r.update(|x| x.2 = event_target_value(&ev))/>
                        {move || hydrated.get().then(|| view! {
                            <button type="button" class="btn" data-testid=format!("pay-fill-{i}")
                                on:click=move |_| {
                                    let mine = r.with_untracked(|x| crate::domain::sale::parse_amount(&x.1)).unwrap_or_default();
                                    let rest = remaining.get_untracked() + mine;
                                    if rest.is_sign_positive() && !rest.is_zero() {
                                        r.update(|x| x.1 = format!("{rest:.2}"));
                                    }
                                }>{t(SalesMsg::FillTheRest)}</button>
                        })}
                    </div>
                    {field_msg(format!("payments.{i}.method"))}
                    {field_msg(format!("payments.{i}.amount"))}
                }
            }).collect_view()}
            {field_msg("payments".into())}
            <p class="to-collect" data-testid="pay-remaining" aria-live="polite">{remaining_text}</p>
            <button type="submit" class="btn btn-primary" data-testid="complete-sale" disabled=move || actions.complete.pending().get()>{t(SalesMsg::CompleteSale)}</button>
            {move || done().map(|no| view! { <p role="status">{t(SalesMsg::SaleDone)}" "{no}</p> })}
        </form>
    }
}

#[component]
fn ReturnForm(s: SaleView, actions: Actions) -> impl IntoView {
    let id = s.id;
    let version = s.version;
    let open: Vec<SaleLineView> = s.lines.iter().filter(|l| !l.returned).cloned().collect();
    let prices: Vec<(i32, rust_decimal::Decimal)> =
        open.iter().map(|l| (l.id, l.final_price)).collect();
    let chosen = RwSignal::new(Vec::<i32>::new());
    let reason = RwSignal::new(String::new());
    // Refunds go back by the sale's own methods (a deposit in cash): the form starts from the
    // suggested split, one row per method the sale was paid by, and a spare row.
    let as_payment = |p: &crate::model::PaymentView| crate::domain::sale::Payment {
        method: p.method,
        amount: p.amount.abs(),
    };
    // Payments are positive, refunds negative.
    let (paid, refunded): (Vec<_>, Vec<_>) = s
        .payments
        .iter()
        .map(|p| (p.amount.is_sign_positive(), as_payment(p)))
        .partition(|(positive, _)| *positive);
    let paid: Vec<_> = paid.into_iter().map(|(_, p)| p).collect();
    let refunded: Vec<_> = refunded.into_iter().map(|(_, p)| p).collect();
    let full =
        crate::domain::sale::suggest_refunds(paid.iter().map(|p| p.amount).sum(), &paid, &refunded);
    let rows: Vec<RwSignal<(PaymentMethod, String)>> = (0..full.len().max(1) + 1)
        .map(|i| {
            let m = full.get(i).map(|p| p.method).unwrap_or(PaymentMethod::Cash);
            RwSignal::new((m, String::new()))
        })
        .collect();
    let due = Memo::new(move |_| {
        chosen.with(|c| {
            prices
                .iter()
                .filter(|(id, _)| c.contains(id))
                .map(|(_, p)| *p)
                .sum::<rust_decimal::Decimal>()
        })
    });
    // Choosing lines fills the refund rows with the suggested split of what is due.
    let rows_for_fill = rows.clone();
    Effect::new(move |_| {
        let split = crate::domain::sale::suggest_refunds(due.get(), &paid, &refunded);
        for (i, r) in rows_for_fill.iter().enumerate() {
            r.update(|x| match split.get(i) {
                Some(p) => *x = (p.method, format!("{:.2}", p.amount)),
                None => x.1 = String::new(),
            });
        }
    });
    let errors = crate::components::field::field_errors(actions.ret.value());
    let err = move |f: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == f || e.field.starts_with(&format!("{f}.")))
                .map(|e| view! { <p class="field-error" role="alert">{t(e.msg)}</p> })
        }
    };
    let rows_for_submit = rows.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let refunds = rows_for_submit
            .iter()
            .map(|r| {
                let (m, a) = r.get_untracked();
                PaymentInput {
                    method: m.as_str().into(),
                    amount: a,
                    reference: String::new(),
                }
            })
            .collect();
        actions.ret.dispatch(SaleReturn {
            id,
            version,
            line_ids: chosen.get_untracked(),
            reason: reason.get_untracked(),
            refunds,
        });
    };
    view! {
        // Open or closed is what the person last did, whatever redraws the box: a tap reads the
        // box's state on screen and flips it (not the browser's asynchronous `toggle`, which a
        // page drawn afresh by a live update between tap and event used to lose), and the state
        // is an attribute, which hydration leaves as the server drew it (a tap before the Wasm
        // arrived opened the box natively and is kept; a property was reset on hydration).
        <details class="return-box" data-testid="return-box" open=move || actions.return_open.get()
            on:toggle=move |ev| actions.return_open.set(event_target::<leptos::web_sys::Element>(&ev).has_attribute("open"))>
            <summary class="btn" on:click=move |ev| {
                ev.prevent_default();
                let open = event_target::<leptos::web_sys::Element>(&ev)
                    .closest("details")
                    .ok()
                    .flatten()
                    .is_some_and(|d| d.has_attribute("open"));
                actions.return_open.set(!open);
            }>{t(SalesMsg::ReturnSale)}</summary>
            <form class="stack" on:submit=submit data-testid="return-form">
                <p class="muted">{t(SalesMsg::ReturnIntro)}</p>
                <fieldset>
                    <legend>{t(SalesMsg::ReturnLines)}</legend>
                    {open.into_iter().map(|l| {
                        let line_id = l.id;
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid="return-line"
                                    prop:checked=move || chosen.with(|c| c.contains(&line_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| {
                                            c.retain(|x| *x != line_id);
                                            if on { c.push(line_id) }
                                        });
                                    }/>
                                " "{l.description.clone()}" "{(!l.barcode.is_empty()).then(|| l.barcode.clone())}" · "{cny(l.final_price)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {err("lines")}
                <div class="field">
                    <label for="r-reason">{t(SalesMsg::ReturnReason)}</label>
                    <input id="r-reason" maxlength="500" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                    {err("reason")}
                </div>
                <p>{t(SalesMsg::RefundDue)}" "<strong data-testid="refund-due">{move || cny(due.get())}</strong></p>
                {rows.iter().enumerate().map(|(i, r)| {
                    let r = *r;
                    view! {
                        <div class="inline-group pay-row">
                            <select aria-label=t(SalesMsg::PaymentMethod) data-testid=format!("refund-method-{i}")
                                on:change=move |ev| {
                                    if let Some(m) = PaymentMethod::parse(&event_target_value(&ev)) { r.update(|x| x.0 = m) }
                                }>
                                {PaymentMethod::ALL.into_iter().filter(|m| *m != PaymentMethod::Deposit).map(|m| view! {
                                    <option value=m.as_str() selected=move || r.get().0 == m>{t(m.msg())}</option>
                                }).collect_view()}
                            </select>
                            <input inputmode="decimal" aria-label=t(SalesMsg::Refund) data-testid=format!("refund-amount-{i}")
                                prop:value=move || r.get().1
                                on:input=move |ev| r.update(|x| x.1 = event_target_value(&ev))/>
                        </div>
                    }
                }).collect_view()}
                {err("refunds")}
                <button type="submit" class="btn btn-danger" data-testid="confirm-return" disabled=move || actions.ret.pending().get()>{t(SalesMsg::ConfirmReturn)}</button>
            </form>
        </details>
        {move || actions.ret.value().get().and_then(|r| r.ok()).map(|_| view! { <p class="notice-ok" role="status">{t(SalesMsg::ReturnDone)}</p> })}
    }
}
