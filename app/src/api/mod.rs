//! Server functions: each authenticates, authorizes, validates, calls a port, returns.
//! Endpoints are fixed (`/api/<area>/<name>`) so that tests and other clients can rely on them.

pub mod account;
pub mod admin;
pub mod customers;
pub mod floor;
pub mod goods;
pub mod reservations;
pub mod sales;
