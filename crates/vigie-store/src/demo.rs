//! The demo data set, shipped in `demo/` and loaded into an empty database.
//!
//! Real public figures where they exist (the SIPRI series, attested
//! institution names, with sources), plainly marked placeholders elsewhere
//! (`illustrative = true`). See `demo/README.md` for every source.
//!
//! Loading is all or nothing (one transaction), and refuses a database that
//! already holds anything but this same demo data: the demo never lands on
//! top of real records.

mod accounts;
mod files;

use time::OffsetDateTime;

pub use accounts::{DEMO_ADMIN, DEMO_PASSWORD, demo_username, roles_for_kind};
use files::DemoData;

use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn, state};
use crate::{Result, Store, StoreError, credentials};

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
            for l in &data.levels {
                sqlx::query(
                    "INSERT INTO classification_levels \
                     (country, rank, code, name_fr, name_en, max_years, illustrative, source) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(l.country.as_str())
                .bind(l.rank)
                .bind(&l.definition.code)
                .bind(&l.definition.name_fr)
                .bind(&l.definition.name_en)
                .bind(l.definition.max_years.map(i32::from))
                .bind(l.illustrative)
                .bind(&l.source)
                .execute(&mut *tx)
                .await?;
            }
            for c in &data.categories {
                sqlx::query(
                    "INSERT INTO classification_categories (code, treatment, default_level, tshwane, name_fr, name_en, \
                     description_fr, description_en, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&c.code)
                .bind(&c.treatment)
                .bind(&c.default_level)
                .bind(&c.tshwane)
                .bind(&c.name_fr)
                .bind(&c.name_en)
                .bind(&c.description_fr)
                .bind(&c.description_en)
                .bind(&c.source)
                .execute(&mut *tx)
                .await?;
            }
            for a in &data.authorities {
                sqlx::query(
                    "INSERT INTO classification_authorities (country, level, action, authority_fr, authority_en, \
                     illustrative, source) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&a.country)
                .bind(&a.level)
                .bind(&a.action)
                .bind(&a.authority_fr)
                .bind(&a.authority_en)
                .bind(a.illustrative)
                .bind(&a.source)
                .execute(&mut *tx)
                .await?;
            }
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
            tx.commit().await?;
        });
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
    for l in &data.levels {
        let d = &l.definition;
        let max = d.max_years.map(i32::from);
        let h = state::level(
            l.country.as_str(),
            l.rank,
            &d.code,
            &d.name_fr,
            &d.name_en,
            max,
            l.illustrative,
            &l.source,
        );
        changes.push(Change::new(
            "create",
            "classification_level",
            state::level_id(l.country.as_str(), l.rank),
            Some(h),
        ));
    }
    for c in &data.categories {
        let h = state::category(c);
        changes.push(Change::new(
            "create",
            "classification_category",
            c.code.as_str(),
            Some(h),
        ));
    }
    for a in &data.authorities {
        let h = state::authority(a);
        changes.push(Change::new(
            "create",
            "classification_authority",
            state::authority_id(&a.country, &a.level, &a.action),
            Some(h),
        ));
    }
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
