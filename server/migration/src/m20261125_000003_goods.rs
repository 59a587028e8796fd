//! Goods: items with their graded facts stored as integers (ranks, milligrams, points, fen) so
//! that every range filter is an indexed comparison; item history; ERP API tokens.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Item {
    Table,
    Id,
    ErpId,
    Barcode,
    StyleNo,
    Name,
    Category,
    Material,
    WeightMg,
    CaratPts,
    ColorRank,
    ClarityRank,
    CutRank,
    PolishRank,
    SymmetryRank,
    FluorescenceRank,
    CertLab,
    CertNo,
    RingX2,
    PriceFen,
    Presale,
    StoreId,
    Status,
    ReservedCustomerId,
    ReservedReservationId,
    ReservedUntil,
    ReservedBy,
    PhotoUrl,
    Version,
    CreatedAt,
    UpdatedAt,
    SyncedAt,
}

#[derive(DeriveIden)]
enum ItemHistory {
    Table,
    Id,
    ItemId,
    At,
    ActorId,
    ActorName,
    Kind,
    FromValue,
    ToValue,
    Note,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    Name,
    TokenHash,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Store {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customer {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Reservation {
    Table,
    Id,
}

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn text(col: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(col)
        .string_len(len)
        .not_null()
        .default("")
        .to_owned()
}

fn small_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).small_integer().null().to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Item::Table)
                .col(
                    ColumnDef::new(Item::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Item::ErpId)
                        .string_len(40)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Item::Barcode)
                        .string_len(40)
                        .not_null()
                        .unique_key(),
                )
                .col(text(Item::StyleNo, 40))
                .col(ColumnDef::new(Item::Name).string_len(100).not_null())
                .col(ColumnDef::new(Item::Category).string_len(20).not_null())
                .col(ColumnDef::new(Item::Material).string_len(40).not_null())
                .col(ColumnDef::new(Item::WeightMg).big_integer().not_null())
                .col(ColumnDef::new(Item::CaratPts).integer().not_null())
                .col(small_null(Item::ColorRank))
                .col(small_null(Item::ClarityRank))
                .col(small_null(Item::CutRank))
                .col(small_null(Item::PolishRank))
                .col(small_null(Item::SymmetryRank))
                .col(small_null(Item::FluorescenceRank))
                .col(text(Item::CertLab, 10))
                .col(text(Item::CertNo, 40))
                .col(small_null(Item::RingX2))
                .col(ColumnDef::new(Item::PriceFen).big_integer().not_null())
                .col(
                    ColumnDef::new(Item::Presale)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(Item::StoreId).integer().not_null())
                .col(ColumnDef::new(Item::Status).string_len(20).not_null())
                .col(ColumnDef::new(Item::ReservedCustomerId).integer().null())
                .col(ColumnDef::new(Item::ReservedReservationId).integer().null())
                .col(ts_null(Item::ReservedUntil))
                .col(ColumnDef::new(Item::ReservedBy).integer().null())
                .col(text(Item::PhotoUrl, 500))
                .col(
                    ColumnDef::new(Item::Version)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(ts(Item::CreatedAt))
                .col(ts(Item::UpdatedAt))
                .col(ts_null(Item::SyncedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_item_store")
                        .from(Item::Table, Item::StoreId)
                        .to(Store::Table, Store::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_item_customer")
                        .from(Item::Table, Item::ReservedCustomerId)
                        .to(Customer::Table, Customer::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_item_reservation")
                        .from(Item::Table, Item::ReservedReservationId)
                        .to(Reservation::Table, Reservation::Id),
                )
                .to_owned(),
        )
        .await?;
        // Store-scoped shapes lead with the store; chain-wide ones with the ranged column. The
        // category/carat indexes carry the grades too, so that the capped count of a 4C search
        // is answered from the index without visiting the rows.
        for (name, cols) in [
            (
                "idx_item_store_cat_carat",
                &[
                    "store_id",
                    "category",
                    "carat_pts",
                    "color_rank",
                    "clarity_rank",
                    "ring_x2",
                ][..],
            ),
            (
                "idx_item_store_carat",
                &["store_id", "carat_pts", "color_rank", "clarity_rank"][..],
            ),
            ("idx_item_store_price", &["store_id", "price_fen"][..]),
            ("idx_item_store_weight", &["store_id", "weight_mg"][..]),
            ("idx_item_store_status", &["store_id", "status"][..]),
            (
                "idx_item_store_presale",
                &["store_id", "presale", "category"][..],
            ),
            (
                "idx_item_cat_carat",
                &[
                    "category",
                    "carat_pts",
                    "color_rank",
                    "clarity_rank",
                    "ring_x2",
                ][..],
            ),
            (
                "idx_item_grades",
                &["clarity_rank", "color_rank", "carat_pts"][..],
            ),
            ("idx_item_price", &["price_fen"][..]),
            ("idx_item_carat", &["carat_pts"][..]),
            ("idx_item_weight", &["weight_mg"][..]),
            ("idx_item_cert", &["cert_no"][..]),
            ("idx_item_style", &["style_no"][..]),
            ("idx_item_reserved", &["status", "reserved_until"][..]),
        ] {
            m.create_index(index(name, Item::Table, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(ItemHistory::Table)
                .col(
                    ColumnDef::new(ItemHistory::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ItemHistory::ItemId).integer().not_null())
                .col(ts(ItemHistory::At))
                .col(ColumnDef::new(ItemHistory::ActorId).integer().null())
                .col(
                    ColumnDef::new(ItemHistory::ActorName)
                        .string_len(100)
                        .not_null(),
                )
                .col(ColumnDef::new(ItemHistory::Kind).string_len(20).not_null())
                .col(text(ItemHistory::FromValue, 200))
                .col(text(ItemHistory::ToValue, 200))
                .col(text(ItemHistory::Note, 500))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_item_history_item")
                        .from(ItemHistory::Table, ItemHistory::ItemId)
                        .to(Item::Table, Item::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_item_history_item",
            ItemHistory::Table,
            &["item_id", "at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ApiToken::Table)
                .col(
                    ColumnDef::new(ApiToken::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ApiToken::Name).string_len(100).not_null())
                .col(
                    ColumnDef::new(ApiToken::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(ApiToken::CreatedBy).integer().null())
                .col(ts(ApiToken::CreatedAt))
                .col(ts_null(ApiToken::LastUsedAt))
                .col(ts_null(ApiToken::RevokedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ApiToken::Table.into_iden(),
            ItemHistory::Table.into_iden(),
            Item::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
