use crate::api::reservations::{reservation_detail, shown_msg, store_staff, ActOnReservation};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_user;
use crate::components::layout::use_zone;
use crate::domain::policy::{allows, Permission};
use crate::domain::reservation::{Service, Status};
use crate::i18n::use_i18n;
use crate::i18n::{t, Msg};
use crate::model::{QueueAction, ReservationRow};
use crate::pages::reservations::msg::ReservationsMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One reservation with its full history (every change of status, owner or service state).
#[component]
pub fn ReservationDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or_default()
    });
    let act = ServerAction::<ActOnReservation>::new();
    let data = Resource::new(
        move || (id.get(), act.version().get()),
        |(id, _)| reservation_detail(id),
    );
    // The source is a dictionary code (`WEBSITE`): shown by its label.
    let sources = Resource::new(
        || (),
        |_| crate::api::reservations::dictionary_options("source".into()),
    );
    let manager = use_user().is_some_and(|u| allows(u.role, Permission::AssignInStore));
    let sells = use_user().is_some_and(|u| allows(u.role, Permission::UseWorkspace));
    let reveals = use_user().is_some_and(|u| crate::domain::policy::may_reveal_mobile(u.role));
    view! {
        <Title text=crate::i18n::title(Msg::ReservationDetails)/>
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let sources = sources.await.unwrap_or_default();
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok((r, history)) => view! {
                            <h1>{t(Msg::ReservationDetails)}" · "{r.number.clone()}</h1>
                            <dl class="facts">
                                <dt>{t(ReservationsMsg::CustomerName)}</dt><dd>{r.customer_name.clone()}</dd>
                                <dt>{t(ReservationsMsg::Mobile)}</dt><dd data-testid="detail-mobile">{mobile_link(&r.mobile)}</dd>
                                <dt>{t(Msg::ExperienceStore)}</dt><dd>{r.store_name.clone()}</dd>
                                <dt>{t(Msg::Consultant)}</dt><dd data-testid="detail-consultant">{match r.consultant_name.clone() {
                                    Some(name) => view! { <span>{name}</span> }.into_any(),
                                    None if r.status.is_open() => view! { <span class="state-tag tone-attention">{t(ReservationsMsg::Unassigned)}</span> }.into_any(),
                                    None => view! { <span>"—"</span> }.into_any(),
                                }}</dd>
                                <dt>{t(Msg::VisitAt)}</dt><dd>{use_zone().format(r.visit_at)}</dd>
                                <dt>{t(ReservationsMsg::Source)}</dt><dd data-testid="detail-source">{
                                    let source = sources.iter().find(|d| d.code == r.source).cloned();
                                    let code = r.source.clone();
                                    move || source.as_ref().map(|d| d.label(i18n.lang()).to_string()).unwrap_or_else(|| code.clone())
                                }</dd>
                                <dt>{t(ReservationsMsg::Needs)}</dt><dd>{r.needs.clone()}</dd>
                                <dt>{t(ReservationsMsg::NeedLevel)}</dt><dd>{r.need_level.clone()}</dd>
                                <dt>{t(Msg::Status)}</dt><dd><span class=format!("state-tag tone-{}", crate::domain::reservation::shown(crate::domain::reservation::State { status: r.status, service: r.service }).tone()) data-testid="detail-status">{t(shown_msg(crate::domain::reservation::shown(crate::domain::reservation::State { status: r.status, service: r.service })))}</span></dd>
                                <dt>{t(Msg::Outcome)}</dt><dd>{r.outcome.clone()}</dd>
                            </dl>
                            {reveals.then(|| view! { <RevealMobile id=r.id/> })}
                            {manager.then(|| view! { <ManagerActions r=r.clone() act/> })}
                            {sells.then(|| view! { <crate::pages::sales::settle_panel::SettlePanel r=r.clone()/> })}
                            <h2>{t(ReservationsMsg::History)}</h2>
                            <div class="table-wrap"><table class="table cards-on-phone" data-testid="history">
                                <thead><tr><th>{t(Msg::When)}</th><th>{t(Msg::Who)}</th><th>{t(Msg::What)}</th><th>{t(Msg::Details)}</th></tr></thead>
                                <tbody>
                                    {history.into_iter().map(|h| {
                                        let line = move || super::history::describe(&h.kind, &h.from_value, &h.to_value, &h.note, i18n.lang());
                                        let details = line.clone();
                                        view! {
                                            <tr>
                                                <td data-label=t(Msg::When)>{use_zone().format(h.at)}</td>
                                                <td data-label=t(Msg::Who)>{h.actor_name}</td>
                                                <td data-label=t(Msg::What)>{move || line().0}</td>
                                                <td data-label=t(Msg::Details)>{move || details().1}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A full number is a tap-to-call link; a masked one is plain text.
fn mobile_link(mobile: &str) -> impl IntoView {
    if mobile.contains('*') {
        view! { <span>{mobile.to_string()}</span> }.into_any()
    } else {
        view! { <a href=format!("tel:{mobile}") data-testid="call-link">{mobile.to_string()}</a> }
            .into_any()
    }
}

/// 查看完整号码: head office asks for the full number with a reason (audited on the server).
#[component]
fn RevealMobile(id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let reveal = ServerAction::<crate::api::reservations::RevealMobile>::new();
    let error = move || match reveal.value().get() {
        Some(Err(e)) => Some(
            crate::domain::validate::error_for(e.field_errors(), "reason")
                .unwrap_or_else(|| e.message())
                .text(i18n.lang()),
        ),
        _ => None,
    };
    view! {
        <ActionForm action=reveal attr:class="inline-form" attr:data-testid="reveal-form">
            <input type="hidden" name="id" value=id/>
            <div class="field" class:has-error=move || error().is_some()>
                <label for="reveal-reason">{t(ReservationsMsg::RevealReason)}</label>
                <input id="reveal-reason" name="reason" required minlength="2" maxlength="200"/>
                <p class="field-error">{error}</p>
            </div>
            <button type="submit" class="btn">{t(ReservationsMsg::RevealMobile)}</button>
            {move || reveal.value().get().and_then(|r| r.ok()).map(|m| view! {
                <p data-testid="revealed-mobile"><a href=format!("tel:{m}")>{m.clone()}</a></p>
            })}
        </ActionForm>
    }
}

/// A store manager's overrides: hand the reservation to someone else, mark the arrival, void
/// it, or record the callback of a website booking.
#[component]
fn ManagerActions(r: ReservationRow, act: ServerAction<ActOnReservation>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version, store_id) = (r.id, r.version, r.store_id);
    let staff = Resource::new(move || (), move |_| store_staff(store_id));
    let to = RwSignal::new(String::new());
    let send = move |action: QueueAction| {
        act.dispatch(ActOnReservation {
            id,
            version,
            action,
        });
    };
    let open = r.status.is_open() && r.service != Service::Closed;
    // Hand over a customer in the store, or give a booking still to come its consultant (分配:
    // a called-back web booking has nobody).
    let transferable = r.status == Status::NotArrived
        && matches!(
            r.service,
            Service::Waiting | Service::Serving | Service::Scheduled
        );
    let assign_label = if r.consultant_id.is_none() {
        Msg::AssignTo
    } else {
        Msg::TransferTo
    };
    let arrive = r.status == Status::NotArrived && r.service == Service::Scheduled;
    let callback = r.status == Status::NeedsCallback;
    let voidable = open && matches!(r.service, Service::Scheduled | Service::Waiting);
    let current = r.consultant_id;
    view! {
        <div class="card-actions manager-actions" data-testid="manager-actions">
            {move || act.value().get().and_then(|r| r.err()).map(|e| view! { <p class="alert alert-error" role="alert">{e.message().text(i18n.lang())}</p> })}
            {transferable.then(|| view! {
                <div class="inline-group">
                    <label for="d-transfer">{t(assign_label)}</label>
                    <select id="d-transfer" data-testid="assign-select" on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        <Suspense>{move || Suspend::new(async move {
                            staff.await.unwrap_or_default().into_iter().filter(|s| Some(s.id) != current).map(|s| view! { <option value=s.id>{s.name}</option> }).collect_view()
                        })}</Suspense>
                    </select>
                    <button class="btn" data-testid="assign-button" disabled=move || to.get().is_empty() on:click=move |_| {
                        if let Ok(to) = to.get_untracked().parse() { send(QueueAction::Transfer { to }); }
                    }>{t(assign_label)}</button>
                </div>
            })}
            {arrive.then(|| view! { <button class="btn" on:click=move |_| send(QueueAction::Arrive)>{t(Msg::Arrived)}</button> })}
            {callback.then(|| view! { <button class="btn" on:click=move |_| send(QueueAction::CalledBack)>{t(Msg::CalledBack)}</button> })}
            {voidable.then(|| view! {
                <details class="confirm-box" data-testid="void-box">
                    <summary class="btn btn-danger">{t(ReservationsMsg::VoidAction)}</summary>
                    <p class="inline-group">
                        <span class="muted">{t(ReservationsMsg::ConfirmVoidReservation)}</span>
                        <button class="btn btn-danger" data-testid="confirm-void" on:click=move |_| send(QueueAction::Void)>{t(ReservationsMsg::VoidAction)}</button>
                    </p>
                </details>
            })}
        </div>
    }
}
