//! The demo data set, shipped in `demo/` and loaded into an empty database.
//!
//! Real public figures where they exist (the SIPRI series, attested
//! institution names, with sources), plainly marked placeholders elsewhere
//! (`illustrative = true`). See `demo/README.md` for every source.
//!
//! Loading is all or nothing (one transaction), and refuses a database that
//! already holds anything but this same demo data: the demo never lands on
//! top of real records. The demo budget then goes through the budget
//! importer, as any ministry's file would (`demo/budget.csv`).

mod accounts;
mod documents;
pub(crate) mod files;
mod followup;
mod governance;

use time::OffsetDateTime;
use vigie_domain::Role;

pub use accounts::{DEMO_ADMIN, DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_username, roles_for_kind};
use files::DemoData;

use crate::ImportMode;
use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn, state};
use crate::{Result, Store, StoreError, credentials};

/// The demo budget, in the import template's format.
const BUDGET: (&str, &str) = ("budget.csv", include_str!("../demo/budget.csv"));

/// The demo contracts: illustrative processes (fictional suppliers) that
/// make every red flag fire, as one OCDS release package.
const PROCUREMENT: (&str, &str) = ("procurement.json", include_str!("../demo/procurement.json"));

/// The conference editions, from their published notes (`demo/README.md`).
const CONFERENCES: [(&str, &str); 1] = [(
    "conferences/2021-bamako.json",
    include_str!("../demo/conferences/2021-bamako.json"),
)];

/// The `instance_meta` key that records when the demo was loaded.
const DEMO_MARKER: &str = "demo_loaded_at";

/// What [`Store::load_demo`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The database was empty and now holds the demo data.
    Loaded {
        /// Institutions created.
        institutions: usize,
        /// Demo accounts created (password [`DEMO_PASSWORD`]).
        users: usize,
        /// SIPRI observations stored.
        observations: usize,
    },
    /// The demo was loaded by an earlier start; nothing was changed.
    AlreadyLoaded,
}

