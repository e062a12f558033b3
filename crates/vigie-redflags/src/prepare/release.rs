//! The corrections of one compiled release, in Cardinal 0.0.8's order:
//! parties, buyer, tender, auctions, bids, contracts, awards, party roles.
//! Each step is a rule of `ocdscardinal prepare`; the comments name it.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use super::PrepareSettings;

/// OCDS bid statuses (the bids extension's `bidStatus` codelist).
pub const BID_STATUS: [&str; 5] = ["invited", "pending", "valid", "disqualified", "withdrawn"];
/// OCDS award statuses (`awardStatus`).
pub const AWARD_STATUS: [&str; 4] = ["pending", "active", "cancelled", "unsuccessful"];

/// A quality issue `prepare` saw and could not correct with the settings it
/// was given: Cardinal's error rows without the line and the ocid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Cardinal's path, `[]` for an array's items: `/awards[]/status`.
    pub path: &'static str,
    /// The positions in the arrays of the path, dot-separated: `0.2`.
    pub indexes: String,
    /// The incorrect value, empty when the value is missing.
    pub value: String,
    /// `not set`, `invalid` or `is zero`.
    pub description: &'static str,
}

/// What happened to one release besides its corrections.
#[derive(Debug, Default)]
pub struct Outcome {
    pub issues: Vec<Issue>,
    /// Corrections that could not be made, said once per release.
    pub warnings: Vec<&'static str>,
}

impl Outcome {
    fn issue(
        &mut self,
        path: &'static str,
        indexes: String,
        value: &str,
        description: &'static str,
    ) {
        self.issues.push(Issue {
            path,
            indexes,
            value: value.to_owned(),
            description,
        });
    }
}

/// The roles each party's references give it, by party id (`[defaults] party_roles`).
type Roles = HashMap<String, BTreeSet<String>>;

/// How an organization reference is corrected.
struct Reference<'a> {
    redacted: &'a HashSet<String>,
    prefix: &'a str,
    role: &'a str,
}

