//! The audit log in words, in the reader's language: the labels of actions, records and fields
//! (`domain::audit`) and each value as the rest of the product shows it. The server renders
//! these (`services::audit::rows`); no view names this module, so its ~100 labels stay out of
//! the Wasm that every phone downloads.

use crate::domain::audit::{Detail, Refusal, Value, ACTIONS, ENTITIES};
use crate::domain::sale::cny;
use crate::domain::store_rules::{OpeningHours, WEEKDAYS};
use crate::domain::time::Zone;
use crate::domain::validate::dictionary_msg;
use crate::i18n::catalogue::{fill, Lang, Msg};
use crate::model::{AuditLine, AuditRow};
use chrono::{DateTime, Utc};

crate::i18n::catalogue::catalogue! {
    pub enum AuditMsg {
            ActLogin => "登录", "Signed in";
            ActLogout => "退出登录", "Signed out";
            ActLoginFailed => "登录失败", "Sign-in failed";
            ActLoginThrottled => "账号登录过于频繁，已暂时锁定", "Account locked after too many sign-ins";
            ActAddressThrottled => "该地址登录失败过多，已暂时限制", "Address held back after too many failed sign-ins";
            ActUnlock => "解除登录锁定", "Sign-in lock lifted";
            ActSetLanguage => "更改界面语言", "Changed the language";
            ActStoreCreate => "新增门店", "Added a store";
            ActStoreUpdate => "修改门店", "Changed a store";
            ActStoreActivate => "启用门店", "Reopened a store";
            ActStoreDeactivate => "停用门店", "Closed a store";
            ActStaffCreate => "新增员工", "Added a staff member";
            ActStaffUpdate => "修改员工", "Changed a staff member";
            ActStaffActivate => "启用员工账号", "Enabled a staff account";
            ActStaffDeactivate => "停用员工账号", "Disabled a staff account";
            ActStaffOnDuty => "设置在岗", "Set on or off duty";
            ActStaffResetPassword => "重置员工密码", "Reset a password";
            ActDictCreate => "新增字典条目", "Added a dictionary entry";
            ActDictUpdate => "修改字典条目", "Changed a dictionary entry";
            ActDictActivate => "启用字典条目", "Enabled a dictionary entry";
            ActDictDeactivate => "停用字典条目", "Disabled a dictionary entry";
            ActTokenCreate => "新建ERP令牌", "Created an ERP token";
            ActTokenRevoke => "撤销ERP令牌", "Revoked an ERP token";
            ActCustomerLookup => "按手机号查找顾客", "Looked up a customer by mobile";
            ActCustomerLookupLimited => "查找顾客过于频繁，已被限制", "Customer look-ups held back (too many)";
            ActRevealMobile => "查看完整手机号", "Revealed a full mobile number";
            ActReservationExport => "导出预约", "Exported reservations";
            ActDepositTake => "收取定金", "Took a deposit";
            ActItemsImport => "导入货品", "Imported items";
            ActItemsSync => "ERP同步货品", "ERP synced items";
            ActItemExport => "导出货品", "Exported items";
            ActGoldPriceSet => "设置金价", "Set the gold price";
            ActSaleComplete => "完成收款", "Completed a sale";
            ActSaleVoid => "作废销售单", "Voided a sale";
            ActSaleReturn => "退货", "Took a return";
            ActDiscountApprove => "批准折扣", "Approved a discount";
            ActDiscountReject => "拒绝折扣", "Refused a discount";
            ActReceiptSms => "短信发送电子小票", "Sent the receipt by SMS";
            ActDayClose => "日结", "Closed the day";
            ActTakingsExport => "导出日结报表", "Exported the takings";
            EntStaff => "员工", "Staff member";
            EntStore => "门店", "Store";
            EntDictEntry => "字典条目", "Dictionary entry";
            EntApiToken => "ERP令牌", "ERP token";
            EntCustomer => "顾客", "Customer";
            EntReservation => "预约", "Reservation";
            EntItem => "货品", "Items";
            EntGoldPrice => "金价", "Gold price";
            EntSale => "销售单", "Sale";
            FUsername => "用户名", "Username";
            FDisplayName => "姓名", "Name";
            FName => "名称", "Name";
            FRole => "角色", "Role";
            FStore => "所属门店", "Store";
            FCity => "城市", "City";
            FAddress => "地址", "Address";
            FPhone => "电话", "Phone";
            FTimeZone => "时区", "Time zone";
            FDiscountLimit => "顾问最低折扣", "Consultants' lowest discount";
            FReturnDays => "退货期限", "Return period";
            FOpeningHours => "营业时间", "Opening hours";
            FKind => "字典类别", "Dictionary";
            FCode => "代码", "Code";
            FLabelZh => "中文名称", "Chinese label";
            FLabelEn => "英文名称", "English label";
            FSortOrder => "排序", "Order";
            FByWeight => "按克计价", "Priced by weight";
            FOnDuty => "在岗", "On duty";
            FActive => "启用", "Active";
            FLang => "界面语言", "Language";
            FReason => "原因", "Reason";
            FLockedUntil => "锁定至", "Locked until";
            FWasCounted => "当时已计失败次数", "Failures were being counted";
            FSessionsEnded => "结束的登录会话", "Sessions ended";
            FReservation => "预约单号", "Reservation";
            FReceipt => "小票号", "Receipt";
            FMobile => "手机号", "Mobile";
            FVisible => "可查看其资料", "Could see her file";
            FTo => "发送至", "Sent to";
            FDay => "日期", "Day";
            FPricePerG => "每克金价", "Price per gram";
            FItemsRepriced => "重新计价的货品", "Items repriced";
            FList => "原价合计", "List total";
            FDiscount => "折扣金额", "Discount";
            FTotal => "应收合计", "Total";
            FDeposit => "定金编号", "Deposit";
            FMethod => "支付方式", "Method";
            FAmount => "金额", "Amount";
            FPayments => "收款", "Payments";
            FReturn => "退货编号", "Return";
            FLines => "退货明细行", "Lines returned";
            FRefunds => "退款", "Refunds";
            FNote => "备注", "Note";
            FCreated => "新增", "Created";
            FUpdated => "更新", "Updated";
            FUnchanged => "未变", "Unchanged";
            FRejected => "拒收行", "Rows rejected";
            FConflicts => "冲突", "Conflicts";
            FFilter => "筛选条件", "Filter";
            FRows => "行数", "Rows";
            FSales => "销售单数", "Sales";
            RefusalUnknownUser => "无此用户名", "No such username";
            RefusalDisabled => "账号已停用", "Account disabled";
            RefusalBadPassword => "密码错误", "Wrong password";
            NoChange => "（未改动）", "(nothing changed)";
            ActChainUpdate => "修改连锁设置", "Changed the chain settings";
        ActChainLogo => "更换连锁标志", "Changed the chain's logo";
        EntChain => "连锁设置", "Chain settings";
        ActPinSwitch => "在门店设备上用 PIN 切换", "Switched in with a PIN on a store device";
        ActPinFailed => "PIN 切换失败", "Wrong PIN on a store device";
        ActPinThrottled => "PIN 错误过多，已暂停", "PIN held back after too many wrong tries";
        ActSetPin => "设置切换 PIN", "Set a switch PIN";
        ActClearPin => "删除切换 PIN", "Removed the switch PIN";
        ActDeviceRegister => "登记门店设备", "Registered a store device";
        ActDeviceRevoke => "停用门店设备", "Retired a store device";
        EntDevice => "门店设备", "Store device";
        FDevice => "设备", "Device";
        FSmsSignature => "短信签名", "SMS signature";
        FLogo => "有标志", "Has a logo";
        FLogoBytes => "标志大小（字节）", "Logo size (bytes)";
        StoreNone => "（不属于门店）", "(no store)";
        LangZh => "中文", "Chinese";
            LangEn => "英文", "English";
            DaysN => "{n} 天", "{n} days";
            ZheN => "{n}折", "{n}折 (pays {pct} %)";

    }
}

