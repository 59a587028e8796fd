//! Sales and settlement through the real server functions, on SQLite and PostgreSQL: settling a
//! finished reservation with a deposit, a gold item priced by weight and two payment methods;
//! one completion of a draft however often it is sent; refused items; discount approval.

use crate::common::*;
use app::domain::item_import::ItemRow;
use reqwest::Client;
use serde_json::{json, Value};
use vitrine_server::services::goods::GoodsService;

/// Items of 上海旗舰店 (and one of 长沙体验店), through the ERP import path.
async fn stock(app: &TestApp) {
    let stores = vec!["上海旗舰店".to_string(), "长沙体验店".to_string()];
    let base = vitrine_server::goods_gen::generate(6, 9000, 11, &stores);
    let row = |i: usize,
               barcode: &str,
               name: &str,
               material: &str,
               weight: &str,
               price: &str,
               store: &str| ItemRow {
        erp_id: format!("SALE-{i}"),
        barcode: barcode.into(),
        style_no: format!("S{i:03}"),
        name: name.into(),
        material: material.into(),
        weight_g: weight.into(),
        price: price.into(),
        store: store.into(),
        status: "in_stock".into(),
        ..base[i].clone()
    };
    let rows = vec![
        ItemRow {
            category: "ring".into(),
            carat: "0.52".into(),
            color: "G".into(),
            clarity: "VS1".into(),
            cut: "EX".into(),
            cert_lab: "GIA".into(),
            cert_no: "2201234567".into(),
            ..row(
                0,
                "VT-RING-1",
                "经典六爪钻戒",
                "PT950",
                "3.2",
                "12880",
                "上海旗舰店",
            )
        },
        ItemRow {
            category: "bangle".into(),
            carat: "".into(),
            color: "".into(),
            clarity: "".into(),
            cut: "".into(),
            polish: "".into(),
            symmetry: "".into(),
            fluorescence: "".into(),
            cert_lab: "".into(),
            cert_no: "".into(),
            ring_size: "".into(),
            // 工费 comes with the ERP row.
            labour_fee: "300".into(),
            ..row(
                1,
                "VT-GOLD-1",
                "足金古法手镯",
                "AU999",
                "20",
                "6800",
                "上海旗舰店",
            )
        },
        ItemRow {
            category: "pendant".into(),
            ..row(
                2,
                "VT-PEND-1",
                "钻石吊坠",
                "18K_WHITE",
                "1.5",
                "5000",
                "上海旗舰店",
            )
        },
        ItemRow {
            category: "pendant".into(),
            ..row(
                3,
                "VT-PEND-2",
                "钻石吊坠",
                "18K_WHITE",
                "1.5",
                "5000",
                "上海旗舰店",
            )
        },
        ItemRow {
            category: "pendant".into(),
            ..row(
                4,
                "VT-CS-1",
                "钻石吊坠",
                "18K_WHITE",
                "1.5",
                "5000",
                "长沙体验店",
            )
        },
    ];
    let svc = GoodsService::new(app.db.clone());
    let report = svc.import_rows(None, rows, 1).await.unwrap();
    assert!(report.rejected.is_empty(), "{report:?}");
    assert_eq!(
        app.scalar("SELECT labour_fee_fen FROM item WHERE barcode = 'VT-GOLD-1'")
            .await,
        30_000
    );
}

async fn item_status(app: &TestApp, barcode: &str) -> String {
    let v = app
        .scalar(&format!(
            "SELECT CAST(CASE status WHEN 'in_stock' THEN 1 WHEN 'reserved' THEN 2 WHEN 'sold' THEN 3 ELSE 0 END AS BIGINT) FROM item WHERE barcode = '{barcode}'"
        ))
        .await;
    ["?", "in_stock", "reserved", "sold"][v as usize].to_string()
}

/// A queue action on a reservation, at its current version.
async fn act(
    app: &TestApp,
    consultant: &Client,
    id: i64,
    action: &[(&str, &str)],
) -> Result<Value, Value> {
    let ver = app
        .scalar(&format!(
            "SELECT CAST(version AS BIGINT) FROM reservation WHERE id = {id}"
        ))
        .await
        .to_string();
    let ids = id.to_string();
    let mut args = vec![("id", ids.as_str()), ("version", ver.as_str())];
    args.extend_from_slice(action);
    app.call(consultant, "reservations/act", &args).await
}

/// A reservation for `consultant` that they claimed: the customer is being served.
async fn served_reservation(
    app: &TestApp,
    consultant: &Client,
    username: &str,
    mobile: &str,
) -> (i64, String) {
    let manager = app.login_as("manager1").await;
    let cid = app.staff_id(username).await.to_string();
    let v = app
        .create_reservation(&manager, "林晓", mobile, &cid)
        .await
        .unwrap();
    let id = v["id"].as_i64().unwrap();
    let number = v["number"].as_str().unwrap().to_string();
    act(app, consultant, id, &[("action", "Claim")])
        .await
        .unwrap();
    (id, number)
}

/// A reservation for `consultant` that they claimed and finished with a deal.
async fn finished_reservation(
    app: &TestApp,
    consultant: &Client,
    username: &str,
    mobile: &str,
) -> (i64, String) {
    let (id, number) = served_reservation(app, consultant, username, mobile).await;
    act(
        app,
        consultant,
        id,
        &[
            ("action[Finish][deal]", "true"),
            ("action[Finish][note]", ""),
        ],
    )
    .await
    .unwrap();
    (id, number)
}

/// Adds one piece to a draft and completes it, paid in full by one method.
async fn sell_one(app: &TestApp, c: &Client, id: i64, barcode: &str, method: &str) {
    edit(app, c, "sales/add_item", id, &[("barcode", barcode)])
        .await
        .unwrap();
    let s = sale(app, c, id).await;
    let total = s["totals"]["total"].as_str().unwrap().to_string();
    complete(
        app,
        c,
        id,
        s["version"].as_i64().unwrap(),
        &[(method, &total)],
    )
    .await
    .unwrap();
}

async fn sale(app: &TestApp, c: &Client, id: i64) -> Value {
    app.call(c, "sales/get", &[("id", &id.to_string())])
        .await
        .unwrap()
}

async fn edit(
    app: &TestApp,
    c: &Client,
    endpoint: &str,
    id: i64,
    args: &[(&str, &str)],
) -> Result<Value, Value> {
    let v = sale(app, c, id).await["version"].to_string();
    let ids = id.to_string();
    let mut all = vec![("id", ids.as_str()), ("version", v.as_str())];
    all.extend_from_slice(args);
    app.call(c, endpoint, &all).await
}

async fn complete(
    app: &TestApp,
    c: &Client,
    id: i64,
    version: i64,
    pays: &[(&str, &str)],
) -> Result<Value, Value> {
    let payments: Vec<Value> = pays
        .iter()
        .map(|(m, a)| json!({ "method": m, "amount": a, "reference": "" }))
        .collect();
    app.call_json(
        c,
        "sales/complete",
        &json!({ "id": id, "version": version, "payments": payments }),
    )
    .await
}

