use proptest::prelude::*;
use rust_decimal::Decimal;
use time::macros::date;

use super::*;
use crate::Lang;

fn m(s: &str, c: Currency) -> Money {
    Money::new(s.parse().unwrap(), c).unwrap()
}

#[test]
fn mixing_currencies_is_refused() {
    let xof = m("1000", Currency::Xof);
    let usd = m("2", Currency::Usd);
    assert_eq!(
        xof.checked_add(usd),
        Err(MoneyError::CurrencyMismatch {
            left: Currency::Xof,
            right: Currency::Usd
        })
    );
    assert!(xof.checked_sub(usd).is_err());
    assert!(xof.ratio(usd).is_err());
}

#[test]
fn same_currency_arithmetic() {
    let a = m("1500", Currency::Xof);
    let b = m("500", Currency::Xof);
    assert_eq!(a.checked_add(b).unwrap(), m("2000", Currency::Xof));
    assert_eq!(a.checked_sub(b).unwrap(), m("1000", Currency::Xof));
    assert_eq!(
        b.ratio(a).unwrap(),
        Some("0.3333333333333333333333333333".parse().unwrap())
    );
    assert_eq!(a.ratio(Money::zero(Currency::Xof)).unwrap(), None);
}

#[test]
fn minor_units_follow_iso_4217() {
    assert!(Money::new("0.5".parse().unwrap(), Currency::Xof).is_err());
    assert!(Money::new("10.00".parse().unwrap(), Currency::Xof).is_ok());
    assert!(Money::new("0.005".parse().unwrap(), Currency::Usd).is_err());
    assert_eq!(m("12.34", Currency::Mru).to_minor().unwrap(), 1234);
    assert_eq!(
        Money::from_minor(1234, Currency::Usd),
        m("12.34", Currency::Usd)
    );
    assert_eq!(
        Money::from_minor(1234, Currency::Xof),
        m("1234", Currency::Xof)
    );
}

#[test]
fn conversion_is_dated_and_checked() {
    // The fixed parity of the franc CFA (BCEAO): 655.957 XOF for 1 EUR.
    let rate = ExchangeRate::new(
        Currency::Eur,
        Currency::Xof,
        "655.957".parse().unwrap(),
        date!(1999 - 01 - 01),
        "BCEAO fixed parity",
    )
    .unwrap();
    assert_eq!(
        rate.convert(m("100", Currency::Eur)).unwrap(),
        m("65596", Currency::Xof)
    );
    assert!(rate.convert(m("100", Currency::Usd)).is_err());
    assert!(
        ExchangeRate::new(
            Currency::Eur,
            Currency::Xof,
            Decimal::ZERO,
            date!(2020 - 01 - 01),
            "x"
        )
        .is_none()
    );
}

#[test]
fn display_in_the_readers_locale() {
    let nnbsp = '\u{202f}';
    let nbsp = '\u{a0}';
    assert_eq!(
        m("1234567", Currency::Xof).display(Lang::Fr),
        format!("1{nnbsp}234{nnbsp}567{nbsp}FCFA")
    );
    assert_eq!(
        m("1234567", Currency::Xof).display(Lang::En),
        format!("1,234,567{nbsp}FCFA")
    );
    assert_eq!(
        m("-1234.5", Currency::Usd).display(Lang::En),
        "-US$1,234.50"
    );
    assert_eq!(
        m("1234.5", Currency::Eur).display(Lang::Fr),
        format!("1{nnbsp}234,50{nbsp}€")
    );
    assert_eq!(
        m("999", Currency::Xaf).display(Lang::Fr),
        format!("999{nbsp}FCFA")
    );
    assert_eq!(
        m("0", Currency::Mru).display(Lang::En),
        format!("0.00{nbsp}MRU")
    );
}

proptest! {
    #[test]
    fn minor_units_round_trip(minor in any::<i64>(), c in prop::sample::select(Currency::ALL.to_vec())) {
        let money = Money::from_minor(minor, c);
        prop_assert_eq!(money.to_minor().unwrap(), minor);
    }

    #[test]
    fn add_then_sub_is_identity(a in -1_000_000_000_000_i64..1_000_000_000_000, b in -1_000_000_000_000_i64..1_000_000_000_000) {
        let (a, b) = (Money::from_minor(a, Currency::Xof), Money::from_minor(b, Currency::Xof));
        prop_assert_eq!(a.checked_add(b).unwrap().checked_sub(b).unwrap(), a);
    }
}
