//! Which pages a shared tablet may keep for reading offline.
//!
//! The service worker keeps a signed-in person's copy of these pages (in a cache of that person
//! alone, purged at sign-out, session expiry and a change of person); the server marks them. Only
//! pages whose customer numbers are always masked qualify: lists, the queue and the floor board,
//! and receipts (`policy::Place::List`; a receipt prints 138****1234). One record's own page
//! (a reservation, a sale) may show the full number to the consultant serving her, so it is
//! never kept.

/// Whether a page at `path` (no query) may be kept for offline reading.
pub fn kept_offline(path: &str) -> bool {
    match path {
        // The consultant's home (the queue and today's work), the manager's floor board, today's
        // reservations, recent sales, goods and holds.
        "/" | "/floor" | "/reservations" | "/sales" | "/goods" => true,
        _ => receipt_path(path),
    }
}

/// `/sales/<id>/receipt`.
fn receipt_path(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(""), Some("sales"), Some(id), Some("receipt"), None)
            if !id.is_empty() && id.len() <= 10 && id.bytes().all(|b| b.is_ascii_digit())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_queue_and_receipts_are_kept() {
        for p in [
            "/",
            "/floor",
            "/reservations",
            "/sales",
            "/goods",
            "/sales/42/receipt",
        ] {
            assert!(kept_offline(p), "{p}");
        }
    }

    #[test]
    fn record_pages_with_full_numbers_and_admin_pages_are_not() {
        for p in [
            "/reservations/7",
            "/sales/42",
            "/goods/3",
            "/admin/staff",
            "/admin/audit",
            "/login",
            "/book",
            "/sales/x/receipt",
            "/sales//receipt",
            "/sales/42/receipt/",
            "/sales/42/receipt/extra",
            "/sales/99999999999/receipt",
            "/reservations/new",
        ] {
            assert!(!kept_offline(p), "{p}");
        }
    }
}
