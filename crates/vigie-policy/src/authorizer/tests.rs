//! The published policies, case by case: who may do what to which document.

use vigie_domain::{ClassificationScheme, CountryCode, InstitutionKind, LevelDefinition, Role};

use super::*;
use crate::{BUDGET_LINE, LIST_POLICIES, PROCUREMENT_FIELD};

fn scheme(country: CountryCode) -> ClassificationScheme {
    let def = |code: &str, max| LevelDefinition {
        code: code.into(),
        name_fr: code.into(),
        name_en: code.into(),
        max_years: max,
    };
    ClassificationScheme::new(
        country,
        vec![
            def("NC", None),
            def("DR", Some(10)),
            def("CD", Some(20)),
            def("SD", Some(30)),
            def("TSD", Some(50)),
        ],
    )
    .unwrap()
}

fn user(
    id: &str,
    country: Option<CountryCode>,
    institution: &str,
    kind: InstitutionKind,
    roles: &[Role],
    clearance: u8,
    mandates: &[&str],
) -> Principal {
    Principal {
        id: id.into(),
        country,
        institution: institution.into(),
        institution_kind: Some(kind),
        roles: roles.to_vec(),
        clearance,
        mandates: mandates.iter().map(|m| (*m).to_owned()).collect(),
        grants: Vec::new(),
    }
}

fn doc(id: &str, level: &str, category: &str, presumption: bool, year: i32) -> Resource {
    Resource {
        id: id.into(),
        level: scheme(CountryCode::BFA).level(level).unwrap(),
        category: category.into(),
        presumption_of_disclosure: presumption,
        producing_service: "BFA-DAF".into(),
        year,
    }
}

/// One case: the decision, and the policy that must have decided it.
fn check(
    a: &Authorizer,
    p: &Principal,
    action: Action,
    r: &Resource,
    level: Option<u8>,
    permit: bool,
    by: &str,
) {
    let d = a.decide(p, action, r, level);
    assert_eq!(
        d.permit,
        permit,
        "{} {} {}: {:?}",
        p.id,
        action.code(),
        r.id,
        d.policies
    );
    if !by.is_empty() {
        assert!(
            d.policies.iter().any(|id| id == by),
            "{} {} {}: decided by {:?}, expected {by}",
            p.id,
            action.code(),
            r.id,
            d.policies
        );
    }
}

#[test]
fn the_shipped_policies_validate_and_explain_themselves() {
    let a = Authorizer::load().unwrap();
    for file in POLICY_FILES {
        for line in file.text.lines().filter_map(|l| l.strip_prefix("@id(\"")) {
            let id = line.trim_end_matches("\")");
            let rule = a
                .rules()
                .iter()
                .find(|r| r.id == id && r.file == file.name)
                .unwrap();
            let (fr, en) = (&rule.explain_fr, &rule.explain_en);
            assert!(fr.len() > 20 && en.len() > 20, "{id}");
        }
    }
}

