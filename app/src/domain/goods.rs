//! Goods lookup (货品查询): the graded scales of a diamond, item categories and statuses, the
//! units items are stored in, and the search query that lives in the URL.
//!
//! Graded scales are ordinal: each grade has a rank, 0 being the best (colour D, clarity FL,
//! cut Excellent). Ranges follow ranks, never string order, and the database stores the rank so
//! that a range is an indexed integer comparison.

use crate::domain::money::Money;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// An ordinal scale whose grades are listed best first.
pub trait Scale: Copy + Eq + Sized + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;

    /// 0 = best.
    fn rank(self) -> i16 {
        Self::ALL
            .iter()
            .position(|g| *g == self)
            .and_then(|p| i16::try_from(p).ok())
            .unwrap_or(i16::MAX)
    }
    fn from_rank(rank: i16) -> Option<Self> {
        usize::try_from(rank)
            .ok()
            .and_then(|r| Self::ALL.get(r).copied())
    }
    /// Case-insensitive; also accepts the long English name where there is one.
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|g| g.code().eq_ignore_ascii_case(s))
    }
    /// Whether this grade is at least as good as `other`.
    fn at_least(self, other: Self) -> bool {
        self.rank() <= other.rank()
    }
}

/// Diamond colour, D (colourless, best) to Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Color {
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,
    N,
    O,
    P,
    Q,
    R,
    S,
    T,
    U,
    V,
    W,
    X,
    Y,
    Z,
}

impl Scale for Color {
    const ALL: &'static [Color] = &[
        Color::D,
        Color::E,
        Color::F,
        Color::G,
        Color::H,
        Color::I,
        Color::J,
        Color::K,
        Color::L,
        Color::M,
        Color::N,
        Color::O,
        Color::P,
        Color::Q,
        Color::R,
        Color::S,
        Color::T,
        Color::U,
        Color::V,
        Color::W,
        Color::X,
        Color::Y,
        Color::Z,
    ];
    fn code(self) -> &'static str {
        const CODES: [&str; 23] = [
            "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T",
            "U", "V", "W", "X", "Y", "Z",
        ];
        CODES[self as usize]
    }
}

/// Diamond clarity, FL (flawless, best) to I3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clarity {
    FL,
    IF,
    VVS1,
    VVS2,
    VS1,
    VS2,
    SI1,
    SI2,
    I1,
    I2,
    I3,
}

impl Scale for Clarity {
    const ALL: &'static [Clarity] = &[
        Clarity::FL,
        Clarity::IF,
        Clarity::VVS1,
        Clarity::VVS2,
        Clarity::VS1,
        Clarity::VS2,
        Clarity::SI1,
        Clarity::SI2,
        Clarity::I1,
        Clarity::I2,
        Clarity::I3,
    ];
    fn code(self) -> &'static str {
        match self {
            Clarity::FL => "FL",
            Clarity::IF => "IF",
            Clarity::VVS1 => "VVS1",
            Clarity::VVS2 => "VVS2",
            Clarity::VS1 => "VS1",
            Clarity::VS2 => "VS2",
            Clarity::SI1 => "SI1",
            Clarity::SI2 => "SI2",
            Clarity::I1 => "I1",
            Clarity::I2 => "I2",
            Clarity::I3 => "I3",
        }
    }
}

/// Cut, polish and symmetry: Excellent (best) to Poor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    Excellent,
    VeryGood,
    Good,
    Fair,
    Poor,
}

impl Scale for Grade {
    const ALL: &'static [Grade] = &[
        Grade::Excellent,
        Grade::VeryGood,
        Grade::Good,
        Grade::Fair,
        Grade::Poor,
    ];
    fn code(self) -> &'static str {
        match self {
            Grade::Excellent => "EX",
            Grade::VeryGood => "VG",
            Grade::Good => "G",
            Grade::Fair => "F",
            Grade::Poor => "P",
        }
    }
    fn parse(s: &str) -> Option<Grade> {
        let s = s.trim();
        let long = |g: Grade| match g {
            Grade::Excellent => "Excellent",
            Grade::VeryGood => "Very Good",
            Grade::Good => "Good",
            Grade::Fair => "Fair",
            Grade::Poor => "Poor",
        };
        Grade::ALL
            .iter()
            .copied()
            .find(|g| g.code().eq_ignore_ascii_case(s) || long(*g).eq_ignore_ascii_case(s))
    }
}

/// Fluorescence, None (best) to Very Strong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fluorescence {
    None,
    Faint,
    Medium,
    Strong,
    VeryStrong,
}

impl Scale for Fluorescence {
    const ALL: &'static [Fluorescence] = &[
        Fluorescence::None,
        Fluorescence::Faint,
        Fluorescence::Medium,
        Fluorescence::Strong,
        Fluorescence::VeryStrong,
    ];
    fn code(self) -> &'static str {
        match self {
            Fluorescence::None => "N",
            Fluorescence::Faint => "F",
            Fluorescence::Medium => "M",
            Fluorescence::Strong => "S",
            Fluorescence::VeryStrong => "VS",
        }
    }
}

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

coded_enum!(
    /// What kind of piece an item is.
    Category {
        Ring => "ring",
        Pendant => "pendant",
        Necklace => "necklace",
        Earrings => "earrings",
        Bracelet => "bracelet",
        Bangle => "bangle",
        LooseDiamond => "loose_diamond",
        Other => "other",
    }
);

