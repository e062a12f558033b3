//! Reading an upload: the multipart form of `POST /api/v1/documents` and
//! of the register's upload page.

use axum::extract::Multipart;
use time::Date;
use time::macros::format_description;
use vigie_store::documents::NewDocument;

use crate::WebError;

fn date(field: &str, value: &str) -> Result<Date, WebError> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]")).map_err(|_| {
        WebError::Unprocessable(format!("{field}: `{value}` is not a YYYY-MM-DD date"))
    })
}

/// The fields of an upload, as sent.
#[derive(Debug, Default)]
pub struct UploadForm {
    fields: std::collections::HashMap<String, String>,
    file: Option<(String, String, Vec<u8>)>,
}

impl UploadForm {
    /// Reads a multipart body.
    pub async fn read(mut multipart: Multipart) -> Result<UploadForm, WebError> {
        let mut form = UploadForm::default();
        let bad = |e: axum::extract::multipart::MultipartError| {
            WebError::BadRequest(format!("multipart: {e}"))
        };
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                let file_name = field.file_name().unwrap_or("document").to_owned();
                let media_type = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let bytes = field.bytes().await.map_err(bad)?;
                form.file = Some((file_name, media_type, bytes.to_vec()));
            } else {
                let text = field.text().await.map_err(bad)?;
                form.fields.insert(name, text);
            }
        }
        Ok(form)
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    fn required(&self, name: &'static str) -> Result<String, WebError> {
        self.text(name)
            .map(str::to_owned)
            .ok_or_else(|| WebError::Unprocessable(format!("{name}: required")))
    }

    fn date(&self, name: &'static str) -> Result<Option<Date>, WebError> {
        self.text(name).map(|v| date(name, v)).transpose()
    }

    /// The document to register.
    pub fn document(self) -> Result<NewDocument, WebError> {
        let (file_name, media_type, content) = self
            .file
            .clone()
            .ok_or_else(|| WebError::Unprocessable("file: required".into()))?;
        Ok(NewDocument {
            country: self
                .required("country")?
                .parse()
                .map_err(|e: vigie_domain::Invalid| WebError::Unprocessable(e.to_string()))?,
            reference: self.required("reference")?,
            title: self.required("title")?,
            dated: self.date("dated")?,
            level: self.required("level")?,
            category: self.required("category")?,
            legal_basis: self
                .text("legal_basis")
                .unwrap_or("non précisée / not stated")
                .to_owned(),
            justification: self.text("justification").unwrap_or_default().to_owned(),
            review_on: self.date("review_on")?,
            declassify_on: self.date("declassify_on")?,
            file_name,
            media_type,
            content,
        })
    }
}
