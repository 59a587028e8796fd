use sea_orm::entity::prelude::*;

/// A piece of jewelry. Graded facts are ranks (0 = best), weights milligrams, carats points,
/// prices fen: see `app::domain::goods` for the units and scales.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub erp_id: String,
    #[sea_orm(unique)]
    pub barcode: String,
    pub style_no: String,
    pub name: String,
    pub category: String,
    pub material: String,
    pub weight_mg: i64,
    pub carat_pts: i32,
    pub color_rank: Option<i16>,
    pub clarity_rank: Option<i16>,
    pub cut_rank: Option<i16>,
    pub polish_rank: Option<i16>,
    pub symmetry_rank: Option<i16>,
    pub fluorescence_rank: Option<i16>,
    pub cert_lab: String,
    pub cert_no: String,
    pub ring_x2: Option<i16>,
    /// The current price: the tag price, or for a material priced by weight weight × the gold
    /// price of `gold_day` + labour (recomputed when head office sets a price). Searched, sorted
    /// and shown.
    pub price_fen: i64,
    /// The ERP's tag price, as imported.
    pub tag_price_fen: i64,
    /// The day and price per gram (fen) `price_fen` was worked out from (gold priced by weight).
    pub gold_day: Option<Date>,
    pub gold_ppg_fen: Option<i64>,
    /// Labour fee (工费) of an item priced by weight.
    pub labour_fee_fen: i64,
    pub presale: bool,
    pub store_id: i32,
    pub status: String,
    pub reserved_customer_id: Option<i32>,
    pub reserved_reservation_id: Option<i32>,
    pub reserved_until: Option<DateTimeUtc>,
    pub reserved_by: Option<i32>,
    pub photo_url: String,
    /// Bumped by every change: local changes are compare-and-set on it.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub synced_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
