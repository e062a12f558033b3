//! `GET /policies`: the access rules in force, for anyone to read.
//!
//! Shown exactly as compiled into the server — the same files the
//! authorizer evaluates — with each policy's plain-language explanation.

use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Html;
use vigie_policy::{POLICY_FILES, SCHEMA};

use crate::error::PageError;
use crate::layout::Layout;
use crate::middleware::lang::ReaderLang;
use crate::{AppState, Identity, WebError};

#[derive(Template)]
#[template(path = "policies.html")]
struct PoliciesPage {
    layout: Layout,
    files: Vec<FileView>,
    schema: &'static str,
}

struct FileView {
    name: &'static str,
    text: &'static str,
    rules: Vec<(String, String)>,
}

/// Renders the page.
pub async fn show(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    identity: Identity,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let authorizer = state.authorizer();
    let files = POLICY_FILES
        .iter()
        .map(|file| FileView {
            name: file.name,
            text: file.text,
            rules: authorizer
                .rules()
                .iter()
                .filter(|rule| rule.file == file.name)
                .map(|rule| {
                    (
                        rule.id.clone(),
                        lang.pick(&rule.explain_fr, &rule.explain_en).to_owned(),
                    )
                })
                .collect(),
        })
        .collect();
    let page = PoliciesPage {
        layout: Layout::new(lang, &identity, &uri, state.config().demo),
        files,
        schema: SCHEMA.text,
    };
    page.render()
        .map(Html)
        .map_err(|e| WebError::from(e).into_page(lang))
}
