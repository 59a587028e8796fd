//! The ownership rule, checked: every table is written only by the service that owns it
//! (ARCHITECTURE.md, "A service owns its tables"). Other services ask the owner through its
//! server-internal functions (`customers::register`, `goods::mark_sold`,
//! `reservations::settle_with_sale`…). The test reads the server's sources, so a new write to
//! another area's table fails `make test` until it goes through the owner.

/// (table, the source files or folders that may write it).
pub const OWNERS: &[(&str, &[&str])] = &[
    ("customer", &["services/customers.rs"]),
    ("reservation", &["services/reservations.rs"]),
    ("reservation_history", &["services/reservations.rs"]),
    ("sms_outbox", &["sms.rs"]),
    ("item", &["services/goods/"]),
    ("item_history", &["services/goods/"]),
    ("item_term", &["services/goods/"]),
    ("sale", &["services/sales/"]),
    ("sale_line", &["services/sales/"]),
    ("sale_payment", &["services/sales/"]),
    ("sale_return", &["services/sales/"]),
    ("deposit", &["services/sales/"]),
    ("gold_price", &["services/sales/"]),
    ("day_close", &["services/sales/"]),
    ("staff", &["services/admin.rs", "services/account.rs"]),
    ("store", &["services/admin.rs"]),
    ("chain_setting", &["services/chain.rs"]),
    ("dictionary_entry", &["services/admin.rs"]),
    ("audit_log", &["services/audit.rs"]),
    ("api_token", &["services/tokens.rs"]),
    ("device", &["services/devices.rs"]),
    ("staff_pin", &["services/devices.rs"]),
    ("session", &["auth/session.rs"]),
    ("throttle", &["services/throttle.rs"]),
    ("backup_run", &["backup.rs"]),
];

/// Files that are not product paths: the benchmarks' bulk generators write many tables directly
/// (fast, and never reached by a person). The demo seeder is not among them: it goes through the
/// services like the staff do.
pub const EXEMPT: &[&str] = &["bench.rs", "bench_goods.rs", "goods_gen.rs"];

/// The entity modules a file imports, as (local name, table): `use crate::entities::{a, b as
/// c}` and `use vitrine_server::entities::…`.
pub fn imported_entities(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for prefix in ["crate::entities::", "vitrine_server::entities::"] {
        let mut rest = src;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            let end = rest.find(';').unwrap_or(rest.len());
            let list = rest[..end]
                .trim()
                .trim_start_matches('{')
                .trim_end_matches('}');
            for part in list.split(',') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                let (table, local) = match part.split_once(" as ") {
                    Some((t, l)) => (t.trim(), l.trim()),
                    None => (part, part),
                };
                let table = table.split("::").next().unwrap_or(table);
                out.push((local.to_string(), table.to_string()));
            }
        }
    }
    out
}

/// The tables a file writes: an entity's `ActiveModel`, or a bulk write on its `Entity`.
pub fn written_tables(src: &str) -> Vec<String> {
    const WRITES: &[&str] = &[
        "::ActiveModel",
        "::Entity::update_many",
        "::Entity::delete_many",
        "::Entity::insert",
        "::Entity::delete_by_id",
        "::Entity::update(",
    ];
    let mut out = Vec::new();
    for (local, table) in imported_entities(src) {
        let writes = WRITES.iter().any(|w| {
            let needle = format!("{local}{w}");
            src.match_indices(&needle).any(|(i, _)| {
                // A whole identifier: `item::` must not match inside `sale_item::`.
                !src[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        });
        if writes && !out.contains(&table) {
            out.push(table);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                sources(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }

    #[test]
    fn the_seeder_the_command_line_and_the_http_handlers_reach_tables_only_through_services() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let http: Vec<String> = std::fs::read_dir(root.join("http"))
            .unwrap()
            .map(|e| format!("http/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        assert!(http.len() >= 5, "{http:?}");
        for file in ["seed.rs", "main.rs", "cli.rs"]
            .into_iter()
            .chain(http.iter().map(String::as_str))
        {
            let src = std::fs::read_to_string(root.join(file)).unwrap();
            assert!(
                !src.contains("entities::") && imported_entities(&src).is_empty(),
                "{file} names an entity; go through a service (ports or Services)"
            );
        }
    }

    #[test]
    fn every_table_is_written_only_by_its_owner() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &root, &mut files);
        assert!(files.len() > 20, "the server's sources were not found");
        let mut wrong = Vec::new();
        let mut seen = Vec::new();
        for (path, src) in &files {
            // The entities themselves, the exempt generators, and this file's own examples.
            if path.starts_with("entities/")
                || EXEMPT.contains(&path.as_str())
                || path == "services/ownership.rs"
            {
                continue;
            }
            for table in written_tables(src) {
                seen.push(table.clone());
                match OWNERS.iter().find(|(t, _)| *t == table) {
                    None => wrong.push(format!("{table}: no owner listed (written by {path})")),
                    Some((_, owners)) if !owners.iter().any(|o| path.starts_with(o)) => {
                        wrong.push(format!("{table} is written by {path}; owner: {owners:?}"))
                    }
                    Some(_) => {}
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // The check sees the writes it is meant to see.
        for table in ["customer", "sale", "item", "reservation"] {
            assert!(seen.iter().any(|t| t == table), "no write of {table} found");
        }
    }

    #[test]
    fn aliases_and_whole_names_are_told_apart() {
        let src = "use crate::entities::{item_history as history, sale};\n\
                   fn f() { history::ActiveModel { ..Default::default() }; \
                   sale::Entity::find(); }";
        assert_eq!(written_tables(src), vec!["item_history".to_string()]);
        let src = "use crate::entities::{item, sale_item};\nfn f() { sale_item::ActiveModel {}; }";
        assert_eq!(written_tables(src), vec!["sale_item".to_string()]);
        let src = "use crate::entities::customer;\nfn f() { customer::Entity::update_many(); }";
        assert_eq!(written_tables(src), vec!["customer".to_string()]);
    }
}
