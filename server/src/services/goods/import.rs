//! The ERP import (CSV, command line, JSON sync): validated rows upserted in batches, a local
//! hold never overwritten, history for every change.

use super::*;

/// PostgreSQL plans an import's look-ups (by ERP id and barcode) from its statistics of the
/// item table. A young table that grows by an import outruns autovacuum, and the stale figures
/// make every batch scan the whole table; so the import refreshes them itself whenever the
/// table has grown by half since they were taken (a handful of times for a first big import,
/// never for a routine sync of a large table). SQLite needs nothing of the kind.
struct PlannerStats {
    rows: Option<i64>,
    grown: i64,
}

impl PlannerStats {
    async fn read(db: &DatabaseConnection) -> Result<Self, AppError> {
        if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(Self {
                rows: None,
                grown: 0,
            });
        }
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'item'::regclass",
            ))
            .await
            .or_internal()?;
        let n = row
            .and_then(|r| r.try_get::<i64>("", "n").ok())
            .unwrap_or(0);
        Ok(Self {
            rows: Some(Ord::max(n, 0)),
            grown: 0,
        })
    }

    async fn grew(&mut self, db: &DatabaseConnection, created: u64) -> Result<(), AppError> {
        let Some(rows) = self.rows else {
            return Ok(());
        };
        self.grown += i64::try_from(created).unwrap_or(i64::MAX);
        if self.grown > rows / 2 + 2_000 {
            crate::db::analyze(db, Some("item")).await.or_internal()?;
            self.rows = Some(rows + self.grown);
            self.grown = 0;
        }
        Ok(())
    }
}

fn new_item(
    v: &ValidItem,
    store_id: i32,
    now: DateTime<Utc>,
    gold: &GoldBook,
) -> item::ActiveModel {
    let m = apply(
        item::Model {
            id: 0,
            erp_id: String::new(),
            barcode: String::new(),
            style_no: String::new(),
            name: String::new(),
            category: String::new(),
            material: String::new(),
            weight_mg: 0,
            carat_pts: 0,
            color_rank: None,
            clarity_rank: None,
            cut_rank: None,
            polish_rank: None,
            symmetry_rank: None,
            fluorescence_rank: None,
            cert_lab: String::new(),
            cert_no: String::new(),
            ring_x2: None,
            price_fen: 0,
            tag_price_fen: 0,
            gold_day: None,
            gold_ppg_fen: None,
            labour_fee_fen: 0,
            presale: false,
            store_id,
            status: String::new(),
            reserved_customer_id: None,
            reserved_reservation_id: None,
            reserved_until: None,
            reserved_by: None,
            photo_url: String::new(),
            version: 0,
            created_at: now,
            updated_at: now,
            synced_at: Some(now),
        },
        v,
        store_id,
        gold,
    );
    let mut am: item::ActiveModel = m.into();
    am.id = sea_orm::ActiveValue::NotSet;
    am
}

/// The latest gold price (day, fen per gram) of each material priced by weight, `None` for one
/// never priced: an imported piece of such a material is priced from it, like the pieces
/// repriced when head office sets a price.
pub(super) type GoldBook = HashMap<String, Option<(chrono::NaiveDate, i64)>>;

