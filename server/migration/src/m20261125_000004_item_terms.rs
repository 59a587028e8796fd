//! Goods text search without scanning: every product name and style number an item carries is
//! also a row of `item_term` (with its case-folded form). A text search finds the matching terms
//! in that small table, then the items by an indexed `IN` on name or style number.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ItemTerm {
    Table,
    Term,
    Folded,
}

#[derive(DeriveIden)]
enum Item {
    Table,
}

fn index(name: &str, table: impl IntoIden, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

const INDEXES: [(&str, &[&str]); 3] = [
    ("idx_item_store_name", &["store_id", "name"]),
    ("idx_item_store_style", &["store_id", "style_no"]),
    ("idx_item_name", &["name"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ItemTerm::Table)
                .col(
                    ColumnDef::new(ItemTerm::Term)
                        .string_len(200)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ItemTerm::Folded).string_len(200).not_null())
                .to_owned(),
        )
        .await?;
        for (name, cols) in INDEXES {
            m.create_index(index(name, Item::Table, cols)).await?;
        }
        // Backfill from the items already there (folded the way the application folds: full
        // Unicode lower case, which SQL's lower() does not do on every engine).
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT name AS t FROM item UNION SELECT style_no AS t FROM item",
            ))
            .await?;
        let terms: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get::<String>("", "t").ok())
            .filter(|t| !t.is_empty())
            .collect();
        for chunk in terms.chunks(500) {
            let mut ins = Query::insert();
            ins.into_table(ItemTerm::Table)
                .columns([ItemTerm::Term, ItemTerm::Folded]);
            for t in chunk {
                ins.values_panic([t.clone().into(), t.to_lowercase().into()]);
            }
            ins.on_conflict(OnConflict::column(ItemTerm::Term).do_nothing().to_owned());
            m.exec_stmt(ins).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Item::Table).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(ItemTerm::Table).to_owned())
            .await
    }
}
