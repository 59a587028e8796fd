//! What an attack on loopback found (the hardening issue), each reproduced against a real server:
//! sign-in floods, number collisions, customer data across stores, the open redirect, exports,
//! huge numbers, error statuses and hostile text.

use crate::common::*;
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

fn today_local() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn number(seq: i64) -> String {
    app::domain::reservation::reservation_number(today_local(), seq)
}

async fn book(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    mobile: &str,
) -> Result<Value, Value> {
    app.call(
        c,
        "reservations/create",
        &[
            ("input[name]", name),
            ("input[mobile]", mobile),
            ("input[store_id]", "1"),
            ("input[consultant_id]", "auto"),
            ("input[visit_at]", ""),
            ("input[needs]", "看对戒"),
            ("input[source]", "电话预约"),
            ("input[need_level]", "A"),
        ],
    )
    .await
}

async fn book_in_store2(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    mobile: &str,
) -> Result<Value, Value> {
    let store2 = app
        .scalar("SELECT CAST(id AS BIGINT) FROM store WHERE name = '长沙体验店'")
        .await
        .to_string();
    app.call(
        c,
        "reservations/create",
        &[
            ("input[name]", name),
            ("input[mobile]", mobile),
            ("input[store_id]", &store2),
            ("input[consultant_id]", "auto"),
            ("input[visit_at]", ""),
            ("input[needs]", ""),
            ("input[source]", ""),
            ("input[need_level]", ""),
        ],
    )
    .await
}

// ---- 1 and 10: sign-in floods -------------------------------------------------------------

#[tokio::test]
async fn parallel_wrong_passwords_get_exactly_five_guesses() {
    let app = TestApp::spawn().await;
    let attempts: Vec<_> = (0..40)
        .map(|i| {
            let c = app.client();
            let url = app.url("/auth/login");
            tokio::spawn(async move {
                c.post(url)
                    .form(&[
                        ("username", "consultant2"),
                        ("password", format!("wrong-{i}").as_str()),
                        ("next", ""),
                    ])
                    .send()
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut invalid = 0;
    for a in attempts {
        let res = a.await.unwrap();
        let loc = location(&res);
        assert!(
            loc == "/login?error=invalid" || loc == "/login?error=throttled",
            "{loc}"
        );
        invalid += usize::from(loc == "/login?error=invalid");
    }
    assert_eq!(invalid, 5, "exactly five guesses were checked");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND entity_id = 'consultant2'")
            .await,
        5
    );
    // The flood wrote one "throttled" row for the lock, not one per refused attempt.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_throttled'")
            .await,
        1
    );
    // Locked now, for one minute (growing later), and the right password does not get in.
    let locked = app.login(&app.client(), "consultant2", DEMO_PASSWORD).await;
    assert_eq!(location(&locked), "/login?error=throttled");
    let secs = app
        .scalar("SELECT CAST(locks AS BIGINT) FROM throttle WHERE key = 'login:consultant2'")
        .await;
    assert_eq!(secs, 1);
}

#[tokio::test]
async fn an_address_is_throttled_on_failures_only_so_a_shop_can_still_sign_in() {
    let app = TestApp::spawn().await;
    let max = app::domain::throttle::MAX_ADDRESS_FAILURES as usize;
    // Random usernames from one address (a flood): each costs a failure of the address.
    for i in 0..max - 1 {
        let r = app.login(&app.client(), &format!("nobody{i}"), "x").await;
        assert_eq!(location(&r), "/login?error=invalid");
    }
    // Staff of the shop behind the same address sign in all the same, and their successes
    // do not count against the address.
    for who in ["consultant1", "consultant2", "consultant3", "manager1"] {
        let r = app.login(&app.client(), who, DEMO_PASSWORD).await;
        assert_eq!(location(&r), "/", "{who}");
    }
    let last = app.login(&app.client(), "nobody-last", "x").await;
    assert_eq!(location(&last), "/login?error=invalid");
    // Now the address is locked (for a minute): nothing more is checked from it.
    let r = app.login(&app.client(), "consultant1", DEMO_PASSWORD).await;
    assert_eq!(location(&r), "/login?error=throttled");
    for i in 0..20 {
        let r = app.login(&app.client(), &format!("again{i}"), "x").await;
        assert_eq!(location(&r), "/login?error=throttled");
    }
    // Audit rows are bounded: one per checked failure plus one for the lock.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed'")
            .await,
        max as i64
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.address_throttled'")
            .await,
        1
    );
    // Throttle rows too: none for the usernames refused at the address.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM throttle WHERE key LIKE 'login:again%'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_successful_sign_in_clears_the_accounts_failures() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        app.login(&app.client(), "consultant3", "wrong").await;
    }
    assert_eq!(
        location(&app.login(&app.client(), "consultant3", DEMO_PASSWORD).await),
        "/"
    );
    for _ in 0..4 {
        let r = app.login(&app.client(), "consultant3", "wrong").await;
        assert_eq!(location(&r), "/login?error=invalid");
    }
    assert_eq!(
        location(&app.login(&app.client(), "consultant3", DEMO_PASSWORD).await),
        "/"
    );
}

