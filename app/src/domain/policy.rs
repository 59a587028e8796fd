//! Who may see and do what. Deny by default: a permission not listed for a role is refused.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Consultant,
    StoreManager,
    HeadOffice,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Consultant,
        Role::StoreManager,
        Role::HeadOffice,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Consultant => "consultant",
            Role::StoreManager => "store_manager",
            Role::HeadOffice => "head_office",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// How the role is named to people.
    pub fn msg(self) -> crate::i18n::catalogue::Msg {
        use crate::i18n::catalogue::Msg;
        match self {
            Role::Consultant => Msg::RoleConsultant,
            Role::StoreManager => Msg::RoleStoreManager,
            Role::HeadOffice => Msg::RoleHeadOffice,
            Role::Admin => Msg::RoleAdmin,
        }
    }

    /// Roles whose staff belong to one store (a store is required for them).
    pub fn needs_store(self) -> bool {
        matches!(self, Role::Consultant | Role::StoreManager)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// The personal workspace: own queue, own customers, own figures.
    UseWorkspace,
    /// Read data of the user's own store (all consultants' records of it).
    ReadStore,
    /// Read data of every store.
    ReadAllStores,
    /// Assign and reassign work inside the user's store.
    AssignInStore,
    /// Export lists (CSV) of what the user may read.
    Export,
    /// See full mobile numbers in lists and exports (others see 138****1234).
    SeeFullMobile,
    ManageStores,
    ManageStaff,
    ManageDictionaries,
    ReadAudit,
    /// Import and sync items from the ERP.
    ImportItems,
    /// Create, list and revoke the ERP's API tokens.
    ManageApiTokens,
    /// Approve discounts beyond a consultant's limit, return sales, close the day (店长).
    ManageSales,
    /// Set the day's gold price per material (总部).
    SetGoldPrice,
    /// See the backups and their schedule (系统管理员).
    ManageBackups,
    /// Open the store floor's lists — reservations, goods, sales — each showing only what the
    /// person's data scope covers.
    ReadFloor,
    /// Read a store's daily takings (日结): its managers and head office.
    ReadTakings,
    /// Register and retire the store's shared devices, on which staff switch with a PIN.
    ManageDevices,
    /// Open the customer file (客户): each sees the customers she serves (`may_see_customer`).
    ReadCustomers,
}

pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Consultant => matches!(permission, UseWorkspace | ReadFloor | ReadCustomers),
        Role::StoreManager => matches!(
            permission,
            UseWorkspace
                | ReadStore
                | AssignInStore
                | Export
                | SeeFullMobile
                | ManageSales
                | ReadFloor
                | ReadTakings
                | ManageDevices
                | ReadCustomers
        ),
        Role::HeadOffice => matches!(
            permission,
            ReadStore
                | ReadAllStores
                | Export
                | ImportItems
                | SetGoldPrice
                | ReadFloor
                | ReadTakings
                | ReadCustomers
        ),
        Role::Admin => matches!(
            permission,
            ManageStores
                | ManageStaff
                | ManageDictionaries
                | ReadAudit
                | ReadAllStores
                | ImportItems
                | ManageApiTokens
                | ManageBackups
        ),
    }
}

/// Who is looking at a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub role: Role,
    pub staff_id: i32,
    pub store_id: Option<i32>,
}

/// What ties a customer to staff and stores: her home store, the consultants who have a
/// reservation, sale, hold (later a ticket) with her, and the stores where she has one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerTies {
    pub home_store: Option<i32>,
    pub consultants: Vec<i32>,
    pub stores: Vec<i32>,
}

