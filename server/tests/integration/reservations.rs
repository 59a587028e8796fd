//! Reservations through the real server functions and endpoints, on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};

#[derive(Debug)]
struct Booked {
    id: i64,
    number: String,
    consultant: String,
    reason: Option<String>,
}

async fn book(
    app: &TestApp,
    c: &Client,
    name: &str,
    mobile: &str,
    consultant: &str,
    visit: &str,
) -> Result<Booked, Value> {
    let v = app
        .call(
            c,
            "reservations/create",
            &[
                ("input[name]", name),
                ("input[mobile]", mobile),
                ("input[store_id]", "1"),
                ("input[consultant_id]", consultant),
                ("input[visit_at]", visit),
                ("input[needs]", "订婚钻戒 款号 VR2301"),
                ("input[source]", "电话预约"),
                ("input[need_level]", "A"),
            ],
        )
        .await?;
    Ok(Booked {
        id: v["id"].as_i64().unwrap(),
        number: v["number"].as_str().unwrap().to_string(),
        consultant: v["consultant_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        reason: v["reason"].as_str().map(str::to_string),
    })
}

async fn version(app: &TestApp, id: i64) -> String {
    app.scalar(&format!(
        "SELECT CAST(version AS BIGINT) FROM reservation WHERE id = {id}"
    ))
    .await
    .to_string()
}

async fn act(app: &TestApp, c: &Client, id: i64, action: &[(&str, &str)]) -> Result<Value, Value> {
    let v = version(app, id).await;
    let id_str = id.to_string();
    let mut args: Vec<(&str, &str)> = vec![("id", id_str.as_str()), ("version", v.as_str())];
    args.extend_from_slice(action);
    app.call(c, "reservations/act", &args).await
}

const CLAIM: &[(&str, &str)] = &[("action", "Claim")];

async fn id_of(app: &TestApp, username: &str) -> String {
    app.staff_id(username).await.to_string()
}

#[tokio::test]
async fn automatic_assignment_follows_the_specification_example() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let (a, b, c) = (
        id_of(&app, "consultant1").await,
        id_of(&app, "consultant2").await,
        id_of(&app, "consultant3").await,
    );
    let ca = app.login_as("consultant1").await;
    let cb = app.login_as("consultant2").await;
    let cc = app.login_as("consultant3").await;

    // A and B are serving, C is free → C.
    let r1 = book(&app, &manager, "甲一", "13900000001", &a, "")
        .await
        .unwrap();
    let r2 = book(&app, &manager, "乙一", "13900000002", &b, "")
        .await
        .unwrap();
    act(&app, &ca, r1.id, CLAIM).await.unwrap();
    act(&app, &cb, r2.id, CLAIM).await.unwrap();
    let r3 = book(&app, &manager, "丙一", "13900000003", "auto", "")
        .await
        .unwrap();
    assert_eq!(r3.consultant, "张伟");
    assert_eq!(r3.reason.as_deref(), Some("free"));

    // All three serving; today's totals A 2, B 1, C 2 → B, and it waits in B's queue.
    act(&app, &cc, r3.id, CLAIM).await.unwrap();
    book(&app, &manager, "甲二", "13900000004", &a, "")
        .await
        .unwrap();
    book(&app, &manager, "丙二", "13900000005", &c, "")
        .await
        .unwrap();
    let r6 = book(&app, &manager, "乙二", "13900000006", "auto", "")
        .await
        .unwrap();
    assert_eq!(r6.consultant, "王芳");
    assert_eq!(r6.reason.as_deref(), Some("fewest today: 1"));
    let queue = app.call(&cb, "reservations/my_queue", &[]).await.unwrap();
    assert!(queue["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["number"] == r6.number.as_str()));
    // The reason is kept in the history for the manager.
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {} AND kind = 'owner' AND note = 'fewest today: 1'", r6.id)).await,
        1
    );
}

#[tokio::test]
async fn thirty_two_simultaneous_claims_have_exactly_one_winner() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let a = id_of(&app, "consultant1").await;
    let r = book(&app, &manager, "抢单", "13900000011", &a, "")
        .await
        .unwrap();
    let v = version(&app, r.id).await;
    let mut devices = Vec::new();
    for _ in 0..32 {
        devices.push(app.login_as("consultant1").await);
    }
    let id = r.id.to_string();
    let calls = devices.iter().map(|c| {
        let (id, v) = (id.clone(), v.clone());
        let app = &app;
        async move {
            app.call(
                c,
                "reservations/act",
                &[
                    ("id", id.as_str()),
                    ("version", v.as_str()),
                    ("action", "Claim"),
                ],
            )
            .await
        }
    });
    let results = futures::future::join_all(calls).await;
    let wins = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{results:?}");
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(r["Conflict"], "ErrAlreadyClaimed", "{r}");
    }
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {} AND kind = 'service' AND to_value = 'serving'", r.id)).await, 1);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM reservation WHERE id = {} AND service = 'serving' AND version = 1", r.id)).await, 1);
}

