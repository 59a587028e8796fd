//! Property tests of every parser that takes outside input (thousands of cases each): none
//! panics on anything, and what they accept is what the rules say.

use crate::domain::goods::GoodsQuery;
use crate::domain::item_import::{validate_item_row, ImportContext, ItemRow};
use crate::domain::mobile::{mask, Mobile};
use crate::domain::sale::parse_amount;
use crate::domain::validate::{has_forbidden_chars, parse_visit_time};
use crate::model::WebBooking;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(2000)
}

/// Anything a person, a script or an attacker might type: printable text, control and
/// bidi characters, digits and the separators our parsers look for.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[0-9.,:\\-T ¥￥０-９]{0,24}",
        "[\\x00-\\x1f\\u{202a}-\\u{202e}a-z0-9&=%+]{0,40}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mobiles_parse_only_as_mainland_numbers(s in hostile()) {
        if let Some(m) = Mobile::parse(&s) {
            let d = m.as_str();
            prop_assert_eq!(d.len(), 11);
            prop_assert!(d.starts_with('1') && d.bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(matches!(d.as_bytes()[1], b'3'..=b'9'));
            prop_assert!(!mask(d).contains(&d[3..7]));
        }
        let _ = mask(&s);
    }

    #[test]
    fn visit_times_parse_or_refuse_without_panicking(s in hostile(), zone in 0usize..6) {
        let _ = parse_visit_time(&s, crate::domain::time::Zone::ALL[zone]);
    }

    #[test]
    fn amounts_are_never_negative_and_keep_the_fen(s in hostile()) {
        if let Some(d) = parse_amount(&s) {
            prop_assert!(!d.is_sign_negative());
            prop_assert_eq!(d, d.round_dp(2));
        }
    }

    #[test]
    fn typed_amounts_round_trip(yuan in 0u64..10_000_000, fen in 0u64..100) {
        let s = format!("{yuan}.{fen:02}");
        let d = parse_amount(&s);
        prop_assert_eq!(d.map(|d| d.to_string()), Some(format!("{yuan}.{fen:02}")));
    }

    #[test]
    fn goods_queries_parse_anything_and_round_trip(s in hostile()) {
        let q = GoodsQuery::from_query_string(&s);
        let again = GoodsQuery::from_query_string(&q.to_query_string());
        prop_assert_eq!(again, q);
    }

    #[test]
    fn erp_rows_are_validated_without_panicking(
        fields in proptest::collection::vec(hostile(), 23),
    ) {
        let f = |i: usize| fields[i].clone();
        let row = ItemRow {
            erp_id: f(0), barcode: f(1), style_no: f(2), name: f(3), category: f(4),
            material: f(5), weight_g: f(6), carat: f(7), color: f(8), clarity: f(9), cut: f(10),
            polish: f(11), symmetry: f(12), fluorescence: f(13), cert_lab: f(14), cert_no: f(15),
            ring_size: f(16), price: f(17), presale: f(18), store: f(19), status: f(20),
            photo_url: f(21), labour_fee: f(22),
        };
        let materials = vec!["AU999".to_string()];
        let stores = vec!["上海旗舰店".to_string()];
        let ctx = ImportContext { materials: &materials, stores: &stores };
        if let Ok(v) = validate_item_row(&row, &ctx) {
            prop_assert!(!has_forbidden_chars(&v.name, false));
        }
    }

    #[test]
    fn erp_names_from_outside_are_clean_or_refused(name in hostile(), at in 0usize..4) {
        let mut row = crate::domain::item_import::tests::good();
        match at {
            0 => row.name = name,
            1 => row.cert_lab = name,
            2 => row.fluorescence = name,
            _ => row.photo_url = name,
        }
        let (materials, stores) = crate::domain::item_import::tests::ctx_owned();
        let ctx = ImportContext { materials: &materials, stores: &stores };
        if let Ok(v) = validate_item_row(&row, &ctx) {
            prop_assert!(!has_forbidden_chars(&v.name, false));
        }
    }

    #[test]
    fn web_bookings_accept_only_clean_text(
        name in hostile(), phone in hostile(), store in hostile(), visit in hostile(), needs in hostile(),
    ) {
        let b = WebBooking { name, phone, store, visit_at: visit, needs, email: String::new() };
        if let Ok(v) = b.validate(chrono::Utc::now(), Default::default()) {
            prop_assert!(!has_forbidden_chars(&v.name, false));
            prop_assert!(!has_forbidden_chars(&v.store, false));
            prop_assert!(v.visit_at > chrono::Utc::now() - chrono::Duration::minutes(1));
        }
    }
}
