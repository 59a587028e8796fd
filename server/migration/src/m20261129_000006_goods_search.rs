//! Goods search at a million items, measured by `vitrine bench goods`:
//! - the new store-led indexes end with the item id, so that "newest first" inside a store (the
//!   default order) is read backwards off an index instead of sorting every match, and so that
//!   the id-only first pass of a search is answered from an index alone on both engines;
//! - one store-led index carries every filterable column (it replaces the category/carat one,
//!   which is its prefix), so that no store-scoped combination of filters reads a store's rows
//!   to count its matches;
//! - the store's weight and carat indexes carry the columns searched with them (category and
//!   material; the grades), and the text search's name/style-number indexes gain the id;
//! - every `item_term` says whether it is a product name, a style number or both, so that a text
//!   search knows which column to filter without probing the item table (PostgreSQL plans such
//!   a probe generically and may scan a million rows for a style number it takes for a name).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Item {
    Table,
}

#[derive(DeriveIden)]
enum ItemTerm {
    Table,
    IsName,
    IsStyle,
}

fn index(name: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Item::Table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

/// An index by name and columns.
type Def = (&'static str, &'static [&'static str]);

/// (new index, its columns, the index it replaces)
const CHANGES: [(&str, &[&str], Option<Def>); 6] = [
    ("idx_item_store_id", &["store_id", "id"], None),
    (
        // Every filterable column of an item, led by the store and the 4C search's columns: a
        // store's count (and ids, in any sort order) for any filter combination is answered by
        // reading that store's entries of this one index, never its rows.
        "idx_item_store_facets",
        &[
            "store_id",
            "category",
            "carat_pts",
            "color_rank",
            "clarity_rank",
            "ring_x2",
            "material",
            "weight_mg",
            "cut_rank",
            "polish_rank",
            "symmetry_rank",
            "price_fen",
            "presale",
            "status",
            "id",
        ],
        Some((
            "idx_item_store_cat_carat",
            &[
                "store_id",
                "category",
                "carat_pts",
                "color_rank",
                "clarity_rank",
                "ring_x2",
            ],
        )),
    ),
    // After a range nothing more is sought in an index, so the id comes right after the ranged
    // column: a page sorted by it (ties by id) is read in order and stops at the page's end.
    (
        // Gold by weight: the category and material ride along, so the range is read alone.
        "idx_item_store_weight_cat",
        &["store_id", "weight_mg", "id", "category", "material"],
        Some(("idx_item_store_weight", &["store_id", "weight_mg"])),
    ),
    (
        // Stones by carat: the make grades ride along with colour and clarity.
        "idx_item_store_carat_grades",
        &[
            "store_id",
            "carat_pts",
            "id",
            "color_rank",
            "clarity_rank",
            "cut_rank",
            "polish_rank",
            "symmetry_rank",
        ],
        Some((
            "idx_item_store_carat",
            &["store_id", "carat_pts", "color_rank", "clarity_rank"],
        )),
    ),
    (
        "idx_item_store_name_id",
        &["store_id", "name", "id"],
        Some(("idx_item_store_name", &["store_id", "name"])),
    ),
    (
        "idx_item_store_style_id",
        &["store_id", "style_no", "id"],
        Some(("idx_item_store_style", &["store_id", "style_no"])),
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [ItemTerm::IsName, ItemTerm::IsStyle] {
            m.alter_table(
                Table::alter()
                    .table(ItemTerm::Table)
                    .add_column(ColumnDef::new(col).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        }
        // Backfill with one pass over the items each (a hashed semi-join, not a probe a term).
        let db = m.get_connection();
        for (flag, col) in [("is_name", "name"), ("is_style", "style_no")] {
            db.execute_unprepared(&format!(
                "UPDATE item_term SET {flag} = TRUE WHERE term IN (SELECT {col} FROM item)"
            ))
            .await?;
        }
        for (name, cols, replaces) in CHANGES {
            m.create_index(index(name, cols)).await?;
            if let Some((old, _)) = replaces {
                m.drop_index(Index::drop().name(old).table(Item::Table).to_owned())
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _, replaces) in CHANGES {
            if let Some((old, cols)) = replaces {
                m.create_index(index(old, cols)).await?;
            }
            m.drop_index(Index::drop().name(name).table(Item::Table).to_owned())
                .await?;
        }
        for col in [ItemTerm::IsName, ItemTerm::IsStyle] {
            m.alter_table(
                Table::alter()
                    .table(ItemTerm::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