#[tokio::test]
async fn illegal_or_stale_transitions_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let a = id_of(&app, "consultant1").await;
    let c1 = app.login_as("consultant1").await;
    let r = book(&app, &manager, "规则", "13900000021", &a, "")
        .await
        .unwrap();
    let err = act(
        &app,
        &c1,
        r.id,
        &[
            ("action[Finish][deal]", "true"),
            ("action[Finish][note]", ""),
        ],
    )
    .await
    .unwrap_err();
    assert_eq!(err["Conflict"], "ErrIllegalTransition");
    let err = act(&app, &c1, r.id, &[("action", "Pause")])
        .await
        .unwrap_err();
    assert_eq!(err["Conflict"], "ErrIllegalTransition");
    let stale = app
        .call(
            &c1,
            "reservations/act",
            &[
                ("id", &r.id.to_string()),
                ("version", "7"),
                ("action", "Claim"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(stale["Conflict"], "ErrAlreadyClaimed");
    // A consultant may not void or call back (managers do).
    let err = act(&app, &c1, r.id, &[("action", "Void")])
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("Forbidden".into()));
    assert_eq!(version(&app, r.id).await, "0");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {}",
            r.id
        ))
        .await,
        2,
        "create and owner only"
    );
}

#[tokio::test]
async fn reject_transfer_pause_finish() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let a = id_of(&app, "consultant1").await;
    let b = id_of(&app, "consultant2").await;
    let c1 = app.login_as("consultant1").await;
    let c2 = app.login_as("consultant2").await;
    let r = book(&app, &manager, "流转", "13900000031", &a, "")
        .await
        .unwrap();
    // 拒绝 needs a reason: without one it is refused at the field and nothing changes.
    let before = version(&app, r.id).await;
    for reason in ["", " ", "\u{7}坏"] {
        let err = act(&app, &c1, r.id, &[("action[Reject][reason]", reason)])
            .await
            .unwrap_err();
        assert_eq!(err["Validation"][0]["field"], "reason", "{reason:?}");
    }
    assert_eq!(version(&app, r.id).await, before);
    // Reject: reassigned by the rule, never to the one who rejected; the answer says to whom,
    // and the reason stays with the history.
    let outcome = act(
        &app,
        &c1,
        r.id,
        &[("action[Reject][reason]", "顾客想找熟悉的顾问")],
    )
    .await
    .unwrap();
    let owner = app
        .scalar(&format!(
            "SELECT CAST(consultant_id AS BIGINT) FROM reservation WHERE id = {}",
            r.id
        ))
        .await
        .to_string();
    assert_ne!(owner, a);
    let owner_name = app
        .scalar_text(&format!(
            "SELECT display_name FROM staff WHERE id = {owner}"
        ))
        .await;
    assert_eq!(outcome["handed_to"], owner_name.as_str());
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {} AND kind = 'reject' AND note = '顾客想找熟悉的顾问'",
            r.id
        ))
        .await,
        1
    );
    // Put it with B explicitly (manager transfer), B claims, pauses, claims, transfers to A.
    if owner != b {
        act(&app, &manager, r.id, &[("action[Transfer][to]", &b)])
            .await
            .unwrap();
    }
    act(&app, &c2, r.id, CLAIM).await.unwrap();
    act(&app, &c2, r.id, &[("action", "Pause")]).await.unwrap();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE id = {} AND service = 'waiting'",
            r.id
        ))
        .await,
        1
    );
    act(&app, &c2, r.id, CLAIM).await.unwrap();
    let same = act(&app, &c2, r.id, &[("action[Transfer][to]", &b)])
        .await
        .unwrap_err();
    assert_eq!(same["Validation"][0]["msg"], "ErrSameConsultant");
    act(&app, &c2, r.id, &[("action[Transfer][to]", &a)])
        .await
        .unwrap();
    let q = app.call(&c1, "reservations/my_queue", &[]).await.unwrap();
    assert!(q["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == r.id));
    act(&app, &c1, r.id, CLAIM).await.unwrap();
    let serving = app
        .call(&c1, "reservations/serving_now", &[])
        .await
        .unwrap();
    assert_eq!(serving, json!("流转"));
    // 已结束 has no outcome chosen for her: it asks for one and the visit stays open.
    let before = version(&app, r.id).await;
    let err = act(&app, &c1, r.id, &[("action[Finish][note]", "买了对戒")])
        .await
        .unwrap_err();
    assert_eq!(err["Validation"][0]["field"], "deal");
    assert_eq!(err["Validation"][0]["msg"], "ErrChooseOutcome");
    assert_eq!(version(&app, r.id).await, before);
    act(
        &app,
        &c1,
        r.id,
        &[
            ("action[Finish][deal]", "true"),
            ("action[Finish][note]", "买了对戒"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM reservation WHERE id = {} AND status = 'deal_closed' AND service = 'closed' AND outcome = '买了对戒'", r.id)).await,
        1
    );
    assert_eq!(
        app.call(&c1, "reservations/serving_now", &[])
            .await
            .unwrap(),
        Value::Null
    );
    // Every change of owner, service and status is in the history.
    assert!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {}",
            r.id
        ))
        .await
            >= 11
    );
}

