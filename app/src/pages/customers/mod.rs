//! The customer file (客户关系, issue 13): the list and search (`/customers`) and her file
//! (`/customers/:id`). A lazily loaded area.
pub mod file_page;
pub mod list_page;
pub mod msg;
