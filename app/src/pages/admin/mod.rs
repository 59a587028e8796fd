pub mod audit_page;
pub mod backups_page;
pub mod dictionaries_page;
pub mod staff_form_page;
pub mod staff_page;
pub mod store_form_page;
pub mod stores_page;
pub mod tokens_page;