impl Store {
    /// Whether the database holds no record at all (migrations aside).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar(
                "SELECT (SELECT COUNT(*) FROM countries) + (SELECT COUNT(*) FROM institutions) \
                      + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM instance_meta)",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(n == 0)
    }

    /// Imports the demo budget, as any ministry's file would be.
    async fn load_demo_budget(&self) -> Result<()> {
        let (file, text) = BUDGET;
        self.budget()
            .import(
                &Actor::System,
                file,
                std::io::Cursor::new(text.as_bytes()),
                ImportMode::Apply,
                &mut |_| {},
            )
            .await?;
        Ok(())
    }

    /// Imports the demo contracts, as any publisher's package would be.
    async fn load_demo_procurement(&self) -> Result<()> {
        let (file, text) = PROCUREMENT;
        self.procurement()
            .import(
                &Actor::System,
                file,
                std::io::Cursor::new(text.as_bytes()),
                ImportMode::Apply,
                &mut |_| {},
            )
            .await?;
        Ok(())
    }

    /// Imports the conference editions, as any organiser's file would be.
    async fn load_demo_conferences(&self) -> Result<()> {
        for (file, text) in CONFERENCES {
            self.conferences()
                .import(&Actor::System, file, text, ImportMode::Apply)
                .await?;
        }
        Ok(())
    }

    /// Whether any contracting process is stored.
    async fn has_processes(&self) -> Result<bool> {
        let n: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM procurement_processes").fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// Whether any budget line is stored.
    async fn has_budget_lines(&self) -> Result<bool> {
        let n: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM budget_lines").fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// Whether this database was filled by `--demo`.
    pub async fn is_demo(&self) -> Result<bool> {
        let marker: Option<String> = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT value FROM instance_meta WHERE key = $1")
                .bind(DEMO_MARKER)
                .fetch_optional(pool)
                .await?
        });
        Ok(marker.is_some())
    }

    /// Loads the demo data into an empty database, in one transaction.
    ///
    /// A database that already holds the demo is left alone
    /// ([`DemoOutcome::AlreadyLoaded`]); one that holds anything else is
    /// refused with [`StoreError::Conflict`].
    pub async fn load_demo(&self) -> Result<DemoOutcome> {
        if self.is_demo().await? {
            // The budget goes in after the rest (through the importer, in
            // its own transaction): a start that stopped in between, or a
            // demo made before budgets existed, gets it now.
            if !self.has_budget_lines().await? {
                self.load_demo_budget().await?;
            }
            if !self.has_processes().await? {
                self.load_demo_procurement().await?;
            }
            if !self.has_governance().await? {
                self.load_demo_governance().await?;
            }
            if self.conferences().list().await?.is_empty() {
                self.load_demo_conferences().await?;
            }
            self.load_demo_followup().await?;
            self.enrol_demo_second_factors().await?;
            return Ok(DemoOutcome::AlreadyLoaded);
        }
        if !self.is_empty().await? {
            return Err(StoreError::Conflict(
                "the database already holds data: demo data is only loaded into an empty database"
                    .into(),
            ));
        }
        let data = DemoData::parse()?;
        // One hash for every demo account: the password is public anyway, and
        // argon2id is deliberately slow.
        let password_hash = credentials::hash_password(DEMO_PASSWORD)?;
        let users = accounts::demo_users(&data.institutions);
        let now = OffsetDateTime::now_utc();
        let changes = log_changes(&data, &users, &password_hash, &now.to_string());
        let demo_documents = documents::documents()?;
        let register = DemoRegister::prepare(self, &data, &users, &demo_documents).await?;

        let written: Result<()> = async {
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            for c in &data.countries {
                sqlx::query(crate::reference::INSERT_COUNTRY)
                    .bind(c.country.code.as_str())
                    .bind(&c.iso2)
                    .bind(&c.country.name_fr)
                    .bind(&c.country.name_en)
                    .bind(c.country.currency.code())
                    .execute(&mut *tx)
                    .await?;
            }
            crate::classification::insert_rules!(tx, &data.levels, &data.categories, &data.authorities);
            for i in &data.institutions {
                let inst = &i.institution;
                sqlx::query(crate::reference::INSERT_INSTITUTION)
                .bind(inst.code().as_str())
                .bind(inst.kind().code())
                .bind(inst.country().map(|c| c.to_string()))
                .bind(&inst.acronym)
                .bind(&inst.name_fr)
                .bind(&inst.name_en)
                .bind(inst.illustrative)
                .bind(&i.source)
                .execute(&mut *tx)
                .await?;
            }
            for u in &users {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (username, institution_id, password_hash, created_at) \
                     SELECT $1, id, $2, $3 FROM institutions WHERE code = $4 RETURNING id",
                )
                .bind(u.username.as_str())
                .bind(&password_hash)
                .bind(now)
                .bind(u.institution.as_str())
                .fetch_one(&mut *tx)
                .await?;
                for role in &u.roles {
                    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                        .bind(id)
                        .bind(role.code())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            for o in &data.observations {
                sqlx::query(
                    "INSERT INTO sipri_observations \
                     (country, year, indicator, dataset, value, unit, flag, note_symbol, source) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(o.country.as_str())
                .bind(o.year)
                .bind(&o.indicator)
                .bind(o.dataset)
                .bind(o.value.to_string())
                .bind(&o.unit)
                .bind(&o.flag)
                .bind(&o.note_symbol)
                .bind(&o.source)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("INSERT INTO instance_meta (key, value) VALUES ($1, $2)")
                .bind(DEMO_MARKER)
                .bind(now.to_string())
                .execute(&mut *tx)
                .await?;
            tx.append(&Actor::System, &changes).await?;
            let mut more = Vec::new();
            for m in &register.mandates {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO mandates (institution, service, year_from, year_to, reference, illustrative) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&m.institution)
                .bind(&m.service)
                .bind(m.year_from)
                .bind(m.year_to)
                .bind(&m.reference)
                .bind(m.illustrative)
                .fetch_one(&mut *tx)
                .await?;
                let h = state::rows("mandate", &[crate::documents::rows::text_rows!(tx, crate::documents::rows::MANDATE_STATE, id)]);
                more.push(Change::new("create", "mandate", id.to_string(), Some(h)));
            }
            for r in &register.access_rules {
                sqlx::query(
                    "INSERT INTO access_rules (country, answer_days, appeal_days, grant_days, illustrative, source) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&r.country)
                .bind(r.answer_days)
                .bind(r.appeal_days)
                .bind(r.grant_days)
                .bind(r.illustrative)
                .bind(&r.source)
                .execute(&mut *tx)
                .await?;
                let h = state::rows("access_rule", &[crate::documents::rows::text_rows!(tx, crate::documents::rows::ACCESS_RULE_STATE, &r.country)]);
                more.push(Change::new("create", "access_rule", r.country.clone(), Some(h)));
            }
            for (username, rank) in &register.clearances {
                sqlx::query("INSERT INTO clearances (user_id, rank) SELECT id, $1 FROM users WHERE username = $2")
                    .bind(*rank)
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                more.push(Change::new("create", "clearance", username.clone(), Some(state::clearance(username, *rank))));
            }
            for ins in &register.documents {
                let id = crate::documents::register::insert_document!(tx, ins, now);
                let h = crate::documents::rows::document_state_in!(tx, id);
                more.push(Change::new("create", "document", id.to_string(), Some(h)));
            }
            tx.append(&Actor::System, &more).await?;
            tx.commit().await?;
        });
            Ok(())
        }
        .await;
        if written.is_err() {
            register.forget(self).await;
        }
        written?;
        self.load_demo_budget().await?;
        self.load_demo_procurement().await?;
        self.load_demo_governance().await?;
        self.load_demo_conferences().await?;
        self.load_demo_followup().await?;
        self.enrol_demo_second_factors().await?;
        Ok(DemoOutcome::Loaded {
            institutions: data.institutions.len(),
            users: users.len(),
            observations: data.observations.len(),
        })
    }
}