coded_enum!(
    /// Where an item is in its life.
    ItemStatus {
        InStock => "in_stock",
        Reserved => "reserved",
        Sold => "sold",
        InTransit => "in_transit",
        Returned => "returned",
    }
);

impl ItemStatus {
    /// The tone of its tag (the same scale as a reservation's): what can be sold stands out as
    /// good, what is held for someone asks for attention, what is gone is muted.
    pub fn tone(self) -> &'static str {
        match self {
            ItemStatus::InStock => "ok",
            ItemStatus::Reserved => "attention",
            ItemStatus::InTransit => "active",
            ItemStatus::Sold => "muted",
            ItemStatus::Returned => "neutral",
        }
    }
}

coded_enum!(
    /// The certificate's laboratory.
    CertLab {
        Gia => "GIA",
        Ngtc => "NGTC",
        Igi => "IGI",
    }
);

coded_enum!(
    /// Kinds of item history rows (货品动作记录).
    HistoryKind {
        Received => "received",
        Transfer => "transfer",
        Status => "status",
        Reserve => "reserve",
        Release => "release",
        Expire => "expire",
        Sale => "sale",
        Return => "return",
        ErpUpdate => "erp_update",
    }
);

/// Longest an item may be held for a customer.
pub const MAX_HOLD_DAYS: i64 = 30;

/// A checked 预留 request: hold until the end of `until` (local date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReserve {
    pub item_id: i32,
    pub customer_id: Option<i32>,
    /// The customer's mobile number when neither her id nor a reservation was given (the
    /// server finds her by it, or registers the walk-in named below).
    pub mobile: Option<crate::domain::mobile::Mobile>,
    /// A walk-in's name: registered with this number, in the store, if the number is new.
    pub new_customer_name: Option<String>,
    pub reservation_number: Option<String>,
    pub until: chrono::NaiveDate,
    pub note: String,
}

/// Listing a whole store's stock with no filter (batch query): store staff for their own store,
/// head office and admins for any. Store staff may still search other stores with a filter.
pub fn may_batch_query(
    role: crate::domain::policy::Role,
    own_store: Option<i32>,
    target: Option<i32>,
) -> bool {
    use crate::domain::policy::{allows, Permission};
    allows(role, Permission::ReadAllStores) || (target.is_some() && target == own_store)
}

impl GoodsQuery {
    /// Whether any filter that narrows the search (other than store, sort and page) is set;
    /// widening it to every status is not one.
    pub fn has_filter(&self) -> bool {
        GoodsQuery {
            store: StoreChoice::Default,
            sort: GoodsSort::Newest,
            page: 1,
            status: self.status.or(Some(ItemStatus::InStock)),
            ..self.clone()
        } != GoodsQuery::default()
    }
}

/// Stored units: integers, so that ranges are exact and indexed.
/// Metal weight in milligrams (grams with 3 decimals).
pub fn weight_to_mg(g: Decimal) -> Option<i64> {
    scaled(g, 3)
}
pub fn mg_to_weight(mg: i64) -> Decimal {
    Decimal::new(mg, 3)
}
/// Main stone in points (carats with 2 decimals).
pub fn carat_to_points(ct: Decimal) -> Option<i32> {
    scaled(ct, 2).and_then(|p| i32::try_from(p).ok())
}
pub fn points_to_carat(p: i32) -> Decimal {
    Decimal::new(i64::from(p), 2)
}
/// An item's price in fen: yuan that are whole fen and not negative.
pub fn yuan_to_fen(y: Decimal) -> Option<i64> {
    Money::exact(y).filter(|m| !m.is_negative()).map(Money::fen)
}

/// The value in units of 10^-scale, if it has no more decimals than that and fits.
fn scaled(v: Decimal, scale: u32) -> Option<i64> {
    if v.is_sign_negative() && !v.is_zero() {
        return None;
    }
    let mut n = v.normalize();
    if n.scale() > scale {
        return None;
    }
    n.rescale(scale);
    n.mantissa().to_i64()
}

/// A Chinese ring size (手寸), whole or half, stored as twice the size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RingSize(pub i16);

impl RingSize {
    pub const MIN: i16 = 2; // size 1
    pub const MAX: i16 = 60; // size 30

    pub fn parse(s: &str) -> Option<RingSize> {
        let d = Decimal::from_str(s.trim()).ok()?;
        let twice = (d * Decimal::TWO).normalize();
        if twice.scale() != 0 {
            return None;
        }
        let v = twice.to_i16()?;
        (Self::MIN..=Self::MAX).contains(&v).then_some(RingSize(v))
    }
    pub fn twice(self) -> i16 {
        self.0
    }
}

impl std::fmt::Display for RingSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 % 2 == 0 {
            write!(f, "{}", self.0 / 2)
        } else {
            write!(f, "{}.5", self.0 / 2)
        }
    }
}

/// An inclusive range of ranks, best rank first, from a "worst acceptable" and a "best
/// acceptable" grade (either may be missing). Reversed input is put right.
pub fn rank_range<S: Scale>(worst: Option<S>, best: Option<S>) -> Option<(i16, i16)> {
    if worst.is_none() && best.is_none() {
        return None;
    }
    let last = i16::try_from(S::ALL.len()).unwrap_or(i16::MAX) - 1;
    let lo = best.map(Scale::rank).unwrap_or(0);
    let hi = worst.map(Scale::rank).unwrap_or(last);
    Some((lo.min(hi), lo.max(hi)))
}

/// Sort orders of the result list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoodsSort {
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    CaratAsc,
    CaratDesc,
    WeightAsc,
    WeightDesc,
}

