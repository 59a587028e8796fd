//! Shared store tablets (issue 12, item 20): a manager registers the device in hand, staff set
//! their own PIN (password first) and switch on a registered device of their store with it —
//! nowhere else, and not after five wrong tries.

use crate::common::*;
use reqwest::{header, Client, StatusCode};
use serde_json::Value;

const PIN: &str = "480915";

/// Registers the client's device for its manager's store: the device cookie's token.
async fn register(app: &TestApp, c: &Client, name: &str) -> reqwest::Response {
    c.post(app.url("/auth/device"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("name", name)])
        .send()
        .await
        .unwrap()
}

fn device_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vitrine_device="))
        .map(String::from)
}

async fn set_pin(
    app: &TestApp,
    c: &Client,
    password: &str,
    pin: &str,
    confirm: &str,
) -> Result<Value, Value> {
    app.call(
        c,
        "account/set_pin",
        &[
            ("input[password]", password),
            ("input[pin]", pin),
            ("input[confirm]", confirm),
        ],
    )
    .await
}

async fn switch(app: &TestApp, c: &Client, staff_id: i32, pin: &str) -> reqwest::Response {
    c.post(app.url("/auth/pin"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("staff_id", staff_id.to_string().as_str()), ("pin", pin)])
        .send()
        .await
        .unwrap()
}

/// A tablet of manager1's store, registered, with nobody signed in on it.
async fn tablet(app: &TestApp, name: &str) -> Client {
    let c = app.login_as("manager1").await;
    let res = register(app, &c, name).await;
    assert_eq!(location(&res), "/devices?registered=1");
    c.post(app.url("/auth/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    c
}

#[tokio::test]
async fn a_manager_registers_the_tablet_and_staff_switch_on_it_with_their_pin() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let res = register(&app, &manager, "  前台平板 ").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = device_cookie(&res).expect("the device gets its cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age="),
        "{cookie}"
    );
    let token = cookie["vitrine_device=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // Only its hash is kept.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM device WHERE name = '前台平板'")
            .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM device WHERE token_hash = '{token}'"
        ))
        .await,
        0
    );
    let list = app
        .call(&manager, "account/devices", &[("page", "1")])
        .await
        .unwrap();
    assert_eq!(list["this_registered"], true);
    assert_eq!(list["rows"][0]["name"], "前台平板");
    assert_eq!(list["rows"][0]["this_device"], true);

    // 李娜 sets her PIN (her password first); it is stored as a hash.
    let lina = app.login_as("consultant1").await;
    set_pin(&app, &lina, DEMO_PASSWORD, PIN, PIN).await.unwrap();
    assert_eq!(
        app.call(&lina, "account/pin_status", &[]).await.unwrap(),
        true
    );
    let stored = app.scalar_text("SELECT pin_hash FROM staff_pin").await;
    assert!(stored.starts_with("$argon2id$") && !stored.contains(PIN));

    // The tablet's sign-in page lists her (those with a PIN), not the others.
    manager
        .post(app.url("/auth/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    let who = app
        .call(&manager, "account/device_sign_in", &[])
        .await
        .unwrap();
    assert_eq!(who["device_name"], "前台平板");
    assert_eq!(who["store_name"], "上海旗舰店");
    let names: Vec<&str> = who["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["李娜"]);
    let html = app.text(&manager, "/login").await;
    assert!(
        html.contains("data-testid=\"pin-panel\"") && html.contains("李娜"),
        "the sign-in page offers the switch"
    );

    // 王芳 is signed in on the tablet; 李娜 switches in with her PIN: 王芳's session ends.
    let wang = app.login(&manager, "consultant2", DEMO_PASSWORD).await;
    let wang_token = session_token(&wang).unwrap();
    let lina_id = app.staff_id("consultant1").await;
    let res = switch(&app, &manager, lina_id, PIN).await;
    assert_eq!(location(&res), "/");
    assert!(session_token(&res).is_some());
    let wang_id = vitrine_server::auth::session::token_id(&wang_token);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM session WHERE id = '{wang_id}'"
        ))
        .await,
        0
    );
    let me = app.call(&manager, "account/me", &[]).await.unwrap();
    assert_eq!(me["username"], "consultant1");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.pin_switch'")
            .await,
        1
    );
    assert!(
        app.scalar("SELECT COUNT(*) FROM device WHERE last_used_at IS NOT NULL")
            .await
            == 1
    );
    drop(token);
}

#[tokio::test]
async fn a_pin_works_only_on_a_registered_device_of_the_persons_store() {
    let app = TestApp::spawn().await;
    let lina = app.login_as("consultant1").await;
    set_pin(&app, &lina, DEMO_PASSWORD, PIN, PIN).await.unwrap();
    let lina_id = app.staff_id("consultant1").await;
    let sessions = app.scalar("SELECT COUNT(*) FROM session").await;

    // No device cookie at all: back to the password.
    let res = switch(&app, &app.client(), lina_id, PIN).await;
    assert!(
        location(&res).starts_with("/login?error=device"),
        "{}",
        location(&res)
    );
    // A made-up device cookie.
    let forged = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = forged
        .post(app.url("/auth/pin"))
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, "vitrine_device=made-up-token")
        .form(&[("staff_id", lina_id.to_string()), ("pin", PIN.to_string())])
        .send()
        .await
        .unwrap();
    assert!(location(&res).starts_with("/login?error=device"));

    // Changsha's registered tablet: her PIN is refused there, like a wrong one.
    let changsha = app.login_as("manager2").await;
    register(&app, &changsha, "长沙平板").await;
    let res = switch(&app, &changsha, lina_id, PIN).await;
    assert!(
        location(&res).starts_with("/login?error=pin"),
        "{}",
        location(&res)
    );
    let me = app.call(&changsha, "account/me", &[]).await.unwrap();
    assert_eq!(me["username"], "manager2", "still the manager, not her");

    // Shanghai's tablet, retired: refused.
    let shanghai = tablet(&app, "前台平板").await;
    let manager = app.login_as("manager1").await;
    let id = app
        .scalar("SELECT CAST(id AS BIGINT) FROM device WHERE name = '前台平板'")
        .await;
    app.call(
        &manager,
        "account/revoke_device",
        &[("id", &id.to_string())],
    )
    .await
    .unwrap();
    let res = switch(&app, &shanghai, lina_id, PIN).await;
    assert!(location(&res).starts_with("/login?error=device"));
    assert_eq!(
        app.call(&shanghai, "account/device_sign_in", &[])
            .await
            .unwrap(),
        Value::Null,
        "a retired device lists nobody"
    );
    // Nobody was signed in by any of it (the two managers' own sign-ins aside).
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM session").await,
        sessions + 2
    );
}

