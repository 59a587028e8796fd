//! Sign-in, sessions and password hashing.

pub mod login;
pub mod password;
pub mod session;
