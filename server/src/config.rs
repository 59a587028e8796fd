//! Configuration from the environment, with defaults that run out of the box.

use app::domain::session::SessionPolicy;
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub session: SessionPolicy,
    /// Mark cookies `Secure` even when no proxy says the request came over TLS.
    pub force_secure_cookies: bool,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/vitrine.db";

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let idle: i64 = match var("VITRINE_SESSION_IDLE_MINUTES") {
            Some(v) => v.parse()?,
            None => 30,
        };
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            site_addr: var("LEPTOS_SITE_ADDR")
                .unwrap_or_else(|| "127.0.0.1:3000".into())
                .parse()?,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            session: SessionPolicy::with_idle_minutes(idle),
            force_secure_cookies: var("VITRINE_SECURE_COOKIES").is_some_and(|v| v == "1"),
            body_limit: 2 * 1024 * 1024,
        })
    }
}
