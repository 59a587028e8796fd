//! `vitrine bench reservations`: loads N customers with one reservation each (deterministic,
//! realistic Chinese names and valid mobiles) and prints p50/p95 of phone-fragment and name
//! searches through the real search service. Benchmarks print; tests never time.

use crate::entities::{customer, reservation};
use crate::live::Live;
use crate::services::reservations::ReservationService;
use app::domain::policy::Role;
use app::domain::reservation::{reservation_number, Service, Status};
use app::model::{CurrentUser, PageReq, ReservationFilter};
use app::ports::{Actor, ReservationPort};
use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait};
use std::time::Instant;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "婷", "雪", "慧", "晨",
    "宇", "欣", "佳", "琳", "子涵", "梓轩", "一诺", "浩然", "思雨",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub async fn load(db: &DatabaseConnection, rows: usize) -> anyhow::Result<()> {
    let existing = customer::Entity::find().count(db).await? as usize;
    if existing >= rows {
        println!("{existing} customers already loaded");
        return Ok(());
    }
    let stores: Vec<i32> = crate::entities::store::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let consultants: Vec<(i32, Option<i32>)> = crate::entities::staff::Entity::find()
        .all(db)
        .await?
        .iter()
        .filter(|s| s.role == "consultant")
        .map(|s| (s.id, s.store_id))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = Utc::now();
    let started = Instant::now();
    let batch = 500;
    let mut done = existing;
    while done < rows {
        let txn = db.begin().await?;
        let mut customers = Vec::with_capacity(batch);
        let n = batch.min(rows - done);
        for i in 0..n {
            let k = done + i;
            let name = format!(
                "{}{}",
                SURNAMES[rng.below(SURNAMES.len())],
                GIVEN[rng.below(GIVEN.len())]
            );
            // 1[3-9] + 9 digits derived from k: unique per row.
            let mobile = format!(
                "1{}{:09}",
                3 + (k % 7),
                (k as u64 * 7_919 + 12_345) % 1_000_000_000
            );
            customers.push(customer::ActiveModel {
                id: Set(i32::try_from(k + 1_000_000).unwrap_or(i32::MAX)),
                name: Set(name),
                mobile: Set(mobile),
                email: Set(String::new()),
                qq: Set(String::new()),
                store_id: Set(stores.get(k % stores.len().max(1)).copied()),
                is_member: Set(k.is_multiple_of(5)),
                member_no: Set(None),
                created_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            });
        }
        customer::Entity::insert_many(customers).exec(&txn).await?;
        let mut reservations = Vec::with_capacity(n);
        for i in 0..n {
            let k = done + i;
            let (consultant, store) = consultants[k % consultants.len().max(1)];
            let visit = now - Duration::minutes((k % 525_600) as i64);
            let status = [
                Status::DealClosed,
                Status::ArrivedNoDeal,
                Status::Void,
                Status::NotArrived,
            ][k % 4];
            reservations.push(reservation::ActiveModel {
                number: Set(reservation_number(visit.date_naive(), 100_000 + k as i64)),
                customer_id: Set(i32::try_from(k + 1_000_000).unwrap_or(i32::MAX)),
                store_id: Set(store.unwrap_or(1)),
                consultant_id: Set(Some(consultant)),
                visit_at: Set(visit),
                source: Set("电话预约".into()),
                needs: Set(format!("款号 VR{:04}", k % 5000)),
                need_level: Set(["A", "B", "C"][k % 3].into()),
                status: Set(status.as_str().into()),
                service: Set(if status == Status::NotArrived {
                    Service::Scheduled
                } else {
                    Service::Closed
                }
                .as_str()
                .into()),
                outcome: Set(String::new()),
                web_key: Set(None),
                version: Set(0),
                created_by: Set(None),
                created_at: Set(visit),
                updated_at: Set(visit),
                assigned_at: Set(Some(visit)),
                arrived_at: Set(None),
                finished_at: Set(None),
                ..Default::default()
            });
        }
        reservation::Entity::insert_many(reservations)
            .exec(&txn)
            .await?;
        txn.commit().await?;
        done += n;
        if done.is_multiple_of(100_000) || done == rows {
            println!(
                "  loaded {done} customers + reservations ({:.0}s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or(0.0)
}

async fn measure(
    label: &str,
    svc: &ReservationService,
    actor: &Actor,
    filters: Vec<ReservationFilter>,
) -> anyhow::Result<()> {
    let mut times = Vec::with_capacity(filters.len());
    let mut hits = 0u64;
    for f in filters {
        let t = Instant::now();
        let page = svc
            .search(
                actor,
                f,
                PageReq {
                    page: 1,
                    per_page: 20,
                    sort: "visit_at".into(),
                    desc: true,
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += page.total;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  {label:<34} n={:<4} p50 {:>8.2} ms   p95 {:>8.2} ms   (avg matches {})",
        times.len(),
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        hits / times.len().max(1) as u64
    );
    Ok(())
}

pub async fn run(
    db: DatabaseConnection,
    database_url: &str,
    rows: usize,
    queries: usize,
) -> anyhow::Result<()> {
    println!("backend: {:?}, rows: {rows}", db.get_database_backend());
    load(&db, rows).await?;
    // Planner statistics, as a running system has them (autovacuum on PostgreSQL,
    // `PRAGMA optimize` at start on SQLite).
    crate::db::analyze(&db, None).await?;
    let svc = ReservationService::new(db.clone(), Live::start(db.clone(), database_url));
    let manager = |role: Role, store: Option<i32>| Actor {
        user: CurrentUser {
            id: 1,
            username: "bench".into(),
            display_name: "bench".into(),
            role,
            store_id: store,
            store_name: None,
            lang: app::i18n::Lang::ZhCn,
            zone: Default::default(),
        },
        ip: "bench".into(),
    };
    let store_manager = manager(Role::StoreManager, Some(1));
    let head_office = manager(Role::HeadOffice, None);
    let mut rng = Rng(42);
    let phone4: Vec<ReservationFilter> = (0..queries)
        .map(|_| ReservationFilter {
            phone: format!("{:04}", rng.below(10_000)),
            ..Default::default()
        })
        .collect();
    let phone7: Vec<ReservationFilter> = (0..queries)
        .map(|_| ReservationFilter {
            phone: format!("{:07}", rng.below(10_000_000)),
            ..Default::default()
        })
        .collect();
    let name3: Vec<ReservationFilter> = (0..queries)
        .map(|_| ReservationFilter {
            name: format!(
                "{}{}",
                SURNAMES[rng.below(20)],
                ["子涵", "梓轩", "一诺", "浩然", "思雨"][rng.below(5)]
            ),
            ..Default::default()
        })
        .collect();
    let name2: Vec<ReservationFilter> = (0..queries)
        .map(|_| ReservationFilter {
            name: format!("{}{}", SURNAMES[rng.below(20)], GIVEN[rng.below(20)]),
            ..Default::default()
        })
        .collect();
    // Warm the caches once.
    measure(
        "warm-up",
        &svc,
        &head_office,
        phone4.iter().take(5).cloned().collect(),
    )
    .await?;
    measure(
        "phone, last 4 digits (store)",
        &svc,
        &store_manager,
        phone4.clone(),
    )
    .await?;
    measure(
        "phone, last 4 digits (all stores)",
        &svc,
        &head_office,
        phone4,
    )
    .await?;
    measure("phone, 7 digits (all stores)", &svc, &head_office, phone7).await?;
    measure("name, 3 characters (all stores)", &svc, &head_office, name3).await?;
    measure("name, 2 characters (all stores)", &svc, &head_office, name2).await?;
    Ok(())
}

/// Write throughput: `rows` web bookings, one transaction each (as the booking path commits),
/// through the real service. Prints bookings per second.
pub async fn run_writes(
    db: DatabaseConnection,
    database_url: &str,
    rows: usize,
) -> anyhow::Result<()> {
    let svc = ReservationService::new(db.clone(), Live::start(db.clone(), database_url));
    let store = crate::entities::store::Entity::find()
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no store"))?;
    let zone = app::domain::time::Zone::of_store(&store.time_zone);
    let noon_in_two_days = zone.to_utc(
        zone.date_of(chrono::Utc::now() + chrono::Duration::days(2))
            .and_hms_opt(12, 0, 0)
            .unwrap_or_default(),
    );
    let start = std::time::Instant::now();
    for i in 0..rows {
        let b = app::domain::validate::ValidWebBooking {
            name: format!("写入{i}"),
            mobile: app::domain::mobile::Mobile::parse(&format!("136{:08}", i))
                .ok_or_else(|| anyhow::anyhow!("mobile"))?,
            store: store.id.to_string(),
            // Noon in two days, a second apart: within the store's opening hours.
            visit_at: noon_in_two_days + chrono::Duration::seconds((i % 20_000) as i64),
            needs: String::new(),
            email: String::new(),
        };
        svc.create_web(b, "bench")
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{rows} bookings in {secs:.2} s: {:.0} bookings/s ({:.2} ms each)",
        rows as f64 / secs,
        secs * 1000.0 / rows as f64
    );
    Ok(())
}
