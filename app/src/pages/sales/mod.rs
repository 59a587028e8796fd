pub mod approvals_panel;
pub mod gold_page;
pub mod list_page;
#[cfg(feature = "ssr")]
pub mod receipt;
pub mod sale_page;
pub mod settle_panel;
pub mod takings_page;
