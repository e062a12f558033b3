//! The settings of `prepare`: Cardinal 0.0.8's `[defaults]`, `[redactions]`,
//! `[corrections]`, `[modifications]` and `[codelists.bid_status]` /
//! `[codelists.award_status]` sections, read from the same INI file as the
//! indicators' settings.

use std::collections::{HashMap, HashSet};

use crate::error::SettingsError;
use crate::ini::Entry;
use crate::settings::boolean;

/// What `prepare` fills in, removes, corrects and rewrites. The default does
/// only the always-on fixes (numeric ids to strings, an object where an array
/// of organizations belongs wrapped in an array) and reports the rest.
#[derive(Debug, Clone, Default)]
pub struct PrepareSettings {
    /// `[defaults] currency`: for bid values without one.
    pub currency: Option<String>,
    /// `[defaults] item_classification_scheme`.
    pub item_classification_scheme: Option<String>,
    /// `[defaults] bid_status`.
    pub bid_status: Option<String>,
    /// `[defaults] award_status`.
    pub award_status: Option<String>,
    /// `[defaults] party_roles`: each party gets the roles its references imply.
    pub party_roles: bool,
    /// `[redactions] amount`: bid amounts that mean "withheld".
    pub redacted_amounts: Vec<f64>,
    /// `[redactions] organization_id`: organization ids that mean "withheld".
    pub redacted_organization_ids: HashSet<String>,
    /// `[corrections] award_status_by_contract_status`: an award whose
    /// contracts are all cancelled is cancelled.
    pub award_status_by_contract_status: bool,
    /// `[modifications] move_auctions`: bids inside `/auctions` move to `/bids/details`.
    pub move_auctions: bool,
    /// `[modifications] prefix_buyer_or_procuring_entity_id`.
    pub buyer_prefix: String,
    /// `[modifications] prefix_tenderer_or_supplier_id`.
    pub tenderer_prefix: String,
    /// `[modifications] split_procurement_method_details`: keep the text before it.
    pub split_procurement_method_details: Option<String>,
    /// `[codelists.bid_status]`: publisher's value → OCDS value.
    pub bid_status_codes: HashMap<String, String>,
    /// `[codelists.award_status]`.
    pub award_status_codes: HashMap<String, String>,
}

impl PrepareSettings {
    /// Reads one key of `[defaults]`, `[redactions]`, `[corrections]` or
    /// `[modifications]`; `false` for a key Cardinal does not know.
    pub(crate) fn apply(
        &mut self,
        section: &str,
        e: &Entry,
        file: &str,
    ) -> Result<bool, SettingsError> {
        let text = || Some(e.value.clone());
        match (section, e.key.as_str()) {
            ("defaults", "currency") => self.currency = text(),
            ("defaults", "item_classification_scheme") => self.item_classification_scheme = text(),
            ("defaults", "bid_status") => self.bid_status = text(),
            ("defaults", "award_status") => self.award_status = text(),
            ("defaults", "party_roles") => self.party_roles = boolean(file, e)?,
            ("redactions", "amount") => self.set_redacted_amounts(&e.value),
            ("redactions", "organization_id") => {
                self.redacted_organization_ids =
                    e.value.split_terminator('|').map(str::to_owned).collect();
            }
            ("corrections", "award_status_by_contract_status") => {
                self.award_status_by_contract_status = boolean(file, e)?;
            }
            ("modifications", "move_auctions") => self.move_auctions = boolean(file, e)?,
            ("modifications", "prefix_buyer_or_procuring_entity_id") => {
                self.buyer_prefix.clone_from(&e.value);
            }
            ("modifications", "prefix_tenderer_or_supplier_id") => {
                self.tenderer_prefix.clone_from(&e.value);
            }
            ("modifications", "split_procurement_method_details") => {
                self.split_procurement_method_details = text();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `[redactions] amount` as Cardinal reads it: parts that are not
    /// numbers are ignored.
    fn set_redacted_amounts(&mut self, value: &str) {
        self.redacted_amounts = value
            .split_terminator('|')
            .filter_map(|s| s.parse().ok())
            .collect();
    }

    pub(crate) fn is_redacted_amount(&self, amount: f64) -> bool {
        self.redacted_amounts.contains(&amount)
    }
}