impl GoodsSort {
    pub const ALL: [GoodsSort; 7] = [
        GoodsSort::Newest,
        GoodsSort::PriceAsc,
        GoodsSort::PriceDesc,
        GoodsSort::CaratAsc,
        GoodsSort::CaratDesc,
        GoodsSort::WeightAsc,
        GoodsSort::WeightDesc,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            GoodsSort::Newest => "newest",
            GoodsSort::PriceAsc => "price",
            GoodsSort::PriceDesc => "-price",
            GoodsSort::CaratAsc => "carat",
            GoodsSort::CaratDesc => "-carat",
            GoodsSort::WeightAsc => "weight",
            GoodsSort::WeightDesc => "-weight",
        }
    }
    pub fn parse(s: &str) -> Option<GoodsSort> {
        GoodsSort::ALL.into_iter().find(|g| g.as_str() == s.trim())
    }
}

/// Which stores to search: the person's own (the default for store staff), one, or all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreChoice {
    #[default]
    Default,
    All,
    One(i32),
}

/// The search state of `/goods`, exactly as it lives in the URL query string.
/// Unknown or malformed values are ignored (a shared link never errors); the form reports them
/// ([`filter_errors`]). The default search is the stock on the shelves: `status` absent means
/// in stock, `status=any` every status, and a barcode or certificate lookup finds the piece
/// whatever its status unless one is asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoodsQuery {
    /// Product name or style number (款号), any part.
    pub q: String,
    pub weight_min: Option<Decimal>,
    pub weight_max: Option<Decimal>,
    pub price_min: Option<Decimal>,
    pub price_max: Option<Decimal>,
    pub carat_min: Option<Decimal>,
    pub carat_max: Option<Decimal>,
    /// This grade or better.
    pub cut: Option<Grade>,
    pub polish: Option<Grade>,
    pub symmetry: Option<Grade>,
    /// Worst acceptable colour ("G or better": color_min = G).
    pub color_min: Option<Color>,
    /// Best acceptable colour.
    pub color_max: Option<Color>,
    pub clarity_min: Option<Clarity>,
    pub clarity_max: Option<Clarity>,
    pub ring_min: Option<RingSize>,
    pub ring_max: Option<RingSize>,
    /// Material dictionary codes; any of them.
    pub material: Vec<String>,
    pub category: Option<Category>,
    pub presale: Option<bool>,
    pub status: Option<ItemStatus>,
    pub barcode: String,
    pub cert: String,
    pub store: StoreChoice,
    pub sort: GoodsSort,
    pub page: u64,
}

fn dec(s: &str) -> Option<Decimal> {
    Decimal::from_str(s.trim())
        .ok()
        .filter(|d| !d.is_sign_negative() || d.is_zero())
        .map(|d| d.abs().normalize())
}

impl Default for GoodsQuery {
    /// What `/goods` shows with nothing typed: the in-stock pieces.
    fn default() -> Self {
        GoodsQuery {
            q: String::new(),
            weight_min: None,
            weight_max: None,
            price_min: None,
            price_max: None,
            carat_min: None,
            carat_max: None,
            cut: None,
            polish: None,
            symmetry: None,
            color_min: None,
            color_max: None,
            clarity_min: None,
            clarity_max: None,
            ring_min: None,
            ring_max: None,
            material: Vec::new(),
            category: None,
            presale: None,
            status: Some(ItemStatus::InStock),
            barcode: String::new(),
            cert: String::new(),
            store: StoreChoice::Default,
            sort: GoodsSort::Newest,
            page: 1,
        }
    }
}

/// The URL value of "every status".
pub const ANY_STATUS: &str = "any";

/// The range filters the search form offers, by URL key.
const NUMBER_KEYS: [&str; 6] = [
    "weight_min",
    "weight_max",
    "price_min",
    "price_max",
    "carat_min",
    "carat_max",
];

/// What is wrong with the filters as typed, by URL key (which is also the form field's name):
/// a range bound that is not a number, is negative or is beyond any piece, a ring size that is
/// not one. [`GoodsQuery::from_pairs`] drops such values so a shared link still opens; the
/// search page shows these next to the fields and does not search until they are put right.
pub fn filter_errors<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> crate::domain::validate::FieldErrors {
    use crate::domain::validate::FieldError;
    use crate::i18n::catalogue::Msg;
    let mut out: crate::domain::validate::FieldErrors = Vec::new();
    for (k, v) in pairs {
        let v = v.trim();
        if v.is_empty() || out.iter().any(|e| e.field == k) {
            continue;
        }
        let msg = if let Some(key) = NUMBER_KEYS.iter().find(|n| **n == k) {
            match Decimal::from_str(v) {
                Err(_) => Some(Msg::ErrNumber),
                Ok(d) if d.is_sign_negative() && !d.is_zero() => Some(Msg::ErrNonNegativeNumber),
                Ok(d) => {
                    let fits = match key.split('_').next() {
                        Some("weight") => weight_to_mg(d.round_dp(3)).is_some(),
                        Some("price") => yuan_to_fen(d.round_dp(2)).is_some(),
                        _ => carat_to_points(d.round_dp(2)).is_some(),
                    };
                    (!fits).then_some(Msg::ErrNumberTooLarge)
                }
            }
        } else if matches!(k, "ring_min" | "ring_max") {
            RingSize::parse(v).is_none().then_some(Msg::ErrRingSize)
        } else {
            None
        };
        if let Some(msg) = msg {
            out.push(FieldError {
                field: k.to_string(),
                msg,
            });
        }
    }
    out
}

