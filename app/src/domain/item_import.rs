//! One row of an ERP (SAP) item file or sync request, checked field by field.
//!
//! The same raw row arrives from a CSV upload, `vitrine items import FILE` and
//! `POST /api/v1/items:sync`; [`validate_item_row`] turns it into a [`ValidItem`] or the list of
//! what is wrong with it, so every channel accepts and rejects exactly the same rows.

use crate::domain::goods::*;
use crate::domain::validate::{FieldError, FieldErrors};
use crate::i18n::catalogue::Msg;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A row as the ERP sends it: every field text, column names as in the CSV header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemRow {
    pub erp_id: String,
    pub barcode: String,
    pub style_no: String,
    pub name: String,
    pub category: String,
    pub material: String,
    pub weight_g: String,
    pub carat: String,
    pub color: String,
    pub clarity: String,
    pub cut: String,
    pub polish: String,
    pub symmetry: String,
    pub fluorescence: String,
    pub cert_lab: String,
    pub cert_no: String,
    pub ring_size: String,
    pub price: String,
    /// 工费: the labour fee (yuan) added to weight × the day's gold price for materials priced
    /// by weight; empty is none.
    pub labour_fee: String,
    pub presale: String,
    pub store: String,
    pub status: String,
    pub photo_url: String,
}

/// The CSV header the importer expects (also written by the goods export's "ERP" columns).
pub const ITEM_COLUMNS: &[&str] = &[
    "erp_id",
    "barcode",
    "style_no",
    "name",
    "category",
    "material",
    "weight_g",
    "carat",
    "color",
    "clarity",
    "cut",
    "polish",
    "symmetry",
    "fluorescence",
    "cert_lab",
    "cert_no",
    "ring_size",
    "price",
    "labour_fee",
    "presale",
    "store",
    "status",
    "photo_url",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidItem {
    pub erp_id: String,
    pub barcode: String,
    pub style_no: String,
    pub name: String,
    pub category: Category,
    pub material: String,
    pub weight_mg: i64,
    pub carat_pts: i32,
    pub color: Option<Color>,
    pub clarity: Option<Clarity>,
    pub cut: Option<Grade>,
    pub polish: Option<Grade>,
    pub symmetry: Option<Grade>,
    pub fluorescence: Option<Fluorescence>,
    pub cert_lab: Option<CertLab>,
    pub cert_no: String,
    pub ring: Option<RingSize>,
    pub price_fen: i64,
    pub labour_fee_fen: i64,
    pub presale: bool,
    /// The store's name as the ERP spells it.
    pub store: String,
    /// The ERP's status: never `reserved` (reservations are made here, not upstream).
    pub status: ItemStatus,
    pub photo_url: String,
}

/// What the server knows that a row is checked against.
pub struct ImportContext<'a> {
    pub materials: &'a [String],
    pub stores: &'a [String],
}

const MAX_PRICE_FEN: i64 = 10_000_000_000; // 100,000,000 yuan
const MAX_WEIGHT_MG: i64 = 10_000_000; // 10 kg
const MAX_CARAT_PTS: i32 = 10_000; // 100 ct

