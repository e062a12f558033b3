//! QR codes as inline SVG, for enrolling an authenticator app: no image
//! request, no script, and a phone scans it from the screen.

use qrcodegen::{QrCode, QrCodeEcc};

/// Quiet zone around the code, in modules (the standard asks for four).
const BORDER: i32 = 4;

/// An `<svg>` element drawing `text` as a QR code, or `None` if the text
/// is too long for one. Each dark module is one square of one path, in a
/// view box of modules; the page sizes it with CSS and labels it (the
/// element is hidden from screen readers, which read the key beside it).
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let side = size + 2 * BORDER;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + BORDER, y + BORDER));
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" class=\"qr\" aria-hidden=\"true\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::svg;

    #[test]
    fn draws_a_square_code() {
        let out = svg("otpauth://totp/Vigie:bfa-codes?secret=ABC").unwrap();
        assert!(out.starts_with("<svg"));
        // 21 modules (version 1) or more, plus the quiet zone.
        assert!(out.contains("viewBox=\"0 0 "));
        assert!(out.matches('z').count() > 100, "dark modules drawn");
        assert!(svg(&"x".repeat(10_000)).is_none());
    }
}
