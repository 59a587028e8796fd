//! Backups: a restore drill on the engine under test (SQLite file or PostgreSQL database).

use crate::common::*;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use vitrine_server::backup::{backup_to, restore_from};
use vitrine_server::db;

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_string(),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index::<i64>(0)
    .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_booking_restores_whole() {
    let app = TestApp::spawn().await;
    vitrine_server::seed::demo_reservations(&app.db)
        .await
        .unwrap();
    vitrine_server::seed::demo_items(&app.db).await.unwrap();
    vitrine_server::seed::demo_sales(&app.db).await.unwrap();
    let before = count(&app.db, "SELECT COUNT(*) FROM reservation").await;
    let dir = tempfile::tempdir().unwrap();

    // A writer books through the app while the first backup is taken.
    let manager = app.login_as("manager1").await;
    let writer = {
        let url = app.url("/api/reservations/create");
        tokio::spawn(async move {
            for i in 0..30 {
                let mobile = format!("1370000{i:04}");
                let res = manager
                    .post(&url)
                    .header(reqwest::header::ACCEPT, "application/json")
                    .form(&[
                        ("input[name]", "备份中"),
                        ("input[mobile]", mobile.as_str()),
                        ("input[store_id]", "1"),
                        ("input[consultant_id]", "auto"),
                        ("input[visit_at]", ""),
                        ("input[needs]", ""),
                        ("input[source]", ""),
                        ("input[need_level]", ""),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success(), "{}", res.text().await.unwrap());
            }
        })
    };
    let during = dir.path().join("during.bak");
    let bytes = backup_to(&app.db, &app.db_url, &during).await.unwrap();
    assert!(bytes > 0);
    writer.await.unwrap();
    let after = dir.path().join("after.bak");
    backup_to(&app.db, &app.db_url, &after).await.unwrap();

    // The quiet backup restores into a fresh database equal to the source, table by table.
    let (url, _keep) = fresh_database().await;
    restore_from(&url, &after, false).await.unwrap();
    let restored = db::connect(&url).await.unwrap();
    db::migrate(&restored).await.unwrap();
    assert_eq!(
        fingerprint(&restored, &[]).await,
        fingerprint(&app.db, &[]).await
    );

    // The one taken during the writes is consistent: whole bookings, between before and after.
    let (url2, _keep2) = fresh_database().await;
    restore_from(&url2, &during, false).await.unwrap();
    let mid = db::connect(&url2).await.unwrap();
    db::migrate(&mid).await.unwrap();
    let n = count(&mid, "SELECT COUNT(*) FROM reservation").await;
    assert!(
        (before..=before + 30).contains(&n),
        "{before} <= {n} <= {}",
        before + 30
    );
    assert_eq!(
        count(&mid, "SELECT COUNT(*) FROM reservation r LEFT JOIN customer c ON c.id = r.customer_id WHERE c.id IS NULL").await,
        0
    );
    assert_eq!(
        count(&mid, "SELECT COUNT(*) FROM reservation_history h LEFT JOIN reservation r ON r.id = h.reservation_id WHERE r.id IS NULL").await,
        0
    );
    if backend() == "sqlite" {
        let ok = mid
            .query_one_raw(Statement::from_string(
                mid.get_database_backend(),
                "PRAGMA integrity_check".to_string(),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<String>(0)
            .unwrap();
        assert_eq!(ok, "ok");
    }

    // A database that holds data is never overwritten without --force.
    let err = restore_from(&url, &during, false).await.unwrap_err();
    assert!(format!("{err:#}").contains("--force"), "{err:#}");
    assert_eq!(
        fingerprint(&restored, &[]).await,
        fingerprint(&app.db, &[]).await
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_backup_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.bak");
    std::fs::write(&junk, b"not a backup at all").unwrap();
    let (url, _keep) = fresh_database().await;
    let err = restore_from(&url, &junk, false).await.unwrap_err();
    assert!(format!("{err}").contains("not a Vitrine backup"), "{err}");
}

#[tokio::test]
async fn scheduled_runs_are_kept_pruned_copied_and_shown_to_admins() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let schedule = vitrine_server::backup::Schedule {
        dir: dir.path().join("main"),
        every: std::time::Duration::from_secs(3600),
        keep: 2,
        copy_dir: Some(dir.path().join("nas")),
    };
    let t0 = chrono::Utc::now();
    for i in 0..3 {
        let at = t0 + chrono::Duration::seconds(i);
        vitrine_server::backup::run_once(&app.db, &app.db_url, &schedule, at)
            .await
            .unwrap();
    }
    for sub in ["main", "nas"] {
        let n = std::fs::read_dir(dir.path().join(sub)).unwrap().count();
        assert_eq!(n, 2, "{sub} keeps the last two");
    }
    let admin = app.login_as("admin").await;
    let o = app.call(&admin, "admin/backups", PAGE1).await.unwrap();
    assert_eq!(o["runs"]["total"], 3);
    assert_eq!(o["runs"]["items"][0]["copy_status"], "ok");
    assert!(o["runs"]["items"][0]["bytes"].as_i64().unwrap() > 0);
    assert!(o["runs"]["items"][0]["error"].is_null());
    let manager = app.login_as("manager1").await;
    assert_eq!(
        app.call(&manager, "admin/backups", PAGE1)
            .await
            .unwrap_err(),
        serde_json::json!("Forbidden")
    );
    // One slot per period across app servers: a second claim in the same period is refused.
    let now = chrono::Utc::now();
    let hour = chrono::Duration::hours(1);
    assert!(
        vitrine_server::services::throttle::allow(&app.db, "backup:slot", 1, hour, now)
            .await
            .unwrap()
    );
    assert!(
        !vitrine_server::services::throttle::allow(&app.db, "backup:slot", 1, hour, now)
            .await
            .unwrap()
    );
}