#[test]
fn who_may_do_what() {
    use Action::*;
    use InstitutionKind as K;
    let a = Authorizer::load().unwrap();
    let bfa = Some(CountryCode::BFA);
    let public = Principal::public();
    let auditor = user(
        "bfa-cdc",
        bfa,
        "BFA-CDC",
        K::CourtOfAuditors,
        &[Role::Auditor],
        0,
        &["BFA-DAF:2024"],
    );
    let foreign_auditor = user(
        "mli-bvg",
        Some(CountryCode::MLI),
        "MLI-BVG",
        K::CourtOfAuditors,
        &[Role::Auditor],
        4,
        &["BFA-DAF:2024"],
    );
    let mp = user(
        "bfa-codes",
        bfa,
        "BFA-CODES",
        K::ParliamentCommission,
        &[Role::Parliamentarian],
        2,
        &[],
    );
    let producer = user(
        "bfa-daf",
        bfa,
        "BFA-DAF",
        K::ArmyStewardship,
        &[Role::Producer],
        3,
        &[],
    );
    let authority = user(
        "bfa-daf-chef",
        bfa,
        "BFA-DAF",
        K::ArmyStewardship,
        &[Role::ClassificationAuthority],
        4,
        &[],
    );
    let partner = user(
        "ptf-fra",
        None,
        "PTF-FRA",
        K::Partner,
        &[Role::Observer],
        4,
        &[],
    );

    let budget = doc("budget-2024", "NC", "overall_budget", true, 2024);
    let contract = doc("contract-2024", "DR", "procurement_contracts", true, 2024);
    let cd = doc("cd-2024", "CD", "weapons_capabilities", false, 2024);
    let sd = doc("sd-2024", "SD", "defence_plans_operations", false, 2024);
    let tsd = doc(
        "tsd-2023",
        "TSD",
        "intelligence_sources_methods",
        false,
        2023,
    );

    // The public sees what is public, and nothing else.
    for action in [List, Consult, Export] {
        check(
            &a,
            &public,
            action,
            &budget,
            None,
            true,
            "public-information",
        );
        check(&a, &public, action, &cd, None, false, "");
    }
    check(&a, &public, RequestAccess, &cd, None, false, "");

    // Oversight: the register, the mandate, the commission, requests.
    check(&a, &auditor, List, &tsd, None, true, "oversight-register");
    check(&a, &auditor, Consult, &sd, None, true, "audit-mandate");
    check(&a, &auditor, Consult, &tsd, None, false, "");
    check(
        &a,
        &auditor,
        RequestAccess,
        &tsd,
        None,
        true,
        "oversight-requests",
    );
    check(&a, &auditor, Export, &sd, None, false, "");
    check(&a, &mp, Consult, &cd, None, true, "defence-commission");
    check(&a, &mp, Consult, &sd, None, false, "");
    check(
        &a,
        &mp,
        RequestAccess,
        &sd,
        None,
        true,
        "oversight-requests",
    );

    // Another country's auditor, or a partner, never sees a classified document.
    check(&a, &foreign_auditor, List, &cd, None, false, "");
    check(
        &a,
        &foreign_auditor,
        Consult,
        &sd,
        None,
        false,
        "national-secrets-stay-national",
    );
    check(
        &a,
        &partner,
        Consult,
        &contract,
        None,
        false,
        "national-secrets-stay-national",
    );
    check(
        &a,
        &partner,
        Consult,
        &budget,
        None,
        true,
        "public-information",
    );

    // The producing service, within clearance.
    check(&a, &producer, Consult, &sd, None, true, "producing-service");
    check(&a, &producer, Consult, &tsd, None, false, "");
    check(&a, &producer, Classify, &sd, Some(3), false, "");

    // Classification, within authority and the presumption of disclosure.
    check(
        &a,
        &authority,
        Classify,
        &cd,
        Some(4),
        true,
        "classify-own-documents",
    );
    check(
        &a,
        &authority,
        Classify,
        &budget,
        Some(1),
        true,
        "classify-own-documents",
    );
    check(
        &a,
        &authority,
        Classify,
        &budget,
        Some(3),
        false,
        "presumption-of-disclosure",
    );
    check(
        &a,
        &authority,
        Declassify,
        &tsd,
        Some(0),
        true,
        "declassify-own-documents",
    );
    check(
        &a,
        &authority,
        DecideRequest,
        &sd,
        None,
        true,
        "decide-requests",
    );
    check(&a, &auditor, DecideRequest, &sd, None, false, "");
}

