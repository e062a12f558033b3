//! Money: a decimal amount in one currency, never a float.
//!
//! There is deliberately no `Add` between two [`Money`] values: adding francs
//! CFA to dollars must not compile into a silent bug. [`Money::checked_add`]
//! refuses a currency mismatch, and the only way across currencies is an
//! [`ExchangeRate`], which carries its date and source.

mod currency;
pub mod format;
mod rate;

use rust_decimal::Decimal;

pub use currency::Currency;
pub use format::format_decimal;
pub use rate::ExchangeRate;

/// Why an operation on money was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Two amounts in different currencies were combined without a conversion.
    #[error("cannot combine {left} with {right} without a dated exchange rate")]
    CurrencyMismatch {
        /// Currency of the left operand.
        left: Currency,
        /// Currency of the right operand.
        right: Currency,
    },
    /// The result does not fit the storage range.
    #[error("amount out of range")]
    Overflow,
    /// The amount has more decimals than the currency's minor unit allows.
    #[error("{amount} has more decimals than {currency} allows ({digits})")]
    TooPrecise {
        /// The amount as given.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
        /// The digits the currency's minor unit allows.
        digits: u32,
    },
}

/// An amount of money in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Builds an amount, refusing more decimals than the currency's minor unit
    /// (`0.5 XOF` does not exist; `0.05 USD` does).
    pub fn new(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let digits = currency.minor_digits();
        if amount.normalize().scale() > digits {
            return Err(MoneyError::TooPrecise {
                amount,
                currency,
                digits,
            });
        }
        Ok(Money { amount, currency })
    }

    /// Zero in a currency.
    pub fn zero(currency: Currency) -> Self {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }

    /// Builds an amount from integer minor units, as stored in the database
    /// (`BIGINT` on both backends: neither SQLite nor sqlx has a portable decimal).
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Money {
            amount: Decimal::new(minor, currency.minor_digits()),
            currency,
        }
    }

    /// The amount in integer minor units, for storage.
    pub fn to_minor(&self) -> Result<i64, MoneyError> {
        let scaled = self.amount * Decimal::from(10_i64.pow(self.currency.minor_digits()));
        // INVARIANT: `new` refused amounts finer than the minor unit, so
        // `scaled` is whole; `to_i64` only fails on overflow.
        i64::try_from(scaled).map_err(|_| MoneyError::Overflow)
    }

    /// The decimal amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The sum of two amounts in the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, ..self })
    }

    /// The difference of two amounts in the same currency.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, ..self })
    }

    /// The ratio of two amounts in the same currency (an execution rate, a
    /// share of a budget); `None` when the divisor is zero.
    pub fn ratio(self, of: Money) -> Result<Option<Decimal>, MoneyError> {
        self.same_currency(of)?;
        Ok(self.amount.checked_div(of.amount))
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }
}

#[cfg(test)]
mod tests;
