pub mod book_page;
pub mod detail_page;
pub mod history;
pub mod list_page;
pub mod new_page;
pub mod queue_panel;
pub mod sms_page;
pub mod unassigned_notice;