/// One log entry per object the demo creates, with the state it is created in.
fn log_changes(
    data: &DemoData,
    users: &[accounts::DemoUser],
    password_hash: &str,
    loaded_at: &str,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for c in &data.countries {
        let country = &c.country;
        let h = state::country(
            country.code.as_str(),
            &c.iso2,
            &country.name_fr,
            &country.name_en,
            country.currency.code(),
        );
        changes.push(Change::new(
            "create",
            "country",
            country.code.as_str(),
            Some(h),
        ));
    }
    changes.extend(crate::classification::rule_changes(
        &data.levels,
        &data.categories,
        &data.authorities,
    ));
    for i in &data.institutions {
        let h = crate::reference::institution_state(&i.institution, &i.source);
        changes.push(Change::new(
            "create",
            "institution",
            i.institution.code().as_str(),
            Some(h),
        ));
    }
    for u in users {
        let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
        let h = state::user(
            u.username.as_str(),
            u.institution.as_str(),
            &roles,
            false,
            password_hash,
        );
        changes.push(Change::new("create", "user", u.username.as_str(), Some(h)));
    }
    let mut datasets: Vec<&str> = data.observations.iter().map(|o| o.dataset).collect();
    datasets.dedup();
    for dataset in datasets {
        let rows: Vec<state::ObservationState> = data
            .observations
            .iter()
            .filter(|o| o.dataset == dataset)
            .map(|o| state::ObservationState {
                country: o.country.to_string(),
                year: o.year,
                indicator: o.indicator.clone(),
                value: o.value.to_string(),
                unit: o.unit.clone(),
                flag: o.flag.clone(),
                note_symbol: o.note_symbol.clone(),
                source: o.source.clone(),
            })
            .collect();
        changes.push(Change::new(
            "create",
            "sipri_dataset",
            dataset,
            Some(state::sipri_dataset(dataset, &rows)),
        ));
    }
    changes.push(Change::new(
        "create",
        "instance_meta",
        DEMO_MARKER,
        Some(state::meta(DEMO_MARKER, loaded_at)),
    ));
    changes
}

