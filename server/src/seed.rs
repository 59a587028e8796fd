//! Demo data: realistic stores, staff of every role and the dictionaries. Idempotent: running
//! it again adds only what is missing and changes nothing that exists.

use crate::auth::password;
use crate::entities::{dictionary_entry as dict, staff, store};
use crate::services::audit;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};

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
}

pub async fn has_staff(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(staff::Entity::find().count(db).await? > 0)
}

/// Everything of the demo: the foundation, then customers and reservations.
pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<Report> {
    let mut report = demo_foundation(db).await?;
    report.reservations = demo_reservations(db).await?;
    report.items = demo_items(db).await?;
    Ok(report)
}

/// Stores, accounts and dictionaries only.
pub async fn demo_foundation(db: &DatabaseConnection) -> anyhow::Result<Report> {
    let hash = password::hash_blocking(DEMO_PASSWORD.to_string()).await?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut report = Report::default();
    for s in STORES {
        let exists = store::Entity::find()
            .filter(store::Column::Name.eq(s.name))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            store::ActiveModel {
                name: Set(s.name.into()),
                city: Set(s.city.into()),
                address: Set(s.address.into()),
                phone: Set(s.phone.into()),
                time_zone: Set("Asia/Shanghai".into()),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            report.stores += 1;
        }
    }
    for (username, name, role, store_name) in ACCOUNTS {
        let exists = staff::Entity::find()
            .filter(staff::Column::Username.eq(*username))
            .one(&txn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let store_id = match store_name {
            Some(n) => store::Entity::find()
                .filter(store::Column::Name.eq(*n))
                .one(&txn)
                .await?
                .map(|s| s.id),
            None => None,
        };
        staff::ActiveModel {
            username: Set((*username).into()),
            display_name: Set((*name).into()),
            role: Set((*role).into()),
            store_id: Set(store_id),
            on_duty: Set(*role == "consultant"),
            active: Set(true),
            password_hash: Set(hash.clone()),
            lang: Set("zh-CN".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        report.staff += 1;
    }
    for (i, (kind, code, zh, en)) in DICTIONARY.iter().enumerate() {
        let exists = dict::Entity::find()
            .filter(dict::Column::Kind.eq(*kind))
            .filter(dict::Column::Code.eq(*code))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            dict::ActiveModel {
                kind: Set((*kind).into()),
                code: Set((*code).into()),
                label_zh: Set((*zh).into()),
                label_en: Set((*en).into()),
                sort_order: Set(i32::try_from(i).unwrap_or(0)),
                active: Set(true),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            report.dictionary += 1;
        }
    }
    if report != Report::default() {
        audit::record(
            &txn,
            audit::Event {
                actor_name: "cli",
                action: "seed.demo",
                entity: "database",
                entity_id: "demo".into(),
                after: Some(serde_json::json!({
                    "stores": report.stores, "staff": report.staff, "dictionary": report.dictionary
                })),
                ..Default::default()
            },
        )
        .await?;
    }
    txn.commit().await?;
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
/// days around today. Skipped when reservations exist already.
pub async fn demo_reservations(db: &DatabaseConnection) -> anyhow::Result<usize> {
    use crate::entities::{customer, reservation, reservation_history as history};
    use app::domain::reservation::{reservation_number, Service, Status};
    if reservation::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let stores = store::Entity::find().all(db).await?;
    let now = Utc::now();
    let mut rng = Lcg(20261124);
    let txn = db.begin().await?;
    let mut n = 0usize;
    let mut seq_by_day: std::collections::HashMap<chrono::NaiveDate, i64> = Default::default();
    for (si, st) in stores.iter().take(2).enumerate() {
        let team = staff::Entity::find()
            .filter(staff::Column::StoreId.eq(st.id))
            .filter(staff::Column::Role.eq("consultant"))
            .all(&txn)
            .await?;
        if team.is_empty() {
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
            let c = customer::ActiveModel {
                name: Set(name),
                mobile: Set(mobile),
                email: Set(String::new()),
                qq: Set(String::new()),
                store_id: Set(Some(st.id)),
                is_member: Set(i % 3 == 0),
                member_no: Set((i % 3 == 0).then(|| format!("VIP{:06}", si * 1000 + i))),
                created_by: Set(None),
                created_at: Set(now - chrono::Duration::days(30)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            // Days from 6 ago to 3 ahead; each customer one reservation.
            let day_offset = (i % 10) as i64 - 6;
            let visit = now
                + chrono::Duration::days(day_offset)
                + chrono::Duration::hours(((i * 3) % 7) as i64 - 3);
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
            let owner = if status == Status::NeedsCallback {
                None
            } else {
                Some(team[i % team.len()].id)
            };
            let local_day = app::domain::time::local_date(visit.min(now), "Asia/Shanghai");
            let seq = seq_by_day.entry(local_day).or_insert(9000);
            *seq += 1;
            let arrived = matches!(
                service,
                Service::Waiting | Service::Serving | Service::Closed
            ) && status != Status::Void;
            let r = reservation::ActiveModel {
                number: Set(reservation_number(local_day, *seq)),
                customer_id: Set(c.id),
                store_id: Set(st.id),
                consultant_id: Set(owner),
                visit_at: Set(visit),
                source: Set(["自然到店", "电话预约", "官网预约", "微信", "老客户介绍"]
                    [rng.next(5)]
                .into()),
                needs: Set(NEEDS[rng.next(NEEDS.len())].into()),
                need_level: Set(["A", "B", "C"][rng.next(3)].into()),
                status: Set(status.as_str().into()),
                service: Set(service.as_str().into()),
                outcome: Set(if status == Status::DealClosed {
                    "已购买".into()
                } else {
                    String::new()
                }),
                web_key: Set(None),
                version: Set(0),
                created_by: Set(None),
                created_at: Set(visit.min(now) - chrono::Duration::days(2)),
                updated_at: Set(visit.min(now)),
                assigned_at: Set(owner.map(|_| visit.min(now) - chrono::Duration::days(2))),
                arrived_at: Set(arrived.then_some(visit.min(now))),
                finished_at: Set((service == Service::Closed).then_some(visit.min(now))),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            history::ActiveModel {
                reservation_id: Set(r.id),
                at: Set(r.created_at),
                actor_id: Set(None),
                actor_name: Set("demo".into()),
                kind: Set("create".into()),
                from_value: Set(String::new()),
                to_value: Set(status.as_str().into()),
                note: Set(String::new()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            n += 1;
        }
    }
    txn.commit().await?;
    Ok(n)
}

/// Demo items (a few thousand over the first two stores, through the ERP import path), some
/// held for demo customers and some sold, each with its history. Only into an empty item table.
pub async fn demo_items(db: &DatabaseConnection) -> anyhow::Result<u64> {
    use crate::entities::{customer, item, item_history as history};
    use app::domain::goods::{HistoryKind, ItemStatus};
    use sea_orm::{QueryOrder, QuerySelect};
    if item::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let stores: Vec<String> = store::Entity::find()
        .order_by_asc(store::Column::Id)
        .limit(2)
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    if stores.is_empty() {
        return Ok(0);
    }
    let mut rows = crate::goods_gen::generate(3000, 1, 20261124, &stores);
    rows.extend(crate::goods_gen::bridal_showcase(3001, &stores));
    let svc = crate::services::goods::GoodsService { db: db.clone() };
    let report = svc
        .import_rows(None, rows, 1)
        .await
        .map_err(|e| anyhow::anyhow!("demo items: {e}"))?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let customers = customer::Entity::find()
        .order_by_asc(customer::Column::Id)
        .limit(20)
        .all(&txn)
        .await?;
    let stock = item::Entity::find()
        .filter(item::Column::Status.eq(ItemStatus::InStock.as_str()))
        .order_by_asc(item::Column::Id)
        .limit(60)
        .all(&txn)
        .await?;
    for (i, it) in stock.into_iter().enumerate() {
        let mut am: item::ActiveModel = it.clone().into();
        let (kind, to, note) = if i % 3 == 0 && !customers.is_empty() {
            let c = &customers[i % customers.len()];
            am.status = Set(ItemStatus::Reserved.as_str().into());
            am.reserved_customer_id = Set(Some(c.id));
            am.reserved_until = Set(Some(now + chrono::Duration::days(3)));
            (
                HistoryKind::Reserve,
                ItemStatus::Reserved,
                format!("为{}预留", c.name),
            )
        } else {
            am.status = Set(ItemStatus::Sold.as_str().into());
            (HistoryKind::Sale, ItemStatus::Sold, "门店销售".to_string())
        };
        am.version = Set(it.version + 1);
        am.updated_at = Set(now);
        am.update(&txn).await?;
        history::ActiveModel {
            item_id: Set(it.id),
            at: Set(now),
            actor_id: Set(None),
            actor_name: Set("演示数据".into()),
            kind: Set(kind.as_str().into()),
            from_value: Set(ItemStatus::InStock.as_str().into()),
            to_value: Set(to.as_str().into()),
            note: Set(note),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(report.created)
}
