//! Pure domain rules: no I/O, shared by the client and the server, unit-tested in place.

pub mod assignment;
pub mod audit;
pub mod chain;
pub mod csv;
pub mod customers;
pub mod goods;
pub mod item_import;
pub mod mobile;
pub mod money;
pub mod offline;
pub mod paging;
pub mod pin;
pub mod policy;
pub mod reservation;
pub mod sale;
pub mod session;
pub mod store_rules;
pub mod throttle;
pub mod time;
pub mod validate;

/// The domain stands alone: it names neither the wire types (`model`), nor Leptos, nor the
/// views and server functions; messages come from the plain catalogue (`i18n::catalogue`).
#[cfg(test)]
mod standing_alone {
    #[test]
    fn the_domain_names_no_model_leptos_or_views() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
        let mut checked = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let src = std::fs::read_to_string(&p).unwrap();
            // This check's own list of names is not a use of them.
            let src = src.split("mod standing_alone").next().unwrap_or_default();
            checked += 1;
            for (i, line) in src.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for banned in [
                    "crate::model",
                    "leptos",
                    "crate::api",
                    "crate::pages",
                    "crate::components",
                    "crate::ports",
                ] {
                    assert!(
                        !code.contains(banned),
                        "{}:{}: {banned}",
                        p.display(),
                        i + 1
                    );
                }
                if let Some(at) = code.find("crate::i18n::") {
                    assert!(
                        code[at..].starts_with("crate::i18n::catalogue"),
                        "{}:{}: only i18n::catalogue",
                        p.display(),
                        i + 1
                    );
                }
            }
        }
        assert!(checked >= 10, "the domain's sources were not found");
    }
}
