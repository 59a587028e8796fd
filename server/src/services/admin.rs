//! Stores, staff, dictionaries and the audit log, for administrators.

use crate::auth::{password, session};
use crate::entities::{audit_log, dictionary_entry as dict, staff, store};
use crate::services::OrInternal;
use crate::services::{audit, by_ids, unique_or};
use app::domain::policy::Role;
use app::domain::time::Zone;
use app::domain::validate::{ValidDict, ValidStaff, ValidStaffUpdate, ValidStore};
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::model::*;
use app::ports::{Actor, AdminPort};
use async_trait::async_trait;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;

pub struct AdminService {
    pub db: DatabaseConnection,
    pub clock: crate::clock::Clock,
}

impl AdminService {
    pub fn new(db: DatabaseConnection) -> Self {
        AdminService {
            db,
            clock: Default::default(),
        }
    }
}

fn order(desc: bool) -> Order {
    if desc {
        Order::Desc
    } else {
        Order::Asc
    }
}

fn store_json(s: &store::Model) -> serde_json::Value {
    json!({
        "name": s.name, "city": s.city, "address": s.address, "phone": s.phone,
        "time_zone": s.time_zone, "active": s.active,
        "discount_limit_bp": s.discount_limit_bp, "return_days": s.return_days,
        "opening_hours": s.opening_hours,
    })
}

fn staff_json(s: &staff::Model) -> serde_json::Value {
    json!({
        "username": s.username, "display_name": s.display_name, "role": s.role,
        "store_id": s.store_id, "on_duty": s.on_duty, "active": s.active,
    })
}

fn dict_json(d: &dict::Model) -> serde_json::Value {
    json!({
        "kind": d.kind, "code": d.code, "label_zh": d.label_zh, "label_en": d.label_en,
        "sort_order": d.sort_order, "active": d.active, "by_weight": d.by_weight,
    })
}

/// Stores by id, named for the audit log.
pub async fn store_names(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    Ok(by_ids::<store::Entity>(db, store::Column::Id, ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}

/// Staff by id, named for the audit log: name and username.
pub async fn staff_names(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    Ok(by_ids::<staff::Entity>(db, staff::Column::Id, ids)
        .await?
        .into_iter()
        .map(|s| (s.id, format!("{}（{}）", s.display_name, s.username)))
        .collect())
}

/// Dictionary entries by id, with their Chinese and English labels.
pub async fn dictionary_labels(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, (String, String)>, sea_orm::DbErr> {
    Ok(by_ids::<dict::Entity>(db, dict::Column::Id, ids)
        .await?
        .into_iter()
        .map(|d| (d.id, (d.label_zh, d.label_en)))
        .collect())
}

/// Materials by code, with their Chinese and English labels (a gold price names its material).
pub async fn material_labels(
    db: &impl sea_orm::ConnectionTrait,
    codes: &[&str],
) -> Result<HashMap<String, (String, String)>, sea_orm::DbErr> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(dict::Entity::find()
        .filter(dict::Column::Kind.eq("material"))
        .filter(dict::Column::Code.is_in(codes.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.code, (d.label_zh, d.label_en)))
        .collect())
}

fn staff_row(s: staff::Model, store: Option<store::Model>) -> StaffRow {
    StaffRow {
        id: s.id,
        username: s.username,
        display_name: s.display_name,
        role: Role::parse(&s.role).unwrap_or(Role::Consultant),
        store_id: s.store_id,
        store_name: store.map(|st| st.name),
        on_duty: s.on_duty,
        active: s.active,
        lang: Lang::parse(&s.lang).unwrap_or_default(),
    }
}

pub(crate) fn dict_row(d: dict::Model) -> DictEntry {
    DictEntry {
        id: d.id,
        kind: d.kind,
        code: d.code,
        label_zh: d.label_zh,
        label_en: d.label_en,
        sort_order: d.sort_order,
        active: d.active,
        by_weight: d.by_weight,
    }
}

async fn staff_counts(
    db: &impl ConnectionTrait,
    store_ids: &[i32],
) -> Result<HashMap<i32, u64>, AppError> {
    let rows: Vec<(Option<i32>, i64)> = staff::Entity::find()
        .select_only()
        .column(staff::Column::StoreId)
        .column_as(staff::Column::Id.count(), "n")
        .filter(staff::Column::StoreId.is_in(store_ids.iter().copied()))
        .filter(staff::Column::Active.eq(true))
        .group_by(staff::Column::StoreId)
        .into_tuple()
        .all(db)
        .await
        .or_internal()?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, n)| s.map(|s| (s, u64::try_from(n).unwrap_or(0))))
        .collect())
}

