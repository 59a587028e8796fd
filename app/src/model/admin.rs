//! Administration: stores, staff, dictionaries, audit, backups, ERP tokens.

use crate::domain::paging::Page;
use crate::domain::policy::Role;
use crate::domain::time::Zone;
use crate::domain::validate::{
    is_phone, role_and_store, valid_password, valid_username, Errors, FieldErrors, ValidChain,
    ValidDict, ValidStaff, ValidStaffUpdate, ValidStore, DICTIONARY_KINDS,
};
use crate::i18n::Lang;
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreRow {
    pub id: i32,
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
    pub active: bool,
    pub staff_count: u64,
    /// The consultants' discount limit in 折 (9 = down to 90 %).
    pub min_zhe: rust_decimal::Decimal,
    pub return_days: i32,
    pub opening_hours: crate::domain::store_rules::OpeningHours,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreInput {
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
    /// The store's rules. Left out (empty), a rule keeps its current value (a new store gets
    /// the defaults: 9折, 7 days, 10:00–22:00).
    #[serde(default)]
    pub min_zhe: String,
    #[serde(default)]
    pub return_days: String,
    /// Opening hours, Monday = 1: `HH:MM` times, or the closed box ticked.
    #[serde(default)]
    pub open_1: String,
    #[serde(default)]
    pub close_1: String,
    #[serde(default)]
    pub closed_1: Option<String>,
    #[serde(default)]
    pub open_2: String,
    #[serde(default)]
    pub close_2: String,
    #[serde(default)]
    pub closed_2: Option<String>,
    #[serde(default)]
    pub open_3: String,
    #[serde(default)]
    pub close_3: String,
    #[serde(default)]
    pub closed_3: Option<String>,
    #[serde(default)]
    pub open_4: String,
    #[serde(default)]
    pub close_4: String,
    #[serde(default)]
    pub closed_4: Option<String>,
    #[serde(default)]
    pub open_5: String,
    #[serde(default)]
    pub close_5: String,
    #[serde(default)]
    pub closed_5: Option<String>,
    #[serde(default)]
    pub open_6: String,
    #[serde(default)]
    pub close_6: String,
    #[serde(default)]
    pub closed_6: Option<String>,
    #[serde(default)]
    pub open_7: String,
    #[serde(default)]
    pub close_7: String,
    #[serde(default)]
    pub closed_7: Option<String>,
}

impl StoreInput {
    /// The typed hours of weekday `i` (0 = Monday).
    fn day(&self, i: usize) -> (&str, &str, bool) {
        let (o, c, x) = match i {
            0 => (&self.open_1, &self.close_1, &self.closed_1),
            1 => (&self.open_2, &self.close_2, &self.closed_2),
            2 => (&self.open_3, &self.close_3, &self.closed_3),
            3 => (&self.open_4, &self.close_4, &self.closed_4),
            4 => (&self.open_5, &self.close_5, &self.closed_5),
            5 => (&self.open_6, &self.close_6, &self.closed_6),
            _ => (&self.open_7, &self.close_7, &self.closed_7),
        };
        (o.as_str(), c.as_str(), x.is_some())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreOption {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub store_id: Option<i32>,
    pub store_name: Option<String>,
    pub on_duty: bool,
    pub active: bool,
    pub lang: Lang,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInput {
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// Empty for roles without a store.
    pub store_id: String,
    pub password: String,
    pub lang: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUpdate {
    pub display_name: String,
    pub role: String,
    pub store_id: String,
    /// A checkbox: present when ticked.
    pub on_duty: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffFilter {
    pub q: String,
    pub store_id: Option<i32>,
    pub role: Option<Role>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictEntry {
    pub id: i32,
    pub kind: String,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub sort_order: i32,
    pub active: bool,
    /// A material priced by weight (克重 × 当日金价 + 工费), such as pure gold.
    pub by_weight: bool,
}

impl DictEntry {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.label_zh,
            Lang::En => &self.label_en,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictInput {
    pub kind: String,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub sort_order: String,
    /// A checkbox: present (any value) means priced by weight; only materials may be.
    #[serde(default)]
    pub by_weight: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    /// One of `domain::audit::ACTIONS`.
    pub action: String,
    /// The action in the reader's words.
    pub action_text: String,
    /// One of `domain::audit::ENTITIES`.
    pub entity: String,
    /// The record in words (`销售单 S01-20261207-0001`, `员工 王芳（consultant2）`).
    pub record_text: String,
    /// The record's page, when it has one.
    pub record_link: Option<String>,
    pub store_id: Option<i32>,
    pub ip: String,
    /// What changed (before → after), or what was written, labelled, in the reader's words.
    pub details: Vec<AuditLine>,
}

/// One labelled field of an audit entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// The stored key (one of `domain::audit::FIELDS`).
    pub field: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A page of the audit log, with the filter's choices in the reader's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Page<AuditRow>,
    /// (code, label) of every action.
    pub actions: Vec<(String, String)>,
    /// (name, label) of every kind of record.
    pub entities: Vec<(String, String)>,
}

/// One scheduled backup as listed to admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRow {
    pub at: DateTime<Utc>,
    pub file: String,
    pub bytes: i64,
    pub encrypted: bool,
    /// `none`, `ok`, `skipped` or `failed: …` (the copy to the second directory).
    pub copy_status: String,
    pub error: Option<String>,
    pub millis: i64,
}

/// The backup schedule as configured on the server (`None`: no scheduled backups).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSchedule {
    pub dir: String,
    pub every_minutes: u64,
    pub keep: usize,
    pub copy_dir: Option<String>,
    pub encrypted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupOverview {
    pub schedule: Option<BackupSchedule>,
    pub runs: Page<BackupRow>,
}

/// An ERP API token as listed to admins (never the token itself, which is shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Prefix of the action, e.g. `auth.` or `staff.create`.
    pub action: String,
    /// Part of the actor's name.
    pub actor: String,
    pub entity: String,
    /// Inclusive dates, YYYY-MM-DD, in the viewer's zone (Asia/Shanghai by default).
    pub from: String,
    pub to: String,
}

/// The chain's settings as shown (never the logo's bytes: `/chain/logo?v=<logo_version>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainSettings {
    pub name: String,
    /// Without the gateway's brackets.
    pub sms_signature: String,
    /// `None`: no logo.
    pub logo_version: Option<i32>,
    pub version: i32,
}

impl ChainSettings {
    /// The logo's address (new with every logo, so it can be cached for good).
    pub fn logo_url(&self) -> Option<String> {
        self.logo_version.map(|v| format!("/chain/logo?v={v}"))
    }
}

/// The chain settings form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChainInput {
    pub name: String,
    pub sms_signature: String,
}

impl TryFrom<&ChainInput> for ValidChain {
    type Error = FieldErrors;

    fn try_from(input: &ChainInput) -> Result<ValidChain, FieldErrors> {
        let mut e = Errors::default();
        let name = crate::domain::chain::check_name(&input.name)
            .map_err(|m| e.add("name", m))
            .unwrap_or_default();
        let sms_signature = crate::domain::chain::check_signature(&input.sms_signature)
            .map_err(|m| e.add("sms_signature", m))
            .unwrap_or_default();
        e.finish(ValidChain {
            name,
            sms_signature,
        })
    }
}

impl TryFrom<&StoreInput> for ValidStore {
    type Error = FieldErrors;

    fn try_from(input: &StoreInput) -> Result<ValidStore, FieldErrors> {
        let mut e = Errors::default();
        let name = e.text("name", &input.name, 1, 100);
        let city = e.text("city", &input.city, 1, 50);
        let address = e.text("address", &input.address, 1, 300);
        let phone = input.phone.trim().to_string();
        if !phone.is_empty() && !is_phone(&phone) {
            e.add("phone", Msg::ErrPhoneFormat);
        }
        let time_zone = input.time_zone.trim().to_string();
        if Zone::parse(&time_zone).is_none() {
            e.add("time_zone", Msg::ErrTimeZone);
        }
        use crate::domain::store_rules as rules;
        let mut rule = |field: &str, raw: &str, parse: fn(&str) -> Result<i32, Msg>| {
            if raw.trim().is_empty() {
                return None;
            }
            parse(raw).map_err(|m| e.add(field, m)).ok()
        };
        let discount_limit_bp = rule("min_zhe", &input.min_zhe, rules::limit_from_zhe);
        let return_days = rule("return_days", &input.return_days, rules::parse_return_days);
        let typed_any = (0..7).any(|i| {
            let (o, c, x) = input.day(i);
            x || !o.trim().is_empty() || !c.trim().is_empty()
        });
        let mut hours = rules::OpeningHours([None; 7]);
        for (i, day) in hours.0.iter_mut().enumerate() {
            let (o, c, x) = input.day(i);
            match rules::parse_day(o, c, x) {
                Ok(d) => *day = d,
                Err(m) if typed_any => e.add(&format!("hours_{}", i + 1), m),
                Err(_) => {}
            }
        }
        e.finish(ValidStore {
            name,
            city,
            address,
            phone,
            time_zone,
            discount_limit_bp,
            return_days,
            opening_hours: typed_any.then_some(hours),
        })
    }
}

impl TryFrom<&StaffInput> for ValidStaff {
    type Error = FieldErrors;

    fn try_from(input: &StaffInput) -> Result<ValidStaff, FieldErrors> {
        let mut e = Errors::default();
        let username = input.username.trim().to_string();
        if username.is_empty() {
            e.add("username", Msg::ErrRequired);
        } else if !valid_username(&username) {
            e.add("username", Msg::ErrUsernameFormat);
        }
        let display_name = e.text("display_name", &input.display_name, 1, 50);
        let (role, store_id) = role_and_store(&mut e, &input.role, &input.store_id);
        if !valid_password(&input.password) {
            e.add("password", Msg::ErrPasswordLength);
        }
        let lang = Lang::parse(input.lang.trim()).unwrap_or_default();
        e.finish(ValidStaff {
            username,
            display_name,
            role,
            store_id,
            password: input.password.clone(),
            lang,
        })
    }
}

impl TryFrom<&StaffUpdate> for ValidStaffUpdate {
    type Error = FieldErrors;

    fn try_from(input: &StaffUpdate) -> Result<ValidStaffUpdate, FieldErrors> {
        let mut e = Errors::default();
        let display_name = e.text("display_name", &input.display_name, 1, 50);
        let (role, store_id) = role_and_store(&mut e, &input.role, &input.store_id);
        e.finish(ValidStaffUpdate {
            display_name,
            role,
            store_id,
            on_duty: input.on_duty.is_some(),
        })
    }
}

impl TryFrom<&DictInput> for ValidDict {
    type Error = FieldErrors;

    fn try_from(input: &DictInput) -> Result<ValidDict, FieldErrors> {
        let mut e = Errors::default();
        let kind = input.kind.trim().to_string();
        if !DICTIONARY_KINDS.contains(&kind.as_str()) {
            e.add("kind", Msg::ErrUnknownKind);
        }
        let code = e.text("code", &input.code, 1, 50);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            e.add("code", Msg::ErrCodeFormat);
        }
        let label_zh = e.text("label_zh", &input.label_zh, 1, 100);
        let label_en = e.text("label_en", &input.label_en, 1, 100);
        let sort_order = match input.sort_order.trim() {
            "" => 0,
            s => s.parse::<i32>().unwrap_or_else(|_| {
                e.add("sort_order", Msg::ErrNumber);
                0
            }),
        };
        let by_weight = input.by_weight.is_some();
        if by_weight && kind != "material" {
            e.add("by_weight", Msg::ErrByWeightMaterialOnly);
        }
        e.finish(ValidDict {
            kind,
            code,
            label_zh,
            label_en,
            sort_order,
            by_weight,
        })
    }
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::*;
    use crate::i18n::Msg;

    fn validate_store(i: &StoreInput) -> Result<ValidStore, FieldErrors> {
        ValidStore::try_from(i)
    }
    fn validate_staff(i: &StaffInput) -> Result<ValidStaff, FieldErrors> {
        ValidStaff::try_from(i)
    }
    fn validate_staff_update(i: &StaffUpdate) -> Result<ValidStaffUpdate, FieldErrors> {
        ValidStaffUpdate::try_from(i)
    }
    fn validate_dict(i: &DictInput) -> Result<ValidDict, FieldErrors> {
        ValidDict::try_from(i)
    }

    fn store() -> StoreInput {
        StoreInput {
            name: " 上海旗舰店 ".into(),
            city: "上海".into(),
            address: "南京西路1266号".into(),
            phone: "021-6288 8888".into(),
            time_zone: "Asia/Shanghai".into(),
            ..Default::default()
        }
    }

    fn fields(errs: &[FieldError]) -> Vec<(&str, Msg)> {
        errs.iter().map(|e| (e.field.as_str(), e.msg)).collect()
    }

    #[test]
    fn a_good_store_is_trimmed() {
        let v = validate_store(&store()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.name, "上海旗舰店");
        // Rules left out are kept (or defaulted), never reset.
        assert_eq!(
            (v.discount_limit_bp, v.return_days, v.opening_hours),
            (None, None, None)
        );
    }

    #[test]
    fn store_rules_are_checked_and_a_day_needs_both_times_or_closed() {
        let typed = StoreInput {
            min_zhe: "9.5".into(),
            return_days: "30".into(),
            closed_7: Some("on".into()),
            open_1: "10:00".into(),
            close_1: "22:00".into(),
            open_2: "10:00".into(),
            ..store()
        };
        let errs = validate_store(&typed).err().unwrap_or_default();
        let mut expected: Vec<(&str, Msg)> = vec![("hours_2", Msg::ErrHoursFormat)];
        for d in ["hours_3", "hours_4", "hours_5", "hours_6"] {
            expected.push((d, Msg::ErrHoursFormat));
        }
        assert_eq!(fields(&errs), expected);
        let mut ok = typed.clone();
        for (o, c) in [
            (&mut ok.open_2, &mut ok.close_2),
            (&mut ok.open_3, &mut ok.close_3),
            (&mut ok.open_4, &mut ok.close_4),
            (&mut ok.open_5, &mut ok.close_5),
            (&mut ok.open_6, &mut ok.close_6),
        ] {
            *o = "09:00".into();
            *c = "21:00".into();
        }
        let v = validate_store(&ok).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.discount_limit_bp, Some(500));
        assert_eq!(v.return_days, Some(30));
        let h = v.opening_hours.unwrap_or_default();
        assert!(h.0[6].is_none() && h.0[0].is_some() && h.0[1].is_some());
    }

    #[test]
    fn store_errors_name_each_field() {
        let bad = StoreInput {
            name: "  ".into(),
            city: "x".repeat(51),
            address: String::new(),
            phone: "call me".into(),
            time_zone: "Mars/Olympus".into(),
            ..Default::default()
        };
        let errs = validate_store(&bad).err().unwrap_or_default();
        assert_eq!(
            fields(&errs),
            vec![
                ("name", Msg::ErrRequired),
                ("city", Msg::ErrTooLong),
                ("address", Msg::ErrRequired),
                ("phone", Msg::ErrPhoneFormat),
                ("time_zone", Msg::ErrTimeZone),
            ]
        );
    }

    #[test]
    fn store_name_counts_characters_not_bytes() {
        let mut s = store();
        s.name = "店".repeat(100);
        assert!(validate_store(&s).is_ok());
        s.name = "店".repeat(101);
        assert!(validate_store(&s).is_err());
    }

    fn staff() -> StaffInput {
        StaffInput {
            username: "consultant9".into(),
            display_name: "王芳".into(),
            role: "consultant".into(),
            store_id: "1".into(),
            password: "a-long-password".into(),
            lang: "zh-CN".into(),
        }
    }

    #[test]
    fn usernames() {
        // Two letters is a real login (the demo's head office signs in as `hq`).
        for ok in ["hq", "abc", "consultant1", "li.na", "wang_fang-2"] {
            assert!(valid_username(ok), "{ok}");
        }
        for bad in ["a", "1abc", "Admin", "张三", "a b c", &"a".repeat(33)] {
            assert!(!valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn consultants_and_managers_need_a_store_others_must_not_have_one() {
        let mut s = staff();
        s.store_id = String::new();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![("store_id", Msg::ErrStoreRequired)]
        );
        s.role = "head_office".into();
        assert!(validate_staff(&s).is_ok());
        s.store_id = "1".into();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![("store_id", Msg::ErrStoreNotAllowed)]
        );
    }

    #[test]
    fn staff_password_and_role_rules() {
        let mut s = staff();
        s.password = "short".into();
        s.role = "root".into();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![
                ("role", Msg::ErrUnknownRole),
                ("password", Msg::ErrPasswordLength)
            ]
        );
        let v = validate_staff(&staff()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(v.role, Role::Consultant);
        assert_eq!(v.store_id, Some(1));
    }

    #[test]
    fn store_id_garbage_is_an_error_not_a_panic() {
        let mut s = staff();
        s.store_id = "1; drop table staff".into();
        assert_eq!(
            fields(&validate_staff(&s).err().unwrap_or_default()),
            vec![("store_id", Msg::ErrUnknownStore)]
        );
    }

    #[test]
    fn dictionary_entries() {
        let good = DictInput {
            kind: "need_level".into(),
            code: "A".into(),
            label_zh: "高".into(),
            label_en: "High".into(),
            sort_order: "1".into(),
            by_weight: None,
        };
        assert!(validate_dict(&good).is_ok_and(|v| !v.by_weight));
        let bad = DictInput {
            kind: "colour".into(),
            code: "a b".into(),
            label_zh: String::new(),
            label_en: "x".into(),
            sort_order: "first".into(),
            by_weight: None,
        };
        assert_eq!(
            fields(&validate_dict(&bad).err().unwrap_or_default()),
            vec![
                ("kind", Msg::ErrUnknownKind),
                ("code", Msg::ErrCodeFormat),
                ("label_zh", Msg::ErrRequired),
                ("sort_order", Msg::ErrNumber),
            ]
        );
    }

    #[test]
    fn only_a_material_is_priced_by_weight() {
        let gold = DictInput {
            kind: "material".into(),
            code: "AU999".into(),
            label_zh: "足金".into(),
            label_en: "Pure gold".into(),
            sort_order: "1".into(),
            by_weight: Some("on".into()),
        };
        assert!(validate_dict(&gold).is_ok_and(|v| v.by_weight));
        let source = DictInput {
            kind: "source".into(),
            code: "WEIGHT".into(),
            ..gold
        };
        assert_eq!(
            fields(&validate_dict(&source).err().unwrap_or_default()),
            vec![("by_weight", Msg::ErrByWeightMaterialOnly)]
        );
    }

    #[test]
    fn a_staff_update_checks_the_name_and_the_role_and_store_together() {
        let ok = StaffUpdate {
            display_name: " 王芳 ".into(),
            role: "consultant".into(),
            store_id: "2".into(),
            on_duty: Some("on".into()),
        };
        let v = validate_staff_update(&ok).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (v.display_name.as_str(), v.role, v.store_id, v.on_duty),
            (
                "王芳",
                crate::domain::policy::Role::Consultant,
                Some(2),
                true
            )
        );
        let off = StaffUpdate {
            on_duty: None,
            ..ok.clone()
        };
        assert!(!validate_staff_update(&off)
            .map(|v| v.on_duty)
            .unwrap_or(true));
        let bad = StaffUpdate {
            display_name: "a\u{1b}b".into(),
            role: "admin".into(),
            store_id: "2".into(),
            on_duty: None,
        };
        let errs = validate_staff_update(&bad).err().unwrap_or_default();
        assert_eq!(
            fields(&errs),
            vec![
                ("display_name", Msg::ErrControlChars),
                ("store_id", Msg::ErrStoreNotAllowed)
            ]
        );
    }
}
