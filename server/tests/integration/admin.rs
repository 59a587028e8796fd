//! Administration through the real server functions: authorization, validation, audit.

use crate::common::*;
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};

fn store_args<'a>(name: &'a str, city: &'a str, tz: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("input[name]", name),
        ("input[city]", city),
        ("input[address]", "杭州市西湖区湖滨路28号"),
        ("input[phone]", "0571-87000000"),
        ("input[time_zone]", tz),
    ]
}

/// Every admin server function with plausible arguments.
fn admin_calls() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("admin/stores", PAGE1.to_vec()),
        ("admin/store", vec![("id", "1")]),
        (
            "admin/create_store",
            store_args("杭州体验店", "杭州", "Asia/Shanghai"),
        ),
        ("admin/update_store", {
            let mut a = store_args("上海旗舰店", "上海", "Asia/Shanghai");
            a.push(("id", "1"));
            a
        }),
        (
            "admin/set_store_active",
            vec![("id", "1"), ("active", "false")],
        ),
        ("admin/staff", {
            let mut a = PAGE1.to_vec();
            a.push(("filter[q]", ""));
            a
        }),
        ("admin/staff_member", vec![("id", "1")]),
        (
            "admin/create_staff",
            vec![
                ("input[username]", "intruder"),
                ("input[display_name]", "x"),
                ("input[role]", "admin"),
                ("input[store_id]", ""),
                ("input[password]", "a-long-password"),
                ("input[lang]", "zh-CN"),
            ],
        ),
        (
            "admin/update_staff",
            vec![
                ("id", "4"),
                ("input[display_name]", "x"),
                ("input[role]", "admin"),
                ("input[store_id]", ""),
            ],
        ),
        (
            "admin/set_staff_active",
            vec![("id", "1"), ("active", "false")],
        ),
        (
            "admin/reset_password",
            vec![("id", "1"), ("password", "a-long-password")],
        ),
        ("admin/dictionary", vec![("kind", "material")]),
        (
            "admin/create_dict_entry",
            vec![
                ("input[kind]", "material"),
                ("input[code]", "X"),
                ("input[label_zh]", "x"),
                ("input[label_en]", "x"),
                ("input[sort_order]", "1"),
            ],
        ),
        (
            "admin/update_dict_entry",
            vec![
                ("id", "1"),
                ("input[kind]", "need_level"),
                ("input[code]", "X"),
                ("input[label_zh]", "x"),
                ("input[label_en]", "x"),
                ("input[sort_order]", "1"),
            ],
        ),
        (
            "admin/set_dict_active",
            vec![("id", "1"), ("active", "false")],
        ),
        ("admin/audit", {
            let mut a = PAGE1.to_vec();
            a.push(("filter[action]", ""));
            a
        }),
        ("admin/tokens", PAGE1.to_vec()),
        ("admin/create_token", vec![("name", "intruder")]),
        ("admin/revoke_token", vec![("id", "1")]),
    ]
}

async fn fingerprint(app: &TestApp) -> (i64, i64, i64, i64, i64, i64) {
    (
        app.scalar("SELECT COUNT(*) FROM api_token WHERE revoked_at IS NULL")
            .await,
        app.scalar("SELECT COUNT(*) FROM store WHERE active = true")
            .await,
        app.scalar("SELECT COUNT(*) FROM staff WHERE active = true")
            .await,
        app.scalar("SELECT COUNT(*) FROM dictionary_entry WHERE active = true")
            .await,
        app.scalar("SELECT COUNT(*) FROM staff WHERE role = 'admin'")
            .await,
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'auth.%'")
            .await,
    )
}