#[tokio::test]
async fn consultants_cannot_reach_a_colleagues_reservation_through_any_function() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let a = id_of(&app, "consultant1").await;
    let r = book(&app, &manager, "隐私", "13900000041", &a, "")
        .await
        .unwrap();
    let other = app.login_as("consultant2").await;
    let id = r.id.to_string();
    // detail
    assert_eq!(
        app.call(&other, "reservations/detail", &[("id", &id)])
            .await
            .unwrap_err(),
        Value::String("NotFound".into())
    );
    // act
    let err = app
        .call(
            &other,
            "reservations/act",
            &[("id", &id), ("version", "0"), ("action", "Claim")],
        )
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()));
    // search (by its own number's phone)
    let mut args = PAGE1.to_vec();
    args.push(("filter[phone]", "0041"));
    let page = app
        .call(&other, "reservations/search", &args)
        .await
        .unwrap();
    assert_eq!(page["total"], 0);
    // my_queue
    let q = app
        .call(&other, "reservations/my_queue", &[])
        .await
        .unwrap();
    assert!(!q.to_string().contains("隐私"));
    // check_mobile: the customer is known, but not the colleague's open reservation
    let check = app
        .call(
            &other,
            "reservations/check_mobile",
            &[("mobile", "13900000041")],
        )
        .await
        .unwrap();
    assert!(check["open_reservation"].is_null());
    // export
    let csv = other
        .get(app.url("/reservations/export.csv?phone=0041"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!csv.contains("隐私"));
    // the owner does see it all
    let owner = app.login_as("consultant1").await;
    assert!(app
        .call(&owner, "reservations/detail", &[("id", &id)])
        .await
        .is_ok());
    let page = app
        .call(&owner, "reservations/search", &args)
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    // another store's manager sees nothing either; head office reads but cannot act
    let manager2 = app.login_as("manager2").await;
    assert_eq!(
        app.call(&manager2, "reservations/detail", &[("id", &id)])
            .await
            .unwrap_err(),
        Value::String("NotFound".into())
    );
    let hq = app.login_as("hq").await;
    let row = app
        .call(&hq, "reservations/detail", &[("id", &id)])
        .await
        .unwrap();
    assert_eq!(
        row[0]["mobile"], "139****0041",
        "head office sees masked numbers"
    );
    assert_eq!(
        app.call(
            &hq,
            "reservations/act",
            &[("id", &id), ("version", "0"), ("action", "Void")]
        )
        .await
        .unwrap_err(),
        Value::String("Forbidden".into())
    );
    let admin = app.login_as("admin").await;
    assert_eq!(
        app.call(&admin, "reservations/detail", &[("id", &id)])
            .await
            .unwrap_err(),
        Value::String("Forbidden".into())
    );
}

