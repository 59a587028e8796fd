//! `vitrine bench goods`: generates N realistic items through the real import path (printing
//! the import throughput), then prints p50/p95 of the first-page search (rows + capped count)
//! for store-scoped and chain-wide query shapes. Benchmarks print; tests never time.

use crate::entities::{item, store};
use crate::services::goods::{
    capped_count_query, condition, page_ids_query, GoodsService, PER_PAGE,
};
use app::domain::goods::GoodsQuery;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    PaginatorTrait, Set,
};
use std::time::Instant;

/// Stores the benchmark spreads items over (a chain of this size has ~50,000 items a store).
pub const BENCH_STORES: usize = 20;

async fn stores(db: &DatabaseConnection) -> anyhow::Result<Vec<(i32, String)>> {
    let mut list: Vec<(i32, String)> = store::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let now = Utc::now();
    while list.len() < BENCH_STORES {
        let name = format!("基准门店{:02}", list.len() + 1);
        let m = store::ActiveModel {
            name: Set(name.clone()),
            city: Set("上海".into()),
            address: Set("基准测试".into()),
            phone: Set(String::new()),
            time_zone: Set("Asia/Shanghai".into()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        list.push((m.id, name));
    }
    Ok(list)
}

/// The store a bench query names (the bench searches as head office: no role scoping).
fn store_of(q: &GoodsQuery) -> Option<i32> {
    match q.store {
        app::domain::goods::StoreChoice::One(id) => Some(id),
        _ => None,
    }
}

/// The engine's plans for a search's two statements, as the service sends them.
async fn print_plans(db: &DatabaseConnection, q: &GoodsQuery) -> anyhow::Result<()> {
    let cond = condition(db, q, store_of(q))
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let backend = db.get_database_backend();
    let prefix = match backend {
        DatabaseBackend::Sqlite => "EXPLAIN QUERY PLAN ",
        _ => "EXPLAIN ",
    };
    for stmt in [
        page_ids_query(q, cond.clone(), PER_PAGE),
        capped_count_query(cond),
    ] {
        let mut st = backend.build(&stmt);
        st.sql = format!("{prefix}{}", st.sql);
        let plan = db.query_all_raw(st).await?;
        for row in plan {
            // SQLite: (id, parent, notused, detail); PostgreSQL: one text column.
            let line = row
                .try_get_by_index::<String>(3)
                .or_else(|_| row.try_get_by_index::<String>(0))
                .unwrap_or_default();
            println!("      {line}");
        }
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or(0.0)
}

pub async fn run_goods(db: DatabaseConnection, rows: usize, queries: usize) -> anyhow::Result<()> {
    // VITRINE_BENCH_EXPLAIN=1 prints each shape's query plans (page ids and capped count).
    let explain = std::env::var_os("VITRINE_BENCH_EXPLAIN").is_some();
    println!("backend: {:?}, items: {rows}", db.get_database_backend());
    let stores = stores(&db).await?;
    let names: Vec<String> = stores.iter().map(|(_, n)| n.clone()).collect();
    let svc = GoodsService::new(db.clone());
    let existing = item::Entity::find().count(&db).await? as usize;
    if existing < rows {
        let started = Instant::now();
        let mut done = existing;
        while done < rows {
            let n = (rows - done).min(10_000);
            let batch = crate::goods_gen::generate(n, done + 1, done as u64 + 1, &names);
            let report = svc
                .import_rows(None, batch, done as u64 + 1)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            anyhow::ensure!(report.rejected.is_empty(), "generated rows rejected");
            done += n;
            if done.is_multiple_of(100_000) || done == rows {
                let secs = started.elapsed().as_secs_f64();
                println!(
                    "  imported {done} items in {secs:.1} s ({:.0} rows/s)",
                    (done - existing) as f64 / secs
                );
            }
        }
    }
    // What autovacuum does within minutes of a bulk load on PostgreSQL (statistics, and the
    // visibility map that lets index-only scans skip the rows); SQLite has only statistics.
    crate::db::analyze(&db, None).await?;
    let shapes: Vec<(&str, &str)> = vec![
        ("store: all items (batch query)", "store=STORE"),
        (
            "store: ring 0.5-1.0ct G+ VS2+ size 12-14",
            "store=STORE&category=ring&carat_min=0.5&carat_max=1.0&color_min=G&clarity_min=VS2&ring_min=12&ring_max=14",
        ),
        (
            "store: ring 0.5ct+ G+ VS2+ (the load check's page)",
            "store=STORE&category=ring&carat_min=0.5&color_min=G&clarity_min=VS2",
        ),
        (
            "store: price 10k-30k, by price",
            "store=STORE&price_min=10000&price_max=30000&sort=price",
        ),
        (
            "store: carat >= 1, D-F, EX cut, by carat",
            "store=STORE&carat_min=1&color_min=F&cut=EX&sort=-carat",
        ),
        (
            "store: gold bangles 20-40 g",
            "store=STORE&category=bangle&material=AU999&weight_min=20&weight_max=40",
        ),
        (
            "store: pre-sale pendants",
            "store=STORE&presale=1&category=pendant",
        ),
        ("store: name text", "store=STORE&q=钻戒"),
        ("store: style number text", "store=STORE&q=R12"),
        (
            "store: EX/EX/EX make, by price desc",
            "store=STORE&cut=EX&polish=EX&symmetry=EX&sort=-price",
        ),
        ("store: in transit", "store=STORE&status=in_transit"),
        (
            "store: weight 3-5 g, by weight",
            "store=STORE&weight_min=3&weight_max=5&sort=weight",
        ),
        (
            "chain: ring 0.5-1.0ct G+ VS2+ size 12-14",
            "store=all&category=ring&carat_min=0.5&carat_max=1.0&color_min=G&clarity_min=VS2&ring_min=12&ring_max=14",
        ),
        (
            "chain: carat 2-5, by price desc",
            "store=all&carat_min=2&carat_max=5&sort=-price",
        ),
        (
            "chain: price 50k-200k",
            "store=all&price_min=50000&price_max=200000",
        ),
        (
            "chain: IF-FL clarity, D colour",
            "store=all&clarity_min=IF&color_min=D",
        ),
        ("chain: certificate number", "store=all&cert=2100000777"),
        ("chain: barcode", "store=all&barcode=VT000000777"),
    ];
    let reader = app::ports::Actor::system(app::domain::policy::Role::HeadOffice);
    for (label, template) in shapes {
        let mut times = Vec::with_capacity(queries);
        let mut total = 0;
        let mut capped = false;
        for i in 0..queries + 3 {
            // Each query in another store, so that one store's pages are not always cached.
            let qs = template.replace("STORE", &stores[i % stores.len()].0.to_string());
            let q = GoodsQuery::from_query_string(&qs);
            let store_id = store_of(&q);
            let t = Instant::now();
            let (items, n, c) = svc
                .find(&q, store_id, PER_PAGE)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let _ = svc.views(&reader, items).await;
            if i >= 3 {
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            total = n;
            capped = c;
        }
        if explain {
            let qs = template.replace("STORE", &stores[0].0.to_string());
            print_plans(&db, &GoodsQuery::from_query_string(&qs)).await?;
        }
        times.sort_by(f64::total_cmp);
        println!(
            "  {label:<42} p50 {:>7.2} ms   p95 {:>7.2} ms   matches {}{}",
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            if capped { ">" } else { "" },
            total
        );
    }
    Ok(())
}
