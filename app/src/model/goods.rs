//! Goods (货品查询): result rows, the item page, holds and ERP import reports.

use crate::domain::goods::{Category, Clarity, Color, Grade, ItemStatus, RingSize};
use crate::domain::goods::{ValidReserve, MAX_HOLD_DAYS};
use crate::domain::validate::FieldErrors;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One item as a result row and on its page (stored units turned back into yuan, grams, ct).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRowView {
    pub id: i32,
    pub barcode: String,
    pub erp_id: String,
    pub style_no: String,
    pub name: String,
    pub category: Category,
    /// The material's dictionary code (`18K_WHITE`); people read `material_label`.
    pub material: String,
    /// The material's dictionary label in each language (the code if the entry is gone).
    pub material_zh: String,
    pub material_en: String,
    pub weight_g: Decimal,
    pub carat: Decimal,
    pub color: Option<Color>,
    pub clarity: Option<Clarity>,
    pub cut: Option<Grade>,
    pub polish: Option<Grade>,
    pub symmetry: Option<Grade>,
    pub fluorescence: Option<String>,
    pub cert_lab: String,
    pub cert_no: String,
    pub ring: Option<RingSize>,
    /// The current price (what the till charges today when `basis` is today's gold price or
    /// the tag).
    pub price: Decimal,
    /// How `price` came about: the tag, or a day's gold price (shown with its formula).
    pub basis: crate::domain::sale::PriceBasis,
    pub presale: bool,
    pub store_id: i32,
    pub store_name: String,
    pub status: ItemStatus,
    /// The holder's name, for those who may see her.
    pub reserved_for: Option<String>,
    /// For everyone else: the store whose customer it is held for.
    pub reserved_for_customer_of: Option<String>,
    pub reserved_until: Option<DateTime<Utc>>,
    pub reserved_reservation: Option<String>,
    pub photo_url: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl ItemRowView {
    pub fn material_label(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::ZhCn => &self.material_zh,
            crate::i18n::Lang::En => &self.material_en,
        }
    }
}

/// A page of search results. Beyond [`COUNT_CAP`](Self::COUNT_CAP) matches the total is
/// not counted exactly: `total_capped` says "more than `total`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoodsPage {
    pub items: Vec<ItemRowView>,
    pub total: u64,
    pub total_capped: bool,
    pub page: u64,
    pub per_page: u64,
    /// The store searched, when one store was searched.
    pub store_id: Option<i32>,
}

impl GoodsPage {
    pub const COUNT_CAP: u64 = 10_000;
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemHistoryRow {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub kind: String,
    pub from_value: String,
    pub to_value: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetail {
    pub item: ItemRowView,
    pub history: Vec<ItemHistoryRow>,
    /// Whether the viewer may reserve / release it (own store, workspace role).
    pub may_reserve: bool,
}

/// The 预留 form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReserveInput {
    pub item_id: i32,
    pub version: i32,
    pub customer_id: Option<i32>,
    /// The customer's full mobile number, when the form was posted without the as-you-type
    /// lookup (no JavaScript): the server finds the customer by it.
    pub customer_mobile: String,
    /// A reservation number (YY…) to link, instead of choosing a customer.
    pub reservation_number: String,
    /// A walk-in whose number is not registered yet: her name, to register her with the hold.
    #[serde(default)]
    pub new_customer_name: String,
    /// `YYYY-MM-DD`, inclusive, in the store's zone.
    pub until: String,
    pub note: String,
}

/// What an import or sync did, row by row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<RejectedRow>,
    /// Items reserved here that the ERP changed: the reservation was kept.
    pub conflicts: Vec<SyncConflict>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// 1-based data row number (the header is not counted).
    pub row: u64,
    pub erp_id: String,
    /// `field: reason` in the reader's language is built by the page from these.
    pub errors: Vec<crate::domain::validate::FieldError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConflict {
    pub row: u64,
    pub barcode: String,
    /// What the ERP wanted (e.g. `status: sold`), which was not applied.
    pub wanted: String,
}

impl ImportReport {
    pub fn accepted(&self) -> u64 {
        self.created + self.updated + self.unchanged
    }
    pub fn merge(&mut self, other: ImportReport) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.rejected.extend(other.rejected);
        self.conflicts.extend(other.conflicts);
    }
}