#[tokio::test]
async fn no_other_role_may_call_any_admin_function() {
    let app = TestApp::spawn().await;
    let before = fingerprint(&app).await;
    for who in ["consultant1", "manager1", "hq"] {
        let c = app.login_as(who).await;
        for (endpoint, args) in admin_calls() {
            let err = app.call(&c, endpoint, &args).await.expect_err(endpoint);
            assert_eq!(err, Value::String("Forbidden".into()), "{who} → {endpoint}");
        }
    }
    let anonymous = app.client();
    for (endpoint, args) in admin_calls() {
        let err = app
            .call(&anonymous, endpoint, &args)
            .await
            .expect_err(endpoint);
        assert_eq!(
            err,
            Value::String("Unauthorized".into()),
            "anonymous → {endpoint}"
        );
    }
    assert_eq!(fingerprint(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn admin_pages_answer_403_to_non_admins() {
    let app = TestApp::spawn().await;
    for who in ["consultant1", "manager1", "hq"] {
        let c = app.login_as(who).await;
        for path in [
            "/admin/staff",
            "/admin/stores",
            "/admin/audit",
            "/admin/tokens",
            "/admin",
        ] {
            let res = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who} {path}");
            assert!(res.text().await.unwrap().contains("无权访问此页面"));
        }
    }
    let admin = app.login_as("admin").await;
    let res = admin.get(app.url("/admin/staff")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("consultant5"), "server-rendered staff list");
}

#[tokio::test]
async fn admin_creates_a_store_and_a_staff_member_who_can_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let store_id = app
        .call(
            &admin,
            "admin/create_store",
            &store_args("杭州体验店", "杭州", "Asia/Shanghai"),
        )
        .await
        .unwrap();
    let store_id = store_id.as_i64().unwrap().to_string();
    let staff_id = app
        .call(
            &admin,
            "admin/create_staff",
            &[
                ("input[username]", "consultant6"),
                ("input[display_name]", "钱多多"),
                ("input[role]", "consultant"),
                ("input[store_id]", &store_id),
                ("input[password]", "hangzhou-2026"),
                ("input[lang]", "en"),
            ],
        )
        .await
        .unwrap();
    assert!(staff_id.as_i64().unwrap() > 0);
    let c = app.client();
    let res = app.login(&c, "consultant6", "hangzhou-2026").await;
    assert_eq!(location(&res), "/");
    let home = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("钱多多") && home.contains("杭州体验店"));
    assert!(home.contains("Workspace"), "their language is English");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'store.create' AND after LIKE '%杭州体验店%'").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.create' AND after LIKE '%consultant6%'").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE after LIKE '%hangzhou-2026%' OR before LIKE '%hangzhou-2026%'").await,
        0,
        "passwords never reach the audit log"
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let before = app.scalar("SELECT COUNT(*) FROM store").await;
    let err = app
        .call(
            &admin,
            "admin/create_store",
            &store_args(" ", "上海", "Mars/Olympus"),
        )
        .await
        .unwrap_err();
    let fields: Vec<(String, String)> = err["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["msg"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("name".into(), "ErrRequired".into()),
            ("time_zone".into(), "ErrTimeZone".into())
        ]
    );
    let dup = app
        .call(
            &admin,
            "admin/create_store",
            &store_args("上海旗舰店", "上海", "Asia/Shanghai"),
        )
        .await
        .unwrap_err();
    assert_eq!(dup["Validation"][0]["msg"], "ErrNameTaken");
    let dup_user = app
        .call(
            &admin,
            "admin/create_staff",
            &[
                ("input[username]", "consultant1"),
                ("input[display_name]", "重复"),
                ("input[role]", "consultant"),
                ("input[store_id]", "1"),
                ("input[password]", "a-long-password"),
                ("input[lang]", "zh-CN"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(dup_user["Validation"][0]["msg"], "ErrUsernameTaken");
    let bad_store = app
        .call(
            &admin,
            "admin/create_staff",
            &[
                ("input[username]", "ghost"),
                ("input[display_name]", "幽灵"),
                ("input[role]", "consultant"),
                ("input[store_id]", "999"),
                ("input[password]", "a-long-password"),
                ("input[lang]", "zh-CN"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(bad_store["Validation"][0]["msg"], "ErrUnknownStore");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM store").await, before);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM staff WHERE username = 'ghost'")
            .await,
        0
    );
}

#[tokio::test]
async fn editing_a_store_keeps_before_and_after_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let mut args = store_args("上海旗舰店", "上海", "Asia/Shanghai");
    args.retain(|(k, _)| *k != "input[address]");
    args.push(("input[address]", "上海市黄浦区淮海中路99号"));
    args.push(("id", "1"));
    app.call(&admin, "admin/update_store", &args).await.unwrap();
    let store = app
        .call(&admin, "admin/store", &[("id", "1")])
        .await
        .unwrap();
    assert_eq!(store["address"], "上海市黄浦区淮海中路99号");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'store.update' AND before LIKE '%南京西路%' AND after LIKE '%淮海中路%'").await,
        1
    );
    let missing = app
        .call(&admin, "admin/store", &[("id", "4242")])
        .await
        .unwrap_err();
    assert_eq!(missing, Value::String("NotFound".into()));
}

#[tokio::test]
async fn resetting_a_password_ends_sessions_and_the_new_one_works() {
    let app = TestApp::spawn().await;
    let consultant = app.login_as("consultant4").await;
    let admin = app.login_as("admin").await;
    let id = app.staff_id("consultant4").await.to_string();
    let short = app
        .call(
            &admin,
            "admin/reset_password",
            &[("id", &id), ("password", "short")],
        )
        .await
        .unwrap_err();
    assert_eq!(short["Validation"][0]["msg"], "ErrPasswordLength");
    app.call(
        &admin,
        "admin/reset_password",
        &[("id", &id), ("password", "changsha-new-pass")],
    )
    .await
    .unwrap();
    let res = consultant.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&app.login(&app.client(), "consultant4", DEMO_PASSWORD).await),
        "/login?error=invalid"
    );
    assert_eq!(
        location(
            &app.login(&app.client(), "consultant4", "changsha-new-pass")
                .await
        ),
        "/"
    );
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let id = app.staff_id("admin").await.to_string();
    let err = app
        .call(
            &admin,
            "admin/set_staff_active",
            &[("id", &id), ("active", "false")],
        )
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrCannotDisableSelf");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM staff WHERE username = 'admin' AND active = true")
            .await,
        1
    );
}

