//! The audit log in words. Each row is stored as an action code, a record and the record's
//! fields before and after as JSON (`services::audit`); an auditor reads it as labelled fields
//! with typed values — a role, a payment method, an amount, 折, opening hours — shown in their
//! language. [`details`] turns the stored JSON into those fields: for a change, only the fields
//! that changed (before → after); for anything else, every field written.

use crate::domain::policy::Role;
use crate::domain::sale::PaymentMethod;
use crate::domain::store_rules::{zhe_of_limit, OpeningHours};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::str::FromStr;

/// Every action the server writes, by its stored code, in the order the filter lists them.
pub const ACTIONS: &[&str] = &[
    "auth.login",
    "auth.logout",
    "auth.login_failed",
    "auth.login_throttled",
    "auth.address_throttled",
    "auth.unlock",
    "account.set_language",
    "store.create",
    "store.update",
    "store.activate",
    "store.deactivate",
    "staff.create",
    "staff.update",
    "staff.activate",
    "staff.deactivate",
    "staff.on_duty",
    "staff.reset_password",
    "dictionary.create",
    "dictionary.update",
    "dictionary.activate",
    "dictionary.deactivate",
    "api_token.create",
    "api_token.revoke",
    "customer.lookup",
    "customer.lookup_limited",
    "customer.reveal_mobile",
    "reservation.export",
    "deposit.take",
    "items.import",
    "items.sync",
    "item.export",
    "gold_price.set",
    "sale.complete",
    "sale.void",
    "sale.return",
    "sale.discount_approve",
    "sale.discount_reject",
    "sale.receipt_sms",
    "day.close",
    "takings.export",
    "chain.update",
    "chain.logo",
    "auth.pin_switch",
    "auth.pin_failed",
    "auth.pin_throttled",
    "account.set_pin",
    "account.clear_pin",
    "device.register",
    "device.revoke",
];

/// The kinds of record an action is about, by their stored name.
pub const ENTITIES: &[&str] = &[
    "staff",
    "store",
    "dictionary_entry",
    "api_token",
    "customer",
    "reservation",
    "item",
    "gold_price",
    "sale",
    "chain",
    "device",
];

/// Every field the server writes, in the order an auditor reads them.
pub const FIELDS: &[&str] = &[
    "username",
    "display_name",
    "name",
    "role",
    "store_id",
    "city",
    "address",
    "phone",
    "time_zone",
    "discount_limit_bp",
    "return_days",
    "opening_hours",
    "kind",
    "code",
    "label_zh",
    "label_en",
    "sort_order",
    "by_weight",
    "on_duty",
    "active",
    "lang",
    "reason",
    "locked_until",
    "was_counted",
    "sessions_ended",
    "reservation",
    "receipt",
    "mobile",
    "visible",
    "to",
    "day",
    "price_per_g",
    "items_repriced",
    "list",
    "discount",
    "total",
    "deposit",
    "method",
    "amount",
    "payments",
    "return",
    "lines",
    "refunds",
    "note",
    "created",
    "updated",
    "unchanged",
    "rejected",
    "conflicts",
    "filter",
    "rows",
    "sales",
    "sms_signature",
    "logo",
    "logo_bytes",
    "device",
];

/// Why a sign-in was refused, as the server records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    UnknownUser,
    Disabled,
    BadPassword,
}

/// A field's value, typed so that each is shown the way the rest of the product shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Flag(bool),
    Count(i64),
    /// Yuan.
    Money(Decimal),
    /// Yuan per gram.
    PerGram(Decimal),
    /// A discount limit in 折 (9 = pays 90 %).
    Zhe(Decimal),
    Days(i64),
    Day(NaiveDate),
    At(DateTime<Utc>),
    Hours(OpeningHours),
    Role(Role),
    /// A language code (`zh-CN`, `en`).
    Lang(String),
    Method(PaymentMethod),
    Payments(Vec<(PaymentMethod, Decimal)>),
    Refusal(Refusal),
    /// A dictionary kind (`material`, `need_level`, `source`).
    DictKind(String),
    /// A store by id as written (`None`: no store); the server names it before it is shown.
    StoreId(Option<i64>),
    /// A store by name (or `None`: no store).
    Store(Option<String>),
    /// Record ids (the sale lines returned).
    Ids(Vec<i64>),
}

/// One labelled field of an audit row: its key (one of [`FIELDS`], or as written when it is
/// not) and its value before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

fn object(s: Option<&str>) -> Option<Map<String, Json>> {
    match serde_json::from_str::<Json>(s?).ok()? {
        Json::Object(m) => Some(m),
        other => {
            let mut m = Map::new();
            m.insert("note".into(), other);
            Some(m)
        }
    }
}

