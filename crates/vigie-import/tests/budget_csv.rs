//! CSV budget files as people will upload them.

use rust_decimal::Decimal;
use vigie_domain::budget::{BudgetLine, Cofog, EconomicNature, Scope, Stage};
use vigie_domain::{CountryCode, Currency, FiscalYear, Lang, Money};
use vigie_import::budget::{self, COLUMNS};
use vigie_import::{ImportError, Location, ParsedLine};

fn money(amount: &str, currency: Currency) -> Money {
    Money::new(amount.parse::<Decimal>().unwrap(), currency).unwrap()
}

fn errors(file: &str, bytes: &[u8]) -> Vec<String> {
    budget::parse(file, bytes)
        .unwrap_err()
        .iter()
        .map(ImportError::to_string)
        .collect()
}

fn lines(file: &str, bytes: &[u8]) -> Vec<ParsedLine> {
    budget::parse(file, bytes).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn bfa_line(section: &str, nature: EconomicNature, stage: Stage, amount: Money) -> BudgetLine {
    BudgetLine {
        country: CountryCode::BFA,
        year: FiscalYear::new(2024).unwrap(),
        scope: Scope::Sector,
        section: section.to_owned(),
        program: "Terre".to_owned(),
        action: String::new(),
        nature: Some(nature),
        function: None,
        stage,
        amount,
        law: None,
        classification: None,
    }
}

#[test]
fn the_english_template_reads_back_as_its_examples() {
    let parsed = lines("t.csv", budget::template(Lang::En).as_bytes());
    let locations: Vec<_> = parsed.iter().map(|p| p.location.clone()).collect();
    assert_eq!(locations, (2..=6).map(Location::Line).collect::<Vec<_>>());

    let first = &parsed[0].line;
    assert_eq!(
        *first,
        BudgetLine {
            program: "Defence of the territory (example)".into(),
            action: "Support to the forces (example)".into(),
            function: Some("02.1".parse::<Cofog>().unwrap()),
            ..bfa_line(
                "Ministry of Defence (example)",
                EconomicNature::Personnel,
                Stage::Initial,
                money("125000000000", Currency::Xof),
            )
        }
    );
    assert_eq!(parsed[1].line.stage, Stage::Paid);
    assert_eq!(parsed[1].line.nature, Some(EconomicNature::Investment));
    assert_eq!(parsed[2].line.scope, Scope::StateTotal);
    assert_eq!(parsed[2].line.nature, None);
    assert_eq!(parsed[2].line.amount, money("3200000000000", Currency::Xof));
    assert_eq!(parsed[3].line.stage, Stage::Planned);
    assert_eq!(
        parsed[3].line.law.as_deref(),
        Some("Military programming law 2024-2028 (example)")
    );
    assert_eq!(parsed[4].line.country, CountryCode::MRT);
    assert_eq!(parsed[4].line.scope, Scope::Sector);
    assert_eq!(parsed[4].line.amount, money("1250000.50", Currency::Mru));
}

#[test]
fn the_french_template_reads_back_as_its_examples() {
    let text = budget::template(Lang::Fr);
    assert!(text.starts_with("\u{FEFF}pays;exercice;perimetre;section;programme;action;"));
    let parsed = lines("modele.csv", text.as_bytes());
    assert_eq!(parsed.len(), 5);
    assert_eq!(parsed[0].line.section, "Ministère de la Défense (exemple)");
    assert_eq!(parsed[0].line.action, "Soutien des forces (exemple)");
    assert_eq!(parsed[0].line.amount, money("125000000000", Currency::Xof));
    assert_eq!(parsed[2].line.scope, Scope::StateTotal);
    assert_eq!(
        parsed[3].line.law.as_deref(),
        Some("Loi de programmation militaire 2024-2028 (exemple)")
    );
    assert_eq!(parsed[4].line.program, "Sécurité intérieure (exemple)");
    assert_eq!(
        parsed[4].line.nature,
        Some(EconomicNature::GoodsAndServices)
    );
    assert_eq!(parsed[4].line.amount, money("1250000.50", Currency::Mru));
}

#[test]
fn a_french_ministry_file() {
    // BOM, `;`, decimal comma, no-break and narrow no-break spaces between
    // thousands, headers with accents and capitals, a label in
    // Windows-1252 (0xE8 è, 0xE9 é) next to UTF-8 ones, CRLF.
    let mut file = b"\xEF\xBB\xBFPays;Exercice;Section;Programme;Nature \xC3\xA9conomique;\xC3\x89tape;Montant;Devise;Classification\r\n".to_vec();
    file.extend_from_slice(b"BFA;2024;Minist\xE8re de la D\xE9fense;Terre;personnel;lfi;");
    file.extend_from_slice("1\u{A0}234\u{202F}567\u{2009}000;XOF;\r\n".as_bytes());
    file.extend_from_slice(
        "BFA;2024;Ministère de la Défense;Terre;investissement;paiement; 2.500.000 ;XOF; cd \r\n"
            .as_bytes(),
    );
    file.extend_from_slice(
        "MRT;2024;Défense nationale;Terre;biens_et_services;engagement;12 345,67;MRU;\r\n"
            .as_bytes(),
    );
    let parsed = lines("budget.csv", &file);
    let defence = "Ministère de la Défense";
    assert_eq!(
        parsed.iter().map(|p| p.line.clone()).collect::<Vec<_>>(),
        [
            bfa_line(
                defence,
                EconomicNature::Personnel,
                Stage::Initial,
                money("1234567000", Currency::Xof)
            ),
            BudgetLine {
                classification: Some("CD".into()),
                ..bfa_line(
                    defence,
                    EconomicNature::Investment,
                    Stage::Paid,
                    money("2500000", Currency::Xof)
                )
            },
            BudgetLine {
                country: CountryCode::MRT,
                ..bfa_line(
                    "Défense nationale",
                    EconomicNature::GoodsAndServices,
                    Stage::Committed,
                    money("12345.67", Currency::Mru)
                )
            },
        ]
    );
    assert_eq!(
        parsed
            .iter()
            .map(|p| p.location.clone())
            .collect::<Vec<_>>(),
        [Location::Line(2), Location::Line(3), Location::Line(4)]
    );
}

#[test]
fn old_mac_line_ends_are_refused_with_advice() {
    let errors = budget::parse("b.csv", b"country,amount\rBFA,1\r").unwrap_err();
    assert!(errors[0].reason.contains("CSV UTF-8"), "{}", errors[0]);
}

#[test]
fn a_windows_1252_file_without_bom() {
    // What "CSV (séparateur : point-virgule)" gives on a French Windows: the
    // header's accents and the no-break space (0xA0) in 1252 too.
    let file = b"pays;exercice;section;programme;nature_\xE9conomique;\xE9tape;montant;devise;classification\n\
BFA;2024;D\xE9fense;Arm\xE9e de terre;personnel;lfr;1\xA0000\xA0000;XOF;\n";
    let parsed = lines("budget.csv", file);
    assert_eq!(parsed[0].line.section, "Défense");
    assert_eq!(parsed[0].line.program, "Armée de terre");
    assert_eq!(parsed[0].line.stage, Stage::Revised);
    assert_eq!(parsed[0].line.amount, money("1000000", Currency::Xof));
    // Read, and said once.
    let mut rows = budget::read("budget.csv", std::io::Cursor::new(&file[..])).unwrap();
    assert_eq!(rows.by_ref().count(), 1);
    let notes: Vec<String> = rows
        .take_notes()
        .iter()
        .map(ImportError::to_string)
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0]
            .starts_with("budget.csv:2: not UTF-8 text from this line on: read as Windows-1252"),
        "{notes:?}"
    );
}

