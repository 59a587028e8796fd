//! Pure domain rules: no I/O, shared by the client and the server, unit-tested in place.

pub mod assignment;
pub mod csv;
#[cfg(test)]
mod fuzz;
pub mod goods;
pub mod item_import;
pub mod mobile;
pub mod paging;
pub mod policy;
pub mod reservation;
pub mod sale;
pub mod session;
pub mod throttle;
pub mod time;
pub mod validate;
