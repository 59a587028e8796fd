//! Vitrine's isomorphic crate: routes, pages, components, shared types, domain rules and
//! server-function declarations. Server-only code is behind the `ssr` feature and reaches the
//! database only through the ports in [`ports`], which the `server` crate implements.
// Deep view types (a whole page is one nested type) need more than the default 128.
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod error;
#[cfg(test)]
mod fuzz;
pub mod i18n;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;

pub use app::{shell, App};
