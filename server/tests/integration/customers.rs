//! The customer file (issue 13, first slice): the list searched by one box and her file, each
//! scoped inside the query to those who serve her — her consultants, the managers of her
//! stores, head office — with numbers masked in the list and for head office.

use crate::common::*;
use reqwest::Client;
use serde_json::Value;

async fn list(app: &TestApp, c: &Client, q: &str) -> Result<Value, Value> {
    app.call(
        c,
        "customers/list",
        &[
            ("q", q),
            ("req[page]", "1"),
            ("req[per_page]", "20"),
            ("req[sort]", ""),
            ("req[desc]", "false"),
        ],
    )
    .await
}

async fn file(app: &TestApp, c: &Client, id: i64) -> Result<Value, Value> {
    app.call(c, "customers/file", &[("id", id.to_string().as_str())])
        .await
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_customer_is_found_by_her_last_four_digits_by_those_who_serve_her_and_nobody_else() {
    let app = TestApp::spawn().await;
    let consultant = app.login_as("consultant1").await;
    let me = app.staff_id("consultant1").await.to_string();
    let mobile = "13957315678";
    app.create_reservation(&consultant, "钱晓云", mobile, &me)
        .await
        .unwrap();
    let id = app
        .scalar(&format!(
            "SELECT CAST(id AS BIGINT) FROM customer WHERE mobile = '{mobile}'"
        ))
        .await;

    // Her consultant finds her by the last four digits, by a name fragment, masked in the list.
    let page = list(&app, &consultant, "5678").await.unwrap();
    assert_eq!(names(&page), vec!["钱晓云"]);
    assert_eq!(page["items"][0]["mobile"], "139****5678");
    assert_eq!(
        names(&list(&app, &consultant, "晓云").await.unwrap()),
        vec!["钱晓云"]
    );
    // Her file shows the full number to the consultant who serves her, and the visit.
    let f = file(&app, &consultant, id).await.unwrap();
    assert_eq!(f["mobile"], mobile);
    assert_eq!(f["visits"].as_array().unwrap().len(), 1);

    // The store's manager sees her too; head office sees her with the number masked.
    let manager = app.login_as("manager1").await;
    assert_eq!(
        names(&list(&app, &manager, "5678").await.unwrap()),
        vec!["钱晓云"]
    );
    assert_eq!(file(&app, &manager, id).await.unwrap()["mobile"], mobile);
    let hq = app.login_as("hq").await;
    assert_eq!(
        names(&list(&app, &hq, "5678").await.unwrap()),
        vec!["钱晓云"]
    );
    assert_eq!(file(&app, &hq, id).await.unwrap()["mobile"], "139****5678");

    // A colleague who never served her, and another store's manager: not in their list, and
    // her file by id is "not found" (her existence is not told).
    for who in ["consultant2", "manager2"] {
        let c = app.login_as(who).await;
        let page = list(&app, &c, "5678").await.unwrap();
        assert_eq!(page["total"], 0, "{who}: {page}");
        assert!(names(&list(&app, &c, "").await.unwrap())
            .iter()
            .all(|n| n != "钱晓云"));
        let err = file(&app, &c, id).await.unwrap_err();
        assert!(err.to_string().contains("NotFound"), "{who}: {err}");
    }
    // Admins keep the system, not the customers.
    let admin = app.login_as("admin").await;
    let err = list(&app, &admin, "").await.unwrap_err();
    assert!(err.to_string().contains("Forbidden"), "{err}");
}

#[tokio::test]
async fn a_search_that_cannot_be_run_names_the_box_and_huge_or_strange_ids_are_not_found() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    for (q, why) in [
        ("567", "ErrPhoneFragmentShort"),
        ("1395731567812", "ErrMobileFormat"),
        ("钱\u{0007}", "ErrControlChars"),
        ("\u{202e}钱", "ErrControlChars"),
    ] {
        let err = list(&app, &c, q).await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("\"q\"") && text.contains(why),
            "{q:?}: {text}"
        );
    }
    let long = "钱".repeat(41);
    assert!(list(&app, &c, &long)
        .await
        .unwrap_err()
        .to_string()
        .contains("ErrTooLong"));
    // Page numbers and ids out of range: the last page, or not found — never a 500.
    let res = app
        .call(
            &c,
            "customers/list",
            &[
                ("q", ""),
                ("req[page]", "99999999999"),
                ("req[per_page]", "100000"),
                ("req[sort]", "mobile; DROP TABLE customer"),
                ("req[desc]", "true"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(res["items"].as_array().unwrap().len(), 0);
    for id in ["0", "-1", "2147483647"] {
        let err = app
            .call(&c, "customers/file", &[("id", id)])
            .await
            .unwrap_err();
        assert!(err.to_string().contains("NotFound"), "{id}: {err}");
    }
    let err = app
        .call(&c, "customers/file", &[("id", "99999999999")])
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("Internal"), "{err}");
}

#[tokio::test]
async fn her_file_adds_up_her_sales_net_of_returns_as_the_sales_tables_do() {
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo(&app.db).await.unwrap();
    // The demo customer with the most completed sales, and what the sales tables say she spent.
    let id = app
        .scalar(
            "SELECT CAST(customer_id AS BIGINT) FROM sale WHERE status = 'completed' \
             AND customer_id IS NOT NULL GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1",
        )
        .await;
    let spent = app
        .scalar(&format!(
            "SELECT CAST(COALESCE(SUM(total_fen), 0) AS BIGINT) FROM sale \
             WHERE customer_id = {id} AND status IN ('completed', 'returned')"
        ))
        .await
        - app
            .scalar(&format!(
                "SELECT CAST(COALESCE(SUM(r.refund_fen), 0) AS BIGINT) FROM sale_return r \
                 JOIN sale s ON s.id = r.sale_id WHERE s.customer_id = {id}"
            ))
            .await;
    let purchases = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sale WHERE customer_id = {id} AND status = 'completed'"
        ))
        .await;
    let hq = app.login_as("hq").await;
    let f = file(&app, &hq, id).await.unwrap();
    let shown: rust_decimal::Decimal = f["figures"]["lifetime_spend"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(shown, rust_decimal::Decimal::new(spent, 2));
    assert_eq!(f["figures"]["purchases"], purchases);
    assert!(purchases > 0);
    assert!(!f["sales"].as_array().unwrap().is_empty());
    // Newest first.
    let at: Vec<&str> = f["sales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = at.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(at, sorted);
}
