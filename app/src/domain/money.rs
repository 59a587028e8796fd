//! Money: an amount in whole fen (分), the unit every price, payment and total is stored in.
//! Arithmetic is checked (an overflow is `None`, never a wrapped or zeroed amount); conversion
//! from yuan is either exact (typed and imported prices: a third decimal is refused) or rounded
//! half away from zero (computed amounts: percent discounts, gold by weight).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// The stored integer.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// In yuan, with two decimals (what the sale's arithmetic and the screen use).
    pub fn yuan(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Yuan that are already whole fen (at most two decimals once trailing zeros are dropped).
    pub fn exact(yuan: Decimal) -> Option<Money> {
        (yuan.normalize().scale() <= 2)
            .then(|| (yuan * Decimal::ONE_HUNDRED).to_i64())
            .flatten()
            .map(Money)
    }

    /// Yuan rounded to the fen, half away from zero.
    pub fn rounded(yuan: Decimal) -> Option<Money> {
        Money::exact(yuan.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    pub fn checked_neg(self) -> Option<Money> {
        self.0.checked_neg().map(Money)
    }

    /// `n` times the amount (a quantity).
    pub fn checked_mul(self, n: i64) -> Option<Money> {
        self.0.checked_mul(n).map(Money)
    }

    /// The sum of amounts, or `None` if it does not fit.
    pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

/// `12,345.60`: thousands separated, always two decimals, a leading minus for refunds.
impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let abs = self.0.unsigned_abs();
        let (yuan, fen) = (abs / 100, abs % 100);
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{grouped}.{fen:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn exact_takes_whole_fen_only() {
        assert_eq!(Money::exact(d("12880")), Some(Money::from_fen(1_288_000)));
        assert_eq!(Money::exact(d("0.5")), Some(Money::from_fen(50)));
        assert_eq!(Money::exact(d("12.300")), Some(Money::from_fen(1230)));
        assert_eq!(Money::exact(d("12.301")), None);
        assert_eq!(Money::exact(d("-3.10")), Some(Money::from_fen(-310)));
    }

    #[test]
    fn rounded_goes_half_away_from_zero() {
        assert_eq!(Money::rounded(d("0.125")), Some(Money::from_fen(13)));
        assert_eq!(Money::rounded(d("0.124")), Some(Money::from_fen(12)));
        assert_eq!(Money::rounded(d("-0.125")), Some(Money::from_fen(-13)));
    }

    #[test]
    fn amounts_beyond_the_stored_range_are_refused_not_zeroed() {
        // 10^17 yuan is 10^19 fen, past i64.
        assert_eq!(Money::exact(d("100000000000000000")), None);
        assert_eq!(Money::rounded(d("100000000000000000.004")), None);
        let max = Money::from_fen(i64::MAX);
        assert_eq!(max.checked_add(Money::from_fen(1)), None);
        assert_eq!(Money::from_fen(i64::MIN).checked_neg(), None);
        assert_eq!(
            Money::from_fen(i64::MIN).checked_sub(Money::from_fen(1)),
            None
        );
        assert_eq!(max.checked_mul(2), None);
        assert_eq!(Money::sum([max, Money::from_fen(1)]), None);
        assert_eq!(
            Money::sum([Money::from_fen(150), Money::from_fen(-50)]),
            Some(Money::from_fen(100))
        );
    }

    #[test]
    fn it_prints_with_separators_and_two_decimals() {
        assert_eq!(Money::from_fen(1_288_000).to_string(), "12,880.00");
        assert_eq!(Money::from_fen(5).to_string(), "0.05");
        assert_eq!(Money::from_fen(-123_456_789).to_string(), "-1,234,567.89");
        assert_eq!(Money::from_fen(100_000).to_string(), "1,000.00");
    }

    proptest! {
        #[test]
        fn fen_round_trip_through_yuan(fen in -10_000_000_000i64..10_000_000_000) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(Money::exact(m.yuan()), Some(m));
            prop_assert_eq!(Money::rounded(m.yuan()), Some(m));
        }
    }
}
