//! The HTTP edge: middleware (sessions, CSRF, security headers) and the few plain handlers
//! (sign-in, sign-out, service worker, health) that are not Leptos routes or server functions.

pub mod goods;
pub mod handlers;
pub mod middleware;
pub mod reservations;
pub mod sales;