#[tokio::test]
async fn a_sale_started_while_serving_is_the_customers_and_ends_the_visit_as_a_deal() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let c2 = app.login_as("consultant2").await;
    let sales = || app.scalar("SELECT COUNT(*) FROM sale");

    // A customer still waiting in the queue is claimed before she is sold to: nothing written.
    let manager = app.login_as("manager1").await;
    let cid = app.staff_id("consultant1").await.to_string();
    let waiting = app
        .create_reservation(&manager, "王芳", "13900139011", &cid)
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let before = sales().await;
    let err = app
        .call(
            &c1,
            "sales/new",
            &[("reservation_id", &waiting.to_string())],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrReservationNotFinished", "{err}");
    assert_eq!(sales().await, before);

    let (rid, _) = served_reservation(&app, &c1, "consultant1", "13800138011").await;
    let serving = app
        .call(&c1, "reservations/serving_now", &[])
        .await
        .unwrap();
    assert_eq!(serving, "林晓");
    // Another consultant cannot open a sale on her visit, nor one "for the customer being
    // served" while serving nobody: nothing is written.
    let err = app
        .call(&c2, "sales/new", &[("reservation_id", &rid.to_string())])
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()), "{err}");
    let err = app
        .call(&c2, "sales/new", &[("serving", "true")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrNotServing", "{err}");
    assert_eq!(sales().await, before);

    // A blank sale stays blank while serving (a walk-in buying at the counter).
    let blank = app
        .call(&c1, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    let s = sale(&app, &c1, blank).await;
    assert_eq!(s["customer"], Value::Null, "{s}");
    assert_eq!(s["reservation_id"], Value::Null, "{s}");
    // 开单 for the customer being served: her sale, linked to her visit.
    let id = app
        .call(&c1, "sales/new", &[("serving", "true")])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    let s = sale(&app, &c1, id).await;
    assert_eq!(s["customer"]["name"], "林晓", "{s}");
    assert_eq!(s["reservation_id"].as_i64(), Some(rid), "{s}");
    // The queue card's 开单 names the visit and opens the same draft.
    let again = app
        .call(&c1, "sales/new", &[("reservation_id", &rid.to_string())])
        .await
        .unwrap();
    assert_eq!(again.as_i64(), Some(id));

    sell_one(&app, &c1, id, "VT-RING-1", "card").await;

    // The sale ended the visit: 已成交, closed, with its finish time and history; the header
    // no longer says she is being served.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE id = {rid} AND status = 'deal_closed' \
             AND service = 'closed' AND finished_at IS NOT NULL"
        ))
        .await,
        1
    );
    for (kind, from, to) in [
        ("status", "not_arrived", "deal_closed"),
        ("service", "serving", "closed"),
    ] {
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {rid} \
                 AND kind = '{kind}' AND from_value = '{from}' AND to_value = '{to}'"
            ))
            .await,
            1,
            "{kind}"
        );
    }
    let serving = app
        .call(&c1, "reservations/serving_now", &[])
        .await
        .unwrap();
    assert_eq!(serving, Value::Null);

    // A sale opened for a visit and then given to another customer is no longer that visit's:
    // completing it leaves her visit as it was.
    let (rid2, _) = served_reservation(&app, &c2, "consultant2", "13700137011").await;
    let id2 = app
        .call(&c2, "sales/new", &[("serving", "true")])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(
        &app,
        &c2,
        "sales/customer",
        id2,
        &[("mobile", "13800138011")],
    )
    .await
    .unwrap();
    let s = sale(&app, &c2, id2).await;
    assert_eq!(s["reservation_id"], Value::Null, "{s}");
    sell_one(&app, &c2, id2, "VT-PEND-1", "cash").await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE id = {rid2} AND service = 'serving'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_finished_reservation_is_settled_with_a_deposit_gold_by_weight_and_two_payments() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let hq = app.login_as("hq").await;
    let c1 = app.login_as("consultant1").await;
    let (rid, rnum) = finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE id = {rid} AND status = 'deal_closed'"
        ))
        .await,
        1
    );
    // A deposit was taken on the reservation; the ring is held for it.
    let err = app
        .call(
            &c1,
            "sales/take_deposit",
            &[
                ("reservation_id", &rid.to_string()),
                ("method", "cash"),
                ("amount", "-5"),
                ("reference", ""),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "amount", "{err}");
    app.call(
        &c1,
        "sales/take_deposit",
        &[
            ("reservation_id", &rid.to_string()),
            ("method", "cash"),
            ("amount", "2000"),
            ("reference", ""),
        ],
    )
    .await
    .unwrap();
    let ring = app
        .scalar("SELECT CAST(id AS BIGINT) FROM item WHERE barcode = 'VT-RING-1'")
        .await
        .to_string();
    let until = (chrono::Utc::now() + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    app.call(
        &c1,
        "goods/reserve",
        &[
            ("input[item_id]", ring.as_str()),
            ("input[reservation_number]", rnum.as_str()),
            ("input[until]", until.as_str()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(item_status(&app, "VT-RING-1").await, "reserved");

    // 结算: a draft with the customer, the consultant and the held ring.
    let id = app
        .call(&c1, "sales/new", &[("reservation_id", &rid.to_string())])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    let again = app
        .call(&c1, "sales/new", &[("reservation_id", &rid.to_string())])
        .await
        .unwrap();
    assert_eq!(
        again.as_i64(),
        Some(id),
        "settling again opens the same draft"
    );
    let s = sale(&app, &c1, id).await;
    assert_eq!(s["customer"]["name"], "林晓", "{s}");
    assert_eq!(s["lines"].as_array().unwrap().len(), 1, "{s}");
    assert_eq!(s["lines"][0]["barcode"], "VT-RING-1");
    assert_eq!(s["deposit_available"], "2000.00");

    // Gold is priced by weight at the day's price: not before head office sets it.
    let err = edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-GOLD-1")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrNoGoldPrice", "{err}");
    let err = app
        .call(
            &c1,
            "sales/set_gold_price",
            &[("material", "AU999"), ("price", "588")],
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Value::String("Forbidden".into()),
        "consultants do not set gold prices"
    );
    app.call(
        &hq,
        "sales/set_gold_price",
        &[("material", "AU999"), ("price", "588")],
    )
    .await
    .unwrap();
    edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-GOLD-1")])
        .await
        .unwrap();
    edit(
        &app,
        &c1,
        "sales/add_service",
        id,
        &[
            ("description", "刻字 <img src=x onerror=alert(1)>"),
            ("price", "200"),
        ],
    )
    .await
    .unwrap();
    let s = sale(&app, &c1, id).await;
    let ring_line = s["lines"][0]["id"].to_string();
    edit(
        &app,
        &c1,
        "sales/discount",
        id,
        &[
            ("line_id", ring_line.as_str()),
            ("kind", "percent"),
            ("value", "5"),
        ],
    )
    .await
    .unwrap();
    let s = sale(&app, &c1, id).await;
    let gold = &s["lines"][1];
    assert_eq!(gold["list_price"], "12060.00", "20 g × 588 + 300: {gold}");
    // The goods pages quote the till's price for it (item 2 of the fit-and-finish issue).
    let found = app
        .call_json(
            &c1,
            "goods/search",
            &serde_json::json!({ "query": app::domain::goods::GoodsQuery::from_query_string("barcode=VT-GOLD-1") }),
        )
        .await
        .unwrap();
    assert_eq!(found["items"][0]["price"], gold["list_price"], "{found}");
    assert_eq!(found["items"][0]["basis"]["Gold"]["price_per_g"], "588.00");
    assert_eq!(
        gold["formula"],
        "20 g × ¥588.00/g + 工费 ¥300.00 = ¥12,060.00"
    );
    assert_eq!(s["lines"][0]["discount"], "644.00");
    assert_eq!(
        s["totals"]["total"], "24496.00",
        "12880 − 644 + 12060 + 200: {s}"
    );
    assert_eq!(s["needs_approval"], false, "5% is within the store's 10%");
    let version = s["version"].as_i64().unwrap();

    // Payments must cover the total exactly; a short one writes nothing.
    let err = complete(
        &app,
        &c1,
        id,
        version,
        &[("deposit", "2000"), ("card", "20000"), ("wechat", "2495")],
    )
    .await
    .unwrap_err();
    assert_eq!(err["Validation"][0]["msg"], "ErrPaymentsShort", "{err}");
    let err = complete(
        &app,
        &c1,
        id,
        version,
        &[("deposit", "2500"), ("card", "21996")],
    )
    .await
    .unwrap_err();
    assert_eq!(err["Validation"][0]["msg"], "ErrDepositExceeded", "{err}");
    assert_eq!(item_status(&app, "VT-RING-1").await, "reserved");
    assert_eq!(item_status(&app, "VT-GOLD-1").await, "in_stock");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sale_payment").await, 0);

    let receipt = complete(
        &app,
        &c1,
        id,
        version,
        &[("deposit", "2000"), ("card", "20000"), ("wechat", "2496")],
    )
    .await
    .unwrap();
    let receipt = receipt.as_str().unwrap().to_string();
    assert!(
        receipt.starts_with("S01-") && receipt.ends_with("-0001"),
        "{receipt}"
    );
    assert_eq!(item_status(&app, "VT-RING-1").await, "sold");
    assert_eq!(item_status(&app, "VT-GOLD-1").await, "sold");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM item_history WHERE kind = 'sale'")
            .await,
        2,
        "each item's history has the sale"
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {rid} AND note LIKE '%{receipt}%'")).await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM deposit WHERE applied_sale_id = {id}"
        ))
        .await,
        1,
        "the deposit is used up"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT CAST(total_fen AS BIGINT) FROM sale WHERE id = {id}"
        ))
        .await,
        2_449_600
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sale.complete'")
            .await,
        1
    );
    let s = sale(&app, &c1, id).await;
    assert_eq!(s["status"], "Completed");
    assert_eq!(s["receipt_no"], receipt.as_str());
    // The receipt prints (80 mm) with the formula and the number for after-sales.
    let html = c1
        .get(app.url(&format!("/sales/{id}/receipt?paper=80mm")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&receipt) && html.contains("¥12,060.00") && html.contains("GIA 2201234567"),
        "{html}"
    );
    // Styled by files the site's CSP allows (an inline <style> is blocked by style-src 'self'),
    // the paper size by the 80 mm sheet; and it fits a phone's screen.
    assert!(!html.contains("<style"), "{html}");
    assert!(
        html.contains(r#"href="/receipt.css""#) && html.contains(r#"href="/receipt-80mm.css""#),
        "{html}"
    );
    assert!(html.contains(r#"name="viewport""#), "{html}");
    // A Leptos page in the printing person's language; what was typed is text, never markup.
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(r#"<html lang="zh-CN""#) && html.contains("售后服务请出示小票号"));
    assert!(
        html.contains("刻字 &lt;img src=x onerror=alert(1)&gt;") && !html.contains("<img src=x"),
        "{html}"
    );
    let sheet = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/receipt-80mm.css"
    ))
    .unwrap();
    assert!(sheet.contains("size: 80mm"), "{sheet}");
    assert!(
        html.contains("138****8000") && !html.contains("13800138000"),
        "the receipt masks the mobile"
    );
    // A completed sale no longer changes.
    let err = edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-PEND-1")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrSaleNotDraft", "{err}");
}