/// The gaps the security review found (issue 14, class 3), closed: every
/// action on classified data weighs the caller's clearance.
#[test]
fn clearance_bounds_every_action_on_classified_data() {
    use Action::*;
    use InstitutionKind as K;
    let a = Authorizer::load().unwrap();
    let bfa = Some(CountryCode::BFA);
    let low_mp = user(
        "bfa-codes-dr",
        bfa,
        "BFA-CODES",
        K::ParliamentCommission,
        &[Role::Parliamentarian],
        1,
        &[],
    );
    let cd = doc("cd-2024", "CD", "weapons_capabilities", false, 2024);
    check(&a, &low_mp, Consult, &cd, None, false, "");
    let level = |code: &str| scheme(CountryCode::BFA).level(code).unwrap();
    let field = Resource::procurement_field("ocds-x-1", level("CD"), "", 2024);
    check(&a, &low_mp, Consult, &field, None, false, "");
    let line = Resource::budget_line(7, level("CD"), 2024);
    check(&a, &low_mp, Consult, &line, None, false, "");
    let dr_line = Resource::budget_line(8, level("DR"), 2024);
    check(&a, &low_mp, Consult, &dr_line, None, true, "budget-detail");

    // An authority cleared to CD neither declassifies nor reclassifies an
    // SD document of its own service.
    let authority = user(
        "bfa-daf-cd",
        bfa,
        "BFA-DAF",
        K::ArmyStewardship,
        &[Role::ClassificationAuthority, Role::Producer],
        2,
        &[],
    );
    let sd = doc("sd-2024", "SD", "defence_plans_operations", false, 2024);
    check(&a, &authority, Declassify, &sd, Some(0), false, "");
    check(&a, &authority, Classify, &sd, Some(1), false, "");
    check(
        &a,
        &authority,
        Declassify,
        &cd,
        Some(0),
        true,
        "declassify-own-documents",
    );
    check(&a, &authority, DecideRequest, &sd, None, false, "");
    check(
        &a,
        &authority,
        DecideRequest,
        &cd,
        None,
        true,
        "decide-requests",
    );
    // Budget lines belong to no one service: the country's authority
    // classifies them within its clearance.
    check(
        &a,
        &authority,
        Classify,
        &dr_line,
        Some(2),
        true,
        "classify-own-documents",
    );
    check(&a, &authority, Classify, &dr_line, Some(3), false, "");
    let sd_line = Resource::budget_line(9, level("SD"), 2024);
    check(&a, &authority, Declassify, &sd_line, Some(0), false, "");

    // Writes: the stored record's country, service and level decide.
    check(
        &a,
        &authority,
        Write,
        &cd,
        None,
        true,
        "producers-write-their-records",
    );
    check(&a, &authority, Write, &sd, None, false, "");
    check(
        &a,
        &authority,
        Write,
        &dr_line,
        None,
        true,
        "producers-write-their-records",
    );
    let mut other_service = cd.clone();
    other_service.producing_service = "BFA-DGMP".into();
    check(&a, &authority, Write, &other_service, None, false, "");
    let foreign = user(
        "mli-daf",
        Some(CountryCode::MLI),
        "MLI-DAF",
        K::ArmyStewardship,
        &[Role::ClassificationAuthority, Role::Producer],
        4,
        &[],
    );
    let public_field = Resource::procurement_field("ocds-x-1", level("NC"), "", 2024);
    check(&a, &foreign, Write, &public_field, None, false, "");
    check(&a, &foreign, Classify, &public_field, Some(1), false, "");
    let admin = user(
        "admin",
        None,
        "VIGIE",
        K::Facilitator,
        &[Role::Admin],
        0,
        &[],
    );
    check(
        &a,
        &admin,
        Write,
        &public_field,
        None,
        true,
        "administrators-write-public-records",
    );
    check(&a, &admin, Write, &line, None, false, "");
    check(&a, &admin, Write, &cd, None, false, "");
    check(&a, &admin, Classify, &public_field, Some(1), false, "");
}

