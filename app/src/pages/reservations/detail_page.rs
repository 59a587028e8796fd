use crate::api::reservations::{reservation_detail, status_msg};
use crate::components::error_note::ErrorNote;
use crate::domain::time::format_local;
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One reservation with its full history (every change of status, owner or service state).
#[component]
pub fn ReservationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or_default()
    });
    let data = Resource::new(move || id.get(), reservation_detail);
    view! {
        <Title text=t(Msg::ReservationDetails)/>
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok((r, history)) => view! {
                            <h1>{t(Msg::ReservationDetails)}" · "{r.number.clone()}</h1>
                            <dl class="facts">
                                <dt>{t(Msg::CustomerName)}</dt><dd>{r.customer_name.clone()}</dd>
                                <dt>{t(Msg::Mobile)}</dt><dd>{r.mobile.clone()}</dd>
                                <dt>{t(Msg::ExperienceStore)}</dt><dd>{r.store_name.clone()}</dd>
                                <dt>{t(Msg::Consultant)}</dt><dd>{r.consultant_name.clone().unwrap_or_else(|| "—".into())}</dd>
                                <dt>{t(Msg::VisitAt)}</dt><dd>{format_local(r.visit_at, "Asia/Shanghai")}</dd>
                                <dt>{t(Msg::Source)}</dt><dd>{r.source.clone()}</dd>
                                <dt>{t(Msg::Needs)}</dt><dd>{r.needs.clone()}</dd>
                                <dt>{t(Msg::NeedLevel)}</dt><dd>{r.need_level.clone()}</dd>
                                <dt>{t(Msg::Status)}</dt><dd data-testid="detail-status">{t(status_msg(r.status))}</dd>
                                <dt>{t(Msg::Outcome)}</dt><dd>{r.outcome.clone()}</dd>
                            </dl>
                            <h2>{t(Msg::History)}</h2>
                            <table class="table cards-on-phone" data-testid="history">
                                <thead><tr><th>{t(Msg::When)}</th><th>{t(Msg::Who)}</th><th>{t(Msg::What)}</th><th>{t(Msg::Details)}</th></tr></thead>
                                <tbody>
                                    {history.into_iter().map(|h| view! {
                                        <tr>
                                            <td data-label=t(Msg::When)>{format_local(h.at, "Asia/Shanghai")}</td>
                                            <td data-label=t(Msg::Who)>{h.actor_name}</td>
                                            <td data-label=t(Msg::What)>{h.kind}</td>
                                            <td data-label=t(Msg::Details)>{format!("{} → {}", h.from_value, h.to_value)}{(!h.note.is_empty()).then(|| format!(" · {}", h.note))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
