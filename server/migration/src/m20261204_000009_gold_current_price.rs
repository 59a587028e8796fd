//! Gold priced by weight shows one price everywhere (issue 12, item 2).
//!
//! `item.price_fen` is the piece's *current* price — what the goods pages show, filter and sort
//! on (its indexes are unchanged) and what the till charges today. For most pieces that is the
//! ERP's tag price; for a material priced by weight it is weight × the gold price + labour,
//! recomputed for the material's pieces whenever head office sets a day's price. So the item
//! keeps:
//! - `tag_price_fen`: the ERP's own tag price, as imported (the current price falls back to it
//!   when a material stops being priced by weight);
//! - `gold_day`, `gold_ppg_fen`: the day and price per gram (fen) the current price was worked
//!   out from, or NULL for a piece priced by its tag — the pages say which day's price they
//!   quote and warn when it is not today's.
//!
//! Existing rows: the tag price is the stored price, and the pieces of each material priced by
//! weight are repriced from that material's latest gold price (the same integer arithmetic as
//! `app::domain::sale::gold_list_fen`; sold pieces keep the price they had).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Item {
    Table,
    TagPriceFen,
    GoldDay,
    GoldPpgFen,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Item::TagPriceFen)
                .big_integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Item::GoldDay).date().null().to_owned(),
            ColumnDef::new(Item::GoldPpgFen)
                .big_integer()
                .null()
                .to_owned(),
        ] {
            m.alter_table(Table::alter().table(Item::Table).add_column(col).to_owned())
                .await?;
        }
        let db = m.get_connection();
        db.execute_unprepared("UPDATE item SET tag_price_fen = price_fen")
            .await?;
        db.execute_unprepared(
            "UPDATE item SET gold_day = (SELECT MAX(gp.day) FROM gold_price gp \
             WHERE gp.material = item.material) \
             WHERE status <> 'sold' AND material IN (SELECT d.code FROM dictionary_entry d \
             WHERE d.kind = 'material' AND d.by_weight)",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE item SET gold_ppg_fen = (SELECT gp.price_per_g_fen FROM gold_price gp \
             WHERE gp.material = item.material AND gp.day = item.gold_day) \
             WHERE gold_day IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE item SET price_fen = (weight_mg * gold_ppg_fen + 500) / 1000 + labour_fee_fen \
             WHERE gold_ppg_fen IS NOT NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("UPDATE item SET price_fen = tag_price_fen")
            .await?;
        for col in [Item::TagPriceFen, Item::GoldDay, Item::GoldPpgFen] {
            m.alter_table(
                Table::alter()
                    .table(Item::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