// ---- 2: numbers -----------------------------------------------------------------------------

#[tokio::test]
async fn a_number_already_taken_is_skipped_and_never_stops_bookings() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let a = book(&app, &manager, "甲", "13900001001").await.unwrap();
    assert_eq!(a["number"], number(1));
    // A seeded/restored row carries the next number, and the counter knows nothing of it.
    app.exec(&format!(
        "UPDATE reservation SET number = '{}' WHERE number = '{}'",
        number(2),
        number(1)
    ))
    .await;
    app.exec("DELETE FROM number_series").await;
    let b = book(&app, &manager, "乙", "13900001002").await.unwrap();
    assert_eq!(b["number"], number(1));
    let c = book(&app, &manager, "丙", "13900001003").await.unwrap();
    assert_eq!(c["number"], number(3), "2 is taken: skipped");
    let (status, web) = post_web(
        &app,
        json!({"name": "丁", "phone": "13900001004", "store": "上海旗舰店",
               "visit_at": open_visit(2)}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{web}");
    assert_eq!(web["number"], number(4));
    assert_eq!(
        app.scalar("SELECT COUNT(DISTINCT number) FROM reservation")
            .await,
        4
    );
}

#[tokio::test]
async fn demo_data_is_numbered_by_the_allocator() {
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo_reservations(&app.db)
        .await
        .unwrap();
    let seeded_today = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE number LIKE '{}%'",
            &number(1)[..11]
        ))
        .await;
    let manager = app.login_as("manager1").await;
    let r = book(&app, &manager, "戊", "13900001005").await.unwrap();
    assert_eq!(r["number"], number(seeded_today + 1));
}

