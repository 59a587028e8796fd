//! How a shown price came about, said the same way on the goods list, the item page and the
//! print list: for gold priced by weight the formula and the day of the gold price used, and a
//! warning when that is not today's (or no price was ever set).

use crate::domain::sale::{cny, PriceBasis};
use crate::i18n::{fill, use_i18n, Lang, Msg};
use leptos::prelude::*;

/// The note under a price, and whether it is a warning; `None` for a tag price.
pub fn basis_note(basis: &PriceBasis, lang: Lang) -> Option<(String, bool)> {
    match basis {
        PriceBasis::Tag => None,
        PriceBasis::GoldUnset => Some((Msg::GoldPriceNeverSet.text(lang).to_string(), true)),
        PriceBasis::Gold(q) => {
            let g = q.pricing();
            let formula = fill(
                Msg::GoldFormula.text(lang),
                &[
                    ("w", g.weight_g.normalize().to_string()),
                    ("p", cny(g.price_per_g)),
                    ("l", cny(crate::domain::sale::fen(g.labour_fee))),
                ],
            );
            let day = q.day.format("%Y-%m-%d").to_string();
            if q.today {
                let of = fill(Msg::GoldPriceOf.text(lang), &[("d", day)]);
                Some((format!("{formula} · {of}"), false))
            } else {
                let warn = fill(Msg::GoldPriceNotToday.text(lang), &[("d", day)]);
                Some((format!("{formula} · {warn}"), true))
            }
        }
    }
}

/// The note as a line under the price (nothing for a tag price).
#[component]
pub fn PriceBasisNote(basis: PriceBasis) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        basis_note(&basis, i18n.lang()).map(|(text, warn)| {
            view! {
                <small class=if warn { "price-basis warn" } else { "price-basis" } data-testid="price-basis">
                    {text}
                </small>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sale::GoldQuote;
    use rust_decimal::Decimal;

    fn quote(today: bool) -> PriceBasis {
        PriceBasis::Gold(GoldQuote {
            weight_g: Decimal::new(5_130, 3),
            price_per_g: Decimal::new(58_800, 2),
            labour_fee: Decimal::new(10_260, 2),
            day: chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            today,
        })
    }

    #[test]
    fn a_gold_price_says_its_formula_and_day_and_warns_when_not_todays() {
        assert_eq!(basis_note(&PriceBasis::Tag, Lang::ZhCn), None);
        let (text, warn) = basis_note(&quote(true), Lang::ZhCn).unwrap();
        assert_eq!(text, "5.13 g × ¥588.00/g + 工费 ¥102.60 · 2026-12-04 金价");
        assert!(!warn);
        let (text, warn) = basis_note(&quote(false), Lang::ZhCn).unwrap();
        assert!(
            text.starts_with(
                "5.13 g × ¥588.00/g + 工费 ¥102.60 · 今日金价未设，按 2026-12-04 金价"
            ),
            "{text}"
        );
        assert!(warn);
        let (text, warn) = basis_note(&PriceBasis::GoldUnset, Lang::En).unwrap();
        assert!(text.contains("No gold price"), "{text}");
        assert!(warn);
        let (text, _) = basis_note(&quote(true), Lang::En).unwrap();
        assert!(
            text.contains("labour ¥102.60") && text.ends_with("gold price of 2026-12-04"),
            "{text}"
        );
    }
}
