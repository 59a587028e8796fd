//! Building links that keep a list's state in the URL query string.

/// `path?k=v&…`, leaving out empty values, with proper URL encoding.
pub fn href(path: &str, pairs: &[(&str, String)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            ser.append_pair(k, v);
        }
    }
    let q = ser.finish();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_skips_empty() {
        assert_eq!(
            href(
                "/admin/staff",
                &[("q", "王 芳&1".into()), ("page", String::new())]
            ),
            "/admin/staff?q=%E7%8E%8B+%E8%8A%B3%261"
        );
        assert_eq!(href("/x", &[]), "/x");
    }
}
