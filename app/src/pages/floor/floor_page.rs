use super::msg::FloorMsg;
use crate::api::floor::{approval_asks, load_floor, SetOnDuty};
use crate::api::reservations::{shown_msg, ActOnReservation};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::live::use_live_tick;
use crate::domain::reservation::{shown, State};
use crate::domain::sale::cny;
use crate::i18n::catalogue::fill;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{ApprovalAsk, FloorStaff, ReservationRow};
use crate::pages::reservations::queue_panel::QueuePanel;
use crate::pages::reservations::unassigned_notice::UnassignedNotice;
use crate::pages::sales::msg::SalesMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The manager's home: everything on it follows live updates (a booking, an arrival, an
/// approval asked) and every action is a form that works before the Wasm.
#[component]
pub fn FloorPage() -> impl IntoView {
    let tick = use_live_tick();
    let duty = ServerAction::<SetOnDuty>::new();
    let act = ServerAction::<ActOnReservation>::new();
    let floor = Resource::new(
        move || (tick.get(), duty.version().get(), act.version().get()),
        |_| load_floor(),
    );
    let asks = Resource::new(move || tick.get(), |_| approval_asks());
    let error = Signal::derive(move || {
        duty.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| act.value().get().and_then(|r| r.err()))
    });
    view! {
        <Title text=crate::i18n::title(FloorMsg::Title)/>
        <section class="page floor" data-testid="floor">
            <h1>{t(FloorMsg::Title)}</h1>
            <UnassignedNotice/>
            <ErrorNote error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match floor.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(f) => view! {
                            <div class="floor-grid">
                                <Board staff=f.staff duty/>
                                <Callbacks rows=f.callbacks total=f.callbacks_total act/>
                                <Today rows=f.today total=f.today_total day=f.day/>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match asks.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(list) => view! { <Approvals list/> }.into_any(),
                    }
                })}
            </Transition>
            <h2>{t(FloorMsg::MyQueue)}</h2>
            <QueuePanel/>
        </section>
    }
}

