//! Store-floor forms posted by the browser itself (no JavaScript, or before the Wasm arrived):
//! the server function runs, the browser is sent back to the form's page, and that page shows
//! the outcome (the confirmation, or each error next to its field with what was typed).

use crate::common::*;
use app::i18n::{Lang, Msg};
use reqwest::{header, Client, Response, StatusCode};

/// Posts `form` to `/api/<endpoint>` the way a browser does from the page `from`.
async fn plain_post(
    app: &TestApp,
    c: &Client,
    endpoint: &str,
    from: &str,
    form: &[(&str, &str)],
) -> Response {
    c.post(app.url(&format!("/api/{endpoint}")))
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .header(header::REFERER, app.url(from))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// What the redirect's cookie says came of the post.
fn outcome_of(res: &Response) -> Option<app::components::posted::Posted> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("vitrine_posted="))
        .and_then(|v| {
            app::components::posted::Posted::decode(v.split(';').next().unwrap_or_default())
        })
}

async fn sale_version(app: &TestApp, id: &str) -> String {
    app.scalar(&format!(
        "SELECT CAST(version AS BIGINT) FROM sale WHERE id = {id}"
    ))
    .await
    .to_string()
}

fn sets_posted_cookie(res: &Response) -> bool {
    res.headers().get_all(header::SET_COOKIE).iter().any(|v| {
        v.to_str()
            .unwrap_or_default()
            .starts_with("vitrine_posted=")
            && !v.to_str().unwrap_or_default().contains("Max-Age=0")
    })
}

fn booking<'a>(name: &'a str, mobile: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("input[store_id]", "1"),
        ("input[name]", name),
        ("input[mobile]", mobile),
        ("input[email]", ""),
        ("input[qq]", ""),
        ("input[consultant_id]", "auto"),
        ("input[visit_at]", ""),
        ("input[source]", "电话预约"),
        ("input[needs]", "婚戒 一对"),
        ("input[need_level]", ""),
    ]
}