impl GoodsQuery {
    /// The status searched when the URL names none: in stock, or any for a barcode or
    /// certificate lookup (the person holds that piece and wants it found, sold or not).
    pub fn implied_status(&self) -> Option<ItemStatus> {
        if self.barcode.trim().is_empty() && self.cert.trim().is_empty() {
            Some(ItemStatus::InStock)
        } else {
            None
        }
    }

    /// Reads the query string's pairs (repeated `material` keys add up).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> GoodsQuery {
        let mut q = GoodsQuery {
            status: None,
            ..GoodsQuery::default()
        };
        let mut status_given = false;
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k {
                "q" => q.q = v.chars().take(100).collect(),
                "weight_min" => q.weight_min = dec(v),
                "weight_max" => q.weight_max = dec(v),
                "price_min" => q.price_min = dec(v),
                "price_max" => q.price_max = dec(v),
                "carat_min" => q.carat_min = dec(v),
                "carat_max" => q.carat_max = dec(v),
                "cut" => q.cut = Grade::parse(v),
                "polish" => q.polish = Grade::parse(v),
                "symmetry" => q.symmetry = Grade::parse(v),
                "color_min" => q.color_min = Color::parse(v),
                "color_max" => q.color_max = Color::parse(v),
                "clarity_min" => q.clarity_min = Clarity::parse(v),
                "clarity_max" => q.clarity_max = Clarity::parse(v),
                "ring_min" => q.ring_min = RingSize::parse(v),
                "ring_max" => q.ring_max = RingSize::parse(v),
                "material" => {
                    for m in v.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                        if q.material.len() < 20 && !q.material.iter().any(|x| x == m) {
                            q.material.push(m.chars().take(40).collect());
                        }
                    }
                }
                "category" => q.category = Category::parse(v),
                "presale" => {
                    q.presale = match v {
                        "1" | "true" | "yes" => Some(true),
                        "0" | "false" | "no" => Some(false),
                        _ => None,
                    }
                }
                "status" => {
                    status_given = true;
                    q.status = ItemStatus::parse(v);
                }
                "barcode" => q.barcode = v.chars().take(40).collect(),
                "cert" => q.cert = v.chars().take(40).collect(),
                "store" => {
                    q.store = match v {
                        "all" => StoreChoice::All,
                        n => n
                            .parse::<i32>()
                            .ok()
                            .filter(|n| *n > 0)
                            .map(StoreChoice::One)
                            .unwrap_or_default(),
                    }
                }
                "sort" => q.sort = GoodsSort::parse(v).unwrap_or_default(),
                "page" => q.page = crate::domain::paging::page_number(v),
                _ => {}
            }
        }
        if !status_given {
            q.status = q.implied_status();
        }
        q.page = q.page.max(1);
        q
    }

    /// Parses a whole query string (`a=1&b=2`, with or without a leading `?`).
    pub fn from_query_string(s: &str) -> GoodsQuery {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(s.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        GoodsQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The pairs that differ from the default, in the documented parameter order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut p: Vec<(&'static str, String)> = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                p.push((k, v));
            }
        };
        let d = |d: Option<Decimal>| d.map(|d| d.normalize().to_string());
        put("q", Some(self.q.clone()));
        put("weight_min", d(self.weight_min));
        put("weight_max", d(self.weight_max));
        put("price_min", d(self.price_min));
        put("price_max", d(self.price_max));
        put("carat_min", d(self.carat_min));
        put("carat_max", d(self.carat_max));
        put("cut", self.cut.map(|g| g.code().into()));
        put("polish", self.polish.map(|g| g.code().into()));
        put("symmetry", self.symmetry.map(|g| g.code().into()));
        put("color_min", self.color_min.map(|g| g.code().into()));
        put("color_max", self.color_max.map(|g| g.code().into()));
        put("clarity_min", self.clarity_min.map(|g| g.code().into()));
        put("clarity_max", self.clarity_max.map(|g| g.code().into()));
        put("ring_min", self.ring_min.map(|r| r.to_string()));
        put("ring_max", self.ring_max.map(|r| r.to_string()));
        for m in &self.material {
            put("material", Some(m.clone()));
        }
        put("category", self.category.map(|c| c.as_str().into()));
        put(
            "presale",
            self.presale.map(|b| if b { "1" } else { "0" }.into()),
        );
        put(
            "status",
            (self.status != self.implied_status())
                .then(|| self.status.map_or(ANY_STATUS, |s| s.as_str()).into()),
        );
        put("barcode", Some(self.barcode.clone()));
        put("cert", Some(self.cert.clone()));
        put(
            "store",
            match self.store {
                StoreChoice::Default => None,
                StoreChoice::All => Some("all".into()),
                StoreChoice::One(id) => Some(id.to_string()),
            },
        );
        put(
            "sort",
            (self.sort != GoodsSort::Newest).then(|| self.sort.as_str().into()),
        );
        put("page", (self.page > 1).then(|| self.page.to_string()));
        p
    }

    /// `?a=1&b=2` (empty when every filter is at its default).
    pub fn to_query_string(&self) -> String {
        let pairs = self.to_pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let mut s = form_urlencoded::Serializer::new(String::from("?"));
        for (k, v) in &pairs {
            s.append_pair(k, v);
        }
        s.finish().replacen("?&", "?", 1)
    }

    /// The same search on another page (filters kept).
    pub fn with_page(&self, page: u64) -> GoodsQuery {
        GoodsQuery {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// The bounds in stored units, with reversed ranges put right.
    pub fn bounds(&self) -> Bounds {
        fn pair<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> (Option<T>, Option<T>) {
            match (a, b) {
                (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
                x => x,
            }
        }
        Bounds {
            weight_mg: pair(
                self.weight_min.and_then(|w| weight_to_mg(w.round_dp(3))),
                self.weight_max.and_then(|w| weight_to_mg(w.round_dp(3))),
            ),
            price_fen: pair(
                self.price_min.and_then(|p| yuan_to_fen(p.round_dp(2))),
                self.price_max.and_then(|p| yuan_to_fen(p.round_dp(2))),
            ),
            carat_pts: pair(
                self.carat_min.and_then(|c| carat_to_points(c.round_dp(2))),
                self.carat_max.and_then(|c| carat_to_points(c.round_dp(2))),
            ),
            ring_x2: pair(
                self.ring_min.map(RingSize::twice),
                self.ring_max.map(RingSize::twice),
            ),
            color_rank: rank_range(self.color_min, self.color_max),
            clarity_rank: rank_range(self.clarity_min, self.clarity_max),
            cut_rank: self.cut.map(Scale::rank),
            polish_rank: self.polish.map(Scale::rank),
            symmetry_rank: self.symmetry.map(Scale::rank),
        }
    }
}

/// Numeric bounds of a query in stored units: (min, max) inclusive; grade ranks best-first,
/// a single grade meaning "rank ≤ this".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    pub weight_mg: (Option<i64>, Option<i64>),
    pub price_fen: (Option<i64>, Option<i64>),
    pub carat_pts: (Option<i32>, Option<i32>),
    pub ring_x2: (Option<i16>, Option<i16>),
    pub color_rank: Option<(i16, i16)>,
    pub clarity_rank: Option<(i16, i16)>,
    pub cut_rank: Option<i16>,
    pub polish_rank: Option<i16>,
    pub symmetry_rank: Option<i16>,
}

/// The facts of one item that a search filters on, in stored units; used by the brute-force
/// reference in tests and by anything that must decide "does this item match" without a DB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemFacts {
    pub name: String,
    pub style_no: String,
    pub weight_mg: i64,
    pub price_fen: i64,
    pub carat_pts: i32,
    pub ring_x2: Option<i16>,
    pub color_rank: Option<i16>,
    pub clarity_rank: Option<i16>,
    pub cut_rank: Option<i16>,
    pub polish_rank: Option<i16>,
    pub symmetry_rank: Option<i16>,
    pub material: String,
    pub category: String,
    pub presale: bool,
    pub status: String,
    pub barcode: String,
    pub cert_no: String,
    pub store_id: i32,
}