/// The item with the ERP's facts applied (reservation fields untouched), its current price
/// worked out from the tag price or, priced by weight, from the material's latest gold price.
fn apply(mut m: item::Model, v: &ValidItem, store_id: i32, gold: &GoldBook) -> item::Model {
    m.erp_id = v.erp_id.clone();
    m.barcode = v.barcode.clone();
    m.style_no = v.style_no.clone();
    m.name = v.name.clone();
    m.category = v.category.as_str().into();
    m.material = v.material.clone();
    m.weight_mg = v.weight_mg;
    m.carat_pts = v.carat_pts;
    m.color_rank = v.color.map(Scale::rank);
    m.clarity_rank = v.clarity.map(Scale::rank);
    m.cut_rank = v.cut.map(Scale::rank);
    m.polish_rank = v.polish.map(Scale::rank);
    m.symmetry_rank = v.symmetry.map(Scale::rank);
    m.fluorescence_rank = v.fluorescence.map(Scale::rank);
    m.cert_lab = v
        .cert_lab
        .map(|l| l.as_str().to_string())
        .unwrap_or_default();
    m.cert_no = v.cert_no.clone();
    m.ring_x2 = v.ring.map(RingSize::twice);
    m.tag_price_fen = v.price_fen;
    m.labour_fee_fen = v.labour_fee_fen;
    m.presale = v.presale;
    m.store_id = store_id;
    m.status = v.status.as_str().into();
    match gold.get(&m.material) {
        Some(Some((day, ppg))) if v.status != ItemStatus::Sold => {
            m.price_fen = gold_list_fen(m.weight_mg, *ppg, m.labour_fee_fen);
            m.gold_day = Some(*day);
            m.gold_ppg_fen = Some(*ppg);
        }
        _ => {
            m.price_fen = v.price_fen;
            m.gold_day = None;
            m.gold_ppg_fen = None;
        }
    }
    m.photo_url = v.photo_url.clone();
    m
}

/// `price: 1880000 → 1990000; name: …` (stored units), for the history row.
fn describe_changes(a: &item::Model, b: &item::Model) -> String {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                out.push(format!("{}: {:?} → {:?}", stringify!($f), a.$f, b.$f));
            }
        )*};
    }
    cmp!(
        barcode,
        style_no,
        name,
        category,
        material,
        weight_mg,
        carat_pts,
        color_rank,
        clarity_rank,
        cut_rank,
        polish_rank,
        symmetry_rank,
        cert_no,
        ring_x2,
        price_fen,
        tag_price_fen,
        labour_fee_fen,
        presale,
        photo_url
    );
    out.join("; ")
}

/// Parses CSV text with the importer's header into rows (the csv crate: quoting, BOM-free).
pub fn parse_csv(text: &str) -> Result<Vec<ItemRow>, AppError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|_| AppError::field("file", Msg::ErrCsvHeader))?
        .clone();
    if !["erp_id", "barcode", "name", "price", "store"]
        .iter()
        .all(|h| headers.iter().any(|x| x == *h))
    {
        return Err(AppError::field("file", Msg::ErrCsvHeader));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        // A malformed record (e.g. broken quoting) becomes an empty row: rejected, numbered.
        let row = rec
            .ok()
            .and_then(|r| r.deserialize::<ItemRow>(Some(&headers)).ok())
            .unwrap_or_default();
        rows.push(row);
    }
    Ok(rows)
}

