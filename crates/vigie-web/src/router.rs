//! Every route of the application, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::handlers::api::{
    budget as api_budget, conferences as api_conferences, documents, governance as api_governance,
    procurement as api_procurement, recommendations as api_recommendations,
    requests as api_requests,
};
use crate::handlers::{
    account, assessments, assets, budget, conferences, findings, health, home, institutions, log,
    login, logout, me, meetings, policies, procurement, recommendations, register, requests,
    second_factor,
};
use crate::middleware::{csrf, identity, lang, replica, revalidate, security_headers};

/// Largest request body accepted by default (uploads get their own limit).
const MAX_BODY: usize = 2 * 1024 * 1024;

/// The whole application, ready to serve or to test with `oneshot`.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(home::show))
        .route("/login", get(login::form).post(login::submit))
        .route(
            "/login/code",
            get(second_factor::form).post(second_factor::submit),
        )
        .route("/logout", post(logout::submit))
        .route("/account", get(account::show))
        .route(
            "/account/recovery-codes",
            post(account::renew_recovery_codes),
        )
        .route("/account/second-factor/reset", post(account::reset))
        .route("/account/second-factor/enrol", post(account::enrol))
        .route("/policies", get(policies::show))
        .route("/meetings", get(meetings::list))
        .route("/meetings/{code}", get(meetings::show))
        .route("/budget", get(budget::overview))
        .route(
            "/budget/import",
            get(budget::import_form)
                .post(budget::import_submit)
                .layer(DefaultBodyLimit::max(budget::MAX_IMPORT)),
        )
        .route("/budget/import/{id}", get(budget::import_follow))
        .route("/budget/template.csv", get(budget::template))
        .route("/budget/{country}", get(budget::country_page))
        .route("/procurement", get(procurement::dashboard))
        .route(
            "/procurement/import",
            get(procurement::import_form)
                .post(procurement::import_submit)
                .layer(DefaultBodyLimit::max(budget::MAX_IMPORT)),
        )
        .route("/procurement/import/{id}", get(procurement::import_follow))
        .route("/procurement/processes/{ocid}", get(procurement::process))
        .route(
            "/procurement/suppliers/{supplier}",
            get(procurement::supplier),
        )
        .route("/institutions", get(institutions::show))
        .route("/assessments", get(assessments::overview))
        .route("/assessments/{country}/{year}", get(assessments::detail))
        .route("/conferences", get(conferences::list))
        .route("/conferences/{id}", get(conferences::show))
        .route("/recommendations", get(recommendations::dashboard))
        .route("/recommendations/{id}", get(recommendations::show))
        .route(
            "/recommendations/{id}/status",
            post(recommendations::change_status),
        )
        .route(
            "/recommendations/{id}/milestones/{position}/done",
            post(recommendations::milestone_done),
        )
        .route(
            "/recommendations/{id}/evidence",
            post(recommendations::add_evidence),
        )
        .route("/findings", get(findings::show))
        .route("/documents", get(register::list))
        .route(
            "/documents/new",
            get(register::new_form)
                .post(register::create)
                .layer(DefaultBodyLimit::max(documents::MAX_UPLOAD)),
        )
        .route("/documents/{id}", get(register::show))
        .route("/documents/{id}/request", post(register::request))
        .route("/documents/{id}/declassify", post(requests::declassify))
        .route("/access-requests", get(requests::list))
        .route("/access-requests/{id}/decision", post(requests::decide))
        .route("/access-requests/{id}/appeal", post(requests::appeal));
    let api = Router::new()
        .route("/me", get(me::show))
        .route("/meetings", get(meetings::api_list))
        .route("/budget", get(api_budget::overview))
        .route("/budget/{country}", get(api_budget::lines))
        .route("/budget/{country}/indicators", get(api_budget::indicators))
        .route("/procurement/processes", get(api_procurement::processes))
        .route(
            "/procurement/processes/{ocid}",
            get(api_procurement::process),
        )
        .route("/procurement/dashboard", get(api_procurement::dashboard))
        .route("/procurement/flags", get(api_procurement::flags))
        .route("/institutions", get(api_governance::institutions))
        .route("/assessments", get(api_governance::assessments))
        .route("/conferences", get(api_conferences::list))
        .route("/conferences/{id}", get(api_conferences::show))
        .route(
            "/recommendations",
            get(api_recommendations::list).post(api_recommendations::create),
        )
        .route(
            "/recommendations/dashboard",
            get(api_recommendations::dashboard),
        )
        .route("/recommendations/{id}", get(api_recommendations::show))
        .route(
            "/recommendations/{id}/status",
            post(api_recommendations::change_status),
        )
        .route(
            "/recommendations/{id}/evidence",
            post(api_recommendations::add_evidence),
        )
        .route("/findings", get(api_recommendations::findings))
        .route("/findings/statistics", get(api_recommendations::statistics))
        .route(
            "/documents",
            get(documents::list)
                .post(documents::create)
                .layer(DefaultBodyLimit::max(documents::MAX_UPLOAD)),
        )
        .route("/documents.csv", get(documents::export))
        .route("/documents/{id}", get(documents::show))
        .route("/documents/{id}/content", get(documents::content))
        .route("/documents/{id}/declassify", post(documents::declassify))
        .route(
            "/access-requests",
            get(api_requests::list).post(api_requests::create),
        )
        .route("/access-requests/{id}", get(api_requests::show))
        .route("/access-requests/{id}/decision", post(api_requests::decide))
        .route("/access-requests/{id}/appeal", post(api_requests::appeal));
    let trail = Router::new()
        .route("/checkpoint", get(log::checkpoint))
        .route("/key", get(log::key))
        .route("/entries", get(log::entries))
        .route("/proof/inclusion", get(log::inclusion_proof))
        .route("/proof/consistency", get(log::consistency_proof))
        .route("/tile/{*path}", get(log::tile));

    Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        .nest("/log", trail)
        .route("/healthz", get(health::check))
        .route("/static/vigie.css", get(assets::stylesheet))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        // Outermost first: each request passes these top to bottom.
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(compression())
                .layer(CatchPanicLayer::new())
                .layer(from_fn_with_state(state.clone(), security_headers::add))
                .layer(from_fn_with_state(state.clone(), lang::negotiate))
                .layer(from_fn_with_state(state.clone(), replica::guard))
                .layer(from_fn_with_state(state.clone(), identity::resolve))
                .layer(from_fn_with_state(state.clone(), revalidate::conditional))
                .layer(from_fn(csrf::protect)),
        )
        .with_state(state)
}

/// gzip or brotli, as the reader's client asks, for HTML, CSV and JSON
/// alike (a budget page is a tenth of its size): on a weak connection, the
/// difference between a page and a timeout. Not what is compressed already
/// (PDF, XLSX, images), nor an answer to a browser session
/// ([`identity::SessionAnswer`]).
fn compression() -> CompressionLayer<impl Predicate> {
    let no_session = |_: StatusCode, _: Version, _: &HeaderMap, extensions: &Extensions| {
        extensions.get::<identity::SessionAnswer>().is_none()
    };
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new("application/pdf"))
                .and(NotForContentType::const_new(
                    "application/vnd.openxmlformats",
                ))
                .and(no_session),
        )
}

async fn not_found(lang::ReaderLang(lang): lang::ReaderLang) -> crate::error::PageError {
    crate::WebError::NotFound.into_page(lang)
}