#[tokio::test]
async fn staff_list_filters_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let mut args = PAGE1.to_vec();
    args.retain(|(k, _)| *k != "req[sort]" && *k != "req[desc]" && *k != "req[per_page]");
    args.extend([
        ("req[sort]", "username"),
        ("req[desc]", "true"),
        ("req[per_page]", "2"),
        ("filter[q]", "consultant"),
        ("filter[store_id]", "1"),
    ]);
    let page = app.call(&admin, "admin/staff", &args).await.unwrap();
    assert_eq!(page["total"], 3, "three consultants in Shanghai");
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["consultant3", "consultant2"]);
    args.retain(|(k, _)| *k != "req[page]");
    args.push(("req[page]", "2"));
    let page2 = app.call(&admin, "admin/staff", &args).await.unwrap();
    let names: Vec<&str> = page2["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["consultant1"]);
}

#[tokio::test]
async fn dictionaries_are_editable_and_codes_unique_per_kind() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let new = |code: &'static str| {
        vec![
            ("input[kind]", "source"),
            ("input[code]", code),
            ("input[label_zh]", "小红书"),
            ("input[label_en]", "Xiaohongshu"),
            ("input[sort_order]", "20"),
        ]
    };
    app.call(&admin, "admin/create_dict_entry", &new("XHS"))
        .await
        .unwrap();
    let dup = app
        .call(&admin, "admin/create_dict_entry", &new("XHS"))
        .await
        .unwrap_err();
    assert_eq!(dup["Validation"][0]["msg"], "ErrCodeTaken");
    let list = app
        .call(&admin, "admin/dictionary", &[("kind", "source")])
        .await
        .unwrap();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["code"] == "XHS" && e["label_zh"] == "小红书"));
    let bad_kind = app
        .call(&admin, "admin/dictionary", &[("kind", "colour")])
        .await
        .unwrap_err();
    assert_eq!(bad_kind["Validation"][0]["msg"], "ErrUnknownKind");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'dictionary.create' AND actor_name <> '{}'",
            vitrine_server::seed::DEMO_ACTOR
        ))
        .await,
        1,
        "the demo's own dictionary entries aside"
    );
}