impl ReserveInput {
    /// `today` is the store's local date. Every field is checked at once, so the form marks
    /// all that need fixing: a customer (her id, a full mobile number, or a reservation
    /// number), a walk-in's name when one is given, the date, the note.
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<ValidReserve, FieldErrors> {
        use crate::domain::validate::Errors;
        use crate::i18n::Msg;
        let input = self;
        let mut e = Errors::default();
        let number = input.reservation_number.trim().to_ascii_uppercase();
        let reservation_number = (!number.is_empty()).then_some(number);
        let typed_mobile = input.customer_mobile.trim();
        let mut mobile = None;
        if input.customer_id.is_none() && reservation_number.is_none() {
            if typed_mobile.is_empty() {
                e.add("customer", Msg::ErrChooseCustomer);
            } else {
                mobile = crate::domain::mobile::Mobile::parse(typed_mobile);
                if mobile.is_none() {
                    e.add("customer", Msg::ErrMobileFormat);
                }
            }
        }
        let name = if input.new_customer_name.trim().is_empty() {
            None
        } else {
            Some(e.text("new_customer_name", &input.new_customer_name, 1, 50))
        };
        let until = match chrono::NaiveDate::parse_from_str(input.until.trim(), "%Y-%m-%d") {
            Ok(d) if d < today => {
                e.add("until", Msg::ErrHoldInPast);
                d
            }
            Ok(d) if (d - today).num_days() > MAX_HOLD_DAYS => {
                e.add("until", Msg::ErrHoldTooLong);
                d
            }
            Ok(d) => d,
            Err(_) => {
                e.add("until", Msg::ErrDate);
                today
            }
        };
        let note = e.text("note", &input.note, 0, 200);
        e.finish(ValidReserve {
            item_id: input.item_id,
            customer_id: input.customer_id,
            mobile,
            new_customer_name: name,
            reservation_number,
            until,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate_reserve(
        i: &ReserveInput,
        today: chrono::NaiveDate,
    ) -> Result<ValidReserve, FieldErrors> {
        i.validate(today)
    }

    #[test]
    fn a_hold_needs_a_customer_and_a_near_future_date() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        let ok = ReserveInput {
            item_id: 1,
            customer_id: Some(5),
            until: "2026-11-30".into(),
            ..ReserveInput::default()
        };
        assert!(validate_reserve(&ok, today).is_ok());
        let by_number = ReserveInput {
            customer_id: None,
            reservation_number: " yy20261124-0007 ".into(),
            ..ok.clone()
        };
        assert_eq!(
            validate_reserve(&by_number, today)
                .map(|v| v.reservation_number)
                .ok()
                .flatten()
                .as_deref(),
            Some("YY20261124-0007")
        );
        let fields = |i: &ReserveInput| -> Vec<String> {
            validate_reserve(i, today)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        let nobody = ReserveInput {
            customer_id: None,
            ..ok.clone()
        };
        assert_eq!(fields(&nobody), ["customer"]);
        // Every field at once: a short mobile and a bad date are both named.
        let both = ReserveInput {
            customer_id: None,
            customer_mobile: "1380013800".into(),
            until: "2027-01-01".into(),
            new_customer_name: "王\u{7}".into(),
            ..ok.clone()
        };
        assert_eq!(fields(&both), ["customer", "new_customer_name", "until"]);
        // A walk-in: her full number and her name.
        let walk_in = ReserveInput {
            customer_id: None,
            customer_mobile: "138 0013 8000".into(),
            new_customer_name: " 王女士 ".into(),
            ..ok.clone()
        };
        let v = validate_reserve(&walk_in, today).unwrap();
        assert_eq!(
            v.mobile.map(|m| m.as_str().to_string()).as_deref(),
            Some("13800138000")
        );
        assert_eq!(v.new_customer_name.as_deref(), Some("王女士"));
        for bad in ["2026-11-23", "2027-01-01", "tomorrow", ""] {
            let i = ReserveInput {
                until: bad.into(),
                ..ok.clone()
            };
            assert_eq!(fields(&i), ["until"], "{bad}");
        }
    }
}
