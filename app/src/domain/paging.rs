//! Paging and sorting of lists, clamped so no request can ask for an unbounded page.

use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u64 = 20;
pub const MAX_PER_PAGE: u64 = 100;
/// The last page anyone may ask for (100 million rows in at the largest page size): a larger
/// number is clamped to it, so no page number can overflow an offset.
pub const MAX_PAGE: u64 = 1_000_000;

/// A page number from outside: garbage is the first page, a huge number the last allowed one.
pub fn page_number(raw: &str) -> u64 {
    let raw = raw.trim();
    match raw.parse::<u64>() {
        Ok(p) => p.clamp(1, MAX_PAGE),
        Err(_) if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) => MAX_PAGE,
        Err(_) => 1,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageReq {
    /// 1-based page number.
    pub page: u64,
    pub per_page: u64,
    /// A column name from the list's own allow-list; anything else falls back to its default.
    pub sort: String,
    pub desc: bool,
}

impl Default for PageReq {
    fn default() -> Self {
        PageReq {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            sort: String::new(),
            desc: false,
        }
    }
}

impl PageReq {
    /// Builds a request from URL query values, tolerating garbage.
    pub fn from_query(page: Option<&str>, sort: Option<&str>, dir: Option<&str>) -> PageReq {
        PageReq {
            page: page.map(page_number).unwrap_or(1),
            per_page: DEFAULT_PER_PAGE,
            sort: sort.unwrap_or_default().to_string(),
            desc: dir == Some("desc"),
        }
    }

    pub fn clamped(&self) -> PageReq {
        PageReq {
            page: self.page.clamp(1, MAX_PAGE),
            per_page: self.per_page.clamp(1, MAX_PER_PAGE),
            sort: self.sort.clone(),
            desc: self.desc,
        }
    }

    /// The sort column if allowed, else the default.
    pub fn sort_or<'a>(&self, allowed: &[&'a str], default: &'a str) -> &'a str {
        allowed
            .iter()
            .find(|c| **c == self.sort)
            .copied()
            .unwrap_or(default)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_page_numbers_are_clamped() {
        assert_eq!(page_number("460000000000000000"), MAX_PAGE);
        assert_eq!(page_number("99999999999999999999999999"), MAX_PAGE);
        assert_eq!(page_number("0"), 1);
        assert_eq!(page_number("-1"), 1);
        assert_eq!(page_number("1e9"), 1);
        let r = PageReq {
            page: u64::MAX,
            per_page: u64::MAX,
            ..PageReq::default()
        }
        .clamped();
        assert_eq!((r.page, r.per_page), (MAX_PAGE, MAX_PER_PAGE));
        assert!((r.page - 1)
            .checked_mul(r.per_page)
            .is_some_and(|o| o < i64::MAX as u64));
    }

    proptest::proptest! {
        #[test]
        fn any_page_text_gives_a_page_in_range(s in "\\PC{0,30}") {
            let p = page_number(&s);
            proptest::prop_assert!((1..=MAX_PAGE).contains(&p));
        }
    }

    #[test]
    fn garbage_query_gives_first_page() {
        let p = PageReq::from_query(Some("-3"), None, Some("sideways"));
        assert_eq!(p.page, 1);
        assert!(!p.desc);
        let p = PageReq::from_query(Some("0"), Some("name"), Some("desc"));
        assert_eq!((p.page, p.sort.as_str(), p.desc), (1, "name", true));
    }

    #[test]
    fn per_page_is_bounded() {
        let p = PageReq {
            per_page: 1_000_000,
            ..PageReq::default()
        };
        assert_eq!(p.clamped().per_page, MAX_PER_PAGE);
    }

    #[test]
    fn unknown_sort_columns_fall_back() {
        let p = PageReq {
            sort: "password_hash".into(),
            ..PageReq::default()
        };
        assert_eq!(p.sort_or(&["name", "city"], "name"), "name");
    }

    #[test]
    fn page_count() {
        let p: Page<()> = Page {
            items: vec![],
            total: 41,
            page: 1,
            per_page: 20,
        };
        assert_eq!(p.pages(), 3);
        let empty: Page<()> = Page {
            items: vec![],
            total: 0,
            page: 1,
            per_page: 20,
        };
        assert_eq!(empty.pages(), 1);
    }
}
