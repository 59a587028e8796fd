use crate::api::reservations::sms_outbox;
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::i18n::{t, Msg};
use crate::model::PageReq;
use crate::pages::reservations::msg::ReservationsMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The SMS outbox, newest first (admins).
#[component]
pub fn SmsPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ReadAudit>
            <SmsList/>
        </RequirePermission>
    }
}

#[component]
fn SmsList() -> impl IntoView {
    let q = use_query_map();
    let req =
        Memo::new(move |_| q.with(|m| PageReq::from_query(m.get("page").as_deref(), None, None)));
    let data = Resource::new(move || req.get(), sms_outbox);
    view! {
        <Title text=crate::i18n::title(Msg::NavSms)/>
        <section class="page">
            <h1>{t(Msg::NavSms)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(page) => {
                            let pages = page.pages();
                            view! {
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="sms-table">
                                    <thead><tr><th>{t(Msg::When)}</th><th>{t(ReservationsMsg::Mobile)}</th><th>{t(Msg::Status)}</th><th>{t(Msg::Details)}</th></tr></thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! { <tr class="empty-row"><td colspan="4"><crate::components::empty_state::EmptyState text=t(ReservationsMsg::EmptySms)/></td></tr> })}
                                        {page.items.into_iter().map(|m| view! {
                                            <tr>
                                                <td data-label=t(Msg::When)>{use_zone().format(m.created_at)}</td>
                                                <td data-label=t(ReservationsMsg::Mobile)>{m.to_mobile}</td>
                                                <td data-label=t(Msg::Status)>
                                                    <span class=format!("state-tag tone-{}", sms_tone(&m.status)) data-testid="sms-status">{t(sms_status_msg(&m.status))}</span>
                                                    {(!m.provider.is_empty()).then(|| view! { " "<span class="muted">{provider_label(m.provider.clone())}</span> })}
                                                </td>
                                                <td data-label=t(Msg::Details)>{m.body}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager page=page.page pages total=page.total path="/admin/sms" keep=vec![]/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// An outbox status in words (`pending`, `sent`, `failed` are what the sender stores).
fn sms_status_msg(status: &str) -> Msg {
    match status {
        "pending" => Msg::SmsPending,
        "sent" => Msg::SmsSent,
        "failed" => Msg::SmsFailed,
        _ => Msg::SmsUnknown,
    }
}

fn sms_tone(status: &str) -> &'static str {
    match status {
        "sent" => "ok",
        "failed" => "attention",
        _ => "neutral",
    }
}

/// Which gateway took it: the built-in provider only records messages ("log").
fn provider_label(provider: String) -> impl IntoView {
    move || match provider.as_str() {
        "log" => t(ReservationsMsg::SmsProviderLog)().to_string(),
        other => other.to_string(),
    }
}
