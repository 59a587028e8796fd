//! Integration tests: one binary (one link, one copy of the server on disk) with a module per area,
//! each against a real server over a fresh SQLite file or PostgreSQL database (see `common`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod admin;
mod auth;
mod authz;
mod backup;
mod cli;
mod clock;
mod cluster;
mod customers;
mod devices;
mod goods;
mod hardening;
mod plain_forms;
mod reservations;
mod sales;