#[test]
fn every_error_at_once_in_file_order() {
    let file =
        "country,fiscal_year,section,program,economic_nature,stage,amount,currency,classification
BFA,2024,Defence,Land forces,personnel,initial,1000,XOF,
BFA,2024,Defence,Land forces,personnel,spent,1000,XOF,
BFA,2024,Defence,Land forces,personnel,paid,\"12,3,4\",XOF,

BFA,2024,Defence,Land forces,personnel,committed,1000,XFO,
bfa,1900,Defence,Land forces,weapons,paid,1000,XOF,
BFA,2024,Defence,,personnel,paid,1000,XOF,
BFA,2024,Defence,Land forces,personnel,ordered,-5-,XOF,
";
    assert_eq!(
        errors("budget.csv", file.as_bytes()),
        [
            "budget.csv:3: stage: `spent`: expected one of initial|lfi, revised|lfr, \
             committed|engagement, verified|liquidation, ordered|ordonnancement, paid|paiement, \
             planned|programmation",
            "budget.csv:4: amount: not a number `12,3,4` (in a `,`-separated file the decimal \
             separator is `.` and `,` groups thousands)",
            "budget.csv:6: currency: `XFO`: expected one of EUR, MRU, USD, XAF, XOF",
            "budget.csv:7: country: `bfa`: expected an ISO 3166-1 alpha-3 code such as `BFA`",
            "budget.csv:7: fiscal_year: `1900`: expected a year between 1945 and 2100",
            "budget.csv:7: economic_nature: `weapons`: expected one of personnel|personnel, \
             goods_and_services|biens_et_services, transfers|transferts, \
             investment|investissement, other|autres",
            "budget.csv:8: program: required for a sector line",
            "budget.csv:9: amount: not a number `-5-`",
        ]
    );
}

