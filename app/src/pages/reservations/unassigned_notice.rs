//! The manager's prompt for bookings nobody has been given (a called-back web booking has no
//! consultant): how many, and a link to the list of them. Follows live updates.

use crate::api::reservations::search_reservations;
use crate::components::live::use_live_tick;
use crate::i18n::{use_i18n, Msg};
use crate::model::{PageReq, ReservationFilter};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn UnassignedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let tick = use_live_tick();
    let count = Resource::new(
        move || tick.get(),
        |_| async move {
            let filter = ReservationFilter {
                unassigned: true,
                ..Default::default()
            };
            let req = PageReq {
                per_page: 1,
                ..PageReq::default()
            };
            search_reservations(filter, req)
                .await
                .map(|p| p.total)
                .unwrap_or(0)
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let n = count.await;
                (n > 0).then(|| view! {
                    <p class="alert alert-warn" role="status" data-testid="unassigned-notice">
                        <A href="/reservations?unassigned=1">
                            {move || crate::i18n::catalogue::fill(Msg::UnassignedNotice.text(i18n.lang()), &[("n", n.to_string())])}
                        </A>
                    </p>
                })
            })}
        </Transition>
    }
}
