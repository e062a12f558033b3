//! Reference data: countries, their classification schemes, institutions.

use vigie_domain::{
    ClassificationAuthority, ClassificationScheme, Country, CountryCode, InformationCategory,
    Institution, InstitutionCode, LevelDefinition,
};

use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn, state};
use crate::{Result, Store, StoreError};

/// Inserting a country; shared by `insert_country` and the demo load.
pub(crate) const INSERT_COUNTRY: &str =
    "INSERT INTO countries (code, iso2, name_fr, name_en, currency) VALUES ($1, $2, $3, $4, $5)";

/// Stores a reference state that an import names before any of its data
/// is stored, in the import's transaction (so it goes if the import
/// fails), and logs its creation. `$missing` maps codes to the reference
/// states not stored yet ([`Store::missing_reference_countries`]); a code
/// already taken out is left alone.
macro_rules! insert_missing_country {
    ($tx:expr, $missing:expr, $code:expr, $changes:expr) => {
        if let Some(m) = $missing.remove($code) {
            let c = &m.country;
            sqlx::query(crate::reference::INSERT_COUNTRY)
                .bind(c.code.as_str())
                .bind(&m.iso2)
                .bind(&c.name_fr)
                .bind(&c.name_en)
                .bind(c.currency.code())
                .execute(&mut *$tx)
                .await?;
            let h = crate::log::state::country(
                c.code.as_str(),
                &m.iso2,
                &c.name_fr,
                &c.name_en,
                c.currency.code(),
            );
            $changes.push(crate::log::Change::new(
                "create",
                "country",
                c.code.as_str(),
                Some(h),
            ));
        }
    };
}
pub(crate) use insert_missing_country;

/// Inserting an institution; shared by `insert_institution` and the demo load.
pub(crate) const INSERT_INSTITUTION: &str = "INSERT INTO institutions \
     (code, kind, country, acronym, name_fr, name_en, illustrative, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

#[derive(sqlx::FromRow)]
struct CountryRow {
    code: String,
    name_fr: String,
    name_en: String,
    currency: String,
}

/// An `institutions` row, as read for pages and for `verify_log`.
#[derive(sqlx::FromRow)]
pub(crate) struct InstitutionRow {
    pub code: String,
    pub kind: String,
    pub country: Option<String>,
    pub acronym: Option<String>,
    pub name_fr: String,
    pub name_en: String,
    pub illustrative: bool,
    pub source: String,
}

#[derive(sqlx::FromRow)]
struct LevelRow {
    code: String,
    name_fr: String,
    name_en: String,
    max_years: Option<i32>,
}