#[test]
fn errors_name_columns_as_the_file_writes_them() {
    // A French header without the optional `loi` column: a plan's missing
    // law is reported under the French name.
    let file =
        "PAYS;exercice;section;programme;nature_économique;Étape;montant;devise;classification
BFA;2024;Défense;;;programmation;1 000;XOF;
BFA;2024;Défense;Terre;;lfi;1 000,5;XOF;
";
    assert_eq!(
        errors("budget.csv", file.as_bytes()),
        [
            "budget.csv:2: loi: a planned amount names the programming law it comes from",
            "budget.csv:3: montant: 1000.5 has more decimals than XOF allows (0)",
        ]
    );
}

#[test]
fn quoted_line_breaks_keep_line_numbers_physical() {
    let file =
        "country,fiscal_year,section,program,economic_nature,stage,amount,currency,classification
BFA,2024,\"Ministry\nof Defence\",Land,personnel,initial,1000,XOF,
BFA,2024,Defence,Land,personnel,paid,abc,XOF,
";
    let err = budget::parse("b.csv", file.as_bytes()).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].location, Location::Line(4));
    assert_eq!(err[0].column, "amount");
}

#[test]
fn header_errors_all_at_once() {
    let file = "pays;exercice;section;programme;nature_economique;etape;montnat;devise;classification;Pays\n\
                BFA;2024;D;P;personnel;lfi;1;XOF;;BFA\n";
    let errors = budget::parse("budget.csv", file.as_bytes()).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(
        shown[0].starts_with("budget.csv:1: montnat: unknown column; accepted columns: country|pays, fiscal_year|exercice,"),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("amount|montant"), "{}", shown[0]);
    assert_eq!(
        shown[1],
        "budget.csv:1: Pays: column given twice (also `pays`, column 1)"
    );
    assert_eq!(
        shown[2],
        "budget.csv: header: missing required column `amount` (French `montant`)"
    );
    assert_eq!(errors[2].location, Location::File);
}

#[test]
fn every_missing_column_is_named() {
    let errors = budget::parse("b.csv", b"country,amount\nBFA,1\n").unwrap_err();
    let missing: Vec<&str> = errors
        .iter()
        .map(|e| e.reason.split('`').nth(1).unwrap())
        .collect();
    assert_eq!(
        missing,
        COLUMNS
            .iter()
            .filter(|c| c.required && !["country", "amount"].contains(&c.en))
            .map(|c| c.en)
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_empty_file_says_so() {
    let errors = budget::parse("b.csv", b"").unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "b.csv: empty file: expected a header line"
    );
}

#[test]
fn the_same_line_twice_names_both_lines() {
    let file =
        "country;fiscal_year;section;program;economic_nature;stage;amount;currency;classification
BFA;2024;Défense;Terre;personnel;lfi;1000;XOF;
BFA;2024;Défense;Air;personnel;lfi;1000;XOF;
BFA;2024;Défense;Terre;personnel;lfi;2000;XOF;CD
";
    let errors = budget::parse("budget.csv", file.as_bytes()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].location, Location::Line(4));
    assert!(
        errors[0]
            .to_string()
            .starts_with("budget.csv:4: same line as line 2 ("),
        "{}",
        errors[0]
    );
}

