//! The closed vocabularies of a budget line, each with its English and French
//! codes (both accepted on import, as the template promises).

use std::fmt;
use std::str::FromStr;

use crate::{Invalid, Lang};

/// Declares a closed vocabulary with an English code, a French code and
/// names for readers, and parses either code.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident = ($en:literal, $fr:literal, $label_en:literal, $label_fr:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the order readers expect.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The English code, as stored and served by the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// The code in a language (French files write `lfi`, not `initial`).
            pub fn code_in(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($fr, $en)),+ }
            }

            /// The name readers see.
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($label_fr, $label_en)),+ }
            }
        }

        impl FromStr for $name {
            type Err = Invalid;
            /// Either language's code, in any letter case.
            fn from_str(s: &str) -> Result<Self, Invalid> {
                let lower = s.trim().to_lowercase();
                $( if lower == $en || lower == $fr { return Ok($name::$variant); } )+
                let expected: Vec<String> = $name::ALL
                    .iter()
                    .map(|v| format!("{}|{}", v.code(), v.code_in(Lang::Fr)))
                    .collect();
                Err(Invalid::new($field, s, format!("expected one of {}", expected.join(", "))))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// A stage of the expenditure chain (chaîne de la dépense), plus the
    /// amount a programming law plans for the year.
    ///
    /// The six chain stages follow each other: what is voted (LFI), amended
    /// (LFR), committed, verified as served, ordered for payment, then paid.
    /// `Planned` is not a stage of execution but the programming law's target
    /// for the year, imported in the same table so that the gap between the
    /// plan, the vote and the spending is one query.
    Stage, "stage" {
        /// Initial appropriation voted in the budget law (loi de finances initiale).
        Initial = ("initial", "lfi", "Initial appropriation (LFI)", "Loi de finances initiale (LFI)"),
        /// Revised appropriation after amending laws (loi de finances rectificative).
        Revised = ("revised", "lfr", "Revised appropriation (LFR)", "Loi de finances rectificative (LFR)"),
        /// Legal commitment of the expenditure (engagement).
        Committed = ("committed", "engagement", "Commitment", "Engagement"),
        /// Service verified and amount established (liquidation).
        Verified = ("verified", "liquidation", "Verification", "Liquidation"),
        /// Payment order issued (ordonnancement).
        Ordered = ("ordered", "ordonnancement", "Payment order", "Ordonnancement"),
        /// Paid by the public accountant (paiement).
        Paid = ("paid", "paiement", "Payment", "Paiement"),
        /// Yearly amount planned by a programming law (loi de programmation).
        Planned = ("planned", "programmation", "Programming law", "Loi de programmation"),
    }
}

impl Stage {
    /// The six stages of the expenditure chain, in order.
    pub const CHAIN: [Stage; 6] = [
        Stage::Initial,
        Stage::Revised,
        Stage::Committed,
        Stage::Verified,
        Stage::Ordered,
        Stage::Paid,
    ];

    /// The stages that execute an appropriation (after the vote).
    pub const EXECUTION: [Stage; 4] = [
        Stage::Committed,
        Stage::Verified,
        Stage::Ordered,
        Stage::Paid,
    ];
}

vocabulary! {
    /// Economic nature of the expenditure (the titles of the UEMOA and CEMAC
    /// budget nomenclatures, grouped as Vigie compares them).
    EconomicNature, "economic nature" {
        /// Pay and allowances (titre 2, dépenses de personnel).
        Personnel = ("personnel", "personnel", "Personnel", "Personnel"),
        /// Goods and services (titre 3, acquisitions de biens et services).
        GoodsAndServices = ("goods_and_services", "biens_et_services", "Goods and services", "Biens et services"),
        /// Transfers (titre 4, dépenses de transfert).
        Transfers = ("transfers", "transferts", "Transfers", "Transferts"),
        /// Investment and equipment (titre 5, dépenses d'investissement).
        Investment = ("investment", "investissement", "Investment and equipment", "Investissement et équipement"),
        /// Anything else.
        Other = ("other", "autres", "Other", "Autres"),
    }
}

vocabulary! {
    /// What a line belongs to: the defence and security sector Vigie oversees,
    /// or the whole state budget (given once per year and stage, so that the
    /// sector's share of it can be computed).
    Scope, "scope" {
        /// A line of the defence and security budget.
        Sector = ("sector", "secteur", "Defence and security", "Défense et sécurité"),
        /// The total state budget for the year at that stage.
        StateTotal = ("state_total", "total_etat", "Total state budget", "Budget total de l'État"),
    }
}

/// A COFOG function code (UN Classification of the Functions of Government):
/// `02` defence, `02.1` military defence, `03.1` police services…
///
/// Only the shape is checked (two digits, then up to two `.digit` levels):
/// the classification is international and stable, but Vigie need not carry
/// its whole list to accept a code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Cofog(String);

impl Cofog {
    /// The code, such as `02.1`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The division: `02` for `02.1`.
    pub fn division(&self) -> &str {
        &self.0[..2]
    }
}

impl FromStr for Cofog {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let code = s.trim();
        let mut parts = code.split('.');
        let division = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let in_range = division.parse::<u8>().is_ok_and(|d| (1..=10).contains(&d));
        if digits(division, 2) && in_range && rest.len() <= 2 && rest.iter().all(|p| digits(p, 1)) {
            Ok(Cofog(code.to_owned()))
        } else {
            Err(Invalid::new(
                "function",
                s,
                "expected a COFOG code such as 02, 02.1 or 03.1.0",
            ))
        }
    }
}

impl fmt::Display for Cofog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_language_parses_to_one_value() {
        assert_eq!("lfi".parse::<Stage>().unwrap(), Stage::Initial);
        assert_eq!("Initial".parse::<Stage>().unwrap(), Stage::Initial);
        assert_eq!("ORDONNANCEMENT".parse::<Stage>().unwrap(), Stage::Ordered);
        assert_eq!(
            "biens_et_services".parse::<EconomicNature>().unwrap(),
            EconomicNature::GoodsAndServices
        );
        assert_eq!("total_etat".parse::<Scope>().unwrap(), Scope::StateTotal);
        assert_eq!(Stage::Paid.code_in(Lang::Fr), "paiement");
    }

    #[test]
    fn unknown_codes_list_what_is_expected() {
        let err = "spent".parse::<Stage>().unwrap_err();
        assert_eq!(err.field, "stage");
        assert!(err.reason.contains("initial|lfi"), "{}", err.reason);
        assert!(err.reason.contains("paid|paiement"), "{}", err.reason);
    }

    #[test]
    fn cofog_shape() {
        for good in ["02", "02.1", "03.1.0", "10"] {
            assert_eq!(good.parse::<Cofog>().unwrap().as_str(), good);
        }
        for bad in ["2", "11", "00", "02.", "02.12", "02.1.1.1", "défense", ""] {
            assert!(bad.parse::<Cofog>().is_err(), "{bad}");
        }
        assert_eq!("03.1".parse::<Cofog>().unwrap().division(), "03");
    }
}
