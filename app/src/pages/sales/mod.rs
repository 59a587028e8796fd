pub mod gold_page;
pub mod list_page;
pub mod msg;
#[cfg(feature = "ssr")]
/// Rendered on the server only (`GET /sales/:id/receipt`).
#[cfg(feature = "ssr")]
pub mod receipt;
pub mod sale_page;
pub mod settle_panel;
pub mod takings_page;
