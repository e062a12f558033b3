//! The columns of a budget file: an external contract (ministries' scripts
//! and spreadsheets write these names), so the names never change; new
//! columns may only be added as optional ones.

use vigie_domain::Lang;

use crate::error::{ImportError, Location};
use crate::text::header_key;

/// One column of the budget template, documented for the page that explains
/// it to the people who fill it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its English header.
    pub en: &'static str,
    /// Its French header (accents optional when reading).
    pub fr: &'static str,
    /// Whether the header must name it (its value may still be empty where
    /// the rules allow, such as the economic nature of a state total).
    pub required: bool,
    /// What goes in it, in English.
    pub doc_en: &'static str,
    /// What goes in it, in French.
    pub doc_fr: &'static str,
}

impl Column {
    /// The header in a language.
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.fr, self.en)
    }
}

/// The columns, in template order.
pub const COLUMNS: &[Column] = &[
    Column {
        en: "country",
        fr: "pays",
        required: true,
        doc_en: "The state, as its ISO 3166-1 alpha-3 code: BFA, MLI, MRT, NER, TCD.",
        doc_fr: "L'État, par son code ISO 3166-1 alpha-3 : BFA, MLI, MRT, NER, TCD.",
    },
    Column {
        en: "fiscal_year",
        fr: "exercice",
        required: true,
        doc_en: "The fiscal year, such as 2024.",
        doc_fr: "L'exercice budgétaire, par exemple 2024.",
    },
    Column {
        en: "scope",
        fr: "perimetre",
        required: false,
        doc_en: "sector for a line of the defence and security budget (the default when empty), \
                 state_total for the whole state budget of the year at that stage.",
        doc_fr: "secteur pour une ligne du budget de la défense et de la sécurité (par défaut si vide), \
                 total_etat pour le budget total de l'État de l'année à cette étape.",
    },
    Column {
        en: "section",
        fr: "section",
        required: true,
        doc_en: "The ministry or budget section, as the budget law writes it.",
        doc_fr: "Le ministère ou la section budgétaire, tel que la loi de finances l'écrit.",
    },
    Column {
        en: "program",
        fr: "programme",
        required: true,
        doc_en: "The programme, as the budget law writes it.",
        doc_fr: "Le programme, tel que la loi de finances l'écrit.",
    },
    Column {
        en: "action",
        fr: "action",
        required: false,
        doc_en: "The action within the programme; empty for a line at programme level.",
        doc_fr: "L'action du programme ; vide pour une ligne au niveau du programme.",
    },
    Column {
        en: "economic_nature",
        fr: "nature_economique",
        required: true,
        doc_en: "personnel, goods_and_services, transfers, investment or other. \
                 Required for a sector line; may be empty for a state total or a plan given as one figure.",
        doc_fr: "personnel, biens_et_services, transferts, investissement ou autres. \
                 Obligatoire pour une ligne du secteur ; peut rester vide pour le total de l'État \
                 ou une programmation donnée en un seul montant.",
    },
    Column {
        en: "function",
        fr: "fonction",
        required: false,
        doc_en: "The COFOG function code, where known: 02 defence, 02.1 military defence, 03.1 police services.",
        doc_fr: "Le code de fonction COFOG, s'il est connu : 02 défense, 02.1 défense militaire, \
                 03.1 services de police.",
    },
    Column {
        en: "stage",
        fr: "etape",
        required: true,
        doc_en: "initial, revised, committed, verified, ordered, paid, or planned for the yearly \
                 amount of a programming law (French codes accepted too).",
        doc_fr: "lfi, lfr, engagement, liquidation, ordonnancement, paiement, ou programmation pour \
                 le montant annuel d'une loi de programmation (codes anglais acceptés aussi).",
    },
    Column {
        en: "amount",
        fr: "montant",
        required: true,
        doc_en: "The amount in the currency's units; spaces between groups of digits are allowed. \
                 A regularisation line may be negative (-1234 or, as accountants write it, \
                 (1 234)); a stage's total for a country and year may not. With , as separator the decimal point is . (and , may group thousands \
                 inside quotes); with ; the decimal separator is , and . may group thousands.",
        doc_fr: "Le montant en unités de la devise ; les espaces entre groupes de chiffres sont \
                 permis. Une ligne de régularisation peut être négative (-1234 ou, à la manière \
                 des comptables, (1 234)) ; le total d'une étape pour un pays et un exercice ne \
                 le peut pas. Avec le séparateur ; la virgule est décimale (et le point peut \
                 séparer les milliers) ; avec le séparateur , le point est décimal.",
    },
    Column {
        en: "currency",
        fr: "devise",
        required: true,
        doc_en: "The ISO 4217 code: XOF, XAF, MRU, USD or EUR.",
        doc_fr: "Le code ISO 4217 : XOF, XAF, MRU, USD ou EUR.",
    },
    Column {
        en: "law",
        fr: "loi",
        required: false,
        doc_en: "The programming law's reference, for planned lines only.",
        doc_fr: "La référence de la loi de programmation, pour les lignes de programmation seulement.",
    },
    Column {
        en: "classification",
        fr: "classification",
        required: true,
        doc_en: "Empty for a public line; otherwise the code of a classification level of the \
                 country's scheme.",
        doc_fr: "Vide pour une ligne publique ; sinon le code d'un niveau de classification du \
                 barème du pays.",
    },
];

