//! SeaORM entities, one per table (schema in the `migration` crate).

pub mod api_token;
pub mod audit_log;
pub mod customer;
pub mod dictionary_entry;
pub mod item;
pub mod item_history;
pub mod item_term;
pub mod reservation;
pub mod reservation_history;
pub mod session;
pub mod sms_outbox;
pub mod staff;
pub mod store;