#[tokio::test]
async fn booking_form_validation_names_the_fields_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let err = book(&app, &manager, " ", "1381234123", "auto", "not a time")
        .await
        .unwrap_err();
    let fields: Vec<&str> = err["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["name", "mobile", "visit_at"]);
    let other_store = app
        .call(
            &manager,
            "reservations/create",
            &[
                ("input[name]", "跨店"),
                ("input[mobile]", "13900000051"),
                ("input[store_id]", "2"),
                ("input[consultant_id]", "auto"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(other_store["Validation"][0]["field"], "store_id");
    let changsha = id_of(&app, "consultant4").await;
    let wrong = book(&app, &manager, "跨店", "13900000052", &changsha, "")
        .await
        .unwrap_err();
    assert_eq!(wrong["Validation"][0]["msg"], "ErrUnknownConsultant");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reservation").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM customer").await, 0);
}

#[tokio::test]
async fn phone_fragments_and_names_are_found() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    for (name, mobile) in [
        ("欧阳娜娜", "13812345678"),
        ("李娜", "13987655678"),
        ("王强", "15011112222"),
    ] {
        book(&app, &manager, name, mobile, "auto", "")
            .await
            .unwrap();
    }
    let search = |k: &'static str, v: &'static str| {
        let manager = manager.clone();
        let app = &app;
        async move {
            let mut args = PAGE1.to_vec();
            args.push((k, v));
            let page = app
                .call(&manager, "reservations/search", &args)
                .await
                .unwrap();
            let mut names: Vec<String> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["customer_name"].as_str().unwrap().to_string())
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(
        search("filter[phone]", "5678").await,
        vec!["李娜", "欧阳娜娜"]
    );
    assert_eq!(search("filter[phone]", "1111").await, vec!["王强"]);
    assert_eq!(search("filter[phone]", "23456").await, vec!["欧阳娜娜"]);
    assert_eq!(search("filter[name]", "娜").await, vec!["李娜", "欧阳娜娜"]);
    assert_eq!(search("filter[name]", "欧阳娜").await, vec!["欧阳娜娜"]);
    assert_eq!(search("filter[style]", "VR2301").await.len(), 3);
    assert_eq!(search("filter[phone]", "9999").await, Vec::<String>::new());
}

#[tokio::test]
async fn csv_export_is_excel_safe_masked_by_role_and_audited() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    book(
        &app,
        &manager,
        "=HYPERLINK(\"x\")",
        "13900000061",
        "auto",
        "",
    )
    .await
    .unwrap();
    book(&app, &manager, "张,\"三\"", "13900000062", "auto", "")
        .await
        .unwrap();
    let res = manager
        .get(app.url("/reservations/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("预约号,顾客姓名,手机号"));
    assert!(text.contains("'=HYPERLINK(\"\"x\"\")"), "{text}");
    assert!(text.contains("\"张,\"\"三\"\"\""), "{text}");
    assert!(
        text.contains("139****0061") && !text.contains("13900000061"),
        "every bulk export is masked, for managers too"
    );
    let hq = app.login_as("hq").await;
    let hq_csv = hq
        .get(app.url("/reservations/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(hq_csv.contains("139****0061") && !hq_csv.contains("13900000061"));
    assert_eq!(
        app.client()
            .get(app.url("/reservations/export.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_as("admin")
            .await
            .get(app.url("/reservations/export.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'reservation.export' AND actor_name = '陈静' AND after LIKE '%\"rows\":2%'").await, 1);
}

async fn post_web(app: &TestApp, c: &Client, body: Value) -> (StatusCode, Value) {
    let res = c
        .post(app.url("/api/v1/web-reservations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn tomorrow() -> String {
    open_visit(1)
}

#[tokio::test]
async fn web_bookings_validate_are_idempotent_and_rate_limited() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let visit = tomorrow();
    let good = json!({"name": "官网顾客", "phone": "13700000071", "store": "上海旗舰店", "visit_at": visit, "needs": "看钻戒", "email": ""});
    let (s1, b1) = post_web(&app, &c, good.clone()).await;
    assert_eq!(s1, StatusCode::CREATED, "{b1}");
    let number = b1["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("YY"));
    let (s2, b2) = post_web(&app, &c, good.clone()).await;
    assert_eq!(s2, StatusCode::OK);
    assert_eq!(
        b2["number"],
        number.as_str(),
        "a double submit returns the same reservation"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM reservation WHERE status = 'needs_callback'")
            .await,
        1
    );
    let (s3, b3) = post_web(
        &app,
        &c,
        json!({"name": "", "phone": "123", "store": "火星店", "visit_at": "yesterday"}),
    )
    .await;
    assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["name", "phone", "visit_at"] {
        assert!(b3["fields"][f]["zh"].is_string(), "{f}: {b3}");
    }
    let (s4, b4) = post_web(
        &app,
        &c,
        json!({"name": "某人", "phone": "13700000072", "store": "火星店", "visit_at": visit}),
    )
    .await;
    assert_eq!(
        (s4, b4["fields"]["store"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("ErrUnknownStore"))
    );
    // Five per minute per address: the fifth above was the fourth; two more, one refused.
    let (s5, _) = post_web(
        &app,
        &c,
        json!({"name": "某人", "phone": "13700000073", "store": "上海旗舰店", "visit_at": visit}),
    )
    .await;
    assert_eq!(s5, StatusCode::CREATED);
    let (s6, _) = post_web(
        &app,
        &c,
        json!({"name": "某人", "phone": "13700000074", "store": "上海旗舰店", "visit_at": visit}),
    )
    .await;
    assert_eq!(s6, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn called_back_queues_an_sms_with_number_and_address() {
    let app = TestApp::spawn().await;
    let (s, b) = post_web(&app, &app.client(), json!({"name": "回访顾客", "phone": "13700000081", "store": "上海旗舰店", "visit_at": tomorrow()})).await;
    assert_eq!(s, StatusCode::CREATED);
    let number = b["number"].as_str().unwrap().to_string();
    let id = app
        .scalar(&format!(
            "SELECT CAST(id AS BIGINT) FROM reservation WHERE number = '{number}'"
        ))
        .await;
    let manager = app.login_as("manager1").await;
    act(&app, &manager, id, &[("action", "CalledBack")])
        .await
        .unwrap();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE id = {id} AND status = 'not_arrived'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = '13700000081' AND status = 'pending' AND body LIKE '%{number}%' AND body LIKE '%南京西路1266号%' AND body LIKE '%回T退订'")).await,
        1
    );
    // The recording provider delivers it; admins see it in the outbox.
    let sent = vitrine_server::sms::deliver_pending(&app.db, &vitrine_server::sms::LogProvider)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let admin = app.login_as("admin").await;
    let page = app.call(&admin, "admin/sms", PAGE1).await.unwrap();
    assert_eq!(page["items"][0]["status"], "sent");
    assert_eq!(
        app.call(&manager, "admin/sms", PAGE1).await.unwrap_err(),
        Value::String("Forbidden".into())
    );
    // Calling back twice is not a legal transition.
    let again = act(&app, &manager, id, &[("action", "CalledBack")])
        .await
        .unwrap_err();
    assert_eq!(again["Conflict"], "ErrIllegalTransition");
}

#[tokio::test]
async fn an_assignment_reaches_the_consultants_event_stream() {
    use futures::StreamExt;
    let app = TestApp::spawn().await;
    let consultant = app.login_as("consultant1").await;
    let res = consultant.get(app.url("/api/events")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut stream = res.bytes_stream();
    let mut seen = String::new();
    // The stream says hello first: from then on this subscriber receives events.
    while !seen.contains("event: hello") {
        seen.push_str(&String::from_utf8_lossy(
            &stream.next().await.unwrap().unwrap(),
        ));
    }
    let manager = app.login_as("manager1").await;
    let a = id_of(&app, "consultant1").await;
    book(&app, &manager, "推送", "13900000091", &a, "")
        .await
        .unwrap();
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !seen.contains("event: queue") {
            seen.push_str(&String::from_utf8_lossy(
                &stream.next().await.unwrap().unwrap(),
            ));
        }
        seen.clone()
    })
    .await
    .expect("the queue event arrives");
    assert!(got.contains("data: assigned"));
    assert_eq!(
        app.client()
            .get(app.url("/api/events"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_public_booking_page_books_without_signing_in() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let page = c.get(app.url("/book")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("预约到店") && html.contains("上海旗舰店"),
        "server-rendered with the stores"
    );
    // 15:00 in two days (a Shanghai store's hours are 10:00–22:00 unless changed).
    let visit = format!(
        "{}T15:00",
        app::domain::time::Zone::Shanghai.date_of(chrono::Utc::now() + chrono::Duration::days(2))
    );
    let number = app
        .call(
            &c,
            "public/book",
            &[
                ("booking[name]", "网上顾客"),
                ("booking[phone]", "13600000101"),
                ("booking[store]", "1"),
                ("booking[visit_at]", &visit),
                ("booking[needs]", "钻石耳钉"),
                ("booking[email]", ""),
            ],
        )
        .await
        .unwrap();
    assert!(number.as_str().unwrap().starts_with("YY"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reservation WHERE status = 'needs_callback' AND source = 'WEBSITE'").await, 1);
    let bad = app
        .call(
            &c,
            "public/book",
            &[
                ("booking[name]", "网上顾客"),
                ("booking[phone]", "123"),
                ("booking[store]", "1"),
                ("booking[visit_at]", &visit),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(bad["Validation"][0]["field"], "phone");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reservation").await, 1);
}

/// A store in another zone: the visit time its staff type is read in the store's zone, stored in
/// UTC, and shown back in that zone on the record's page and in the CSV; the same wall-clock time
/// typed in Shanghai is another instant.
#[tokio::test]
async fn a_store_in_another_zone_reads_and_shows_its_local_times() {
    let app = TestApp::spawn().await;
    app.exec("UPDATE store SET time_zone = 'Asia/Tokyo' WHERE name = '长沙体验店'")
        .await;
    let day = (chrono::Utc::now() + chrono::Duration::days(5)).date_naive();
    let local = format!("{day}T14:00");
    let book = |c: Client, store: &'static str, mobile: &'static str| {
        let app = &app;
        let local = local.clone();
        async move {
            app.call(
                &c,
                "reservations/create",
                &[
                    ("input[name]", "时区"),
                    ("input[mobile]", mobile),
                    ("input[store_id]", store),
                    ("input[consultant_id]", ""),
                    ("input[visit_at]", local.as_str()),
                    ("input[needs]", "对戒"),
                    ("input[source]", ""),
                    ("input[need_level]", ""),
                ],
            )
            .await
            .unwrap()
        }
    };
    let tokyo = app.login_as("manager2").await;
    let shanghai = app.login_as("manager1").await;
    let t = book(tokyo.clone(), "2", "13900007001").await;
    let s = book(shanghai.clone(), "1", "13900007002").await;
    let visit = |c: Client, id: String| {
        let app = &app;
        async move {
            let d = app
                .call(&c, "reservations/detail", &[("id", id.as_str())])
                .await
                .unwrap();
            chrono::DateTime::parse_from_rfc3339(d[0]["visit_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc)
        }
    };
    let t_id = t["id"].as_i64().unwrap().to_string();
    let s_id = s["id"].as_i64().unwrap().to_string();
    let at_tokyo = visit(tokyo.clone(), t_id.clone()).await;
    let at_shanghai = visit(shanghai.clone(), s_id.clone()).await;
    assert_eq!(at_tokyo.naive_utc(), day.and_hms_opt(5, 0, 0).unwrap());
    assert_eq!(at_shanghai.naive_utc(), day.and_hms_opt(6, 0, 0).unwrap());
    // Shown back in each store's own zone.
    for (c, id) in [(&tokyo, &t_id), (&shanghai, &s_id)] {
        let html = app.text(c, &format!("/reservations/{id}")).await;
        assert!(html.contains(&format!("{day} 14:00")), "{id}: {html}");
    }
    let csv = app.text(&tokyo, "/reservations/export.csv").await;
    assert!(csv.contains(&format!("{day} 14:00")), "{csv}");
}

/// A web booking called back has nobody: the manager finds it among the unassigned (only her
/// store's), gives it a consultant before the visit (still booked, the history says by hand),
/// and a customer arriving for one nobody was given goes to the consultant the booking rule
/// picks, never into a queue nobody reads.
#[tokio::test]
async fn a_called_back_web_booking_is_assigned_before_or_at_the_visit() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let mut ids = Vec::new();
    for phone in ["13700000091", "13700000092"] {
        let (s, b) = post_web(&app, &app.client(), json!({"name": "官网顾客", "phone": phone, "store": "上海旗舰店", "visit_at": tomorrow()})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let id = app
            .scalar(&format!(
                "SELECT CAST(id AS BIGINT) FROM reservation WHERE number = '{}'",
                b["number"].as_str().unwrap()
            ))
            .await;
        act(&app, &manager, id, &[("action", "CalledBack")])
            .await
            .unwrap();
        ids.push(id);
    }
    let unassigned = |c: &'static str| {
        let app = &app;
        async move {
            let c = app.login_as(c).await;
            let mut args = PAGE1.to_vec();
            args.push(("filter[unassigned]", "true"));
            let page = app.call(&c, "reservations/search", &args).await.unwrap();
            let mut got: Vec<i64> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_i64().unwrap())
                .collect();
            got.sort_unstable();
            got
        }
    };
    assert_eq!(unassigned("manager1").await, ids);
    assert_eq!(unassigned("manager2").await, Vec::<i64>::new());
    // Another store's manager cannot assign it; a consultant of another store is refused.
    let c1 = id_of(&app, "consultant1").await;
    let other = app.login_as("manager2").await;
    let err = act(&app, &other, ids[0], &[("action[Transfer][to]", &c1)])
        .await
        .unwrap_err();
    assert_eq!(err, Value::String("NotFound".into()));
    let foreign = app
        .scalar_text(
            "SELECT CAST(s.id AS TEXT) FROM staff s JOIN store t ON t.id = s.store_id \
             WHERE s.role = 'consultant' AND t.name <> '上海旗舰店' ORDER BY s.id LIMIT 1",
        )
        .await;
    assert!(act(
        &app,
        &manager,
        ids[0],
        &[("action[Transfer][to]", &foreign)]
    )
    .await
    .is_err());
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation WHERE id = {} AND consultant_id IS NULL",
            ids[0]
        ))
        .await,
        1
    );
    // Assigned by hand before the visit: still booked.
    act(&app, &manager, ids[0], &[("action[Transfer][to]", &c1)])
        .await
        .unwrap();
    assert_eq!(
        app.scalar_text(&format!(
            "SELECT status || '/' || service || '/' || CAST(consultant_id AS TEXT) FROM reservation WHERE id = {}",
            ids[0]
        ))
        .await,
        format!("not_arrived/scheduled/{c1}")
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {} AND kind = 'owner' AND note = 'manual'",
            ids[0]
        ))
        .await,
        1
    );
    assert_eq!(unassigned("manager1").await, vec![ids[1]]);
    // The other arrives with nobody: the booking rule picks a consultant of the store.
    act(&app, &manager, ids[1], &[("action", "Arrive")])
        .await
        .unwrap();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation r JOIN staff s ON s.id = r.consultant_id \
             JOIN store t ON t.id = s.store_id WHERE r.id = {} AND r.service = 'waiting' \
             AND t.name = '上海旗舰店'",
            ids[1]
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM reservation_history WHERE reservation_id = {} AND kind = 'owner' AND note LIKE 'arrived unassigned; %'",
            ids[1]
        ))
        .await,
        1
    );
    assert_eq!(unassigned("manager1").await, Vec::<i64>::new());
}

/// The store manager's floor board (their home): web bookings waiting for a call-back, today's
/// visits, who serves whom and who waits for whom, with the on-duty switch — scoped to the
/// manager's store, masked in its lists, refused to everyone else.
#[tokio::test]
async fn the_managers_floor_board_shows_call_backs_today_and_who_serves_whom() {
    let app = TestApp::spawn().await;
    let manager = app.login_as("manager1").await;
    let (a, b) = (
        id_of(&app, "consultant1").await,
        id_of(&app, "consultant2").await,
    );
    let ca = app.login_as("consultant1").await;
    let (s, web) = post_web(&app, &app.client(), json!({"name": "网上顾客", "phone": "13700000091", "store": "上海旗舰店", "visit_at": tomorrow()})).await;
    assert_eq!(s, StatusCode::CREATED, "{web}");
    let web_number = web["number"].as_str().unwrap().to_string();
    let served = book(&app, &manager, "正在接待", "13900000011", &a, "")
        .await
        .unwrap();
    act(&app, &ca, served.id, CLAIM).await.unwrap();
    let waiting = book(&app, &manager, "等候顾客", "13900000012", &b, "")
        .await
        .unwrap();

    let board = app.call(&manager, "floor/board", &[]).await.unwrap();
    let numbers = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(numbers(&board["callbacks"]), vec![web_number.clone()]);
    assert_eq!(board["callbacks_total"], 1);
    assert_eq!(board["callbacks"][0]["mobile"], "137****0091", "lists mask");
    let today = numbers(&board["today"]);
    assert!(
        today.contains(&served.number) && today.contains(&waiting.number),
        "{today:?}"
    );
    assert!(
        !today.contains(&web_number),
        "tomorrow's booking is not today's"
    );
    let person = |board: &Value, name: &str| -> Value {
        board["staff"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not on the board: {board}"))
    };
    assert_eq!(
        person(&board, "李娜")["serving"],
        json!([served.id, served.number, "正在接待"])
    );
    assert_eq!(person(&board, "王芳")["waiting"], 1);
    assert_eq!(person(&board, "王芳")["serving"], Value::Null);
    assert_eq!(person(&board, "张伟")["on_duty"], true);

    // A voided visit leaves today's list; a called-back booking leaves the call-backs.
    act(&app, &manager, waiting.id, &[("action", "Void")])
        .await
        .unwrap();
    let web_id = app
        .scalar(&format!(
            "SELECT CAST(id AS BIGINT) FROM reservation WHERE number = '{web_number}'"
        ))
        .await;
    act(&app, &manager, web_id, &[("action", "CalledBack")])
        .await
        .unwrap();
    let board = app.call(&manager, "floor/board", &[]).await.unwrap();
    assert_eq!(board["callbacks_total"], 0);
    assert!(!numbers(&board["today"]).contains(&waiting.number));
    assert_eq!(person(&board, "王芳")["waiting"], 0);

    // The switch sets the state asked for: twice off is one change, audited once; the next
    // customer the store assigns does not go to someone off duty.
    for _ in 0..2 {
        app.call(
            &manager,
            "floor/on_duty",
            &[("staff_id", b.as_str()), ("on_duty", "false")],
        )
        .await
        .unwrap();
    }
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'staff.on_duty' AND entity_id = '{b}'"
        ))
        .await,
        1
    );
    let board = app.call(&manager, "floor/board", &[]).await.unwrap();
    assert_eq!(person(&board, "王芳")["on_duty"], false);
    for n in 0..3 {
        let r = book(
            &app,
            &manager,
            "自动分配",
            &format!("1390000002{n}"),
            "auto",
            "",
        )
        .await
        .unwrap();
        assert_ne!(r.consultant, "王芳", "{r:?}");
    }

    // Another store's manager sees only their own store; consultants are refused.
    let m2 = app.login_as("manager2").await;
    let theirs = app.call(&m2, "floor/board", &[]).await.unwrap();
    assert!(theirs["staff"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["name"] != "李娜"));
    assert!(!numbers(&theirs["today"]).contains(&served.number));
    assert_eq!(
        app.call(&ca, "floor/board", &[]).await.unwrap_err(),
        Value::String("Forbidden".into())
    );
    assert_eq!(
        app.call(
            &m2,
            "floor/on_duty",
            &[("staff_id", a.as_str()), ("on_duty", "false")],
        )
        .await
        .unwrap_err(),
        Value::String("NotFound".into())
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM staff WHERE id = {a} AND on_duty = true"
        ))
        .await,
        1,
        "another store's manager changed nothing"
    );
}
