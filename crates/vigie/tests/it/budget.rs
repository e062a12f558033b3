//! `vigie import budget` and `vigie export budget`: the template, a file
//! refused with every error, an import that is all or nothing and
//! idempotent, and exports that never show a classified line.

use crate::support::{Env, Output};

/// The English columns of the template, in order.
const COLUMNS: &str = "country,fiscal_year,scope,section,program,action,economic_nature,function,\
                       stage,amount,currency,law,classification";

/// The label of the demo's classified lines.
const CLASSIFIED: &str = "lot classifié";

fn write(env: &Env, name: &str, text: &str) {
    let path = env.dir.path().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// `vigie export budget`, as raw bytes (XLSX is not text).
fn export(env: &Env, country: &str, format: &str) -> Vec<u8> {
    let out = env
        .command(&["export", "budget", "--country", country, "--format", format])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn export_json(env: &Env, country: &str) -> serde_json::Value {
    serde_json::from_slice(&export(env, country, "json")).unwrap()
}

fn assert_ok(out: &Output) {
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
}

#[tokio::test]
async fn the_template_in_either_language_imports_back() {
    let env = Env::new().await;
    for (lang, header) in [
        ("en", COLUMNS.to_owned()),
        (
            "fr",
            "pays;exercice;perimetre;section;programme;action;nature_economique;fonction;\
             etape;montant;devise;loi;classification"
                .to_owned(),
        ),
    ] {
        let out = env.run(&["import", "budget", "--template", "--lang", lang]);
        assert_ok(&out);
        let first = without_bom(&out.stdout).lines().next().unwrap();
        assert_eq!(first, header, "{lang}");
        assert_eq!(out.stdout.lines().count(), 6, "a header and five examples");

        let name = format!("template-{lang}.csv");
        write(&env, &name, &out.stdout);
        let dry = env.run(&["import", "budget", &name, "--dry-run"]);
        assert_ok(&dry);
        assert!(
            dry.stderr
                .contains("would import 5 line(s): 5 new, 0 changed, 0 unchanged"),
            "{}",
            dry.stderr
        );
    }
    // Dry: nothing stored.
    let json = export_json(&env, "BFA");
    assert_eq!(json["lines"].as_array().map(Vec::len), Some(0), "{json}");
    // --lang belongs to --template; a file and --template exclude each other.
    let out = env.run(&["import", "budget", "x.csv", "--template"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    env.cleanup().await;
}

#[tokio::test]
async fn a_bad_file_is_refused_with_one_line_per_error_and_nothing_stored() {
    let env = Env::new().await;
    let rows = [
        COLUMNS,
        "BFA,2024,sector,Défense,P1,,personnel,02.1,initial,1000,XOF,,",
        "BFA,2024,sector,Défense,P1,,personnel,02.1,revised,12x,XOF,,",
        "BFA,2024,sector,Défense,P1,,personnel,02.1,spent,900,XOF,,",
        "BFA,2024,sector,Défense,P1,,personnel,02.1,paid,900,XAF,,",
        "BFA,2024,sector,Défense,P1,,personnel,02.1,ordered,950,XOF,,",
    ];
    // A relative path, with a directory: errors name it as given.
    write(&env, "files/bad.csv", &(rows.join("\n") + "\n"));
    let out = env.run(&["import", "budget", "files/bad.csv"]);
    assert_ne!(out.code, Some(0));
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("files/bad.csv:"))
        .collect();
    assert_eq!(
        errors,
        [
            "files/bad.csv:3: amount: not a number `12x`",
            "files/bad.csv:4: stage: `spent`: expected one of initial|lfi, revised|lfr, \
             committed|engagement, verified|liquidation, ordered|ordonnancement, paid|paiement, \
             planned|programmation",
            "files/bad.csv:5: currency: BFA's budget is in XOF, not XAF: convert before importing",
        ],
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("3 problem(s) in files/bad.csv: nothing was imported"),
        "{}",
        out.stderr
    );
    let json = export_json(&env, "BFA");
    assert_eq!(json["lines"].as_array().map(Vec::len), Some(0), "{json}");
    assert_eq!(json["totals"].as_array().map(Vec::len), Some(0), "{json}");

    // A file that is not there.
    let out = env.run(&["import", "budget", "missing.csv"]);
    assert_ne!(out.code, Some(0));
    assert!(
        out.stderr.contains("cannot open missing.csv"),
        "{}",
        out.stderr
    );
    env.cleanup().await;
}

#[tokio::test]
async fn an_import_is_checked_dry_then_stored_once() {
    let env = Env::new().await;
    let rows = [
        COLUMNS,
        "BFA,2024,sector,Défense,P1,,personnel,02.1,initial,1000,XOF,,",
        "BFA,2024,sector,Défense,P1,,personnel,02.1,paid,900,XOF,,",
        "BFA,2024,state_total,Budget de l'État,,,,,initial,20000,XOF,,",
    ];
    write(&env, "good.csv", &(rows.join("\n") + "\n"));
    let dry = env.run(&["import", "budget", "good.csv", "--dry-run"]);
    assert_ok(&dry);
    assert!(
        dry.stderr
            .contains("good.csv: would import 3 line(s): 3 new, 0 changed, 0 unchanged"),
        "{}",
        dry.stderr
    );
    let json = export_json(&env, "BFA");
    assert_eq!(json["lines"].as_array().map(Vec::len), Some(0), "{json}");

    let first = env.run(&["import", "budget", "good.csv"]);
    assert_ok(&first);
    assert!(
        first
            .stderr
            .contains("good.csv: imported 3 line(s): 3 new, 0 changed, 0 unchanged"),
        "{}",
        first.stderr
    );
    let json = export_json(&env, "BFA");
    assert_eq!(json["lines"].as_array().map(Vec::len), Some(3), "{json}");

    let again = env.run(&["import", "budget", "good.csv"]);
    assert_ok(&again);
    assert!(
        again.stderr.contains("0 new, 0 changed, 3 unchanged"),
        "{}",
        again.stderr
    );
    // The trail vouches for what was imported (serve creates the signing key).
    assert_eq!(env.serve(&[]).stop(), Some(0));
    let verify = env.run(&["log", "verify"]);
    assert_ok(&verify);
    env.cleanup().await;
}

#[tokio::test]
async fn exports_give_the_public_lines_and_every_total() {
    let env = Env::new().await;
    assert_eq!(env.serve(&["--demo"]).stop(), Some(0));

    // CSV: the template's English columns, a file that imports again.
    let csv = String::from_utf8(export(&env, "BFA", "csv")).unwrap();
    assert_eq!(without_bom(&csv).lines().next(), Some(COLUMNS));
    assert!(!csv.contains(CLASSIFIED));
    let from_csv = vigie_import::budget::parse("budget-BFA.csv", csv.as_bytes()).unwrap();
    assert!(from_csv.iter().all(|l| l.line.classification.is_none()));

    // JSON: the lines the public sees, and totals that count the others.
    let json_bytes = export(&env, "BFA", "json");
    assert!(!String::from_utf8_lossy(&json_bytes).contains(CLASSIFIED));
    let json: serde_json::Value = serde_json::from_slice(&json_bytes).unwrap();
    let lines = json["lines"].as_array().unwrap();
    let totals = json["totals"].as_array().unwrap();
    assert_eq!(lines.len(), from_csv.len());
    assert!(lines.iter().all(|l| l["classification"].is_null()));
    assert_eq!(json["partial"], true);
    let paid_2023 = totals
        .iter()
        .find(|t| t["fiscal_year"] == 2023 && t["stage"] == "paid")
        .unwrap();
    // SIPRI's figure for 2023, classified lots included.
    assert_eq!(paid_2023["amount"], "501728000000", "{paid_2023}");
    assert_eq!(paid_2023["withheld_lines"], 2);

    // XLSX: a workbook whose first sheet is the same lines.
    let xlsx = export(&env, "BFA", "xlsx");
    assert!(xlsx.starts_with(b"PK"));
    let from_xlsx = vigie_import::budget::parse("budget-BFA.xlsx", &xlsx).unwrap();
    assert_eq!(
        from_xlsx.iter().map(|l| l.line.clone()).collect::<Vec<_>>(),
        from_csv.iter().map(|l| l.line.clone()).collect::<Vec<_>>()
    );
    assert!(
        from_xlsx
            .iter()
            .all(|l| !l.line.action.contains(CLASSIFIED))
    );

    // The exported CSV imports back into the same database as a no-op.
    std::fs::write(env.dir.path().join("export.csv"), &csv).unwrap();
    let again = env.run(&["import", "budget", "export.csv"]);
    assert_ok(&again);
    assert!(
        again
            .stderr
            .contains(&format!("0 new, 0 changed, {} unchanged", from_csv.len())),
        "{}",
        again.stderr
    );
    env.cleanup().await;
}

/// What the reader interprets (an accountant's negative, a total row)
/// lands, with one `warning:` line for each reading, and exit 0.
#[tokio::test]
async fn an_interpreted_file_lands_with_its_warnings() {
    let env = Env::new().await;
    let rows = [
        COLUMNS,
        "BFA,2024,sector,Défense,P1,,personnel,02.1,paid,1000,XOF,,",
        "BFA,2024,sector,Régularisations,P1,,personnel,02.1,paid,(100),XOF,,",
        ",,,Total,,,,,,900,,,",
    ];
    write(&env, "execution.csv", &(rows.join("\n") + "\n"));
    let out = env.run(&["import", "budget", "execution.csv"]);
    assert_ok(&out);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: execution.csv:3: amount: `(100)` read as a negative amount (parentheses, as accountants write one)",
            "warning: execution.csv:4: `Total`: a total row, skipped (Vigie computes the totals from the lines)",
        ],
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("imported 2 line(s): 2 new, 0 changed, 0 unchanged; 2 warning(s)"),
        "{}",
        out.stderr
    );

    env.cleanup().await;
}
