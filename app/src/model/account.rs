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
