//! Demo data, made the way the staff make theirs: through the product's own services (the same
//! objects as the web's ports), as the demo's own staff, on a manual clock that walks through the
//! last 90 days — so every booking has its numbers and history, every sale its receipt, items,
//! payments and audit rows, exactly as if it had been made on the shop floor. Idempotent: running
//! it again adds only what is missing and changes nothing that exists.

use crate::clock::Clock;
use crate::live::Live;
use crate::services::Services;
use app::domain::goods::{GoodsQuery, GoodsSort, ItemStatus, StoreChoice, ValidReserve};
use app::domain::policy::Role;
use app::domain::reservation::{Service, Status};
use app::domain::sale::{Discount, Payment, PaymentMethod};
use app::domain::time::Zone;
use app::domain::validate::{ValidDict, ValidStaff, ValidStore};
use app::error::AppError;
use app::i18n::Lang;
use app::model::*;
use app::ports::{Actor, AdminPort, GoodsPort, ReservationPort, SalesPort};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;
use std::collections::BTreeSet;

pub const DEMO_PASSWORD: &str = "vitrine-demo";

pub struct DemoStore {
    pub name: &'static str,
    pub city: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
}

pub const STORES: &[DemoStore] = &[
    DemoStore {
        name: "上海旗舰店",
        city: "上海",
        address: "上海市静安区南京西路1266号恒隆广场一层",
        phone: "021-62888888",
    },
    DemoStore {
        name: "长沙体验店",
        city: "长沙",
        address: "长沙市芙蓉区五一大道389号华远国际中心一层",
        phone: "0731-84888888",
    },
];

/// (username, display name, role, store)
pub const ACCOUNTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("admin", "系统管理员", "admin", None),
    ("hq", "周敏", "head_office", None),
    ("manager1", "陈静", "store_manager", Some("上海旗舰店")),
    ("consultant1", "李娜", "consultant", Some("上海旗舰店")),
    ("consultant2", "王芳", "consultant", Some("上海旗舰店")),
    ("consultant3", "张伟", "consultant", Some("上海旗舰店")),
    ("manager2", "刘洋", "store_manager", Some("长沙体验店")),
    ("consultant4", "赵丽", "consultant", Some("长沙体验店")),
    ("consultant5", "孙强", "consultant", Some("长沙体验店")),
];

/// (kind, code, 中文, English)
pub const DICTIONARY: &[(&str, &str, &str, &str)] = &[
    (
        "need_level",
        "A",
        "A 高（一周内购买）",
        "A High (buying within a week)",
    ),
    (
        "need_level",
        "B",
        "B 中（一月内购买）",
        "B Medium (within a month)",
    ),
    ("need_level", "C", "C 低（了解中）", "C Low (browsing)"),
    ("material", "PT950", "PT950 铂金", "PT950 platinum"),
    ("material", "18K_WHITE", "18K白金", "18K white gold"),
    ("material", "18K_YELLOW", "18K黄金", "18K yellow gold"),
    ("material", "18K_ROSE", "18K玫瑰金", "18K rose gold"),
    ("material", "AU999", "足金 AU999", "Pure gold AU999"),
    ("material", "AG925", "925银", "Sterling silver 925"),
    ("source", "WALK_IN", "自然到店", "Walk-in"),
    ("source", "PHONE", "电话预约", "Phone"),
    ("source", "WEBSITE", "官网预约", "Website"),
    ("source", "WECHAT", "微信", "WeChat"),
    ("source", "REFERRAL", "老客户介绍", "Referral"),
    ("source", "TMALL", "天猫旗舰店", "Tmall store"),
];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub stores: usize,
    pub staff: usize,
    pub dictionary: usize,
    pub reservations: usize,
    pub items: u64,
    pub sales: usize,
}

/// The services on `clock`, with a live hub of their own (with PostgreSQL a running app server
/// still hears the seeder's queue changes).
pub fn services(db: &DatabaseConnection, clock: Clock) -> Services {
    Services::new(db.clone(), Live::quiet(db.clone()), clock)
}

