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
}

pub async fn has_staff(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(staff::Entity::find().count(db).await? > 0)
}

pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<Report> {
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