#[tokio::test]
async fn a_refused_booking_posted_without_javascript_comes_back_with_its_error_and_what_was_typed()
{
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let before = app.scalar("SELECT COUNT(*) FROM reservation").await;

    let res = plain_post(
        &app,
        &c,
        "reservations/create",
        "/reservations/new",
        &booking("钱多多", "1380013"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/reservations/new");
    assert!(
        sets_posted_cookie(&res),
        "the outcome travels with the redirect"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM reservation").await,
        before,
        "a refused booking writes nothing"
    );

    let page = app.text(&c, "/reservations/new").await;
    assert!(
        page.contains(Msg::ErrMobileFormat.text(Lang::ZhCn)),
        "the error is shown"
    );
    assert!(
        page.contains(r#"value="钱多多""#),
        "the name typed is still in its field"
    );
    assert!(
        page.contains(r#"value="1380013""#),
        "so is the mobile number"
    );
    assert!(page.contains("婚戒 一对"), "and the needs");

    // The page took the outcome: a reload shows a fresh form.
    let again = app.text(&c, "/reservations/new").await;
    assert!(!again.contains(Msg::ErrMobileFormat.text(Lang::ZhCn)));
    assert!(!again.contains("钱多多"));
}

#[tokio::test]
async fn a_booking_posted_without_javascript_is_saved_once_and_confirmed_on_the_form() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let before = app.scalar("SELECT COUNT(*) FROM reservation").await;
    let res = plain_post(
        &app,
        &c,
        "reservations/create",
        "/reservations/new",
        &booking("孙无忌", "13912345670"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/reservations/new");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM reservation").await,
        before + 1
    );
    let page = app.text(&c, "/reservations/new").await;
    assert!(
        page.contains(r#"data-testid="created-number""#),
        "the new number is confirmed"
    );
    assert!(
        !page.contains(r#"value="孙无忌""#),
        "and the form is fresh for the next customer"
    );
}

#[tokio::test]
async fn a_queue_action_posted_without_javascript_acts_once_and_a_stale_one_says_why() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let me = app.staff_id("consultant1").await.to_string();
    // A walk-in, waiting for consultant1.
    let booked = app
        .create_reservation(&c, "周芷若", "13711112222", &me)
        .await
        .unwrap();
    let id = booked["id"].as_i64().unwrap();
    let sql = format!("SELECT CAST(version AS BIGINT) FROM reservation WHERE id = {id}");
    let mark = |_: &str| app.scalar(&sql);
    let version = mark(&id.to_string()).await.to_string();
    let id_s = id.to_string();
    let arrive = [
        ("id", id_s.as_str()),
        ("version", version.as_str()),
        ("action", "Claim"),
    ];
    let res = plain_post(&app, &c, "reservations/act", "/", &arrive).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    assert!(
        mark(&id_s).await > version.parse::<i64>().unwrap(),
        "the action was applied"
    );
    let _ = app.text(&c, "/").await;

    // The same (now stale) form again: nothing changes, the queue says why.
    let after = mark(&id_s).await;
    let res = plain_post(&app, &c, "reservations/act", "/", &arrive).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(mark(&id_s).await, after, "a stale action writes nothing");
    let page = app.text(&c, "/").await;
    assert!(
        page.contains(r#"data-testid="queue-error""#),
        "the refusal is shown on the queue"
    );
}

#[tokio::test]
async fn a_plain_post_goes_back_only_to_this_site_and_a_script_call_is_answered_as_before() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let res = c
        .post(app.url("/api/reservations/create"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "https://elsewhere.example/phish")
        .form(&booking("钱多多", "1380013"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/", "never back to another site");

    // The Wasm's own calls still get the error as JSON with its status.
    let err = app
        .create_reservation(&c, "钱多多", "1380013", "")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("mobile"), "{err}");
}

#[tokio::test]
async fn a_hold_posted_without_javascript_finds_the_customer_by_mobile() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let me = app.staff_id("consultant1").await.to_string();
    let mobile = "13655556666";
    let stores = vec!["上海旗舰店".to_string(), "长沙体验店".to_string()];
    let rows = vitrine_server::goods_gen::generate(10, 1, 99, &stores);
    vitrine_server::services::goods::GoodsService::new(app.db.clone())
        .import_rows(None, rows, 1)
        .await
        .unwrap();
    app.create_reservation(&c, "赵敏", mobile, &me)
        .await
        .unwrap();
    let item = app
        .scalar(
            "SELECT CAST(MIN(id) AS BIGINT) FROM item WHERE store_id = 1 AND status = 'in_stock'",
        )
        .await
        .to_string();
    let until = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let from = format!("/goods/{item}");

    // An unknown number: refused, nothing held, the error and the number come back.
    let res = plain_post(
        &app,
        &c,
        "goods/reserve",
        &from,
        &[
            ("input[item_id]", &item),
            ("input[version]", "0"),
            ("input[customer_mobile]", "13600000001"),
            ("input[reservation_number]", ""),
            ("input[until]", &until),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), from);
    let held_sql = format!("SELECT COUNT(*) FROM item WHERE id = {item} AND status = 'reserved'");
    let held = || app.scalar(&held_sql);
    assert_eq!(held().await, 0, "nothing is held");
    let page = app.text(&c, &from).await;
    assert!(
        page.contains(Msg::ErrNewCustomerName.text(Lang::ZhCn)),
        "says the number is not registered and asks for her name"
    );
    assert!(
        page.contains(r#"name="input[new_customer_name]""#),
        "the walk-in's name field is on the page"
    );
    assert!(
        page.contains(r#"value="13600000001""#),
        "keeps the number typed"
    );

    let res = plain_post(
        &app,
        &c,
        "goods/reserve",
        &from,
        &[
            ("input[item_id]", &item),
            ("input[version]", "0"),
            ("input[customer_mobile]", mobile),
            ("input[reservation_number]", ""),
            ("input[until]", &until),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(held().await, 1, "the item is held");
    let page = app.text(&c, &from).await;
    assert!(page.contains("赵敏"), "the hold shows whom it is for");
}

#[tokio::test]
async fn a_sale_started_without_javascript_opens_and_a_wrong_barcode_comes_back_typed() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let res = plain_post(&app, &c, "sales/new", "/sales", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = app.scalar("SELECT CAST(MAX(id) AS BIGINT) FROM sale").await;
    assert_eq!(location(&res), format!("/sales/{id}"), "the new sale opens");
    let page_of = format!("/sales/{id}");
    let _ = app.text(&c, &page_of).await;

    let lines = app.scalar("SELECT COUNT(*) FROM sale_line").await;
    let res = plain_post(
        &app,
        &c,
        "sales/add_item",
        &page_of,
        &[
            ("id", &id.to_string()),
            ("version", "0"),
            ("barcode", "NO-SUCH-CODE"),
        ],
    )
    .await;
    assert_eq!(location(&res), page_of, "back to the sale");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM sale_line").await,
        lines,
        "nothing added"
    );
    let page = app.text(&c, &page_of).await;
    assert!(
        page.contains(r#"value="NO-SUCH-CODE""#),
        "the barcode typed is still there"
    );
    assert!(
        page.contains(r#"class="field-error""#),
        "with the reason next to it"
    );
}

#[tokio::test]
async fn a_payment_posted_without_javascript_completes_the_sale_and_a_wrong_one_comes_back_typed() {
    let app = TestApp::spawn().await;
    let stores = vec!["上海旗舰店".to_string(), "长沙体验店".to_string()];
    let rows = vitrine_server::goods_gen::generate(10, 1, 99, &stores);
    vitrine_server::services::goods::GoodsService::new(app.db.clone())
        .import_rows(None, rows, 1)
        .await
        .unwrap();
    let c = app.login_as("consultant1").await;
    let res = plain_post(&app, &c, "sales/new", "/sales", &[]).await;
    let page_of = location(&res);
    let id = page_of.trim_start_matches("/sales/").to_string();
    let _ = app.text(&c, &page_of).await;
    let code = app
        .scalar_text(
            "SELECT i.barcode FROM item i JOIN store s ON s.id = i.store_id \
         WHERE s.name = '上海旗舰店' AND i.status = 'in_stock' AND i.material NOT IN \
         (SELECT code FROM dictionary_entry WHERE kind = 'material' AND by_weight = TRUE) \
         ORDER BY i.id LIMIT 1",
        )
        .await;
    let v0 = sale_version(&app, &id).await;
    plain_post(
        &app,
        &c,
        "sales/add_item",
        &page_of,
        &[("id", &id), ("version", &v0), ("barcode", &code)],
    )
    .await;
    let after_add = app.text(&c, &page_of).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM sale_line WHERE sale_id = {id}"
        ))
        .await,
        1,
        "{}",
        after_add
            .split("role=\"alert\"")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(200)
            .collect::<String>()
    );
    // The customer, chosen by number on the sale (a sale needs one).
    let me = app.staff_id("consultant1").await.to_string();
    app.create_reservation(&c, "韦小宝", "13544443333", &me)
        .await
        .unwrap();
    let v = sale_version(&app, &id).await;
    plain_post(
        &app,
        &c,
        "sales/customer",
        &page_of,
        &[("id", &id), ("version", &v), ("mobile", "13544443333")],
    )
    .await;
    let _ = app.text(&c, &page_of).await;
    let total = app
        .scalar(&format!(
            "SELECT CAST(total_fen AS BIGINT) FROM sale WHERE id = {id}"
        ))
        .await;
    let yuan = format!("{}.{:02}", total / 100, total % 100);

    // One yuan short: refused, nothing paid, the amount typed comes back.
    let v1 = sale_version(&app, &id).await;
    let pay = |amount: &str, v: &str| -> Vec<(String, String)> {
        vec![
            ("id".into(), id.clone()),
            ("version".into(), v.into()),
            ("payments[0][method]".into(), "card".into()),
            ("payments[0][amount]".into(), amount.into()),
            ("payments[0][reference]".into(), "".into()),
            ("payments[1][method]".into(), "cash".into()),
            ("payments[1][amount]".into(), "".into()),
            ("payments[1][reference]".into(), "".into()),
        ]
    };
    let short = format!("{}.{:02}", (total - 100) / 100, (total - 100) % 100);
    let form = pay(&short, &v1);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = plain_post(&app, &c, "sales/complete", &page_of, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM sale_payment WHERE sale_id = {id}"
        ))
        .await,
        0
    );
    let page = app.text(&c, &page_of).await;
    assert!(
        page.contains(&format!(r#"value="{short}""#)),
        "the amount typed is kept"
    );
    assert!(
        !page.contains(Msg::ErrNetwork.text(Lang::ZhCn)),
        "a real reason, not a transport error"
    );

    let form = pay(&yuan, &v1);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = plain_post(&app, &c, "sales/complete", &page_of, &form).await;
    let outcome = outcome_of(&res);
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM sale WHERE id = {id} AND status = 'completed'"
        ))
        .await,
        1,
        "the sale is completed: {outcome:?}"
    );
}