/// A port's refusal, in words (the seeder's input is fixed: a refusal is a bug to read).
fn refused(what: &str, e: AppError) -> anyhow::Error {
    match e {
        AppError::Validation(f) => anyhow::anyhow!(
            "{what}: {}",
            f.iter()
                .map(|e| format!("{}: {}", e.field, e.msg.text(Lang::En)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{what}: {}", other.message().text(Lang::En)),
    }
}

trait Seeding<T> {
    fn seeding(self, what: &str) -> anyhow::Result<T>;
}

impl<T> Seeding<T> for Result<T, AppError> {
    fn seeding(self, what: &str) -> anyhow::Result<T> {
        self.map_err(|e| refused(what, e))
    }
}

impl<T> Seeding<T> for Result<T, app::domain::validate::FieldErrors> {
    fn seeding(self, what: &str) -> anyhow::Result<T> {
        self.map_err(|e| refused(what, AppError::Validation(e)))
    }
}

/// The name the demo's own set-up (stores, accounts, dictionaries, the item import) carries in
/// the audit log.
pub const DEMO_ACTOR: &str = "演示数据";

/// The seeder's own actor for what no one person does (stores, accounts, dictionaries, imports).
fn system() -> Actor {
    let mut a = Actor::system(Role::Admin);
    a.user.username = "demo".into();
    a.user.display_name = DEMO_ACTOR.into();
    a
}

/// A member of staff as the actor the ports take (what a session resolves to), by username.
pub async fn staff_actor(svc: &Services, username: &str) -> anyhow::Result<Actor> {
    let staff = all(|r| svc.admin.list_staff(StaffFilter::default(), r)).await?;
    let s = staff
        .iter()
        .find(|s| s.username == username)
        .ok_or_else(|| anyhow::anyhow!("no user {username}"))?;
    let stores = all(|r| svc.admin.list_stores(r)).await?;
    let zone = stores
        .iter()
        .find(|st| Some(st.id) == s.store_id)
        .map(|st| Zone::of_store(&st.time_zone))
        .unwrap_or_default();
    Ok(actor_of(s, zone))
}

fn actor_of(s: &StaffRow, zone: Zone) -> Actor {
    Actor {
        user: CurrentUser {
            id: s.id,
            username: s.username.clone(),
            display_name: s.display_name.clone(),
            role: s.role,
            store_id: s.store_id,
            store_name: s.store_name.clone(),
            lang: Lang::ZhCn,
            zone,
        },
        ip: "demo".into(),
    }
}

/// Every page of a list, 100 rows at a time.
async fn all<T, F, Fut>(mut page: F) -> anyhow::Result<Vec<T>>
where
    F: FnMut(PageReq) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, AppError>>,
{
    let mut req = PageReq {
        per_page: 100,
        ..Default::default()
    };
    let mut out = Vec::new();
    loop {
        let p = page(req.clone()).await.seeding("list")?;
        let pages = p.pages();
        out.extend(p.items);
        if req.page >= pages {
            return Ok(out);
        }
        req.page += 1;
    }
}

/// A demo store's people, as actors.
struct Team {
    store_id: i32,
    zone: Zone,
    manager: Actor,
    consultants: Vec<Actor>,
}

/// The first two stores (by id) with a manager and consultants.
async fn teams(svc: &Services) -> anyhow::Result<Vec<Team>> {
    let mut stores = all(|r| svc.admin.list_stores(r)).await?;
    stores.sort_by_key(|s| s.id);
    let mut staff = all(|r| svc.admin.list_staff(StaffFilter::default(), r)).await?;
    staff.sort_by_key(|s| s.id);
    let mut out = Vec::new();
    for st in stores.iter().take(2) {
        let zone = Zone::of_store(&st.time_zone);
        let here: Vec<&StaffRow> = staff
            .iter()
            .filter(|s| s.store_id == Some(st.id) && s.active)
            .collect();
        let Some(manager) = here.iter().find(|s| s.role == Role::StoreManager) else {
            continue;
        };
        out.push(Team {
            store_id: st.id,
            zone,
            manager: actor_of(manager, zone),
            consultants: here
                .iter()
                .filter(|s| s.role == Role::Consultant)
                .map(|s| actor_of(s, zone))
                .collect(),
        });
    }
    Ok(out)
}

fn head_office() -> Actor {
    Actor::system(Role::HeadOffice)
}

pub async fn has_staff(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let svc = services(db, Clock::system());
    let page = svc
        .admin
        .list_staff(StaffFilter::default(), PageReq::default())
        .await
        .seeding("staff")?;
    Ok(page.total > 0)
}

/// Everything of the demo: the foundation, then customers and reservations, items, sales.
pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<Report> {
    let mut report = demo_foundation(db).await?;
    report.reservations = demo_reservations(db).await?;
    report.items = demo_items(db).await?;
    report.sales = demo_sales(db).await?;
    Ok(report)
}

/// Stores, accounts and dictionaries only, through the admin port.
pub async fn demo_foundation(db: &DatabaseConnection) -> anyhow::Result<Report> {
    let svc = services(db, Clock::system());
    let admin = system();
    let mut report = Report::default();
    let stores = all(|r| svc.admin.list_stores(r)).await?;
    for s in STORES {
        if stores.iter().any(|x| x.name == s.name) {
            continue;
        }
        let valid = ValidStore::try_from(&StoreInput {
            name: s.name.into(),
            city: s.city.into(),
            address: s.address.into(),
            phone: s.phone.into(),
            time_zone: "Asia/Shanghai".into(),
            ..Default::default()
        })
        .seeding(s.name)?;
        svc.admin
            .create_store(&admin, valid)
            .await
            .seeding(s.name)?;
        report.stores += 1;
    }
    let stores = all(|r| svc.admin.list_stores(r)).await?;
    let staff = all(|r| svc.admin.list_staff(StaffFilter::default(), r)).await?;
    for (username, name, role, store_name) in ACCOUNTS {
        if staff.iter().any(|s| s.username == *username) {
            continue;
        }
        let store_id = store_name
            .and_then(|n| stores.iter().find(|s| s.name == n))
            .map(|s| s.id.to_string())
            .unwrap_or_default();
        let valid = ValidStaff::try_from(&StaffInput {
            username: (*username).into(),
            display_name: (*name).into(),
            role: (*role).into(),
            store_id,
            password: DEMO_PASSWORD.into(),
            lang: "zh-CN".into(),
        })
        .seeding(username)?;
        svc.admin
            .create_staff(&admin, valid)
            .await
            .seeding(username)?;
        report.staff += 1;
    }
    let mut known: Vec<(String, String)> = Vec::new();
    for kind in app::domain::validate::DICTIONARY_KINDS {
        for e in svc
            .admin
            .list_dictionary(kind.to_string())
            .await
            .seeding("dictionary")?
        {
            known.push((e.kind, e.code));
        }
    }
    for (i, (kind, code, zh, en)) in DICTIONARY.iter().enumerate() {
        if known.iter().any(|(k, c)| k == kind && c == code) {
            continue;
        }
        let valid = ValidDict::try_from(&DictInput {
            kind: (*kind).into(),
            code: (*code).into(),
            label_zh: (*zh).into(),
            label_en: (*en).into(),
            sort_order: i.to_string(),
            // Gold is sold by weight × the day's price + labour.
            by_weight: (*kind == "material" && *code == "AU999").then(|| "on".into()),
        })
        .seeding(code)?;
        svc.admin
            .create_dict_entry(&admin, valid)
            .await
            .seeding(code)?;
        report.dictionary += 1;
    }
    Ok(report)
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "婷", "雪", "慧", "晨",
    "宇", "欣", "佳", "琳",
];
const NEEDS: &[&str] = &[
    "看订婚钻戒，预算3万左右，款号 VR2301",
    "结婚对戒，喜欢铂金素圈",
    "1克拉钻石裸钻，G色VS2以上",
    "足金手镯送长辈",
    "18K玫瑰金项链，款号 VN1088",
    "钻石耳钉，日常佩戴",
    "改戒圈，款号 VR1975",
    "周年纪念礼物，吊坠",
];

/// A small deterministic generator, so the demo data is the same on every machine.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Customers and reservations in every status and service state, across both stores and the
/// days around today, booked and worked through the reservations port by the stores' own staff at
/// the times they happened. Skipped when reservations exist already.
pub async fn demo_reservations(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let now = Utc::now();
    let clock = Clock::manual(now);
    let svc = services(db, clock.clone());
    let any = svc
        .reservations
        .search(
            &head_office(),
            ReservationFilter::default(),
            PageReq::default(),
        )
        .await
        .seeding("reservations")?;
    if any.total > 0 {
        return Ok(0);
    }
    let mut rng = Lcg(20261124);
    let mut n = 0usize;
    for (si, team) in teams(&svc).await?.iter().enumerate() {
        if team.consultants.is_empty() {
            continue;
        }
        for i in 0..24usize {
            let name = format!(
                "{}{}",
                SURNAMES[rng.next(SURNAMES.len())],
                GIVEN[rng.next(GIVEN.len())]
            );
            let mobile = format!(
                "1{}{:09}",
                [3, 5, 7, 8, 9][rng.next(5)],
                100_000_000 + si * 1_000_000 + i * 7919 + rng.next(7000)
            );
            let source = ["自然到店", "电话预约", "官网预约", "微信", "老客户介绍"][rng.next(5)];
            let needs = NEEDS[rng.next(NEEDS.len())];
            let level = ["A", "B", "C"][rng.next(3)];
            // Days from 6 ago to 3 ahead; each customer one reservation, on the minute.
            let day_offset = (i % 10) as i64 - 6;
            let visit =
                now + Duration::days(day_offset) + Duration::hours(((i * 3) % 7) as i64 - 3);
            let visit = visit - Duration::seconds(visit.timestamp() % 60);
            let slot = i / 10;
            let (status, service) = match (day_offset, i % 5) {
                (d, _) if d > 0 && i % 4 == 0 => (Status::NeedsCallback, Service::Scheduled),
                (d, _) if d > 0 => (Status::NotArrived, Service::Scheduled),
                (0, _) if slot == 0 => (Status::NotArrived, Service::Waiting),
                (0, _) if si == 1 => (Status::NotArrived, Service::Serving),
                (0, _) => (Status::NotArrived, Service::Scheduled),
                (_, 0) | (_, 3) => (Status::DealClosed, Service::Closed),
                (_, 1) => (Status::ArrivedNoDeal, Service::Closed),
                (_, 2) => (Status::Void, Service::Closed),
                _ => (Status::ArrivedNoDeal, Service::Closed),
            };
            let happened = visit.min(now);
            // Booked two days before.
            clock.set(happened - Duration::days(2));
            n += 1;
            if status == Status::NeedsCallback {
                // Booked on the chain's website (for a time the store is open: the public
                // page books only within its hours); waits for the store to call back.
                let local_day = team.zone.date_of(visit);
                let visit = team.zone.to_utc(
                    local_day
                        .and_hms_opt(11 + (i % 9) as u32, 0, 0)
                        .unwrap_or_default(),
                );
                let valid = WebBooking {
                    name,
                    phone: mobile,
                    store: team.store_id.to_string(),
                    visit_at: visit.to_rfc3339(),
                    needs: needs.into(),
                    email: String::new(),
                }
                .validate(clock.now(), team.zone)
                .seeding("web booking")?;
                svc.reservations
                    .book(valid, format!("demo-web-{si}-{i}"))
                    .await
                    .seeding("web booking")?;
                continue;
            }
            let owner = &team.consultants[i % team.consultants.len()];
            let valid = ReservationInput {
                name,
                mobile,
                email: String::new(),
                qq: String::new(),
                store_id: team.store_id.to_string(),
                consultant_id: owner.user.id.to_string(),
                visit_at: visit.to_rfc3339(),
                source: source.into(),
                needs: needs.into(),
                need_level: level.into(),
            }
            .validate(clock.now(), team.zone)
            .seeding("booking")?;
            let created = svc
                .reservations
                .create(&team.manager, valid)
                .await
                .seeding("booking")?;
            // The visit, as it went.
            clock.set(happened);
            let (m, o) = (&team.manager, owner);
            let steps: Vec<(&Actor, QueueAction)> = match (status, service) {
                (Status::NotArrived, Service::Waiting) => vec![(m, QueueAction::Arrive)],
                (Status::NotArrived, Service::Serving) => {
                    vec![(m, QueueAction::Arrive), (o, QueueAction::Claim)]
                }
                (Status::DealClosed, _) => vec![
                    (m, QueueAction::Arrive),
                    (o, QueueAction::Claim),
                    (
                        o,
                        QueueAction::Finish {
                            deal: Some(true),
                            note: "已购买".into(),
                        },
                    ),
                ],
                (Status::ArrivedNoDeal, _) => vec![
                    (m, QueueAction::Arrive),
                    (o, QueueAction::Claim),
                    (
                        o,
                        QueueAction::Finish {
                            deal: Some(false),
                            note: String::new(),
                        },
                    ),
                ],
                (Status::Void, _) => vec![(m, QueueAction::Void)],
                _ => Vec::new(),
            };
            for (version, (who, step)) in steps.into_iter().enumerate() {
                let version = i32::try_from(version).unwrap_or(i32::MAX);
                svc.reservations
                    .act(who, created.id, version, step)
                    .await
                    .seeding("queue")?;
                clock.advance(Duration::minutes(10));
            }
        }
    }
    Ok(n)
}

/// Demo items (a few thousand over the first two stores, through the ERP import), some held for
/// demo customers through the goods port. Only into an empty item table.
pub async fn demo_items(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let now = Utc::now();
    let clock = Clock::manual(now);
    let svc = services(db, clock.clone());
    let hq = head_office();
    let any = svc
        .goods
        .search(
            &hq,
            GoodsQuery {
                store: StoreChoice::All,
                status: None,
                ..Default::default()
            },
        )
        .await
        .seeding("goods")?;
    if any.total > 0 {
        return Ok(0);
    }
    let mut stores = all(|r| svc.admin.list_stores(r)).await?;
    stores.sort_by_key(|s| s.id);
    let names: Vec<String> = stores.iter().take(2).map(|s| s.name.clone()).collect();
    if names.is_empty() {
        return Ok(0);
    }
    let mut rows = crate::goods_gen::generate(3000, 1, 20261124, &names);
    rows.extend(crate::goods_gen::bridal_showcase(3001, &names));
    let report = svc
        .goods
        .import_rows(Some(&system()), rows, 1)
        .await
        .seeding("demo items")?;
    // Every third of the 60 newest in-stock items is held for a demo customer, by its store's
    // manager, for three days.
    let teams = teams(&svc).await?;
    let mut customers: Vec<(i32, String)> = all(|r| {
        svc.reservations.search(
            &hq,
            ReservationFilter::default(),
            PageReq {
                sort: "created_at".into(),
                ..r
            },
        )
    })
    .await?
    .into_iter()
    .map(|r| (r.customer_id, r.customer_name))
    .collect();
    customers.sort();
    customers.dedup();
    customers.truncate(20);
    let mut newest = goods(
        &svc,
        &hq,
        GoodsQuery {
            status: Some(ItemStatus::InStock),
            store: StoreChoice::All,
            ..Default::default()
        },
        60,
    )
    .await?;
    newest.sort_by_key(|it| it.id);
    let until = Zone::default().date_of(now) + Duration::days(3);
    for (i, it) in newest.iter().enumerate() {
        if i % 3 != 0 || customers.is_empty() {
            continue;
        }
        let Some(team) = teams.iter().find(|t| t.store_id == it.store_id) else {
            continue;
        };
        let (customer_id, name) = &customers[i % customers.len()];
        svc.goods
            .reserve(
                &team.manager,
                ValidReserve {
                    item_id: it.id,
                    customer_id: Some(*customer_id),
                    mobile: None,
                    new_customer_name: None,
                    reservation_number: None,
                    until,
                    note: format!("为{name}预留"),
                },
            )
            .await
            .seeding("hold")?;
    }
    Ok(report.created)
}

/// Up to `want` items of a goods search, newest first, page by page through the goods port.
async fn goods(
    svc: &Services,
    actor: &Actor,
    q: GoodsQuery,
    want: usize,
) -> anyhow::Result<Vec<ItemRowView>> {
    let mut out = Vec::new();
    let mut page = 1;
    while out.len() < want {
        let p = svc
            .goods
            .search(
                actor,
                GoodsQuery {
                    sort: GoodsSort::Newest,
                    page,
                    ..q.clone()
                },
            )
            .await
            .seeding("goods")?;
        let pages = p.pages();
        out.extend(p.items);
        if page >= pages {
            break;
        }
        page += 1;
    }
    out.truncate(want);
    Ok(out)
}

/// What happens to a demo sale, when.
enum Step {
    Deposit,
    Sale,
    Return,
}

/// One demo sale's plan.
struct Planned {
    at: DateTime<Utc>,
    consultant: usize,
    customer_id: i32,
    reservation_id: Option<i32>,
    barcodes: Vec<(String, Decimal)>,
    /// Percent off each item line: 5 % every third sale, 15 % (beyond the store's limit, so
    /// approved by the manager) every seventh.
    pct: i64,
    engraving: bool,
    deposit: bool,
    returned: bool,
    split: bool,
    method: PaymentMethod,
}

/// Completed sales over the last 90 days in both stores, made through the sales port on the
/// days they happened: every settled (已成交) reservation gets its sale, some with a deposit
/// taken two days before; walk-in sales fill the other days; some lines carry discounts (beyond
/// the limit: asked for and approved by the manager), some sales are paid two ways, some were
/// partly returned two days later (the item back in stock). Each past day with business is
/// closed by the store's manager. Today's gold price is set so a sale of pure gold works at once.
/// Only into an empty sale table.
pub async fn demo_sales(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let now = Utc::now();
    let clock = Clock::manual(now);
    let svc = services(db, clock.clone());
    let hq = head_office();
    let any = svc
        .sales
        .list(&hq, SaleFilter::default(), PageReq::default())
        .await
        .seeding("sales")?;
    if any.total > 0 {
        return Ok(0);
    }
    let mut rng = Lcg(20261125);
    let methods = [
        PaymentMethod::Card,
        PaymentMethod::WechatPay,
        PaymentMethod::Alipay,
        PaymentMethod::Cash,
    ];
    let mut n = 0usize;
    for team in teams(&svc).await? {
        if team.consultants.is_empty() {
            continue;
        }
        let today = team.zone.date_of(now);
        let visits = all(|r| {
            svc.reservations.search(
                &team.manager,
                ReservationFilter {
                    store_id: Some(team.store_id),
                    ..Default::default()
                },
                PageReq {
                    sort: "created_at".into(),
                    ..r
                },
            )
        })
        .await?;
        let mut customers: Vec<i32> = visits.iter().map(|r| r.customer_id).collect();
        customers.sort_unstable();
        customers.dedup();
        if customers.is_empty() {
            continue;
        }
        // The store's newest in-stock pieces up to ¥50,000, gold (priced by weight) aside.
        let stock: Vec<(String, Decimal)> = goods(
            &svc,
            &team.manager,
            GoodsQuery {
                status: Some(ItemStatus::InStock),
                store: StoreChoice::One(team.store_id),
                price_max: Some(Decimal::from(50_000)),
                material: ["PT950", "18K_WHITE", "18K_YELLOW", "18K_ROSE", "AG925"]
                    .map(String::from)
                    .to_vec(),
                ..Default::default()
            },
            120,
        )
        .await?
        .into_iter()
        .map(|it| (it.barcode, it.price))
        .collect();
        let mut stock = stock.into_iter();
        // (when, consultant, customer, reservation): each settled visit twenty minutes after it
        // ended, and 36 walk-ins over the last 90 days.
        let mut plan: Vec<(DateTime<Utc>, usize, i32, Option<i32>)> = visits
            .iter()
            .filter(|r| r.status == Status::DealClosed && r.visit_at < now)
            .filter_map(|r| {
                let who = team
                    .consultants
                    .iter()
                    .position(|c| Some(c.user.id) == r.consultant_id)?;
                Some((
                    r.visit_at + Duration::minutes(50),
                    who,
                    r.customer_id,
                    Some(r.id),
                ))
            })
            .collect();
        for k in 0..36usize {
            let days_ago = 90 - (k as i64 * 5 / 2) - 1;
            let at = now - Duration::days(days_ago.max(1))
                + Duration::minutes((rng.next(480) as i64) - 240);
            plan.push((
                at,
                k % team.consultants.len(),
                customers[rng.next(customers.len())],
                None,
            ));
        }
        plan.sort_by_key(|p| p.0);
        let mut sales: Vec<Planned> = Vec::new();
        for (k, (at, consultant, customer_id, reservation_id)) in plan.into_iter().enumerate() {
            let barcodes: Vec<(String, Decimal)> =
                stock.by_ref().take(1 + usize::from(k % 4 == 0)).collect();
            if barcodes.is_empty() {
                break;
            }
            let pct = if k % 7 == 3 {
                15
            } else if k % 3 == 1 {
                5
            } else {
                0
            };
            let total: Decimal = barcodes.iter().map(|(_, p)| *p).sum();
            let returned = k % 11 == 5 && barcodes.len() == 2 && at + Duration::days(2) < now;
            sales.push(Planned {
                at,
                consultant,
                customer_id,
                reservation_id,
                pct,
                engraving: k % 5 == 2,
                deposit: reservation_id.is_some() && k % 2 == 0 && total > Decimal::from(2_000),
                returned,
                split: k % 3 == 2 && !returned,
                method: if returned {
                    PaymentMethod::Card
                } else {
                    methods[rng.next(methods.len())]
                },
                barcodes,
            });
        }
        // Every step in the order it happened; each past day closed once its business is done.
        let mut steps: Vec<(DateTime<Utc>, usize, Step)> = Vec::new();
        for (i, s) in sales.iter().enumerate() {
            if s.deposit {
                steps.push((s.at - Duration::days(2), i, Step::Deposit));
            }
            steps.push((s.at, i, Step::Sale));
            if s.returned {
                steps.push((s.at + Duration::days(2), i, Step::Return));
            }
        }
        steps.sort_by_key(|(at, i, _)| (*at, *i));
        let mut ids: Vec<Option<i32>> = vec![None; sales.len()];
        let mut busy: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut closed: BTreeSet<NaiveDate> = BTreeSet::new();
        for (at, i, step) in steps {
            let day = team.zone.date_of(at);
            close_days_before(&svc, &clock, &team, day, &busy, &mut closed).await?;
            busy.insert(day);
            clock.set(at);
            let s = &sales[i];
            let who = &team.consultants[s.consultant];
            match step {
                Step::Deposit => {
                    if let Some(rid) = s.reservation_id {
                        let deposit = Payment {
                            method: PaymentMethod::WechatPay,
                            amount: Decimal::from(1_000),
                        };
                        svc.sales
                            .take_deposit(who, rid, deposit, String::new())
                            .await
                            .seeding("deposit")?;
                    }
                }
                Step::Sale => {
                    ids[i] = Some(sell(&svc, &clock, &team, s).await?);
                    n += 1;
                }
                Step::Return => {
                    let Some(id) = ids[i] else { continue };
                    let v = svc.sales.detail(&team.manager, id).await.seeding("sale")?;
                    let Some(line) = v.lines.iter().rev().find(|l| l.kind == "item") else {
                        continue;
                    };
                    svc.sales
                        .return_lines(
                            &team.manager,
                            id,
                            v.version,
                            vec![line.id],
                            "尺寸不合适".into(),
                            vec![(
                                Payment {
                                    method: PaymentMethod::Card,
                                    amount: line.final_price,
                                },
                                String::new(),
                            )],
                        )
                        .await
                        .seeding("return")?;
                }
            }
        }
        close_days_before(&svc, &clock, &team, today, &busy, &mut closed).await?;
    }
    // Today's gold price, set by head office.
    clock.set(now);
    if n > 0 {
        let staff = all(|r| svc.admin.list_staff(StaffFilter::default(), r)).await?;
        let setter = staff
            .iter()
            .find(|s| s.role == Role::HeadOffice && s.active)
            .map(|s| actor_of(s, Zone::default()))
            .unwrap_or(hq);
        svc.sales
            .set_gold_price(&setter, "AU999".into(), Decimal::from(588))
            .await
            .seeding("gold price")?;
    }
    Ok(n)
}

/// The manager closes each busy day before `day` not yet closed, at 21:30 that evening.
async fn close_days_before(
    svc: &Services,
    clock: &Clock,
    team: &Team,
    day: NaiveDate,
    busy: &BTreeSet<NaiveDate>,
    closed: &mut BTreeSet<NaiveDate>,
) -> anyhow::Result<()> {
    for d in busy.iter().copied().filter(|d| *d < day) {
        if closed.insert(d) {
            let evening = team.zone.day_start(d) + Duration::minutes(21 * 60 + 30);
            clock.set(evening);
            svc.sales
                .close_day(&team.manager, d)
                .await
                .seeding("day close")?;
        }
    }
    Ok(())
}

/// One sale, as the consultant makes it at the counter: open, customer, items, engraving,
/// discounts (asking the manager when beyond the limit), payments.
async fn sell(svc: &Services, clock: &Clock, team: &Team, s: &Planned) -> anyhow::Result<i32> {
    let who = &team.consultants[s.consultant];
    let at = s.at;
    clock.set(at - Duration::minutes(15));
    let id = svc
        .sales
        .new_sale(who, s.reservation_id, false)
        .await
        .seeding("new sale")?;
    let version = |svc: &Services, who: &Actor| {
        let sales = svc.sales.clone();
        let who = who.clone();
        async move { sales.detail(&who, id).await.seeding("sale") }
    };
    if s.reservation_id.is_none() {
        let v = version(svc, who).await?;
        svc.sales
            .set_customer(who, id, v.version, s.customer_id)
            .await
            .seeding("customer")?;
    }
    for (barcode, _) in &s.barcodes {
        let v = version(svc, who).await?;
        svc.sales
            .add_item(who, id, v.version, barcode.clone())
            .await
            .seeding("item")?;
    }
    if s.engraving {
        let v = version(svc, who).await?;
        svc.sales
            .add_service(who, id, v.version, "刻字".into(), Decimal::from(100))
            .await
            .seeding("engraving")?;
    }
    if s.pct > 0 {
        let v = version(svc, who).await?;
        for line in v.lines.iter().filter(|l| l.kind == "item") {
            let now = version(svc, who).await?;
            // Whole yuan off.
            let off = (line.list_price * Decimal::from(s.pct) / Decimal::from(100)).floor();
            svc.sales
                .set_discount(who, id, now.version, line.id, Discount::Amount(off))
                .await
                .seeding("discount")?;
        }
        let v = version(svc, who).await?;
        if v.needs_approval {
            svc.sales
                .request_approval(who, id, v.version)
                .await
                .seeding("approval")?;
            clock.set(at - Duration::minutes(5));
            let v = version(svc, &team.manager).await?;
            svc.sales
                .decide(&team.manager, id, v.version, true, "老客户，同意".into())
                .await
                .seeding("approval")?;
        }
    }
    clock.set(at);
    let v = version(svc, who).await?;
    let mut left = v.totals.total;
    let mut pays = Vec::new();
    if !v.deposit_available.is_zero() {
        pays.push((
            Payment {
                method: PaymentMethod::Deposit,
                amount: v.deposit_available,
            },
            String::new(),
        ));
        left -= v.deposit_available;
    }
    if s.split && left > Decimal::from(1_000) {
        let part = (left / Decimal::from(2)).floor();
        pays.push((
            Payment {
                method: s.method,
                amount: part,
            },
            String::new(),
        ));
        pays.push((
            Payment {
                method: PaymentMethod::Cash,
                amount: left - part,
            },
            String::new(),
        ));
    } else {
        pays.push((
            Payment {
                method: s.method,
                amount: left,
            },
            String::new(),
        ));
    }
    svc.sales
        .complete(who, id, v.version, pays)
        .await
        .seeding("payment")?;
    Ok(id)
}