#[tokio::test]
async fn one_draft_completed_from_two_devices_at_once_is_completed_once() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let other_device = app.login_as("consultant1").await;
    let id = app
        .call(&c1, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(
        &app,
        &c1,
        "sales/customer",
        id,
        &[("mobile", "13800138000")],
    )
    .await
    .unwrap_err();
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    edit(
        &app,
        &c1,
        "sales/customer",
        id,
        &[("mobile", "13800138000")],
    )
    .await
    .unwrap();
    edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-PEND-1")])
        .await
        .unwrap();
    let version = sale(&app, &c1, id).await["version"].as_i64().unwrap();
    let (a, b) = tokio::join!(
        complete(&app, &c1, id, version, &[("cash", "5000")]),
        complete(&app, &other_device, id, version, &[("alipay", "5000")]),
    );
    assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
    let loser = a.err().or(b.err()).unwrap();
    assert!(
        loser["Conflict"] == "ErrSaleAlreadyCompleted" || loser["Conflict"] == "ErrSaleChanged",
        "{loser}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sale_payment").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM sale WHERE receipt_no IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM item_history WHERE kind = 'sale'")
            .await,
        1
    );
    assert_eq!(item_status(&app, "VT-PEND-1").await, "sold");
}

#[tokio::test]
async fn sold_held_unknown_and_other_store_items_are_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let c2 = app.login_as("consultant2").await;
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    let (other_customer, _) = finished_reservation(&app, &c2, "consultant2", "13900139000").await;
    // VT-PEND-2 is held for consultant2's customer; VT-PEND-1 is sold.
    let cust = app
        .scalar(&format!(
            "SELECT CAST(customer_id AS BIGINT) FROM reservation WHERE id = {other_customer}"
        ))
        .await
        .to_string();
    let pend2 = app
        .scalar("SELECT CAST(id AS BIGINT) FROM item WHERE barcode = 'VT-PEND-2'")
        .await
        .to_string();
    let until = (chrono::Utc::now() + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    app.call(
        &c2,
        "goods/reserve",
        &[
            ("input[item_id]", pend2.as_str()),
            ("input[customer_id]", cust.as_str()),
            ("input[until]", until.as_str()),
        ],
    )
    .await
    .unwrap();
    app.exec("UPDATE item SET status = 'sold' WHERE barcode = 'VT-PEND-1'")
        .await;
    let id = app
        .call(&c1, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(
        &app,
        &c1,
        "sales/customer",
        id,
        &[("mobile", "13800138000")],
    )
    .await
    .unwrap();
    let before = sale(&app, &c1, id).await["version"].clone();
    for (barcode, msg) in [
        ("VT-PEND-1", "ErrItemNotForSale"),
        ("VT-PEND-2", "ErrItemHeldForOther"),
        ("VT-CS-1", "ErrOtherStoreItemSale"),
        ("NO-SUCH-CODE", "ErrUnknownBarcode"),
    ] {
        let err = edit(&app, &c1, "sales/add_item", id, &[("barcode", barcode)])
            .await
            .unwrap_err();
        assert_eq!(err["Validation"][0]["msg"], msg, "{barcode}: {err}");
    }
    // The same item twice is refused too.
    edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-RING-1")])
        .await
        .unwrap();
    let err = edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-RING-1")])
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["msg"], "ErrItemOnSale");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM sale_line WHERE sale_id = {id}"
        ))
        .await,
        1
    );
    assert_ne!(sale(&app, &c1, id).await["version"], before);
    // A stale version changes nothing.
    let ids = id.to_string();
    let err = app
        .call(
            &c1,
            "sales/add_item",
            &[
                ("id", ids.as_str()),
                ("version", "0"),
                ("barcode", "VT-GOLD-1"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrSaleChanged");
    // Another consultant neither sees nor changes it; a manager of another store neither.
    let err = app
        .call(&c2, "sales/get", &[("id", ids.as_str())])
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()));
    let m2 = app.login_as("manager2").await;
    let err = app
        .call(&m2, "sales/get", &[("id", ids.as_str())])
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()));
    let list = app
        .call(
            &c2,
            "sales/list",
            &[
                ("filter[q]", ""),
                ("req[page]", "1"),
                ("req[per_page]", "20"),
                ("req[sort]", ""),
                ("req[desc]", "false"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "{list}");
    // An item that was sold meanwhile makes completion fail as a whole.
    let version = sale(&app, &c1, id).await["version"].as_i64().unwrap();
    app.exec("UPDATE item SET status = 'sold' WHERE barcode = 'VT-RING-1'")
        .await;
    let err = complete(&app, &c1, id, version, &[("card", "12880")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrSaleItemGone", "{err}");
    assert_eq!(sale(&app, &c1, id).await["status"], "Draft");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sale_payment").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM number_series WHERE series LIKE 'receipt:%'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_discount_beyond_the_limit_waits_for_the_managers_approval() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let m1 = app.login_as("manager1").await;
    let m2 = app.login_as("manager2").await;
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    let id = app
        .call(&c1, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(
        &app,
        &c1,
        "sales/customer",
        id,
        &[("mobile", "13800138000")],
    )
    .await
    .unwrap();
    edit(&app, &c1, "sales/add_item", id, &[("barcode", "VT-PEND-1")])
        .await
        .unwrap();
    let line = sale(&app, &c1, id).await["lines"][0]["id"].to_string();
    edit(
        &app,
        &c1,
        "sales/discount",
        id,
        &[
            ("line_id", line.as_str()),
            ("kind", "amount"),
            ("value", "1000"),
        ],
    )
    .await
    .unwrap();
    let s = sale(&app, &c1, id).await;
    assert_eq!(s["needs_approval"], true, "20% is beyond 10%");
    let version = s["version"].as_i64().unwrap();
    let err = complete(&app, &c1, id, version, &[("cash", "4000")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrSaleNeedsApproval");
    edit(&app, &c1, "sales/request_approval", id, &[])
        .await
        .unwrap();
    assert_eq!(sale(&app, &m1, id).await["approval"], "Pending");
    // The consultant cannot approve; nor can another store's manager.
    let err = edit(
        &app,
        &c1,
        "sales/decide",
        id,
        &[("approve", "true"), ("note", "")],
    )
    .await
    .unwrap_err();
    assert_eq!(err, Value::String("Forbidden".into()));
    let ids = id.to_string();
    let err = app
        .call(
            &m2,
            "sales/decide",
            &[
                ("id", ids.as_str()),
                ("version", "99"),
                ("approve", "true"),
                ("note", ""),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()));
    // The manager's queue lists it.
    let queue = app
        .call(
            &m1,
            "sales/list",
            &[
                ("filter[approval]", "pending"),
                ("req[page]", "1"),
                ("req[per_page]", "20"),
                ("req[sort]", ""),
                ("req[desc]", "false"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(queue["total"], 1, "{queue}");
    // The floor board says what is asked: the line, its 折 and amount off, the store's limit
    // and the sale's total; another store's manager is not asked.
    let asks = app.call(&m1, "floor/approvals", &[]).await.unwrap();
    let asks = asks.as_array().unwrap();
    assert_eq!(asks.len(), 1, "{asks:?}");
    let ask = &asks[0];
    let dec = |v: &Value| {
        v.as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    assert_eq!(ask["sale_id"], id);
    assert_eq!(ask["consultant_name"], "李娜");
    assert_eq!(ask["lines"].as_array().unwrap().len(), 1);
    assert_eq!(ask["lines"][0]["description"], "钻石吊坠");
    assert_eq!(dec(&ask["lines"][0]["zhe"]), rust_decimal::Decimal::from(8));
    assert_eq!(
        dec(&ask["lines"][0]["discount"]),
        rust_decimal::Decimal::from(1000)
    );
    assert_eq!(
        dec(&ask["lines"][0]["final_price"]),
        rust_decimal::Decimal::from(4000)
    );
    assert_eq!(dec(&ask["limit_zhe"]), rust_decimal::Decimal::from(9));
    assert_eq!(dec(&ask["total"]), rust_decimal::Decimal::from(4000));
    let theirs = app.call(&m2, "floor/approvals", &[]).await.unwrap();
    assert_eq!(theirs, json!([]));
    edit(
        &app,
        &m1,
        "sales/decide",
        id,
        &[("approve", "true"), ("note", "老客户，同意")],
    )
    .await
    .unwrap();
    let s = sale(&app, &c1, id).await;
    assert_eq!(s["approval"], "Approved");
    assert!(
        !s["approved_by"].as_str().unwrap_or_default().is_empty(),
        "{s}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sale.discount_approve'")
            .await,
        1
    );
    complete(
        &app,
        &c1,
        id,
        s["version"].as_i64().unwrap(),
        &[("cash", "4000")],
    )
    .await
    .unwrap();
    // A rejected request stays a draft with the manager's note; changing a line withdraws it.
    let id2 = app
        .call(&c1, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(
        &app,
        &c1,
        "sales/customer",
        id2,
        &[("mobile", "13800138000")],
    )
    .await
    .unwrap();
    edit(
        &app,
        &c1,
        "sales/add_item",
        id2,
        &[("barcode", "VT-PEND-2")],
    )
    .await
    .unwrap();
    let line = sale(&app, &c1, id2).await["lines"][0]["id"].to_string();
    edit(
        &app,
        &c1,
        "sales/discount",
        id2,
        &[
            ("line_id", line.as_str()),
            ("kind", "percent"),
            ("value", "30"),
        ],
    )
    .await
    .unwrap();
    edit(&app, &c1, "sales/request_approval", id2, &[])
        .await
        .unwrap();
    // The manager deciding sees the consultant's month so far (the sale completed above, its
    // ¥1,000 off); the consultant does not get it.
    let month = &sale(&app, &m1, id2).await["consultant_month"];
    let list_fen = app
        .scalar(&format!("SELECT list_total_fen FROM sale WHERE id = {id}"))
        .await;
    let fen = |v: &Value| -> i64 {
        let d: rust_decimal::Decimal = v.as_str().unwrap().parse().unwrap();
        i64::try_from((d * rust_decimal::Decimal::ONE_HUNDRED).trunc().mantissa()).unwrap()
    };
    assert_eq!(
        (month["sales"].as_i64(), month["discounted"].as_i64()),
        (Some(1), Some(1)),
        "{month}"
    );
    assert_eq!(fen(&month["discount_total"]), 100_000, "{month}");
    assert_eq!(fen(&month["list_total"]), list_fen, "{month}");
    assert!(sale(&app, &c1, id2).await["consultant_month"].is_null());
    edit(
        &app,
        &m1,
        "sales/decide",
        id2,
        &[("approve", "false"), ("note", "折扣过大")],
    )
    .await
    .unwrap();
    let s = sale(&app, &c1, id2).await;
    assert_eq!(
        (s["approval"].as_str(), s["approval_note"].as_str()),
        (Some("Rejected"), Some("折扣过大"))
    );
    edit(
        &app,
        &c1,
        "sales/discount",
        id2,
        &[
            ("line_id", line.as_str()),
            ("kind", "percent"),
            ("value", "10"),
        ],
    )
    .await
    .unwrap();
    let s = sale(&app, &c1, id2).await;
    assert_eq!(
        (s["approval"].as_str(), s["needs_approval"].as_bool()),
        (Some("NotNeeded"), Some(false))
    );
}

async fn return_lines(
    app: &TestApp,
    c: &Client,
    id: i64,
    lines: &[i64],
    reason: &str,
    refunds: &[(&str, &str)],
) -> Result<Value, Value> {
    let version = sale(app, c, id).await["version"].as_i64().unwrap();
    let refunds: Vec<Value> = refunds
        .iter()
        .map(|(m, a)| json!({ "method": m, "amount": a, "reference": "" }))
        .collect();
    app.call_json(
        c,
        "sales/return",
        &json!({ "id": id, "version": version, "line_ids": lines, "reason": reason, "refunds": refunds }),
    )
    .await
}

/// A completed sale by consultant1 for the customer 13800138000 of the given barcodes and
/// service lines, paid as given; returns its id.
async fn sold(
    app: &TestApp,
    c: &Client,
    barcodes: &[&str],
    services: &[(&str, &str)],
    pays: &[(&str, &str)],
) -> i64 {
    let id = app
        .call(c, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(app, c, "sales/customer", id, &[("mobile", "13800138000")])
        .await
        .unwrap();
    for b in barcodes {
        edit(app, c, "sales/add_item", id, &[("barcode", b)])
            .await
            .unwrap();
    }
    for (d, p) in services {
        edit(
            app,
            c,
            "sales/add_service",
            id,
            &[("description", d), ("price", p)],
        )
        .await
        .unwrap();
    }
    let version = sale(app, c, id).await["version"].as_i64().unwrap();
    complete(app, c, id, version, pays).await.unwrap();
    id
}

fn line_ids(v: &Value) -> Vec<i64> {
    v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_manager_returns_lines_and_the_items_go_back_to_stock_with_refunds_by_method() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let m1 = app.login_as("manager1").await;
    let m2 = app.login_as("manager2").await;
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    // ¥12,880 ring + ¥5,000 pendant + ¥200 engraving = ¥18,080: ¥10,000 card, ¥8,080 cash.
    let id = sold(
        &app,
        &c1,
        &["VT-RING-1", "VT-PEND-1"],
        &[("刻字", "200")],
        &[("card", "10000"), ("cash", "8080")],
    )
    .await;
    let v = sale(&app, &m1, id).await;
    assert_eq!(v["may_return"], true, "{v}");
    assert_eq!(sale(&app, &c1, id).await["may_return"], false);
    let ids = line_ids(&v);
    let (ring, pendant, engraving) = (ids[0], ids[1], ids[2]);

    // Refused, and nothing written: a consultant; another store's manager; no lines; no
    // reason; refunds that do not add up; more back by card than was paid by card; a deposit.
    let err = return_lines(
        &app,
        &c1,
        id,
        &[ring],
        "尺寸不合适",
        &[("card", "10000"), ("cash", "2880")],
    )
    .await
    .unwrap_err();
    assert_eq!(err, Value::String("Forbidden".into()));
    let err = app
        .call_json(
            &m2,
            "sales/return",
            &json!({ "id": id, "version": 0, "line_ids": [ring], "reason": "x", "refunds": [{"method": "cash", "amount": "12880", "reference": ""}] }),
        )
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()));
    let err = return_lines(&app, &m1, id, &[], "", &[("cash", "1")])
        .await
        .unwrap_err();
    let fields: Vec<&str> = err["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["lines", "reason"], "{err}");
    let err = return_lines(&app, &m1, id, &[ring], "尺寸不合适", &[("cash", "12000")])
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["msg"], "ErrRefundMismatch", "{err}");
    let err = return_lines(&app, &m1, id, &[ring], "尺寸不合适", &[("card", "12880")])
        .await
        .unwrap_err();
    assert_eq!(
        err["Validation"][0]["msg"], "ErrRefundExceedsMethod",
        "{err}"
    );
    let err = return_lines(
        &app,
        &m1,
        id,
        &[ring],
        "尺寸不合适",
        &[("deposit", "12880")],
    )
    .await
    .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "refunds.0.method", "{err}");
    let err = return_lines(
        &app,
        &m1,
        id,
        &[ring, 999_999],
        "尺寸不合适",
        &[("cash", "12880")],
    )
    .await
    .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "lines", "{err}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sale_return").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM sale_payment WHERE amount_fen < 0")
            .await,
        0
    );
    assert_eq!(item_status(&app, "VT-RING-1").await, "sold");

    // The ring comes back: ¥10,000 to the card, ¥2,880 in cash.
    return_lines(
        &app,
        &m1,
        id,
        &[ring],
        "尺寸不合适",
        &[("card", "10000"), ("cash", "2880")],
    )
    .await
    .unwrap();
    assert_eq!(item_status(&app, "VT-RING-1").await, "in_stock");
    assert_eq!(item_status(&app, "VT-PEND-1").await, "sold");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM item_history WHERE kind = 'return' AND to_value = 'in_stock'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sale.return'")
            .await,
        1
    );
    let v = sale(&app, &m1, id).await;
    assert_eq!(v["status"], "Completed");
    assert_eq!(v["lines"][0]["returned"], true);
    assert_eq!(v["lines"][1]["returned"], false);
    assert_eq!(v["returns"][0]["refund"], "12880.00");
    assert_eq!(v["returns"][0]["lines"][0], "经典六爪钻戒");
    assert_eq!(v["returns"][0]["reason"], "尺寸不合适");
    // The returned ring can be sold again.
    let again = app
        .call(&c1, "sales/new", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    edit(
        &app,
        &c1,
        "sales/add_item",
        again,
        &[("barcode", "VT-RING-1")],
    )
    .await
    .unwrap();

    // The same line twice, or a stale version: refused.
    let err = return_lines(&app, &m1, id, &[ring], "再退", &[("cash", "12880")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrLineReturned", "{err}");
    let stale = v["version"].as_i64().unwrap() - 1;
    let err = app
        .call_json(
            &m1,
            "sales/return",
            &json!({ "id": id, "version": stale, "line_ids": [pendant], "reason": "x", "refunds": [{"method": "cash", "amount": "5000", "reference": ""}] }),
        )
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrSaleChanged", "{err}");
    // The card has nothing left to give back; cash has ¥5,200.
    let err = return_lines(&app, &m1, id, &[pendant], "不喜欢", &[("card", "5000")])
        .await
        .unwrap_err();
    assert_eq!(
        err["Validation"][0]["msg"], "ErrRefundExceedsMethod",
        "{err}"
    );
    return_lines(
        &app,
        &m1,
        id,
        &[pendant, engraving],
        "不喜欢",
        &[("cash", "5200")],
    )
    .await
    .unwrap();
    let v = sale(&app, &m1, id).await;
    assert_eq!(
        v["status"], "Returned",
        "every line back: the sale is returned"
    );
    assert_eq!(v["may_return"], false);
    assert_eq!(item_status(&app, "VT-PEND-1").await, "in_stock");
    let refunds: Vec<&Value> = v["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["amount"].as_str().unwrap().starts_with('-'))
        .collect();
    assert_eq!(refunds.len(), 3, "{v}");

    // Past the store's period (7 days): no return.
    let late = sold(&app, &c1, &["VT-RING-1"], &[], &[("alipay", "12880")]).await;
    {
        use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
        use vitrine_server::entities::sale;
        sale::Entity::update_many()
            .col_expr(
                sale::Column::CompletedAt,
                Expr::value(Some(chrono::Utc::now() - chrono::Duration::days(9))),
            )
            .filter(sale::Column::Id.eq(late as i32))
            .exec(&app.db)
            .await
            .unwrap();
    }
    assert_eq!(sale(&app, &m1, late).await["may_return"], false);
    let ring = line_ids(&sale(&app, &m1, late).await)[0];
    let err = return_lines(&app, &m1, late, &[ring], "太晚了", &[("alipay", "12880")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrReturnPeriodOver", "{err}");
    assert_eq!(item_status(&app, "VT-RING-1").await, "sold");
}

fn today() -> chrono::NaiveDate {
    app::domain::time::Zone::Shanghai.today()
}

async fn takings(
    app: &TestApp,
    c: &Client,
    store: &str,
    day: chrono::NaiveDate,
) -> Result<Value, Value> {
    app.call(
        c,
        "sales/takings",
        &[("store", store), ("day", &day.to_string())],
    )
    .await
}

#[tokio::test]
async fn closing_the_day_freezes_its_takings_and_later_money_counts_on_the_next_day() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let m1 = app.login_as("manager1").await;
    let m2 = app.login_as("manager2").await;
    let hq = app.login_as("hq").await;
    let (rid, _) = finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    let first = sold(&app, &c1, &["VT-PEND-1"], &[], &[("cash", "5000")]).await;
    app.call(
        &c1,
        "sales/take_deposit",
        &[
            ("reservation_id", &rid.to_string()),
            ("method", "wechat"),
            ("amount", "2000"),
            ("reference", ""),
        ],
    )
    .await
    .unwrap();
    let day = today();
    let next = day.succ_opt().unwrap();

    let t = takings(&app, &m1, "", day).await.unwrap();
    assert_eq!(t["store_id"], 1);
    assert_eq!(t["totals"]["sales"], 1);
    assert_eq!(t["totals"]["revenue"], "5000.00");
    assert_eq!(t["totals"]["deposits_taken"], "2000.00");
    assert_eq!(t["totals"]["net"], "7000.00");
    assert_eq!(
        t["totals"]["by_method"],
        json!([["Cash", "5000.00"], ["WechatPay", "2000.00"]])
    );
    assert_eq!(t["may_close"], true);
    assert_eq!(t["closed_by"], Value::Null);
    // Consultants do not read takings; another store's manager not this store's; head office does.
    assert_eq!(
        takings(&app, &c1, "", day).await.unwrap_err(),
        Value::String("Forbidden".into())
    );
    assert_eq!(
        takings(&app, &m2, "1", day).await.unwrap_err(),
        Value::String("Forbidden".into())
    );
    let t_hq = takings(&app, &hq, "1", day).await.unwrap();
    assert_eq!(t_hq["totals"], t["totals"]);
    assert_eq!(t_hq["may_close"], false);

    // Closing: only the manager, not the future, once.
    let close = |c: &Client, d: chrono::NaiveDate| {
        let c = c.clone();
        let app = &app;
        async move {
            app.call(&c, "sales/close_day", &[("day", &d.to_string())])
                .await
        }
    };
    assert_eq!(
        close(&c1, day).await.unwrap_err(),
        Value::String("Forbidden".into())
    );
    assert_eq!(
        close(&hq, day).await.unwrap_err(),
        Value::String("Forbidden".into())
    );
    assert_eq!(
        close(&m1, next).await.unwrap_err()["Conflict"],
        "ErrDayInFuture"
    );
    close(&m1, day).await.unwrap();
    assert_eq!(
        close(&m1, day).await.unwrap_err()["Conflict"],
        "ErrDayClosed"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'day.close'")
            .await,
        1
    );

    // After the close: a sale and a return of the first sale land on the next day.
    let second = sold(&app, &c1, &["VT-PEND-2"], &[], &[("card", "5000")]).await;
    let line = line_ids(&sale(&app, &m1, first).await)[0];
    return_lines(&app, &m1, first, &[line], "款式不合适", &[("cash", "5000")])
        .await
        .unwrap();
    let frozen = takings(&app, &m1, "", day).await.unwrap();
    assert_eq!(frozen["totals"], t["totals"], "a closed day never changes");
    assert_eq!(frozen["may_close"], false);
    assert!(frozen["closed_by"].is_string());
    let t2 = takings(&app, &m1, "", next).await.unwrap();
    assert_eq!(t2["totals"]["sales"], 1);
    assert_eq!(t2["sales"][0]["id"], second);
    assert_eq!(t2["sales"][0]["adjustment"], true);
    assert_eq!(t2["totals"]["returns"], 1);
    assert_eq!(t2["totals"]["refunds"], "5000.00");
    assert_eq!(t2["returns"][0]["adjustment"], true);
    assert_eq!(
        t2["totals"]["by_method"],
        json!([["Cash", "-5000.00"], ["Card", "5000.00"]])
    );
    assert_eq!(t2["totals"]["net"], "0.00");

    // The export: BOM, the day's figures and receipts; audited; not for consultants.
    let res = m1
        .get(app.url(&format!("/sales/takings.csv?day={day}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let receipt = sale(&app, &m1, first).await["receipt_no"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("净收款,7000.00"), "{text}");
    assert!(text.contains(&receipt) && text.contains("已关账"), "{text}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'takings.export'")
            .await,
        1
    );
    let res = c1
        .get(app.url(&format!("/sales/takings.csv?day={day}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_receipt_number_is_texted_to_the_customer_through_the_outbox() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let c1 = app.login_as("consultant1").await;
    let c2 = app.login_as("consultant2").await;
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    let before = app.scalar("SELECT COUNT(*) FROM sms_outbox").await;
    let id = sold(&app, &c1, &["VT-PEND-1"], &[], &[("cash", "5000")]).await;
    let ids = id.to_string();
    assert_eq!(
        app.call(&c2, "sales/receipt_sms", &[("id", &ids)])
            .await
            .unwrap_err(),
        Value::String("NotFound".into())
    );
    app.call(&c1, "sales/receipt_sms", &[("id", &ids)])
        .await
        .unwrap();
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM sms_outbox").await,
        before + 1
    );
    let receipt = sale(&app, &c1, id).await["receipt_no"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = '13800138000' AND body LIKE '%{receipt}%'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn demo_sales_agree_with_items_reservations_and_payments() {
    let app = TestApp::spawn().await;
    let report = vitrine_server::seed::demo(&app.db).await.unwrap();
    assert!(report.sales >= 60, "{report:?}");
    let zero = [
        // Payments (less refunds of returns) cover each total exactly.
        "SELECT COUNT(*) FROM sale s WHERE s.total_fen <> (SELECT SUM(p.amount_fen) FROM sale_payment p WHERE p.sale_id = s.id AND p.amount_fen > 0)",
        // Every line sold is an item sold; every line returned is back in stock.
        "SELECT COUNT(*) FROM sale_line l JOIN item i ON i.id = l.item_id WHERE l.return_id IS NULL AND i.status <> 'sold'",
        "SELECT COUNT(*) FROM sale_line l JOIN item i ON i.id = l.item_id WHERE l.return_id IS NOT NULL AND i.status <> 'in_stock'",
        // Sold items have a sale; every settled visit has its sale.
        "SELECT COUNT(*) FROM item i WHERE i.status = 'sold' AND NOT EXISTS (SELECT 1 FROM sale_line l WHERE l.item_id = i.id AND l.return_id IS NULL)",
        "SELECT COUNT(*) FROM reservation r WHERE r.status = 'deal_closed' AND NOT EXISTS (SELECT 1 FROM sale s WHERE s.reservation_id = r.id)",
        // A deposit applied is a deposit payment of its sale.
        "SELECT COUNT(*) FROM deposit d WHERE d.applied_sale_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sale_payment p WHERE p.deposit_id = d.id AND p.sale_id = d.applied_sale_id AND p.amount_fen = d.amount_fen)",
        // Beyond the limit means approved; refunds equal the returns.
        "SELECT COUNT(*) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE l.discount_fen * 10 > l.list_price_fen AND s.approval <> 'approved'",
        "SELECT COUNT(*) FROM sale_return r WHERE r.refund_fen <> -(SELECT SUM(p.amount_fen) FROM sale_payment p WHERE p.return_id = r.id)",
    ];
    for sql in zero {
        assert_eq!(app.scalar(sql).await, 0, "{sql}");
    }
    for (sql, at_least) in [
        ("SELECT COUNT(DISTINCT business_day) FROM sale", 30),
        ("SELECT COUNT(DISTINCT store_id) FROM sale", 2),
        ("SELECT COUNT(*) FROM sale WHERE reservation_id IS NOT NULL", 5),
        ("SELECT COUNT(*) FROM deposit WHERE applied_sale_id IS NOT NULL", 1),
        ("SELECT COUNT(*) FROM sale WHERE approval = 'approved'", 3),
        ("SELECT COUNT(*) FROM sale_return", 1),
        ("SELECT COUNT(*) FROM (SELECT sale_id FROM sale_payment WHERE amount_fen > 0 GROUP BY sale_id HAVING COUNT(*) > 1) t", 3),
        ("SELECT COUNT(*) FROM day_close", 30),
    ] {
        assert!(app.scalar(sql).await >= at_least, "{sql}");
    }
    // The seeded days read as takings, and a sale today continues the day's numbering.
    let m1 = app.login_as("manager1").await;
    let day: String = {
        use sea_orm::{EntityTrait, QueryOrder};
        use vitrine_server::entities::sale;
        sale::Entity::find()
            .order_by_asc(sale::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .business_day
            .unwrap()
            .to_string()
    };
    let t = app
        .call(&m1, "sales/takings", &[("day", day.as_str())])
        .await
        .unwrap();
    assert!(t["totals"]["sales"].as_u64().unwrap() >= 1, "{t}");
    assert!(t["closed_by"].is_string(), "{t}");
}

/// The sales list's search asks the customers service: a receipt number, a fragment of the
/// customer's mobile (trigram index) or her name finds her sales, and only inside the viewer's
/// scope.
#[tokio::test]
async fn the_sales_list_finds_sales_by_receipt_customer_mobile_and_name() {
    use sea_orm::{EntityTrait, QueryFilter, QueryOrder};
    use vitrine_server::entities::{customer, sale};
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo(&app.db).await.unwrap();
    let m1 = app.login_as("manager1").await;
    let store1 = app
        .scalar("SELECT CAST(store_id AS BIGINT) FROM staff WHERE username = 'manager1'")
        .await;
    let s = sale::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(
            &sale::Column::StoreId,
            i32::try_from(store1).unwrap(),
        ))
        .filter(sea_orm::ColumnTrait::is_not_null(&sale::Column::CustomerId))
        .filter(sea_orm::ColumnTrait::is_not_null(&sale::Column::ReceiptNo))
        .order_by_asc(sale::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let c = customer::Entity::find_by_id(s.customer_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let list = |q: String| {
        let (app, m1) = (&app, &m1);
        async move {
            app.call(
                m1,
                "sales/list",
                &[
                    ("filter[q]", q.as_str()),
                    ("req[page]", "1"),
                    ("req[per_page]", "100"),
                    ("req[sort]", ""),
                    ("req[desc]", "false"),
                ],
            )
            .await
            .unwrap()
        }
    };
    let ids = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    // By receipt number: that sale alone.
    let by_receipt = list(s.receipt_no.clone().unwrap()).await;
    assert_eq!(ids(&by_receipt), vec![i64::from(s.id)], "{by_receipt}");
    // By the middle of her mobile: every sale of this store whose customer's mobile has it.
    let fragment = &c.mobile[3..8];
    let expected = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sale s JOIN customer c ON c.id = s.customer_id \
             WHERE s.store_id = {store1} AND c.mobile LIKE '%{fragment}%'"
        ))
        .await;
    let by_mobile = list(fragment.to_string()).await;
    assert!(expected >= 1);
    assert_eq!(
        by_mobile["total"].as_i64().unwrap(),
        expected,
        "{by_mobile}"
    );
    assert!(ids(&by_mobile).contains(&i64::from(s.id)), "{by_mobile}");
    // By her name.
    let expected = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sale s JOIN customer c ON c.id = s.customer_id \
             WHERE s.store_id = {store1} AND c.name LIKE '%{}%'",
            c.name
        ))
        .await;
    let by_name = list(c.name.clone()).await;
    assert_eq!(by_name["total"].as_i64().unwrap(), expected, "{by_name}");
    assert!(ids(&by_name).contains(&i64::from(s.id)), "{by_name}");
    // Another store's manager searching her full number finds none of this store's sales.
    let m2 = app.login_as("manager2").await;
    let other = app
        .call(
            &m2,
            "sales/list",
            &[
                ("filter[q]", c.mobile.as_str()),
                ("req[page]", "1"),
                ("req[per_page]", "100"),
                ("req[sort]", ""),
                ("req[desc]", "false"),
            ],
        )
        .await
        .unwrap();
    assert!(!ids(&other).contains(&i64::from(s.id)), "{other}");
    // Nothing matches: an empty page, not every sale.
    let none = list("zz-no-such-customer".into()).await;
    assert_eq!(none["total"], 0, "{none}");
}

/// Head office compares stores: the sales list filters by store and by business days, every
/// row names its store, and the totals under the list add up every page of the same filter
/// (completed sales, refunds on them, net). A manager asking for another store gets nothing; a
/// range that is not one is refused naming the field.
#[tokio::test]
async fn head_office_filters_sales_by_store_and_business_days_with_totals() {
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo(&app.db).await.unwrap();
    let hq = app.login_as("hq").await;
    let store1 = app
        .scalar("SELECT CAST(store_id AS BIGINT) FROM staff WHERE username = 'manager1'")
        .await;
    let store1_name = app
        .scalar_text(&format!("SELECT name FROM store WHERE id = {store1}"))
        .await;
    // A window of business days that holds returns (so refunds are part of the figures).
    let (from, to) = {
        let last = app
            .scalar_text(&format!(
                "SELECT CAST(MAX(s.business_day) AS TEXT) FROM sale s JOIN sale_return r \
                 ON r.sale_id = s.id WHERE s.store_id = {store1}"
            ))
            .await;
        let last = chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap();
        (
            (last - chrono::Duration::days(10)).to_string(),
            last.to_string(),
        )
    };
    let store = store1.to_string();
    let args = |store: &str, from: &str, to: &str| -> Vec<(String, String)> {
        vec![
            ("filter[store_id]".into(), store.into()),
            ("filter[from]".into(), from.into()),
            ("filter[to]".into(), to.into()),
        ]
    };
    let call = |who: &'static str, endpoint: &'static str, a: Vec<(String, String)>| {
        let app = &app;
        async move {
            let c = app.login_as(who).await;
            let mut a: Vec<(String, String)> = a;
            if endpoint == "sales/list" {
                for (k, v) in [
                    ("req[page]", "1"),
                    ("req[per_page]", "3"),
                    ("req[sort]", ""),
                    ("req[desc]", "true"),
                ] {
                    a.push((k.into(), v.into()));
                }
            }
            let a: Vec<(&str, &str)> = a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call(&c, endpoint, &a).await
        }
    };
    drop(hq);
    let in_window = format!(
        "s.store_id = {store1} AND s.business_day >= '{from}' AND s.business_day <= '{to}'"
    );
    let list = call("hq", "sales/list", args(&store, &from, &to))
        .await
        .unwrap();
    let expected = app
        .scalar(&format!("SELECT COUNT(*) FROM sale s WHERE {in_window}"))
        .await;
    assert!(
        expected > 3,
        "the window should span more than a page: {expected}"
    );
    assert_eq!(list["total"].as_i64().unwrap(), expected, "{list}");
    let rows = list["items"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter().all(|r| r["store_name"] == store1_name.as_str()),
        "{list}"
    );
    // The totals are every page's, from the stored sales and returns.
    let totals = call("hq", "sales/totals", args(&store, &from, &to))
        .await
        .unwrap();
    let done = format!("{in_window} AND s.status IN ('completed', 'returned')");
    let count = app
        .scalar(&format!("SELECT COUNT(*) FROM sale s WHERE {done}"))
        .await;
    let amount = app
        .scalar(&format!(
            "SELECT CAST(COALESCE(SUM(s.total_fen), 0) AS BIGINT) FROM sale s WHERE {done}"
        ))
        .await;
    let refunded = app
        .scalar(&format!(
            "SELECT CAST(COALESCE(SUM(r.refund_fen), 0) AS BIGINT) FROM sale_return r \
             JOIN sale s ON s.id = r.sale_id WHERE {done}"
        ))
        .await;
    assert!(refunded > 0, "the window holds a return");
    let fen = |v: &Value| -> i64 {
        let d: rust_decimal::Decimal = v.as_str().unwrap().parse().unwrap();
        i64::try_from((d * rust_decimal::Decimal::ONE_HUNDRED).trunc().mantissa()).unwrap()
    };
    assert_eq!(totals["completed"].as_i64().unwrap(), count, "{totals}");
    assert_eq!(fen(&totals["amount"]), amount, "{totals}");
    assert_eq!(fen(&totals["refunded"]), refunded, "{totals}");
    assert_eq!(fen(&totals["net"]), amount - refunded, "{totals}");
    // The whole chain over the same days holds more than the one store.
    let chain = call("hq", "sales/totals", args("", &from, &to))
        .await
        .unwrap();
    assert!(chain["completed"].as_i64().unwrap() > count, "{chain}");
    // The other store's manager asking for this store sees nothing of it.
    let foreign = call("manager2", "sales/list", args(&store, &from, &to))
        .await
        .unwrap();
    assert_eq!(foreign["total"], 0, "{foreign}");
    let foreign = call("manager2", "sales/totals", args(&store, &from, &to))
        .await
        .unwrap();
    assert_eq!(foreign["completed"], 0, "{foreign}");
    assert_eq!(fen(&foreign["amount"]), 0, "{foreign}");
    // Not a range: named, for the list and the totals alike.
    for (f, t, field, msg) in [
        (to.as_str(), from.as_str(), "to", "ErrRangeEndsBeforeStart"),
        ("9999-12-31", "", "from", "ErrDate"),
        ("", "2026-02-30", "to", "ErrDate"),
    ] {
        for endpoint in ["sales/list", "sales/totals"] {
            let err = call("hq", endpoint, args(&store, f, t)).await.unwrap_err();
            assert_eq!(
                err["Validation"][0]["field"], field,
                "{endpoint} {f} {t}: {err}"
            );
            assert_eq!(
                err["Validation"][0]["msg"], msg,
                "{endpoint} {f} {t}: {err}"
            );
        }
    }
}

/// The admin's audit page, one filtered page of it, as the server function answers.
async fn audit(app: &TestApp, admin: &Client, action: &str) -> Vec<Value> {
    let mut args = PAGE1.to_vec();
    args.retain(|(k, _)| *k != "req[per_page]" && *k != "req[desc]");
    args.extend([
        ("req[per_page]", "100"),
        ("req[desc]", "true"),
        ("filter[action]", action),
    ]);
    app.call(admin, "admin/audit", &args).await.unwrap()["rows"]["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn detail<'a>(row: &'a Value, field: &str) -> &'a Value {
    row["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["field"] == field)
        .unwrap_or_else(|| panic!("no {field} in {row}"))
}

#[tokio::test]
async fn the_audit_log_names_each_action_and_record_and_types_each_field() {
    use app::domain::audit::{ACTIONS, ENTITIES, FIELDS};
    let app = TestApp::spawn().await;
    stock(&app).await;
    let stranger = app.client();
    app.login(&stranger, "consultant1", "not-the-password")
        .await;
    let c1 = app.login_as("consultant1").await;
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    let id = sold(&app, &c1, &["VT-PEND-1"], &[], &[("cash", "5000")]).await;
    let receipt = sale(&app, &c1, id).await["receipt_no"].clone();
    let admin = app.login_as("admin").await;
    let moved = app.staff_id("consultant2").await.to_string();
    app.call(
        &admin,
        "admin/update_staff",
        &[
            ("id", moved.as_str()),
            ("input[display_name]", "王芳芳"),
            ("input[role]", "consultant"),
            ("input[store_id]", "2"),
        ],
    )
    .await
    .unwrap();

    // Everything this run wrote is a known action about a known record, every field known.
    let all = audit(&app, &admin, "").await;
    assert!(all.len() >= 5, "{all:?}");
    for row in &all {
        let action = row["action"].as_str().unwrap();
        assert!(ACTIONS.contains(&action), "unlabelled action {action}");
        let entity = row["entity"].as_str().unwrap();
        assert!(ENTITIES.contains(&entity), "unlabelled record {entity}");
        for d in row["details"].as_array().unwrap() {
            let field = d["field"].as_str().unwrap();
            assert!(
                FIELDS.contains(&field),
                "{action}: unlabelled field {field}"
            );
        }
    }

    let failed = &audit(&app, &admin, "auth.login_failed").await[0];
    // The admin reads Chinese: every action, record and field in words.
    assert_eq!(failed["action_text"], "登录失败");
    assert_eq!(failed["record_text"], "员工 consultant1");
    assert_eq!(detail(failed, "reason")["label"], "原因");
    assert_eq!(detail(failed, "reason")["after"], "密码错误");

    let completed = &audit(&app, &admin, "sale.complete").await[0];
    assert_eq!(
        completed["record_text"],
        format!("销售单 {}", receipt.as_str().unwrap()),
        "the sale is named by its receipt"
    );
    assert_eq!(completed["record_link"], format!("/sales/{id}"));
    assert_eq!(detail(completed, "payments")["label"], "收款");
    assert_eq!(detail(completed, "payments")["after"], "现金 ¥5,000.00");
    assert_eq!(detail(completed, "total")["after"], "¥5,000.00");

    // A change lists what changed, before → after, and names stores rather than numbering them.
    let updated = &audit(&app, &admin, "staff.update").await[0];
    assert_eq!(updated["action_text"], "修改员工");
    assert_eq!(updated["record_text"], "员工 王芳芳（consultant2）");
    let fields: Vec<&str> = updated["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    // Moving her to another store also takes her off duty there.
    assert_eq!(fields, ["display_name", "store_id", "on_duty"]);
    let store = detail(updated, "store_id");
    assert_eq!(store["label"], "所属门店");
    assert_eq!(store["before"], "上海旗舰店");
    assert_eq!(
        store["after"],
        app.scalar_text("SELECT name FROM store WHERE id = 2").await
    );
    assert_eq!(detail(updated, "on_duty")["after"], "否");
}

#[tokio::test]
async fn a_receipt_text_carries_the_chains_signature_and_after_a_return_what_remains() {
    let app = TestApp::spawn().await;
    stock(&app).await;
    let admin = app.login_as("admin").await;
    app.call(
        &admin,
        "admin/update_chain",
        &[
            ("input[name]", "上海珠宝"),
            ("input[sms_signature]", "【上海珠宝】"),
            ("version", "0"),
        ],
    )
    .await
    .unwrap();
    let c1 = app.login_as("consultant1").await;
    let m1 = app.login_as("manager1").await;
    finished_reservation(&app, &c1, "consultant1", "13800138000").await;
    let id = sold(
        &app,
        &c1,
        &["VT-PEND-1"],
        &[("刻字", "200")],
        &[("cash", "5200")],
    )
    .await;
    let ids = id.to_string();
    let body = |n: i64| {
        format!("SELECT body FROM sms_outbox WHERE to_mobile = '13800138000' ORDER BY id DESC LIMIT {n}")
    };
    app.call(&c1, "sales/receipt_sms", &[("id", &ids)])
        .await
        .unwrap();
    let first = app.scalar_text(&body(1)).await;
    assert!(first.starts_with("【上海珠宝】"), "{first}");
    assert!(first.contains("金额¥5,200.00。"), "{first}");

    // The engraving comes back: the text now says what remains.
    let engraving = line_ids(&sale(&app, &m1, id).await)[1];
    return_lines(&app, &m1, id, &[engraving], "不刻了", &[("cash", "200")])
        .await
        .unwrap();
    app.call(&c1, "sales/receipt_sms", &[("id", &ids)])
        .await
        .unwrap();
    let after = app.scalar_text(&body(1)).await;
    assert!(
        after.contains("退货后金额¥5,000.00（原金额¥5,200.00，已退¥200.00）"),
        "{after}"
    );
    // The printed receipt carries the chain's name too.
    let receipt = app.text(&c1, &format!("/sales/{id}/receipt")).await;
    assert!(receipt.contains("上海珠宝"), "{receipt}");
}
