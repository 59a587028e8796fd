//! The chain's own settings (连锁设置): the name customers see on the public booking page and
//! on receipts, its logo, and the SMS signature (短信签名) registered with the SMS gateway that
//! every customer message starts with. Rules checked the same in the browser and the server.

use crate::i18n::catalogue::Msg;

/// What a new installation calls itself until the chain sets its own.
pub const DEFAULT_NAME: &str = "Vitrine珠宝";
pub const DEFAULT_SIGNATURE: &str = "Vitrine珠宝";
/// A logo larger than this is refused: it is printed on an 80 mm receipt and shown on phones.
pub const LOGO_MAX_BYTES: usize = 256 * 1024;

/// The chain's name: 1–40 characters, no control characters.
pub fn check_name(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Msg::ErrRequired);
    }
    if s.chars().count() > 40 || s.chars().any(char::is_control) {
        return Err(Msg::ErrChainName);
    }
    Ok(s.to_string())
}

/// The SMS signature as registered with the gateway: 2–12 letters, digits or Chinese
/// characters. The brackets 【】 are the gateway's, added when a message is written; typed
/// ones are taken off.
pub fn check_signature(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    let s = s.strip_prefix('【').unwrap_or(s);
    let s = s.strip_suffix('】').unwrap_or(s).trim();
    if s.is_empty() {
        return Err(Msg::ErrRequired);
    }
    let n = s.chars().count();
    if !(2..=12).contains(&n) || !s.chars().all(char::is_alphanumeric) {
        return Err(Msg::ErrSmsSignature);
    }
    Ok(s.to_string())
}

/// How a message to a customer starts: the signature in the gateway's brackets.
pub fn sms_prefix(signature: &str) -> String {
    format!("【{signature}】")
}

/// Why a logo file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoError {
    Empty,
    TooLarge,
    /// Not a PNG, JPEG or WebP image (SVG is refused: it can carry script).
    NotAnImage,
}

impl LogoError {
    /// The code the upload's answer carries back to the settings page (`?logo=…`).
    pub fn code(self) -> &'static str {
        match self {
            LogoError::Empty => "empty",
            LogoError::TooLarge => "too_large",
            LogoError::NotAnImage => "not_an_image",
        }
    }
    pub fn parse(code: &str) -> Option<LogoError> {
        [LogoError::Empty, LogoError::TooLarge, LogoError::NotAnImage]
            .into_iter()
            .find(|e| e.code() == code)
    }
}

/// The image type of an uploaded logo, from its first bytes (never from the name or the type
/// the browser claims).
pub fn logo_type(bytes: &[u8]) -> Result<&'static str, LogoError> {
    if bytes.is_empty() {
        return Err(LogoError::Empty);
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(LogoError::TooLarge);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok("image/webp")
    } else {
        Err(LogoError::NotAnImage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_required_short_and_printable() {
        assert_eq!(check_name("  上海珠宝  ").unwrap(), "上海珠宝");
        assert_eq!(check_name(" "), Err(Msg::ErrRequired));
        assert_eq!(check_name(&"金".repeat(41)), Err(Msg::ErrChainName));
        assert!(check_name(&"金".repeat(40)).is_ok());
        assert_eq!(check_name("上海\u{0}珠宝"), Err(Msg::ErrChainName));
    }

    #[test]
    fn a_signature_is_two_to_twelve_letters_without_the_gateways_brackets() {
        assert_eq!(check_signature("【上海珠宝】").unwrap(), "上海珠宝");
        assert_eq!(check_signature("SHJ2026").unwrap(), "SHJ2026");
        assert_eq!(check_signature("【】"), Err(Msg::ErrRequired));
        assert_eq!(check_signature("珠"), Err(Msg::ErrSmsSignature));
        assert_eq!(check_signature(&"珠".repeat(13)), Err(Msg::ErrSmsSignature));
        assert_eq!(check_signature("上海 珠宝"), Err(Msg::ErrSmsSignature));
        assert_eq!(check_signature("上海珠宝!"), Err(Msg::ErrSmsSignature));
        assert_eq!(sms_prefix("上海珠宝"), "【上海珠宝】");
    }

    #[test]
    fn a_logo_is_a_small_png_jpeg_or_webp_by_its_bytes() {
        assert_eq!(logo_type(b"\x89PNG\r\n\x1a\nrest"), Ok("image/png"));
        assert_eq!(logo_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Ok("image/jpeg"));
        assert_eq!(logo_type(b"RIFF\0\0\0\0WEBPVP8 "), Ok("image/webp"));
        assert_eq!(logo_type(b""), Err(LogoError::Empty));
        assert_eq!(
            logo_type(b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
            Err(LogoError::NotAnImage)
        );
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(LOGO_MAX_BYTES + 1, 0);
        assert_eq!(logo_type(&big), Err(LogoError::TooLarge));
        for e in [LogoError::Empty, LogoError::TooLarge, LogoError::NotAnImage] {
            assert_eq!(LogoError::parse(e.code()), Some(e));
        }
    }
}