const ACTION_LABELS: &[(&str, AuditMsg)] = &[
    ("auth.login", AuditMsg::ActLogin),
    ("auth.logout", AuditMsg::ActLogout),
    ("auth.login_failed", AuditMsg::ActLoginFailed),
    ("auth.login_throttled", AuditMsg::ActLoginThrottled),
    ("auth.address_throttled", AuditMsg::ActAddressThrottled),
    ("auth.unlock", AuditMsg::ActUnlock),
    ("account.set_language", AuditMsg::ActSetLanguage),
    ("store.create", AuditMsg::ActStoreCreate),
    ("store.update", AuditMsg::ActStoreUpdate),
    ("store.activate", AuditMsg::ActStoreActivate),
    ("store.deactivate", AuditMsg::ActStoreDeactivate),
    ("staff.create", AuditMsg::ActStaffCreate),
    ("staff.update", AuditMsg::ActStaffUpdate),
    ("staff.activate", AuditMsg::ActStaffActivate),
    ("staff.deactivate", AuditMsg::ActStaffDeactivate),
    ("staff.on_duty", AuditMsg::ActStaffOnDuty),
    ("staff.reset_password", AuditMsg::ActStaffResetPassword),
    ("dictionary.create", AuditMsg::ActDictCreate),
    ("dictionary.update", AuditMsg::ActDictUpdate),
    ("dictionary.activate", AuditMsg::ActDictActivate),
    ("dictionary.deactivate", AuditMsg::ActDictDeactivate),
    ("api_token.create", AuditMsg::ActTokenCreate),
    ("api_token.revoke", AuditMsg::ActTokenRevoke),
    ("customer.lookup", AuditMsg::ActCustomerLookup),
    (
        "customer.lookup_limited",
        AuditMsg::ActCustomerLookupLimited,
    ),
    ("customer.reveal_mobile", AuditMsg::ActRevealMobile),
    ("reservation.export", AuditMsg::ActReservationExport),
    ("deposit.take", AuditMsg::ActDepositTake),
    ("items.import", AuditMsg::ActItemsImport),
    ("items.sync", AuditMsg::ActItemsSync),
    ("item.export", AuditMsg::ActItemExport),
    ("gold_price.set", AuditMsg::ActGoldPriceSet),
    ("sale.complete", AuditMsg::ActSaleComplete),
    ("sale.void", AuditMsg::ActSaleVoid),
    ("sale.return", AuditMsg::ActSaleReturn),
    ("sale.discount_approve", AuditMsg::ActDiscountApprove),
    ("sale.discount_reject", AuditMsg::ActDiscountReject),
    ("sale.receipt_sms", AuditMsg::ActReceiptSms),
    ("day.close", AuditMsg::ActDayClose),
    ("takings.export", AuditMsg::ActTakingsExport),
    ("chain.update", AuditMsg::ActChainUpdate),
    ("chain.logo", AuditMsg::ActChainLogo),
    ("auth.pin_switch", AuditMsg::ActPinSwitch),
    ("auth.pin_failed", AuditMsg::ActPinFailed),
    ("auth.pin_throttled", AuditMsg::ActPinThrottled),
    ("account.set_pin", AuditMsg::ActSetPin),
    ("account.clear_pin", AuditMsg::ActClearPin),
    ("device.register", AuditMsg::ActDeviceRegister),
    ("device.revoke", AuditMsg::ActDeviceRevoke),
];
const ENTITY_LABELS: &[(&str, AuditMsg)] = &[
    ("staff", AuditMsg::EntStaff),
    ("store", AuditMsg::EntStore),
    ("dictionary_entry", AuditMsg::EntDictEntry),
    ("api_token", AuditMsg::EntApiToken),
    ("customer", AuditMsg::EntCustomer),
    ("reservation", AuditMsg::EntReservation),
    ("item", AuditMsg::EntItem),
    ("gold_price", AuditMsg::EntGoldPrice),
    ("sale", AuditMsg::EntSale),
    ("chain", AuditMsg::EntChain),
    ("device", AuditMsg::EntDevice),
];
const FIELD_LABELS: &[(&str, AuditMsg)] = &[
    ("username", AuditMsg::FUsername),
    ("display_name", AuditMsg::FDisplayName),
    ("name", AuditMsg::FName),
    ("role", AuditMsg::FRole),
    ("store_id", AuditMsg::FStore),
    ("city", AuditMsg::FCity),
    ("address", AuditMsg::FAddress),
    ("phone", AuditMsg::FPhone),
    ("time_zone", AuditMsg::FTimeZone),
    ("discount_limit_bp", AuditMsg::FDiscountLimit),
    ("return_days", AuditMsg::FReturnDays),
    ("opening_hours", AuditMsg::FOpeningHours),
    ("kind", AuditMsg::FKind),
    ("code", AuditMsg::FCode),
    ("label_zh", AuditMsg::FLabelZh),
    ("label_en", AuditMsg::FLabelEn),
    ("sort_order", AuditMsg::FSortOrder),
    ("by_weight", AuditMsg::FByWeight),
    ("on_duty", AuditMsg::FOnDuty),
    ("active", AuditMsg::FActive),
    ("lang", AuditMsg::FLang),
    ("reason", AuditMsg::FReason),
    ("locked_until", AuditMsg::FLockedUntil),
    ("was_counted", AuditMsg::FWasCounted),
    ("sessions_ended", AuditMsg::FSessionsEnded),
    ("reservation", AuditMsg::FReservation),
    ("receipt", AuditMsg::FReceipt),
    ("mobile", AuditMsg::FMobile),
    ("visible", AuditMsg::FVisible),
    ("to", AuditMsg::FTo),
    ("day", AuditMsg::FDay),
    ("price_per_g", AuditMsg::FPricePerG),
    ("items_repriced", AuditMsg::FItemsRepriced),
    ("list", AuditMsg::FList),
    ("discount", AuditMsg::FDiscount),
    ("total", AuditMsg::FTotal),
    ("deposit", AuditMsg::FDeposit),
    ("method", AuditMsg::FMethod),
    ("amount", AuditMsg::FAmount),
    ("payments", AuditMsg::FPayments),
    ("return", AuditMsg::FReturn),
    ("lines", AuditMsg::FLines),
    ("refunds", AuditMsg::FRefunds),
    ("note", AuditMsg::FNote),
    ("created", AuditMsg::FCreated),
    ("updated", AuditMsg::FUpdated),
    ("unchanged", AuditMsg::FUnchanged),
    ("rejected", AuditMsg::FRejected),
    ("conflicts", AuditMsg::FConflicts),
    ("filter", AuditMsg::FFilter),
    ("rows", AuditMsg::FRows),
    ("sales", AuditMsg::FSales),
    ("sms_signature", AuditMsg::FSmsSignature),
    ("logo", AuditMsg::FLogo),
    ("logo_bytes", AuditMsg::FLogoBytes),
    ("device", AuditMsg::FDevice),
];