/// The fields of one audit row, from its stored JSON. When both sides name a field, it is
/// listed only if it changed; the fields come in [`FIELDS`] order, unknown ones last.
pub fn details(action: &str, before: Option<&str>, after: Option<&str>) -> Vec<Detail> {
    let before = object(before).unwrap_or_default();
    let after = object(after).unwrap_or_default();
    let mut keys: Vec<&String> = after.keys().chain(before.keys()).collect();
    keys.sort_by_key(|k| {
        (
            FIELDS.iter().position(|f| f == k).unwrap_or(FIELDS.len()),
            *k,
        )
    });
    keys.dedup();
    keys.into_iter()
        .filter(|k| match (before.get(*k), after.get(*k)) {
            (Some(b), Some(a)) => a != b,
            _ => true,
        })
        .map(|k| Detail {
            field: k.clone(),
            before: before.get(k).map(|v| value(action, k, v)),
            after: after.get(k).map(|v| value(action, k, v)),
        })
        .collect()
}

fn decimal(v: &Json) -> Option<Decimal> {
    match v {
        Json::String(s) => Decimal::from_str(s.trim()).ok(),
        Json::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

fn payments(v: &Json) -> Option<Vec<(PaymentMethod, Decimal)>> {
    v.as_array()?
        .iter()
        .map(|p| {
            Some((
                PaymentMethod::parse(p.get("method")?.as_str()?)?,
                decimal(p.get("amount")?)?,
            ))
        })
        .collect()
}

/// A filter as `key=value` pairs joined by `&` (the URL's own form), leaving out what is empty.
fn filter_text(v: &Json) -> String {
    match v {
        Json::Object(m) => m
            .iter()
            .filter_map(|(k, v)| match v {
                Json::Null | Json::Bool(false) => None,
                Json::String(s) if s.trim().is_empty() => None,
                Json::String(s) => Some(format!("{k}={s}")),
                other => Some(format!("{k}={other}")),
            })
            .collect::<Vec<_>>()
            .join("&"),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn value(action: &str, key: &str, v: &Json) -> Value {
    let text = || match v {
        Json::String(s) => Value::Text(s.clone()),
        Json::Null => Value::Text(String::new()),
        other => Value::Text(other.to_string()),
    };
    let typed = match key {
        "role" => v.as_str().and_then(Role::parse).map(Value::Role),
        "store_id" => Some(Value::StoreId(v.as_i64())),
        "discount_limit_bp" => v
            .as_i64()
            .and_then(|bp| i32::try_from(bp).ok())
            .map(|bp| Value::Zhe(zhe_of_limit(bp))),
        "return_days" => v.as_i64().map(Value::Days),
        "opening_hours" => v.as_str().map(|s| Value::Hours(OpeningHours::decode(s))),
        "lang" => v.as_str().map(|s| Value::Lang(s.to_string())),
        "kind" => v.as_str().map(|s| Value::DictKind(s.to_string())),
        "locked_until" => v
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| Value::At(t.with_timezone(&Utc))),
        "reason" if action == "auth.login_failed" => match v.as_str() {
            Some("unknown_user") => Some(Value::Refusal(Refusal::UnknownUser)),
            Some("disabled") => Some(Value::Refusal(Refusal::Disabled)),
            Some("bad_password") => Some(Value::Refusal(Refusal::BadPassword)),
            _ => None,
        },
        "total" | "discount" | "list" | "amount" => decimal(v).map(Value::Money),
        "price_per_g" => decimal(v).map(Value::PerGram),
        "method" => v.as_str().and_then(PaymentMethod::parse).map(Value::Method),
        "payments" | "refunds" => payments(v).map(Value::Payments),
        "day" => v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map(Value::Day),
        "lines" => v
            .as_array()
            .and_then(|a| a.iter().map(Json::as_i64).collect::<Option<Vec<_>>>())
            .map(Value::Ids),
        "filter" => Some(Value::Text(filter_text(v))),
        _ => None,
    };
    typed.unwrap_or_else(|| match v {
        Json::Bool(b) => Value::Flag(*b),
        Json::Number(n) => n.as_i64().map(Value::Count).unwrap_or_else(text),
        _ => text(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn field<'a>(d: &'a [Detail], key: &str) -> &'a Detail {
        d.iter()
            .find(|x| x.field == key)
            .unwrap_or_else(|| panic!("{key} in {d:?}"))
    }

    #[test]
    fn a_change_lists_only_what_changed_typed_and_in_reading_order() {
        let before = r#"{"name":"静安店","active":true,"discount_limit_bp":1000,"return_days":7,
            "opening_hours":"10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00"}"#;
        let after = r#"{"name":"静安店","active":true,"discount_limit_bp":1500,"return_days":15,
            "opening_hours":",10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00,10:00-22:00"}"#;
        let d = details("store.update", Some(before), Some(after));
        let keys: Vec<&str> = d.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(keys, ["discount_limit_bp", "return_days", "opening_hours"]);
        let limit = field(&d, "discount_limit_bp");
        assert_eq!(limit.before, Some(Value::Zhe(dec("9"))));
        assert_eq!(limit.after, Some(Value::Zhe(dec("8.5"))));
        assert_eq!(field(&d, "return_days").after, Some(Value::Days(15)));
        match &field(&d, "opening_hours").after {
            Some(Value::Hours(h)) => assert_eq!(h.0[0], None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_new_record_lists_every_field_with_its_kind_of_value() {
        let after = r#"{"username":"c9","display_name":"王芳","role":"store_manager","store_id":3,
            "on_duty":false,"active":true}"#;
        let d = details("staff.create", None, Some(after));
        assert_eq!(d.len(), 6);
        assert!(d.iter().all(|x| x.before.is_none()));
        assert_eq!(d[0].field, "username");
        assert_eq!(
            field(&d, "role").after,
            Some(Value::Role(Role::StoreManager))
        );
        assert_eq!(field(&d, "store_id").after, Some(Value::StoreId(Some(3))));
        assert_eq!(field(&d, "on_duty").after, Some(Value::Flag(false)));
        let none = details("staff.create", None, Some(r#"{"store_id":null}"#));
        assert_eq!(none[0].after, Some(Value::StoreId(None)));
    }

    #[test]
    fn money_payments_and_refusals_are_typed() {
        let d = details(
            "sale.complete",
            None,
            Some(
                r#"{"receipt":"S01-20261207-0001","total":"3016.90","discount":"0",
                "payments":[{"method":"wechat","amount":"3000"},{"method":"cash","amount":"16.90"}]}"#,
            ),
        );
        assert_eq!(
            field(&d, "receipt").after,
            Some(Value::Text("S01-20261207-0001".into()))
        );
        assert_eq!(field(&d, "total").after, Some(Value::Money(dec("3016.90"))));
        assert_eq!(
            field(&d, "payments").after,
            Some(Value::Payments(vec![
                (PaymentMethod::WechatPay, dec("3000")),
                (PaymentMethod::Cash, dec("16.90"))
            ]))
        );
        let failed = details(
            "auth.login_failed",
            None,
            Some(r#"{"reason":"bad_password"}"#),
        );
        assert_eq!(failed[0].after, Some(Value::Refusal(Refusal::BadPassword)));
        // Elsewhere a reason is what the person typed.
        let reveal = details("customer.reveal_mobile", None, Some(r#"{"reason":"回访"}"#));
        assert_eq!(reveal[0].after, Some(Value::Text("回访".into())));
        let gold = details(
            "gold_price.set",
            None,
            Some(r#"{"day":"2026-12-07","price_per_g":"588.00","items_repriced":781}"#),
        );
        assert_eq!(
            field(&gold, "day").after,
            Some(Value::Day(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()))
        );
        assert_eq!(
            field(&gold, "price_per_g").after,
            Some(Value::PerGram(dec("588.00")))
        );
        assert_eq!(
            field(&gold, "items_repriced").after,
            Some(Value::Count(781))
        );
    }

    #[test]
    fn filters_read_as_their_query_and_odd_json_is_kept_as_text() {
        let d = details(
            "reservation.export",
            None,
            Some(
                r#"{"filter":{"phone":"","from":"2026-12-01","status":null,"unassigned":false,"store_id":2},"rows":12}"#,
            ),
        );
        assert_eq!(
            field(&d, "filter").after,
            Some(Value::Text("from=2026-12-01&store_id=2".into()))
        );
        assert_eq!(field(&d, "rows").after, Some(Value::Count(12)));
        // Not an object, not JSON at all, a value of an unexpected type: nothing is lost.
        assert_eq!(
            details("x", None, Some("\"plain\""))[0].after,
            Some(Value::Text("plain".into()))
        );
        assert!(details("x", Some("{not json"), None).is_empty());
        assert_eq!(
            details("sale.complete", None, Some(r#"{"total":"lots"}"#))[0].after,
            Some(Value::Text("lots".into()))
        );
    }

    #[test]
    fn every_written_field_and_action_is_known_once() {
        for list in [ACTIONS, ENTITIES, FIELDS] {
            let mut seen = std::collections::HashSet::new();
            assert!(list.iter().all(|k| seen.insert(k)), "a key is listed twice");
        }
    }
}
