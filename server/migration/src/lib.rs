//! Versioned schema migrations. The schema is only ever changed here.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_foundation;
mod m20261124_000002_reservations;
mod m20261125_000003_goods;
mod m20261125_000004_item_terms;
mod m20261126_000005_sales;
mod m20261129_000006_goods_search;
mod m20261201_000007_hardening;
mod m20261201_000008_goods_newest;
mod m20261204_000009_gold_current_price;
mod m20261204_000010_store_hours;
mod m20261207_000011_chain_settings;
mod m20261207_000012_devices;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_reservations::Migration),
            Box::new(m20261125_000003_goods::Migration),
            Box::new(m20261125_000004_item_terms::Migration),
            Box::new(m20261126_000005_sales::Migration),
            Box::new(m20261129_000006_goods_search::Migration),
            Box::new(m20261201_000007_hardening::Migration),
            Box::new(m20261201_000008_goods_newest::Migration),
            Box::new(m20261204_000009_gold_current_price::Migration),
            Box::new(m20261204_000010_store_hours::Migration),
            Box::new(m20261207_000011_chain_settings::Migration),
            Box::new(m20261207_000012_devices::Migration),
        ]
    }
}