#[tokio::test]
async fn the_audit_log_is_browsable_and_filterable() {
    let app = TestApp::spawn().await;
    let _failed = app
        .login(&app.client(), "consultant1", "nope-nope-nope")
        .await;
    let admin = app.login_as("admin").await;
    let mut args = PAGE1.to_vec();
    args.retain(|(k, _)| *k != "req[desc]");
    args.extend([("req[desc]", "true"), ("filter[action]", "auth.")]);
    let page = app.call(&admin, "admin/audit", &args).await.unwrap();
    let actions: Vec<&str> = page["rows"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["auth.login", "auth.login_failed"],
        "newest first, auth only"
    );
    let html = admin
        .get(app.url("/admin/audit?action=auth."))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Server-rendered, in words.
    assert!(
        html.contains("登录失败") && html.contains("密码错误"),
        "{html}"
    );
}

#[tokio::test]
async fn demo_seed_is_idempotent() {
    let app = TestApp::spawn().await;
    let before = (
        app.scalar("SELECT COUNT(*) FROM store").await,
        app.scalar("SELECT COUNT(*) FROM staff").await,
        app.scalar("SELECT COUNT(*) FROM dictionary_entry").await,
    );
    assert_eq!(before, (2, 9, 15));
    let first = vitrine_server::seed::demo(&app.db).await.unwrap();
    assert_eq!((first.stores, first.staff, first.dictionary), (0, 0, 0));
    assert!(first.reservations >= 40, "{first:?}");
    assert_eq!(
        app.scalar("SELECT COUNT(DISTINCT status) FROM reservation")
            .await,
        5,
        "every status"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(DISTINCT service) FROM reservation")
            .await,
        4,
        "every service state"
    );
    let again = vitrine_server::seed::demo(&app.db).await.unwrap();
    assert_eq!(again, vitrine_server::seed::Report::default());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM staff").await, 9);
}

#[tokio::test]
async fn language_choice_is_remembered() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant2").await;
    app.call(&c, "account/set_language", &[("lang", "en")])
        .await
        .unwrap();
    let home = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Sign out"));
    assert!(home.contains(r#"lang="en""#));
}

#[tokio::test]
async fn admin_makes_an_erp_token_that_syncs_until_it_is_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let err = app
        .call(&admin, "admin/create_token", &[("name", "  ")])
        .await
        .expect_err("a blank name");
    assert_eq!(err["Validation"][0]["field"], "name", "{err}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM api_token").await, 0);
    // The token is answered once; only its hash is stored.
    let token = app
        .call(&admin, "admin/create_token", &[("name", " SAP PI 生产 ")])
        .await
        .unwrap();
    let token = token.as_str().unwrap().to_string();
    assert!(token.starts_with("vt_") && token.len() > 40, "{token}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM api_token WHERE name = 'SAP PI 生产' AND token_hash = '{}'",
            vitrine_server::http::goods::token_hash(&token)
        ))
        .await,
        1
    );
    let sync = |t: String| {
        let url = app.url("/api/v1/items:sync");
        async move {
            reqwest::Client::new()
                .post(url)
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .json(&serde_json::json!([]))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(sync(token.clone()).await, StatusCode::OK);
    let list = app.call(&admin, "admin/tokens", PAGE1).await.unwrap();
    assert_eq!(list["total"], 1, "{list}");
    let row = &list["items"][0];
    assert_eq!(row["name"], "SAP PI 生产");
    assert_eq!(row["created_by"], "系统管理员", "{row}");
    assert!(!row["last_used_at"].is_null(), "the sync is seen: {row}");
    assert!(row["revoked_at"].is_null());
    assert!(
        !list.to_string().contains(&token[3..]),
        "the list never holds the secret"
    );
    let id = row["id"].as_i64().unwrap().to_string();
    app.call(&admin, "admin/revoke_token", &[("id", id.as_str())])
        .await
        .unwrap();
    assert_eq!(sync(token.clone()).await, StatusCode::UNAUTHORIZED);
    // Revoking again changes nothing; an unknown token is not found.
    app.call(&admin, "admin/revoke_token", &[("id", id.as_str())])
        .await
        .unwrap();
    let err = app
        .call(&admin, "admin/revoke_token", &[("id", "4242")])
        .await
        .expect_err("unknown token");
    assert_eq!(err, Value::String("NotFound".into()));
    let admin_id = app.staff_id("admin").await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('api_token.create', 'api_token.revoke') AND actor_id = {admin_id} AND entity_id = '{id}'"
        ))
        .await,
        2,
        "made and revoked once each, by the admin"
    );
    // The page lists it as revoked, server-rendered.
    let html = admin
        .get(app.url("/admin/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("SAP PI 生产") && html.contains("已撤销"),
        "{html}"
    );
}

