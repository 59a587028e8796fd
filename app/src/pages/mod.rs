pub mod admin;
pub mod customers;
pub mod devices;
pub mod floor;
pub mod goods;
pub mod home_page;
pub mod lazy;
pub mod login_page;
pub mod not_found_page;
pub mod reservations;
pub mod sales;
/// Shared by the pages the server renders whole (receipt, print list, chain settings).
#[cfg(feature = "ssr")]
pub mod server_head;
