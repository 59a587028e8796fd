//! The day's gold price per material (chain-wide), which prices items sold by weight.

use super::{fen_of, yuan_of, SalesService};
use crate::entities::{dictionary_entry as dict, gold_price, staff};
use crate::services::audit;
use crate::services::OrInternal;
use app::error::AppError;
use app::i18n::Msg;
use app::model::*;
use app::ports::Actor;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;

/// The latest gold price (day, fen per gram) of every material priced by weight — `None` for
/// one never priced. The goods import prices pieces priced by weight from it.
pub async fn latest_gold_prices(
    db: &impl ConnectionTrait,
) -> Result<HashMap<String, Option<(NaiveDate, i64)>>, AppError> {
    let mut book: HashMap<String, Option<(NaiveDate, i64)>> = dict::Entity::find()
        .filter(dict::Column::Kind.eq("material"))
        .filter(dict::Column::ByWeight.eq(true))
        .all(db)
        .await
        .or_internal()?
        .into_iter()
        .map(|d| (d.code, None))
        .collect();
    let codes: Vec<String> = book.keys().cloned().collect();
    for code in codes {
        let latest = gold_price::Entity::find()
            .filter(gold_price::Column::Material.eq(code.as_str()))
            .order_by_desc(gold_price::Column::Day)
            .one(db)
            .await
            .or_internal()?;
        book.insert(code, latest.map(|p| (p.day, p.price_per_g_fen)));
    }
    Ok(book)
}

impl SalesService {
    pub(super) async fn gold_prices(&self) -> Result<Vec<GoldPriceRow>, AppError> {
        let day = self.today();
        let mats = dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .filter(dict::Column::ByWeight.eq(true))
            .order_by_asc(dict::Column::SortOrder)
            .all(&self.db)
            .await
            .or_internal()?;
        let prices: HashMap<String, gold_price::Model> = gold_price::Entity::find()
            .filter(gold_price::Column::Day.eq(day))
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|p| (p.material.clone(), p))
            .collect();
        let names: HashMap<i32, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(prices.values().filter_map(|p| p.set_by)))
            .all(&self.db)
            .await
            .or_internal()?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        Ok(mats
            .into_iter()
            .map(|m| {
                let p = prices.get(&m.code);
                GoldPriceRow {
                    material: m.code.clone(),
                    label: m.label_zh.clone(),
                    day,
                    price_per_g: p.map(|p| yuan_of(p.price_per_g_fen)),
                    set_by: p
                        .and_then(|p| p.set_by)
                        .and_then(|id| names.get(&id).cloned())
                        .unwrap_or_default(),
                }
            })
            .collect())
    }

    pub(super) async fn set_gold_price(
        &self,
        actor: &Actor,
        material: String,
        price: Decimal,
    ) -> Result<(), AppError> {
        dict::Entity::find()
            .filter(dict::Column::Kind.eq("material"))
            .filter(dict::Column::Code.eq(material.as_str()))
            .filter(dict::Column::ByWeight.eq(true))
            .one(&self.db)
            .await
            .or_internal()?
            .ok_or_else(|| AppError::field("material", Msg::ErrNotWeightPriced))?;
        let now = self.clock.now();
        let day = self.today();
        let txn = self.db.begin().await.or_internal()?;
        gold_price::Entity::insert(gold_price::ActiveModel {
            material: Set(material.clone()),
            day: Set(day),
            price_per_g_fen: Set(fen_of(price)?),
            set_by: Set(Some(actor.user.id)),
            set_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([gold_price::Column::Material, gold_price::Column::Day])
                .update_columns([
                    gold_price::Column::PricePerGFen,
                    gold_price::Column::SetBy,
                    gold_price::Column::SetAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await
        .or_internal()?;
        // The goods pages, their price filters and sorting follow the new price at once.
        let repriced = crate::services::goods::reprice_material(
            &txn,
            &material,
            Some((day, fen_of(price)?)),
            now,
        )
        .await?;
        audit::record(
            &txn,
            audit::Event::by(actor, "gold_price.set", "gold_price", &material).after(
                serde_json::json!({
                    "day": day.to_string(), "price_per_g": price.to_string(),
                    "items_repriced": repriced,
                }),
            ),
        )
        .await
        .or_internal()?;
        txn.commit().await.or_internal()?;
        Ok(())
    }
}
