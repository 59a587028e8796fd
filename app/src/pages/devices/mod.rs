//! Shared store tablets (issue 12, item 20): the manager's list of the store's registered
//! devices (`/devices`), and each person's own switch PIN (`/account/pin`). A lazily loaded
//! area; the sign-in page's PIN panel is in the first download (`pages/login_page.rs`).
pub mod devices_page;
pub mod msg;
pub mod pin_page;