/// Who is on the floor: serving whom, free, or off duty, with the switch.
#[component]
fn Board(staff: Vec<FloorStaff>, duty: ServerAction<SetOnDuty>) -> impl IntoView {
    let i18n = use_i18n();
    let pending = duty.pending();
    view! {
        <section class="floor-board" data-testid="floor-board">
            <h2>{t(FloorMsg::Board)}</h2>
            {staff.is_empty().then(|| view! { <p class="muted">{t(FloorMsg::BoardEmpty)}</p> })}
            <ul class="cards">
                {staff.into_iter().map(|s| {
                    let (tone, state) = match (&s.serving, s.on_duty) {
                        (Some(_), _) => ("active", FloorMsg::Serving),
                        (None, true) => ("ok", FloorMsg::Free),
                        (None, false) => ("muted", FloorMsg::OffDuty),
                    };
                    let waiting = s.waiting;
                    view! {
                        <li class="card" data-testid="floor-person" data-name=s.name.clone()>
                            <div class="card-head">
                                <strong>{s.name.clone()}</strong>
                                <span class="muted">{t(s.role.msg())}</span>
                                <span class=format!("state-tag tone-{tone}") data-testid="floor-state">{t(state)}</span>
                            </div>
                            {s.serving.clone().map(|(id, number, customer)| view! {
                                <p data-testid="floor-serving">
                                    <A href=format!("/reservations/{id}")>{customer}</A>
                                    " "<span class="muted">{number}</span>
                                </p>
                            })}
                            {(waiting > 0).then(|| view! {
                                <p class="muted" data-testid="floor-waiting">{move || fill(FloorMsg::Waiting.text(i18n.lang()), &[("n", waiting.to_string())])}</p>
                            })}
                            <ActionForm action=duty attr:class="inline">
                                <input type="hidden" name="staff_id" value=s.id/>
                                <input type="hidden" name="on_duty" value=(!s.on_duty).to_string()/>
                                <button type="submit" class="btn" data-testid="duty-switch" disabled=move || pending.get()>
                                    {t(if s.on_duty { FloorMsg::SetOffDuty } else { FloorMsg::SetOnDuty })}
                                </button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Web bookings waiting for a call-back, oldest first, each with 已回访 at hand.
#[component]
fn Callbacks(
    rows: Vec<ReservationRow>,
    total: u64,
    act: ServerAction<ActOnReservation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let zone = use_zone();
    let more = total > rows.len() as u64;
    view! {
        <section class="floor-callbacks" data-testid="floor-callbacks">
            <h2>{t(FloorMsg::Callbacks)}" "<span class="count">{total}</span></h2>
            {rows.is_empty().then(|| view! { <p class="muted">{t(FloorMsg::CallbacksEmpty)}</p> })}
            <ul class="cards">
                {rows.into_iter().map(|r| view! {
                    <li class="card" data-testid="floor-callback" data-number=r.number.clone()>
                        <div class="card-head">
                            <A href=format!("/reservations/{}", r.id)><strong>{r.customer_name.clone()}</strong></A>
                            <span class="mobile">{r.mobile.clone()}</span>
                            <span class="when">{zone.format(r.visit_at)}</span>
                        </div>
                        <p class="needs">{r.needs.clone()}</p>
                        <p class="muted">{t(FloorMsg::BookedOn)}" "{zone.format(r.created_at)}" · "{r.number.clone()}</p>
                        <ActionForm action=act attr:class="inline">
                            <input type="hidden" name="id" value=r.id/>
                            <input type="hidden" name="version" value=r.version/>
                            <button type="submit" class="btn btn-primary" name="action" value="CalledBack" data-testid="floor-called-back">{t(Msg::CalledBack)}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            {more.then(|| view! {
                <p><A href="/reservations?status=needs_callback">{move || fill(FloorMsg::SeeAll.text(i18n.lang()), &[("n", total.to_string())])}</A></p>
            })}
        </section>
    }
}

/// The store's visits today, by time, with who has each and where it stands.
#[component]
fn Today(rows: Vec<ReservationRow>, total: u64, day: Option<chrono::NaiveDate>) -> impl IntoView {
    let i18n = use_i18n();
    let zone = use_zone();
    let more = total > rows.len() as u64;
    let day = day
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    view! {
        <section class="floor-today" data-testid="floor-today">
            <h2>{t(FloorMsg::Today)}" "<span class="count">{total}</span></h2>
            {rows.is_empty().then(|| view! { <p class="muted">{t(FloorMsg::TodayEmpty)}</p> })}
            <ul class="rows">
                {rows.into_iter().map(|r| {
                    let s = shown(State { status: r.status, service: r.service });
                    view! {
                        <li data-testid="floor-visit">
                            <span class="nowrap">{zone.to_local(r.visit_at).format("%H:%M").to_string()}</span>
                            <A href=format!("/reservations/{}", r.id)>{r.customer_name.clone()}</A>
                            <span>{match r.consultant_name.clone() {
                                Some(n) => view! { <span>{n}</span> }.into_any(),
                                None => view! { <span class="state-tag tone-attention">{t(FloorMsg::Unassigned)}</span> }.into_any(),
                            }}</span>
                            <span class=format!("state-tag tone-{}", s.tone())>{t(shown_msg(s))}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {more.then(|| view! {
                <p><A href=format!("/reservations?from={day}&to={day}")>{move || fill(FloorMsg::SeeAll.text(i18n.lang()), &[("n", total.to_string())])}</A></p>
            })}
        </section>
    }
}

/// The discounts waiting for the manager: who asks, for whom, each line beyond the store's
/// limit with the 折 and amount asked, the limit and the sale's total.
#[component]
fn Approvals(list: Vec<ApprovalAsk>) -> impl IntoView {
    let i18n = use_i18n();
    let zhe = move |z: rust_decimal::Decimal| {
        fill(SalesMsg::ZheOf.text(i18n.lang()), &[("zhe", z.to_string())])
    };
    view! {
        <section class="approvals" data-testid="approvals-panel">
            <h2>{t(FloorMsg::Approvals)}" "<span class="count">{list.len()}</span></h2>
            {list.is_empty().then(|| view! { <p class="muted">{t(FloorMsg::ApprovalsEmpty)}</p> })}
            <ul class="cards" data-testid="approvals">
                {list.into_iter().map(|a| {
                    let limit = a.limit_zhe;
                    view! {
                        <li class="card" data-testid="approval-ask">
                            <div class="card-head">
                                <strong>{a.consultant_name.clone()}</strong>
                                <span>{a.customer_name.clone()}</span>
                                <A href=format!("/sales/{}", a.sale_id) attr:class="btn btn-primary">{t(FloorMsg::Decide)}</A>
                            </div>
                            <ul class="asked">
                                {a.lines.into_iter().map(|l| view! {
                                    <li data-testid="ask-line">
                                        {l.description}": "{cny(l.list_price)}" → "{cny(l.final_price)}
                                        " · "<strong>{move || zhe(l.zhe)}</strong>" · −"{cny(l.discount)}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <p class="muted">
                                {t(SalesMsg::StoreLimit)}" "<span data-testid="ask-limit">{move || zhe(limit)}</span>
                                " · "{t(FloorMsg::Total)}" "<span data-testid="ask-total">{cny(a.total)}</span>
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
