use rust_decimal::Decimal;
use time::Date;

use super::{Currency, Money, MoneyError};

/// The price of one unit of `from` in `to`, on a date, from a named source.
///
/// The only way to turn an amount into another currency: the date and the
/// source travel with the rate so that every converted figure can say where
/// it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExchangeRate {
    /// The currency converted from.
    pub from: Currency,
    /// The currency converted to.
    pub to: Currency,
    /// Units of `to` for one unit of `from`; always positive.
    rate: Decimal,
    /// The day the rate applies to (a yearly average is dated on its year).
    pub date: Date,
    /// Where the rate comes from (`BCEAO fixed parity`, `SIPRI 2023 release`).
    pub source: String,
}

impl ExchangeRate {
    /// Builds a rate; it must be positive.
    pub fn new(
        from: Currency,
        to: Currency,
        rate: Decimal,
        date: Date,
        source: impl Into<String>,
    ) -> Option<Self> {
        (rate > Decimal::ZERO).then(|| ExchangeRate {
            from,
            to,
            rate,
            date,
            source: source.into(),
        })
    }

    /// Units of `to` per unit of `from`.
    pub fn rate(&self) -> Decimal {
        self.rate
    }

    /// Converts an amount in `from` into `to`, rounded to `to`'s minor unit
    /// (half away from zero, as accountants round).
    pub fn convert(&self, money: Money) -> Result<Money, MoneyError> {
        if money.currency() != self.from {
            return Err(MoneyError::CurrencyMismatch {
                left: money.currency(),
                right: self.from,
            });
        }
        let amount = money
            .amount()
            .checked_mul(self.rate)
            .ok_or(MoneyError::Overflow)?
            .round_dp_with_strategy(
                self.to.minor_digits(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
        Money::new(amount, self.to)
    }
}