impl GoodsQuery {
    /// Whether an item matches every filter except the store (the reference semantics the
    /// database query must agree with).
    pub fn matches(&self, it: &ItemFacts) -> bool {
        let b = self.bounds();
        fn within<T: PartialOrd>(v: T, (lo, hi): (Option<T>, Option<T>)) -> bool {
            lo.is_none_or(|lo| v >= lo) && hi.is_none_or(|hi| v <= hi)
        }
        fn opt_within<T: PartialOrd + Copy>(v: Option<T>, r: (Option<T>, Option<T>)) -> bool {
            (r.0.is_none() && r.1.is_none()) || v.is_some_and(|v| within(v, r))
        }
        let rank_in = |v: Option<i16>, r: Option<(i16, i16)>| {
            r.is_none_or(|(lo, hi)| v.is_some_and(|v| v >= lo && v <= hi))
        };
        let at_least = |v: Option<i16>, r: Option<i16>| r.is_none_or(|r| v.is_some_and(|v| v <= r));
        let q = self.q.trim().to_lowercase();
        (q.is_empty()
            || it.name.to_lowercase().contains(&q)
            || it.style_no.to_lowercase().contains(&q))
            && within(it.weight_mg, b.weight_mg)
            && within(it.price_fen, b.price_fen)
            && within(it.carat_pts, b.carat_pts)
            && opt_within(it.ring_x2, b.ring_x2)
            && rank_in(it.color_rank, b.color_rank)
            && rank_in(it.clarity_rank, b.clarity_rank)
            && at_least(it.cut_rank, b.cut_rank)
            && at_least(it.polish_rank, b.polish_rank)
            && at_least(it.symmetry_rank, b.symmetry_rank)
            && (self.material.is_empty() || self.material.contains(&it.material))
            && self.category.is_none_or(|c| c.as_str() == it.category)
            && self.presale.is_none_or(|p| p == it.presale)
            && self.status.is_none_or(|s| s.as_str() == it.status)
            && (self.barcode.trim().is_empty() || it.barcode == self.barcode.trim())
            && (self.cert.trim().is_empty() || it.cert_no == self.cert.trim())
    }
}

/// What the server notes on an item's history row, stored as stable codes (`sold
/// receipt=S01-20261207-0001`) so that each reader sees it in their own language; a note a
/// person typed, or one written before these codes, is read back as it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemNote {
    /// Held until a day, for a walk-in registered with the hold and/or a reservation, with the
    /// consultant's own note.
    Hold {
        until: chrono::NaiveDate,
        new_customer: bool,
        reservation: Option<String>,
        note: String,
    },
    Sold {
        receipt: String,
    },
    Returned {
        receipt: String,
        reason: String,
    },
    /// A hold released when its day passed.
    Expired,
    ErpImport,
    /// An ERP update; `not_applied` is the status the ERP wanted while a local hold was kept.
    ErpSync {
        not_applied: Option<String>,
    },
    Typed(String),
}

