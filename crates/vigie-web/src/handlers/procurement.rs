//! The procurement pages: `/procurement` (the derogatory-regime dashboard),
//! `/procurement/processes/{ocid}` (one contracting process, as a register
//! entry), `/procurement/suppliers/{supplier}` and `/procurement/import`
//! (upload of an OCDS file). Built from the same
//! reader's view as the API: a page never shows a field the JSON would not.

mod dashboard;
mod import;
mod process;
mod supplier;

pub use dashboard::show as dashboard;
pub use import::{follow as import_follow, form as import_form, submit as import_submit};
pub use process::show as process;
pub use supplier::show as supplier;

use vigie_domain::Lang;

use crate::Tr;

/// A procurement method in words (`open` → "Appel d'offres ouvert"); an
/// unknown method as it is written.
fn method_name(method: &str, lang: Lang) -> String {
    match method {
        "open" | "selective" | "limited" | "direct" => {
            Tr(lang).t(&format!("procurement-method-{method}"))
        }
        "" => "—".to_owned(),
        other => other.to_owned(),
    }
}

/// "yes" or "no" in the reader's language.
fn yes_no(b: bool, lang: Lang) -> String {
    Tr(lang).t(if b {
        "procurement-yes"
    } else {
        "procurement-no"
    })
}
