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
    pub sales: usize,
}

pub async fn has_staff(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(staff::Entity::find().count(db).await? > 0)
}

/// Everything of the demo: the foundation, then customers and reservations.
pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<Report> {
    let mut report = demo_foundation(db).await?;
    report.reservations = demo_reservations(db).await?;
    report.items = demo_items(db).await?;
    report.sales = demo_sales(db).await?;
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
                by_weight: Set(*kind == "material" && *code == "AU999"),
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
            let local_day = app::domain::time::Zone::default().date_of(visit.min(now));
            // Through the product's own allocator: a seeded number is never handed out again.
            let number = crate::services::numbering::next(
                &txn,
                &crate::services::numbering::reservation_series(local_day),
                crate::services::numbering::RESERVATION,
                |seq| reservation_number(local_day, seq),
            )
            .await
            .map_err(|e| anyhow::anyhow!("numbering: {e}"))?;
            let arrived = matches!(
                service,
                Service::Waiting | Service::Serving | Service::Closed
            ) && status != Status::Void;
            let r = reservation::ActiveModel {
                number: Set(number),
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
    let svc = crate::services::goods::GoodsService::new(db.clone());
    let report = svc
        .import_rows(None, rows, 1)
        .await
        .map_err(|e| anyhow::anyhow!("demo items: {e}"))?;
    // Gold priced by weight carries a labour fee (工费): ¥20 a gram in the demo.
    item::Entity::update_many()
        .col_expr(
            item::Column::LabourFeeFen,
            sea_orm::sea_query::ExprTrait::mul(
                sea_orm::sea_query::Expr::col(item::Column::WeightMg),
                2,
            ),
        )
        .filter(item::Column::Material.eq("AU999"))
        .exec(db)
        .await?;
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
    // Every third of the first items is held for a demo customer (sales: `demo_sales`).
    for (i, it) in stock.into_iter().enumerate() {
        if i % 3 != 0 || customers.is_empty() {
            continue;
        }
        let mut am: item::ActiveModel = it.clone().into();
        let c = &customers[i % customers.len()];
        am.status = Set(ItemStatus::Reserved.as_str().into());
        am.reserved_customer_id = Set(Some(c.id));
        am.reserved_until = Set(Some(now + chrono::Duration::days(3)));
        let (kind, to, note) = (
            HistoryKind::Reserve,
            ItemStatus::Reserved,
            format!("为{}预留", c.name),
        );
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

/// Completed sales over the last 90 days in both stores, consistent with the rest of the demo:
/// every settled (已成交) reservation has its sale, some with a deposit; walk-in sales fill the
/// other days; some lines carry discounts (beyond the limit: approved by the manager), some
/// sales are paid two ways, some were partly returned (the item back in stock). Items sold move
/// to sold with history; receipt counters and the closed past days follow. Today's gold price
/// is set so a demo sale of pure gold works at once. Only into an empty sale table.
pub async fn demo_sales(db: &DatabaseConnection) -> anyhow::Result<usize> {
    use crate::entities::{
        customer, day_close, deposit, gold_price, item, item_history as history, reservation, sale,
        sale_line, sale_return,
    };
    use app::domain::goods::{HistoryKind, ItemStatus};
    use app::domain::sale::{receipt_number, PaymentMethod};
    use app::domain::time::Zone;
    use sea_orm::{QueryOrder, QuerySelect};
    use std::collections::BTreeSet;
    if sale::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let now = Utc::now();
    let today = Zone::default().date_of(now);
    let txn = db.begin().await?;
    gold_price::ActiveModel {
        material: Set("AU999".into()),
        day: Set(today),
        price_per_g_fen: Set(58_800),
        set_by: Set(None),
        set_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut rng = Lcg(20261125);
    let mut closed: BTreeSet<(i32, chrono::NaiveDate)> = BTreeSet::new();
    let mut n = 0usize;
    let methods = [
        PaymentMethod::Card,
        PaymentMethod::WechatPay,
        PaymentMethod::Alipay,
        PaymentMethod::Cash,
    ];
    let stores = store::Entity::find()
        .order_by_asc(store::Column::Id)
        .limit(2)
        .all(&txn)
        .await?;
    for st in &stores {
        let team = staff::Entity::find()
            .filter(staff::Column::StoreId.eq(st.id))
            .filter(staff::Column::Role.eq("consultant"))
            .order_by_asc(staff::Column::Id)
            .all(&txn)
            .await?;
        let Some(manager) = staff::Entity::find()
            .filter(staff::Column::StoreId.eq(st.id))
            .filter(staff::Column::Role.eq("store_manager"))
            .one(&txn)
            .await?
        else {
            continue;
        };
        let customers = customer::Entity::find()
            .filter(customer::Column::StoreId.eq(st.id))
            .order_by_asc(customer::Column::Id)
            .all(&txn)
            .await?;
        if team.is_empty() || customers.is_empty() {
            continue;
        }
        let mut stock = item::Entity::find()
            .filter(item::Column::StoreId.eq(st.id))
            .filter(item::Column::Status.eq(ItemStatus::InStock.as_str()))
            .filter(item::Column::Material.ne("AU999"))
            .filter(item::Column::PriceFen.lte(5_000_000))
            .order_by_desc(item::Column::Id)
            .limit(120)
            .all(&txn)
            .await?
            .into_iter();
        let settled = reservation::Entity::find()
            .filter(reservation::Column::StoreId.eq(st.id))
            .filter(reservation::Column::Status.eq("deal_closed"))
            .order_by_asc(reservation::Column::Id)
            .all(&txn)
            .await?;
        // (when, consultant, customer, reservation) of each sale, oldest first.
        let mut plan: Vec<(chrono::DateTime<Utc>, i32, i32, Option<i32>)> = settled
            .iter()
            .filter_map(|r| {
                Some((
                    r.finished_at? + chrono::Duration::minutes(20),
                    r.consultant_id?,
                    r.customer_id,
                    Some(r.id),
                ))
            })
            .collect();
        for k in 0..36usize {
            let days_ago = 90 - (k as i64 * 5 / 2) - 1;
            let at = now - chrono::Duration::days(days_ago.max(1))
                + chrono::Duration::minutes((rng.next(480) as i64) - 240);
            plan.push((
                at,
                team[k % team.len()].id,
                customers[rng.next(customers.len())].id,
                None,
            ));
        }
        plan.sort_by_key(|p| p.0);
        for (k, (at, consultant, customer_id, reservation_id)) in plan.into_iter().enumerate() {
            let lines: Vec<item::Model> =
                stock.by_ref().take(1 + usize::from(k % 4 == 0)).collect();
            if lines.is_empty() {
                break;
            }
            let day = Zone::of_store(&st.time_zone).date_of(at);
            let receipt = crate::services::numbering::next(
                &txn,
                &crate::services::numbering::receipt_series(st.id, day),
                crate::services::numbering::RECEIPT,
                |seq| receipt_number(st.id, day, u32::try_from(seq).unwrap_or(u32::MAX)),
            )
            .await
            .map_err(|e| anyhow::anyhow!("numbering: {e}"))?;
            if day < today {
                closed.insert((st.id, day));
            }
            // (list, discount) per line: 5 % off every third sale, 15 % (approved) every seventh.
            let pct = if k % 7 == 3 {
                15
            } else if k % 3 == 1 {
                5
            } else {
                0
            };
            let money: Vec<(i64, i64)> = lines
                .iter()
                .map(|it| (it.price_fen, (it.price_fen * pct / 100) / 100 * 100))
                .collect();
            let engraving = k % 5 == 2;
            let list: i64 =
                money.iter().map(|m| m.0).sum::<i64>() + if engraving { 10_000 } else { 0 };
            let discount: i64 = money.iter().map(|m| m.1).sum();
            let total = list - discount;
            let returned = k % 11 == 5 && lines.len() == 2;
            let s = sale::ActiveModel {
                receipt_no: Set(Some(receipt.clone())),
                store_id: Set(st.id),
                consultant_id: Set(consultant),
                customer_id: Set(Some(customer_id)),
                reservation_id: Set(reservation_id),
                status: Set("completed".into()),
                approval: Set(if pct > 10 { "approved" } else { "not_needed" }.into()),
                approval_note: Set(if pct > 10 {
                    "老客户，同意".into()
                } else {
                    String::new()
                }),
                approved_by: Set((pct > 10).then_some(manager.id)),
                approved_at: Set((pct > 10).then_some(at - chrono::Duration::minutes(5))),
                list_total_fen: Set(list),
                discount_total_fen: Set(discount),
                total_fen: Set(total),
                business_day: Set(Some(day)),
                note: Set(String::new()),
                version: Set(1),
                created_by: Set(consultant),
                created_at: Set(at - chrono::Duration::minutes(15)),
                updated_at: Set(at),
                completed_at: Set(Some(at)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let mut line_ids = Vec::new();
            for (pos, (it, (lp, off))) in lines.iter().zip(&money).enumerate() {
                let l = sale_line::ActiveModel {
                    sale_id: Set(s.id),
                    position: Set(pos as i32 + 1),
                    kind: Set("item".into()),
                    item_id: Set(Some(it.id)),
                    barcode: Set(it.barcode.clone()),
                    style_no: Set(it.style_no.clone()),
                    description: Set(it.name.clone()),
                    cert_no: Set(if it.cert_no.is_empty() {
                        String::new()
                    } else {
                        format!("{} {}", it.cert_lab, it.cert_no)
                    }),
                    formula: Set(String::new()),
                    list_price_fen: Set(*lp),
                    discount_fen: Set(*off),
                    final_price_fen: Set(lp - off),
                    return_id: Set(None),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                line_ids.push((l.id, it.clone(), lp - off));
                item::Entity::update_many()
                    .col_expr(
                        item::Column::Status,
                        sea_orm::sea_query::Expr::value(ItemStatus::Sold.as_str()),
                    )
                    .col_expr(item::Column::UpdatedAt, sea_orm::sea_query::Expr::value(at))
                    .filter(item::Column::Id.eq(it.id))
                    .exec(&txn)
                    .await?;
                history::ActiveModel {
                    item_id: Set(it.id),
                    at: Set(at),
                    actor_id: Set(Some(consultant)),
                    actor_name: Set("演示数据".into()),
                    kind: Set(HistoryKind::Sale.as_str().into()),
                    from_value: Set(ItemStatus::InStock.as_str().into()),
                    to_value: Set(ItemStatus::Sold.as_str().into()),
                    note: Set(format!("销售小票 {receipt}")),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            if engraving {
                sale_line::ActiveModel {
                    sale_id: Set(s.id),
                    position: Set(lines.len() as i32 + 1),
                    kind: Set("service".into()),
                    item_id: Set(None),
                    description: Set("刻字".into()),
                    list_price_fen: Set(10_000),
                    discount_fen: Set(0),
                    final_price_fen: Set(10_000),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            // Payments: a ¥1,000 deposit on every other settled reservation, then one method
            // or two (a returned sale is paid by card, so its refund goes back to the card).
            let mut left = total;
            if let Some(rid) = reservation_id.filter(|_| k % 2 == 0 && total > 200_000) {
                let d = deposit::ActiveModel {
                    reservation_id: Set(rid),
                    customer_id: Set(customer_id),
                    store_id: Set(st.id),
                    method: Set(PaymentMethod::WechatPay.as_str().into()),
                    amount_fen: Set(100_000),
                    reference: Set(String::new()),
                    taken_by: Set(consultant),
                    taken_at: Set(at - chrono::Duration::days(2)),
                    business_day: Set(
                        Zone::of_store(&st.time_zone).date_of(at - chrono::Duration::days(2))
                    ),
                    applied_sale_id: Set(Some(s.id)),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                pay(
                    &txn,
                    s.id,
                    PaymentMethod::Deposit,
                    100_000,
                    Some(d.id),
                    None,
                    day,
                    at,
                )
                .await?;
                left -= 100_000;
            }
            let first = if returned {
                PaymentMethod::Card
            } else {
                methods[rng.next(methods.len())]
            };
            if k % 3 == 2 && !returned && left > 100_000 {
                let part = left / 2 / 100 * 100;
                pay(&txn, s.id, first, part, None, None, day, at).await?;
                pay(
                    &txn,
                    s.id,
                    PaymentMethod::Cash,
                    left - part,
                    None,
                    None,
                    day,
                    at,
                )
                .await?;
            } else {
                pay(&txn, s.id, first, left, None, None, day, at).await?;
            }
            if returned {
                let (line_id, it, price) =
                    line_ids.last().cloned().unwrap_or_else(|| unreachable!());
                let back_at = at + chrono::Duration::days(2);
                let back_day = Zone::of_store(&st.time_zone).date_of(back_at);
                if back_day < today {
                    closed.insert((st.id, back_day));
                }
                let r = sale_return::ActiveModel {
                    sale_id: Set(s.id),
                    reason: Set("尺寸不合适".into()),
                    refund_fen: Set(price),
                    by_staff: Set(manager.id),
                    at: Set(back_at),
                    business_day: Set(back_day),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                sale_line::Entity::update_many()
                    .col_expr(
                        sale_line::Column::ReturnId,
                        sea_orm::sea_query::Expr::value(Some(r.id)),
                    )
                    .filter(sale_line::Column::Id.eq(line_id))
                    .exec(&txn)
                    .await?;
                pay(
                    &txn,
                    s.id,
                    PaymentMethod::Card,
                    -price,
                    None,
                    Some(r.id),
                    back_day,
                    back_at,
                )
                .await?;
                item::Entity::update_many()
                    .col_expr(
                        item::Column::Status,
                        sea_orm::sea_query::Expr::value(ItemStatus::InStock.as_str()),
                    )
                    .filter(item::Column::Id.eq(it.id))
                    .exec(&txn)
                    .await?;
                history::ActiveModel {
                    item_id: Set(it.id),
                    at: Set(back_at),
                    actor_id: Set(Some(manager.id)),
                    actor_name: Set("演示数据".into()),
                    kind: Set(HistoryKind::Return.as_str().into()),
                    from_value: Set(ItemStatus::Sold.as_str().into()),
                    to_value: Set(ItemStatus::InStock.as_str().into()),
                    note: Set(format!("退货 销售小票 {receipt}：尺寸不合适")),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            n += 1;
        }
    }
    for (store_id, day) in closed {
        let manager = staff::Entity::find()
            .filter(staff::Column::StoreId.eq(store_id))
            .filter(staff::Column::Role.eq("store_manager"))
            .one(&txn)
            .await?;
        if let Some(m) = manager {
            day_close::ActiveModel {
                store_id: Set(store_id),
                day: Set(day),
                closed_by: Set(m.id),
                closed_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(n)
}

#[allow(clippy::too_many_arguments)]
async fn pay(
    txn: &impl sea_orm::ConnectionTrait,
    sale_id: i32,
    method: app::domain::sale::PaymentMethod,
    amount_fen: i64,
    deposit_id: Option<i32>,
    return_id: Option<i32>,
    day: chrono::NaiveDate,
    at: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    crate::entities::sale_payment::ActiveModel {
        sale_id: Set(sale_id),
        method: Set(method.as_str().into()),
        amount_fen: Set(amount_fen),
        reference: Set(String::new()),
        deposit_id: Set(deposit_id),
        return_id: Set(return_id),
        business_day: Set(Some(day)),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