fn label(table: &[(&str, AuditMsg)], key: &str) -> Option<AuditMsg> {
    table.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
}

/// A key's label in `lang`, or the key as written when it has none.
fn named(table: &[(&str, AuditMsg)], key: &str, lang: Lang) -> String {
    label(table, key).map_or_else(|| key.to_string(), |m| m.text(lang).to_string())
}

/// (code, label) of every action, for the filter.
pub fn action_options(lang: Lang) -> Vec<(String, String)> {
    ACTIONS
        .iter()
        .map(|k| (k.to_string(), named(ACTION_LABELS, k, lang)))
        .collect()
}

/// (name, label) of every kind of record, for the filter.
pub fn entity_options(lang: Lang) -> Vec<(String, String)> {
    ENTITIES
        .iter()
        .map(|k| (k.to_string(), named(ENTITY_LABELS, k, lang)))
        .collect()
}

/// The opening hours as read aloud: runs of days with the same hours together
/// (`周一 休息；周二–周日 10:00–22:00`).
fn hours_text(h: &OpeningHours, lang: Lang) -> String {
    let day = |d: &Option<(chrono::NaiveTime, chrono::NaiveTime)>| match d {
        Some((a, b)) => format!("{}–{}", a.format("%H:%M"), b.format("%H:%M")),
        None => Msg::ClosedDay.text(lang).to_string(),
    };
    let mut runs: Vec<(usize, usize, String)> = Vec::new();
    for (i, d) in h.0.iter().enumerate() {
        let text = day(d);
        match runs.last_mut() {
            Some((_, end, t)) if *t == text => *end = i,
            _ => runs.push((i, i, text)),
        }
    }
    runs.into_iter()
        .map(|(a, b, text)| {
            let from = WEEKDAYS[a].text(lang);
            if a == b {
                format!("{from} {text}")
            } else {
                format!("{from}–{} {text}", WEEKDAYS[b].text(lang))
            }
        })
        .collect::<Vec<_>>()
        .join(if lang == Lang::ZhCn { "；" } else { "; " })
}