/// A material head office marks as priced by weight takes a gold price of the day (and only
/// then); another kind of entry cannot be priced by weight, and the refusal writes nothing.
#[tokio::test]
async fn a_material_marked_priced_by_weight_takes_the_days_gold_price() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let hq = app.login_as("hq").await;
    let entry = |kind: &'static str, by_weight: bool| {
        let mut form = vec![
            ("input[kind]", kind),
            ("input[code]", "AU9999"),
            ("input[label_zh]", "万足金 AU9999"),
            ("input[label_en]", "Pure gold AU9999"),
            ("input[sort_order]", "9"),
        ];
        if by_weight {
            form.push(("input[by_weight]", "on"));
        }
        form
    };
    let price = [("material", "AU9999"), ("price", "612.50")];
    let refused = app
        .call(&admin, "admin/create_dict_entry", &entry("source", true))
        .await
        .unwrap_err();
    assert_eq!(refused["Validation"][0]["field"], "by_weight");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM dictionary_entry WHERE code = 'AU9999'")
            .await,
        0
    );
    // Entered as a plain material it has no gold price…
    app.call(&admin, "admin/create_dict_entry", &entry("material", false))
        .await
        .unwrap();
    let no = app
        .call(&hq, "sales/set_gold_price", &price)
        .await
        .unwrap_err();
    assert_eq!(no["Validation"][0]["msg"], "ErrNotWeightPriced");
    // …until it is marked priced by weight.
    let id = app
        .scalar("SELECT CAST(id AS BIGINT) FROM dictionary_entry WHERE code = 'AU9999'")
        .await
        .to_string();
    let mut update = entry("material", true);
    update.push(("id", id.as_str()));
    app.call(&admin, "admin/update_dict_entry", &update)
        .await
        .unwrap();
    app.call(&hq, "sales/set_gold_price", &price).await.unwrap();
    let prices = app.call(&hq, "sales/gold_prices", &[]).await.unwrap();
    assert!(
        prices
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["material"] == "AU9999"),
        "{prices}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dictionary.update' AND after LIKE '%\"by_weight\":true%'")
            .await,
        1
    );
}

/// The next `weekday` (0 = Monday) at least two days ahead, in Shanghai, at `hh:mm` local,
/// as the staff form and the public page type it (`YYYY-MM-DDTHH:MM`).
fn next_weekday_at(weekday: u32, hh: u32, mm: u32) -> String {
    use chrono::Datelike;
    let zone = app::domain::time::Zone::Shanghai;
    let mut day = zone.date_of(chrono::Utc::now()) + chrono::Duration::days(2);
    while day.weekday().num_days_from_monday() != weekday {
        day += chrono::Duration::days(1);
    }
    format!("{day}T{hh:02}:{mm:02}")
}

