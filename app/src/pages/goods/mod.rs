pub mod import_page;
pub mod item_page;
pub mod search_page;
