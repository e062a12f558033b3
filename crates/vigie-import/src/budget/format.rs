//! Which kind of file was uploaded: people rename files, and browsers send
//! whatever name they like, so the bytes decide before the extension does.

/// The kinds of file a budget can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Workbook(Workbook),
    /// UTF-16 text (Excel's "Unicode text" export): refused with advice
    /// rather than read as garbage.
    Utf16,
}

/// The spreadsheet formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Workbook {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Decides from the first bytes (ZIP: XLSX, XLSB or ODS; OLE: XLS), then
/// from the extension (a misnamed workbook gets the workbook reader's
/// error, which is more useful than a CSV header error), else CSV.
pub(crate) fn detect(file_name: &str, head: &[u8]) -> Format {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let by_extension = match extension.as_str() {
        "xlsx" | "xlsm" => Some(Workbook::Xlsx),
        "xlsb" => Some(Workbook::Xlsb),
        "xls" => Some(Workbook::Xls),
        "ods" => Some(Workbook::Ods),
        _ => None,
    };
    if head.starts_with(ZIP) {
        // An ODS file stores its media type uncompressed, first in the archive.
        let ods = head.windows(ODS_MIME.len()).any(|w| w == ODS_MIME);
        return Format::Workbook(match by_extension {
            _ if ods => Workbook::Ods,
            Some(Workbook::Xlsb) => Workbook::Xlsb,
            _ => Workbook::Xlsx,
        });
    }
    if head.starts_with(OLE) {
        return Format::Workbook(Workbook::Xls);
    }
    if let Some(workbook) = by_extension {
        return Format::Workbook(workbook);
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Format::Utf16;
    }
    Format::Csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_first_then_extension() {
        assert_eq!(detect("budget.csv", b"pays;exercice"), Format::Csv);
        assert_eq!(
            detect("budget", b"PK\x03\x04rest"),
            Format::Workbook(Workbook::Xlsx)
        );
        assert_eq!(
            detect("budget.csv", b"PK\x03\x04rest"),
            Format::Workbook(Workbook::Xlsx)
        );
        let ods = b"PK\x03\x04........mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
        assert_eq!(detect("budget.xlsx", ods), Format::Workbook(Workbook::Ods));
        assert_eq!(detect("b.XLS", OLE), Format::Workbook(Workbook::Xls));
        assert_eq!(
            detect("b.xlsx", b"country,"),
            Format::Workbook(Workbook::Xlsx)
        );
        assert_eq!(detect("b.txt", b"\xFF\xFEc\0"), Format::Utf16);
    }
}
