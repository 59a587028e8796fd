use crate::api::reservations::{
    check_mobile, dictionary_options, store_staff, ActOnReservation, CreateReservation,
};
use crate::components::layout::use_user;
use crate::components::layout::use_zone;
use crate::components::posted::{keep_typed, posted};
use crate::components::require_role::RequirePermission;
use crate::domain::mobile::{typing_error, Mobile};
use crate::domain::policy::Permission;
use crate::domain::validate::error_for;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{QueueAction, ReservationInput};
use crate::pages::reservations::msg::ReservationsMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn NewReservationPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::UseWorkspace>
            <NewReservationForm/>
        </RequirePermission>
    }
}

#[component]
fn NewReservationForm() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_user();
    let store_id = user.as_ref().and_then(|u| u.store_id).unwrap_or_default();
    let store_name = user
        .as_ref()
        .and_then(|u| u.store_name.clone())
        .unwrap_or_default();
    // "Now", as the server saw it when the page was rendered (no clock mismatch on hydration).
    let now = SharedValue::new(|| use_zone().format_input(chrono::Utc::now())).into_inner();

    let create = ServerAction::<CreateReservation>::new();
    // A form posted without JavaScript comes back here: refilled when it was refused.
    let typed = posted(create)
        .filter(|_| matches!(create.value().get_untracked(), Some(Err(_))))
        .map(|a| a.input);
    let first = |f: fn(&ReservationInput) -> &String, or: &str| {
        typed
            .as_ref()
            .map(|i| f(i).clone())
            .unwrap_or_else(|| or.to_string())
    };
    let name = RwSignal::new(first(|i| &i.name, ""));
    let mobile = RwSignal::new(first(|i| &i.mobile, ""));
    let email = RwSignal::new(first(|i| &i.email, ""));
    let qq = RwSignal::new(first(|i| &i.qq, ""));
    let consultant = RwSignal::new(first(|i| &i.consultant_id, "auto"));
    let visit_at = RwSignal::new(first(|i| &i.visit_at, &now));
    let source = RwSignal::new(first(|i| &i.source, ""));
    let needs = RwSignal::new(first(|i| &i.needs, ""));
    let level = RwSignal::new(first(|i| &i.need_level, ""));
    // What the server renders into the fields (a `prop:value` is not rendered).
    let initial = |s: RwSignal<String>| s.get_untracked();
    keep_typed(&[
        ("r-name", name),
        ("r-mobile", mobile),
        ("r-email", email),
        ("r-qq", qq),
        ("r-consultant", consultant),
        ("r-visit", visit_at),
        ("r-source", source),
        ("r-needs", needs),
        ("r-level", level),
    ]);

    let staff = Resource::new(move || (), move |_| store_staff(store_id));
    let levels = Resource::new(|| (), |_| dictionary_options("need_level".into()));
    let sources = Resource::new(|| (), |_| dictionary_options("source".into()));

    // As-you-type check of the mobile number (the same rule the server applies).
    let mobile_left = RwSignal::new(false);
    let mobile_hint = Memo::new(move |_| typing_error(&mobile.get(), mobile_left.get()));
    let complete = Memo::new(move |_| Mobile::parse(&mobile.get()).map(|m| m.as_str().to_string()));
    let lookup = Resource::new(
        move || complete.get(),
        |m| async move {
            match m {
                Some(m) => check_mobile(m).await.ok(),
                None => None,
            }
        },
    );

    let arrive = ServerAction::<ActOnReservation>::new();
    let errors = Signal::derive(move || match create.value().get() {
        Some(Err(e)) => e.field_errors().to_vec(),
        _ => Vec::new(),
    });
    let err = move |field: &'static str| {
        move || error_for(&errors.get(), field).map(|m| m.text(i18n.lang()))
    };
    let created = move || create.value().get().and_then(|r| r.ok());
    let general_error = move || match create.value().get() {
        Some(Err(e)) => Some(e.message().text(i18n.lang())),
        _ => None,
    };
    // A fresh form after a successful save.
    let reset_to = now.clone();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            for s in [name, mobile, email, qq, source, needs, level] {
                s.set(String::new());
            }
            consultant.set("auto".into());
            visit_at.set(reset_to.clone());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateReservation {
            input: ReservationInput {
                name: name.get_untracked(),
                mobile: mobile.get_untracked(),
                email: email.get_untracked(),
                qq: qq.get_untracked(),
                store_id: store_id.to_string(),
                consultant_id: consultant.get_untracked(),
                visit_at: visit_at.get_untracked(),
                source: source.get_untracked(),
                needs: needs.get_untracked(),
                need_level: level.get_untracked(),
            },
        });
    };

    view! {
        <Title text=crate::i18n::title(Msg::NavNewReservation)/>
        <section class="page narrow">
            <h1>{t(Msg::NavNewReservation)}</h1>
            {move || created().map(|c| view! {
                <p class="alert alert-ok" role="status" data-testid="created">
                    {t(ReservationsMsg::Created)}" · "<strong data-testid="created-number">{c.number.clone()}</strong>" · "{t(ReservationsMsg::AssignedTo)}" "
                    <strong data-testid="assigned-to">{c.consultant_name.clone().unwrap_or_default()}</strong>
                    {c.reason.clone().map(|r| view! { <span data-testid="assigned-why">{move || format!(" （{}）", crate::pages::reservations::history::reason(&r, i18n.lang()))}</span> })}
                </p>
                {c.outside_hours.clone().map(|o| view! {
                    <p class="alert alert-warn" role="status" data-testid="outside-hours">{move || o.describe(i18n.lang())}</p>
                })}
            })}
            {move || general_error().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <form class="stack" method="post" action=CreateReservation::url() on:submit=submit data-testid="reservation-form" novalidate>
                <input type="hidden" name="input[store_id]" value=store_id.to_string()/>
                <div class="field" class:has-error=move || err("name")().is_some()>
                    <label for="r-name">{t(ReservationsMsg::CustomerName)}</label>
                    <input id="r-name" name="input[name]" value=initial(name) prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) autocomplete="off"/>
                    <p class="field-error">{err("name")}</p>
                </div>
                <div class="field" class:has-error=move || mobile_hint.get().is_some() || err("mobile")().is_some()>
                    <label for="r-mobile">{t(ReservationsMsg::Mobile)}</label>
                    <input id="r-mobile" name="input[mobile]" type="tel" inputmode="numeric" maxlength="11" value=initial(mobile) prop:value=mobile
                        on:input=move |ev| mobile.set(event_target_value(&ev).trim().to_string())
                        on:change=move |_| mobile_left.set(true) autocomplete="off"/>
                    <p class="field-error" data-testid="mobile-error">
                        {move || mobile_hint.get().map(|m| m.text(i18n.lang())).or_else(err("mobile"))}
                    </p>
                </div>
                <Suspense>
                    {move || Suspend::new(async move {
                        let found = lookup.await;
                        found.map(|check| {
                            if let Some(open) = check.open_reservation {
                                let (id, version) = (open.id, open.version);
                                let can_arrive = open.service == crate::domain::reservation::Service::Scheduled;
                                view! {
                                    <div class="notice" data-testid="open-reservation">
                                        <p><strong>{t(ReservationsMsg::OpenReservationFound)}</strong></p>
                                        <p>{open.number.clone()}" · "{open.customer_name.clone()}" · "{use_zone().format(open.visit_at)}
                                           " · "{open.consultant_name.clone().unwrap_or_default()}</p>
                                        {can_arrive.then(|| view! {
                                            <button type="button" class="btn btn-primary"
                                                on:click=move |_| { arrive.dispatch(ActOnReservation { id, version, action: QueueAction::Arrive }); }>
                                                {t(Msg::Arrived)}
                                            </button>
                                        })}
                                        {move || arrive.value().get().map(|r| match r {
                                            Ok(_) => view! { <span class="ok" data-testid="arrived-ok">" ✓"</span> }.into_any(),
                                            Err(e) => view! { <span class="field-error">{e.message().text(i18n.lang())}</span> }.into_any(),
                                        })}
                                    </div>
                                }.into_any()
                            } else if let Some(c) = check.customer {
                                let c2 = c.clone();
                                view! {
                                    <div class="notice" data-testid="member-found">
                                        <p><strong>{t(ReservationsMsg::MemberFound)}</strong></p>
                                        <p>{c.name.clone()}{c.member_no.clone().map(|n| format!(" · {n}"))}</p>
                                        <button type="button" class="btn btn-primary" on:click=move |_| {
                                            name.set(c2.name.clone());
                                            email.set(c2.email.clone());
                                            qq.set(c2.qq.clone());
                                        }>{t(ReservationsMsg::UseMember)}</button>
                                    </div>
                                }.into_any()
                            } else if let Some(home) = check.chain_customer_of {
                                view! {
                                    <div class="notice" data-testid="chain-customer">
                                        <p><strong>{t(ReservationsMsg::ChainCustomerOf)}</strong>
                                            {(!home.is_empty()).then(|| format!("（{home}）"))}</p>
                                        <p>{t(ReservationsMsg::ChainCustomerBookAnyway)}</p>
                                    </div>
                                }.into_any()
                            } else {
                                ().into_any()
                            }
                        })
                    })}
                </Suspense>
                <div class="field" class:has-error=move || err("email")().is_some()>
                    <label for="r-email">{t(ReservationsMsg::Email)}</label>
                    <input id="r-email" name="input[email]" type="email" value=initial(email) prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                    <p class="field-error">{err("email")}</p>
                </div>
                <div class="field">
                    <label for="r-qq">{t(ReservationsMsg::QqMsn)}</label>
                    <input id="r-qq" name="input[qq]" value=initial(qq) prop:value=qq on:input=move |ev| qq.set(event_target_value(&ev))/>
                    <p class="field-error">{err("qq")}</p>
                </div>
                <div class="field" class:has-error=move || err("store_id")().is_some()>
                    <label for="r-store">{t(Msg::ExperienceStore)}</label>
                    <select id="r-store" disabled=true><option value=store_id selected=true>{store_name.clone()}</option></select>
                    <p class="field-error">{err("store_id")}</p>
                </div>
                <div class="field" class:has-error=move || err("consultant_id")().is_some()>
                    <label for="r-consultant">{t(Msg::Consultant)}</label>
                    <select id="r-consultant" name="input[consultant_id]" prop:value=consultant on:change=move |ev| consultant.set(event_target_value(&ev))>
                        <option value="auto">{t(ReservationsMsg::AutoAssign)}</option>
                        <Suspense>
                            {move || Suspend::new(async move {
                                let chosen = consultant.get_untracked();
                                staff.await.unwrap_or_default().into_iter().map(|s| view! {
                                    <option value=s.id selected=s.id.to_string() == chosen>{format!("{} · {}{}", s.name, s.role.msg().text(i18n.lang()), if s.on_duty { "" } else { " ·—" })}</option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                    <p class="field-error" data-testid="consultant-error">{err("consultant_id")}</p>
                </div>
                <div class="field" class:has-error=move || err("visit_at")().is_some()>
                    <label for="r-visit">{t(Msg::VisitAt)}</label>
                    <input id="r-visit" name="input[visit_at]" type="datetime-local" value=initial(visit_at) prop:value=visit_at on:input=move |ev| visit_at.set(event_target_value(&ev))/>
                    <p class="field-error">{err("visit_at")}</p>
                </div>
                <div class="field">
                    <label for="r-source">{t(ReservationsMsg::Source)}</label>
                    <input id="r-source" name="input[source]" list="r-sources" value=initial(source) prop:value=source on:input=move |ev| source.set(event_target_value(&ev))/>
                    <datalist id="r-sources">
                        <Suspense>
                            {move || Suspend::new(async move {
                                sources.await.unwrap_or_default().into_iter().map(|d| {
                                    let label = d.label(i18n.lang()).to_string();
                                    view! { <option value=label></option> }
                                }).collect_view()
                            })}
                        </Suspense>
                    </datalist>
                    <p class="field-error">{err("source")}</p>
                </div>
                <div class="field">
                    <label for="r-needs">{t(ReservationsMsg::Needs)}</label>
                    <textarea id="r-needs" name="input[needs]" rows="3" prop:value=needs on:input=move |ev| needs.set(event_target_value(&ev))>{initial(needs)}</textarea>
                    <p class="field-error">{err("needs")}</p>
                </div>
                <div class="field">
                    <label for="r-level">{t(ReservationsMsg::NeedLevel)}</label>
                    <select id="r-level" name="input[need_level]" prop:value=level on:change=move |ev| level.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        <Suspense>
                            {move || Suspend::new(async move {
                                let chosen = level.get_untracked();
                                levels.await.unwrap_or_default().into_iter().map(|d| {
                                    let label = d.label(i18n.lang()).to_string();
                                    let selected = d.code == chosen;
                                    view! { <option value=d.code.clone() selected=selected>{label}</option> }
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </div>
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>
                        {move || if create.pending().get() { t(Msg::Saving)() } else { t(Msg::Save)() }}
                    </button>
                </div>
            </form>
        </section>
    }
}