/// A column the parser knows, in the order of [`COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Country,
    FiscalYear,
    Scope,
    Section,
    Program,
    Action,
    EconomicNature,
    Function,
    Stage,
    Amount,
    Currency,
    Law,
    Classification,
}

const FIELD_COUNT: usize = 13;

// `Field::column` indexes `COLUMNS` by discriminant; this keeps them in step.
const _: () = assert!(COLUMNS.len() == FIELD_COUNT);

impl Field {
    pub(crate) const ALL: [Field; FIELD_COUNT] = [
        Field::Country,
        Field::FiscalYear,
        Field::Scope,
        Field::Section,
        Field::Program,
        Field::Action,
        Field::EconomicNature,
        Field::Function,
        Field::Stage,
        Field::Amount,
        Field::Currency,
        Field::Law,
        Field::Classification,
    ];

    pub(crate) fn column(self) -> &'static Column {
        // INVARIANT: the assertion above makes every discriminant an index.
        &COLUMNS[self as usize]
    }

    /// The field an `Invalid` from the domain names (`"economic nature"`).
    pub(crate) fn from_domain(field: &str) -> Option<Field> {
        Some(match field {
            "country" => Field::Country,
            "fiscal year" => Field::FiscalYear,
            "scope" => Field::Scope,
            "section" => Field::Section,
            "program" => Field::Program,
            "action" => Field::Action,
            "economic nature" => Field::EconomicNature,
            "function" => Field::Function,
            "stage" => Field::Stage,
            "amount" => Field::Amount,
            "currency" => Field::Currency,
            "law" => Field::Law,
            "classification" => Field::Classification,
            _ => return None,
        })
    }

    fn matches(self, key: &str) -> bool {
        let column = self.column();
        header_key(column.en) == key || header_key(column.fr) == key
    }
}

/// A checked header: which column of the file holds which field, and the
/// names as written (errors quote them, so that people find their column).
#[derive(Debug, Clone)]
pub(crate) struct Header {
    positions: [Option<usize>; FIELD_COUNT],
    written: Vec<String>,
    lang: Lang,
}