/// One customer per chain: her personal data (name, contact data, member number) is visible to
/// the consultants who serve her, to the managers of her home store and of every store where
/// she has a reservation, sale or hold, and to head office. Anyone else who types her number
/// learns only that she is a customer of the chain (and of which store).
pub fn may_see_customer(v: Viewer, t: &CustomerTies) -> bool {
    match v.role {
        Role::HeadOffice => true,
        Role::Admin => false,
        Role::StoreManager => v
            .store_id
            .is_some_and(|s| t.home_store == Some(s) || t.stores.contains(&s)),
        Role::Consultant => v.store_id.is_some() && t.consultants.contains(&v.staff_id),
    }
}

/// Where a mobile number is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Lists, queue cards, search results, print lists, every bulk export, the SMS outbox.
    List,
    /// One record's own page (a reservation, a sale, later the customer file).
    Record,
}

/// The one masking rule: lists and exports show 138****1234 to every role; the full number
/// appears only on one record's page, and only to the consultants and managers who serve her
/// (`serves_her`: the record's consultant, a manager of the record's store). Head office and
/// admins never get it here: they reveal it with a reason, audited ([`may_reveal_mobile`]).
pub fn shows_full_mobile(v: Viewer, place: Place, serves_her: bool) -> bool {
    place == Place::Record
        && serves_her
        && matches!(v.role, Role::Consultant | Role::StoreManager)
        && v.store_id.is_some()
}

/// Whether a viewer serves the customer of a record (reservation, sale): its consultant, or a
/// manager of its store.
pub fn serves_record(v: Viewer, record_store: i32, record_consultant: Option<i32>) -> bool {
    match v.role {
        Role::Consultant => {
            record_consultant == Some(v.staff_id) && v.store_id == Some(record_store)
        }
        Role::StoreManager => v.store_id == Some(record_store),
        _ => false,
    }
}

/// The number as a viewer may see it at a place.
pub fn shown_mobile(v: Viewer, place: Place, serves_her: bool, mobile: &str) -> String {
    if shows_full_mobile(v, place, serves_her) {
        mobile.to_string()
    } else {
        crate::domain::mobile::mask(mobile)
    }
}

/// Head office and admins may reveal one record's full number, with a reason (audited).
pub fn may_reveal_mobile(role: Role) -> bool {
    matches!(role, Role::HeadOffice | Role::Admin)
}

/// Exports (CSV, later Excel) carry many customers at once: only roles with `Export` (store
/// managers and head office) may take one. Printing a goods list or tags is not an export.
pub fn may_export(role: Role) -> bool {
    allows(role, Permission::Export)
}

/// Who may change a draft sale (lines, customer, discounts, payments, completing or voiding
/// it): its own consultant, or a manager of its store.
pub fn may_edit_sale(v: Viewer, sale_store: i32, sale_consultant: i32) -> bool {
    v.store_id == Some(sale_store)
        && (v.staff_id == sale_consultant
            || v.role == Role::StoreManager && allows(v.role, Permission::ManageSales))
}

/// Who decides on a sale beyond a consultant's rights (approving a discount, taking lines
/// back): the managers of the sale's store.
pub fn may_approve_sale(v: Viewer, sale_store: i32) -> bool {
    allows(v.role, Permission::ManageSales) && v.store_id == Some(sale_store)
}

/// Nobody disables their own account (an admin would lock themself out, perhaps the last one);
/// enabling is always allowed to those who manage staff.
pub fn may_set_active(actor_staff_id: i32, target_staff_id: i32, active: bool) -> bool {
    active || actor_staff_id != target_staff_id
}

/// Which rows of store data a user's queries may return. Services apply it inside the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataScope {
    /// Only rows owned by this staff member.
    Own { staff_id: i32, store_id: i32 },
    /// Every row of one store.
    Store { store_id: i32 },
    /// Every store.
    All,
    /// Nothing (e.g. a consultant without a store).
    Nothing,
}

pub fn data_scope(role: Role, staff_id: i32, store_id: Option<i32>) -> DataScope {
    if allows(role, Permission::ReadAllStores) {
        return DataScope::All;
    }
    match (role, store_id) {
        (Role::StoreManager, Some(store_id)) => DataScope::Store { store_id },
        (Role::Consultant, Some(store_id)) => DataScope::Own { staff_id, store_id },
        _ => DataScope::Nothing,
    }
}

