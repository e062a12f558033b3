//! Governance files are read with the shared JSON reader
//! (`vigie_import::json`), one record at a time; the domain's problems of a
//! record become errors of the file at their line.

use vigie_domain::governance::Problem;
use vigie_import::ImportError;
pub(crate) use vigie_import::json::JsonFile;

/// The domain problems of the record at `base`, as errors of the file.
pub(crate) fn problems(
    file: &JsonFile<'_>,
    base: &str,
    problems: Vec<Problem>,
) -> Vec<ImportError> {
    problems
        .into_iter()
        .map(|p| file.error(&format!("{base}{}", p.path), p.error.to_string()))
        .collect()
}
