//! The CSV template people download and fill in, in their language.

use vigie_domain::budget::{EconomicNature, Scope, Stage};
use vigie_domain::{Currency, Lang};

use super::columns::COLUMNS;

/// One example row; text in (French, English).
struct Example {
    country: &'static str,
    year: u16,
    /// `None` leaves the column empty, to show that it defaults to sector.
    scope: Option<Scope>,
    section: (&'static str, &'static str),
    program: (&'static str, &'static str),
    action: (&'static str, &'static str),
    nature: Option<EconomicNature>,
    function: &'static str,
    stage: Stage,
    /// Whole units, then the decimals (as written after the separator).
    amount: (u64, &'static str),
    currency: Currency,
    law: (&'static str, &'static str),
}

const DEFENCE: (&str, &str) = (
    "Ministère de la Défense (exemple)",
    "Ministry of Defence (example)",
);
const TERRITORY: (&str, &str) = (
    "Défense du territoire (exemple)",
    "Defence of the territory (example)",
);
const NONE: (&str, &str) = ("", "");

/// Plainly illustrative rows, one of each kind: a voted and a paid sector
/// line, the total state budget, a programming law's yearly amount, and an
/// amount with decimals in a currency that has them.
const EXAMPLES: &[Example] = &[
    Example {
        country: "BFA",
        year: 2024,
        scope: Some(Scope::Sector),
        section: DEFENCE,
        program: TERRITORY,
        action: (
            "Soutien des forces (exemple)",
            "Support to the forces (example)",
        ),
        nature: Some(EconomicNature::Personnel),
        function: "02.1",
        stage: Stage::Initial,
        amount: (125_000_000_000, ""),
        currency: Currency::Xof,
        law: NONE,
    },
    Example {
        country: "BFA",
        year: 2024,
        scope: Some(Scope::Sector),
        section: DEFENCE,
        program: TERRITORY,
        action: NONE,
        nature: Some(EconomicNature::Investment),
        function: "02.1",
        stage: Stage::Paid,
        amount: (48_500_000_000, ""),
        currency: Currency::Xof,
        law: NONE,
    },
    Example {
        country: "BFA",
        year: 2024,
        scope: Some(Scope::StateTotal),
        section: NONE,
        program: NONE,
        action: NONE,
        nature: None,
        function: "",
        stage: Stage::Initial,
        amount: (3_200_000_000_000, ""),
        currency: Currency::Xof,
        law: NONE,
    },
    Example {
        country: "BFA",
        year: 2025,
        scope: Some(Scope::Sector),
        section: DEFENCE,
        program: NONE,
        action: NONE,
        nature: None,
        function: "",
        stage: Stage::Planned,
        amount: (150_000_000_000, ""),
        currency: Currency::Xof,
        law: (
            "Loi de programmation militaire 2024-2028 (exemple)",
            "Military programming law 2024-2028 (example)",
        ),
    },
    Example {
        country: "MRT",
        year: 2024,
        scope: None,
        section: (
            "Ministère de la Défense nationale (exemple)",
            "Ministry of National Defence (example)",
        ),
        program: (
            "Sécurité intérieure (exemple)",
            "Internal security (example)",
        ),
        action: NONE,
        nature: Some(EconomicNature::GoodsAndServices),
        function: "03.1",
        stage: Stage::Committed,
        amount: (1_250_000, "50"),
        currency: Currency::Mru,
        law: NONE,
    },
];

/// The CSV template in a language: the header, then a few example rows
/// marked "(exemple)" / "(example)" for people to replace.
///
/// French uses `;` and the decimal comma, with spaces between thousands, as
/// Excel in French reads and writes CSV; English uses `,` and the decimal
/// point. The text starts with a UTF-8 byte order mark: without it Excel
/// opens a CSV as Windows-1252 and garbles the accents (the importer skips
/// the mark).
pub fn template(lang: Lang) -> String {
    let separator = lang.pick(";", ",");
    let mut out = String::from("\u{FEFF}");
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.name(lang)).collect();
    out.push_str(&header.join(separator));
    out.push('\n');
    for example in EXAMPLES {
        let text = |pair: (&'static str, &'static str)| lang.pick(pair.0, pair.1);
        let fields = [
            example.country.to_owned(),
            example.year.to_string(),
            example.scope.map_or("", |s| s.code_in(lang)).to_owned(),
            text(example.section).to_owned(),
            text(example.program).to_owned(),
            text(example.action).to_owned(),
            example.nature.map_or("", |n| n.code_in(lang)).to_owned(),
            example.function.to_owned(),
            example.stage.code_in(lang).to_owned(),
            amount(example.amount, lang),
            example.currency.code().to_owned(),
            text(example.law).to_owned(),
            String::new(),
        ];
        out.push_str(&fields.join(separator));
        out.push('\n');
    }
    out
}

/// `125 000 000 000` and `1 250 000,50` in French; `1250000.50` in English
/// (no grouping, so no quoting needed around a `,`).
fn amount((units, decimals): (u64, &str), lang: Lang) -> String {
    let digits = units.to_string();
    let whole = match lang {
        Lang::En => digits,
        Lang::Fr => {
            let mut grouped = String::new();
            for (i, digit) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(' ');
                }
                grouped.push(digit);
            }
            grouped
        }
    };
    if decimals.is_empty() {
        whole
    } else {
        format!("{whole}{}{decimals}", lang.pick(",", "."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_groups_thousands_and_uses_the_decimal_comma() {
        assert_eq!(amount((125_000_000_000, ""), Lang::Fr), "125 000 000 000");
        assert_eq!(amount((1_250_000, "50"), Lang::Fr), "1 250 000,50");
        assert_eq!(amount((999, ""), Lang::Fr), "999");
        assert_eq!(amount((1_250_000, "50"), Lang::En), "1250000.50");
    }

    #[test]
    fn no_example_label_needs_quoting() {
        for lang in Lang::ALL {
            let separator = lang.pick(";", ",");
            let fields = template(lang).lines().skip(1).count();
            assert_eq!(fields, EXAMPLES.len());
            for line in template(lang).lines() {
                assert_eq!(line.split(separator).count(), COLUMNS.len(), "{line}");
                assert!(!line.contains('"'), "{line}");
            }
        }
    }
}