/// A field's value as the rest of the product shows it, in `lang` and the reader's zone.
pub fn value_text(v: &Value, lang: Lang, zone: Zone) -> String {
    let list = if lang == Lang::ZhCn { "，" } else { ", " };
    match v {
        Value::Text(s) if s.trim().is_empty() => "—".into(),
        Value::Text(s) => s.clone(),
        Value::Flag(true) => Msg::Yes.text(lang).into(),
        Value::Flag(false) => Msg::No.text(lang).into(),
        Value::Count(n) => n.to_string(),
        Value::Money(d) => cny(*d),
        Value::PerGram(d) => format!("{}/g", cny(*d)),
        Value::Zhe(z) => fill(
            AuditMsg::ZheN.text(lang),
            &[
                ("n", z.normalize().to_string()),
                (
                    "pct",
                    (*z * rust_decimal::Decimal::TEN).normalize().to_string(),
                ),
            ],
        ),
        Value::Days(n) => fill(AuditMsg::DaysN.text(lang), &[("n", n.to_string())]),
        Value::Day(d) => d.format("%Y-%m-%d").to_string(),
        Value::At(at) => zone.format(*at),
        Value::Hours(h) => hours_text(h, lang),
        Value::Role(r) => r.msg().text(lang).into(),
        Value::Lang(code) => match Lang::parse(code) {
            Some(Lang::ZhCn) => AuditMsg::LangZh.text(lang).into(),
            Some(Lang::En) => AuditMsg::LangEn.text(lang).into(),
            None => code.clone(),
        },
        Value::Method(m) => m.msg().text(lang).into(),
        Value::Payments(ps) if ps.is_empty() => "—".into(),
        Value::Payments(ps) => ps
            .iter()
            .map(|(m, d)| format!("{} {}", m.msg().text(lang), cny(*d)))
            .collect::<Vec<_>>()
            .join(list),
        Value::Refusal(r) => match r {
            Refusal::UnknownUser => AuditMsg::RefusalUnknownUser,
            Refusal::Disabled => AuditMsg::RefusalDisabled,
            Refusal::BadPassword => AuditMsg::RefusalBadPassword,
        }
        .text(lang)
        .into(),
        Value::DictKind(k) => dictionary_msg(k).text(lang).into(),
        Value::StoreId(Some(id)) => format!("#{id}"),
        Value::StoreId(None) | Value::Store(None) => AuditMsg::StoreNone.text(lang).into(),
        Value::Store(Some(name)) => name.clone(),
        Value::Ids(ids) => ids
            .iter()
            .map(|id| format!("#{id}"))
            .collect::<Vec<_>>()
            .join(list),
    }
}

