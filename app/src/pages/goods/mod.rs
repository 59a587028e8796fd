pub mod import_page;
pub mod item_page;
pub mod msg;
#[cfg(feature = "ssr")]
/// Rendered on the server only (`GET /goods/print`).
#[cfg(feature = "ssr")]
pub mod print;
pub mod search_page;