impl DataScope {
    pub fn may_read_store(self, store: i32) -> bool {
        match self {
            DataScope::All => true,
            DataScope::Store { store_id } | DataScope::Own { store_id, .. } => store_id == store,
            DataScope::Nothing => false,
        }
    }
}

/// Pages under `/admin` are for admins only; the server answers 403 to anyone else.
/// Where a role's 工作台 is: a store manager's is the floor board (call-backs, today's visits,
/// who serves whom, approvals); everyone else's the home queue.
pub fn home_path(role: Role) -> &'static str {
    if allows(role, Permission::AssignInStore) {
        "/floor"
    } else {
        "/"
    }
}

pub fn may_open_path(role: Role, path: &str) -> bool {
    if path == "/admin" || path.starts_with("/admin/") {
        return role == Role::Admin;
    }
    if path == "/floor" {
        return allows(role, Permission::AssignInStore);
    }
    if path == "/devices" {
        return allows(role, Permission::ManageDevices);
    }
    if path == "/customers" || path.starts_with("/customers/") {
        return allows(role, Permission::ReadCustomers);
    }
    if path == "/account/pin" {
        // A PIN works on a store's devices: staff of a store.
        return allows(role, Permission::UseWorkspace);
    }
    true
}

#[cfg(test)]
mod tests {
    fn viewer(role: Role, staff_id: i32, store_id: Option<i32>) -> Viewer {
        Viewer {
            role,
            staff_id,
            store_id,
        }
    }

    #[test]
    fn a_managers_home_is_the_floor_board_and_only_managers_open_it() {
        for role in Role::ALL {
            let manager = role == Role::StoreManager;
            assert_eq!(
                home_path(role),
                if manager { "/floor" } else { "/" },
                "{role:?}"
            );
            assert_eq!(may_open_path(role, "/floor"), manager, "{role:?}");
            assert!(may_open_path(role, home_path(role)), "{role:?}");
        }
    }

    #[test]
    fn the_customer_file_is_for_those_who_serve_customers_not_for_admins() {
        for role in [
            Role::Consultant,
            Role::StoreManager,
            Role::HeadOffice,
            Role::Admin,
        ] {
            let reads = role != Role::Admin;
            assert_eq!(allows(role, Permission::ReadCustomers), reads, "{role:?}");
            assert_eq!(may_open_path(role, "/customers"), reads, "{role:?}");
            assert_eq!(may_open_path(role, "/customers/12"), reads, "{role:?}");
        }
    }

    #[test]
    fn managers_keep_the_devices_and_store_staff_set_their_own_pin() {
        for role in Role::ALL {
            let manager = role == Role::StoreManager;
            let store_staff = matches!(role, Role::StoreManager | Role::Consultant);
            assert_eq!(may_open_path(role, "/devices"), manager, "{role:?}");
            assert_eq!(allows(role, Permission::ManageDevices), manager, "{role:?}");
            assert_eq!(may_open_path(role, "/account/pin"), store_staff, "{role:?}");
        }
    }

    #[test]
    fn a_draft_is_changed_by_its_consultant_or_a_manager_of_its_store() {
        // A sale of store 1 made by consultant 7.
        let cases = [
            (viewer(Role::Consultant, 7, Some(1)), true),
            (viewer(Role::Consultant, 8, Some(1)), false),
            // Her own id but moved to another store: the sale stays with its store.
            (viewer(Role::Consultant, 7, Some(2)), false),
            (viewer(Role::StoreManager, 3, Some(1)), true),
            (viewer(Role::StoreManager, 4, Some(2)), false),
            (viewer(Role::HeadOffice, 5, None), false),
            (viewer(Role::Admin, 6, None), false),
        ];
        for (v, expected) in cases {
            assert_eq!(may_edit_sale(v, 1, 7), expected, "{v:?}");
        }
    }

