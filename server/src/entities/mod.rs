//! SeaORM entities, one per table (schema in the `migration` crate).

pub mod api_token;
pub mod audit_log;
pub mod backup_run;
pub mod chain_setting;
pub mod customer;
pub mod day_close;
pub mod deposit;
pub mod device;
pub mod dictionary_entry;
pub mod gold_price;
pub mod item;
pub mod item_history;
pub mod item_term;
pub mod reservation;
pub mod reservation_history;
pub mod sale;
pub mod sale_line;
pub mod sale_payment;
pub mod sale_return;
pub mod session;
pub mod sms_outbox;
pub mod staff;
pub mod staff_pin;
pub mod store;
pub mod throttle;