#[tokio::test]
async fn store_rules_are_edited_on_the_store_page_and_the_public_page_keeps_to_the_hours() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let store = |extra: Vec<(&'static str, &'static str)>| {
        let mut a = store_args("上海旗舰店", "上海", "Asia/Shanghai");
        a.push(("id", "1"));
        a.extend(extra);
        a
    };
    let mut rules = vec![
        ("input[min_zhe]", "8.5"),
        ("input[return_days]", "15"),
        ("input[closed_1]", "on"),
        ("input[open_2]", "09:30"),
        ("input[close_2]", "21:00"),
    ];
    for (o, c) in [
        ("input[open_3]", "input[close_3]"),
        ("input[open_4]", "input[close_4]"),
        ("input[open_5]", "input[close_5]"),
        ("input[open_6]", "input[close_6]"),
        ("input[open_7]", "input[close_7]"),
    ] {
        rules.push((o, "10:00"));
        rules.push((c, "22:00"));
    }
    app.call(&admin, "admin/update_store", &store(rules.clone()))
        .await
        .unwrap();
    let s = app
        .call(&admin, "admin/store", &[("id", "1")])
        .await
        .unwrap();
    assert_eq!(s["min_zhe"], "8.5", "{s}");
    assert_eq!(s["return_days"], 15);
    assert_eq!(s["opening_hours"][0], Value::Null, "closed on Mondays: {s}");
    assert_eq!(s["opening_hours"][1][0], "09:30:00", "{s}");
    assert_eq!(
        app.scalar("SELECT CAST(discount_limit_bp AS BIGINT) FROM store WHERE id = 1")
            .await,
        1500
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'store.update' \
             AND after LIKE '%\"discount_limit_bp\":1500%' AND after LIKE '%\"return_days\":15%' \
             AND before LIKE '%\"discount_limit_bp\":1000%'"
        )
        .await,
        1
    );
    // Wrong values are named by field (and the weekday's row); nothing changes.
    let stored = app
        .scalar_text("SELECT opening_hours FROM store WHERE id = 1")
        .await;
    let mut bad = rules.clone();
    bad.retain(|(k, _)| !["input[min_zhe]", "input[return_days]", "input[close_3]"].contains(k));
    bad.extend([
        ("input[min_zhe]", "11"),
        ("input[return_days]", "-1"),
        ("input[close_3]", "08:00"),
    ]);
    let err = app
        .call(&admin, "admin/update_store", &store(bad))
        .await
        .unwrap_err();
    let fields = named(&err);
    assert_eq!(
        fields,
        [
            ("min_zhe", "ErrLimitZhe"),
            ("return_days", "ErrReturnDays"),
            ("hours_3", "ErrHoursOrder")
        ]
    );
    assert_eq!(
        app.scalar_text("SELECT opening_hours FROM store WHERE id = 1")
            .await,
        stored
    );
    // An edit that leaves the rules out keeps them.
    app.call(&admin, "admin/update_store", &store(vec![]))
        .await
        .unwrap();
    assert_eq!(
        app.scalar("SELECT CAST(return_days AS BIGINT) FROM store WHERE id = 1")
            .await,
        15
    );

    // The public page books only while the store is open.
    let before = app.scalar("SELECT COUNT(*) FROM reservation").await;
    let book = |visit: String, phone: &'static str| {
        let app = &app;
        async move {
            app.call(
                &app.client(),
                "public/book",
                &[
                    ("booking[name]", "网上顾客"),
                    ("booking[phone]", phone),
                    ("booking[store]", "1"),
                    ("booking[visit_at]", visit.as_str()),
                    ("booking[needs]", ""),
                    ("booking[email]", ""),
                ],
            )
            .await
        }
    };
    for (visit, phone) in [
        (next_weekday_at(0, 12, 0), "13600000201"), // Monday: closed
        (next_weekday_at(1, 9, 0), "13600000202"),  // Tuesday before 09:30
        (next_weekday_at(1, 21, 0), "13600000203"), // Tuesday at closing time
    ] {
        let err = book(visit.clone(), phone).await.unwrap_err();
        assert_eq!(err["Validation"][0]["field"], "visit_at", "{visit}: {err}");
        assert_eq!(err["Validation"][0]["msg"], "ErrStoreClosedThen", "{visit}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reservation").await, before);
    book(next_weekday_at(1, 9, 30), "13600000204")
        .await
        .unwrap();
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM reservation").await,
        before + 1
    );
    // The staff form books a Monday visit (a customer may be met by appointment) and warns.
    let manager = app.login_as("manager1").await;
    let staff_books = |name: &'static str, mobile: &'static str, visit: String| {
        let (app, manager) = (&app, &manager);
        async move {
            app.call(
                manager,
                "reservations/create",
                &[
                    ("input[name]", name),
                    ("input[mobile]", mobile),
                    ("input[store_id]", "1"),
                    ("input[consultant_id]", "auto"),
                    ("input[visit_at]", visit.as_str()),
                    ("input[source]", ""),
                    ("input[needs]", ""),
                    ("input[need_level]", ""),
                ],
            )
            .await
            .unwrap()
        }
    };
    let created = staff_books("约见顾客", "13600000205", next_weekday_at(0, 15, 0)).await;
    assert_eq!(created["outside_hours"]["weekday"], 0, "{created}");
    assert_eq!(created["outside_hours"]["hours"], Value::Null, "{created}");
    let created = staff_books("约见顾客二", "13600000206", next_weekday_at(1, 15, 0)).await;
    assert_eq!(created["outside_hours"], Value::Null, "{created}");
}