    #[test]
    fn only_the_stores_managers_approve_and_take_back() {
        let cases = [
            (viewer(Role::StoreManager, 3, Some(1)), true),
            (viewer(Role::StoreManager, 4, Some(2)), false),
            (viewer(Role::Consultant, 7, Some(1)), false),
            (viewer(Role::HeadOffice, 5, None), false),
            (viewer(Role::Admin, 6, None), false),
        ];
        for (v, expected) in cases {
            assert_eq!(may_approve_sale(v, 1), expected, "{v:?}");
        }
    }

    #[test]
    fn nobody_disables_their_own_account() {
        assert!(!may_set_active(1, 1, false));
        assert!(may_set_active(1, 1, true));
        assert!(may_set_active(1, 2, false));
        assert!(may_set_active(1, 2, true));
    }

    use super::*;
    use Permission::*;

    const EVERY: [Permission; 17] = [
        UseWorkspace,
        ReadStore,
        ReadAllStores,
        AssignInStore,
        Export,
        SeeFullMobile,
        ManageStores,
        ManageStaff,
        ManageDictionaries,
        ReadAudit,
        ImportItems,
        ManageApiTokens,
        ManageSales,
        SetGoldPrice,
        ManageBackups,
        ReadFloor,
        ReadTakings,
    ];

    fn granted(role: Role) -> Vec<Permission> {
        EVERY.into_iter().filter(|p| allows(role, *p)).collect()
    }

    #[test]
    fn consultant_only_has_the_workspace() {
        assert_eq!(granted(Role::Consultant), vec![UseWorkspace, ReadFloor]);
    }

    #[test]
    fn store_manager_runs_a_store_but_administers_nothing() {
        assert_eq!(
            granted(Role::StoreManager),
            vec![
                UseWorkspace,
                ReadStore,
                AssignInStore,
                Export,
                SeeFullMobile,
                ManageSales,
                ReadFloor,
                ReadTakings
            ]
        );
    }

    #[test]
    fn head_office_reads_and_exports_everything_but_changes_no_setup() {
        assert_eq!(
            granted(Role::HeadOffice),
            vec![
                ReadStore,
                ReadAllStores,
                Export,
                ImportItems,
                SetGoldPrice,
                ReadFloor,
                ReadTakings
            ]
        );
        assert!(!allows(Role::HeadOffice, SeeFullMobile));
    }

    #[test]
    fn only_managers_and_head_office_export() {
        assert!(may_export(Role::StoreManager) && may_export(Role::HeadOffice));
        assert!(!may_export(Role::Consultant) && !may_export(Role::Admin));
    }

    #[test]
    fn a_customer_is_seen_by_those_who_serve_her_and_head_office() {
        let ties = CustomerTies {
            home_store: Some(1),
            consultants: vec![7],
            stores: vec![1, 3],
        };
        let v = |role, staff_id, store_id| Viewer {
            role,
            staff_id,
            store_id,
        };
        assert!(may_see_customer(v(Role::Consultant, 7, Some(1)), &ties));
        assert!(
            !may_see_customer(v(Role::Consultant, 8, Some(1)), &ties),
            "same store, not hers"
        );
        assert!(
            !may_see_customer(v(Role::Consultant, 7, None), &ties),
            "no store, no customers"
        );
        assert!(
            may_see_customer(v(Role::StoreManager, 2, Some(1)), &ties),
            "home store"
        );
        assert!(
            may_see_customer(v(Role::StoreManager, 4, Some(3)), &ties),
            "she has one there"
        );
        assert!(
            !may_see_customer(v(Role::StoreManager, 5, Some(2)), &ties),
            "another store"
        );
        assert!(!may_see_customer(v(Role::StoreManager, 5, None), &ties));
        assert!(may_see_customer(v(Role::HeadOffice, 9, None), &ties));
        assert!(!may_see_customer(v(Role::Admin, 1, None), &ties));
        assert!(!may_see_customer(
            v(Role::StoreManager, 2, Some(1)),
            &CustomerTies::default()
        ));
    }