impl Store {
    /// Every country, by code.
    pub async fn list_countries(&self) -> Result<Vec<Country>> {
        let rows: Vec<CountryRow> = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT code, name_fr, name_en, currency FROM countries ORDER BY code")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Country {
                    code: r.code.parse()?,
                    name_fr: r.name_fr,
                    name_en: r.name_en,
                    currency: r.currency.parse()?,
                })
            })
            .collect()
    }

    /// A country's classification scheme, if one is configured.
    pub async fn classification_scheme(
        &self,
        country: CountryCode,
    ) -> Result<Option<ClassificationScheme>> {
        let rows: Vec<LevelRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT code, name_fr, name_en, max_years FROM classification_levels \
                 WHERE country = $1 ORDER BY rank",
            )
            .bind(country.as_str())
            .fetch_all(pool)
            .await?
        });
        if rows.is_empty() {
            return Ok(None);
        }
        let levels = rows
            .into_iter()
            .map(|r| LevelDefinition {
                code: r.code,
                name_fr: r.name_fr,
                name_en: r.name_en,
                max_years: r.max_years.and_then(|y| u16::try_from(y).ok()),
            })
            .collect();
        Ok(Some(ClassificationScheme::new(country, levels)?))
    }

    /// Adds a country; its code must be new.
    pub async fn insert_country(&self, actor: &Actor, country: &Country, iso2: &str) -> Result<()> {
        let code = country.code.as_str();
        let state = state::country(
            code,
            iso2,
            &country.name_fr,
            &country.name_en,
            country.currency.code(),
        );
        let change = Change::new("create", "country", code, Some(state));
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(INSERT_COUNTRY)
                .bind(country.code.as_str())
                .bind(iso2)
                .bind(&country.name_fr)
                .bind(&country.name_en)
                .bind(country.currency.code())
                .execute(&mut *tx)
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Duplicate { .. } => StoreError::Conflict(format!("country `{}` already exists", country.code)),
                    other => other,
                })?;
            tx.append(actor, std::slice::from_ref(&change)).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The categories of information, by code.
    pub async fn list_categories(&self) -> Result<Vec<InformationCategory>> {
        let rows: Vec<(String, String, String, String, String, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT code, treatment, default_level, tshwane, name_fr, name_en FROM classification_categories ORDER BY code",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(code, treatment, default_level, tshwane, name_fr, name_en)| {
                    Ok(InformationCategory {
                        code,
                        treatment: treatment.parse()?,
                        default_level,
                        tshwane,
                        name_fr,
                        name_en,
                    })
                },
            )
            .collect()
    }

    /// Who may classify and declassify each level of a country's scheme,
    /// lowest level first.
    pub async fn classification_authorities(
        &self,
        country: CountryCode,
    ) -> Result<Vec<ClassificationAuthority>> {
        let rows: Vec<(String, String, String, String, bool)> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT a.level, a.action, a.authority_fr, a.authority_en, a.illustrative \
                 FROM classification_authorities a JOIN classification_levels l ON l.country = a.country AND l.code = a.level \
                 WHERE a.country = $1 ORDER BY l.rank, a.action",
            )
            .bind(country.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(level, action, authority_fr, authority_en, illustrative)| {
                    Ok(ClassificationAuthority {
                        level,
                        action: action.parse()?,
                        authority_fr,
                        authority_en,
                        illustrative,
                    })
                },
            )
            .collect()
    }

    /// Every institution: national ones by country, then international
    /// ones, each group by code.
    pub async fn list_institutions(&self) -> Result<Vec<Institution>> {
        let rows: Vec<InstitutionRow> = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT code, kind, country, acronym, name_fr, name_en, illustrative, source FROM institutions \
                 ORDER BY CASE WHEN country IS NULL THEN 1 ELSE 0 END, country, code",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(to_institution).collect()
    }

    /// Adds an institution; its code must be new.
    pub async fn insert_institution(
        &self,
        actor: &Actor,
        institution: &Institution,
        source: &str,
    ) -> Result<()> {
        let state = institution_state(institution, source);
        let change = Change::new(
            "create",
            "institution",
            institution.code().as_str(),
            Some(state),
        );
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(INSERT_INSTITUTION)
            .bind(institution.code().as_str())
            .bind(institution.kind().code())
            .bind(institution.country().map(|c| c.to_string()))
            .bind(&institution.acronym)
            .bind(&institution.name_fr)
            .bind(&institution.name_en)
            .bind(institution.illustrative)
            .bind(source)
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Duplicate { .. } => {
                    StoreError::Conflict(format!("institution `{}` already exists", institution.code()))
                }
                other => other,
            })?;
            tx.append(actor, std::slice::from_ref(&change)).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub(crate) async fn institution_id(&self, code: &InstitutionCode) -> Result<Option<i64>> {
        let id = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT id FROM institutions WHERE code = $1")
                .bind(code.as_str())
                .fetch_optional(pool)
                .await?
        });
        Ok(id)
    }
}

fn to_institution(r: InstitutionRow) -> Result<Institution> {
    let country = r.country.map(|c| c.parse()).transpose()?;
    let mut institution = Institution::new(
        r.code.parse()?,
        r.kind.parse()?,
        country,
        r.name_fr,
        r.name_en,
    )?;
    institution.acronym = r.acronym;
    institution.illustrative = r.illustrative;
    Ok(institution)
}

/// The log state of an institution, as [`crate::log::state::institution`] defines it.
pub(crate) fn institution_state(i: &Institution, source: &str) -> [u8; 32] {
    state::institution(
        i.code().as_str(),
        i.kind().code(),
        i.country().as_ref().map(CountryCode::as_str),
        i.acronym.as_deref(),
        &i.name_fr,
        &i.name_en,
        i.illustrative,
        source,
    )
}

impl Store {
    /// The five reference states, known without the demo, that are not
    /// stored yet: an import adds one with its first data
    /// ([`insert_missing_country`]).
    pub(crate) async fn missing_reference_countries(
        &self,
        stored: &[Country],
    ) -> Result<std::collections::HashMap<CountryCode, crate::demo::files::DemoCountry>> {
        Ok(crate::demo::files::reference_countries()?
            .into_iter()
            .filter(|r| !stored.iter().any(|c| c.code == r.country.code))
            .map(|r| (r.country.code, r))
            .collect())
    }
}

/// The institutions an import may name: code → (kind, country).
pub(crate) type InstitutionIndex = std::collections::HashMap<
    String,
    (
        vigie_domain::InstitutionKind,
        Option<vigie_domain::CountryCode>,
    ),
>;

impl crate::Store {
    /// Every stored institution, by code, for an import's checks.
    pub(crate) async fn institution_index(&self) -> crate::Result<InstitutionIndex> {
        Ok(self
            .list_institutions()
            .await?
            .into_iter()
            .map(|i| (i.code().to_string(), (i.kind(), i.country())))
            .collect())
    }
}
