//! Goods lookup through the real server functions and endpoints, on SQLite and PostgreSQL:
//! every filter against a brute-force reference, role scoping, one winner of concurrent holds,
//! hold expiry, ERP import/sync with bad rows and local holds, export and print.

use crate::common::*;
use app::domain::goods::{GoodsQuery, ItemFacts, Scale};
use app::domain::item_import::{validate_item_row, ImportContext, ItemRow};
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use vitrine_server::services::goods::GoodsService;

const STORES: [&str; 2] = ["上海旗舰店", "长沙体验店"];

fn materials() -> Vec<String> {
    [
        "PT950",
        "18K_WHITE",
        "18K_YELLOW",
        "18K_ROSE",
        "AU999",
        "AG925",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Loads generated items (through the import path) and returns their reference facts.
async fn store_id(app: &TestApp, name: &str) -> i32 {
    app.scalar(&format!(
        "SELECT CAST(id AS BIGINT) FROM store WHERE name = '{name}'"
    ))
    .await as i32
}

async fn load(app: &TestApp, n: usize) -> Vec<ItemFacts> {
    let stores: Vec<String> = STORES.iter().map(|s| s.to_string()).collect();
    let rows = vitrine_server::goods_gen::generate(n, 1, 99, &stores);
    let svc = GoodsService::new(app.db.clone());
    let report = svc.import_rows(None, rows.clone(), 1).await.unwrap();
    assert_eq!(report.created as usize, n, "{report:?}");
    let mats = materials();
    let ctx = ImportContext {
        materials: &mats,
        stores: &stores,
    };
    let store_ids = [
        app.scalar("SELECT CAST(id AS BIGINT) FROM store WHERE name = '上海旗舰店'")
            .await as i32,
        app.scalar("SELECT CAST(id AS BIGINT) FROM store WHERE name = '长沙体验店'")
            .await as i32,
    ];
    rows.iter()
        .map(|r| {
            let v = validate_item_row(r, &ctx).unwrap();
            ItemFacts {
                name: v.name,
                style_no: v.style_no,
                weight_mg: v.weight_mg,
                price_fen: v.price_fen,
                carat_pts: v.carat_pts,
                ring_x2: v.ring.map(|r| r.twice()),
                color_rank: v.color.map(Scale::rank),
                clarity_rank: v.clarity.map(Scale::rank),
                cut_rank: v.cut.map(Scale::rank),
                polish_rank: v.polish.map(Scale::rank),
                symmetry_rank: v.symmetry.map(Scale::rank),
                material: v.material,
                category: v.category.as_str().into(),
                presale: v.presale,
                status: v.status.as_str().into(),
                barcode: v.barcode,
                cert_no: v.cert_no,
                store_id: if v.store == STORES[0] {
                    store_ids[0]
                } else {
                    store_ids[1]
                },
            }
        })
        .collect()
}

/// Every page of a search, as (barcodes in order, reported total).
async fn search_all(app: &TestApp, c: &Client, qs: &str) -> (Vec<String>, Vec<Value>, u64) {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    let mut total = 0;
    for page in 1.. {
        let q = GoodsQuery::from_query_string(qs).with_page(page);
        let v = app
            .call_json(c, "goods/search", &json!({ "query": q }))
            .await
            .unwrap_or_else(|e| panic!("{qs}: {e}"));
        total = v["total"].as_u64().unwrap();
        assert_eq!(v["total_capped"], false);
        let items = v["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        for it in items {
            out.push(it["barcode"].as_str().unwrap().to_string());
            rows.push(it);
        }
        if page >= v["total"].as_u64().unwrap().div_ceil(20) {
            break;
        }
    }
    (out, rows, total)
}

#[tokio::test]
async fn every_filter_alone_and_combined_returns_exactly_the_matching_items() {
    let app = TestApp::spawn().await;
    let facts = load(&app, 400).await;
    let hq = app.login_as("hq").await;
    let cert = facts.iter().find(|f| !f.cert_no.is_empty()).unwrap();
    let barcode = &facts[17].barcode;
    let shanghai = store_id(&app, STORES[0]).await;
    let queries = vec![
        "store=all".to_string(),
        "store=all&q=钻戒".into(),
        "store=all&q=r10".into(),
        // Matches more names and style numbers than one search resolves itself (a sub-query).
        "store=all&q=1".into(),
        format!("store={shanghai}&q=钻戒"),
        "store=all&weight_min=3&weight_max=5.5".into(),
        "store=all&price_min=5000&price_max=20000".into(),
        "store=all&carat_min=0.5&carat_max=1.0".into(),
        "store=all&cut=EX".into(),
        "store=all&polish=VG".into(),
        "store=all&symmetry=G".into(),
        "store=all&color_min=G".into(),
        "store=all&color_min=J&color_max=F".into(),
        "store=all&clarity_min=VS2".into(),
        "store=all&clarity_min=SI1&clarity_max=VVS2".into(),
        "store=all&ring_min=12&ring_max=14".into(),
        "store=all&material=PT950&material=AU999".into(),
        "store=all&category=bangle".into(),
        "store=all&presale=1".into(),
        "store=all&presale=0".into(),
        "store=all&status=in_transit".into(),
        "store=all&status=any".into(),
        "store=all&status=any&category=ring".into(),
        format!("store=all&barcode={barcode}"),
        format!("store=all&cert={}", cert.cert_no),
        format!("store={shanghai}"),
        format!("store={shanghai}&category=ring&carat_min=0.5&carat_max=1.0&color_min=G&clarity_min=VS2&ring_min=12&ring_max=14"),
        "store=all&category=ring&material=18K_WHITE&carat_min=0.3&cut=VG&polish=VG&symmetry=VG&price_max=50000".into(),
        "store=all&carat_min=1.0&carat_max=0.5".into(),
    ];
    let mut nonempty = 0;
    for qs in &queries {
        let q = GoodsQuery::from_query_string(qs);
        let store = match q.store {
            app::domain::goods::StoreChoice::One(id) => Some(id),
            _ => None,
        };
        let expected: BTreeSet<String> = facts
            .iter()
            .filter(|f| store.is_none_or(|s| s == f.store_id) && q.matches(f))
            .map(|f| f.barcode.clone())
            .collect();
        let (got, _, total) = search_all(&app, &hq, qs).await;
        let got_set: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(got.len(), got_set.len(), "{qs}: duplicates across pages");
        assert_eq!(got_set, expected, "{qs}");
        assert_eq!(total as usize, expected.len(), "{qs}: total");
        nonempty += usize::from(!expected.is_empty());
    }
    assert!(
        nonempty >= queries.len() - 4,
        "too many filters match nothing: a weak test"
    );
    // Sorting follows the stored numbers, not text.
    let (_, rows, _) = search_all(&app, &hq, "store=all&category=ring&sort=-price").await;
    let prices: Vec<f64> = rows
        .iter()
        .map(|r| r["price"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{prices:?}");
    let (_, rows, _) = search_all(&app, &hq, "store=all&carat_min=0.1&sort=carat").await;
    let carats: Vec<f64> = rows
        .iter()
        .map(|r| r["carat"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(carats.windows(2).all(|w| w[0] <= w[1]), "{carats:?}");
}

#[tokio::test]
async fn search_is_scoped_by_role() {
    let app = TestApp::spawn().await;
    let facts = load(&app, 60).await;
    let shanghai = store_id(&app, STORES[0]).await;
    let changsha = store_id(&app, STORES[1]).await;
    // One piece of the store's has been sold.
    let mut facts = facts;
    let i = facts.iter().position(|f| f.store_id == shanghai).unwrap();
    app.exec(&format!(
        "UPDATE item SET status = 'sold' WHERE barcode = '{}'",
        facts[i].barcode
    ))
    .await;
    facts[i].status = "sold".into();
    let consultant = app.login_as("consultant1").await;
    // Own store's stock on the shelves by default; every status when asked.
    let (_, rows, total) = search_all(&app, &consultant, "").await;
    assert_eq!(
        total as usize,
        facts
            .iter()
            .filter(|f| f.store_id == shanghai && f.status == "in_stock")
            .count()
    );
    assert!(rows
        .iter()
        .all(|r| r["store_id"] == shanghai && r["status"] == "InStock"));
    let (_, rows, total) = search_all(&app, &consultant, "status=any").await;
    let own = facts.iter().filter(|f| f.store_id == shanghai);
    assert_eq!(total as usize, own.clone().count());
    assert!(
        own.clone().any(|f| f.status != "in_stock"),
        "the generated stock has pieces not in stock: a weak test"
    );
    assert!(rows.iter().all(|r| r["store_id"] == shanghai));
    // A barcode finds the piece whatever its status.
    let sold = own.clone().find(|f| f.status != "in_stock").unwrap();
    let (got, _, _) = search_all(&app, &consultant, &format!("barcode={}", sold.barcode)).await;
    assert_eq!(got, std::slice::from_ref(&sold.barcode));
    // Another store's whole stock: not without a filter; with one, read-only.
    let err = app
        .call_json(
            &consultant,
            "goods/search",
            &json!({ "query": GoodsQuery::from_query_string(&format!("store={changsha}")) }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrBatchQuery", "{err}");
    let (_, rows, _) = search_all(&app, &consultant, &format!("store={changsha}&presale=0")).await;
    assert!(!rows.is_empty() && rows.iter().all(|r| r["store_id"] == changsha));
    let other = rows[0]["id"].as_i64().unwrap().to_string();
    let customer = a_customer(&app, &consultant, "13700002222").await;
    let err = app
        .call(
            &consultant,
            "goods/reserve",
            &[
                ("input[item_id]", &other),
                ("input[customer_id]", &customer),
                ("input[until]", &day(2)),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrOtherStoreItem", "{err}");
    // Head office reads every store; admins too; signed-out people nothing.
    let hq = app.login_as("hq").await;
    let (_, _, total) = search_all(&app, &hq, "status=any").await;
    assert_eq!(total as usize, facts.len());
    let anon = app.client();
    let err = app
        .call_json(
            &anon,
            "goods/search",
            &json!({ "query": GoodsQuery::default() }),
        )
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("Unauthorized".into()));
    // Import is head office / admin only.
    let err = app
        .call_json(
            &consultant,
            "goods/import",
            &json!({ "csv": "erp_id,barcode,name,price,store\n", "first_row": 1 }),
        )
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("Forbidden".into()));
}

/// `YYYY-MM-DD`, `days` from today in Shanghai.
fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

async fn a_customer(app: &TestApp, c: &Client, mobile: &str) -> String {
    app.call(
        c,
        "reservations/create",
        &[
            ("input[name]", "钱多多"),
            ("input[mobile]", mobile),
            ("input[store_id]", "1"),
            ("input[consultant_id]", "auto"),
            ("input[visit_at]", ""),
            ("input[source]", ""),
            ("input[needs]", "看戒指"),
            ("input[need_level]", ""),
        ],
    )
    .await
    .unwrap();
    app.scalar(&format!(
        "SELECT CAST(id AS BIGINT) FROM customer WHERE mobile = '{mobile}'"
    ))
    .await
    .to_string()
}

async fn first_in_stock(app: &TestApp, store: i32) -> String {
    app.scalar(&format!(
        "SELECT CAST(MIN(id) AS BIGINT) FROM item WHERE store_id = {store} AND status = 'in_stock'"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn simultaneous_holds_of_one_item_have_exactly_one_winner_and_holds_expire() {
    let app = TestApp::spawn().await;
    load(&app, 30).await;
    let shanghai = store_id(&app, STORES[0]).await;
    let manager = app.login_as("manager1").await;
    let customer = a_customer(&app, &manager, "13912345678").await;
    let item = first_in_stock(&app, shanghai).await;
    let mut clients = Vec::new();
    for u in ["consultant1", "consultant2", "consultant3", "manager1"] {
        clients.push(app.login_as(u).await);
    }
    let until = day(2);
    let attempts = (0..16).map(|i| {
        let c = clients[i % clients.len()].clone();
        let (app, item, customer, until) = (&app, item.clone(), customer.clone(), until.clone());
        async move {
            app.call(
                &c,
                "goods/reserve",
                &[
                    ("input[item_id]", item.as_str()),
                    ("input[customer_id]", customer.as_str()),
                    ("input[until]", until.as_str()),
                ],
            )
            .await
        }
    });
    let results = futures::future::join_all(attempts).await;
    let wins = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{results:?}");
    for r in results.iter().filter(|r| r.is_err()) {
        assert_eq!(r.as_ref().unwrap_err()["Conflict"], "ErrItemNotAvailable");
    }
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM item_history WHERE item_id = {item} AND kind = 'reserve'"
        ))
        .await,
        1
    );
    let d = app
        .call(&manager, "goods/item", &[("id", &item)])
        .await
        .unwrap();
    assert_eq!(d["item"]["status"], "Reserved");
    assert_eq!(d["item"]["reserved_for"], "钱多多");
    assert_eq!(d["may_reserve"], true);
    // Head office may look but not hold.
    let hq = app.login_as("hq").await;
    let d = app.call(&hq, "goods/item", &[("id", &item)]).await.unwrap();
    assert_eq!(d["may_reserve"], false);
    let err = app
        .call(&hq, "goods/release", &[("item_id", &item)])
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("Forbidden".into()));
    // 取消预留, then a past date is refused.
    app.call(&clients[1], "goods/release", &[("item_id", &item)])
        .await
        .unwrap();
    let err = app
        .call(&clients[1], "goods/release", &[("item_id", &item)])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrItemNotReserved");
    let err = app
        .call(
            &clients[0],
            "goods/reserve",
            &[
                ("input[item_id]", &item),
                ("input[customer_id]", &customer),
                ("input[until]", &day(-1)),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "until");
    // A hold whose date has passed releases itself (seen by the next read).
    app.call(
        &clients[0],
        "goods/reserve",
        &[
            ("input[item_id]", &item),
            ("input[customer_id]", &customer),
            ("input[until]", &day(1)),
        ],
    )
    .await
    .unwrap();
    app.exec(&format!(
        "UPDATE item SET reserved_until = '2020-01-01 00:00:00+00:00' WHERE id = {item}"
    ))
    .await;
    let d = app
        .call(&manager, "goods/item", &[("id", &item)])
        .await
        .unwrap();
    assert_eq!(d["item"]["status"], "InStock", "{d}");
    assert_eq!(d["history"][0]["kind"], "expire", "{d}");
}

fn csv_of(rows: &[ItemRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[tokio::test]
async fn import_upserts_reports_bad_rows_and_sync_keeps_local_holds() {
    let app = TestApp::spawn().await;
    let stores: Vec<String> = STORES.iter().map(|s| s.to_string()).collect();
    let mut rows = vitrine_server::goods_gen::generate(3, 1, 5, &stores);
    rows[0].store = STORES[0].into();
    rows[1].price = "abc".into();
    let admin = app.login_as("admin").await;
    let r = app
        .call_json(
            &admin,
            "goods/import",
            &json!({ "csv": csv_of(&rows), "first_row": 1 }),
        )
        .await
        .unwrap();
    assert_eq!(
        (r["created"].as_u64(), r["rejected"][0]["row"].as_u64()),
        (Some(2), Some(2)),
        "{r}"
    );
    assert_eq!(r["rejected"][0]["errors"][0]["field"], "price");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM item").await, 2);
    // The same file again changes nothing; a new price updates one row with its history.
    let r = app
        .call_json(
            &admin,
            "goods/import",
            &json!({ "csv": csv_of(&rows), "first_row": 1 }),
        )
        .await
        .unwrap();
    assert_eq!(
        (r["unchanged"].as_u64(), r["updated"].as_u64()),
        (Some(2), Some(0)),
        "{r}"
    );
    rows[2].price = "99999.50".into();
    let r = app
        .call_json(
            &admin,
            "goods/import",
            &json!({ "csv": csv_of(&rows), "first_row": 1 }),
        )
        .await
        .unwrap();
    assert_eq!(r["updated"].as_u64(), Some(1), "{r}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT CAST(price_fen AS BIGINT) FROM item WHERE barcode = '{}'",
            rows[2].barcode
        ))
        .await,
        9_999_950
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM item_history WHERE kind = 'erp_update'")
            .await,
        1
    );
    // A file without the header is refused as a whole.
    let err = app
        .call_json(
            &admin,
            "goods/import",
            &json!({ "csv": "a,b\n1,2\n", "first_row": 1 }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["msg"], "ErrCsvHeader");

    // A consultant holds the first item; the ERP then says it was sold and reprices it.
    let consultant = app.login_as("consultant1").await;
    let customer = a_customer(&app, &consultant, "13800001111").await;
    let held = app
        .scalar(&format!(
            "SELECT CAST(id AS BIGINT) FROM item WHERE barcode = '{}'",
            rows[0].barcode
        ))
        .await
        .to_string();
    app.call(
        &consultant,
        "goods/reserve",
        &[
            ("input[item_id]", &held),
            ("input[customer_id]", &customer),
            ("input[until]", &day(3)),
        ],
    )
    .await
    .unwrap();
    let token = vitrine_server::services::tokens::create(&app.db, None, "SAP PI")
        .await
        .unwrap();
    let mut sold = rows[0].clone();
    sold.status = "sold".into();
    sold.price = "12345".into();
    let http = Client::new();
    let res = http
        .post(app.url("/api/v1/items:sync"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .json(&json!({ "items": [sold] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let r: Value = res.json().await.unwrap();
    assert_eq!(
        r["conflicts"][0]["barcode"],
        rows[0].barcode.as_str(),
        "{r}"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT CAST(price_fen AS BIGINT) FROM item WHERE id = {held}"
        ))
        .await,
        1_234_500
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM item WHERE id = {held} AND status = 'reserved' AND reserved_customer_id = {customer}")).await,
        1,
        "the local hold survives the sync"
    );
    // Bad rows over the API are reported with reasons; bad tokens and bad JSON are refused.
    let mut bad = rows[2].clone();
    bad.carat = "-2".into();
    let r: Value = http
        .post(app.url("/api/v1/items:sync"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .json(&json!([bad]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["rejected"][0]["errors"][0]["field"], "carat", "{r}");
    assert!(r["rejected"][0]["errors"][0]["reason_zh"]
        .as_str()
        .is_some());
    let res = http
        .post(app.url("/api/v1/items:sync"))
        .header(header::AUTHORIZATION, "Bearer vt_wrong")
        .json(&json!([]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = http
        .post(app.url("/api/v1/items:sync"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.exec("UPDATE api_token SET revoked_at = created_at")
        .await;
    let res = http
        .post(app.url("/api/v1/items:sync"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .json(&json!([]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "a revoked token is refused"
    );
}

#[tokio::test]
async fn export_streams_the_search_and_print_lists_it() {
    let app = TestApp::spawn().await;
    let facts = load(&app, 120).await;
    let manager = app.login_as("manager1").await;
    let qs = "category=ring&clarity_min=VS2";
    let (expected, _, _) = search_all(&app, &manager, qs).await;
    let res = manager
        .get(app.url(&format!("/goods/export.csv?{qs}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let mut rdr = csv::Reader::from_reader(&body[3..]);
    assert_eq!(&rdr.headers().unwrap()[0], "条码");
    let got: BTreeSet<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(got, expected.iter().cloned().collect::<BTreeSet<_>>());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'item.export'")
            .await,
        1
    );
    let html = manager
        .get(app.url(&format!("/goods/print?{qs}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for b in &expected {
        assert!(html.contains(b.as_str()), "{b} missing from print view");
    }
    // A server-rendered Leptos page: the list and one tag per item, labels translated.
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(r#"data-testid="print-list""#));
    assert!(
        html.contains("货品清单") && html.contains("货品标签"),
        "{html}"
    );
    assert_eq!(
        html.matches(r#"class="tag""#).count(),
        expected.len(),
        "{html}"
    );
    assert!(
        html.contains(&format!("（共{}件）", expected.len())),
        "{html}"
    );
    assert!(facts.len() > expected.len());
    // Filters typed wrong are named, not silently dropped from a list or an export.
    for path in ["/goods/export.csv", "/goods/print"] {
        let res = manager
            .get(app.url(&format!("{path}?{qs}&price_min=abc&carat_max=-1")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        let text = res.text().await.unwrap();
        assert!(
            text.contains("price_min: 请输入数字")
                && text.contains("carat_max: 请输入不小于0的数字"),
            "{text}"
        );
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'item.export'")
            .await,
        1,
        "a refused export is not recorded as one"
    );
    let anon = app.client();
    let res = anon.get(app.url("/goods/export.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn text_search_follows_the_names_and_style_numbers_the_erp_changes() {
    let app = TestApp::spawn().await;
    let stores: Vec<String> = STORES.iter().map(|s| s.to_string()).collect();
    let mut rows = vitrine_server::goods_gen::generate(30, 1, 5, &stores);
    rows[0].name = "星河系列 50% 钻石吊坠".into();
    rows[0].style_no = "XH-Alpha_01".into();
    // Another item carries the same words in its name, not its style number.
    rows[1].name = "XH-Alpha 系列手链".into();
    let svc = GoodsService::new(app.db.clone());
    let report = svc.import_rows(None, rows.clone(), 1).await.unwrap();
    assert!(report.rejected.is_empty(), "{report:?}");
    let hq = app.login_as("hq").await;
    let one = vec![rows[0].barcode.clone()];
    for qs in ["q=星河", "q=ALPHA_0", "q=50%25"] {
        let (got, ..) = search_all(&app, &hq, &format!("store=all&status=any&{qs}")).await;
        assert_eq!(got, one, "{qs}");
    }
    let both: BTreeSet<String> = [rows[0].barcode.clone(), rows[1].barcode.clone()].into();
    let (got, _, total) = search_all(&app, &hq, "store=all&status=any&q=xh-alpha").await;
    assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), both);
    assert_eq!(total, 2);
    // LIKE wildcards in the text are literal characters.
    for (qs, expected) in [
        ("q=%25", one.clone()),
        ("q=_", one.clone()),
        ("q=XH%25Alpha", vec![]),
        ("q=XH_Alpha", vec![]),
    ] {
        let (got, ..) = search_all(&app, &hq, &format!("store=all&status=any&{qs}")).await;
        assert_eq!(got, expected, "{qs}");
    }
    // The ERP renames the style: the new words find it, the old ones no longer do.
    rows[0].name = "银河系列钻石吊坠".into();
    rows[0].style_no = "YH-Beta02".into();
    let report = svc
        .import_rows(None, vec![rows[0].clone()], 1)
        .await
        .unwrap();
    assert_eq!(report.updated, 1, "{report:?}");
    for (qs, expected) in [
        ("q=星河", vec![]),
        ("q=xh-alpha", vec![rows[1].barcode.clone()]),
        ("q=银河", one.clone()),
        ("q=beta02", one.clone()),
    ] {
        let (got, _, total) = search_all(&app, &hq, &format!("store=all&status=any&{qs}")).await;
        assert_eq!(got, expected, "{qs}");
        assert_eq!(total as usize, expected.len(), "{qs}");
    }
}

/// The stored rows of one material, as (barcode, weight mg, labour fen, tag fen, price fen,
/// status), read straight from the table.
async fn material_rows(app: &TestApp, material: &str) -> Vec<(String, i64, i64, i64, i64, String)> {
    use sea_orm::{ConnectionTrait, Statement};
    app.db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT barcode, weight_mg, labour_fee_fen, tag_price_fen, price_fen, status \
                 FROM item WHERE material = '{material}' ORDER BY barcode"
            ),
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get("", "barcode").unwrap(),
                r.try_get("", "weight_mg").unwrap(),
                r.try_get("", "labour_fee_fen").unwrap(),
                r.try_get("", "tag_price_fen").unwrap(),
                r.try_get("", "price_fen").unwrap(),
                r.try_get("", "status").unwrap(),
            )
        })
        .collect()
}

fn fen_text(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

#[tokio::test]
async fn gold_priced_by_weight_is_shown_filtered_and_sorted_at_the_tills_price() {
    use app::domain::sale::gold_list_fen;
    let clock = vitrine_server::clock::Clock::manual(
        chrono::DateTime::parse_from_rfc3339("2026-12-04T02:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    let app = TestApp::spawn_at(clock.clone()).await;
    load(&app, 400).await;
    let before = material_rows(&app, "AU999").await;
    assert!(
        before.len() >= 10,
        "the generated stock has gold: {}",
        before.len()
    );
    let others = app
        .scalar("SELECT CAST(COALESCE(SUM(price_fen), 0) AS BIGINT) FROM item WHERE material <> 'AU999'")
        .await;
    let consultant = app.login_as("consultant1").await;
    let hq = app.login_as("hq").await;

    // No gold price yet: the tag price is shown, with a warning that it is not the till's.
    let (_, rows, _) = search_all(&app, &hq, "material=AU999&status=any").await;
    assert_eq!(rows.len(), before.len());
    assert!(
        rows.iter().all(|r| r["basis"] == "GoldUnset"),
        "{:?}",
        rows[0]
    );
    for (_, _, _, tag, price, _) in &before {
        assert_eq!(tag, price, "imported at the tag price");
    }

    // Head office sets today's price: every unsold piece is repriced with the till's function,
    // sold pieces keep theirs, other materials are untouched.
    app.call(
        &hq,
        "sales/set_gold_price",
        &[("material", "AU999"), ("price", "588.5")],
    )
    .await
    .unwrap();
    let after = material_rows(&app, "AU999").await;
    let mut repriced = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.3, a.3, "the tag price is kept: {}", a.0);
        if a.5 == "sold" {
            assert_eq!(a.4, b.4, "a sold piece keeps its price: {}", a.0);
        } else {
            assert_eq!(a.4, gold_list_fen(a.1, 58_850, a.2), "{}", a.0);
            repriced += 1;
        }
    }
    assert!(
        repriced >= 5 && after.iter().any(|a| a.4 != a.3),
        "a weak test"
    );
    assert_eq!(
        app.scalar("SELECT CAST(COALESCE(SUM(price_fen), 0) AS BIGINT) FROM item WHERE material <> 'AU999'")
            .await,
        others
    );
    assert!(
        app.scalar_text(r#"SELECT "after" FROM audit_log WHERE action = 'gold_price.set'"#)
            .await
            .contains(&format!("\"items_repriced\":{repriced}")),
        "the audit says how many pieces were repriced"
    );

    // The pages show that price, its formula and today's date; the filter and the sort agree.
    let (_, rows, _) = search_all(&app, &hq, "material=AU999").await;
    let (in_stock_gold, _, _, _, price, _) = after
        .iter()
        .find(|a| a.5 == "in_stock" && a.4 != a.3)
        .unwrap()
        .clone();
    let row = rows
        .iter()
        .find(|r| r["barcode"] == in_stock_gold.as_str())
        .unwrap();
    assert_eq!(row["price"], fen_text(price), "{row}");
    assert_eq!(row["basis"]["Gold"]["price_per_g"], "588.50", "{row}");
    assert_eq!(row["basis"]["Gold"]["day"], "2026-12-04", "{row}");
    assert_eq!(row["basis"]["Gold"]["today"], true, "{row}");
    let exact = format!(
        "material=AU999&price_min={p}&price_max={p}",
        p = fen_text(price)
    );
    let (found, _, _) = search_all(&app, &hq, &exact).await;
    assert!(found.contains(&in_stock_gold), "{exact}: {found:?}");
    let (_, sorted, _) = search_all(&app, &hq, "material=AU999&sort=-price").await;
    let shown: Vec<f64> = sorted
        .iter()
        .map(|r| r["price"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(shown.windows(2).all(|w| w[0] >= w[1]), "{shown:?}");
    let item = app
        .call(&hq, "goods/item", &[("id", row["id"].to_string().as_str())])
        .await
        .unwrap();
    assert_eq!(item["item"]["price"], fen_text(price), "{item}");
    assert_eq!(item["item"]["basis"], row["basis"], "{item}");

    // A re-sync from the ERP keeps the gold price (the tag stays the tag).
    let stores: Vec<String> = STORES.iter().map(|s| s.to_string()).collect();
    let rows_again = vitrine_server::goods_gen::generate(400, 1, 99, &stores);
    let report = GoodsService::new(app.db.clone())
        .import_rows(None, rows_again, 1)
        .await
        .unwrap();
    assert_eq!(report.updated, 0, "{report:?}");
    assert_eq!(material_rows(&app, "AU999").await, after);

    // The next morning, before head office sets the day's price: yesterday's, said so.
    clock.advance(chrono::Duration::days(1));
    let (_, rows, _) = search_all(&app, &consultant, "material=AU999").await;
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["basis"]["Gold"]["today"] == false
                && r["basis"]["Gold"]["day"] == "2026-12-04")
    );

    // A material no longer priced by weight goes back to its tags, and back again.
    let admin = app.login_as("admin").await;
    let au = app
        .scalar("SELECT CAST(id AS BIGINT) FROM dictionary_entry WHERE code = 'AU999'")
        .await
        .to_string();
    let dict = |by_weight: bool| {
        let mut f = vec![
            ("id", au.clone()),
            ("input[kind]", "material".to_string()),
            ("input[code]", "AU999".to_string()),
            ("input[label_zh]", "足金 AU999".to_string()),
            ("input[label_en]", "Pure gold AU999".to_string()),
            ("input[sort_order]", "5".to_string()),
        ];
        if by_weight {
            f.push(("input[by_weight]", "on".to_string()));
        }
        f
    };
    let form = dict(false);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(&admin, "admin/update_dict_entry", &form)
        .await
        .unwrap();
    let tags = material_rows(&app, "AU999").await;
    for (b, t) in before.iter().zip(&tags) {
        if t.5 != "sold" {
            assert_eq!(t.4, b.3, "back to the tag price: {}", t.0);
        }
    }
    let (_, rows, _) = search_all(&app, &hq, "material=AU999").await;
    assert!(rows.iter().all(|r| r["basis"] == "Tag"));
    let form = dict(true);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(&admin, "admin/update_dict_entry", &form)
        .await
        .unwrap();
    assert_eq!(
        material_rows(&app, "AU999").await,
        after,
        "the latest price again"
    );
}

#[tokio::test]
async fn the_migration_prices_existing_gold_from_its_latest_gold_price() {
    use app::domain::sale::gold_list_fen;
    use migration::MigratorTrait;
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let row = |barcode: &str, material: &str, price: &str| ItemRow {
        erp_id: format!("MIG-{barcode}"),
        barcode: barcode.into(),
        style_no: "M1".into(),
        name: "迁移测试".into(),
        category: "bangle".into(),
        material: material.into(),
        weight_g: "12.345".into(),
        price: price.into(),
        labour_fee: "120".into(),
        store: STORES[0].into(),
        status: "in_stock".into(),
        ..Default::default()
    };
    let report = GoodsService::new(app.db.clone())
        .import_rows(
            None,
            vec![
                row("MIG-AU", "AU999", "3880"),
                row("MIG-PT", "PT950", "9990"),
            ],
            1,
        )
        .await
        .unwrap();
    assert!(report.rejected.is_empty(), "{report:?}");
    // A database from before the current price: gold prices set on two days.
    // Down to before `gold_current_price` (the migrations after it go too).
    let all = migration::Migrator::migrations();
    let gold = all
        .iter()
        .position(|m| m.name() == "m20261204_000009_gold_current_price")
        .unwrap();
    let steps = (all.len() - gold) as u32;
    migration::Migrator::down(&app.db, Some(steps))
        .await
        .unwrap();
    for (day, fen) in [("2026-11-30", 58_000), ("2026-12-02", 60_125)] {
        app.db
            .execute_unprepared(&format!(
                "INSERT INTO gold_price (material, day, price_per_g_fen, set_at) \
                 VALUES ('AU999', '{day}', {fen}, '2026-12-02 01:00:00+00:00')"
            ))
            .await
            .unwrap();
    }
    migration::Migrator::up(&app.db, None).await.unwrap();
    let gold = material_rows(&app, "AU999").await;
    assert_eq!(gold.len(), 1);
    assert_eq!(gold[0].3, 388_000, "the tag price is kept");
    assert_eq!(
        gold[0].4,
        gold_list_fen(12_345, 60_125, 12_000),
        "the latest day's"
    );
    assert_eq!(
        app.scalar_text("SELECT CAST(gold_day AS VARCHAR(10)) FROM item WHERE barcode = 'MIG-AU'")
            .await,
        "2026-12-02"
    );
    let pt = material_rows(&app, "PT950").await;
    assert_eq!((pt[0].3, pt[0].4), (999_000, 999_000), "a tag price stays");
}

#[tokio::test]
async fn a_hold_names_every_field_to_fix_and_registers_a_walk_in_with_it() {
    let app = TestApp::spawn().await;
    load(&app, 30).await;
    let shanghai = store_id(&app, STORES[0]).await;
    let changsha = store_id(&app, STORES[1]).await;
    let consultant = app.login_as("consultant1").await;
    let item = first_in_stock(&app, shanghai).await;
    let elsewhere = first_in_stock(&app, changsha).await;
    let customers = || app.scalar("SELECT COUNT(*) FROM customer");
    let before = customers().await;
    let hold = |item: String, mobile: &'static str, name: &'static str, until: String| {
        let c = consultant.clone();
        let app = &app;
        async move {
            app.call(
                &c,
                "goods/reserve",
                &[
                    ("input[item_id]", item.as_str()),
                    ("input[customer_mobile]", mobile),
                    ("input[new_customer_name]", name),
                    ("input[until]", until.as_str()),
                ],
            )
            .await
        }
    };
    let fields = |e: &Value| -> Vec<(String, String)> {
        e["Validation"]
            .as_array()
            .unwrap_or_else(|| panic!("{e}"))
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_string(),
                    f["msg"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // A 10-digit number and a date past the longest hold: both named at once.
    let err = hold(item.clone(), "1380013800", "", day(400))
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [
            ("customer".into(), "ErrMobileFormat".into()),
            ("until".into(), "ErrHoldTooLong".into())
        ]
    );
    // A number nobody has and no name: the form asks for her name.
    let err = hold(item.clone(), "13700001111", "", day(2))
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [("customer".into(), "ErrNewCustomerName".into())]
    );
    let err = hold(item.clone(), "13700001111", "王\u{7}", day(2))
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [("new_customer_name".into(), "ErrControlChars".into())]
    );
    // Another store's piece for a walk-in: refused, and she is not registered either.
    let err = hold(elsewhere, "13700001111", "王女士", day(2))
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrOtherStoreItem", "{err}");
    assert_eq!(customers().await, before, "a refused hold writes nothing");
    // Named: registered in the consultant's store, as hers, with the hold.
    hold(item.clone(), "137 0000 1111", " 王女士 ", day(2))
        .await
        .unwrap();
    assert_eq!(customers().await, before + 1);
    let me = app.staff_id("consultant1").await;
    assert_eq!(
        app.scalar_text(
            "SELECT name || '/' || CAST(store_id AS VARCHAR(10)) || '/' || CAST(created_by AS VARCHAR(10)) \
             FROM customer WHERE mobile = '13700001111'"
        )
        .await,
        format!("王女士/{shanghai}/{me}")
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM item i JOIN customer c ON c.id = i.reserved_customer_id \
             WHERE i.id = {item} AND i.status = 'reserved' AND c.mobile = '13700001111'"
        ))
        .await,
        1
    );
    // The same piece again for another walk-in: taken, and nobody new is registered.
    let err = hold(item, "13700002222", "李女士", day(2))
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrItemNotAvailable", "{err}");
    assert_eq!(customers().await, before + 1);
}

/// SQLite re-plans every statement binding an indexed column when per-value samples
/// (`sqlite_stat4`) exist — 14 % of the goods page's CPU at a million items. Vitrine's
/// `ANALYZE` and the start-up `PRAGMA optimize` keep only the per-index averages.
#[tokio::test]
async fn sqlite_keeps_no_per_value_planner_statistics() {
    if backend() != "sqlite" {
        return;
    }
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo(&app.db).await.unwrap();
    vitrine_server::db::analyze(&app.db, None).await.unwrap();
    assert!(app.scalar("SELECT COUNT(*) FROM sqlite_stat1").await > 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sqlite_stat4").await, 0);
    // A plain ANALYZE (an operator's, or an older build's) writes them; the next start drops them.
    app.exec("ANALYZE").await;
    assert!(app.scalar("SELECT COUNT(*) FROM sqlite_stat4").await > 0);
    vitrine_server::db::migrate(&app.db).await.unwrap();
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sqlite_stat4").await, 0);
    assert!(app.scalar("SELECT COUNT(*) FROM sqlite_stat1").await > 0);
}
