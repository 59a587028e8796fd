//! SeaORM entities, one per table (schema in the `migration` crate).

pub mod audit_log;
pub mod dictionary_entry;
pub mod session;
pub mod staff;
pub mod store;
