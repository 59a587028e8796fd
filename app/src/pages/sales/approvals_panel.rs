//! The store manager's approval queue on the workspace: sales waiting for a discount approval,
//! refreshed live when a consultant asks (Server-Sent Events).

use crate::api::sales::list_sales;
use crate::components::live::use_live_tick;
use crate::domain::sale::yuan;
use crate::i18n::{t, Msg};
use crate::model::{PageReq, SaleFilter};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ApprovalsPanel() -> impl IntoView {
    let tick = use_live_tick();
    let data = Resource::new(
        move || tick.get(),
        |_| {
            list_sales(
                SaleFilter {
                    approval: "pending".into(),
                    status: "draft".into(),
                    ..Default::default()
                },
                PageReq::from_query(Some("1"), Some("created"), Some("asc")),
            )
        },
    );
    view! {
        <section class="approvals" data-testid="approvals-panel">
            <h2>{t(Msg::ApprovalQueue)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let page = data.await.ok();
                    let items = page.map(|p| p.items).unwrap_or_default();
                    view! {
                        <ul class="queue" data-testid="approvals">
                            {items.is_empty().then(|| view! { <li class="muted">{t(Msg::Empty)}</li> })}
                            {items.into_iter().map(|s| view! {
                                <li>
                                    <A href=format!("/sales/{}", s.id)>{format!("#{}", s.id)}</A>
                                    " "{s.consultant_name}" · "{s.customer_name}" · ¥"{yuan(s.total)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
        </section>
    }
}
