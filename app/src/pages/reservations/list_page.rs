use crate::api::reservations::{
    dictionary_options, search_reservations, shown_msg, status_msg, store_staff, ActOnReservation,
};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_user;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::query::href;
use crate::components::sort_header::SortTh;
use crate::components::store_select::{sees_all_stores, StoreSelect};
use crate::domain::policy::{allows, Permission};
use crate::domain::reservation::{Service, Status};
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{PageReq, ReservationFilter};
use crate::pages::reservations::msg::ReservationsMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const PATH: &str = "/reservations";

/// 预约查询: search by phone fragment, name, style number, dates, level, status; the state lives
/// in the URL; paged, sortable, exportable.
#[component]
pub fn ReservationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_user();
    let readable = user.as_ref().is_some_and(|u| {
        allows(u.role, Permission::UseWorkspace) || allows(u.role, Permission::ReadStore)
    });
    if !readable {
        return view! { <crate::components::require_role::Forbidden/> }.into_any();
    }
    let manager = user
        .as_ref()
        .is_some_and(|u| allows(u.role, Permission::AssignInStore));
    let q = use_query_map();
    let state = Memo::new(move |_| {
        q.with(|m| {
            let g = |k: &str| m.get(k).unwrap_or_default();
            let filter = ReservationFilter {
                phone: g("phone"),
                name: g("name"),
                style: g("style"),
                from: g("from"),
                to: g("to"),
                need_level: g("need_level"),
                status: Status::parse(&g("status")),
                store_id: g("store").parse().ok(),
                consultant_id: g("consultant").parse().ok(),
                unassigned: g("unassigned") == "1",
            };
            let dir = m.get("dir").unwrap_or_else(|| "desc".into());
            (
                filter,
                PageReq::from_query(
                    m.get("page").as_deref(),
                    m.get("sort").as_deref(),
                    Some(dir.as_str()),
                ),
            )
        })
    });
    let own_store = user.as_ref().and_then(|u| u.store_id);
    // Head office compares stores: a store column and a store filter.
    let chain = sees_all_stores(&user);
    let levels = Resource::new(|| (), |_| dictionary_options("need_level".into()));
    let colleagues = Resource::new(
        move || (),
        move |_| async move {
            match own_store {
                Some(s) if manager => store_staff(s).await.unwrap_or_default(),
                _ => Vec::new(),
            }
        },
    );
    let act = ServerAction::<ActOnReservation>::new();
    // An action posted without JavaScript comes back with its outcome.
    let _ = crate::components::posted::posted(act);
    let data = Resource::new(
        move || (state.get(), act.version().get()),
        |((f, r), _)| search_reservations(f, r),
    );
    let act_error = Signal::derive(move || act.value().get().and_then(|r| r.err()));
    let filters_of = |f: &ReservationFilter| {
        vec![
            ("phone", f.phone.clone()),
            ("name", f.name.clone()),
            ("style", f.style.clone()),
            ("from", f.from.clone()),
            ("to", f.to.clone()),
            ("need_level", f.need_level.clone()),
            (
                "status",
                f.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            ),
            (
                "store",
                f.store_id.map(|s| s.to_string()).unwrap_or_default(),
            ),
            (
                "consultant",
                f.consultant_id.map(|s| s.to_string()).unwrap_or_default(),
            ),
            (
                "unassigned",
                if f.unassigned {
                    "1".into()
                } else {
                    String::new()
                },
            ),
        ]
    };
    let value = move |k: &'static str| move || q.with(|m| m.get(k).unwrap_or_default());
    view! {
        <Title text=crate::i18n::title(Msg::NavReservations)/>
        <section class="page">
            <div class="page-head">
                <h1>{t(Msg::NavReservations)}</h1>
                <div class="head-actions">
                    <a class="btn" data-testid="export-csv" rel="external" download=""
                        href=move || href("/reservations/export.csv", &filters_of(&state.get().0))>{t(Msg::ExportCsv)}</a>
                    {allows_new(&user).then(|| view! { <A href="/reservations/new" attr:class="btn btn-primary">{t(Msg::NavNewReservation)}</A> })}
                </div>
            </div>
            <Form method="GET" action="" attr:class="filters" attr:data-testid="reservation-filters">
                <div class="field"><label for="s-phone">{t(ReservationsMsg::PhoneFragment)}</label><input id="s-phone" name="phone" inputmode="numeric" value=value("phone")/></div>
                <div class="field"><label for="s-name">{t(ReservationsMsg::NameFragment)}</label><input id="s-name" name="name" value=value("name")/></div>
                <div class="field"><label for="s-style">{t(Msg::StyleNumber)}</label><input id="s-style" name="style" value=value("style")/></div>
                <div class="field"><label for="s-from">{t(Msg::DateFrom)}</label><input id="s-from" type="date" name="from" value=value("from")/></div>
                <div class="field"><label for="s-to">{t(Msg::DateTo)}</label><input id="s-to" type="date" name="to" value=value("to")/></div>
                <div class="field">
                    <label for="s-status">{t(Msg::Status)}</label>
                    <select id="s-status" name="status">
                        <option value="">{t(Msg::AnyStatus)}</option>
                        {Status::ALL.into_iter().map(|s| {
                            let sel = move || q.with(|m| m.get("status").as_deref() == Some(s.as_str()));
                            view! { <option value=s.as_str() selected=sel>{t(status_msg(s))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="s-level">{t(ReservationsMsg::NeedLevel)}</label>
                    <select id="s-level" name="need_level">
                        <option value="">{t(ReservationsMsg::AnyLevel)}</option>
                        <Suspense>{move || Suspend::new(async move {
                            let current = q.with_untracked(|m| m.get("need_level").unwrap_or_default());
                            levels.await.unwrap_or_default().into_iter().map(|d| {
                                let sel = d.code == current;
                                let label = d.label(i18n.lang()).to_string();
                                view! { <option value=d.code.clone() selected=sel>{label}</option> }
                            }).collect_view()
                        })}</Suspense>
                    </select>
                </div>
                {chain.then(|| view! { <div class="field"><StoreSelect id="s-store" testid="reservations-store"/></div> })}
                {manager.then(|| view! {
                    <div class="field">
                        <label for="s-consultant">{t(Msg::Consultant)}</label>
                        <select id="s-consultant" name="consultant">
                            <option value="">{t(ReservationsMsg::AnyConsultant)}</option>
                            <Suspense>{move || Suspend::new(async move {
                                let current = q.with_untracked(|m| m.get("consultant").unwrap_or_default());
                                colleagues.await.into_iter().map(|s| {
                                    let sel = s.id.to_string() == current;
                                    view! { <option value=s.id selected=sel>{s.name}</option> }
                                }).collect_view()
                            })}</Suspense>
                        </select>
                    </div>
                })}
                {manager.then(|| view! {
                    <label class="check"><input type="checkbox" name="unassigned" value="1" data-testid="only-unassigned"
                        prop:checked=move || value("unassigned")() == "1"/>{t(ReservationsMsg::OnlyUnassigned)}</label>
                })}
                <button type="submit" class="btn btn-primary">{t(Msg::Search)}</button>
            </Form>
            <ErrorNote error=act_error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (f, r) = state.get_untracked();
                    let filters = filters_of(&f);
                    let mut keep = filters.clone();
                    keep.push(("sort", r.sort.clone()));
                    keep.push(("dir", if r.desc { "desc".into() } else { "asc".into() }));
                    let current = (if r.sort.is_empty() { "visit_at".to_string() } else { r.sort.clone() }, r.desc);
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(page) => {
                            let pages = page.pages();
                            view! {
                                <table class="table cards-below-desktop" data-testid="reservations-table">
                                    <thead><tr>
                                        <SortTh label=Msg::Number column="number" path=PATH current=current.clone() keep=filters.clone()/>
                                        <th>{t(ReservationsMsg::CustomerName)}</th>
                                        <th>{t(ReservationsMsg::Mobile)}</th>
                                        <SortTh label=Msg::VisitAt column="visit_at" path=PATH current=current.clone() keep=filters.clone()/>
                                        {chain.then(|| view! { <th>{t(Msg::ExperienceStore)}</th> })}
                                        <th>{t(Msg::Consultant)}</th>
                                        <th>{t(ReservationsMsg::Needs)}</th>
                                        <SortTh label=Msg::Status column="status" path=PATH current=current.clone() keep=filters.clone()/>
                                        <th>{t(Msg::Actions)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="10"><crate::components::empty_state::EmptyState text=t(ReservationsMsg::EmptyReservations)/></td></tr> })}
                                        {page.items.into_iter().map(|r| {
                                            let (id, version) = (r.id, r.version);
                                            let callback = manager && r.status == Status::NeedsCallback;
                                            let arrive = manager && r.status == Status::NotArrived && r.service == Service::Scheduled;
                                            let voidable = manager && r.status.is_open() && matches!(r.service, Service::Scheduled | Service::Waiting);
                                            let shown = crate::domain::reservation::shown(crate::domain::reservation::State { status: r.status, service: r.service });
                                            // Each action posts (it works before the Wasm); 作废 sits apart, behind
                                            // its own confirmation, never beside 到店.
                                            let button = move |action: &'static str, label: Msg| view! {
                                                <ActionForm action=act attr:class="inline">
                                                    <input type="hidden" name="id" value=id/>
                                                    <input type="hidden" name="version" value=version/>
                                                    <button type="submit" class="btn" name="action" value=action>{t(label)}</button>
                                                </ActionForm>
                                            };
                                            view! {
                                                <tr data-testid="reservation-row">
                                                    <td data-label=t(Msg::Number)><A href=format!("/reservations/{id}")>{r.number.clone()}</A></td>
                                                    <td data-label=t(ReservationsMsg::CustomerName)>{r.customer_name.clone()}</td>
                                                    <td data-label=t(ReservationsMsg::Mobile) data-testid="row-mobile" class="nowrap">{r.mobile.clone()}</td>
                                                    <td data-label=t(Msg::VisitAt) class="nowrap">{use_zone().format(r.visit_at)}</td>
                                                    {chain.then(|| view! { <td data-label=t(Msg::ExperienceStore) data-testid="row-store">{r.store_name.clone()}</td> })}
                                                    <td data-label=t(Msg::Consultant)>{match r.consultant_name.clone() {
                                                        Some(name) => view! { <span>{name}</span> }.into_any(),
                                                        // A booking still to come that nobody has: the manager is asked to assign it.
                                                        None if r.status == Status::NotArrived && r.service == Service::Scheduled => view! {
                                                            <A href=format!("/reservations/{id}") attr:class="state-tag tone-attention" attr:data-testid="row-unassigned">{t(ReservationsMsg::Unassigned)}</A>
                                                        }.into_any(),
                                                        None => view! { <span>"—"</span> }.into_any(),
                                                    }}</td>
                                                    <td data-label=t(ReservationsMsg::Needs) class="needs">{r.needs.clone()}</td>
                                                    <td data-label=t(Msg::Status)>
                                                        <span class=format!("state-tag tone-{}", shown.tone()) data-testid="row-status">{move || shown_msg(shown).text(i18n.lang())}</span>
                                                    </td>
                                                    <td class="actions">
                                                        {callback.then(|| button("CalledBack", Msg::CalledBack))}
                                                        {arrive.then(|| button("Arrive", Msg::Arrived))}
                                                        {voidable.then(|| view! {
                                                            <details class="confirm-void" data-testid="void-box">
                                                                <summary class="btn btn-danger">{t(ReservationsMsg::VoidAction)}</summary>
                                                                <ActionForm action=act attr:class="inline">
                                                                    <input type="hidden" name="id" value=id/>
                                                                    <input type="hidden" name="version" value=version/>
                                                                    <span class="muted">{t(ReservationsMsg::ConfirmVoidReservation)}</span>
                                                                    <button type="submit" class="btn btn-danger" name="action" value="Void" data-testid="confirm-void">{t(ReservationsMsg::VoidAction)}</button>
                                                                </ActionForm>
                                                            </details>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pager page=page.page pages total=page.total path=PATH keep/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

fn allows_new(user: &Option<crate::model::CurrentUser>) -> bool {
    user.as_ref()
        .is_some_and(|u| allows(u.role, Permission::UseWorkspace))
}
