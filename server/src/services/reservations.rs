//! Reservations: booking, automatic assignment, the work queue (every transition a
//! compare-and-set on the row's version), search and the SMS outbox.

use crate::entities::{
    dictionary_entry as dict, reservation, reservation_history as history, sms_outbox, staff, store,
};
use crate::live::{Live, LiveEvent};
use crate::services::customers::{self, Field, NewCustomer};
use crate::services::OrInternal;
use crate::services::{internal, is_unique_violation_of, numbering};
use crate::sms;
use app::domain::assignment::{self, Candidate};
use app::domain::mobile::{mask, Mobile};
use app::domain::policy::{self, allows, data_scope, DataScope, Permission, Place, Role};
use app::domain::reservation::{
    initial_service, reservation_number, settle, transition, Event, Service, State, Status,
};
use app::domain::store_rules::OpeningHours;
use app::domain::time::Zone;
use app::domain::validate::{Assign, ValidReservation, ValidWebBooking};
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::{Actor, ReservationPort};
use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

pub struct ReservationService {
    pub db: DatabaseConnection,
    pub live: Live,
    pub clock: crate::clock::Clock,
}

/// Web bookings one address may make a minute (a counter in the database: the limit holds
/// across every app server on one database).
pub const WEB_BOOKINGS_PER_MINUTE: u32 = 5;

fn status_of(r: &reservation::Model) -> Result<State, AppError> {
    match (Status::parse(&r.status), Service::parse(&r.service)) {
        (Some(status), Some(service)) => Ok(State { status, service }),
        _ => Err(internal(format!(
            "reservation {} has an unknown state",
            r.id
        ))),
    }
}

/// The rows a person may see, as a query condition.
/// Most rows each list on the manager's floor board shows (each links to the whole list).
const FLOOR_LIST: u64 = 50;

fn scope_condition(actor: &Actor) -> Result<Condition, AppError> {
    scope_condition_for(actor, false)
}

/// The same; with `unindexed`, written so that SQLite's planner does not pick the store or
/// consultant index (used when a short list of matching customers is the better way in).
fn scope_condition_for(actor: &Actor, unindexed: bool) -> Result<Condition, AppError> {
    let u = &actor.user;
    let eq = |col: reservation::Column, name: &str, v: i32| -> Condition {
        if unindexed {
            Condition::all().add(Expr::cust_with_values(
                format!("\"reservation\".\"{name}\" + 0 = ?"),
                [v],
            ))
        } else {
            Condition::all().add(col.eq(v))
        }
    };
    Ok(match data_scope(u.role, u.id, u.store_id) {
        DataScope::All => Condition::all(),
        DataScope::Store { store_id } => eq(reservation::Column::StoreId, "store_id", store_id),
        DataScope::Own { staff_id, store_id } => {
            eq(reservation::Column::StoreId, "store_id", store_id).add(eq(
                reservation::Column::ConsultantId,
                "consultant_id",
                staff_id,
            ))
        }
        DataScope::Nothing => return Err(AppError::Forbidden),
    })
}

/// The number as this viewer may see it at this place (the one rule of `domain::policy`).
fn shown_mobile(actor: &Actor, place: Place, r: &reservation::Model, mobile: &str) -> String {
    let v = crate::services::customers::viewer(actor);
    policy::shown_mobile(
        v,
        place,
        policy::serves_record(v, r.store_id, r.consultant_id),
        mobile,
    )
}

impl ReservationService {
    pub fn new(db: DatabaseConnection, live: Live) -> Self {
        ReservationService {
            db,
            live,
            clock: Default::default(),
        }
    }

    /// Whether this address may make another public web booking now.
    pub async fn allow_web_booking(&self, ip: &str) -> Result<bool, AppError> {
        crate::services::throttle::allow(
            &self.db,
            &crate::services::throttle::key("web", ip),
            WEB_BOOKINGS_PER_MINUTE,
            Duration::minutes(1),
            Utc::now(),
        )
        .await
        .or_internal()
    }

    /// Reservation rows with customer, store and consultant names (three batched look-ups).
    /// An export of a search, as the actor may see it: its condition and how many rows it holds
    /// (for the audit row written before the first byte).
    pub async fn export_scope(
        &self,
        actor: &Actor,
        f: &ReservationFilter,
    ) -> Result<(Condition, u64), AppError> {
        let cond = search_condition(&self.db, actor, f).await?;
        let rows = reservation::Entity::find()
            .filter(cond.clone())
            .count(&self.db)
            .await
            .or_internal()?;
        Ok((cond, rows))
    }

    /// Page `page` (0-based, 500 rows) of an export in visit order, as list rows.
    pub async fn export_page(
        &self,
        actor: &Actor,
        cond: Condition,
        page: u64,
    ) -> Result<Vec<ReservationRow>, AppError> {
        let batch = reservation::Entity::find()
            .filter(cond)
            .order_by_asc(reservation::Column::VisitAt)
            .order_by_asc(reservation::Column::Id)
            .paginate(&self.db, 500)
            .fetch_page(page)
            .await
            .or_internal()?;
        self.rows(actor, Place::List, batch).await
    }

