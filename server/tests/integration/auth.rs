//! Sign-in, sessions, throttling and the security edge, against a real server and database.

use crate::common::*;
use app::domain::session::SessionPolicy;
use reqwest::{header, StatusCode};

#[tokio::test]
async fn sign_in_sets_a_hardened_cookie_and_opens_the_workspace() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let res = app.login(&c, "consultant1", DEMO_PASSWORD).await;
    assert_eq!(location(&res), "/");
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let home = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.unwrap();
    assert!(html.contains("李娜"), "signed-in name shown");
    assert!(html.contains("上海旗舰店"), "store shown");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login'")
            .await,
        1
    );
}

#[tokio::test]
async fn cookie_is_secure_behind_tls() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .post(app.url("/auth/login"))
        .header("x-forwarded-proto", "https")
        .form(&[("username", "consultant1"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_id() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let first = session_token(&app.login(&c, "consultant1", DEMO_PASSWORD).await).unwrap();
    let second = session_token(&app.login(&c, "consultant1", DEMO_PASSWORD).await).unwrap();
    assert_ne!(first, second);
    // The old token is dead on the server.
    let stale = app
        .client()
        .get(app.url("/"))
        .header(header::COOKIE, format!("vitrine_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert!(location(&stale).starts_with("/login"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM session").await, 1);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same_and_are_audited() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let wrong = app.login(&c, "consultant1", "not-the-password").await;
    let unknown = app.login(&c, "nobody", "not-the-password").await;
    assert_eq!(location(&wrong), "/login?error=invalid");
    assert_eq!(location(&unknown), location(&wrong));
    assert!(session_token(&wrong).is_none());
    let page = c
        .get(app.url("/login?error=invalid"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("用户名或密码错误"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed'")
            .await,
        2
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND after LIKE '%unknown_user%'")
            .await,
        1
    );
}

#[tokio::test]
async fn five_failures_lock_the_account_but_not_others() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for _ in 0..5 {
        let r = app.login(&c, "consultant2", "wrong-password").await;
        assert_eq!(location(&r), "/login?error=invalid");
    }
    let locked = app.login(&c, "consultant2", DEMO_PASSWORD).await;
    assert_eq!(location(&locked), "/login?error=throttled");
    assert!(session_token(&locked).is_none());
    // Same IP, another account: unaffected (a store shares one IP).
    let other = app.login(&app.client(), "consultant3", DEMO_PASSWORD).await;
    assert_eq!(location(&other), "/");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_throttled'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_session_survives_a_restart_of_the_app() {
    let app = TestApp::spawn().await;
    let c = app.login_as("manager1").await;
    let restarted = app.restart().await;
    // A manager's home is the floor board.
    let res = c.get(restarted.url("/")).send().await.unwrap();
    assert_eq!(location(&res), "/floor");
    let res = c.get(restarted.url("/floor")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("陈静"));
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::spawn().await;
    let c = app.login_as("consultant1").await;
    let past = (chrono::Utc::now() - chrono::Duration::minutes(31)).to_rfc3339();
    app.exec(&format!("UPDATE session SET last_seen_at = '{past}'"))
        .await;
    let res = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?error=expired");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM session").await, 0);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let token = session_token(&app.login(&c, "consultant1", DEMO_PASSWORD).await).unwrap();
    let out = c.post(app.url("/auth/logout")).send().await.unwrap();
    assert_eq!(location(&out), "/login");
    let replay = app
        .client()
        .get(app.url("/"))
        .header(header::COOKIE, format!("vitrine_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout'")
            .await,
        1
    );
}

#[tokio::test]
async fn disabling_a_staff_member_ends_their_sessions() {
    let app = TestApp::spawn().await;
    let consultant = app.login_as("consultant1").await;
    let admin = app.login_as("admin").await;
    let id = app.staff_id("consultant1").await.to_string();
    app.call(
        &admin,
        "admin/set_staff_active",
        &[("id", &id), ("active", "false")],
    )
    .await
    .unwrap();
    let res = consultant.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
    let again = app.login(&app.client(), "consultant1", DEMO_PASSWORD).await;
    assert_eq!(
        location(&again),
        "/login?error=invalid",
        "disabled accounts cannot sign in"
    );
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_with_their_destination() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .get(app.url("/admin/staff?page=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=%2Fadmin%2Fstaff%3Fpage%3D2");
    let c = app.client();
    let r = c
        .post(app.url("/auth/login"))
        .form(&[
            ("username", "admin"),
            ("password", DEMO_PASSWORD),
            ("next", "/admin/staff?page=2"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin/staff?page=2");
    let evil = c
        .post(app.url("/auth/login"))
        .form(&[
            ("username", "admin"),
            ("password", DEMO_PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&evil), "/");
}

#[tokio::test]
async fn the_sign_in_page_works_without_javascript_and_carries_security_headers() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let csp = h
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(script_src.contains("'nonce-"), "{csp}");
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(
        !script_src.contains("unsafe-inline") && !script_src.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert!(h.get(header::REFERRER_POLICY).is_some());
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"<form method="post" action="/auth/login""#),
        "a real form post"
    );
    assert!(html.contains("用户名") && html.contains("密码") && html.contains("登录"));
    // Every inline script carries this response's nonce.
    let nonce = script_src
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        assert!(
            tag.contains("src=") || tag.contains(&format!("nonce=\"{nonce}\"")),
            "{tag}"
        );
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.login_as("admin").await;
    let before = app.scalar("SELECT COUNT(*) FROM store").await;
    for (k, v) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = admin
            .post(app.url("/api/admin/create_store"))
            .header(k, v)
            .form(&[
                ("input[name]", "钓鱼店"),
                ("input[city]", "上海"),
                ("input[address]", "x"),
                ("input[phone]", ""),
                ("input[time_zone]", "Asia/Shanghai"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{k}");
    }
    let logout = admin
        .post(app.url("/auth/logout"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM store").await, before);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(3 * 1024 * 1024);
    let res = app
        .client()
        .post(app.url("/auth/login"))
        .form(&[("username", big.as_str()), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_service_worker_is_versioned_per_build() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("javascript"));
    let js = res.text().await.unwrap();
    assert!(!js.contains("__VITRINE_VERSION__") && !js.contains("__VITRINE_PRECACHE__"));
    assert!(js.contains(&format!("const VERSION = \"{}-", env!("CARGO_PKG_VERSION"))));
    assert!(js.contains("\"/offline.html\""));
}

#[tokio::test]
async fn a_refused_sign_in_keeps_the_username_for_the_form_and_never_the_password() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let wrong = app.login(&c, "consultant1", "not-the-password").await;
    // The address is the same as for any refusal; the username travels in a cookie for /login.
    assert_eq!(location(&wrong), "/login?error=invalid");
    let kept: Vec<String> = wrong
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with("vitrine_login_user="))
        .map(str::to_string)
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].starts_with("vitrine_login_user=consultant1;"),
        "{kept:?}"
    );
    assert!(
        kept[0].contains("Path=/login") && kept[0].contains("HttpOnly"),
        "{kept:?}"
    );
    assert!(!kept[0].contains("not-the-password"));
    // The form comes back with it filled in (the client keeps cookies).
    let page = app.text(&c, "/login?error=invalid").await;
    assert!(page.contains(r#"value="consultant1""#), "username kept");
    assert!(!page.contains("not-the-password"));
    // Something that is not a username is not echoed back at all.
    let odd = app.login(&c, "<script>", "x-password-x").await;
    assert!(odd
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .all(|v| !v.starts_with("vitrine_login_user=<")));
    // Signing in forgets it.
    let ok = app.login(&c, "consultant1", DEMO_PASSWORD).await;
    assert!(ok
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("vitrine_login_user=;") && v.contains("Max-Age=0")));
}

/// What the service worker needs to keep a person's pages for offline reading and no one
/// else's: whose page it is (an opaque key per session), when the session dies, and whether the
/// page may be kept (lists and receipts, whose numbers are masked; never a record's own page).
#[tokio::test]
async fn pages_say_whose_they_are_and_which_may_be_kept_offline() {
    let app = TestApp::spawn().await;
    let head = |res: &reqwest::Response, k: &str| {
        res.headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let a = app.login_as("consultant1").await;
    let before = chrono::Utc::now().timestamp_millis();
    let home = a.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let key_a = head(&home, "x-vitrine-person").expect("the person's key");
    assert!(key_a.len() >= 16 && key_a.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(head(&home, "x-vitrine-offline").as_deref(), Some("keep"));
    let ends: i64 = head(&home, "x-vitrine-session-ends")
        .unwrap()
        .parse()
        .unwrap();
    let idle = SessionPolicy::default().idle.num_milliseconds();
    assert!(
        ends >= before + idle - 61_000 && ends <= chrono::Utc::now().timestamp_millis() + idle,
        "ends {ends}, now {before}"
    );
    // The key names the session, not the token: neither is readable from the other.
    let token = app.scalar_text("SELECT id FROM session LIMIT 1").await;
    assert!(!token.contains(&key_a) && !key_a.contains(&token[..16]));

    for (path, kept) in [
        ("/reservations", true),
        ("/sales", true),
        ("/goods", true),
        // Her own reservation's page may show her full number: never kept.
        ("/reservations/new", false),
    ] {
        let res = a.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            head(&res, "x-vitrine-person").as_deref(),
            Some(key_a.as_str())
        );
        assert_eq!(head(&res, "x-vitrine-offline").is_some(), kept, "{path}");
    }
    // A page she may not open is not kept.
    let refused = a.get(app.url("/admin/audit")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(head(&refused, "x-vitrine-offline"), None);

    // Another person, and the same person signing in again, have other keys.
    let b = app.login_as("consultant2").await;
    let key_b = head(
        &b.get(app.url("/")).send().await.unwrap(),
        "x-vitrine-person",
    )
    .unwrap();
    assert_ne!(key_a, key_b);
    let again = app.login_as("consultant1").await;
    let key_again = head(
        &again.get(app.url("/")).send().await.unwrap(),
        "x-vitrine-person",
    );
    assert_ne!(key_again.as_deref(), Some(key_a.as_str()));

    // Signed out, a page carries no person (the worker then purges what it kept); nor does a
    // server function's answer.
    let anon = app.client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(head(&anon, "x-vitrine-person"), None);
    let api = a
        .post(app.url("/api/account/me"))
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(head(&api, "x-vitrine-person"), None);
}