impl GoodsService {
    async fn materials(&self) -> Result<Vec<String>, AppError> {
        Ok(dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|d| d.code)
            .collect())
    }

    /// Upserts rows already parsed from CSV or JSON. Good rows are applied, bad rows are
    /// reported with their reasons and change nothing (one transaction per batch).
    pub async fn import_rows(
        &self,
        actor: Option<&Actor>,
        rows: Vec<ItemRow>,
        first_row: u64,
    ) -> Result<ImportReport, AppError> {
        let materials = self.materials().await?;
        let stores: HashMap<String, i32> = store::Entity::find()
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.name, s.id))
            .collect();
        let store_names: Vec<String> = stores.keys().cloned().collect();
        let ctx = ImportContext {
            materials: &materials,
            stores: &store_names,
        };
        let mut report = ImportReport::default();
        let mut valid: Vec<(u64, ValidItem)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let n = first_row + u64::try_from(i).unwrap_or(0);
            match validate_item_row(row, &ctx) {
                Ok(v) => valid.push((n, v)),
                Err(errors) => report.rejected.push(RejectedRow {
                    row: n,
                    erp_id: row.erp_id.trim().chars().take(40).collect(),
                    errors,
                }),
            }
        }
        let gold = crate::services::sales::latest_gold_prices(&self.db).await?;
        let mut stats = PlannerStats::read(&self.db).await?;
        for chunk in valid.chunks(IMPORT_BATCH) {
            let part = self.upsert_batch(actor, chunk, &stores, &gold).await?;
            stats.grew(&self.db, part.created).await?;
            report.merge(part);
        }
        report.rejected.sort_by_key(|r| r.row);
        Ok(report)
    }

    async fn upsert_batch(
        &self,
        actor: Option<&Actor>,
        rows: &[(u64, ValidItem)],
        stores: &HashMap<String, i32>,
        gold: &GoldBook,
    ) -> Result<ImportReport, AppError> {
        let now = self.clock.now();
        let mut report = ImportReport::default();
        let txn = self.db.begin().await.or_internal()?;
        write_lock_first(&txn).await?;
        let erp_ids: Vec<String> = rows.iter().map(|(_, v)| v.erp_id.clone()).collect();
        let barcodes: Vec<String> = rows.iter().map(|(_, v)| v.barcode.clone()).collect();
        let existing = item::Entity::find()
            .filter(
                Condition::any()
                    .add(item::Column::ErpId.is_in(erp_ids))
                    .add(item::Column::Barcode.is_in(barcodes)),
            )
            .all(&txn)
            .await
            .or_internal()?;
        let mut by_erp: HashMap<String, item::Model> = HashMap::new();
        let mut barcode_owner: HashMap<String, String> = HashMap::new();
        for m in existing {
            barcode_owner.insert(m.barcode.clone(), m.erp_id.clone());
            by_erp.insert(m.erp_id.clone(), m);
        }
        let mut inserts: Vec<item::ActiveModel> = Vec::new();
        let mut inserted: Vec<(String, String)> = Vec::new();
        for (n, v) in rows {
            let store_id = stores.get(&v.store).copied().unwrap_or_default();
            if let Some(owner) = barcode_owner.get(&v.barcode) {
                if *owner != v.erp_id {
                    report.rejected.push(RejectedRow {
                        row: *n,
                        erp_id: v.erp_id.clone(),
                        errors: vec![FieldError {
                            field: "barcode".into(),
                            msg: Msg::ErrBarcodeTaken,
                        }],
                    });
                    continue;
                }
            }
            match by_erp.get(&v.erp_id) {
                None => {
                    barcode_owner.insert(v.barcode.clone(), v.erp_id.clone());
                    inserted.push((v.erp_id.clone(), v.status.as_str().into()));
                    inserts.push(new_item(v, store_id, now, gold));
                    report.created += 1;
                }
                Some(old) => {
                    let outcome = self
                        .update_from_erp(&txn, actor, old, v, store_id, *n, now, gold)
                        .await?;
                    match outcome {
                        Update::Unchanged => report.unchanged += 1,
                        Update::Changed => report.updated += 1,
                        Update::Conflict(c) => {
                            report.updated += 1;
                            report.conflicts.push(c);
                        }
                    }
                }
            }
        }
        // Every name and style number an item carries is a searchable term, flagged with the
        // column it is found in (a flag is set once; the update is skipped when it is already).
        for (is_name, column) in [
            (true, item_term::Column::IsName),
            (false, item_term::Column::IsStyle),
        ] {
            let terms: std::collections::BTreeSet<&str> = rows
                .iter()
                .map(|(_, v)| if is_name { &v.name } else { &v.style_no })
                .map(String::as_str)
                .filter(|t| !t.is_empty())
                .collect();
            if terms.is_empty() {
                continue;
            }
            item_term::Entity::insert_many(terms.into_iter().map(|t| item_term::ActiveModel {
                term: Set(t.to_string()),
                folded: Set(t.to_lowercase()),
                is_name: Set(is_name),
                is_style: Set(!is_name),
            }))
            .on_conflict(
                OnConflict::column(item_term::Column::Term)
                    .value(column, Expr::val(true))
                    .action_and_where(Expr::col((item_term::Entity, column)).eq(false))
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .or_internal()?;
        }
        if !inserts.is_empty() {
            item::Entity::insert_many(inserts)
                .exec(&txn)
                .await
                .or_internal()?;
            let ids: HashMap<String, i32> = item::Entity::find()
                .filter(item::Column::ErpId.is_in(inserted.iter().map(|(e, _)| e.clone())))
                .all(&txn)
                .await
                .or_internal()?
                .into_iter()
                .map(|m| (m.erp_id, m.id))
                .collect();
            let hist: Vec<history::ActiveModel> = inserted
                .iter()
                .filter_map(|(erp, status)| {
                    ids.get(erp).map(|id| history::ActiveModel {
                        item_id: Set(*id),
                        at: Set(now),
                        actor_id: Set(actor.map(|a| a.user.id)),
                        actor_name: Set(actor
                            .map(|a| a.user.display_name.clone())
                            .unwrap_or_else(|| "ERP".into())),
                        kind: Set(HistoryKind::Received.as_str().into()),
                        from_value: Set(String::new()),
                        to_value: Set(status.clone()),
                        note: Set(ItemNote::ErpImport.encode()),
                        ..Default::default()
                    })
                })
                .collect();
            if !hist.is_empty() {
                history::Entity::insert_many(hist)
                    .exec(&txn)
                    .await
                    .or_internal()?;
            }
        }
        txn.commit().await.or_internal()?;
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    async fn update_from_erp(
        &self,
        txn: &impl ConnectionTrait,
        actor: Option<&Actor>,
        old: &item::Model,
        v: &ValidItem,
        store_id: i32,
        row: u64,
        now: DateTime<Utc>,
        gold: &GoldBook,
    ) -> Result<Update, AppError> {
        let mut next = apply(old.clone(), v, store_id, gold);
        let mut conflict = None;
        if old.status == ItemStatus::Reserved.as_str()
            && (next.status != old.status || next.store_id != old.store_id)
        {
            // The hold is local: keep it (status and store) and list what the ERP wanted.
            let mut wanted = Vec::new();
            if v.status.as_str() != ItemStatus::InStock.as_str() {
                wanted.push(format!("status: {}", v.status.as_str()));
            }
            if store_id != old.store_id {
                wanted.push(format!("store: {}", v.store));
            }
            next.status = old.status.clone();
            next.store_id = old.store_id;
            if !wanted.is_empty() {
                conflict = Some(SyncConflict {
                    row,
                    barcode: old.barcode.clone(),
                    wanted: wanted.join(", "),
                });
            }
        }
        if next == *old {
            return Ok(Update::Unchanged);
        }
        let changed = describe_changes(old, &next);
        // Every column written (a converted model's values are "unchanged" until reset).
        let mut am: item::ActiveModel = item::ActiveModel::from(next.clone()).reset_all();
        am.id = sea_orm::ActiveValue::NotSet;
        am.version = Set(old.version + 1);
        am.updated_at = Set(now);
        am.synced_at = Set(Some(now));
        // Only if nobody changed it since we read it (a hold made meanwhile wins).
        let res = item::Entity::update_many()
            .set(am)
            .filter(item::Column::Id.eq(old.id))
            .filter(item::Column::Version.eq(old.version))
            .exec(txn)
            .await
            .or_internal()?;
        if res.rows_affected == 0 {
            return Ok(Update::Conflict(SyncConflict {
                row,
                barcode: old.barcode.clone(),
                wanted: "changed here meanwhile; run the sync again".into(),
            }));
        }
        let kind = if next.store_id != old.store_id {
            HistoryKind::Transfer
        } else if next.status != old.status {
            match v.status {
                ItemStatus::Sold => HistoryKind::Sale,
                ItemStatus::Returned => HistoryKind::Return,
                _ => HistoryKind::Status,
            }
        } else {
            HistoryKind::ErpUpdate
        };
        let (from, to) = if kind == HistoryKind::ErpUpdate {
            (String::new(), changed)
        } else if kind == HistoryKind::Transfer {
            (old.store_id.to_string(), next.store_id.to_string())
        } else {
            (old.status.clone(), next.status.clone())
        };
        let note = ItemNote::ErpSync {
            not_applied: conflict.as_ref().map(|c| c.wanted.clone()),
        }
        .encode();
        add_history(
            txn,
            now,
            HistoryEntry {
                item_id: old.id,
                kind,
                from,
                to,
                note,
                actor,
            },
        )
        .await?;
        Ok(match conflict {
            Some(c) => Update::Conflict(c),
            None => Update::Changed,
        })
    }
}