#[test]
fn values_under_no_header_are_refused_and_blank_rows_skipped() {
    // Trailing separators, as spreadsheets export them, are fine when empty.
    let file =
        "country,fiscal_year,section,program,economic_nature,stage,amount,currency,classification,
BFA,2024,D,P,personnel,initial,1,XOF,,
,,,,,,,,,,
BFA,2024,D,P,personnel,paid,1,XOF,,oops
";
    assert_eq!(
        errors("b.csv", file.as_bytes()),
        ["b.csv:4: value `oops` in column 10, which the header does not name"]
    );
}

#[test]
fn tab_separated_files_accept_both_decimals_but_not_ambiguity() {
    let header = "country\tfiscal_year\tsection\tprogram\teconomic_nature\tstage\tamount\tcurrency\tclassification\n";
    let row =
        |stage: &str, amount: &str| format!("BFA\t2024\tD\tP\tother\t{stage}\t{amount}\tUSD\t\n");
    let good = format!(
        "{header}{}{}",
        row("initial", "12,5"),
        row("paid", "1.234.567,89")
    );
    let parsed = lines("b.tsv", good.as_bytes());
    assert_eq!(parsed[0].line.amount, money("12.5", Currency::Usd));
    assert_eq!(parsed[1].line.amount, money("1234567.89", Currency::Usd));

    let bad = format!("{header}{}", row("initial", "1,234"));
    let errors = errors("b.tsv", bad.as_bytes());
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("b.tsv:2: amount: not a number `1,234`: ambiguous"),
        "{}",
        errors[0]
    );
}

#[test]
fn utf16_is_refused_with_advice() {
    let errors = budget::parse("b.txt", b"\xFF\xFEc\0o\0").unwrap_err();
    assert!(errors[0].reason.contains("CSV UTF-8"), "{}", errors[0]);
}

/// An execution report's regularisation line, written as accountants write
/// a negative: read as −1 234,50, with a warning that says how it was read.
#[test]
fn a_regularisation_line_in_parentheses_is_a_negative_amount_with_a_warning() {
    let file =
        "pays;exercice;section;programme;nature_économique;étape;montant;devise;classification
BFA;2024;Défense;Terre;personnel;paiement;10 000;XOF;
BFA;2024;Régularisations;Terre;personnel;paiement;(1 234);XOF;
BFA;2024;Régularisations;Air;personnel;paiement;-766;XOF;
";
    let parsed = lines("execution.csv", file.as_bytes());
    let amounts: Vec<Decimal> = parsed.iter().map(|p| p.line.amount.amount()).collect();
    assert_eq!(
        amounts,
        ["10000", "-1234", "-766"].map(|a| a.parse::<Decimal>().unwrap())
    );
    let warnings: Vec<String> = parsed
        .iter()
        .flat_map(|p| p.warnings.iter().map(ImportError::to_string))
        .collect();
    assert_eq!(
        warnings,
        [
            "execution.csv:3: montant: `(1 234)` read as a negative amount (parentheses, as accountants write one)"
        ]
    );
}

/// A ministry's table ends with its total: not a line, skipped with a
/// warning. A programme whose name starts with "Total" is still a line,
/// and a row that is neither a line nor a total is still an error.
#[test]
fn a_total_row_is_skipped_with_a_warning() {
    let file =
        "pays;exercice;section;programme;nature_économique;étape;montant;devise;classification
BFA;2024;Défense;Total des équipements;investissement;lfi;500;XOF;
BFA;2024;Défense;Terre;personnel;lfi;1 000;XOF;
;;TOTAL GÉNÉRAL;;;;1 500;;
";
    let mut rows = budget::read("budget.csv", std::io::Cursor::new(file.as_bytes())).unwrap();
    let lines: Vec<ParsedLine> = rows.by_ref().map(Result::unwrap).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].line.program, "Total des équipements");
    let skipped: Vec<String> = rows
        .take_notes()
        .iter()
        .map(ImportError::to_string)
        .collect();
    assert_eq!(
        skipped,
        [
            "budget.csv:4: `TOTAL GÉNÉRAL`: a total row, skipped (Vigie computes the totals from the lines)"
        ]
    );
    let not_total =
        "pays;exercice;section;programme;nature_économique;étape;montant;devise;classification
;;Divers;;;;1 500;;
";
    assert!(budget::parse("b.csv", not_total.as_bytes()).is_err());
}
