//! Several stateless app servers on one PostgreSQL database: two real `vitrine serve` processes.
//! A booking made through one reaches a consultant's live queue served by the other (LISTEN /
//! NOTIFY), and a claim raced through both has exactly one winner (compare-and-set in the
//! database, not in either process).

use crate::common::*;
use futures::StreamExt;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_app_servers_share_live_queues_and_claims() {
    if backend() != "postgres" {
        return;
    }
    let db = TestApp::spawn().await;
    let a = db.serve_process().await;
    let b = db.serve_process().await;
    let consultant1 = db.staff_id("consultant1").await;

    // consultant1 watches her queue on server B.
    let watcher = b.app.login_as("consultant1").await;
    let res = watcher.get(b.app.url("/api/events")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut stream = res.bytes_stream();
    let mut seen = String::new();
    while !seen.contains("event: hello") {
        seen.push_str(&String::from_utf8_lossy(
            &stream.next().await.unwrap().unwrap(),
        ));
    }

    // The manager books her a customer on server A.
    let manager = a.app.login_as("manager1").await;
    let id = a
        .app
        .create_reservation(&manager, "双机", "13900000301", &consultant1.to_string())
        .await
        .expect("booked")["id"]
        .as_i64()
        .unwrap();
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !seen.contains("event: queue") {
            seen.push_str(&String::from_utf8_lossy(
                &stream.next().await.unwrap().unwrap(),
            ));
        }
    })
    .await;
    assert!(
        got.is_ok(),
        "the booking made on A never reached B's live queue: {seen}"
    );
    assert!(seen.contains("data: assigned"), "{seen}");

    // Her queue on B lists it.
    let queue = b
        .app
        .call(&watcher, "reservations/my_queue", &[])
        .await
        .expect("queue");
    assert!(
        queue.to_string().contains(&format!("\"id\":{id}")),
        "{queue}"
    );

    // Sixteen of her devices, half on each server, claim it at once: one wins.
    let version = db
        .scalar(&format!(
            "SELECT CAST(version AS BIGINT) FROM reservation WHERE id = {id}"
        ))
        .await
        .to_string();
    let mut devices = vec![];
    for n in 0..16 {
        let server = if n % 2 == 0 { &a.app } else { &b.app };
        devices.push((server, server.login_as("consultant1").await));
    }
    let id_s = id.to_string();
    let results = futures::future::join_all(devices.iter().map(|(server, c)| {
        let (id, version) = (id_s.as_str(), version.as_str());
        async move {
            server
                .call(
                    c,
                    "reservations/act",
                    &[("id", id), ("version", version), ("action", "Claim")],
                )
                .await
        }
    }))
    .await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(r["Conflict"], "ErrAlreadyClaimed", "{r}");
    }
    assert_eq!(
        db.scalar(&format!(
            "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {id} \
             AND kind = 'service' AND to_value = 'serving'"
        ))
        .await,
        1
    );
}
