//! The signed-in person.

use crate::domain::policy::Role;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the server resolved it from the session cookie.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub store_name: Option<String>,
    pub lang: Lang,
    /// The store's zone (head office and admins: the chain's home zone); times are shown and
    /// typed in it.
    pub zone: crate::domain::time::Zone,
}

/// A store's registered device, as its managers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRow {
    pub id: i32,
    pub name: String,
    pub registered_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked: bool,
    /// The device this list is being read on.
    pub this_device: bool,
}

/// A store's devices, and whether the one being used is among them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    pub rows: Vec<DeviceRow>,
    pub total: u64,
    pub page: u64,
    pub this_registered: bool,
}

/// Who may switch on this device with a PIN (the sign-in page of a registered device).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSignIn {
    pub device_name: String,
    pub store_name: String,
    pub people: Vec<PinPerson>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinPerson {
    pub id: i32,
    pub display_name: String,
}

/// Setting one's own PIN: the password (a PIN is weaker, so only its owner sets it) and the PIN
/// typed twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PinInput {
    pub password: String,
    pub pin: String,
    pub confirm: String,
}
