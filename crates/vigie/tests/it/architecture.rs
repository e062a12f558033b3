//! The layering in ARCHITECTURE.md, checked against the manifests so it
//! holds by test rather than by memory.

use std::path::Path;

/// The names in a manifest's `[dependencies]` section (not dev-dependencies:
/// tests may reach further down than code).
fn dependencies(krate: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("Cargo.toml");
    let manifest = std::fs::read_to_string(&path).unwrap();
    let mut in_deps = false;
    let mut names = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_end_matches(".workspace").trim();
            if !name.is_empty() && !name.starts_with('#') {
                names.push(name.to_owned());
            }
        }
    }
    names
}

#[test]
fn the_domain_does_no_io_and_depends_on_no_other_vigie_crate() {
    let deps = dependencies("vigie-domain");
    assert!(
        deps.contains(&"rust_decimal".to_owned()),
        "the parser reads the manifest: {deps:?}"
    );
    for forbidden in [
        "tokio",
        "sqlx",
        "axum",
        "reqwest",
        "askama",
        "vigie-store",
        "vigie-web",
    ] {
        assert!(
            !deps.iter().any(|d| d == forbidden),
            "vigie-domain must not depend on {forbidden}"
        );
    }
}

#[test]
fn only_the_store_talks_to_the_database() {
    for krate in ["vigie-domain", "vigie-web", "vigie"] {
        assert!(
            !dependencies(krate).contains(&"sqlx".to_owned()),
            "{krate} must go through vigie-store"
        );
    }
    assert!(dependencies("vigie-store").contains(&"sqlx".to_owned()));
}

#[test]
fn the_store_knows_nothing_of_http() {
    let deps = dependencies("vigie-store");
    for forbidden in [
        "axum",
        "askama",
        "tower",
        "tower-http",
        "vigie-web",
        "fluent-templates",
    ] {
        assert!(
            !deps.iter().any(|d| d == forbidden),
            "vigie-store must not depend on {forbidden}"
        );
    }
}

#[test]
fn the_policies_the_ledger_and_the_procurement_formats_do_no_io() {
    for krate in [
        "vigie-policy",
        "vigie-ledger",
        "vigie-ocds",
        "vigie-redflags",
    ] {
        let deps = dependencies(krate);
        for forbidden in ["tokio", "sqlx", "axum", "vigie-store", "vigie-web"] {
            assert!(
                !deps.iter().any(|d| d == forbidden),
                "{krate} must not depend on {forbidden}"
            );
        }
    }
    assert!(dependencies("vigie-policy").contains(&"cedar-policy".to_owned()));
}
