pub mod audit_page;
pub mod backups_page;
/// Rendered on the server only (plain forms): none of it is in the Wasm.
#[cfg(feature = "ssr")]
pub mod chain_page;
pub mod dictionaries_page;
pub mod msg;
pub mod staff_form_page;
pub mod staff_page;
pub mod store_form_page;
pub mod stores_page;
pub mod tokens_page;
