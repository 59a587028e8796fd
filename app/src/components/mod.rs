pub mod error_note;
pub mod field;
pub mod layout;
pub mod live;
pub mod pager;
pub mod query;
pub mod require_role;
pub mod sort_header;
