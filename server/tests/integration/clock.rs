//! The services run on the clock they are given — the system clock when serving, a manual one in
//! the demo seeder (which walks it through 90 days) and here. What the clock says decides a
//! sale's business day in the store's own zone and when a hold lapses.

use crate::common::*;
use app::domain::goods::{ItemStatus, ValidReserve};
use app::domain::item_import::ItemRow;
use app::domain::sale::{Payment, PaymentMethod};
use app::model::ReservationInput;
use app::ports::{GoodsPort, ReservationPort, SalesPort};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use vitrine_server::clock::Clock;
use vitrine_server::seed::{services, staff_actor};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Two pendants in 上海旗舰店, imported as the ERP would.
async fn pendants(svc: &vitrine_server::services::Services) -> Vec<i32> {
    let rows: Vec<ItemRow> = (1..=2)
        .map(|i| ItemRow {
            erp_id: format!("CLOCK-{i}"),
            barcode: format!("VT-CLOCK-{i}"),
            style_no: "P100".into(),
            name: "钻石吊坠".into(),
            category: "pendant".into(),
            material: "18K_WHITE".into(),
            weight_g: "1.5".into(),
            price: "5000".into(),
            store: "上海旗舰店".into(),
            status: "in_stock".into(),
            ..Default::default()
        })
        .collect();
    let report = svc.goods.import_rows(None, rows, 1).await.unwrap();
    assert!(report.rejected.is_empty(), "{report:?}");
    let hq = staff_actor(svc, "hq").await.unwrap();
    let mut ids = Vec::new();
    for i in 1..=2 {
        let page = svc
            .goods
            .search(
                &hq,
                app::domain::goods::GoodsQuery {
                    barcode: format!("VT-CLOCK-{i}"),
                    store: app::domain::goods::StoreChoice::All,
                    status: None,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        ids.push(page.items[0].id);
    }
    ids
}

#[tokio::test]
async fn a_sale_belongs_to_the_stores_local_day_of_the_services_clock() {
    let app = TestApp::spawn().await;
    // 23:58 in Shanghai on 1 March.
    let clock = Clock::manual(at("2026-03-01T15:58:00Z"));
    let svc = services(&app.db, clock.clone());
    pendants(&svc).await;
    let manager = staff_actor(&svc, "manager1").await.unwrap();
    let li = staff_actor(&svc, "consultant1").await.unwrap();
    // A walk-in, booked and served by 李娜 just before midnight.
    let valid = ReservationInput {
        name: "钟女士".into(),
        mobile: "13912345678".into(),
        store_id: manager.user.store_id.unwrap().to_string(),
        consultant_id: li.user.id.to_string(),
        ..Default::default()
    }
    .validate(clock.now(), manager.user.zone)
    .unwrap();
    let r = svc.reservations.create(&manager, valid).await.unwrap();
    let booked = svc.reservations.detail(&manager, r.id).await.unwrap().0;
    assert_eq!(
        booked.visit_at,
        clock.now(),
        "an empty visit time is the clock's now"
    );
    let mut sold_on = Vec::new();
    for (k, when) in ["2026-03-01T15:59:00Z", "2026-03-01T16:01:00Z"]
        .into_iter()
        .enumerate()
    {
        clock.set(at(when));
        let id = svc.sales.new_sale(&li, None, false).await.unwrap();
        let v = svc.sales.detail(&li, id).await.unwrap();
        svc.sales
            .set_customer(&li, id, v.version, booked.customer_id)
            .await
            .unwrap();
        let v = svc.sales.detail(&li, id).await.unwrap();
        svc.sales
            .add_item(&li, id, v.version, format!("VT-CLOCK-{}", k + 1))
            .await
            .unwrap();
        let v = svc.sales.detail(&li, id).await.unwrap();
        let pay = Payment {
            method: PaymentMethod::Card,
            amount: v.totals.total,
        };
        svc.sales
            .complete(&li, id, v.version, vec![(pay, String::new())])
            .await
            .unwrap();
        let done = svc.sales.detail(&li, id).await.unwrap();
        assert_eq!(done.completed_at, Some(at(when)));
        sold_on.push(done.business_day);
    }
    assert_eq!(
        sold_on,
        vec![
            NaiveDate::from_ymd_opt(2026, 3, 1),
            NaiveDate::from_ymd_opt(2026, 3, 2)
        ],
        "a minute before and after midnight in Shanghai (15:59 and 16:01 UTC)"
    );
    // The queue's day is the clock's day too: a visit booked for 10:00 on 2 March is not on
    // 李娜's list at 23:59 on 1 March, and is there half an hour later.
    clock.set(at("2026-03-01T15:59:30Z"));
    let valid = ReservationInput {
        name: "孙女士".into(),
        mobile: "13912345677".into(),
        store_id: manager.user.store_id.unwrap().to_string(),
        consultant_id: li.user.id.to_string(),
        visit_at: "2026-03-02T10:00".into(),
        ..Default::default()
    }
    .validate(clock.now(), manager.user.zone)
    .unwrap();
    let tomorrow = svc.reservations.create(&manager, valid).await.unwrap();
    let queue = svc.reservations.my_queue(&li).await.unwrap();
    assert!(
        !queue.scheduled_today.iter().any(|w| w.id == tomorrow.id),
        "{queue:?}"
    );
    clock.set(at("2026-03-01T16:30:00Z"));
    let queue = svc.reservations.my_queue(&li).await.unwrap();
    assert!(
        queue.scheduled_today.iter().any(|w| w.id == tomorrow.id),
        "{queue:?}"
    );
}

#[tokio::test]
async fn a_hold_lapses_when_the_services_clock_passes_its_last_day() {
    let app = TestApp::spawn().await;
    let clock = Clock::manual(at("2026-05-10T02:00:00Z"));
    let svc = services(&app.db, clock.clone());
    let ids = pendants(&svc).await;
    let manager = staff_actor(&svc, "manager1").await.unwrap();
    let valid = ReservationInput {
        name: "钱女士".into(),
        mobile: "13912345679".into(),
        store_id: manager.user.store_id.unwrap().to_string(),
        ..Default::default()
    }
    .validate(clock.now(), manager.user.zone)
    .unwrap();
    let r = svc.reservations.create(&manager, valid).await.unwrap();
    let customer = svc.reservations.detail(&manager, r.id).await.unwrap().0;
    svc.goods
        .reserve(
            &manager,
            ValidReserve {
                item_id: ids[0],
                customer_id: Some(customer.customer_id),
                mobile: None,
                new_customer_name: None,
                reservation_number: None,
                until: NaiveDate::from_ymd_opt(2026, 5, 11).unwrap(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
    // Held through its last day, 11 May, in Shanghai…
    clock.set(at("2026-05-11T15:59:00Z"));
    let held = svc.goods.detail(&manager, ids[0]).await.unwrap();
    assert_eq!(held.item.status, ItemStatus::Reserved);
    // …and back in stock the minute that day is over, by the services' clock alone.
    clock.advance(Duration::minutes(2));
    let lapsed = svc.goods.detail(&manager, ids[0]).await.unwrap();
    assert_eq!(lapsed.item.status, ItemStatus::InStock);
}

/// The server functions check what is typed against the services' clock too: on a clock in
/// March, a booking with no time is booked for that moment, and a hold until that day is taken
/// (by the wall clock both would be long past).
#[tokio::test]
async fn the_server_functions_check_input_against_the_same_clock() {
    let clock = Clock::manual(at("2026-03-01T15:58:00Z"));
    let app = TestApp::spawn_at(clock.clone()).await;
    let svc = services(&app.db, clock.clone());
    let ids = pendants(&svc).await;
    let m1 = app.login_as("manager1").await;
    let store = app
        .scalar("SELECT CAST(store_id AS BIGINT) FROM staff WHERE username = 'manager1'")
        .await
        .to_string();
    let created = app
        .call(
            &m1,
            "reservations/create",
            &[
                ("input[name]", "周女士"),
                ("input[mobile]", "13912345676"),
                ("input[email]", ""),
                ("input[qq]", ""),
                ("input[store_id]", store.as_str()),
                ("input[consultant_id]", "auto"),
                ("input[visit_at]", ""),
                ("input[source]", ""),
                ("input[needs]", ""),
                ("input[need_level]", ""),
            ],
        )
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let visit: String = {
        use sea_orm::EntityTrait;
        let r =
            vitrine_server::entities::reservation::Entity::find_by_id(i32::try_from(id).unwrap())
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
        r.visit_at.to_rfc3339()
    };
    assert_eq!(visit, at("2026-03-01T15:58:00Z").to_rfc3339());
    let item = ids[0].to_string();
    app.call(
        &m1,
        "goods/reserve",
        &[
            ("input[item_id]", item.as_str()),
            ("input[version]", "0"),
            ("input[customer_mobile]", "13912345676"),
            ("input[until]", "2026-03-01"),
            ("input[note]", ""),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM item WHERE id = {item} AND status = 'reserved'"
        ))
        .await,
        1
    );
}
