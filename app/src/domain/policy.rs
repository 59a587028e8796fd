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
}

pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Consultant => matches!(permission, UseWorkspace),
        Role::StoreManager => matches!(
            permission,
            UseWorkspace | ReadStore | AssignInStore | Export | SeeFullMobile | ManageSales
        ),
        Role::HeadOffice => matches!(
            permission,
            ReadStore | ReadAllStores | Export | ImportItems | SetGoldPrice
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
        ),
    }
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
pub fn may_open_path(role: Role, path: &str) -> bool {
    if path == "/admin" || path.starts_with("/admin/") {
        return role == Role::Admin;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    const EVERY: [Permission; 14] = [
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
    ];

    fn granted(role: Role) -> Vec<Permission> {
        EVERY.into_iter().filter(|p| allows(role, *p)).collect()
    }

    #[test]
    fn consultant_only_has_the_workspace() {
        assert_eq!(granted(Role::Consultant), vec![UseWorkspace]);
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
                ManageSales
            ]
        );
    }

    #[test]
    fn head_office_reads_and_exports_everything_but_changes_no_setup() {
        assert_eq!(
            granted(Role::HeadOffice),
            vec![ReadStore, ReadAllStores, Export, ImportItems, SetGoldPrice]
        );
        assert!(!allows(Role::HeadOffice, SeeFullMobile));
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
                ManageApiTokens
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
