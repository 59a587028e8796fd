pub mod approvals_panel;
pub mod gold_page;
pub mod list_page;
pub mod sale_page;
pub mod settle_panel;
pub mod takings_page;