/// Corrects one compiled release in place.
pub fn prepare_release(release: &mut Map<String, Value>, settings: &PrepareSettings) -> Outcome {
    let mut outcome = Outcome::default();
    let no_ids = HashSet::new();
    let mut roles = Roles::new();

    // /parties: numeric ids become strings, withheld ids go.
    let party = Reference {
        redacted: &settings.redacted_organization_ids,
        prefix: "",
        role: "",
    };
    organizations(release, "parties", &party, &mut Roles::new());
    if settings.party_roles
        && let Some(Value::Array(parties)) = release.get("parties")
    {
        for party in parties {
            if let Some(Value::String(id)) = party.get("id") {
                let given = match party.get("roles") {
                    Some(Value::Array(roles)) => roles
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                    _ => BTreeSet::new(),
                };
                roles.insert(id.clone(), given);
            }
        }
    }

    // /buyer and /tender/procuringEntity.
    let mut buyer_side = Reference {
        redacted: &settings.redacted_organization_ids,
        prefix: &settings.buyer_prefix,
        role: "buyer",
    };
    organization_at(release, "buyer", &buyer_side, &mut roles);
    if let Some(Value::Object(tender)) = release.get_mut("tender") {
        buyer_side.role = "procuringEntity";
        organization_at(tender, "procuringEntity", &buyer_side, &mut roles);
        if let Some(separator) = &settings.split_procurement_method_details
            && let Some(Value::String(details)) = tender.get_mut("procurementMethodDetails")
        {
            let first = details.split(separator.as_str()).next().unwrap_or_default();
            *details = first.trim_end().to_owned();
        }
    }

    if settings.move_auctions {
        move_auctions(release, &mut outcome);
    }

    let mut supplier_side = Reference {
        redacted: &settings.redacted_organization_ids,
        prefix: &settings.tenderer_prefix,
        role: "tenderer",
    };
    if let Some(Value::Object(bids)) = release.get_mut("bids")
        && let Some(Value::Array(details)) = bids.get_mut("details")
    {
        for (j, bid) in details.iter_mut().enumerate() {
            bid_value(bid, j, settings, &mut outcome);
            if let Some(Value::Array(items)) = bid.get_mut("items") {
                for (k, item) in items.iter_mut().enumerate() {
                    let path = "/bids/details[]/items[]/classification/scheme";
                    classification_scheme(item, path, j, k, settings, &mut outcome);
                }
            }
            let status = Status {
                path: "/bids/details[]/status",
                default: settings.bid_status.as_deref(),
                codes: &settings.bid_status_codes,
                known: &BID_STATUS,
            };
            status.correct(bid, j, &mut outcome);
            if let Some(bid) = bid.as_object_mut() {
                organizations(bid, "tenderers", &supplier_side, &mut roles);
            }
        }
    }

    // [corrections] award_status_by_contract_status: an award all of whose
    // contracts are cancelled is cancelled.
    let mut cancelled: HashMap<String, bool> = HashMap::new();
    if settings.award_status_by_contract_status
        && let Some(Value::Array(contracts)) = release.get_mut("contracts")
    {
        for contract in contracts.iter_mut().filter_map(Value::as_object_mut) {
            stringify(contract, "awardID");
            if let Some(Value::String(award_id)) = contract.get("awardID") {
                let is_cancelled =
                    contract.get("status").and_then(Value::as_str) == Some("cancelled");
                cancelled
                    .entry(award_id.clone())
                    .and_modify(|all| *all &= is_cancelled)
                    .or_insert(is_cancelled);
            }
        }
    }

    if let Some(Value::Array(awards)) = release.get_mut("awards") {
        supplier_side.role = "supplier";
        let classification = Reference {
            redacted: &no_ids,
            prefix: "",
            role: "",
        };
        for (j, award) in awards.iter_mut().enumerate() {
            if let Some(award) = award.as_object_mut() {
                stringify(award, "id");
            }
            if let Some(Value::Array(items)) = award.get_mut("items") {
                for (k, item) in items.iter_mut().enumerate() {
                    if let Some(item) = item.as_object_mut() {
                        organization_at(item, "classification", &classification, &mut Roles::new());
                    }
                    let path = "/awards[]/items[]/classification/scheme";
                    classification_scheme(item, path, j, k, settings, &mut outcome);
                }
            }
            let status = Status {
                path: "/awards[]/status",
                default: settings.award_status.as_deref(),
                codes: &settings.award_status_codes,
                known: &AWARD_STATUS,
            };
            status.correct(award, j, &mut outcome);
            if let Some(award) = award.as_object_mut() {
                if let Some(Value::String(id)) = award.get("id")
                    && cancelled.get(id).copied().unwrap_or(false)
                {
                    award.insert("status".into(), Value::String("cancelled".into()));
                }
                organizations(award, "suppliers", &supplier_side, &mut roles);
            }
        }
    }

    if settings.party_roles
        && let Some(Value::Array(parties)) = release.get_mut("parties")
    {
        for party in parties.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::String(id)) = party.get("id")
                && let Some(implied) = roles.get(id)
                && !implied.is_empty()
            {
                let list = implied.iter().cloned().map(Value::String).collect();
                party.insert("roles".into(), Value::Array(list));
            }
        }
    }

    outcome
}

/// A number where a string belongs becomes its text.
fn stringify(object: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Number(number)) = object.get(key) {
        let text = number.to_string();
        object.insert(key.to_owned(), Value::String(text));
    }
}

/// The organization reference `object[key]`, when it is an object.
fn organization_at(
    object: &mut Map<String, Value>,
    key: &str,
    how: &Reference<'_>,
    roles: &mut Roles,
) {
    if let Some(Value::Object(reference)) = object.get_mut(key) {
        organization(reference, how, roles);
    }
}

/// The array of organization references `object[key]`; one object given
/// where the array belongs is wrapped in one.
fn organizations(
    object: &mut Map<String, Value>,
    key: &str,
    how: &Reference<'_>,
    roles: &mut Roles,
) {
    if let Some(value) = object.get_mut(key)
        && value.is_object()
    {
        let single = value.take();
        *value = Value::Array(vec![single]);
    }
    if let Some(Value::Array(references)) = object.get_mut(key) {
        for reference in references.iter_mut().filter_map(Value::as_object_mut) {
            organization(reference, how, roles);
        }
    }
}

