use super::*;

#[test]
fn enables_by_section_and_reads_values() {
    let text = "currency = XOF\n[exclusions]\nprocurement_method_details = EXC\n[R003.procurement_method_details]\nx = 5\n[R028]\n[D007]\nthreshold = 1000\n";
    let s = Settings::parse("s.ini", text, None).unwrap();
    assert_eq!(s.currency.as_deref(), Some("XOF"));
    assert_eq!(s.r003.unwrap().procurement_method_details["x"], 5);
    assert!(s.r028 && !s.r030);
    assert_eq!(s.d[6].as_ref().unwrap().threshold, Some(1000.0));
    assert!(s.d[0].is_none());
}

#[test]
fn errors_name_file_line_and_key() {
    let e = Settings::parse("s.ini", "[R024]\nthreshold = high\n", None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "s.ini:2: threshold: \"high\" is not a number"
    );
    let e = Settings::parse("s.ini", "\n[R035]\nlimit = 1\n", None).unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (3, "limit"));
    let e = Settings::parse("s.ini", "[R999]\n", None).unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (1, "R999"));
}