/// The listing pre-filter mirrors one clause per policy that permits
/// `list`: a new such policy, or any `forbid` on `list`, must come with a
/// change to `ListFilter` (and this list).
#[test]
fn every_list_policy_is_mirrored_by_the_list_filter() {
    let a = Authorizer::load().unwrap();
    let mut found = a.policies_for(Action::List);
    found.sort();
    let mut expected: Vec<(String, bool)> = LIST_POLICIES
        .iter()
        .map(|id| ((*id).to_owned(), true))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn a_broken_policy_file_is_named_with_its_line() {
    let bad = PolicyFile {
        name: "bad.cedar",
        text: "@id(\"ok\")\n@explain_fr(\"x\")\n@explain_en(\"x\")\npermit (principal, action, resource)\nwhen { resource.level == };\n",
    };
    let err = Authorizer::from_files(&SCHEMA, &[bad]).unwrap_err();
    assert_eq!((err.file.as_str(), err.line), ("bad.cedar", 5), "{err}");

    let no_id = PolicyFile {
        name: "no-id.cedar",
        text: "permit (principal, action, resource);\n",
    };
    let err = Authorizer::from_files(&SCHEMA, &[no_id]).unwrap_err();
    assert_eq!(err.file, "no-id.cedar");
    assert!(err.reason.contains("`@id`"), "{err}");

    let unknown = PolicyFile {
        name: "typo.cedar",
        text: "@id(\"t\")\n@explain_fr(\"x\")\n@explain_en(\"x\")\npermit (principal, action, resource) when { resource.levle == 0 };\n",
    };
    let err = Authorizer::from_files(&SCHEMA, &[unknown]).unwrap_err();
    assert!(
        err.reason.contains("levle"),
        "the schema catches attribute typos: {err}"
    );
}

/// The rules, written a second time, plainly and without Cedar: the
/// property test below holds the policies to this model.
fn reference_model(p: &Principal, action: Action, r: &Resource, level: u8) -> bool {
    let rank = r.level.rank();
    let same_country = p.country == Some(r.level.country());
    let own_service = same_country && p.institution == r.producing_service;
    let has = |role: Role| p.roles.contains(&role);
    let oversight = has(Role::Auditor) || has(Role::Parliamentarian);
    // The two prohibitions win over everything.
    if action == Action::Classify && r.presumption_of_disclosure && level > 1 {
        return false;
    }
    if matches!(action, Action::Consult | Action::Export) && rank > 0 && !same_country {
        return false;
    }
    let producer = has(Role::Producer) && own_service && p.clearance >= rank;
    let granted = p.grants.contains(&r.id);
    let cleared = rank <= p.clearance;
    // Records of no one service (budget lines, contracts the operator
    // loaded) are the country's: its authorities and producers act on them.
    let own_or_country =
        same_country && (p.institution == r.producing_service || r.producing_service.is_empty());
    let authority = has(Role::ClassificationAuthority) && own_or_country && cleared;
    match action {
        Action::List => rank == 0 || producer || granted || (oversight && same_country),
        Action::Consult => {
            rank == 0
                || producer
                || granted
                || (has(Role::Auditor) && same_country && p.mandates.contains(&r.mandate_key()))
                || (has(Role::Parliamentarian) && same_country && rank <= 2 && cleared)
                || ((r.category == BUDGET_LINE || r.category == PROCUREMENT_FIELD)
                    && oversight
                    && same_country
                    && cleared)
        }
        Action::Export => rank == 0,
        Action::RequestAccess => oversight && same_country,
        Action::Classify => authority && level <= p.clearance,
        Action::Declassify => authority,
        Action::DecideRequest => has(Role::ClassificationAuthority) && own_service && cleared,
        Action::Write => {
            (has(Role::Producer) && own_or_country && cleared)
                || (has(Role::Admin) && rank == 0 && r.producing_service.is_empty())
        }
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn principal() -> impl Strategy<Value = Principal> {
        (
            prop::sample::select(vec![Some(CountryCode::BFA), Some(CountryCode::MLI), None]),
            prop::sample::select(vec!["BFA-DAF", "BFA-CDC", "MLI-DAF", "PTF-FRA"]),
            prop::sample::subsequence(Role::ALL.to_vec(), 0..=3),
            0u8..=4,
            prop::sample::subsequence(vec!["BFA-DAF:2023", "BFA-DAF:2024", "MLI-DAF:2024"], 0..=3),
            prop::sample::subsequence(vec!["d1".to_owned(), "d2".to_owned()], 0..=2),
        )
            .prop_map(
                |(country, institution, roles, clearance, mandates, grants)| Principal {
                    id: format!("u-{institution}"),
                    country,
                    institution: institution.into(),
                    institution_kind: Some(InstitutionKind::ArmyStewardship),
                    roles,
                    clearance,
                    mandates: mandates.into_iter().map(str::to_owned).collect(),
                    grants,
                },
            )
    }

    fn resource() -> impl Strategy<Value = Resource> {
        (
            prop::sample::select(vec![CountryCode::BFA, CountryCode::MLI]),
            0u8..=4,
            prop::sample::select(vec!["BFA-DAF", "MLI-DAF", ""]),
            prop::sample::select(vec![2023, 2024]),
            prop::sample::select(vec![
                ("overall_budget", true),
                ("weapons_capabilities", false),
                (BUDGET_LINE, false),
                (PROCUREMENT_FIELD, false),
            ]),
            prop::sample::select(vec!["d1", "d3"]),
        )
            .prop_map(
                |(country, rank, service, year, (category, presumption), id)| Resource {
                    id: id.into(),
                    level: scheme(country).at_rank(rank).unwrap(),
                    category: category.into(),
                    presumption_of_disclosure: presumption,
                    producing_service: service.into(),
                    year,
                },
            )
    }

    /// Loaded once: parsing and validating is the slow part, not deciding.
    fn authorizer() -> &'static Authorizer {
        static AUTHORIZER: std::sync::OnceLock<Authorizer> = std::sync::OnceLock::new();
        AUTHORIZER.get_or_init(|| Authorizer::load().unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn cedar_agrees_with_the_reference_model(
            p in principal(),
            r in resource(),
            action in prop::sample::select(Action::ALL.to_vec()),
            level in 0u8..=4,
        ) {
            let a = authorizer();
            let level_arg = action.has_level().then_some(level);
            let decision = a.decide(&p, action, &r, level_arg);
            prop_assert!(!decision.policies.iter().any(|id| id.starts_with("error")), "{:?}", decision.policies);
            let validated = a.decide_validated(&p, action, &r, level_arg);
            prop_assert_eq!(validated.as_ref(), Ok(&decision), "the request fits the schema");
            prop_assert_eq!(decision.permit, reference_model(&p, action, &r, level), "{:?} {:?} {:?} level {}", p, action, r, level);
        }

        /// The database pre-filter of listings admits exactly what Cedar
        /// permits to list.
        #[test]
        fn the_list_filter_agrees_with_cedar(p in principal(), r in resource()) {
            let a = authorizer();
            let decision = a.decide(&p, Action::List, &r, None);
            prop_assert_eq!(a.list_filter(&p).matches(&r), decision.permit, "{:?} {:?} {:?}", p, r, decision.policies);
        }
    }
}
