//! The defence flags D001–D009 and R044 on small hand-made releases: for each,
//! one process that fires and one that does not.

use vigie_redflags::{Code, Group, Settings, evaluate_releases};

fn run(ini: &str, lines: &[&str]) -> vigie_redflags::Report {
    let settings = Settings::parse("test.ini", ini, None).unwrap();
    evaluate_releases(lines.iter().copied(), &settings).unwrap()
}

fn flag(report: &vigie_redflags::Report, group: Group, id: &str, code: Code) -> Option<f64> {
    report
        .flags_for(group, id)
        .find(|(c, _)| *c == code)
        .map(|(_, v)| v)
}

#[test]
fn d001_exemption_without_grounds() {
    let report = run(
        "[D001]",
        &[
            r#"{"ocid":"bad","tender":{"exemption":{"legalBasis":"Décret 2017-0049, art. 3","justification":" "}}}"#,
            r#"{"ocid":"good","tender":{"exemption":{"legalBasis":"Décret 2017-0049","justification":"Secret défense"}}}"#,
        ],
    );
    assert_eq!(flag(&report, Group::Ocid, "bad", Code::D001), Some(1.0));
    assert_eq!(flag(&report, Group::Ocid, "good", Code::D001), None);
}

fn award(buyer: &str, supplier: &str, amount: u32, date: &str, exempt: bool) -> String {
    let exemption = if exempt { r#","exemption":{}"# } else { "" };
    format!(
        r#"{{"ocid":"{buyer}-{supplier}-{amount}","buyer":{{"id":"{buyer}"}},"tender":{{"status":"complete"{exemption}}},"awards":[{{"id":"1","status":"active","date":"{date}","value":{{"amount":{amount},"currency":"XOF"}},"suppliers":[{{"id":"{supplier}"}}]}}]}}"#
    )
}

#[test]
fn d002_derogatory_share_per_buyer_and_year() {
    let lines = [
        award("MINDEF", "S1", 80, "2024-03-01T00:00:00Z", true),
        award("MINDEF", "S2", 20, "2024-05-01T00:00:00Z", false),
        award("MINSAN", "S1", 10, "2024-03-01T00:00:00Z", true),
        award("MINSAN", "S2", 90, "2024-05-01T00:00:00Z", false),
    ];
    let report = run(
        "[D002]",
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(flag(&report, Group::Buyer, "MINDEF", Code::D002), Some(0.8));
    assert_eq!(flag(&report, Group::Buyer, "MINSAN", Code::D002), None);
}

#[test]
fn d003_supplier_share_of_a_buyer() {
    let lines = [
        award("B", "BIG", 70, "2024-01-01", false),
        award("B", "SMALL", 20, "2024-02-01", false),
        award("B", "OTHER", 10, "2024-03-01", false),
    ];
    let report = run(
        "[D003]",
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(flag(&report, Group::Tenderer, "BIG", Code::D003), Some(0.7));
    assert_eq!(flag(&report, Group::Tenderer, "SMALL", Code::D003), None);
    // Fewer than 3 processes: nothing.
    let report = run("[D003]", &[&lines[0], &lines[1]]);
    assert_eq!(flag(&report, Group::Tenderer, "BIG", Code::D003), None);
}

#[test]
fn d004_suppliers_of_one_owner() {
    let parties = r#""parties":[{"id":"A","beneficialOwners":[{"id":"OWNER"}]},{"id":"C","beneficialOwners":[{"id":"OWNER"}]},{"id":"D","beneficialOwners":[{"id":"ELSE"}]}]"#;
    let line = |ocid: &str, supplier: &str, amount: u32| {
        format!(
            r#"{{"ocid":"{ocid}","buyer":{{"id":"B"}},{parties},"awards":[{{"status":"active","date":"2024-01-01","value":{{"amount":{amount},"currency":"XOF"}},"suppliers":[{{"id":"{supplier}"}}]}}]}}"#
        )
    };
    let lines = [line("1", "A", 30), line("2", "C", 30), line("3", "D", 40)];
    let report = run(
        "[D004]",
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(flag(&report, Group::Tenderer, "A", Code::D004), Some(0.6));
    assert_eq!(flag(&report, Group::Tenderer, "C", Code::D004), Some(0.6));
    assert_eq!(flag(&report, Group::Tenderer, "D", Code::D004), None);
}

#[test]
fn d005_amendments_raise_value() {
    let line = |ocid: &str, new: u32| {
        format!(
            r#"{{"ocid":"{ocid}","contracts":[{{"amendments":[{{"previousValue":{{"amount":100,"currency":"XOF"}},"newValue":{{"amount":110,"currency":"XOF"}}}},{{"newValue":{{"amount":{new},"currency":"XOF"}}}}]}}]}}"#
        )
    };
    let report = run("[D005]", &[&line("up", 150), &line("flat", 120)]);
    assert_eq!(flag(&report, Group::Ocid, "up", Code::D005), Some(0.5));
    assert_eq!(flag(&report, Group::Ocid, "flat", Code::D005), None);
}

#[test]
fn d006_payment_before_delivery() {
    let line = |ocid: &str, paid: &str| {
        format!(
            r#"{{"ocid":"{ocid}","contracts":[{{"implementation":{{"milestones":[{{"type":"delivery","status":"met","dateMet":"2024-06-01T00:00:00Z"}}],"transactions":[{{"date":"{paid}"}}]}}}}]}}"#
        )
    };
    let report = run(
        "[D006]",
        &[
            &line("early", "2024-05-01T00:00:00Z"),
            &line("late", "2024-07-01T00:00:00Z"),
        ],
    );
    assert_eq!(flag(&report, Group::Ocid, "early", Code::D006), Some(1.0));
    assert_eq!(flag(&report, Group::Ocid, "late", Code::D006), None);
}

#[test]
fn d007_split_purchases_under_threshold() {
    let line = |ocid: &str, supplier: &str, amount: u32, date: &str| {
        format!(
            r#"{{"ocid":"{ocid}","buyer":{{"id":"B"}},"awards":[{{"id":"a","status":"active","suppliers":[{{"id":"{supplier}"}}]}}],"contracts":[{{"awardID":"a","dateSigned":"{date}","value":{{"amount":{amount},"currency":"XOF"}}}}]}}"#
        )
    };
    let lines = [
        line("1", "S", 95, "2024-01-10"),
        line("2", "S", 97, "2024-02-10"),
        line("3", "T", 95, "2024-01-10"),
        line("4", "T", 96, "2024-09-10"),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let report = run("[D007]\nthreshold = 100\n", &lines);
    assert_eq!(flag(&report, Group::Ocid, "1", Code::D007), Some(2.0));
    assert_eq!(flag(&report, Group::Ocid, "2", Code::D007), Some(2.0));
    assert_eq!(flag(&report, Group::Ocid, "3", Code::D007), None);
    // Without a threshold, D007 does not run.
    assert_eq!(run("[D007]", &lines).ids(Group::Ocid).count(), 0);
}

#[test]
fn d008_young_supplier() {
    let line = |ocid: &str, supplier: &str, founded: &str| {
        format!(
            r#"{{"ocid":"{ocid}","parties":[{{"id":"{supplier}","details":{{"foundingDate":"{founded}"}}}}],"awards":[{{"status":"active","date":"2024-06-30T00:00:00Z","suppliers":[{{"id":"{supplier}"}}]}}]}}"#
        )
    };
    let report = run(
        "[D008]",
        &[
            &line("1", "NEW", "2024-05-31"),
            &line("2", "OLD", "2010-01-01"),
        ],
    );
    assert_eq!(
        flag(&report, Group::Tenderer, "NEW", Code::D008),
        Some(30.0)
    );
    assert_eq!(flag(&report, Group::Tenderer, "OLD", Code::D008), None);
}

#[test]
fn d009_opinion_required_above_threshold() {
    let line = |ocid: &str, amount: u32, opinion: &str| {
        format!(
            r#"{{"ocid":"{ocid}","tender":{{"exemption":{{{opinion}}}}},"awards":[{{"status":"active","value":{{"amount":{amount},"currency":"XOF"}}}}]}}"#
        )
    };
    let with = r#""opinion":{"body":"Conseil de défense","date":"2024-01-01"}"#;
    let lines = [
        line("big", 500, ""),
        line("small", 50, ""),
        line("heard", 500, with),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let report = run("currency = XOF\n[D009]\nthreshold = 100\n", &lines);
    assert_eq!(flag(&report, Group::Ocid, "big", Code::D009), Some(1.0));
    assert_eq!(flag(&report, Group::Ocid, "small", Code::D009), None);
    assert_eq!(flag(&report, Group::Ocid, "heard", Code::D009), None);
}

#[test]
fn r044_tenderers_sharing_contacts() {
    let line = |ocid: &str, phone_b: &str| {
        format!(
            r#"{{"ocid":"{ocid}","bids":{{"details":[{{"tenderers":[{{"id":"A"}}]}},{{"tenderers":[{{"id":"B"}}]}}]}},"parties":[{{"id":"A","contactPoint":{{"telephone":"+226 25 30 00 00"}}}},{{"id":"B","contactPoint":{{"telephone":"{phone_b}"}}}}]}}"#
        )
    };
    let report = run(
        "[R044]",
        &[
            &line("same", "(+226) 25-30-00-00"),
            &line("apart", "+226 70 00 00 01"),
        ],
    );
    assert_eq!(flag(&report, Group::Ocid, "same", Code::R044), Some(1.0));
    assert_eq!(flag(&report, Group::Tenderer, "B", Code::R044), Some(1.0));
    assert_eq!(flag(&report, Group::Ocid, "apart", Code::R044), None);
}
