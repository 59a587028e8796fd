//! The main menu: one table of (path, label, icon, permission), filtered by the policy. A new
//! area adds one line here.

use crate::domain::policy::{allows, home_path, Permission, Role};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// One menu entry; `permission: None` is for everyone signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub path: &'static str,
    pub label: Msg,
    /// The menu icon: a file of `public/icons/menu/` (`<name>.svg`), drawn by the stylesheet.
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
    item("/", Msg::NavHome, "home", None),
    item(
        "/reservations/new",
        Msg::NavNewReservation,
        "calendar-plus",
        Some(Permission::UseWorkspace),
    ),
    item(
        "/reservations",
        Msg::NavReservations,
        "calendar",
        Some(Permission::ReadFloor),
    ),
    item(
        "/goods",
        Msg::NavGoods,
        "diamond",
        Some(Permission::ReadFloor),
    ),
    item(
        "/customers",
        Msg::NavCustomers,
        "customer",
        Some(Permission::ReadCustomers),
    ),
    item("/sales", Msg::NavSales, "yuan", Some(Permission::ReadFloor)),
    item(
        "/sales/gold",
        Msg::GoldPrices,
        "gold",
        Some(Permission::SetGoldPrice),
    ),
    item(
        "/sales/takings",
        Msg::NavTakings,
        "receipt",
        Some(Permission::ReadTakings),
    ),
    item(
        "/devices",
        Msg::NavDevices,
        "tablet",
        Some(Permission::ManageDevices),
    ),
    item(
        "/admin/stores",
        Msg::NavStores,
        "store",
        Some(Permission::ManageStores),
    ),
    item(
        "/admin/staff",
        Msg::NavStaff,
        "people",
        Some(Permission::ManageStaff),
    ),
    item(
        "/admin/dictionaries",
        Msg::NavDictionaries,
        "book",
        Some(Permission::ManageDictionaries),
    ),
    item(
        "/admin/audit",
        Msg::NavAudit,
        "clipboard",
        Some(Permission::ReadAudit),
    ),
    item(
        "/admin/sms",
        Msg::NavSms,
        "mail",
        Some(Permission::ReadAudit),
    ),
    item(
        "/goods/import",
        Msg::NavImport,
        "upload",
        Some(Permission::ImportItems),
    ),
    item(
        "/admin/tokens",
        Msg::NavApiTokens,
        "key",
        Some(Permission::ManageApiTokens),
    ),
    item(
        "/admin/backups",
        Msg::NavBackups,
        "database",
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
                                <A href=if i.path == "/" { home_path(role) } else { i.path } exact=true>
                                    <span class="icon" aria-hidden="true" data-icon=i.icon></span>
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
                "/customers",
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
                "/customers",
                "/sales",
                "/sales/takings",
                "/devices"
            ]
        );
        assert_eq!(
            paths(Role::HeadOffice),
            [
                "/",
                "/reservations",
                "/goods",
                "/customers",
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

    /// Every entry's icon is an SVG shipped with the app and drawn by the stylesheet (no
    /// Unicode glyph a tablet's fonts may lack: ⚿ showed as an empty box).
    #[test]
    fn every_menu_icon_is_an_svg_the_stylesheet_draws() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let css = std::fs::read_to_string(format!("{root}/style/main.css")).unwrap();
        for i in NAV {
            let file = format!("{root}/public/icons/menu/{}.svg", i.icon);
            let svg = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(
                svg.starts_with("<svg ") && svg.contains("viewBox=\"0 0 24 24\""),
                "{file}"
            );
            let rule = format!(
                ".icon[data-icon=\"{0}\"] {{ --icon: url(/icons/menu/{0}.svg); }}",
                i.icon
            );
            assert!(css.contains(&rule), "no rule for {}", i.icon);
            assert!(i.icon.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }
}
