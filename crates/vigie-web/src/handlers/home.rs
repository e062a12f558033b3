//! `GET /`: the five countries and their oversight institutions.

use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Html;
use rust_decimal::Decimal;
use vigie_domain::money::format_decimal;
use vigie_domain::{CountryCode, Institution, Lang};

use crate::error::PageError;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity, Tr, WebError};

/// The SIPRI series the home page quotes.
const MILEX_USD: &str = "milex_constant_2022_usd";
const MILEX_GDP: &str = "milex_share_of_gdp";
const SIPRI_RELEASE: &str = "sipri-2023";

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    countries: Vec<CountryView>,
    international: Vec<InstitutionView>,
    /// For a signed-in user: their institution's overdue milestones
    /// (code, recommendation id, title, due date).
    overdue: Option<Vec<(String, i64, String, String)>>,
}

struct CountryView {
    code: String,
    name: String,
    currency: String,
    milex: String,
    institutions: Vec<InstitutionView>,
}

struct InstitutionView {
    code: String,
    name: String,
    acronym: Option<String>,
    kind_code: &'static str,
    kind: String,
    oversight: bool,
    illustrative: bool,
}

impl InstitutionView {
    fn new(i: &Institution, tr: Tr) -> Self {
        InstitutionView {
            code: i.code().to_string(),
            name: i.name(tr.0).to_owned(),
            acronym: i.acronym.clone(),
            kind_code: i.kind().code(),
            kind: tr.t(&format!("kind-{}", i.kind().code())),
            oversight: i.kind().is_oversight_body(),
            illustrative: i.illustrative,
        }
    }
}

/// Renders the home page.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    render(&state, lang, &identity, &uri)
        .await
        .map_err(|e| e.into_page(lang))
}

async fn render(
    state: &AppState,
    lang: Lang,
    identity: &Identity,
    uri: &Uri,
) -> Result<Html<String>, WebError> {
    let tr = Tr(lang);
    let store = state.store();
    let mut institutions = store.list_institutions().await?;
    // Oversight bodies in the contract's order (parliament, audit,
    // inspectorates…), then by name: the order a reader scans for.
    institutions.sort_by(|a, b| (a.kind(), a.name(lang)).cmp(&(b.kind(), b.name(lang))));
    let mut countries = Vec::new();
    for country in store.list_countries().await? {
        countries.push(CountryView {
            code: country.code.to_string(),
            name: country.name(lang).to_owned(),
            currency: country.currency.code().to_owned(),
            milex: milex_sentence(state, country.code, tr).await?,
            institutions: institutions
                .iter()
                .filter(|i| i.country() == Some(country.code))
                .map(|i| InstitutionView::new(i, tr))
                .collect(),
        });
    }
    let international = institutions
        .iter()
        .filter(|i| {
            i.country()
                .is_none_or(|c| !countries.iter().any(|v| v.code == c.as_str()))
        })
        .map(|i| InstitutionView::new(i, tr))
        .collect();
    // The milestones late in the responsible institution's own calendar.
    let overdue = match identity.user() {
        None => None,
        Some(user) => Some(
            store
                .recommendations()
                .overdue_milestones(
                    user.institution.as_str(),
                    crate::handlers::api::recommendations::now(),
                )
                .await?
                .into_iter()
                .map(|m| {
                    (
                        m.code,
                        m.recommendation_id,
                        lang.pick(&m.title_fr, &m.title_en).to_owned(),
                        m.due,
                    )
                })
                .collect(),
        ),
    };
    let page = HomePage {
        layout: Layout::new(lang, identity, uri, state.config().demo),
        countries,
        international,
        overdue,
    };
    Ok(Html(page.render()?))
}

/// "Military expenditure 2023 (SIPRI): US$ 1,234.5 million…", from the
/// latest year SIPRI published for the country.
async fn milex_sentence(
    state: &AppState,
    country: CountryCode,
    tr: Tr,
) -> Result<String, WebError> {
    let store = state.store();
    let usd = store.budget().sipri_series(country, MILEX_USD).await?;
    let Some(latest) = usd
        .iter()
        .filter(|o| o.dataset == SIPRI_RELEASE)
        .max_by_key(|o| o.year)
    else {
        return Ok(tr.t("home-milex-none"));
    };
    let amount = format_decimal(latest.value, 1, tr.0);
    let mut sentence = tr.t_with(
        "home-milex",
        &[("year", latest.year.to_string()), ("amount", amount)],
    );
    let gdp = store.budget().sipri_series(country, MILEX_GDP).await?;
    if let Some(share) = gdp
        .iter()
        .find(|o| o.year == latest.year && o.dataset == SIPRI_RELEASE)
    {
        let share = format_decimal(share.value.round_dp(2).max(Decimal::ZERO), 2, tr.0);
        sentence = format!(
            "{sentence}, {}",
            tr.t_with("home-milex-gdp", &[("share", share)])
        );
    }
    Ok(sentence)
}
