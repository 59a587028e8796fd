//! Vitrine's server: the axum binary's library half (so integration tests can build the app).

pub mod auth;
pub mod backup;
pub mod bench;
pub mod bench_goods;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod entities;
pub mod goods_gen;
pub mod http;
pub mod live;
pub mod seed;
pub mod services;
pub mod sms;
pub mod state;
pub mod web;