impl ItemNote {
    pub fn encode(&self) -> String {
        match self {
            ItemNote::Hold {
                until,
                new_customer,
                reservation,
                note,
            } => {
                let mut s = format!("hold until={}", until.format("%Y-%m-%d"));
                if *new_customer {
                    s.push_str("; new customer");
                }
                if let Some(r) = reservation.as_deref().filter(|r| !r.is_empty()) {
                    s.push_str(&format!("; reservation={r}"));
                }
                if !note.is_empty() {
                    s.push_str(&format!("; note={note}"));
                }
                s
            }
            ItemNote::Sold { receipt } => format!("sold receipt={receipt}"),
            ItemNote::Returned { receipt, reason } => {
                format!("returned receipt={receipt}; reason={reason}")
            }
            ItemNote::Expired => "hold expired".into(),
            ItemNote::ErpImport => "erp import".into(),
            ItemNote::ErpSync { not_applied: None } => "erp sync".into(),
            ItemNote::ErpSync {
                not_applied: Some(w),
            } => format!("erp sync; hold kept; not applied={w}"),
            ItemNote::Typed(s) => s.clone(),
        }
    }

    pub fn decode(s: &str) -> ItemNote {
        let typed = || ItemNote::Typed(s.to_string());
        if let Some(rest) = s.strip_prefix("hold until=") {
            let (day, mut rest) = rest.split_once("; ").unwrap_or((rest, ""));
            let Ok(until) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
                return typed();
            };
            let mut new_customer = false;
            let mut reservation = None;
            let mut note = String::new();
            while !rest.is_empty() {
                if let Some(n) = rest.strip_prefix("note=") {
                    // The typed note is last and kept whole, separators and all.
                    note = n.to_string();
                    break;
                }
                let (part, more) = rest.split_once("; ").unwrap_or((rest, ""));
                match part.strip_prefix("reservation=") {
                    Some(r) => reservation = Some(r.to_string()),
                    None if part == "new customer" => new_customer = true,
                    None => return typed(),
                }
                rest = more;
            }
            return ItemNote::Hold {
                until,
                new_customer,
                reservation,
                note,
            };
        }
        if let Some(receipt) = s.strip_prefix("sold receipt=") {
            return ItemNote::Sold {
                receipt: receipt.to_string(),
            };
        }
        if let Some(rest) = s.strip_prefix("returned receipt=") {
            if let Some((receipt, reason)) = rest.split_once("; reason=") {
                return ItemNote::Returned {
                    receipt: receipt.to_string(),
                    reason: reason.to_string(),
                };
            }
        }
        match s {
            "hold expired" => ItemNote::Expired,
            "erp import" => ItemNote::ErpImport,
            "erp sync" => ItemNote::ErpSync { not_applied: None },
            _ => match s.strip_prefix("erp sync; hold kept; not applied=") {
                Some(w) => ItemNote::ErpSync {
                    not_applied: Some(w.to_string()),
                },
                None => typed(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_an_item_that_can_be_sold_reads_as_good_and_a_held_one_asks_for_attention() {
        use super::ItemStatus;
        for &s in ItemStatus::ALL {
            let tone = s.tone();
            assert_eq!(tone == "ok", s == ItemStatus::InStock, "{s:?}");
            assert_eq!(tone == "attention", s == ItemStatus::Reserved, "{s:?}");
        }
    }

    use super::*;

    #[test]
    fn item_notes_round_trip_and_anything_else_reads_as_written() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let notes = [
            ItemNote::Hold {
                until: day,
                new_customer: true,
                reservation: Some("R261207-0001".into()),
                note: "她先生周末来看; note=也许".into(),
            },
            ItemNote::Hold {
                until: day,
                new_customer: false,
                reservation: None,
                note: String::new(),
            },
            ItemNote::Sold {
                receipt: "S01-20261207-0001".into(),
            },
            ItemNote::Returned {
                receipt: "S01-20261207-0001".into(),
                reason: "尺寸不合; 换款".into(),
            },
            ItemNote::Expired,
            ItemNote::ErpImport,
            ItemNote::ErpSync { not_applied: None },
            ItemNote::ErpSync {
                not_applied: Some("sold".into()),
            },
            ItemNote::Typed("至 2026-12-10，新登记顾客".into()),
        ];
        for n in notes {
            assert_eq!(ItemNote::decode(&n.encode()), n);
        }
        for odd in [
            "hold until=tomorrow",
            "hold until=2026-12-10; who knows",
            "returned receipt=X",
            "",
        ] {
            assert_eq!(ItemNote::decode(odd), ItemNote::Typed(odd.into()));
        }
    }

    #[test]
    fn scales_are_ordered_best_first_not_alphabetically() {
        assert!(Color::D.at_least(Color::G));
        assert!(!Color::H.at_least(Color::G));
        assert_eq!(Color::D.rank(), 0);
        assert_eq!(Color::Z.rank(), 22);
        // String order would put IF before VVS1 and I1 before IF; rank order does not.
        assert!(Clarity::VVS1.at_least(Clarity::VS2));
        assert!(Clarity::IF.at_least(Clarity::VVS1));
        assert!(!Clarity::I1.at_least(Clarity::SI2));
        assert!(Clarity::FL.rank() < Clarity::IF.rank());
        assert!(Grade::Excellent.at_least(Grade::VeryGood));
        assert!(!Grade::Fair.at_least(Grade::Good));
    }

    #[test]
    fn grades_parse_by_code_and_round_trip_by_rank() {
        assert_eq!(Clarity::parse("vs2"), Some(Clarity::VS2));
        assert_eq!(Grade::parse("Very Good"), Some(Grade::VeryGood));
        assert_eq!(Grade::parse("VG"), Some(Grade::VeryGood));
        assert_eq!(Color::parse("AA"), None);
        for c in Color::ALL {
            assert_eq!(Color::from_rank(c.rank()), Some(*c));
            assert_eq!(Color::parse(c.code()), Some(*c));
        }
        for c in Clarity::ALL {
            assert_eq!(Clarity::from_rank(c.rank()), Some(*c));
        }
        assert_eq!(Clarity::from_rank(11), None);
        assert_eq!(Clarity::from_rank(-1), None);
    }

    #[test]
    fn g_or_better_is_d_to_g_and_reversed_ranges_are_put_right() {
        assert_eq!(rank_range(Some(Color::G), None), Some((0, 3)));
        assert_eq!(rank_range(Some(Color::G), Some(Color::E)), Some((1, 3)));
        assert_eq!(rank_range(Some(Color::E), Some(Color::G)), Some((1, 3)));
        assert_eq!(rank_range(None, Some(Color::F)), Some((2, 22)));
        assert_eq!(rank_range::<Color>(None, None), None);
        // VS2 or better: FL, IF, VVS1, VVS2, VS1, VS2.
        let (lo, hi) = rank_range(Some(Clarity::VS2), None).unwrap_or_default();
        let ok: Vec<_> = Clarity::ALL
            .iter()
            .filter(|c| (lo..=hi).contains(&c.rank()))
            .map(|c| c.code())
            .collect();
        assert_eq!(ok, ["FL", "IF", "VVS1", "VVS2", "VS1", "VS2"]);
    }

    #[test]
    fn ring_sizes_take_half_sizes_only() {
        assert_eq!(RingSize::parse("12"), Some(RingSize(24)));
        assert_eq!(RingSize::parse("12.5"), Some(RingSize(25)));
        assert_eq!(RingSize::parse("12.3"), None);
        assert_eq!(RingSize::parse("0"), None);
        assert_eq!(RingSize::parse("31"), None);
        assert_eq!(RingSize(25).to_string(), "12.5");
        assert_eq!(RingSize(24).to_string(), "12");
    }

    #[test]
    fn units_are_exact_integers() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(weight_to_mg(d("3.456")), Some(3456));
        assert_eq!(weight_to_mg(d("3.4567")), None);
        assert_eq!(weight_to_mg(d("-1")), None);
        assert_eq!(carat_to_points(d("0.5")), Some(50));
        assert_eq!(yuan_to_fen(d("12999.90")), Some(1_299_990));
        assert_eq!(yuan_to_fen(d("-1")), None);
        assert_eq!(yuan_to_fen(d("1.005")), None);
        assert_eq!(points_to_carat(101), d("1.01"));
        assert_eq!(mg_to_weight(3456), d("3.456"));
    }

    #[test]
    fn the_url_round_trips() {
        let q = GoodsQuery {
            q: "满天星 戒指".into(),
            weight_min: Some(Decimal::new(15, 1)),
            price_max: Some(Decimal::new(2000000, 2)),
            carat_min: Some(Decimal::new(5, 1)),
            carat_max: Some(Decimal::ONE),
            cut: Some(Grade::VeryGood),
            color_min: Some(Color::G),
            clarity_min: Some(Clarity::VS2),
            ring_min: Some(RingSize(24)),
            ring_max: Some(RingSize(28)),
            material: vec!["PT950".into(), "18K_WHITE".into()],
            category: Some(Category::Ring),
            presale: Some(false),
            status: Some(ItemStatus::InStock),
            store: StoreChoice::All,
            sort: GoodsSort::PriceDesc,
            page: 3,
            ..GoodsQuery::default()
        };
        let s = q.to_query_string();
        assert!(s.starts_with("?q="), "{s}");
        assert!(s.contains("material=PT950&material=18K_WHITE"), "{s}");
        assert!(
            s.contains("color_min=G") && s.contains("clarity_min=VS2"),
            "{s}"
        );
        assert!(s.contains("ring_min=12&ring_max=14"), "{s}");
        assert_eq!(GoodsQuery::from_query_string(&s), q);
        assert_eq!(GoodsQuery::default().to_query_string(), "");
        assert_eq!(
            GoodsQuery::from_query_string(""),
            GoodsQuery::from_pairs([])
        );
    }

    #[test]
    fn the_default_search_is_the_stock_on_the_shelves() {
        use crate::domain::goods::ItemStatus as S;
        assert_eq!(GoodsQuery::from_query_string("").status, Some(S::InStock));
        assert_eq!(GoodsQuery::from_query_string(""), GoodsQuery::default());
        assert_eq!(GoodsQuery::from_query_string("status=any").status, None);
        assert_eq!(
            GoodsQuery::from_query_string("status=sold").status,
            Some(S::Sold)
        );
        // A barcode or certificate lookup finds the piece whatever its status ...
        assert_eq!(GoodsQuery::from_query_string("barcode=VT1").status, None);
        assert_eq!(GoodsQuery::from_query_string("cert=GIA1").status, None);
        // ... unless a status is asked for.
        assert_eq!(
            GoodsQuery::from_query_string("barcode=VT1&status=in_stock").status,
            Some(S::InStock)
        );
        // Every variant survives the URL.
        for qs in [
            "",
            "status=any",
            "status=sold",
            "barcode=VT1",
            "barcode=VT1&status=in_stock",
            "cert=G&status=any",
        ] {
            let q = GoodsQuery::from_query_string(qs);
            assert_eq!(
                GoodsQuery::from_query_string(&q.to_query_string()),
                q,
                "{qs}"
            );
        }
        assert_eq!(
            GoodsQuery {
                status: None,
                ..GoodsQuery::default()
            }
            .to_query_string(),
            "?status=any"
        );
        // Widening to every status is not a filter (a whole other store stays refused).
        assert!(!GoodsQuery::from_query_string("status=any").has_filter());
        assert!(GoodsQuery::from_query_string("status=sold").has_filter());
    }

    #[test]
    fn typed_filters_that_cannot_be_searched_are_named() {
        use crate::i18n::catalogue::Msg;
        let errs = |qs: &str| {
            let pairs: Vec<(String, String)> =
                form_urlencoded::parse(qs.as_bytes()).into_owned().collect();
            filter_errors(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .into_iter()
                .map(|e| (e.field, e.msg))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errs("price_min=abc"),
            [("price_min".to_string(), Msg::ErrNumber)]
        );
        assert_eq!(
            errs("carat_max=-1"),
            [("carat_max".to_string(), Msg::ErrNonNegativeNumber)]
        );
        assert_eq!(
            errs("weight_min=3克"),
            [("weight_min".to_string(), Msg::ErrNumber)]
        );
        assert_eq!(
            errs("price_max=99999999999999999999999"),
            [("price_max".to_string(), Msg::ErrNumberTooLarge)]
        );
        assert_eq!(
            errs("ring_min=12.3"),
            [("ring_min".to_string(), Msg::ErrRingSize)]
        );
        assert_eq!(
            errs("ring_max=12.5&price_min=0&carat_min=-0&weight_max=3.5&q=abc&sort=x"),
            []
        );
        assert_eq!(errs("price_min=%20%20"), [], "blank is no filter");
        // One message per field, in the order typed.
        assert_eq!(errs("weight_max=x&weight_max=-2&price_min=-5").len(), 2);
    }

    #[test]
    fn garbage_in_the_url_is_ignored_not_fatal() {
        let q = GoodsQuery::from_query_string(
            "?carat_min=abc&color_min=AA&ring_min=12.3&page=-4&sort=cheapest&store=x&presale=maybe&weight_max=-3",
        );
        assert_eq!(q, GoodsQuery::from_pairs([]));
        assert_eq!(q.page, 1);
    }

    #[test]
    fn bounds_use_stored_units_and_put_ranges_right() {
        let q = GoodsQuery::from_query_string(
            "carat_min=1.0&carat_max=0.5&color_min=G&clarity_min=VS2&cut=VG&ring_min=14&ring_max=12",
        );
        let b = q.bounds();
        assert_eq!(b.carat_pts, (Some(50), Some(100)));
        assert_eq!(b.color_rank, Some((0, 3)));
        assert_eq!(b.clarity_rank, Some((0, 5)));
        assert_eq!(b.cut_rank, Some(1));
        assert_eq!(b.ring_x2, (Some(24), Some(28)));
    }

    #[test]
    fn whole_store_listings_are_for_own_store_or_head_office() {
        use crate::domain::policy::Role;
        assert!(may_batch_query(Role::Consultant, Some(1), Some(1)));
        assert!(!may_batch_query(Role::Consultant, Some(1), Some(2)));
        assert!(!may_batch_query(Role::StoreManager, Some(1), None));
        assert!(may_batch_query(Role::HeadOffice, None, None));
        assert!(may_batch_query(Role::HeadOffice, None, Some(2)));
        assert!(!GoodsQuery::from_query_string("store=all&sort=price&page=2").has_filter());
        assert!(GoodsQuery::from_query_string("store=all&presale=0").has_filter());
    }

    #[test]
    fn reference_match_follows_the_scales() {
        let item = ItemFacts {
            name: "经典六爪钻戒".into(),
            style_no: "R1001".into(),
            weight_mg: 3200,
            price_fen: 1_500_000,
            carat_pts: 70,
            ring_x2: Some(26),
            color_rank: Some(Color::F.rank()),
            clarity_rank: Some(Clarity::VVS2.rank()),
            cut_rank: Some(0),
            polish_rank: Some(1),
            symmetry_rank: Some(1),
            material: "PT950".into(),
            category: "ring".into(),
            status: "in_stock".into(),
            ..ItemFacts::default()
        };
        let m = |s: &str| GoodsQuery::from_query_string(s).matches(&item);
        assert!(m("category=ring&carat_min=0.5&carat_max=1.0&color_min=G&clarity_min=VS2&ring_min=12&ring_max=14"));
        assert!(m("q=r10&material=18K_WHITE&material=PT950"));
        assert!(!m("color_min=H&color_max=G"));
        assert!(!m("clarity_min=VVS1") && m("clarity_max=VVS1"));
        assert!(m("polish=VG") && !m("polish=EX"));
        assert!(!m("ring_min=14"));
        assert!(!m("presale=1") && m("presale=0"));
        assert!(!m("material=AU999"));
    }
}
