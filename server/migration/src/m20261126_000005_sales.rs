//! Sales (产品销售) and settlement: sales with their receipt lines and payments, deposits taken on
//! reservations, the day's gold price per material, returns, receipt numbering per store and
//! day, and closed business days. Money is stored as integer fen (like item prices), so both
//! engines hold it exactly; the domain computes in `rust_decimal` yuan.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Store {
    Table,
    Id,
    DiscountLimitBp,
    ReturnDays,
}

#[derive(DeriveIden)]
enum DictionaryEntry {
    Table,
    ByWeight,
}

#[derive(DeriveIden)]
enum Item {
    Table,
    Id,
    LabourFeeFen,
}

#[derive(DeriveIden)]
enum Staff {
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

#[derive(DeriveIden)]
enum GoldPrice {
    Table,
    Id,
    Material,
    Day,
    PricePerGFen,
    SetBy,
    SetAt,
}

#[derive(DeriveIden)]
enum Sale {
    Table,
    Id,
    ReceiptNo,
    StoreId,
    ConsultantId,
    CustomerId,
    ReservationId,
    Status,
    Approval,
    ApprovalNote,
    ApprovedBy,
    ApprovedAt,
    ListTotalFen,
    DiscountTotalFen,
    TotalFen,
    BusinessDay,
    Note,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum SaleLine {
    Table,
    Id,
    SaleId,
    Position,
    Kind,
    ItemId,
    Barcode,
    StyleNo,
    Description,
    CertNo,
    Formula,
    ListPriceFen,
    DiscountFen,
    FinalPriceFen,
    ReturnId,
}

#[derive(DeriveIden)]
enum SalePayment {
    Table,
    Id,
    SaleId,
    Method,
    AmountFen,
    Reference,
    DepositId,
    ReturnId,
    BusinessDay,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Deposit {
    Table,
    Id,
    ReservationId,
    CustomerId,
    StoreId,
    Method,
    AmountFen,
    Reference,
    TakenBy,
    TakenAt,
    BusinessDay,
    AppliedSaleId,
}

#[derive(DeriveIden)]
enum SaleReturn {
    Table,
    Id,
    SaleId,
    Reason,
    RefundFen,
    ByStaff,
    At,
    BusinessDay,
}

#[derive(DeriveIden)]
enum ReceiptCounter {
    Table,
    StoreId,
    Day,
    Last,
}

#[derive(DeriveIden)]
enum DayClose {
    Table,
    StoreId,
    Day,
    ClosedBy,
    ClosedAt,
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

fn fen(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
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
        // Store settings: a consultant's discount limit (basis points of a line's list price;
        // 1000 = 10 %) and the return period in days.
        for col in [
            ColumnDef::new(Store::DiscountLimitBp)
                .integer()
                .not_null()
                .default(1000)
                .to_owned(),
            ColumnDef::new(Store::ReturnDays)
                .integer()
                .not_null()
                .default(7)
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Store::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // Materials priced by weight (足金/AU999…): a per-material setting.
        m.alter_table(
            Table::alter()
                .table(DictionaryEntry::Table)
                .add_column(
                    ColumnDef::new(DictionaryEntry::ByWeight)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        // Pure gold is priced by weight out of the box (an admin setting afterwards).
        m.exec_stmt(
            Query::update()
                .table(DictionaryEntry::Table)
                .value(DictionaryEntry::ByWeight, true)
                .and_where(Expr::col(Alias::new("kind")).eq("material"))
                .and_where(Expr::col(Alias::new("code")).eq("AU999"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .add_column(fen(Item::LabourFeeFen))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(GoldPrice::Table)
                .col(id(GoldPrice::Id))
                .col(
                    ColumnDef::new(GoldPrice::Material)
                        .string_len(50)
                        .not_null(),
                )
                .col(ColumnDef::new(GoldPrice::Day).date().not_null())
                .col(fen(GoldPrice::PricePerGFen))
                .col(ColumnDef::new(GoldPrice::SetBy).integer().null())
                .col(ts(GoldPrice::SetAt))
                .foreign_key(&mut fk(
                    "fk_gold_price_staff",
                    (GoldPrice::Table, GoldPrice::SetBy),
                    (Staff::Table, Staff::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "ux_gold_price_material_day",
                GoldPrice::Table,
                &["material", "day"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sale::Table)
                .col(id(Sale::Id))
                .col(
                    ColumnDef::new(Sale::ReceiptNo)
                        .string_len(30)
                        .null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Sale::StoreId).integer().not_null())
                .col(ColumnDef::new(Sale::ConsultantId).integer().not_null())
                .col(ColumnDef::new(Sale::CustomerId).integer().null())
                .col(ColumnDef::new(Sale::ReservationId).integer().null())
                .col(ColumnDef::new(Sale::Status).string_len(20).not_null())
                .col(ColumnDef::new(Sale::Approval).string_len(20).not_null())
                .col(text(Sale::ApprovalNote, 500))
                .col(ColumnDef::new(Sale::ApprovedBy).integer().null())
                .col(ts_null(Sale::ApprovedAt))
                .col(fen(Sale::ListTotalFen))
                .col(fen(Sale::DiscountTotalFen))
                .col(fen(Sale::TotalFen))
                .col(ColumnDef::new(Sale::BusinessDay).date().null())
                .col(text(Sale::Note, 500))
                .col(
                    ColumnDef::new(Sale::Version)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(ColumnDef::new(Sale::CreatedBy).integer().not_null())
                .col(ts(Sale::CreatedAt))
                .col(ts(Sale::UpdatedAt))
                .col(ts_null(Sale::CompletedAt))
                .foreign_key(&mut fk(
                    "fk_sale_store",
                    (Sale::Table, Sale::StoreId),
                    (Store::Table, Store::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_sale_consultant",
                    (Sale::Table, Sale::ConsultantId),
                    (Staff::Table, Staff::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_sale_customer",
                    (Sale::Table, Sale::CustomerId),
                    (Customer::Table, Customer::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_sale_reservation",
                    (Sale::Table, Sale::ReservationId),
                    (Reservation::Table, Reservation::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_sale_store_day", &["store_id", "business_day"][..]),
            ("idx_sale_consultant", &["consultant_id", "created_at"][..]),
            (
                "idx_sale_store_status",
                &["store_id", "status", "approval"][..],
            ),
            ("idx_sale_reservation", &["reservation_id"][..]),
            ("idx_sale_customer", &["customer_id"][..]),
        ] {
            m.create_index(index(name, Sale::Table, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(SaleReturn::Table)
                .col(id(SaleReturn::Id))
                .col(ColumnDef::new(SaleReturn::SaleId).integer().not_null())
                .col(text(SaleReturn::Reason, 500))
                .col(fen(SaleReturn::RefundFen))
                .col(ColumnDef::new(SaleReturn::ByStaff).integer().not_null())
                .col(ts(SaleReturn::At))
                .col(ColumnDef::new(SaleReturn::BusinessDay).date().not_null())
                .foreign_key(&mut fk(
                    "fk_sale_return_sale",
                    (SaleReturn::Table, SaleReturn::SaleId),
                    (Sale::Table, Sale::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_sale_return_sale",
            SaleReturn::Table,
            &["sale_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(SaleLine::Table)
                .col(id(SaleLine::Id))
                .col(ColumnDef::new(SaleLine::SaleId).integer().not_null())
                .col(ColumnDef::new(SaleLine::Position).integer().not_null())
                .col(ColumnDef::new(SaleLine::Kind).string_len(20).not_null())
                .col(ColumnDef::new(SaleLine::ItemId).integer().null())
                .col(text(SaleLine::Barcode, 40))
                .col(text(SaleLine::StyleNo, 40))
                .col(text(SaleLine::Description, 200))
                .col(text(SaleLine::CertNo, 40))
                .col(text(SaleLine::Formula, 200))
                .col(fen(SaleLine::ListPriceFen))
                .col(fen(SaleLine::DiscountFen))
                .col(fen(SaleLine::FinalPriceFen))
                .col(ColumnDef::new(SaleLine::ReturnId).integer().null())
                .foreign_key(
                    &mut fk(
                        "fk_sale_line_sale",
                        (SaleLine::Table, SaleLine::SaleId),
                        (Sale::Table, Sale::Id),
                    )
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
                )
                .foreign_key(&mut fk(
                    "fk_sale_line_item",
                    (SaleLine::Table, SaleLine::ItemId),
                    (Item::Table, Item::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_sale_line_return",
                    (SaleLine::Table, SaleLine::ReturnId),
                    (SaleReturn::Table, SaleReturn::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_sale_line_sale",
            SaleLine::Table,
            &["sale_id", "position"],
        ))
        .await?;
        m.create_index(index("idx_sale_line_item", SaleLine::Table, &["item_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Deposit::Table)
                .col(id(Deposit::Id))
                .col(ColumnDef::new(Deposit::ReservationId).integer().not_null())
                .col(ColumnDef::new(Deposit::CustomerId).integer().not_null())
                .col(ColumnDef::new(Deposit::StoreId).integer().not_null())
                .col(ColumnDef::new(Deposit::Method).string_len(20).not_null())
                .col(fen(Deposit::AmountFen))
                .col(text(Deposit::Reference, 100))
                .col(ColumnDef::new(Deposit::TakenBy).integer().not_null())
                .col(ts(Deposit::TakenAt))
                .col(ColumnDef::new(Deposit::BusinessDay).date().not_null())
                .col(ColumnDef::new(Deposit::AppliedSaleId).integer().null())
                .foreign_key(&mut fk(
                    "fk_deposit_reservation",
                    (Deposit::Table, Deposit::ReservationId),
                    (Reservation::Table, Reservation::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_deposit_sale",
                    (Deposit::Table, Deposit::AppliedSaleId),
                    (Sale::Table, Sale::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_deposit_reservation",
            Deposit::Table,
            &["reservation_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_deposit_store_day",
            Deposit::Table,
            &["store_id", "business_day"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(SalePayment::Table)
                .col(id(SalePayment::Id))
                .col(ColumnDef::new(SalePayment::SaleId).integer().not_null())
                .col(
                    ColumnDef::new(SalePayment::Method)
                        .string_len(20)
                        .not_null(),
                )
                // Positive for payments, negative for refunds.
                .col(fen(SalePayment::AmountFen))
                .col(text(SalePayment::Reference, 100))
                .col(ColumnDef::new(SalePayment::DepositId).integer().null())
                .col(ColumnDef::new(SalePayment::ReturnId).integer().null())
                .col(ColumnDef::new(SalePayment::BusinessDay).date().null())
                .col(ts(SalePayment::CreatedAt))
                .foreign_key(
                    &mut fk(
                        "fk_sale_payment_sale",
                        (SalePayment::Table, SalePayment::SaleId),
                        (Sale::Table, Sale::Id),
                    )
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
                )
                .foreign_key(&mut fk(
                    "fk_sale_payment_deposit",
                    (SalePayment::Table, SalePayment::DepositId),
                    (Deposit::Table, Deposit::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_sale_payment_return",
                    (SalePayment::Table, SalePayment::ReturnId),
                    (SaleReturn::Table, SaleReturn::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_sale_payment_sale",
            SalePayment::Table,
            &["sale_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ReceiptCounter::Table)
                .col(ColumnDef::new(ReceiptCounter::StoreId).integer().not_null())
                .col(ColumnDef::new(ReceiptCounter::Day).date().not_null())
                .col(ColumnDef::new(ReceiptCounter::Last).integer().not_null())
                .primary_key(
                    Index::create()
                        .col(ReceiptCounter::StoreId)
                        .col(ReceiptCounter::Day),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DayClose::Table)
                .col(ColumnDef::new(DayClose::StoreId).integer().not_null())
                .col(ColumnDef::new(DayClose::Day).date().not_null())
                .col(ColumnDef::new(DayClose::ClosedBy).integer().not_null())
                .col(ts(DayClose::ClosedAt))
                .primary_key(Index::create().col(DayClose::StoreId).col(DayClose::Day))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            DayClose::Table.into_iden(),
            ReceiptCounter::Table.into_iden(),
            SalePayment::Table.into_iden(),
            Deposit::Table.into_iden(),
            SaleLine::Table.into_iden(),
            SaleReturn::Table.into_iden(),
            Sale::Table.into_iden(),
            GoldPrice::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .drop_column(Item::LabourFeeFen)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(DictionaryEntry::Table)
                .drop_column(DictionaryEntry::ByWeight)
                .to_owned(),
        )
        .await?;
        for c in [Store::DiscountLimitBp, Store::ReturnDays] {
            m.alter_table(Table::alter().table(Store::Table).drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