#[tokio::test]
async fn five_wrong_pins_lock_the_pin_and_the_password_still_works() {
    let app = TestApp::spawn().await;
    let lina = app.login_as("consultant1").await;
    set_pin(&app, &lina, DEMO_PASSWORD, PIN, PIN).await.unwrap();
    let lina_id = app.staff_id("consultant1").await;
    let device = tablet(&app, "前台平板").await;
    for wrong in ["000001", "480916", "12", "abcdef", "999999"] {
        let res = switch(&app, &device, lina_id, wrong).await;
        assert!(
            location(&res).starts_with("/login?error=pin&who="),
            "{wrong}: {}",
            location(&res)
        );
    }
    // The right PIN no longer works; one audit row says so however often it is tried.
    for _ in 0..3 {
        let res = switch(&app, &device, lina_id, PIN).await;
        assert!(
            location(&res).starts_with("/login?error=pin_locked"),
            "{}",
            location(&res)
        );
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.pin_throttled'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.pin_failed'")
            .await,
        5
    );
    // Her password still signs her in.
    app.login_as("consultant1").await;
}

#[tokio::test]
async fn setting_a_pin_takes_the_password_and_refuses_first_guesses_writing_nothing() {
    let app = TestApp::spawn().await;
    let lina = app.login_as("consultant1").await;
    let field = |e: Value| e.to_string();
    let e = set_pin(&app, &lina, "not-my-password", PIN, PIN)
        .await
        .unwrap_err();
    assert!(field(e).contains("ErrWrongPassword"));
    let e = set_pin(&app, &lina, DEMO_PASSWORD, "123456", "123456")
        .await
        .unwrap_err();
    assert!(field(e).contains("ErrPinTooSimple"));
    let e = set_pin(&app, &lina, DEMO_PASSWORD, PIN, "480916")
        .await
        .unwrap_err();
    assert!(field(e).contains("ErrPinMismatch"));
    let e = set_pin(&app, &lina, DEMO_PASSWORD, "4809\u{1b}5", "4809\u{1b}5")
        .await
        .unwrap_err();
    assert!(field(e).contains("ErrPinFormat"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM staff_pin").await, 0);
    // Head office has no store, so no device to switch on.
    let hq = app.login_as("hq").await;
    let res = set_pin(&app, &hq, DEMO_PASSWORD, PIN, PIN).await;
    assert!(res.is_err());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM staff_pin").await, 0);
    // Removing it takes her off the devices.
    set_pin(&app, &lina, DEMO_PASSWORD, PIN, PIN).await.unwrap();
    app.call(&lina, "account/clear_pin", &[]).await.unwrap();
    assert_eq!(app.scalar("SELECT COUNT(*) FROM staff_pin").await, 0);
    assert_eq!(
        app.call(&lina, "account/pin_status", &[]).await.unwrap(),
        false
    );
}

#[tokio::test]
async fn managers_see_and_retire_only_their_own_stores_devices_once() {
    let app = TestApp::spawn().await;
    tablet(&app, "前台平板").await;
    let id = app
        .scalar("SELECT CAST(id AS BIGINT) FROM device")
        .await
        .to_string();
    let changsha = app.login_as("manager2").await;
    let list = app
        .call(&changsha, "account/devices", &[("page", "1")])
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "another store's devices are not listed");
    let e = app
        .call(&changsha, "account/revoke_device", &[("id", &id)])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("NotFound"), "{e}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM device WHERE revoked_at IS NULL")
            .await,
        1
    );
    // Two managers' devices retire it at once: one wins, the other is told it is gone.
    let a = app.login_as("manager1").await;
    let b = app.login_as("manager1").await;
    let args = [("id", id.as_str())];
    let (ra, rb) = tokio::join!(
        app.call(&a, "account/revoke_device", &args),
        app.call(&b, "account/revoke_device", &args)
    );
    assert_eq!(
        u8::from(ra.is_ok()) + u8::from(rb.is_ok()),
        1,
        "{ra:?} {rb:?}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'device.revoke'")
            .await,
        1
    );
    // A device name is checked like any text: the form gets it back with the reason.
    let res = register(&app, &a, "平板\u{1b}[31m").await;
    let to = location(&res);
    assert!(
        to.starts_with("/devices?error=ErrControlChars&name="),
        "{to}"
    );
    let res = register(&app, &a, "").await;
    assert!(location(&res).starts_with("/devices?error=ErrRequired"));
    // Only managers register: a consultant is refused, nothing is written.
    let lina = app.login_as("consultant1").await;
    let res = register(&app, &lina, "我的手机").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM device").await, 1);
}
