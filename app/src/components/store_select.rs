//! The 体验店 filter of a list head office reads across the chain: every store, the URL's
//! `store` selected, 全部门店 first. Shown only to roles that read every store (the server
//! holds everyone else to their own store whatever they send).

use crate::domain::policy::{allows, Permission};
use crate::i18n::{t, Msg};
use crate::model::CurrentUser;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Whether the viewer compares stores (a store filter and a store column on lists).
pub fn sees_all_stores(user: &Option<CurrentUser>) -> bool {
    user.as_ref()
        .is_some_and(|u| allows(u.role, Permission::ReadAllStores))
}

#[component]
pub fn StoreSelect(id: &'static str, testid: &'static str) -> impl IntoView {
    let q = use_query_map();
    let stores = Resource::new(|| (), |_| crate::api::reservations::public_stores());
    view! {
        <label for=id>{t(Msg::ExperienceStore)}</label>
        <select id=id name="store" data-testid=testid>
            <option value="">{t(Msg::AllStores)}</option>
            <Suspense>{move || Suspend::new(async move {
                let current = q.with_untracked(|m| m.get("store").unwrap_or_default());
                stores.await.unwrap_or_default().into_iter().map(|s| {
                    let sel = s.id.to_string() == current;
                    view! { <option value=s.id selected=sel>{s.name}</option> }
                }).collect_view()
            })}</Suspense>
        </select>
    }
}