/// Chinese labels the ERP may use instead of codes.
fn category_alias(s: &str) -> Option<Category> {
    Category::parse(s).or(match s {
        "戒指" | "钻戒" => Some(Category::Ring),
        "吊坠" => Some(Category::Pendant),
        "项链" => Some(Category::Necklace),
        "耳饰" | "耳环" | "耳钉" => Some(Category::Earrings),
        "手链" => Some(Category::Bracelet),
        "手镯" => Some(Category::Bangle),
        "裸钻" => Some(Category::LooseDiamond),
        "其他" => Some(Category::Other),
        _ => None,
    })
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub fn validate_item_row(row: &ItemRow, ctx: &ImportContext) -> Result<ValidItem, FieldErrors> {
    let mut errs: FieldErrors = Vec::new();
    let mut add = |field: &str, msg: Msg| {
        errs.push(FieldError {
            field: field.to_string(),
            msg,
        })
    };
    let text = |v: &str, max: usize| -> Result<String, Msg> {
        let v = v.trim();
        if crate::domain::validate::has_forbidden_chars(v, false) {
            Err(Msg::ErrControlChars)
        } else if v.chars().count() > max {
            Err(Msg::ErrTooLong)
        } else {
            Ok(v.to_string())
        }
    };
    let mut required_code = |field: &str, v: &str, max: usize| -> String {
        let v = v.trim();
        if v.is_empty() {
            add(field, Msg::ErrRequired);
        } else if v.len() > max || !is_code(v) {
            add(field, Msg::ErrCodeFormat);
        }
        v.to_string()
    };
    let erp_id = required_code("erp_id", &row.erp_id, 40);
    let barcode = required_code("barcode", &row.barcode, 40);
    let style_no = row.style_no.trim().to_string();
    let cert_no = row.cert_no.trim().to_string();
    let mut add = |field: &str, msg: Msg| {
        errs.push(FieldError {
            field: field.to_string(),
            msg,
        })
    };
    if style_no.len() > 40 || (!style_no.is_empty() && !is_code(&style_no)) {
        add("style_no", Msg::ErrCodeFormat);
    }
    if cert_no.len() > 40 || (!cert_no.is_empty() && !is_code(&cert_no)) {
        add("cert_no", Msg::ErrCodeFormat);
    }
    let name = match text(&row.name, 100) {
        Ok(n) if n.is_empty() => {
            add("name", Msg::ErrRequired);
            n
        }
        Ok(n) => n,
        Err(m) => {
            add("name", m);
            String::new()
        }
    };
    let category = category_alias(row.category.trim());
    if category.is_none() {
        add("category", Msg::ErrUnknownCategory);
    }
    let material = row.material.trim().to_string();
    if !ctx.materials.contains(&material) {
        add("material", Msg::ErrUnknownMaterial);
    }
    let mut decimal = |field: &str, v: &str, required: bool| -> Option<Decimal> {
        let v = v.trim();
        if v.is_empty() {
            if required {
                add(field, Msg::ErrRequired);
            }
            return None;
        }
        match Decimal::from_str(v) {
            Ok(d) if !d.is_sign_negative() => Some(d),
            _ => {
                add(field, Msg::ErrNonNegativeNumber);
                None
            }
        }
    };
    let weight = decimal("weight_g", &row.weight_g, false);
    let carat = decimal("carat", &row.carat, false);
    let price = decimal("price", &row.price, true);
    let labour = decimal("labour_fee", &row.labour_fee, false);
    let weight_mg = match weight.map(weight_to_mg) {
        None => 0,
        Some(Some(mg)) if mg <= MAX_WEIGHT_MG => mg,
        Some(_) => {
            add("weight_g", Msg::ErrWeightFormat);
            0
        }
    };
    let carat_pts = match carat.map(carat_to_points) {
        None => 0,
        Some(Some(p)) if p <= MAX_CARAT_PTS => p,
        Some(_) => {
            add("carat", Msg::ErrCaratFormat);
            0
        }
    };
    let price_fen = match price.map(yuan_to_fen) {
        None => 0,
        Some(Some(f)) if f > 0 && f <= MAX_PRICE_FEN => f,
        Some(_) => {
            add("price", Msg::ErrPriceFormat);
            0
        }
    };
    let labour_fee_fen = match labour.map(yuan_to_fen) {
        None => 0,
        Some(Some(f)) if f <= MAX_PRICE_FEN => f,
        Some(_) => {
            add("labour_fee", Msg::ErrLabourFeeFormat);
            0
        }
    };
    fn grade<S: Scale>(field: &str, v: &str, add: &mut impl FnMut(&str, Msg)) -> Option<S> {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        let g = S::parse(v);
        if g.is_none() {
            add(field, Msg::ErrUnknownGrade);
        }
        g
    }
    let color = grade::<Color>("color", &row.color, &mut add);
    let clarity = grade::<Clarity>("clarity", &row.clarity, &mut add);
    let cut = grade::<Grade>("cut", &row.cut, &mut add);
    let polish = grade::<Grade>("polish", &row.polish, &mut add);
    let symmetry = grade::<Grade>("symmetry", &row.symmetry, &mut add);
    let fluorescence = grade::<Fluorescence>("fluorescence", &row.fluorescence, &mut add);
    let cert_lab = match row.cert_lab.trim() {
        "" => None,
        v => {
            let lab = CertLab::parse(&v.to_ascii_uppercase());
            if lab.is_none() {
                add("cert_lab", Msg::ErrUnknownGrade);
            }
            lab
        }
    };
    if !cert_no.is_empty() && cert_lab.is_none() && row.cert_lab.trim().is_empty() {
        add("cert_lab", Msg::ErrRequired);
    }
    let ring = match row.ring_size.trim() {
        "" => None,
        v => {
            let r = RingSize::parse(v);
            if r.is_none() {
                add("ring_size", Msg::ErrRingSize);
            }
            r
        }
    };
    let presale = match row.presale.trim() {
        "" | "0" | "否" | "N" | "n" | "false" | "FALSE" => false,
        "1" | "是" | "Y" | "y" | "true" | "TRUE" => true,
        _ => {
            add("presale", Msg::ErrYesNo);
            false
        }
    };
    let store = row.store.trim().to_string();
    if store.is_empty() {
        add("store", Msg::ErrRequired);
    } else if !ctx.stores.contains(&store) {
        add("store", Msg::ErrUnknownStore);
    }
    let status = match row.status.trim() {
        "" => Some(ItemStatus::InStock),
        v => ItemStatus::parse(v).filter(|s| *s != ItemStatus::Reserved),
    };
    if status.is_none() {
        add("status", Msg::ErrErpStatus);
    }
    let photo_url = row.photo_url.trim().to_string();
    if photo_url.len() > 500
        || (!photo_url.is_empty()
            && !photo_url.starts_with("https://")
            && !photo_url.starts_with('/'))
    {
        add("photo_url", Msg::ErrPhotoUrl);
    }
    match (errs.is_empty(), category, status) {
        (true, Some(category), Some(status)) => Ok(ValidItem {
            erp_id,
            barcode,
            style_no,
            name,
            category,
            material,
            weight_mg,
            carat_pts,
            color,
            clarity,
            cut,
            polish,
            symmetry,
            fluorescence,
            cert_lab,
            cert_no,
            ring,
            price_fen,
            labour_fee_fen,
            presale,
            store,
            status,
            photo_url,
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn ctx_owned() -> (Vec<String>, Vec<String>) {
        (
            vec!["PT950".into(), "AU999".into()],
            vec!["上海南京西路体验店".into()],
        )
    }

    pub(crate) fn good() -> ItemRow {
        ItemRow {
            erp_id: "SAP-000123".into(),
            barcode: "VT0000123".into(),
            style_no: "R1001".into(),
            name: "经典六爪钻戒".into(),
            category: "戒指".into(),
            material: "PT950".into(),
            weight_g: "3.215".into(),
            carat: "0.52".into(),
            color: "G".into(),
            clarity: "VS1".into(),
            cut: "EX".into(),
            polish: "Very Good".into(),
            symmetry: "VG".into(),
            fluorescence: "N".into(),
            cert_lab: "gia".into(),
            cert_no: "2141438171".into(),
            ring_size: "12.5".into(),
            price: "18800.00".into(),
            labour_fee: "".into(),
            presale: "否".into(),
            store: "上海南京西路体验店".into(),
            status: "".into(),
            photo_url: "".into(),
        }
    }

    fn check(row: &ItemRow) -> Result<ValidItem, Vec<String>> {
        let (m, s) = ctx_owned();
        validate_item_row(
            row,
            &ImportContext {
                materials: &m,
                stores: &s,
            },
        )
        .map_err(|e| e.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_good_row_becomes_stored_units() {
        let v = check(&good()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.category, Category::Ring);
        assert_eq!(v.weight_mg, 3215);
        assert_eq!(v.carat_pts, 52);
        assert_eq!(v.price_fen, 1_880_000);
        assert_eq!(v.ring, Some(RingSize(25)));
        assert_eq!(v.polish, Some(Grade::VeryGood));
        assert_eq!(v.cert_lab, Some(CertLab::Gia));
        assert_eq!(v.status, ItemStatus::InStock);
        assert!(!v.presale);
    }

    #[test]
    fn every_bad_field_is_named() {
        let row = ItemRow {
            erp_id: "".into(),
            barcode: "VT 01".into(),
            category: "tiara".into(),
            material: "unobtainium".into(),
            weight_g: "3.2155".into(),
            carat: "-1".into(),
            color: "AA".into(),
            ring_size: "12.3".into(),
            price: "0".into(),
            presale: "maybe".into(),
            store: "火星店".into(),
            status: "reserved".into(),
            photo_url: "javascript:alert(1)".into(),
            ..good()
        };
        let errs = check(&row).err().unwrap_or_default();
        for f in [
            "erp_id",
            "barcode",
            "category",
            "material",
            "weight_g",
            "carat",
            "color",
            "ring_size",
            "price",
            "presale",
            "store",
            "status",
            "photo_url",
        ] {
            assert!(errs.iter().any(|e| e == f), "{f} not reported in {errs:?}");
        }
    }

    #[test]
    fn a_certificate_needs_its_lab_and_optional_facts_may_be_blank() {
        let row = ItemRow {
            cert_lab: "".into(),
            ..good()
        };
        assert_eq!(check(&row).err(), Some(vec!["cert_lab".to_string()]));
        let gold = ItemRow {
            carat: "".into(),
            color: "".into(),
            clarity: "".into(),
            cut: "".into(),
            polish: "".into(),
            symmetry: "".into(),
            fluorescence: "".into(),
            cert_lab: "".into(),
            cert_no: "".into(),
            ring_size: "".into(),
            material: "AU999".into(),
            category: "bangle".into(),
            ..good()
        };
        let v = check(&gold).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((v.carat_pts, v.color, v.ring), (0, None, None));
    }

    #[test]
    fn the_labour_fee_is_optional_never_negative_and_exact_to_the_fen() {
        assert_eq!(check(&good()).map(|v| v.labour_fee_fen), Ok(0));
        let row = ItemRow {
            labour_fee: "300.50".into(),
            ..good()
        };
        assert_eq!(check(&row).map(|v| v.labour_fee_fen), Ok(30_050));
        for bad in ["-1", "1.234", "abc", "100000001"] {
            let row = ItemRow {
                labour_fee: bad.into(),
                ..good()
            };
            assert_eq!(
                check(&row).err(),
                Some(vec!["labour_fee".to_string()]),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_price_is_required_and_exact_to_the_fen() {
        for bad in ["", "12.345", "abc", "-5"] {
            let row = ItemRow {
                price: bad.into(),
                ..good()
            };
            assert_eq!(check(&row).err(), Some(vec!["price".to_string()]), "{bad}");
        }
    }
}