/// One reference: its id as a string, removed when withheld, prefixed, and
/// its role noted for its party.
fn organization(reference: &mut Map<String, Value>, how: &Reference<'_>, roles: &mut Roles) {
    stringify(reference, "id");
    let Some(Value::String(id)) = reference.get("id") else {
        return;
    };
    if how.redacted.contains(id) {
        reference.remove("id");
        return;
    }
    if let Some(Value::String(id)) = reference.get_mut("id") {
        if !id.starts_with(how.prefix) {
            id.insert_str(0, how.prefix);
        }
        if let Some(party) = roles.get_mut(id.as_str()) {
            party.insert(how.role.to_owned());
        }
    }
}

/// `[modifications] move_auctions`: the bids of the auctions' stages become `/bids/details`.
fn move_auctions(release: &mut Map<String, Value>, outcome: &mut Outcome) {
    if release.contains_key("auctions") && release.contains_key("bids") {
        outcome
            .warnings
            .push("can't move /auctions, because /bids is occupied");
        return;
    }
    let Some(Value::Array(auctions)) = release.get_mut("auctions") else {
        return;
    };
    let mut details = Vec::new();
    for auction in auctions.iter_mut() {
        if let Some(Value::Array(stages)) = auction.get_mut("stages") {
            for stage in stages.iter_mut().filter_map(Value::as_object_mut) {
                // As Cardinal, `bids` that is not an array is dropped.
                if let Some(Value::Array(bids)) = stage.remove("bids") {
                    details.extend(bids);
                }
            }
        }
    }
    let mut bids = Map::new();
    bids.insert("details".into(), Value::Array(details));
    release.insert("bids".into(), Value::Object(bids));
}

/// A bid's value: withheld amounts go, a zero amount and a missing currency are reported.
fn bid_value(bid: &mut Value, j: usize, settings: &PrepareSettings, outcome: &mut Outcome) {
    let Some(Value::Object(value)) = bid.get_mut("value") else {
        return;
    };
    if let Some(Value::Number(amount)) = value.get("amount")
        && let Some(amount) = amount.as_f64()
    {
        if settings.is_redacted_amount(amount) {
            value.remove("amount");
        } else if amount == 0.0 {
            outcome.issue("/bids/details[]/value/amount", j.to_string(), "", "is zero");
        }
    }
    if !value.contains_key("currency") {
        match &settings.currency {
            Some(currency) => {
                value.insert("currency".into(), Value::String(currency.clone()));
            }
            None => outcome.issue(
                "/bids/details[]/value/currency",
                j.to_string(),
                "",
                "not set",
            ),
        }
    }
}

/// An item's classification without a scheme gets the default one, or is reported.
fn classification_scheme(
    item: &mut Value,
    path: &'static str,
    j: usize,
    k: usize,
    settings: &PrepareSettings,
    outcome: &mut Outcome,
) {
    if let Some(Value::Object(classification)) = item.get_mut("classification")
        && !classification.contains_key("scheme")
    {
        match &settings.item_classification_scheme {
            Some(scheme) => {
                classification.insert("scheme".into(), Value::String(scheme.clone()));
            }
            None => outcome.issue(path, format!("{j}.{k}"), "", "not set"),
        }
    }
}

/// A status field: defaulted when absent, mapped through the publisher's
/// codelist, reported when outside OCDS's.
struct Status<'a> {
    path: &'static str,
    default: Option<&'a str>,
    codes: &'a HashMap<String, String>,
    known: &'a [&'a str],
}

impl Status<'_> {
    fn correct(&self, entry: &mut Value, j: usize, outcome: &mut Outcome) {
        if entry.get("status").is_none() {
            match self.default {
                // As Cardinal, a null entry becomes an object; another
                // non-object entry is left as it is.
                Some(default) if entry.is_object() || entry.is_null() => {
                    entry["status"] = Value::String(default.to_owned());
                }
                Some(_) => {}
                None => outcome.issue(self.path, j.to_string(), "", "not set"),
            }
        }
        if let Some(Value::String(status)) = entry.get_mut("status") {
            if let Some(code) = self.codes.get(status.as_str()) {
                status.clone_from(code);
            }
            if !self.known.contains(&status.as_str()) {
                outcome.issue(self.path, j.to_string(), status, "invalid");
            }
        }
    }
}