/// The demo register, checked and with its content already encrypted into
/// the document store before the transaction that records it.
struct DemoRegister<'a> {
    mandates: Vec<documents::MandateCsv>,
    access_rules: Vec<documents::AccessRuleCsv>,
    clearances: Vec<(String, i32)>,
    documents: Vec<crate::documents::register::Insert<'a>>,
}

impl<'a> DemoRegister<'a> {
    async fn prepare(
        store: &Store,
        data: &DemoData,
        users: &[accounts::DemoUser],
        docs: &'a [documents::DemoDocument],
    ) -> Result<DemoRegister<'a>> {
        let schemes = data.schemes()?;
        let (file, _) = documents::DOCUMENTS;
        // Each army stewardship's demo account is cleared to the top of its
        // country's scheme: it produces and classifies the documents. So is
        // each national oversight account (magistrates, inspectors, members
        // of the defence commission): the policies weigh clearance on every
        // classified read (issue 14), and the demo shows what their mandates
        // and the published rules open to them; a lower clearance narrows it.
        let mut clearances = Vec::new();
        for u in users {
            let service = data
                .institutions
                .iter()
                .find(|i| i.institution.code() == &u.institution);
            let cleared = |i: &&files::DemoInstitution| {
                i.institution.kind() == vigie_domain::InstitutionKind::ArmyStewardship
                    || u.roles
                        .iter()
                        .any(|r| matches!(r, Role::Auditor | Role::Parliamentarian))
            };
            if let Some(i) = service.filter(cleared)
                && let Some(scheme) = i.institution.country().and_then(|c| schemes.get(&c))
            {
                let top = scheme.levels().last().map_or(0, |l| i32::from(l.rank()));
                clearances.push((u.username.to_string(), top));
            }
        }
        let mut documents = Vec::new();
        for d in docs {
            let bad = |e: StoreError| match e {
                StoreError::Invalid(e) => StoreError::BadData {
                    file: file.into(),
                    line: d.line,
                    field: e.field.into(),
                    reason: e.to_string(),
                },
                other => other,
            };
            let scheme = schemes
                .get(&d.new.country)
                .ok_or_else(|| StoreError::BadData {
                    file: file.into(),
                    line: d.line,
                    field: "country".into(),
                    reason: format!("no classification scheme for {}", d.new.country),
                })?;
            let (level, dated, declassify_on) = crate::documents::register::checked(
                &d.new,
                scheme,
                OffsetDateTime::now_utc().date(),
            )
            .map_err(bad)?;
            let service: vigie_domain::InstitutionCode =
                d.service.parse().map_err(|e| bad(StoreError::Invalid(e)))?;
            documents.push(crate::documents::register::Insert {
                new: &d.new,
                rank: level.rank(),
                dated,
                declassify_on,
                producing_service: service.to_string(),
                classified_by: demo_username(&service).to_string(),
                derived_from: None,
                object_key: String::new(),
                history: ("classify", None, d.new.justification.clone()),
            });
        }
        let mut register = DemoRegister {
            mandates: documents::mandates()?,
            access_rules: documents::access_rules()?,
            clearances,
            documents,
        };
        for ins in &mut register.documents {
            match store.documents().vault()?.put(&ins.new.content).await {
                Ok(key) => ins.object_key = key,
                Err(e) => {
                    register.forget(store).await;
                    return Err(e);
                }
            }
        }
        Ok(register)
    }

    /// Removes the encrypted objects of a load that did not commit.
    async fn forget(&self, store: &Store) {
        if let Ok(vault) = store.documents().vault() {
            for ins in self.documents.iter().filter(|i| !i.object_key.is_empty()) {
                vault.delete(&ins.object_key).await;
            }
        }
    }
}