async fn post_web(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let res = app
        .client()
        .post(app.url("/api/v1/web-reservations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

// ---- 3 and 6: customers across stores -------------------------------------------------------

#[tokio::test]
async fn another_stores_consultant_learns_only_that_she_is_a_chain_customer() {
    let app = TestApp::spawn().await;
    let c1 = app.login_as("consultant1").await;
    book(&app, &c1, "林晓", "13900002001").await.unwrap();
    app.exec("UPDATE customer SET email = 'lin@example.com', qq = '10001', is_member = TRUE, member_no = 'VIP000777' WHERE mobile = '13900002001'").await;

    let c4 = app.login_as("consultant4").await;
    let check = app
        .call(
            &c4,
            "reservations/check_mobile",
            &[("mobile", "13900002001")],
        )
        .await
        .unwrap();
    assert!(check["customer"].is_null(), "{check}");
    assert_eq!(check["chain_customer_of"], "上海旗舰店");
    for secret in ["林晓", "lin@example.com", "10001", "VIP000777"] {
        assert!(
            !check.to_string().contains(secret),
            "{secret} leaked: {check}"
        );
    }
    let hit = app
        .call(&c4, "goods/find_customer", &[("mobile", "13900002001")])
        .await
        .unwrap();
    assert_eq!(hit["name"], "");
    assert_eq!(hit["chain_customer_of"], "上海旗舰店");
    assert!(!hit.to_string().contains("林晓"));

    // A consultant of the same store who does not serve her learns no more.
    let c2 = app.login_as("consultant2").await;
    let check = app
        .call(
            &c2,
            "reservations/check_mobile",
            &[("mobile", "13900002001")],
        )
        .await
        .unwrap();
    assert!(check["customer"].is_null() && check["chain_customer_of"] == "上海旗舰店");
    // Her own store's manager and head office see her.
    let m1 = app.login_as("manager1").await;
    let check = app
        .call(
            &m1,
            "reservations/check_mobile",
            &[("mobile", "13900002001")],
        )
        .await
        .unwrap();
    assert_eq!(check["customer"]["name"], "林晓");
    assert_eq!(check["customer"]["mobile"], "139****2001");

    // consultant4 may still book her: linked to her record, her name kept, theirs on the booking.
    book_in_store2(&app, &c4, "冒名", "13900002001")
        .await
        .unwrap();
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customer WHERE mobile = '13900002001' AND name = '林晓'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM reservation WHERE booked_name = '冒名'")
            .await,
        1
    );
    // From then on consultant4 serves her, so sees her.
    let check = app
        .call(
            &c4,
            "reservations/check_mobile",
            &[("mobile", "13900002001")],
        )
        .await
        .unwrap();
    assert_eq!(check["customer"]["name"], "林晓");
    // Every look-up that found someone is audited.
    assert!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.lookup'")
            .await
            >= 5
    );
}

#[tokio::test]
async fn number_look_ups_are_rate_limited_per_person() {
    let app = TestApp::spawn().await;
    let c4 = app.login_as("consultant4").await;
    let limit = vitrine_server::services::customers::LOOKUPS_PER_WINDOW as usize;
    for i in 0..limit {
        let m = format!("139{:08}", 30_000_000 + i);
        app.call(&c4, "reservations/check_mobile", &[("mobile", &m)])
            .await
            .unwrap();
    }
    let res = c4
        .post(app.url("/api/reservations/check_mobile"))
        .header(header::ACCEPT, "application/json")
        .form(&[("mobile", "13912345678")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json::<Value>().await.unwrap(), json!("RateLimited"));
    // Per person: a colleague is unaffected.
    let c5 = app.login_as("consultant5").await;
    assert!(app
        .call(
            &c5,
            "reservations/check_mobile",
            &[("mobile", "13912345678")]
        )
        .await
        .is_ok());
}

#[tokio::test]
async fn held_items_name_the_customer_only_to_those_who_serve_her() {
    let app = TestApp::spawn().await;
    let stores: Vec<String> = ["上海旗舰店", "长沙体验店"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = vitrine_server::goods_gen::generate(10, 1, 7, &stores);
    let svc = vitrine_server::services::goods::GoodsService::new(app.db.clone());
    svc.import_rows(None, rows, 1).await.unwrap();
    let item = app
        .scalar("SELECT CAST(MIN(id) AS BIGINT) FROM item WHERE store_id = (SELECT id FROM store WHERE name = '上海旗舰店') AND status = 'in_stock'")
        .await
        .to_string();
    let c1 = app.login_as("consultant1").await;
    book(&app, &c1, "王芳", "13900003001").await.unwrap();
    let customer = app
        .scalar("SELECT CAST(id AS BIGINT) FROM customer WHERE mobile = '13900003001'")
        .await
        .to_string();
    let until = (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    app.call(
        &c1,
        "goods/reserve",
        &[
            ("input[item_id]", &item),
            ("input[customer_id]", &customer),
            ("input[until]", &until),
        ],
    )
    .await
    .unwrap();
    let detail = |c: reqwest::Client| {
        let app = &app;
        let item = item.clone();
        async move { app.call(&c, "goods/item", &[("id", &item)]).await.unwrap() }
    };
    let mine = detail(c1).await;
    assert_eq!(mine["item"]["reserved_for"], "王芳");
    let other = detail(app.login_as("consultant2").await).await;
    assert!(other["item"]["reserved_for"].is_null(), "{other}");
    assert_eq!(other["item"]["reserved_for_customer_of"], "上海旗舰店");
    assert!(!other.to_string().contains("王芳"));
    let manager = detail(app.login_as("manager1").await).await;
    assert_eq!(manager["item"]["reserved_for"], "王芳");
}

// ---- 4: the open redirect -------------------------------------------------------------------

#[tokio::test]
async fn sign_in_never_redirects_to_another_origin() {
    let app = TestApp::spawn().await;
    for next in [
        "/\t/evil.example/phish",
        "/\n/evil.example",
        "/\\evil.example",
        "//evil.example",
        "/%09/evil.example",
        "https://evil.example",
    ] {
        let res = app
            .client()
            .post(app.url("/auth/login"))
            .form(&[
                ("username", "consultant1"),
                ("password", DEMO_PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        let to = location(&res);
        let resolved = reqwest::Url::parse(&app.base).unwrap().join(&to).unwrap();
        assert_eq!(resolved.host_str(), Some("127.0.0.1"), "{next:?} -> {to:?}");
    }
}

// ---- 5 and 8: exports and masking -----------------------------------------------------------

#[tokio::test]
async fn only_managers_and_head_office_export_and_never_cross_site() {
    let app = TestApp::spawn().await;
    let c1 = app.login_as("consultant1").await;
    book(&app, &c1, "导出", "13900004001").await.unwrap();
    for path in ["/reservations/export.csv", "/goods/export.csv"] {
        let res = c1.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "consultant {path}");
    }
    let admin = app.login_as("admin").await;
    for path in [
        "/reservations/export.csv",
        "/goods/export.csv",
        "/sales/takings.csv",
    ] {
        let res = admin.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "admin {path}");
    }
    let manager = app.login_as("manager1").await;
    let audits = app.scalar("SELECT COUNT(*) FROM audit_log").await;
    for site in ["cross-site", "same-site"] {
        let res = manager
            .get(app.url("/reservations/export.csv"))
            .header("sec-fetch-site", site)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{site}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log").await, audits);
    let csv = manager
        .get(app.url("/reservations/export.csv"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("139****4001") && !csv.contains("13900004001"),
        "{csv}"
    );
}

/// An export's audit row is written before its first byte: when it cannot be written (here a
/// trigger refuses every audit insert), the export is refused and sends no data.
#[tokio::test]
async fn an_export_that_cannot_be_audited_is_not_made() {
    let app = TestApp::spawn().await;
    let c1 = app.login_as("consultant1").await;
    book(&app, &c1, "审计", "13900004101").await.unwrap();
    let manager = app.login_as("manager1").await;
    let paths = [
        "/reservations/export.csv",
        "/goods/export.csv",
        "/sales/takings.csv",
    ];
    // Audited exports first: each writes its row before streaming.
    for path in paths {
        let before = app.scalar("SELECT COUNT(*) FROM audit_log").await;
        let res = manager.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.bytes().await.unwrap();
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_log").await,
            before + 1,
            "{path}"
        );
    }
    if backend() == "postgres" {
        app.exec(
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$",
        )
        .await;
        app.exec(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
        )
        .await;
    } else {
        app.exec(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
        )
        .await;
    }
    for path in paths {
        let res = manager.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        let body = res.bytes().await.unwrap();
        assert!(
            body.is_empty(),
            "{path}: {} bytes sent unaudited",
            body.len()
        );
    }
}

#[tokio::test]
async fn full_numbers_only_on_a_record_for_those_who_serve_her() {
    let app = TestApp::spawn().await;
    let c1 = app.login_as("consultant1").await;
    let r = book(&app, &c1, "号码", "13900005001").await.unwrap();
    let id = r["id"].as_i64().unwrap().to_string();
    let mut args = PAGE1.to_vec();
    args.push(("filter[phone]", "5001"));
    let m1 = app.login_as("manager1").await;
    for c in [&c1, &m1] {
        let page = app.call(c, "reservations/search", &args).await.unwrap();
        assert_eq!(
            page["items"][0]["mobile"], "139****5001",
            "lists are masked"
        );
    }
    let queue = app.call(&c1, "reservations/my_queue", &[]).await.unwrap();
    assert!(
        !queue.to_string().contains("13900005001"),
        "queue cards are masked"
    );
    for c in [&c1, &m1] {
        let d = app
            .call(c, "reservations/detail", &[("id", &id)])
            .await
            .unwrap();
        assert!(
            d.to_string().contains("13900005001"),
            "the record shows it: {d}"
        );
    }
    let hq = app.login_as("hq").await;
    let d = app
        .call(&hq, "reservations/detail", &[("id", &id)])
        .await
        .unwrap();
    assert!(
        !d.to_string().contains("13900005001"),
        "head office reveals it: {d}"
    );
}

// ---- 7 and 9: huge numbers and error statuses ----------------------------------------------

#[tokio::test]
async fn huge_page_numbers_answer_and_nothing_panics() {
    let app = TestApp::spawn().await;
    let m1 = app.login_as("manager1").await;
    let args = [
        ("req[page]", "460000000000000000"),
        ("req[per_page]", "1000"),
        ("req[sort]", ""),
        ("req[desc]", "false"),
        ("filter[phone]", ""),
    ];
    let page = app.call(&m1, "reservations/search", &args).await.unwrap();
    assert_eq!(page["items"], json!([]));
    assert_eq!(page["page"].as_u64(), Some(app::domain::paging::MAX_PAGE));
    for path in [
        "/goods?page=460000000000000000",
        "/goods?page=99999999999999999999999",
        "/reservations?page=460000000000000000",
        "/sales?page=460000000000000000",
    ] {
        let res = m1.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.text().await.unwrap();
    }
}

#[tokio::test]
async fn server_function_errors_carry_their_status() {
    let app = TestApp::spawn().await;
    let post =
        |c: reqwest::Client, endpoint: &'static str, args: Vec<(&'static str, &'static str)>| {
            let url = app.url(&format!("/api/{endpoint}"));
            async move {
                c.post(url)
                    .header(header::ACCEPT, "application/json")
                    .form(&args)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
    let m1 = app.login_as("manager1").await;
    let c1 = app.login_as("consultant1").await;
    assert_eq!(
        post(app.client(), "reservations/my_queue", vec![]).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(c1.clone(), "admin/stores", PAGE1.to_vec()).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(m1.clone(), "reservations/detail", vec![("id", "999999")]).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post(
            m1.clone(),
            "reservations/create",
            vec![
                ("input[name]", ""),
                ("input[mobile]", "1"),
                ("input[store_id]", "1")
            ]
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(m1.clone(), "reservations/act", vec![("id", "x")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A chunked body over the limit (no length given): 413, not 500.
    let chunk = bytes::Bytes::from(vec![b'a'; 64 * 1024]);
    let stream =
        futures::stream::iter((0..48).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    let res = m1
        .post(app.url("/api/reservations/check_mobile"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn liveness_needs_no_session_and_no_database() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/livez")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

// ---- 10: hostile text and dates -------------------------------------------------------------

#[tokio::test]
async fn control_characters_and_absurd_dates_are_refused_and_write_nothing() {
    let app = TestApp::spawn().await;
    let before = app.scalar("SELECT COUNT(*) FROM reservation").await;
    for name in ["林\u{0}晓", "林\u{1b}[2J晓", "\u{202E}林晓"] {
        let (status, body) = post_web(
            &app,
            json!({"name": name, "phone": "13900006001", "store": "上海旗舰店",
                   "visit_at": open_visit(2)}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {body}");
        assert_eq!(body["fields"]["name"]["code"], "ErrControlChars", "{body}");
    }
    let m1 = app.login_as("manager1").await;
    let err = app
        .call(
            &m1,
            "reservations/create",
            &[
                ("input[name]", "远"),
                ("input[mobile]", "13900006002"),
                ("input[store_id]", "1"),
                ("input[consultant_id]", "auto"),
                ("input[visit_at]", "9999-12-31T10:00"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "visit_at", "{err}");
    let err = app
        .call(&m1, "sales/close_day", &[("day", "1900-01-01")])
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "day", "{err}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reservation").await, before);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM day_close").await, 0);
}

// ---- operations: the database role --------------------------------------------------------

#[tokio::test]
async fn the_app_runs_as_an_ordinary_database_role() {
    if backend() != "postgres" {
        return;
    }
    let app = TestApp::spawn().await;
    assert_eq!(
        app.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM pg_roles WHERE rolname = current_user AND NOT rolsuper")
            .await,
        1,
        "the test server's app role must not be a superuser"
    );
    // It owns its database, and created the trigram extension itself (a trusted extension).
    assert_eq!(
        app.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM pg_extension WHERE extname = 'pg_trgm'")
            .await,
        1
    );
}

#[tokio::test]
async fn sqlite_commits_are_durable_by_default() {
    if backend() != "sqlite" {
        return;
    }
    let app = TestApp::spawn().await;
    // 2 = FULL: every commit is on disk before it is acknowledged.
    assert_eq!(app.scalar("PRAGMA synchronous").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_concurrently_never_fail() {
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo_items(&app.db).await.unwrap();
    let item = app.scalar("SELECT CAST(MIN(id) AS BIGINT) FROM item").await;
    let manager = app.login_as("manager1").await;
    let paths = [
        "/goods".to_string(),
        "/goods?category=ring&carat_min=0.5&color_min=G".to_string(),
        format!("/goods/{item}"),
        "/reservations".to_string(),
    ];
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let c = manager.clone();
            let urls: Vec<String> = paths.iter().map(|p| app.url(p)).collect();
            tokio::spawn(async move {
                let mut bad = vec![];
                for n in 0..12 {
                    let url = &urls[(i + n) % urls.len()];
                    match c.get(url).send().await {
                        Ok(r) if r.status() == StatusCode::OK => {
                            if r.text().await.is_err() {
                                bad.push(format!("{url}: body cut off"));
                            }
                        }
                        Ok(r) => bad.push(format!("{url}: {}", r.status())),
                        Err(e) => bad.push(format!("{url}: {e}")),
                    }
                }
                bad
            })
        })
        .collect();
    let mut bad = vec![];
    for t in tasks {
        bad.extend(t.await.unwrap());
    }
    assert!(bad.is_empty(), "{bad:?}");
}

/// A client that goes away mid-page (a phone losing its signal, a tab closed, a load test
/// ending) leaves the server resolving a view whose page is gone. That task read the language
/// signal after its owner was disposed and panicked ("Tried to access a reactive value that has
/// already been disposed"), about one cancelled page in a hundred. Hundreds of pages dropped
/// at random points, then whole pages: the server reports no panic and keeps answering.
#[tokio::test]
async fn pages_dropped_mid_render_leave_no_panic() {
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo(&app.db).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let served = app.serve_process_logging_to(Some(&log)).await;
    let manager = served.app.login_as("manager1").await;
    let paths = ["/reservations", "/sales", "/goods", "/floor"];
    for round in 0..20u64 {
        let tasks: Vec<_> = (0..16u64)
            .map(|i| {
                let c = manager.clone();
                let url = served.app.url(paths[((round + i) % 4) as usize]);
                tokio::spawn(async move {
                    // Dropped after 1–9 ms: before, during or after the page streams.
                    let cut = std::time::Duration::from_millis(1 + (round * 16 + i) % 9);
                    let _ = tokio::time::timeout(cut, async {
                        let r = c.get(&url).send().await?;
                        r.bytes().await
                    })
                    .await;
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    }
    for p in paths {
        let res = manager.get(served.app.url(p)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{p}");
        res.text().await.unwrap();
    }
    drop(served);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("panicked"), "{text}");
}