/// One stored entry, its record named by the service that owns it.
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The record in words, while it exists (`record_en`: its English label, for dictionaries).
    pub record: Option<String>,
    pub record_en: Option<String>,
    pub store_id: Option<i32>,
    pub ip: String,
    pub details: Vec<Detail>,
}

/// The record an entry is about, in words, and its page when it has one.
fn record(e: &Entry, lang: Lang) -> (String, Option<String>) {
    let kind = named(ENTITY_LABELS, &e.entity, lang);
    let name = match (lang, &e.record, &e.record_en) {
        (Lang::En, _, Some(en)) if !en.is_empty() => Some(en.clone()),
        (_, Some(r), _) => Some(r.clone()),
        // A failed sign-in names the username typed; a record since removed keeps its number.
        _ if e.entity == "staff" && !e.entity_id.is_empty() => Some(e.entity_id.clone()),
        _ => e.entity_id.parse::<i64>().ok().map(|id| format!("#{id}")),
    };
    let link = e
        .entity_id
        .parse::<i32>()
        .ok()
        .and_then(|id| match e.entity.as_str() {
            "sale" => Some(format!("/sales/{id}")),
            "reservation" => Some(format!("/reservations/{id}")),
            "store" => Some(format!("/admin/stores/{id}")),
            "staff" => Some(format!("/admin/staff/{id}")),
            _ => None,
        });
    match name {
        Some(n) => (format!("{kind} {n}"), link),
        None => (kind, None),
    }
}

