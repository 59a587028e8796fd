//! The `vitrine` command line, run as a real process against a fresh database.

use crate::common::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn vitrine(db_url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    vitrine_env(db_url, args, stdin, &[])
}

fn vitrine_env(db_url: &str, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .envs(env.iter().copied())
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn store_and_user_are_added_from_the_command_line() {
    let app = TestApp::spawn().await;
    let out = vitrine(
        &app.db_url,
        &[
            "store",
            "add",
            "--name",
            "杭州体验店",
            "--city",
            "杭州",
            "--address",
            "杭州市西湖区湖滨路28号",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = vitrine(
        &app.db_url,
        &[
            "user",
            "add",
            "--username",
            "consultant6",
            "--name",
            "钱多多",
            "--role",
            "consultant",
            "--store",
            "杭州体验店",
            "--password-stdin",
        ],
        Some("hangzhou-2026\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let res = app
        .login(&app.client(), "consultant6", "hangzhou-2026")
        .await;
    assert_eq!(location(&res), "/");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE actor_name = 'cli' AND action IN ('store.create', 'staff.create')").await,
        2
    );
}

#[tokio::test]
async fn bad_command_line_input_is_refused_with_a_reason() {
    let app = TestApp::spawn().await;
    let before = app.scalar("SELECT COUNT(*) FROM staff").await;
    let short = vitrine(
        &app.db_url,
        &[
            "user",
            "add",
            "--username",
            "x6",
            "--name",
            "短",
            "--role",
            "consultant",
            "--store",
            "上海旗舰店",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!short.status.success());
    assert!(
        text(&short).contains("Passwords are 10–128 characters long"),
        "{}",
        text(&short)
    );
    let no_store = vitrine(
        &app.db_url,
        &[
            "user",
            "add",
            "--username",
            "consultant7",
            "--name",
            "无店",
            "--role",
            "consultant",
            "--store",
            "火星店",
            "--password-stdin",
        ],
        Some("a-long-password\n"),
    );
    assert!(!no_store.status.success());
    assert!(
        text(&no_store).contains("No such active store"),
        "{}",
        text(&no_store)
    );
    let dup = vitrine(
        &app.db_url,
        &[
            "store",
            "add",
            "--name",
            "上海旗舰店",
            "--city",
            "上海",
            "--address",
            "x",
        ],
        None,
    );
    assert!(!dup.status.success());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM staff").await, before);
}

#[tokio::test]
async fn migrate_and_seed_are_safe_to_repeat() {
    let app = TestApp::spawn().await;
    let out = vitrine(&app.db_url, &["migrate"], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = vitrine(&app.db_url, &["seed", "demo", "--if-empty"], None);
    assert!(text(&out).contains("already has data"), "{}", text(&out));
    let first = vitrine(&app.db_url, &["seed", "demo"], None);
    assert!(
        text(&first)
            .contains("0 stores, 0 staff, 0 dictionary entries, 48 reservations, 3024 items added"),
        "{}",
        text(&first)
    );
    let again = vitrine(&app.db_url, &["seed", "demo"], None);
    assert!(
        text(&again)
            .contains("0 stores, 0 staff, 0 dictionary entries, 0 reservations, 0 items added"),
        "{}",
        text(&again)
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM staff").await, 9);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM item").await, 3024);
    // Demo items come with holds and sales, each with its history row.
    assert!(
        app.scalar("SELECT COUNT(*) FROM item_history WHERE kind = 'reserve'")
            .await
            > 0
    );
}

#[tokio::test]
async fn items_import_from_a_file_and_tokens_from_the_command_line() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("erp.csv");
    std::fs::write(
        &file,
        "\u{feff}erp_id,barcode,name,category,material,price,store,carat,color,clarity\n\
         CLI-1,CLI0001,素圈戒指,ring,AU999,1999,上海旗舰店,,,\n\
         CLI-2,CLI0002,钻石吊坠,pendant,PT950,8800.5,长沙体验店,0.3,G,VS1\n\
         CLI-3,CLI0003,钻石吊坠,pendant,PT950,8800.555,长沙体验店,0.3,G,VS1\n",
    )
    .unwrap();
    let out = vitrine(
        &app.db_url,
        &["items", "import", file.to_str().unwrap()],
        None,
    );
    // A file with a bad row imports its good rows, names the bad one and exits non-zero.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("rejected row 3 (CLI-3)"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("2 rows imported (2 new"),
        "{}",
        text(&out)
    );
    assert_eq!(
        app.scalar("SELECT CAST(price_fen AS BIGINT) FROM item WHERE erp_id = 'CLI-2'")
            .await,
        880_050
    );
    let out = vitrine(&app.db_url, &["token", "add", "--name", "SAP PI"], None);
    assert!(out.status.success(), "{}", text(&out));
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(token.starts_with("vt_") && token.len() > 40, "{token}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM api_token WHERE token_hash = '{}'",
            vitrine_server::http::goods::token_hash(&token)
        ))
        .await,
        1,
        "only the hash is stored"
    );
    let list = vitrine(&app.db_url, &["token", "list"], None);
    assert!(text(&list).contains("SAP PI") && !text(&list).contains(&token));
    let id = app
        .scalar("SELECT CAST(id AS BIGINT) FROM api_token")
        .await
        .to_string();
    let out = vitrine(&app.db_url, &["token", "revoke", "--id", &id], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&vitrine(&app.db_url, &["token", "list"], None)).contains("revoked"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'api_token.%'")
            .await,
        2,
        "creating and revoking tokens is audited"
    );
}

#[tokio::test]
async fn a_locked_account_is_unlocked_and_a_password_reset_from_the_command_line() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        app.login(&app.client(), "manager1", "wrong").await;
    }
    let locked = app.login(&app.client(), "manager1", DEMO_PASSWORD).await;
    assert_eq!(location(&locked), "/login?error=throttled");
    let out = vitrine(
        &app.db_url,
        &["user", "unlock", "--username", "manager1"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        location(&app.login(&app.client(), "manager1", DEMO_PASSWORD).await),
        "/"
    );

    for _ in 0..5 {
        app.login(&app.client(), "admin", "wrong").await;
    }
    let short = vitrine(
        &app.db_url,
        &[
            "user",
            "reset-password",
            "--username",
            "admin",
            "--password-stdin",
        ],
        Some("x\n"),
    );
    assert!(!short.status.success(), "a too-short password is refused");
    let out = vitrine(
        &app.db_url,
        &[
            "user",
            "reset-password",
            "--username",
            "admin",
            "--password-stdin",
        ],
        Some("a-new-long-secret\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        location(&app.login(&app.client(), "admin", "a-new-long-secret").await),
        "/"
    );
    let nobody = vitrine(
        &app.db_url,
        &["user", "unlock", "--username", "nobody"],
        None,
    );
    assert!(!nobody.status.success());
}

#[tokio::test]
async fn an_encrypted_backup_restores_with_its_passphrase_only() {
    if backend() != "sqlite" {
        return;
    }
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.bak");
    let file = file.to_str().unwrap();
    let pass = [("VITRINE_BACKUP_PASSPHRASE", "门店备份-correct-horse")];
    let out = vitrine_env(&app.db_url, &["backup", "--to", file], None, &pass);
    assert!(out.status.success(), "{}", text(&out));
    let bytes = std::fs::read(file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(!bytes.windows(8).any(|w| w == b"manager1"), "no plaintext");

    let target = format!("sqlite://{}/restored.db", dir.path().display());
    let without = vitrine(&target, &["restore", "--from", file], None);
    assert!(!without.status.success());
    assert!(
        text(&without).contains("VITRINE_BACKUP_PASSPHRASE"),
        "{}",
        text(&without)
    );
    let wrong = vitrine_env(
        &target,
        &["restore", "--from", file],
        None,
        &[("VITRINE_BACKUP_PASSPHRASE", "wrong")],
    );
    assert!(!wrong.status.success());
    let out = vitrine_env(&target, &["restore", "--from", file], None, &pass);
    assert!(out.status.success(), "{}", text(&out));
    // The restored database serves the same accounts.
    let restored = app.restart_on(&target).await;
    assert_eq!(
        location(
            &restored
                .login(&restored.client(), "manager1", DEMO_PASSWORD)
                .await
        ),
        "/"
    );
    // Restoring over data needs --force.
    let again = vitrine_env(&target, &["restore", "--from", file], None, &pass);
    assert!(!again.status.success());
    assert!(text(&again).contains("--force"), "{}", text(&again));
    let forced = vitrine_env(
        &target,
        &["restore", "--from", file, "--force"],
        None,
        &pass,
    );
    assert!(forced.status.success(), "{}", text(&forced));
}