impl Header {
    /// Reads a header row, reporting every problem at once: unknown names
    /// (with the accepted ones, so a typo like `montnat` is obvious),
    /// columns given twice, and required columns missing. Empty names are
    /// allowed (spreadsheets leave trailing empty columns), but a value under
    /// one is refused row by row.
    pub(crate) fn parse(
        file: &str,
        names: Vec<String>,
        locate: impl Fn(usize) -> Location,
    ) -> Result<Header, Vec<ImportError>> {
        let mut positions: [Option<usize>; FIELD_COUNT] = [None; FIELD_COUNT];
        let mut errors = Vec::new();
        let (mut french, mut english) = (0, 0);
        for (index, name) in names.iter().enumerate() {
            let key = header_key(name);
            if key.is_empty() {
                continue;
            }
            let Some(field) = Field::ALL.into_iter().find(|f| f.matches(&key)) else {
                errors.push(ImportError::new(
                    file,
                    locate(index),
                    name.trim(),
                    format!("unknown column; accepted columns: {}", accepted()),
                ));
                continue;
            };
            let column = field.column();
            if key == header_key(column.fr) && column.fr != column.en {
                french += 1;
            } else if key == header_key(column.en) && column.fr != column.en {
                english += 1;
            }
            match positions[field as usize] {
                Some(first) => errors.push(ImportError::new(
                    file,
                    locate(index),
                    name.trim(),
                    format!(
                        "column given twice (also `{}`, column {})",
                        names[first].trim(),
                        first + 1
                    ),
                )),
                None => positions[field as usize] = Some(index),
            }
        }
        for field in Field::ALL {
            let column = field.column();
            if column.required && positions[field as usize].is_none() {
                let reason = if column.en == column.fr {
                    format!("header: missing required column `{}`", column.en)
                } else {
                    format!(
                        "header: missing required column `{}` (French `{}`)",
                        column.en, column.fr
                    )
                };
                errors.push(ImportError::new(file, Location::File, "", reason));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let lang = if english > french { Lang::En } else { Lang::Fr };
        let written = names.into_iter().map(|n| n.trim().to_owned()).collect();
        Ok(Header {
            positions,
            written,
            lang,
        })
    }

    /// The index of a field's column in the file, if the header has it.
    pub(crate) fn position(&self, field: Field) -> Option<usize> {
        self.positions[field as usize]
    }

    /// A field's column name as written in the file or, for an optional
    /// column the file does not have, in the header's language.
    pub(crate) fn name(&self, field: Field) -> &str {
        match self.position(field) {
            Some(index) => self.written_at(index),
            None => field.column().name(self.lang),
        }
    }

    /// The header as written at a position, empty past the last column.
    pub(crate) fn written_at(&self, index: usize) -> &str {
        self.written.get(index).map_or("", String::as_str)
    }

    /// Whether a position holds a known column.
    pub(crate) fn is_known(&self, index: usize) -> bool {
        self.positions.contains(&Some(index))
    }
}

/// `country|pays, fiscal_year|exercice, …`, for the unknown-column message.
fn accepted() -> String {
    COLUMNS
        .iter()
        .map(|c| {
            if c.en == c.fr {
                c.en.to_owned()
            } else {
                format!("{}|{}", c.en, c.fr)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_in_field_order() {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.column().en).collect();
        assert_eq!(
            names,
            [
                "country",
                "fiscal_year",
                "scope",
                "section",
                "program",
                "action",
                "economic_nature",
                "function",
                "stage",
                "amount",
                "currency",
                "law",
                "classification"
            ]
        );
    }

    #[test]
    fn every_domain_field_name_maps_back() {
        for field in Field::ALL {
            let domain = field.column().en.replace('_', " ");
            assert_eq!(Field::from_domain(&domain), Some(field), "{domain}");
        }
    }

    #[test]
    fn either_language_any_case_accents_optional() {
        let names = [
            "PAYS",
            "fiscal year",
            "Nature_Économique",
            "section",
            "programme",
            "Étape",
            " montant ",
            "devise",
            "classification",
            "",
        ];
        let header = Header::parse(
            "b.csv",
            names.iter().map(|n| n.to_string()).collect(),
            |_| Location::Line(1),
        )
        .unwrap();
        assert_eq!(header.position(Field::Amount), Some(6));
        assert_eq!(header.name(Field::Amount), "montant");
        assert_eq!(header.name(Field::Law), "loi");
        assert!(!header.is_known(9));
    }
}