fn store_row(s: store::Model, staff_count: u64) -> StoreRow {
    StoreRow {
        id: s.id,
        name: s.name,
        city: s.city,
        address: s.address,
        phone: s.phone,
        time_zone: s.time_zone,
        active: s.active,
        staff_count,
        min_zhe: app::domain::store_rules::zhe_of_limit(s.discount_limit_bp),
        return_days: s.return_days,
        opening_hours: app::domain::store_rules::OpeningHours::decode(&s.opening_hours),
    }
}

/// The store must exist and be active for a staff member to be put in it.
async fn check_store(db: &impl ConnectionTrait, store_id: Option<i32>) -> Result<(), AppError> {
    if let Some(id) = store_id {
        let ok = store::Entity::find_by_id(id)
            .filter(store::Column::Active.eq(true))
            .one(db)
            .await
            .or_internal()?
            .is_some();
        if !ok {
            return Err(AppError::field("store_id", Msg::ErrUnknownStore));
        }
    }
    Ok(())
}

#[async_trait]
impl AdminPort for AdminService {
    async fn list_stores(&self, req: PageReq) -> Result<Page<StoreRow>, AppError> {
        let desc = req.desc;
        let mut q = store::Entity::find();
        q = match req.sort_or(&["name", "city", "staff"], "name") {
            "city" => q.order_by(store::Column::City, order(desc)),
            "staff" => q.order_by(
                Expr::cust(
                    "(SELECT COUNT(*) FROM staff WHERE staff.store_id = store.id AND staff.active)",
                ),
                order(desc),
            ),
            _ => q.order_by(store::Column::Name, order(desc)),
        };
        let pager = q
            .order_by_asc(store::Column::Id)
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        let ids: Vec<i32> = items.iter().map(|s| s.id).collect();
        let counts = staff_counts(&self.db, &ids).await?;
        Ok(Page {
            items: items
                .into_iter()
                .map(|s| {
                    let n = counts.get(&s.id).copied().unwrap_or(0);
                    store_row(s, n)
                })
                .collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }

    async fn store_options(&self) -> Result<Vec<StoreOption>, AppError> {
        Ok(store::Entity::find()
            .filter(store::Column::Active.eq(true))
            .order_by_asc(store::Column::Name)
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| StoreOption {
                id: s.id,
                name: s.name,
            })
            .collect())
    }

    async fn get_store(&self, id: i32) -> Result<StoreRow, AppError> {
        let s = store::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let n = staff_counts(&self.db, &[id])
            .await?
            .get(&id)
            .copied()
            .unwrap_or(0);
        Ok(store_row(s, n))
    }

    async fn create_store(&self, actor: &Actor, v: ValidStore) -> Result<i32, AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let now = self.clock.now();
        let model = store::ActiveModel {
            name: Set(v.name),
            city: Set(v.city),
            address: Set(v.address),
            phone: Set(v.phone),
            time_zone: Set(v.time_zone),
            discount_limit_bp: Set(v.discount_limit_bp.unwrap_or(1000)),
            return_days: Set(v.return_days.unwrap_or(7)),
            opening_hours: Set(v.opening_hours.unwrap_or_default().encode()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(unique_or("name", Msg::ErrNameTaken))?;
        audit::record(
            &txn,
            audit::Event::by(actor, "store.create", "store", model.id).after(store_json(&model)),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(model.id)
    }

    async fn update_store(&self, actor: &Actor, id: i32, v: ValidStore) -> Result<(), AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let before = store::Entity::find_by_id(id)
            .one(&txn)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let mut m = before.clone().into_active_model();
        m.name = Set(v.name);
        m.city = Set(v.city);
        m.address = Set(v.address);
        m.phone = Set(v.phone);
        m.time_zone = Set(v.time_zone);
        if let Some(bp) = v.discount_limit_bp {
            m.discount_limit_bp = Set(bp);
        }
        if let Some(days) = v.return_days {
            m.return_days = Set(days);
        }
        if let Some(h) = v.opening_hours {
            m.opening_hours = Set(h.encode());
        }
        m.updated_at = Set(self.clock.now());
        let after = m
            .update(&txn)
            .await
            .map_err(unique_or("name", Msg::ErrNameTaken))?;
        audit::record(
            &txn,
            audit::Event::by(actor, "store.update", "store", id)
                .before(store_json(&before))
                .after(store_json(&after)),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn set_store_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let before = store::Entity::find_by_id(id)
            .one(&txn)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let mut m = before.clone().into_active_model();
        m.active = Set(active);
        m.updated_at = Set(self.clock.now());
        m.update(&txn).await.or_internal()?;
        audit::record(
            &txn,
            audit::Event::by(
                actor,
                if active {
                    "store.activate"
                } else {
                    "store.deactivate"
                },
                "store",
                id,
            )
            .before(json!({ "active": before.active }))
            .after(json!({ "active": active })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn list_staff(&self, f: StaffFilter, req: PageReq) -> Result<Page<StaffRow>, AppError> {
        let mut cond = Condition::all();
        let q = f.q.trim();
        if !q.is_empty() {
            cond = cond.add(
                Condition::any()
                    .add(staff::Column::Username.contains(q))
                    .add(staff::Column::DisplayName.contains(q)),
            );
        }
        if let Some(s) = f.store_id {
            cond = cond.add(staff::Column::StoreId.eq(s));
        }
        if let Some(r) = f.role {
            cond = cond.add(staff::Column::Role.eq(r.as_str()));
        }
        let desc = req.desc;
        let mut query = staff::Entity::find()
            .find_also_related(store::Entity)
            .filter(cond);
        query = match req.sort_or(&["username", "display_name", "role", "store"], "username") {
            "display_name" => query.order_by(staff::Column::DisplayName, order(desc)),
            "role" => query.order_by(staff::Column::Role, order(desc)),
            "store" => query.order_by(store::Column::Name, order(desc)),
            _ => query.order_by(staff::Column::Username, order(desc)),
        };
        let pager = query
            .order_by_asc(staff::Column::Id)
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        Ok(Page {
            items: items.into_iter().map(|(s, st)| staff_row(s, st)).collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }

    async fn get_staff(&self, id: i32) -> Result<StaffRow, AppError> {
        let (s, st) = staff::Entity::find_by_id(id)
            .find_also_related(store::Entity)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        Ok(staff_row(s, st))
    }

    async fn create_staff(&self, actor: &Actor, v: ValidStaff) -> Result<i32, AppError> {
        let hash = password::hash_blocking(v.password).await.or_internal()?;
        let txn = self.db.begin().await.or_internal()?;
        check_store(&txn, v.store_id).await?;
        let now = self.clock.now();
        let model = staff::ActiveModel {
            username: Set(v.username),
            display_name: Set(v.display_name),
            role: Set(v.role.as_str().to_string()),
            store_id: Set(v.store_id),
            on_duty: Set(v.role == Role::Consultant),
            active: Set(true),
            password_hash: Set(hash),
            lang: Set(v.lang.code().to_string()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(unique_or("username", Msg::ErrUsernameTaken))?;
        audit::record(
            &txn,
            audit::Event::by(actor, "staff.create", "staff", model.id).after(staff_json(&model)),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(model.id)
    }

    async fn update_staff(
        &self,
        actor: &Actor,
        id: i32,
        v: ValidStaffUpdate,
    ) -> Result<(), AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let before = staff::Entity::find_by_id(id)
            .one(&txn)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        if id == actor.user.id && v.role != actor.user.role {
            return Err(AppError::field("role", Msg::ErrCannotDisableSelf));
        }
        check_store(&txn, v.store_id).await?;
        let mut m = before.clone().into_active_model();
        m.display_name = Set(v.display_name);
        m.role = Set(v.role.as_str().to_string());
        m.store_id = Set(v.store_id);
        m.on_duty = Set(v.on_duty);
        m.updated_at = Set(self.clock.now());
        let after = m.update(&txn).await.or_internal()?;
        // A change of role or store changes what the person may see: end their sessions.
        if before.role != after.role || before.store_id != after.store_id {
            session::delete_all_of(&txn, id).await.or_internal()?;
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "staff.update", "staff", id)
                .before(staff_json(&before))
                .after(staff_json(&after)),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn set_staff_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError> {
        if !app::domain::policy::may_set_active(actor.user.id, id, active) {
            return Err(AppError::Conflict(Msg::ErrCannotDisableSelf));
        }
        let txn = self.db.begin().await.or_internal()?;
        let before = staff::Entity::find_by_id(id)
            .one(&txn)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let mut m = before.clone().into_active_model();
        m.active = Set(active);
        m.updated_at = Set(self.clock.now());
        m.update(&txn).await.or_internal()?;
        let ended = if active {
            0
        } else {
            session::delete_all_of(&txn, id).await.or_internal()?
        };
        audit::record(
            &txn,
            audit::Event::by(
                actor,
                if active {
                    "staff.activate"
                } else {
                    "staff.deactivate"
                },
                "staff",
                id,
            )
            .before(json!({ "active": before.active }))
            .after(json!({ "active": active, "sessions_ended": ended })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn set_on_duty(&self, actor: &Actor, id: i32, on_duty: bool) -> Result<(), AppError> {
        // The write comes first (on SQLite a read first would have to upgrade its lock, which
        // fails at once under contention), held to the manager's own store and to a change.
        let store_id = actor.user.store_id.ok_or(AppError::Forbidden)?;
        let txn = self.db.begin().await.or_internal()?;
        let changed = staff::Entity::update_many()
            .col_expr(staff::Column::OnDuty, Expr::value(on_duty))
            .col_expr(staff::Column::UpdatedAt, Expr::value(self.clock.now()))
            .filter(staff::Column::Id.eq(id))
            .filter(staff::Column::StoreId.eq(store_id))
            .filter(staff::Column::Active.eq(true))
            .filter(staff::Column::OnDuty.eq(!on_duty))
            .exec(&txn)
            .await
            .or_internal()?
            .rows_affected;
        if changed == 0 {
            // Already in that state (another device set it first), or not someone of this
            // store: another store's id or an unknown one is not found, and nothing is written.
            let member = staff::Entity::find_by_id(id)
                .filter(staff::Column::StoreId.eq(store_id))
                .filter(staff::Column::Active.eq(true))
                .one(&txn)
                .await
                .or_internal()?;
            return member.map(|_| ()).ok_or(AppError::NotFound);
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "staff.on_duty", "staff", id)
                .before(json!({ "on_duty": !on_duty }))
                .after(json!({ "on_duty": on_duty })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn reset_password(
        &self,
        actor: &Actor,
        id: i32,
        password: String,
    ) -> Result<(), AppError> {
        let hash = password::hash_blocking(password).await.or_internal()?;
        let txn = self.db.begin().await.or_internal()?;
        let res = staff::Entity::update_many()
            .col_expr(staff::Column::PasswordHash, Expr::value(hash))
            .col_expr(staff::Column::UpdatedAt, Expr::value(self.clock.now()))
            .filter(staff::Column::Id.eq(id))
            .exec(&txn)
            .await
            .or_internal()?;
        if res.rows_affected == 0 {
            return Err(AppError::NotFound);
        }
        let ended = session::delete_all_of(&txn, id).await.or_internal()?;
        audit::record(
            &txn,
            audit::Event::by(actor, "staff.reset_password", "staff", id)
                .after(json!({ "sessions_ended": ended })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn list_dictionary(&self, kind: String) -> Result<Vec<DictEntry>, AppError> {
        Ok(dict::Entity::find()
            .filter(dict::Column::Kind.eq(kind))
            .order_by_asc(dict::Column::SortOrder)
            .order_by_asc(dict::Column::Code)
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(dict_row)
            .collect())
    }

    async fn create_dict_entry(&self, actor: &Actor, v: ValidDict) -> Result<i32, AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let model = dict::ActiveModel {
            kind: Set(v.kind),
            code: Set(v.code),
            label_zh: Set(v.label_zh),
            label_en: Set(v.label_en),
            sort_order: Set(v.sort_order),
            active: Set(true),
            by_weight: Set(v.by_weight),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(unique_or("code", Msg::ErrCodeTaken))?;
        audit::record(
            &txn,
            audit::Event::by(actor, "dictionary.create", "dictionary_entry", model.id)
                .after(dict_json(&model)),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(model.id)
    }

    async fn update_dict_entry(
        &self,
        actor: &Actor,
        id: i32,
        v: ValidDict,
    ) -> Result<(), AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let before = dict::Entity::find_by_id(id)
            .one(&txn)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        if before.kind != v.kind {
            return Err(AppError::field("kind", Msg::ErrUnknownKind));
        }
        let mut m = before.clone().into_active_model();
        m.code = Set(v.code);
        m.label_zh = Set(v.label_zh);
        m.label_en = Set(v.label_en);
        m.sort_order = Set(v.sort_order);
        m.by_weight = Set(v.by_weight);
        let after = m
            .update(&txn)
            .await
            .map_err(unique_or("code", Msg::ErrCodeTaken))?;
        if after.kind == "material" && after.by_weight != before.by_weight {
            // Its pieces are priced from the latest gold price now, or by their tags again.
            let gold = crate::services::sales::latest_gold_prices(&txn)
                .await?
                .remove(&after.code)
                .flatten();
            crate::services::goods::reprice_material(&txn, &after.code, gold, self.clock.now())
                .await?;
        }
        audit::record(
            &txn,
            audit::Event::by(actor, "dictionary.update", "dictionary_entry", id)
                .before(dict_json(&before))
                .after(dict_json(&after)),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn set_dict_active(&self, actor: &Actor, id: i32, active: bool) -> Result<(), AppError> {
        let txn = self.db.begin().await.or_internal()?;
        let before = dict::Entity::find_by_id(id)
            .one(&txn)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let mut m = before.clone().into_active_model();
        m.active = Set(active);
        m.update(&txn).await.or_internal()?;
        audit::record(
            &txn,
            audit::Event::by(
                actor,
                if active {
                    "dictionary.activate"
                } else {
                    "dictionary.deactivate"
                },
                "dictionary_entry",
                id,
            )
            .before(json!({ "active": before.active }))
            .after(json!({ "active": active })),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()
    }

    async fn list_tokens(&self, req: PageReq) -> Result<Page<ApiTokenRow>, AppError> {
        crate::services::tokens::list(&self.db, req).await
    }

    async fn backups(&self, req: PageReq) -> Result<BackupOverview, AppError> {
        use crate::entities::backup_run;
        let schedule = crate::backup::Schedule::from_env()
            .or_internal()?
            .map(|s| BackupSchedule {
                dir: s.dir.display().to_string(),
                every_minutes: s.every.as_secs() / 60,
                keep: s.keep,
                copy_dir: s.copy_dir.map(|d| d.display().to_string()),
                encrypted: std::env::var("VITRINE_BACKUP_PASSPHRASE").is_ok_and(|p| !p.is_empty()),
            });
        let pager = backup_run::Entity::find()
            .order_by_desc(backup_run::Column::Id)
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager
            .fetch_page(req.page - 1)
            .await
            .or_internal()?
            .into_iter()
            .map(|r| BackupRow {
                at: r.at,
                file: r.file,
                bytes: r.bytes,
                encrypted: r.encrypted,
                copy_status: r.copy_status,
                error: r.error,
                millis: r.millis,
            })
            .collect();
        Ok(BackupOverview {
            schedule,
            runs: Page {
                items,
                total,
                page: req.page,
                per_page: req.per_page,
            },
        })
    }

    async fn create_token(&self, actor: &Actor, name: String) -> Result<String, AppError> {
        crate::services::tokens::create(&self.db, Some(actor), &name).await
    }

    async fn revoke_token(&self, actor: &Actor, id: i32) -> Result<(), AppError> {
        crate::services::tokens::revoke(&self.db, Some(actor), id).await
    }

    async fn chain_settings(&self) -> Result<ChainSettings, AppError> {
        crate::services::chain::settings(&self.db).await
    }

    async fn update_chain(
        &self,
        actor: &Actor,
        input: app::domain::validate::ValidChain,
        version: i32,
    ) -> Result<(), AppError> {
        crate::services::chain::update(&self.db, actor, input, version).await
    }

    async fn chain_logo(&self) -> Result<Option<(String, Vec<u8>)>, AppError> {
        crate::services::chain::logo(&self.db).await
    }

    async fn set_chain_logo(
        &self,
        actor: &Actor,
        logo: Option<(&'static str, Vec<u8>)>,
    ) -> Result<(), AppError> {
        crate::services::chain::set_logo(&self.db, actor, logo).await
    }

    async fn list_audit(
        &self,
        f: AuditFilter,
        req: PageReq,
        lang: Lang,
        zone: Zone,
    ) -> Result<AuditPage, AppError> {
        let mut cond = Condition::all();
        if !f.action.trim().is_empty() {
            cond = cond.add(audit_log::Column::Action.starts_with(f.action.trim()));
        }
        if !f.actor.trim().is_empty() {
            cond = cond.add(audit_log::Column::ActorName.contains(f.actor.trim()));
        }
        if !f.entity.trim().is_empty() {
            cond = cond.add(audit_log::Column::Entity.eq(f.entity.trim()));
        }
        if let Ok(d) = NaiveDate::parse_from_str(f.from.trim(), "%Y-%m-%d") {
            cond = cond.add(audit_log::Column::At.gte(zone.day_start(d)));
        }
        if let Ok(d) = NaiveDate::parse_from_str(f.to.trim(), "%Y-%m-%d") {
            if let Some(next) = d.succ_opt() {
                cond = cond.add(audit_log::Column::At.lt(zone.day_start(next)));
            }
        }
        let pager = audit_log::Entity::find()
            .filter(cond)
            .order_by(audit_log::Column::At, order(req.desc))
            .order_by(audit_log::Column::Id, order(req.desc))
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        let rows = audit::rows(&self.db, items).await.or_internal()?;
        let rows = Page {
            items: rows
                .into_iter()
                .map(|e| app::i18n::audit::row(e, lang, zone))
                .collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        };
        Ok(AuditPage {
            rows,
            actions: app::i18n::audit::action_options(lang),
            entities: app::i18n::audit::entity_options(lang),
        })
    }
}
