//! The main menu: one table of (path, label, icon, permission), filtered by the policy. A new
//! area adds one line here.

use crate::domain::policy::{allows, Permission, Role};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// One menu entry; `permission: None` is for everyone signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub path: &'static str,
    pub label: Msg,
    pub icon: &'static str,
    pub permission: Option<Permission>,
}

const fn item(
    path: &'static str,
    label: Msg,
    icon: &'static str,
    permission: Option<Permission>,
) -> NavItem {
    NavItem {
        path,
        label,
        icon,
        permission,
    }
}

/// Every menu entry, in menu order.
pub const NAV: &[NavItem] = &[
    item("/", Msg::NavHome, "⌂", None),
    item(
        "/reservations/new",
        Msg::NavNewReservation,
        "+",
        Some(Permission::UseWorkspace),
    ),
    item(
        "/reservations",
        Msg::NavReservations,
        "☰",
        Some(Permission::ReadFloor),
    ),
    item("/goods", Msg::NavGoods, "◇", Some(Permission::ReadFloor)),
    item("/sales", Msg::NavSales, "¥", Some(Permission::ReadFloor)),
    item(
        "/sales/gold",
        Msg::GoldPrices,
        "Au",
        Some(Permission::SetGoldPrice),
    ),
    item(
        "/sales/takings",
        Msg::NavTakings,
        "∑",
        Some(Permission::ReadTakings),
    ),
    item(
        "/admin/stores",
        Msg::NavStores,
        "▦",
        Some(Permission::ManageStores),
    ),
    item(
        "/admin/staff",
        Msg::NavStaff,
        "☺",
        Some(Permission::ManageStaff),
    ),
    item(
        "/admin/dictionaries",
        Msg::NavDictionaries,
        "≡",
        Some(Permission::ManageDictionaries),
    ),
    item(
        "/admin/audit",
        Msg::NavAudit,
        "✎",
        Some(Permission::ReadAudit),
    ),
    item("/admin/sms", Msg::NavSms, "✉", Some(Permission::ReadAudit)),
    item(
        "/goods/import",
        Msg::NavImport,
        "⇪",
        Some(Permission::ImportItems),
    ),
    item(
        "/admin/tokens",
        Msg::NavApiTokens,
        "⚿",
        Some(Permission::ManageApiTokens),
    ),
    item(
        "/admin/backups",
        Msg::NavBackups,
        "⛁",
        Some(Permission::ManageBackups),
    ),
];

/// The entries a role sees.
pub fn nav_for(role: Role) -> impl Iterator<Item = &'static NavItem> {
    NAV.iter()
        .filter(move |i| i.permission.is_none_or(|p| allows(role, p)))
}

#[component]
pub fn NavBar(role: Role) -> impl IntoView {
    view! {
        <nav class="nav" aria-label="main">
            <ul>
                {nav_for(role)
                    .map(|i| {
                        view! {
                            <li>
                                <A href=i.path exact=true>
                                    <span class="icon" aria-hidden="true">{i.icon}</span>
                                    <span class="label">{t(i.label)}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::may_open_path;

    fn paths(role: Role) -> Vec<&'static str> {
        nav_for(role).map(|i| i.path).collect()
    }

    #[test]
    fn each_role_sees_its_menu() {
        assert_eq!(
            paths(Role::Consultant),
            [
                "/",
                "/reservations/new",
                "/reservations",
                "/goods",
                "/sales"
            ]
        );
        assert_eq!(
            paths(Role::StoreManager),
            [
                "/",
                "/reservations/new",
                "/reservations",
                "/goods",
                "/sales",
                "/sales/takings"
            ]
        );
        assert_eq!(
            paths(Role::HeadOffice),
            [
                "/",
                "/reservations",
                "/goods",
                "/sales",
                "/sales/gold",
                "/sales/takings",
                "/goods/import"
            ]
        );
        assert_eq!(
            paths(Role::Admin),
            [
                "/",
                "/admin/stores",
                "/admin/staff",
                "/admin/dictionaries",
                "/admin/audit",
                "/admin/sms",
                "/goods/import",
                "/admin/tokens",
                "/admin/backups"
            ]
        );
    }

    #[test]
    fn nobody_is_offered_a_page_they_may_not_open_and_paths_are_unique() {
        for role in Role::ALL {
            for i in nav_for(role) {
                assert!(may_open_path(role, i.path), "{role:?} {}", i.path);
            }
        }
        let mut all: Vec<_> = NAV.iter().map(|i| i.path).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), NAV.len());
    }
}