/// An entry as the auditor reads it.
pub fn row(e: Entry, lang: Lang, zone: Zone) -> AuditRow {
    let (record_text, record_link) = record(&e, lang);
    let shown = |v: &Option<Value>| v.as_ref().map(|v| value_text(v, lang, zone));
    AuditRow {
        id: e.id,
        at: e.at,
        actor_name: e.actor_name,
        action_text: named(ACTION_LABELS, &e.action, lang),
        action: e.action,
        entity: e.entity,
        record_text,
        record_link,
        store_id: e.store_id,
        ip: e.ip,
        details: e
            .details
            .iter()
            .map(|d| AuditLine {
                label: named(FIELD_LABELS, &d.field, lang),
                field: d.field.clone(),
                before: shown(&d.before),
                after: shown(&d.after),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{details, FIELDS};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn every_action_record_and_field_has_a_label() {
        for (keys, table) in [
            (ACTIONS, ACTION_LABELS),
            (ENTITIES, ENTITY_LABELS),
            (FIELDS, FIELD_LABELS),
        ] {
            assert_eq!(keys.len(), table.len());
            for k in keys {
                assert!(label(table, k).is_some(), "{k} has no label");
            }
        }
    }

    #[test]
    fn values_read_in_the_readers_language() {
        let zone = Zone::default();
        let zh = Lang::ZhCn;
        let d = details(
            "store.update",
            Some(
                r#"{"discount_limit_bp":1000,"opening_hours":"10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00","active":true}"#,
            ),
            Some(
                r#"{"discount_limit_bp":1500,"opening_hours":",10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-21:00,10:00-21:00","active":false}"#,
            ),
        );
        let text: Vec<(String, String)> = d
            .iter()
            .map(|x| {
                (
                    value_text(x.before.as_ref().unwrap(), zh, zone),
                    value_text(x.after.as_ref().unwrap(), zh, zone),
                )
            })
            .collect();
        assert_eq!(text[0], ("9折".into(), "8.5折".into()));
        assert_eq!(
            text[1].1,
            "周一 休息；周二–周五 10:00–22:00；周六–周日 10:00–21:00"
        );
        assert_eq!(text[1].0, "周一–周日 10:00–22:00");
        assert_eq!(text[2], ("是".into(), "否".into()));
        assert_eq!(
            value_text(
                &Value::Zhe(Decimal::from_str("8.5").unwrap()),
                Lang::En,
                zone
            ),
            "8.5折 (pays 85 %)"
        );
        let pays = details(
            "sale.complete",
            None,
            Some(
                r#"{"payments":[{"method":"wechat","amount":"3000"},{"method":"cash","amount":"16.9"}]}"#,
            ),
        );
        assert_eq!(
            value_text(pays[0].after.as_ref().unwrap(), zh, zone),
            "微信支付 ¥3,000.00，现金 ¥16.90"
        );
        let staff = details(
            "staff.create",
            None,
            Some(r#"{"role":"consultant","lang":"en"}"#),
        );
        let shown: Vec<String> = staff
            .iter()
            .map(|x| value_text(x.after.as_ref().unwrap(), zh, zone))
            .collect();
        assert_eq!(shown, ["销售顾问", "英文"]);
        assert_eq!(value_text(&Value::Store(None), zh, zone), "（不属于门店）");
    }

    fn entry(entity: &str, id: &str, record: Option<&str>) -> Entry {
        Entry {
            id: 1,
            at: Utc::now(),
            actor_name: "a".into(),
            action: "sale.complete".into(),
            entity: entity.into(),
            entity_id: id.into(),
            record: record.map(str::to_string),
            record_en: None,
            store_id: None,
            ip: String::new(),
            details: vec![],
        }
    }

    #[test]
    fn the_record_is_named_and_linked() {
        let zh = Lang::ZhCn;
        assert_eq!(
            record(&entry("sale", "7", Some("S01-20261207-0001")), zh),
            ("销售单 S01-20261207-0001".into(), Some("/sales/7".into()))
        );
        assert_eq!(
            record(&entry("staff", "mallory", None), zh),
            ("员工 mallory".into(), None)
        );
        assert_eq!(
            record(&entry("item", "csv", None), zh),
            ("货品".into(), None)
        );
        assert_eq!(
            record(&entry("customer", "12", None), zh),
            ("顾客 #12".into(), None)
        );
        let mut gold = entry("gold_price", "AU999", Some("足金"));
        gold.record_en = Some("Pure gold".into());
        assert_eq!(record(&gold, Lang::En).0, "Gold price Pure gold");
        let r = row(entry("sale", "7", Some("S1")), Lang::En, Zone::default());
        assert_eq!(
            (r.action.as_str(), r.action_text.as_str()),
            ("sale.complete", "Completed a sale")
        );
    }
}