    #[test]
    fn full_numbers_only_on_a_record_for_those_who_serve_her() {
        let v = |role, staff_id, store_id| Viewer {
            role,
            staff_id,
            store_id,
        };
        let c7 = v(Role::Consultant, 7, Some(1));
        let m1 = v(Role::StoreManager, 2, Some(1));
        let hq = v(Role::HeadOffice, 9, None);
        let admin = v(Role::Admin, 1, None);
        let n = "13812341234";
        for who in [c7, m1, hq, admin] {
            assert_eq!(
                shown_mobile(who, Place::List, true, n),
                "138****1234",
                "{who:?}"
            );
        }
        assert!(serves_record(c7, 1, Some(7)));
        assert!(!serves_record(c7, 1, Some(8)));
        assert!(
            !serves_record(c7, 2, Some(7)),
            "own id in another store's record"
        );
        assert!(serves_record(m1, 1, None));
        assert!(!serves_record(m1, 2, None));
        assert!(!serves_record(hq, 1, Some(9)));
        assert_eq!(
            shown_mobile(c7, Place::Record, serves_record(c7, 1, Some(7)), n),
            n
        );
        assert_eq!(
            shown_mobile(c7, Place::Record, serves_record(c7, 1, Some(8)), n),
            "138****1234"
        );
        assert_eq!(
            shown_mobile(m1, Place::Record, serves_record(m1, 1, None), n),
            n
        );
        assert_eq!(shown_mobile(hq, Place::Record, true, n), "138****1234");
        assert_eq!(shown_mobile(admin, Place::Record, true, n), "138****1234");
        assert!(may_reveal_mobile(Role::HeadOffice) && may_reveal_mobile(Role::Admin));
        assert!(!may_reveal_mobile(Role::Consultant) && !may_reveal_mobile(Role::StoreManager));
    }

    #[test]
    fn admin_manages_setup_and_reads_audit_but_has_no_sales_workspace() {
        assert_eq!(
            granted(Role::Admin),
            vec![
                ReadAllStores,
                ManageStores,
                ManageStaff,
                ManageDictionaries,
                ReadAudit,
                ImportItems,
                ManageApiTokens,
                ManageBackups
            ]
        );
    }

    #[test]
    fn only_admins_open_admin_pages() {
        for role in Role::ALL {
            assert_eq!(may_open_path(role, "/admin/staff"), role == Role::Admin);
            assert_eq!(may_open_path(role, "/admin"), role == Role::Admin);
            assert!(may_open_path(role, "/"));
            assert!(may_open_path(role, "/administrator-guide"));
        }
    }

    #[test]
    fn scopes_follow_the_role() {
        assert_eq!(
            data_scope(Role::Consultant, 7, Some(2)),
            DataScope::Own {
                staff_id: 7,
                store_id: 2
            }
        );
        assert_eq!(
            data_scope(Role::StoreManager, 7, Some(2)),
            DataScope::Store { store_id: 2 }
        );
        assert_eq!(data_scope(Role::HeadOffice, 7, None), DataScope::All);
        assert_eq!(data_scope(Role::Admin, 1, None), DataScope::All);
        assert_eq!(data_scope(Role::Consultant, 7, None), DataScope::Nothing);
        assert_eq!(data_scope(Role::StoreManager, 7, None), DataScope::Nothing);
    }

    #[test]
    fn scope_limits_stores() {
        let own = data_scope(Role::Consultant, 7, Some(2));
        assert!(own.may_read_store(2));
        assert!(!own.may_read_store(3));
        assert!(DataScope::All.may_read_store(3));
        assert!(!DataScope::Nothing.may_read_store(2));
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
