use crate::api::reservations::{load_my_queue, store_staff, ActOnReservation};
use crate::components::layout::use_user;
use crate::components::layout::use_zone;
use crate::components::live::use_live_tick;
use crate::components::posted::posted;
use crate::error::AppError;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{ReservationRow, StaffOption};
use leptos::prelude::*;

/// The consultant's work queue: whom they serve, who waits for them, who is booked today.
/// Updates live (no reload) when something is assigned or changes.
#[component]
pub fn QueuePanel() -> impl IntoView {
    let tick = use_live_tick();
    let act = ServerAction::<ActOnReservation>::new();
    // An action posted without JavaScript comes back with its outcome; which card it was for
    // decides where a field's error shows.
    let last = RwSignal::new(posted(act).map(|a| a.id));
    // The record of the call in flight (what was actually sent), kept once it is answered.
    Effect::new(move |_| {
        if let Some(input) = act.input().get() {
            last.set(Some(input.id));
        }
    });
    let queue = Resource::new(
        move || (tick.get(), act.version().get()),
        |_| load_my_queue(),
    );
    let store_id = use_user().and_then(|u| u.store_id).unwrap_or_default();
    let colleagues = Resource::new(move || (), move |_| store_staff(store_id));
    let i18n = use_i18n();
    // Field errors show on their card; anything else above the queue.
    let error = move || {
        act.value()
            .get()
            .and_then(|r| r.err())
            .filter(|e| e.field_errors().is_empty())
    };
    let handed_to = move || {
        act.value()
            .get()
            .and_then(|r| r.ok())
            .and_then(|o| o.handed_to)
    };
    view! {
        <section class="queue" data-testid="queue">
            {move || error().map(|e: AppError| view! {
                <p class="alert alert-error" role="alert" data-testid="queue-error">{e.message().text(i18n.lang())}</p>
            })}
            {move || handed_to().map(|name| view! {
                <p class="alert alert-ok" role="status" data-testid="queue-notice">{t(Msg::HandedTo)}" "{name}</p>
            })}
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let q = queue.await.unwrap_or_default();
                    let staff = colleagues.await.unwrap_or_default();
                    let empty = q.serving.is_empty() && q.waiting.is_empty();
                    view! {
                        {(!q.serving.is_empty()).then(|| view! {
                            <h2>{t(Msg::QueueServing)}</h2>
                            <ul class="cards" data-testid="queue-serving">
                                {q.serving.into_iter().map(|r| view! { <QueueCard r act last staff=staff.clone()/> }).collect_view()}
                            </ul>
                        })}
                        <h2>{t(Msg::QueueWaiting)}</h2>
                        {empty.then(|| view! { <p class="muted" data-testid="queue-empty">{t(Msg::QueueEmpty)}</p> })}
                        <ul class="cards" data-testid="queue-waiting">
                            {q.waiting.into_iter().map(|r| view! { <QueueCard r act last staff=staff.clone()/> }).collect_view()}
                        </ul>
                        {(!q.scheduled_today.is_empty()).then(|| view! {
                            <h2>{t(Msg::QueueToday)}</h2>
                            <ul class="cards" data-testid="queue-today">
                                {q.scheduled_today.into_iter().map(|r| view! { <QueueCard r act last staff=staff.clone()/> }).collect_view()}
                            </ul>
                        })}
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn QueueCard(
    r: ReservationRow,
    act: ServerAction<ActOnReservation>,
    last: RwSignal<Option<i32>>,
    staff: Vec<StaffOption>,
) -> impl IntoView {
    let me = use_user().map(|u| u.id).unwrap_or_default();
    let (id, version) = (r.id, r.version);
    let pending = act.pending();
    let service = r.service;
    let colleagues: Vec<StaffOption> = staff.into_iter().filter(|s| s.id != me).collect();
    // Each action is a form posting to `reservations/act` (it works before the Wasm); the
    // button carries the action, the hidden fields which record and which version of it.
    let keys = move || {
        view! {
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version/>
        }
    };
    let field_error = move |field: &'static str| {
        move || {
            act.value()
                .get()
                .and_then(|r| r.err())
                .filter(|_| last.get() == Some(id))
                .and_then(|e| crate::domain::validate::error_for(e.field_errors(), field))
                .map(|m| view! { <p class="field-error" role="alert" data-testid=format!("error-{field}")>{t(m)}</p> })
        }
    };
    let button = move |action: &'static str, label: Msg, primary: bool| {
        view! {
            <ActionForm action=act attr:class="inline">
                {keys()}
                <button type="submit" name="action" value=action class="btn" class:btn-primary=primary
                    disabled=move || pending.get()>{t(label)}</button>
            </ActionForm>
        }
    };
    use crate::domain::reservation::Service;
    view! {
        <li class="card" data-testid="queue-card" data-number=r.number.clone()>
            <div class="card-head">
                <strong class="customer" data-testid="queue-customer">{r.customer_name.clone()}</strong>
                <span class="mobile">{r.mobile.clone()}</span>
                <span class="when">{use_zone().format(r.visit_at)}</span>
            </div>
            <p class="needs">{r.needs.clone()}" "<span class="level">{r.need_level.clone()}</span></p>
            <p class="number muted">{r.number.clone()}</p>
            <div class="card-actions">
                {match service {
                    Service::Waiting => view! {
                        {button("Claim", Msg::Claim, true)}
                        // 拒绝 asks first: why, then a second tap to confirm.
                        <details class="confirm-box" data-testid="reject-box">
                            <summary class="btn">{t(Msg::Reject)}</summary>
                            <ActionForm action=act attr:class="inline-group">
                                {keys()}
                                <label for=format!("reject-{id}")>{t(Msg::RejectReason)}</label>
                                <input id=format!("reject-{id}") name="action[Reject][reason]" maxlength="200" autocomplete="off"/>
                                <button type="submit" class="btn btn-danger" disabled=move || pending.get()>{t(Msg::ConfirmReject)}</button>
                            </ActionForm>
                            {field_error("reason")}
                        </details>
                    }.into_any(),
                    Service::Serving => view! {
                        // 开单 for the customer being served: a plain post (it works before the
                        // Wasm too) that opens her sale, linked to this visit; completing the sale
                        // ends the visit as a deal.
                        <form method="post" action={<crate::api::sales::NewSale as leptos::server_fn::ServerFn>::PATH} class="inline">
                            <input type="hidden" name="reservation_id" value=id/>
                            <button type="submit" class="btn btn-primary" data-testid="queue-new-sale">{t(Msg::NewSale)}</button>
                        </form>
                        <a class="btn" href=format!("/reservations/{id}") data-testid="queue-details">{t(Msg::ReservationDetails)}</a>
                        <ActionForm action=act attr:class="inline-group">
                            {keys()}
                            <label class="sr-only" for=format!("transfer-{id}")>{t(Msg::TransferTo)}</label>
                            <select id=format!("transfer-{id}") name="action[Transfer][to]" required=true data-testid="transfer-select">
                                <option value="">"—"</option>
                                {colleagues.iter().map(|s| view! { <option value=s.id>{s.name.clone()}</option> }).collect_view()}
                            </select>
                            <button type="submit" class="btn" disabled=move || pending.get()>{t(Msg::TransferTo)}</button>
                        </ActionForm>
                        {button("Pause", Msg::Pause, false)}
                        // No outcome is pre-selected: 已结束 without one is answered next to the choice.
                        <ActionForm action=act attr:class="inline-group finish">
                            {keys()}
                            <fieldset class="outcome">
                                <legend class="sr-only">{t(Msg::Outcome)}</legend>
                                <label class="choice"><input type="radio" name="action[Finish][deal]" value="true"/>{t(Msg::StatusDealClosed)}</label>
                                <label class="choice"><input type="radio" name="action[Finish][deal]" value="false"/>{t(Msg::StatusArrivedNoDeal)}</label>
                            </fieldset>
                            <label class="sr-only" for=format!("note-{id}")>{t(Msg::OutcomeNote)}</label>
                            <input id=format!("note-{id}") name="action[Finish][note]" maxlength="500" placeholder=t(Msg::OutcomeNote)/>
                            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>{t(Msg::Finish)}</button>
                        </ActionForm>
                        {field_error("deal")}
                        {field_error("note")}
                    }.into_any(),
                    Service::Scheduled => button("Arrive", Msg::Arrived, false).into_any(),
                    Service::Closed => ().into_any(),
                }}
            </div>
        </li>
    }
}