/// The (field, message key) pairs of a validation error.
fn named(err: &Value) -> Vec<(&str, &str)> {
    err["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["msg"].as_str().unwrap()))
        .collect()
}

/// A multipart form with one file field `logo` (or the remove button), as a browser sends it.
async fn post_logo(app: &TestApp, c: &Client, field: &str, bytes: &[u8]) -> reqwest::Response {
    let boundary = "----vitrine-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    c.post(app.url("/admin/chain/logo"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_chain_sets_its_name_signature_and_logo_and_the_booking_page_shows_them() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let manager = app.login_as("manager1").await;
    let anonymous = app.client();
    let chain = app.call(&anonymous, "chain", &[]).await.unwrap();
    assert_eq!(
        (
            chain["name"].as_str(),
            chain["sms_signature"].as_str(),
            &chain["logo_version"],
            chain["version"].as_i64()
        ),
        (
            Some("Vitrine珠宝"),
            Some("Vitrine珠宝"),
            &Value::Null,
            Some(0)
        )
    );
    let set = |name: &'static str, sig: &'static str, version: &'static str| {
        vec![
            ("input[name]", name),
            ("input[sms_signature]", sig),
            ("version", version),
        ]
    };
    // Refused and nothing written: a manager; an empty name and a one-character signature
    // (both named); a signature with a space.
    let audits = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'chain.%'")
        .await;
    assert!(app
        .call(
            &manager,
            "admin/update_chain",
            &set("上海珠宝", "上海珠宝", "0")
        )
        .await
        .is_err());
    let err = app
        .call(&admin, "admin/update_chain", &set(" ", "珠", "0"))
        .await
        .unwrap_err();
    let fields = named(&err);
    assert_eq!(
        fields,
        [
            ("name", "ErrRequired"),
            ("sms_signature", "ErrSmsSignature")
        ]
    );
    assert!(app
        .call(
            &admin,
            "admin/update_chain",
            &set("上海珠宝", "上海 珠宝", "0")
        )
        .await
        .is_err());
    assert_eq!(app.call(&anonymous, "chain", &[]).await.unwrap(), chain);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'chain.%'")
            .await,
        audits
    );

    // Saved (the typed brackets are the gateway's and come off), audited; a second device
    // still holding version 0 is refused rather than overwriting.
    app.call(
        &admin,
        "admin/update_chain",
        &set(" 上海珠宝 ", "【上海珠宝】", "0"),
    )
    .await
    .unwrap();
    let chain = app.call(&anonymous, "chain", &[]).await.unwrap();
    assert_eq!(chain["name"], "上海珠宝");
    assert_eq!(chain["sms_signature"], "上海珠宝");
    assert_eq!(chain["version"], 1);
    let stale = app
        .call(
            &admin,
            "admin/update_chain",
            &set("别的名字", "别的名字", "0"),
        )
        .await
        .unwrap_err();
    assert_eq!(stale, json!({ "Conflict": "ErrSettingsChanged" }));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'chain.update' AND before LIKE '%Vitrine珠宝%' AND after LIKE '%上海珠宝%'").await,
        1
    );

    // The logo: a PNG is kept and served; an SVG, an empty file and an oversized one are
    // refused with what to fix, the logo unchanged; a manager cannot upload.
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 64]].concat();
    let res = post_logo(&app, &admin, "logo", &png).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/chain?logo=saved");
    let v1 = app.call(&anonymous, "chain", &[]).await.unwrap()["logo_version"].clone();
    assert!(v1.is_i64(), "{v1}");
    let served = anonymous
        .get(app.url("/chain/logo?v=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert!(served.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());
    for (bytes, code) in [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec(),
            "not_an_image",
        ),
        (Vec::new(), "empty"),
        (
            [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0u8; 300 * 1024]].concat(),
            "too_large",
        ),
    ] {
        let res = post_logo(&app, &admin, "logo", &bytes).await;
        assert_eq!(location(&res), format!("/admin/chain?logo={code}"));
    }
    assert_eq!(
        post_logo(&app, &manager, "logo", &png).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(&anonymous, "chain", &[]).await.unwrap()["logo_version"],
        v1,
        "refused uploads changed nothing"
    );

    // The public booking page carries the chain's name and logo, not the software's.
    let book = app.text(&anonymous, "/book").await;
    assert!(book.contains("上海珠宝"), "{book}");
    assert!(book.contains(&format!("/chain/logo?v={v1}")), "{book}");

    let res = post_logo(&app, &admin, "remove", b"1").await;
    assert_eq!(location(&res), "/admin/chain?logo=removed");
    assert_eq!(
        anonymous
            .get(app.url("/chain/logo"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'chain.logo'")
            .await,
        2
    );
}

#[tokio::test]
async fn the_chain_settings_page_works_as_plain_forms_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let manager = app.login_as("manager1").await;
    let page = admin.get(app.url("/admin/chain")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("连锁设置") && html.contains("value=\"Vitrine珠宝\""),
        "{html}"
    );
    assert!(html.contains("name=\"version\" value=\"0\""), "{html}");
    let post = |c: &Client, args: Vec<(&'static str, &'static str)>| {
        c.post(app.url("/admin/chain"))
            .header("sec-fetch-site", "same-origin")
            .form(&args)
            .send()
    };
    // A manager: refused, nothing written.
    let res = post(
        &manager,
        vec![
            ("name", "X珠宝"),
            ("sms_signature", "X珠宝"),
            ("version", "0"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A signature the gateway would refuse: the page again, what was typed kept, the field named.
    let res = post(
        &admin,
        vec![
            ("name", "上海珠宝"),
            ("sms_signature", "珠"),
            ("version", "0"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("value=\"上海珠宝\"") && html.contains("value=\"珠\""),
        "{html}"
    );
    assert!(html.contains("短信签名须为2–12个汉字"), "{html}");
    assert_eq!(app.call(&admin, "chain", &[]).await.unwrap()["version"], 0);
    // Saved, then a second device still on version 0 is told, not obeyed.
    let res = post(
        &admin,
        vec![
            ("name", "上海珠宝"),
            ("sms_signature", "上海珠宝"),
            ("version", "0"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/chain?saved=1");
    let res = post(
        &admin,
        vec![
            ("name", "别的"),
            ("sms_signature", "别的名字"),
            ("version", "0"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("设置已被他人修改"));
    assert_eq!(
        app.call(&admin, "chain", &[]).await.unwrap()["name"],
        "上海珠宝"
    );
    let html = app.text(&admin, "/admin/chain?saved=1").await;
    assert!(
        html.contains("已保存") && html.contains("【上海珠宝】"),
        "{html}"
    );
}
