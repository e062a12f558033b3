//! The `[vigie]` options (off by default), the output formats and bad input.

use std::io::BufReader;

use vigie_redflags::{Code, Error, Group, Report, Settings, evaluate_lines, evaluate_releases};

fn run(ini: &str, lines: &[&str]) -> Report {
    let settings = Settings::parse("test.ini", ini, None).unwrap();
    evaluate_releases(lines.iter().copied(), &settings).unwrap()
}

fn flag(report: &Report, group: Group, id: &str, code: Code) -> Option<f64> {
    report
        .flags_for(group, id)
        .find(|(c, _)| *c == code)
        .map(|(_, v)| v)
}

/// A valid bid: (id, tenderers, amount, currency).
fn bid(id: &str, tenderers: &[&str], amount: u32, currency: &str) -> String {
    let tenderers: Vec<String> = tenderers
        .iter()
        .map(|t| format!(r#"{{"id":"{t}"}}"#))
        .collect();
    format!(
        r#"{{"id":"{id}","status":"valid","date":"2024-01-02","tenderers":[{}],"value":{{"amount":{amount},"currency":"{currency}"}}}}"#,
        tenderers.join(",")
    )
}

fn release(ocid: &str, bids: &[String], awards: &str) -> String {
    format!(
        r#"{{"ocid":"{ocid}","bids":{{"details":[{}]}},"awards":[{awards}]}}"#,
        bids.join(",")
    )
}

#[test]
fn lots_and_related_bids() {
    let bids = [
        bid("b1", &["W"], 100, "XOF"),
        bid("b2", &["L"], 300, "XOF"),
        bid("b3", &["M"], 100, "XOF"),
        bid("b4", &["N"], 101, "XOF"),
    ];
    let awards = r#"{"status":"active","suppliers":[{"id":"W"}],"relatedBids":["b1","b2"]},{"status":"active","suppliers":[{"id":"M"}],"relatedBids":["b3","b4"]}"#;
    let line = release("P", &bids, awards);
    // Cardinal skips processes with several awards.
    assert_eq!(
        run("[R058]\nthreshold = 1\n", &[&line])
            .ids(Group::Ocid)
            .count(),
        0
    );
    // Per lot, tied to its bids: W's 100 against L's 300 is a ratio of 2.
    let report = run(
        "[R058]\nthreshold = 1\n[vigie]\nlots = true\nrelated_bids = true\n",
        &[&line],
    );
    assert_eq!(flag(&report, Group::Ocid, "P", Code::R058), Some(2.0));
    assert_eq!(flag(&report, Group::Tenderer, "W", Code::R058), Some(0.0));
    assert_eq!(flag(&report, Group::Tenderer, "M", Code::R058), None);
}

#[test]
fn consortia() {
    let bids = [
        bid("b1", &["A", "B"], 100, "XOF"),
        bid("b2", &["C"], 300, "XOF"),
    ];
    let line = release(
        "P",
        &bids,
        r#"{"status":"active","suppliers":[{"id":"B"},{"id":"A"}]}"#,
    );
    assert_eq!(
        run("[R058]\nthreshold = 1\n", &[&line])
            .ids(Group::Ocid)
            .count(),
        0
    );
    let report = run(
        "[R058]\nthreshold = 1\n[vigie]\nconsortia = true\n",
        &[&line],
    );
    assert_eq!(flag(&report, Group::Ocid, "P", Code::R058), Some(2.0));
    assert_eq!(flag(&report, Group::Tenderer, "A", Code::R058), Some(0.0));
    assert_eq!(flag(&report, Group::Tenderer, "B", Code::R058), Some(0.0));
}

#[test]
fn exchange_rates_convert_instead_of_dropping() {
    let dir = std::env::temp_dir().join(format!("vigie-redflags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("rates.csv"),
        "date,currency,rate\n2024-01-01,EUR,655.957\n",
    )
    .unwrap();
    let bids = [
        bid("b1", &["W"], 655_957, "XOF"),
        bid("b2", &["L"], 3000, "EUR"),
    ];
    let line = release(
        "P",
        &bids,
        r#"{"status":"active","suppliers":[{"id":"W"}]}"#,
    );
    let base = "currency = XOF\n[R058]\nthreshold = 1\n";
    assert_eq!(run(base, &[&line]).ids(Group::Ocid).count(), 0);
    let settings = Settings::parse(
        "s.ini",
        &format!("{base}[vigie]\nexchange_rates = rates.csv\n"),
        Some(&dir),
    )
    .unwrap();
    let report = evaluate_releases([line.as_str()], &settings).unwrap();
    let ratio = flag(&report, Group::Ocid, "P", Code::R058).unwrap();
    assert!((ratio - 2.0).abs() < 1e-9, "{ratio}");
}

#[test]
fn r018_alternative_sources() {
    let tenderers =
        r#"{"ocid":"T","tender":{"procurementMethod":"open","tenderers":[{"id":"A"}]}}"#;
    let bids = r#"{"ocid":"B","tender":{"procurementMethod":"open"},"bids":{"details":[{"status":"valid","tenderers":[{"id":"A"}]},{"status":"valid","tenderers":[{"id":"A"}]}]}}"#;
    assert_eq!(
        run("[R018]", &[tenderers, bids]).ids(Group::Ocid).count(),
        0
    );
    let report = run("[R018]\n[vigie]\nr018_sources = true\n", &[tenderers, bids]);
    assert_eq!(report.ids(Group::Ocid).collect::<Vec<_>>(), ["T", "B"]);
}

#[test]
fn parse_dates_compares_instants() {
    // 10:30+02:00 is 08:30Z, before the 09:00Z deadline: on time, though later as text.
    let line = r#"{"ocid":"P","tender":{"tenderPeriod":{"endDate":"2024-01-01T09:00:00Z"}},"bids":{"details":[{"status":"valid","date":"2024-01-01T10:30:00+02:00","tenderers":[{"id":"W"}]}]},"awards":[{"status":"active","suppliers":[{"id":"W"}]}]}"#;
    assert_eq!(
        flag(&run("[R030]", &[line]), Group::Ocid, "P", Code::R030),
        Some(1.0)
    );
    assert_eq!(
        flag(
            &run("[R030]\n[vigie]\nparse_dates = true\n", &[line]),
            Group::Ocid,
            "P",
            Code::R030
        ),
        None
    );
}

#[test]
fn json_and_csv_output() {
    let line = r#"{"ocid":"P,1","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}"#;
    let report = run("[R018]\n[R058]\n", &[line]);
    assert_eq!(
        report.to_json(false),
        r#"{"OCID":{"P,1":{"R018":1.0}},"Meta":{"R058":{"q1":null,"q3":null,"upper_fence":null}}}"#
    );
    assert_eq!(report.to_json(true), r#"{"OCID":{"P,1":{"R018":1.0}}}"#);
    let mut csv = Vec::new();
    report.write_csv(&mut csv).unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "group,id,indicator,value\nOCID,\"P,1\",R018,1.0\n"
    );
    assert_eq!(run("", &[line]).to_json(false), r#"{"Meta":{}}"#);
}

#[test]
fn a_repeated_key_keeps_its_last_value_as_cardinal() {
    let line = r#"{"ocid":"P","tender":{"numberOfTenderers":2,"numberOfTenderers":1}}"#;
    let report = run("[R018]\nprocurement_methods = \n", &[line]);
    assert_eq!(flag(&report, Group::Ocid, "P", Code::R018), Some(1.0));
    assert!(report.warnings.is_empty());
}

#[test]
fn bad_lines_are_skipped_with_their_number_or_fail_when_strict() {
    let input = "{\"ocid\":\"A\"}\n\n{\"ocid\": [1, }\n";
    let report = evaluate_lines(BufReader::new(input.as_bytes()), &Settings::default()).unwrap();
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].starts_with("line 3: "),
        "{}",
        report.warnings[0]
    );
    assert!(
        report.warnings[0].contains("ocid"),
        "{}",
        report.warnings[0]
    );
    let strict = Settings::parse("s.ini", "[vigie]\nstrict = true\n", None).unwrap();
    match evaluate_lines(BufReader::new(input.as_bytes()), &strict) {
        Err(Error::Line { line: 3, .. }) => {}
        other => panic!("{other:?}"),
    }
}