    pub async fn rows(
        &self,
        actor: &Actor,
        place: Place,
        list: Vec<reservation::Model>,
    ) -> Result<Vec<ReservationRow>, AppError> {
        let db = &self.db;
        let cust_ids: Vec<i32> = list.iter().map(|r| r.customer_id).collect();
        let store_ids: Vec<i32> = list.iter().map(|r| r.store_id).collect();
        let staff_ids: Vec<i32> = list.iter().filter_map(|r| r.consultant_id).collect();
        let customers = customers::many(db, cust_ids).await?;
        let stores: HashMap<i32, String> = store::Entity::find()
            .filter(store::Column::Id.is_in(store_ids))
            .all(db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let staff_names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(staff_ids))
            .all(db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        list.into_iter()
            .map(|r| {
                let state = status_of(&r)?;
                let c = customers.get(&r.customer_id);
                Ok(ReservationRow {
                    id: r.id,
                    number: r.number.clone(),
                    customer_id: r.customer_id,
                    customer_name: c.map(|c| c.name.clone()).unwrap_or_default(),
                    mobile: c
                        .map(|c| shown_mobile(actor, place, &r, &c.mobile))
                        .unwrap_or_default(),
                    store_id: r.store_id,
                    store_name: stores.get(&r.store_id).cloned().unwrap_or_default(),
                    consultant_id: r.consultant_id,
                    consultant_name: r.consultant_id.and_then(|id| staff_names.get(&id).cloned()),
                    visit_at: r.visit_at,
                    source: r.source,
                    needs: r.needs,
                    need_level: r.need_level,
                    status: state.status,
                    service: state.service,
                    outcome: r.outcome,
                    version: r.version,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// The assignment snapshot of a store: who is on duty, serving, received today, converts.
    async fn candidates(
        &self,
        store_id: i32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Candidate>, AppError> {
        let db = &self.db;
        let team = staff::Entity::find()
            .filter(staff::Column::StoreId.eq(store_id))
            .filter(staff::Column::Active.eq(true))
            .filter(staff::Column::Role.eq(Role::Consultant.as_str()))
            .all(db)
            .await
            .or_internal()?;
        let count_by = |cond: Condition| async move {
            let rows: Vec<(Option<i32>, i64)> = reservation::Entity::find()
                .select_only()
                .column(reservation::Column::ConsultantId)
                .column_as(reservation::Column::Id.count(), "n")
                .filter(reservation::Column::StoreId.eq(store_id))
                .filter(cond)
                .group_by(reservation::Column::ConsultantId)
                .into_tuple()
                .all(db)
                .await
                .or_internal()?;
            Ok::<HashMap<i32, u32>, AppError>(
                rows.into_iter()
                    .filter_map(|(id, n)| id.map(|id| (id, u32::try_from(n).unwrap_or(u32::MAX))))
                    .collect(),
            )
        };
        // The chain's home zone: assignment compares consultants of one store by today's load.
        let today = Zone::default().day_start(Zone::default().date_of(now));
        let month = now - Duration::days(30);
        let serving = count_by(
            Condition::all().add(reservation::Column::Service.eq(Service::Serving.as_str())),
        )
        .await?;
        let received =
            count_by(Condition::all().add(reservation::Column::AssignedAt.gte(today))).await?;
        let arrivals =
            count_by(Condition::all().add(reservation::Column::ArrivedAt.gte(month))).await?;
        let deals = count_by(
            Condition::all()
                .add(reservation::Column::ArrivedAt.gte(month))
                .add(reservation::Column::Status.eq(Status::DealClosed.as_str())),
        )
        .await?;
        Ok(team
            .into_iter()
            .map(|s| Candidate {
                staff_id: s.id,
                on_duty: s.on_duty,
                serving: serving.get(&s.id).copied().unwrap_or(0) > 0,
                received_today: received.get(&s.id).copied().unwrap_or(0),
                deals_30d: deals.get(&s.id).copied().unwrap_or(0),
                arrivals_30d: arrivals.get(&s.id).copied().unwrap_or(0),
            })
            .collect())
    }

    async fn check_assignee(&self, store_id: i32, staff_id: i32) -> Result<staff::Model, AppError> {
        staff::Entity::find_by_id(staff_id)
            .filter(staff::Column::StoreId.eq(store_id))
            .filter(staff::Column::Active.eq(true))
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or_else(|| AppError::field("consultant_id", Msg::ErrUnknownConsultant))
    }

    async fn next_number(
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        // Numbers carry the day in the chain's home zone (one series a day chain-wide).
        let day = Zone::default().date_of(now);
        numbering::next(
            db,
            &numbering::reservation_series(day),
            numbering::RESERVATION,
            |seq| reservation_number(day, seq),
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn add_history(
        db: &impl ConnectionTrait,
        at: DateTime<Utc>,
        reservation_id: i32,
        (actor_id, actor_name): (Option<i32>, &str),
        kind: &str,
        from: &str,
        to: &str,
        note: &str,
    ) -> Result<(), AppError> {
        history::ActiveModel {
            reservation_id: Set(reservation_id),
            at: Set(at),
            actor_id: Set(actor_id),
            actor_name: Set(actor_name.chars().take(100).collect()),
            kind: Set(kind.to_string()),
            from_value: Set(from.chars().take(100).collect()),
            to_value: Set(to.chars().take(100).collect()),
            note: Set(note.chars().take(500).collect()),
            ..Default::default()
        }
        .insert(db)
        .await
        .or_internal()?;
        Ok(())
    }

    /// The history of a change of state: a status row when the status changed (or always, with
    /// `status_always`) and a service row when the service state changed.
    async fn add_state_history(
        db: &impl ConnectionTrait,
        at: DateTime<Utc>,
        reservation_id: i32,
        by: (Option<i32>, &str),
        (from, to): (State, State),
        note: &str,
        status_always: bool,
    ) -> Result<(), AppError> {
        if status_always || from.status != to.status {
            let (f, t) = (from.status.as_str(), to.status.as_str());
            Self::add_history(db, at, reservation_id, by, "status", f, t, note).await?;
        }
        if from.service != to.service {
            let (f, t) = (from.service.as_str(), to.service.as_str());
            Self::add_history(db, at, reservation_id, by, "service", f, t, note).await?;
        }
        Ok(())
    }

    /// A website booking: 需要回访, no consultant yet. A repeated submission (same number, store
    /// and visit time while the first is still open) returns the first reservation.
    pub async fn create_web(
        &self,
        b: ValidWebBooking,
        ip: &str,
    ) -> Result<(String, bool), AppError> {
        let db = &self.db;
        let store = match b.store.parse::<i32>() {
            Ok(id) => store::Entity::find_by_id(id).one(db).await,
            Err(_) => {
                store::Entity::find()
                    .filter(store::Column::Name.eq(b.store.as_str()))
                    .one(db)
                    .await
            }
        }
        .or_internal()?
        .filter(|s| s.active)
        .ok_or_else(|| AppError::field("store", Msg::ErrUnknownStore))?;
        // The public page books only while the store is open.
        if !OpeningHours::decode(&store.opening_hours)
            .is_open_at(b.visit_at, Zone::of_store(&store.time_zone))
        {
            return Err(AppError::field("visit_at", Msg::ErrStoreClosedThen));
        }
        let key = format!(
            "{}|{}|{}",
            b.mobile.as_str(),
            store.id,
            b.visit_at.timestamp()
        );
        if let Some(existing) = reservation::Entity::find()
            .filter(reservation::Column::WebKey.eq(key.as_str()))
            .one(db)
            .await
            .or_internal()?
        {
            return Ok((existing.number, false));
        }
        let txn = db.begin().await.or_internal()?;
        let now = self.clock.now();
        let number = Self::next_number(&txn, now).await?;
        let cust = customers::register(
            &txn,
            NewCustomer {
                name: &b.name,
                mobile: &b.mobile,
                email: &b.email,
                qq: "",
                store_id: store.id,
                created_by: None,
                at: now,
            },
        )
        .await?;
        let inserted = reservation::ActiveModel {
            number: Set(number.clone()),
            customer_id: Set(cust.id),
            store_id: Set(store.id),
            consultant_id: Set(None),
            visit_at: Set(b.visit_at),
            source: Set("WEBSITE".into()),
            needs: Set(b.needs.clone()),
            need_level: Set(String::new()),
            status: Set(Status::NeedsCallback.as_str().into()),
            service: Set(Service::Scheduled.as_str().into()),
            outcome: Set(String::new()),
            web_key: Set(Some(key.clone())),
            booked_name: Set(b.name.clone()),
            version: Set(0),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let r = match inserted {
            Ok(r) => r,
            Err(e) if is_unique_violation_of(&e, "reservation", "web_key") => {
                // A double submit racing this one won: answer with its number.
                drop(txn);
                let existing = reservation::Entity::find()
                    .filter(reservation::Column::WebKey.eq(key.as_str()))
                    .one(db)
                    .await
                    .or_internal()?
                    .ok_or_else(|| internal("web booking vanished"))?;
                return Ok((existing.number, false));
            }
            Err(e) => return Err(internal(e)),
        };
        Self::add_history(
            &txn,
            now,
            r.id,
            (None, "web"),
            "create",
            "",
            Status::NeedsCallback.as_str(),
            ip,
        )
        .await?;
        txn.commit().await.or_internal()?;
        self.live
            .publish(LiveEvent {
                store_id: store.id,
                staff_ids: vec![],
                kind: "web_booking".into(),
            })
            .await;
        Ok((number, true))
    }
}

#[async_trait]
impl ReservationPort for ReservationService {
    async fn store_staff(
        &self,
        actor: &Actor,
        store_id: i32,
    ) -> Result<Vec<StaffOption>, AppError> {
        let u = &actor.user;
        if !data_scope(u.role, u.id, u.store_id).may_read_store(store_id) {
            return Err(AppError::Forbidden);
        }
        Ok(active_staff(&self.db, store_id)
            .await?
            .into_iter()
            .map(|s| StaffOption {
                id: s.id,
                name: s.display_name,
                role: Role::parse(&s.role).unwrap_or(Role::Consultant),
                on_duty: s.on_duty,
            })
            .collect())
    }

    async fn dictionary(&self, kind: String) -> Result<Vec<DictEntry>, AppError> {
        Ok(dict::Entity::find()
            .filter(dict::Column::Kind.eq(kind))
            .filter(dict::Column::Active.eq(true))
            .order_by_asc(dict::Column::SortOrder)
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(crate::services::admin::dict_row)
            .collect())
    }

    async fn check_mobile(&self, actor: &Actor, mobile: Mobile) -> Result<MobileCheck, AppError> {
        let Some(found) = customers::lookup(&self.db, actor, &mobile).await? else {
            return Ok(MobileCheck::default());
        };
        let c = found.customer;
        let open = reservation::Entity::find()
            .filter(reservation::Column::CustomerId.eq(c.id))
            .filter(
                reservation::Column::Status
                    .is_in([Status::NotArrived.as_str(), Status::NeedsCallback.as_str()]),
            )
            .filter(reservation::Column::Service.ne(Service::Closed.as_str()))
            .filter(
                scope_condition(actor).unwrap_or_else(|_| Condition::all().add(Expr::val(false))),
            )
            .order_by_desc(reservation::Column::VisitAt)
            .one(&self.db)
            .await
            .or_internal()?;
        let open_reservation = match open {
            Some(r) => self.rows(actor, Place::List, vec![r]).await?.pop(),
            None => None,
        };
        if !found.visible {
            return Ok(MobileCheck {
                open_reservation,
                customer: None,
                chain_customer_of: Some(found.home_store),
            });
        }
        Ok(MobileCheck {
            open_reservation,
            customer: Some(CustomerInfo {
                id: c.id,
                name: c.name,
                mobile: mask(&c.mobile),
                email: c.email,
                qq: c.qq,
                store_id: c.store_id,
                is_member: c.is_member,
                member_no: c.member_no,
            }),
            chain_customer_of: None,
        })
    }

    async fn create(&self, actor: &Actor, v: ValidReservation) -> Result<Created, AppError> {
        let u = &actor.user;
        // Consultants and managers book for their own store.
        if u.store_id != Some(v.store_id) {
            return Err(AppError::field("store_id", Msg::ErrUnknownStore));
        }
        let now = self.clock.now();
        let (consultant, reason) = match v.assign {
            Assign::Staff(id) => (self.check_assignee(v.store_id, id).await?, None),
            Assign::Auto => {
                let cands = self.candidates(v.store_id, now).await?;
                let (id, reason) = assignment::choose(&cands, &[])
                    .ok_or_else(|| AppError::field("consultant_id", Msg::ErrNoConsultantOnDuty))?;
                (
                    self.check_assignee(v.store_id, id).await?,
                    Some(reason.describe()),
                )
            }
        };
        let service = initial_service(v.visit_at, now);
        let txn = self.db.begin().await.or_internal()?;
        let number = Self::next_number(&txn, now).await?;
        let cust = customers::register(
            &txn,
            NewCustomer {
                name: &v.name,
                mobile: &v.mobile,
                email: &v.email,
                qq: &v.qq,
                store_id: v.store_id,
                created_by: Some(u.id),
                at: now,
            },
        )
        .await?;
        let r = reservation::ActiveModel {
            number: Set(number.clone()),
            customer_id: Set(cust.id),
            store_id: Set(v.store_id),
            consultant_id: Set(Some(consultant.id)),
            visit_at: Set(v.visit_at),
            source: Set(v.source),
            needs: Set(v.needs),
            need_level: Set(v.need_level),
            status: Set(Status::NotArrived.as_str().into()),
            service: Set(service.as_str().into()),
            outcome: Set(String::new()),
            web_key: Set(None),
            version: Set(0),
            created_by: Set(Some(u.id)),
            created_at: Set(now),
            updated_at: Set(now),
            assigned_at: Set(Some(now)),
            arrived_at: Set((service == Service::Waiting).then_some(now)),
            booked_name: Set(v.name.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .or_internal()?;
        Self::add_history(
            &txn,
            now,
            r.id,
            (Some(u.id), &u.display_name),
            "create",
            "",
            Status::NotArrived.as_str(),
            "",
        )
        .await?;
        Self::add_history(
            &txn,
            now,
            r.id,
            (Some(u.id), &u.display_name),
            "owner",
            "",
            &consultant.display_name,
            reason.as_deref().unwrap_or("manual"),
        )
        .await?;
        txn.commit().await.or_internal()?;
        self.live
            .publish(LiveEvent {
                store_id: v.store_id,
                staff_ids: vec![consultant.id],
                kind: "assigned".into(),
            })
            .await;
        let outside_hours = outside_hours(&self.db, v.store_id, v.visit_at).await?;
        Ok(Created {
            id: r.id,
            number,
            consultant_name: Some(consultant.display_name),
            reason,
            outside_hours,
        })
    }

    async fn act(
        &self,
        actor: &Actor,
        id: i32,
        version: i32,
        action: QueueAction,
    ) -> Result<ActOutcome, AppError> {
        let u = &actor.user;
        // What the action needs (an outcome, a reason) is checked before anything is read.
        let event = action.event().map_err(AppError::Validation)?;
        let r = reservation::Entity::find_by_id(id)
            .filter(scope_condition(actor)?)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let is_manager = allows(u.role, Permission::AssignInStore);
        // Consultants act on their own reservations only (the scope above already says so);
        // managers on any of their store's.
        let stale = |claim: bool| {
            if claim {
                AppError::Conflict(Msg::ErrAlreadyClaimed)
            } else {
                AppError::Conflict(Msg::ErrStateChanged)
            }
        };
        let is_claim = matches!(action, QueueAction::Claim);
        if r.version != version {
            return Err(stale(is_claim));
        }
        if matches!(event, Event::CalledBack | Event::Void) && !is_manager {
            return Err(AppError::Forbidden);
        }
        let from = status_of(&r)?;
        let to = transition(from, event).ok_or_else(|| {
            if is_claim && from.service == Service::Serving {
                AppError::Conflict(Msg::ErrAlreadyClaimed)
            } else {
                AppError::Conflict(Msg::ErrIllegalTransition)
            }
        })?;
        let now = self.clock.now();
        // Who owns it afterwards, and why.
        let (owner, owner_note): (Option<staff::Model>, String) = match &action {
            QueueAction::Reject { .. } => {
                let cands = self.candidates(r.store_id, now).await?;
                let mut exclude = vec![u.id];
                exclude.extend(r.consultant_id);
                let (next, reason) = assignment::choose(&cands, &exclude)
                    .ok_or(AppError::Conflict(Msg::ErrNoConsultantOnDuty))?;
                (
                    Some(self.check_assignee(r.store_id, next).await?),
                    format!("rejected; {}", reason.describe()),
                )
            }
            QueueAction::Transfer { to } => {
                if Some(*to) == r.consultant_id {
                    return Err(AppError::field("to", Msg::ErrSameConsultant));
                }
                // Giving a booking nobody has (a called-back web booking) its consultant is an
                // assignment by hand; anything else is a hand-over.
                let why = if r.consultant_id.is_none() {
                    "manual"
                } else {
                    "transfer"
                };
                (
                    Some(self.check_assignee(r.store_id, *to).await?),
                    why.into(),
                )
            }
            // A customer arriving for a booking nobody was given goes to the consultant the
            // booking rule picks now, never into a queue nobody reads.
            QueueAction::Arrive if r.consultant_id.is_none() => {
                let cands = self.candidates(r.store_id, now).await?;
                let (next, reason) = assignment::choose(&cands, &[])
                    .ok_or(AppError::Conflict(Msg::ErrNoConsultantOnDuty))?;
                (
                    Some(self.check_assignee(r.store_id, next).await?),
                    format!("arrived unassigned; {}", reason.describe()),
                )
            }
            QueueAction::Claim if r.consultant_id != Some(u.id) => (
                Some(self.check_assignee(r.store_id, u.id).await?),
                "claimed by a colleague".into(),
            ),
            _ => (None, String::new()),
        };
        let mut update = reservation::Entity::update_many()
            .col_expr(reservation::Column::Status, Expr::value(to.status.as_str()))
            .col_expr(
                reservation::Column::Service,
                Expr::value(to.service.as_str()),
            )
            .col_expr(
                reservation::Column::Version,
                Expr::col(reservation::Column::Version).add(1),
            )
            .col_expr(reservation::Column::UpdatedAt, Expr::value(now));
        if let Some(o) = &owner {
            update = update
                .col_expr(reservation::Column::ConsultantId, Expr::value(o.id))
                .col_expr(reservation::Column::AssignedAt, Expr::value(now));
        }
        match &action {
            QueueAction::Arrive => {
                update = update.col_expr(reservation::Column::ArrivedAt, Expr::value(now))
            }
            QueueAction::Finish { .. } => {
                update = update
                    .col_expr(reservation::Column::FinishedAt, Expr::value(now))
                    .col_expr(reservation::Column::Outcome, Expr::value(action.note()));
            }
            QueueAction::Void => {
                update = update.col_expr(reservation::Column::FinishedAt, Expr::value(now))
            }
            _ => {}
        }
        let txn = self.db.begin().await.or_internal()?;
        let done = update
            .filter(reservation::Column::Id.eq(id))
            .filter(reservation::Column::Version.eq(version))
            .exec(&txn)
            .await
            .or_internal()?;
        if done.rows_affected != 1 {
            return Err(stale(is_claim));
        }
        let note = action.note();
        Self::add_state_history(
            &txn,
            now,
            id,
            (Some(u.id), &u.display_name),
            (from, to),
            &note,
            false,
        )
        .await?;
        let old_owner = r.consultant_id;
        if let Some(o) = &owner {
            let old_name = match old_owner {
                Some(oid) => staff::Entity::find_by_id(oid)
                    .one(&txn)
                    .await
                    .or_internal()?
                    .map(|s| s.display_name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            Self::add_history(
                &txn,
                now,
                id,
                (Some(u.id), &u.display_name),
                "owner",
                &old_name,
                &o.display_name,
                &owner_note,
            )
            .await?;
        }
        if matches!(action, QueueAction::Reject { .. }) {
            // The reason the consultant gave, for the manager reading the history.
            Self::add_history(
                &txn,
                now,
                id,
                (Some(u.id), &u.display_name),
                "reject",
                "",
                "",
                &note,
            )
            .await?;
        }
        if matches!(action, QueueAction::CalledBack) {
            let cust = customers::get(&txn, r.customer_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let st = store::Entity::find_by_id(r.store_id)
                .one(&txn)
                .await
                .or_internal()?
                .ok_or(AppError::NotFound)?;
            let chain = crate::services::chain::settings(&txn).await?;
            let from = sms::From {
                signature: &chain.sms_signature,
                store: &st.name,
                zone: Zone::of_store(&st.time_zone),
            };
            let body = sms::callback_text(&from, &r.number, &st.address, r.visit_at);
            sms::enqueue(&txn, &cust.mobile, &body, Some(r.id)).await?;
        }
        txn.commit().await.or_internal()?;
        let mut staff_ids: Vec<i32> = old_owner.into_iter().collect();
        let handed_to = owner
            .as_ref()
            .filter(|o| o.id != u.id)
            .map(|o| o.display_name.clone());
        staff_ids.extend(owner.map(|o| o.id));
        staff_ids.push(u.id);
        self.live
            .publish(LiveEvent {
                store_id: r.store_id,
                staff_ids,
                kind: "queue".into(),
            })
            .await;
        Ok(ActOutcome { handed_to })
    }

    async fn my_queue(&self, actor: &Actor) -> Result<MyQueue, AppError> {
        let u = &actor.user;
        let now = self.clock.now();
        let zone = actor.user.zone;
        let today = zone.date_of(now);
        let (start, end) = (
            zone.day_start(today),
            zone.day_start(today.succ_opt().unwrap_or(today)),
        );
        let mine = reservation::Entity::find()
            .filter(reservation::Column::ConsultantId.eq(u.id))
            .filter(
                Condition::any()
                    .add(
                        reservation::Column::Service
                            .is_in([Service::Waiting.as_str(), Service::Serving.as_str()]),
                    )
                    .add(
                        Condition::all()
                            .add(reservation::Column::Service.eq(Service::Scheduled.as_str()))
                            .add(reservation::Column::VisitAt.gte(start))
                            .add(reservation::Column::VisitAt.lt(end)),
                    ),
            )
            .order_by_asc(reservation::Column::VisitAt)
            .order_by_asc(reservation::Column::Id)
            .limit(200)
            .all(&self.db)
            .await
            .or_internal()?;
        let rows = self.rows(actor, Place::List, mine).await?;
        let mut q = MyQueue::default();
        for r in rows {
            match r.service {
                Service::Serving => q.serving.push(r),
                Service::Waiting => q.waiting.push(r),
                _ => q.scheduled_today.push(r),
            }
        }
        Ok(q)
    }

    async fn floor(&self, actor: &Actor) -> Result<Floor, AppError> {
        let u = &actor.user;
        let store_id = match u.store_id {
            Some(s) if allows(u.role, Permission::AssignInStore) => s,
            _ => return Err(AppError::Forbidden),
        };
        let now = self.clock.now();
        let zone = u.zone;
        let today = zone.date_of(now);
        let (start, end) = (
            zone.day_start(today),
            zone.day_start(today.succ_opt().unwrap_or(today)),
        );
        let in_store =
            || reservation::Entity::find().filter(reservation::Column::StoreId.eq(store_id));
        let callbacks = in_store()
            .filter(reservation::Column::Status.eq(Status::NeedsCallback.as_str()))
            .filter(reservation::Column::Service.eq(Service::Scheduled.as_str()))
            .order_by_asc(reservation::Column::CreatedAt)
            .order_by_asc(reservation::Column::Id);
        let callbacks_total = callbacks.clone().count(&self.db).await.or_internal()?;
        let callbacks = callbacks
            .limit(FLOOR_LIST)
            .all(&self.db)
            .await
            .or_internal()?;
        let today_q = in_store()
            .filter(reservation::Column::VisitAt.gte(start))
            .filter(reservation::Column::VisitAt.lt(end))
            .filter(reservation::Column::Status.ne(Status::Void.as_str()))
            .order_by_asc(reservation::Column::VisitAt)
            .order_by_asc(reservation::Column::Id);
        let today_total = today_q.clone().count(&self.db).await.or_internal()?;
        let today_rows = today_q
            .limit(FLOOR_LIST)
            .all(&self.db)
            .await
            .or_internal()?;
        // Who is with whom and how many wait, for the whole store in one read.
        let active = reservation::Entity::find()
            .filter(reservation::Column::StoreId.eq(store_id))
            .filter(
                reservation::Column::Service
                    .is_in([Service::Waiting.as_str(), Service::Serving.as_str()]),
            )
            .filter(reservation::Column::ConsultantId.is_not_null())
            .order_by_desc(reservation::Column::UpdatedAt)
            .all(&self.db)
            .await
            .or_internal()?;
        let served = customers::many(
            &self.db,
            active
                .iter()
                .filter(|r| r.service == Service::Serving.as_str())
                .map(|r| r.customer_id),
        )
        .await?;
        let mut staff: Vec<FloorStaff> = active_staff(&self.db, store_id)
            .await?
            .into_iter()
            .map(|s| FloorStaff {
                id: s.id,
                name: s.display_name,
                role: Role::parse(&s.role).unwrap_or(Role::Consultant),
                on_duty: s.on_duty,
                serving: None,
                waiting: 0,
            })
            .collect();
        for r in &active {
            let Some(p) = staff.iter_mut().find(|p| Some(p.id) == r.consultant_id) else {
                continue;
            };
            if r.service == Service::Waiting.as_str() {
                p.waiting += 1;
            } else if p.serving.is_none() {
                let name = served
                    .get(&r.customer_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                p.serving = Some((r.id, r.number.clone(), name));
            }
        }
        Ok(Floor {
            day: Some(today),
            callbacks: self.rows(actor, Place::List, callbacks).await?,
            callbacks_total,
            today: self.rows(actor, Place::List, today_rows).await?,
            today_total,
            staff,
        })
    }

    async fn serving_now(&self, actor: &Actor) -> Result<Option<String>, AppError> {
        Ok(match serving_of(&self.db, actor.user.id).await? {
            Some(r) => customers::get(&self.db, r.customer_id)
                .await?
                .map(|c| c.name),
            None => None,
        })
    }

    async fn search(
        &self,
        actor: &Actor,
        f: ReservationFilter,
        req: PageReq,
    ) -> Result<Page<ReservationRow>, AppError> {
        let cond = search_condition(&self.db, actor, &f).await?;
        let desc = req.desc;
        let ord = if desc { Order::Desc } else { Order::Asc };
        let mut q = reservation::Entity::find().filter(cond);
        q = match req.sort_or(&["visit_at", "created_at", "number", "status"], "visit_at") {
            "created_at" => q.order_by(reservation::Column::CreatedAt, ord),
            "number" => q.order_by(reservation::Column::Number, ord),
            "status" => q.order_by(reservation::Column::Status, ord),
            _ => q.order_by(reservation::Column::VisitAt, ord),
        };
        let pager = q
            .order_by(
                reservation::Column::Id,
                if desc { Order::Desc } else { Order::Asc },
            )
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        Ok(Page {
            items: self.rows(actor, Place::List, items).await?,
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }

    async fn detail(
        &self,
        actor: &Actor,
        id: i32,
    ) -> Result<(ReservationRow, Vec<HistoryRow>), AppError> {
        let r = reservation::Entity::find_by_id(id)
            .filter(scope_condition(actor)?)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let hist = history::Entity::find()
            .filter(history::Column::ReservationId.eq(id))
            .order_by_asc(history::Column::Id)
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|h| HistoryRow {
                at: h.at,
                actor_name: h.actor_name,
                kind: h.kind,
                from_value: h.from_value,
                to_value: h.to_value,
                note: h.note,
            })
            .collect();
        let row = self
            .rows(actor, Place::Record, vec![r])
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((row, hist))
    }

    async fn reveal_mobile(
        &self,
        actor: &Actor,
        id: i32,
        reason: String,
    ) -> Result<String, AppError> {
        let r = reservation::Entity::find_by_id(id)
            .filter(scope_condition(actor)?)
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound)?;
        let c = customers::get(&self.db, r.customer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::services::audit::record(
            &self.db,
            crate::services::audit::Event::by(actor, "customer.reveal_mobile", "customer", c.id)
                .after(serde_json::json!({ "reservation": r.number, "reason": reason })),
        )
        .await
        .or_internal()?;
        Ok(c.mobile)
    }

    async fn book(&self, booking: ValidWebBooking, ip: String) -> Result<String, AppError> {
        if !self.allow_web_booking(&ip).await? {
            return Err(AppError::RateLimited);
        }
        self.create_web(booking, &ip)
            .await
            .map(|(number, _)| number)
    }

    async fn list_sms(&self, req: PageReq) -> Result<Page<SmsRow>, AppError> {
        let pager = sms_outbox::Entity::find()
            .order_by_desc(sms_outbox::Column::Id)
            .paginate(&self.db, req.per_page);
        let total = pager.num_items().await.or_internal()?;
        let items = pager.fetch_page(req.page - 1).await.or_internal()?;
        Ok(Page {
            items: items
                .into_iter()
                .map(|m| SmsRow {
                    id: m.id,
                    to_mobile: mask(&m.to_mobile),
                    body: m.body,
                    status: m.status,
                    provider: m.provider,
                    reservation_id: m.reservation_id,
                    created_at: m.created_at,
                    sent_at: m.sent_at,
                })
                .collect(),
            total,
            page: req.page,
            per_page: req.per_page,
        })
    }
}

// What sales asks of the reservations it settles (server-internal).

/// One reservation by id (the caller applies its own scope).
pub async fn get(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<reservation::Model>, AppError> {
    reservation::Entity::find_by_id(id)
        .one(db)
        .await
        .or_internal()
}

/// A reservation of one store.
pub async fn in_store(
    db: &impl ConnectionTrait,
    id: i32,
    store_id: i32,
) -> Result<Option<reservation::Model>, AppError> {
    reservation::Entity::find_by_id(id)
        .filter(reservation::Column::StoreId.eq(store_id))
        .one(db)
        .await
        .or_internal()
}

/// Whether a sale may settle a reservation (the state machine's `settle`): a finished visit, or
/// one being served now, whose sale then ends the visit.
pub fn may_settle(r: &reservation::Model) -> Result<bool, AppError> {
    Ok(settle(status_of(r)?).is_some())
}

/// The active staff of a store, by name (the consultant picker and the floor board).
async fn active_staff(
    db: &impl ConnectionTrait,
    store_id: i32,
) -> Result<Vec<staff::Model>, AppError> {
    staff::Entity::find()
        .filter(staff::Column::StoreId.eq(store_id))
        .filter(staff::Column::Active.eq(true))
        .order_by_asc(staff::Column::DisplayName)
        .order_by_asc(staff::Column::Id)
        .all(db)
        .await
        .or_internal()
}

/// The visit this person is serving now (the latest claimed), if any.
pub async fn serving_of(
    db: &impl ConnectionTrait,
    staff_id: i32,
) -> Result<Option<reservation::Model>, AppError> {
    reservation::Entity::find()
        .filter(reservation::Column::ConsultantId.eq(staff_id))
        .filter(reservation::Column::Service.eq(Service::Serving.as_str()))
        .order_by_desc(reservation::Column::UpdatedAt)
        .one(db)
        .await
        .or_internal()
}

/// Settles a reservation with a completed sale (→ 已成交): asks the state machine, then a
/// compare-and-set on the row's version, with its history rows, inside the sale's transaction.
/// A visit still being served ends here (its finish time is the sale's).
pub async fn settle_with_sale(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i32,
    receipt: &str,
) -> Result<(), AppError> {
    let r = get(txn, id).await?.ok_or(AppError::NotFound)?;
    let from = status_of(&r)?;
    let to = settle(from).ok_or(AppError::Conflict(Msg::ErrReservationNotFinished))?;
    let mut update = reservation::Entity::update_many()
        .col_expr(reservation::Column::Status, Expr::value(to.status.as_str()))
        .col_expr(
            reservation::Column::Service,
            Expr::value(to.service.as_str()),
        )
        .col_expr(
            reservation::Column::Version,
            Expr::col(reservation::Column::Version).add(1),
        )
        .col_expr(reservation::Column::UpdatedAt, Expr::value(now));
    if from.service != to.service {
        update = update.col_expr(reservation::Column::FinishedAt, Expr::value(now));
    }
    let res = update
        .filter(reservation::Column::Id.eq(id))
        .filter(reservation::Column::Version.eq(r.version))
        .exec(txn)
        .await
        .or_internal()?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict(Msg::ErrStateChanged));
    }
    // A stable code: the history reads it in each reader's language (`pages::reservations::history`).
    let note = format!("settled receipt={receipt}");
    let by = (Some(actor.user.id), actor.user.display_name.as_str());
    // The settlement is always in the history (with its receipt), even when a finished deal
    // stays 已成交.
    ReservationService::add_state_history(txn, now, id, by, (from, to), &note, true).await
}

/// Digits only, for phone fragments.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

pub async fn search_condition(
    db: &DatabaseConnection,
    actor: &Actor,
    f: &ReservationFilter,
) -> Result<Condition, AppError> {
    let phone = digits(&f.phone);
    let fragment = !phone.is_empty() || !f.name.trim().is_empty();
    let mut cond = scope_condition_for(
        actor,
        fragment && db.get_database_backend() == DatabaseBackend::Sqlite,
    )?;
    if !phone.is_empty() {
        cond = cond.add(
            customers::matching(db, Field::Mobile, &phone)
                .await?
                .condition(reservation::Column::CustomerId),
        );
    }
    let name = f.name.trim();
    if !name.is_empty() {
        cond = cond.add(
            customers::matching(db, Field::Name, name)
                .await?
                .condition(reservation::Column::CustomerId),
        );
    }
    let style = f.style.trim();
    if !style.is_empty() {
        cond = cond.add(reservation::Column::Needs.contains(style));
    }
    if let Ok(d) = NaiveDate::parse_from_str(f.from.trim(), "%Y-%m-%d") {
        cond = cond.add(reservation::Column::VisitAt.gte(actor.user.zone.day_start(d)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(f.to.trim(), "%Y-%m-%d") {
        if let Some(next) = d.succ_opt() {
            cond = cond.add(reservation::Column::VisitAt.lt(actor.user.zone.day_start(next)));
        }
    }
    if !f.need_level.trim().is_empty() {
        cond = cond.add(reservation::Column::NeedLevel.eq(f.need_level.trim()));
    }
    if let Some(s) = f.status {
        cond = cond.add(reservation::Column::Status.eq(s.as_str()));
    }
    if let Some(s) = f.store_id {
        cond = cond.add(reservation::Column::StoreId.eq(s));
    }
    if let Some(c) = f.consultant_id {
        cond = cond.add(reservation::Column::ConsultantId.eq(c));
    }
    if f.unassigned {
        cond = cond
            .add(reservation::Column::ConsultantId.is_null())
            .add(reservation::Column::Status.eq(Status::NotArrived.as_str()))
            .add(reservation::Column::Service.eq(Service::Scheduled.as_str()));
    }
    Ok(cond)
}

/// The store's hours on the visit's local day, when the visit is outside them.
async fn outside_hours(
    db: &impl ConnectionTrait,
    store_id: i32,
    at: DateTime<Utc>,
) -> Result<Option<app::model::OutsideHours>, AppError> {
    use chrono::Datelike;
    let Some(st) = store::Entity::find_by_id(store_id)
        .one(db)
        .await
        .or_internal()?
    else {
        return Ok(None);
    };
    let zone = Zone::of_store(&st.time_zone);
    let hours = OpeningHours::decode(&st.opening_hours);
    if hours.is_open_at(at, zone) {
        return Ok(None);
    }
    Ok(Some(app::model::OutsideHours {
        weekday: zone.to_local(at).weekday().num_days_from_monday() as u8,
        hours: hours
            .day_of(at, zone)
            .map(|(a, b)| (a.format("%H:%M").to_string(), b.format("%H:%M").to_string())),
    }))
}

/// Reservations by id, named for the audit log by their number.
pub async fn names(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    Ok(
        crate::services::by_ids::<reservation::Entity>(db, reservation::Column::Id, ids)
            .await?
            .into_iter()
            .map(|r| (r.id, r.number))
            .collect(),
    )
}
