//! SMS through an outbox: messages are written in the same transaction as the change that
//! causes them, then a sender hands them to a provider. The default provider only records
//! (marks them sent to "log"); an HTTP provider posts JSON to `VITRINE_SMS_URL`.

use crate::entities::sms_outbox;
use crate::services::OrInternal;
use app::domain::chain::sms_prefix;
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::time::Duration;

/// Chinese commercial SMS must carry the sender's signature (the chain's, registered with the
/// gateway: `services::chain`) and an opt-out instruction.
pub const OPT_OUT: &str = "回T退订";

/// Where a message is going: the chain's SMS signature and the store, with its zone.
pub struct From<'a> {
    pub signature: &'a str,
    pub store: &'a str,
    pub zone: app::domain::time::Zone,
}

pub fn callback_text(from: &From, number: &str, address: &str, visit_at: DateTime<Utc>) -> String {
    format!(
        "{}您好，您的预约已确认。预约号{number}，到店时间{}，门店：{}，地址：{address}。如需改期请回电门店。{OPT_OUT}",
        sms_prefix(from.signature),
        from.zone.format(visit_at),
        from.store,
    )
}

/// The after-sales text: the receipt number to quote, the amount (after any returns) and the
/// store to call.
pub fn receipt_text(
    from: &From,
    receipt: &str,
    phone: &str,
    total: rust_decimal::Decimal,
    refunded: rust_decimal::Decimal,
) -> String {
    use app::domain::sale::yuan;
    let amount = if refunded.is_zero() {
        format!("金额¥{}", yuan(total))
    } else {
        format!(
            "退货后金额¥{}（原金额¥{}，已退¥{}）",
            yuan(total - refunded),
            yuan(total),
            yuan(refunded)
        )
    };
    format!(
        "{}感谢您在{}购买，销售小票号{receipt}，{amount}。售后服务请凭小票号联系门店{phone}。{OPT_OUT}",
        sms_prefix(from.signature),
        from.store,
    )
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    to: &str,
    body: &str,
    reservation_id: Option<i32>,
) -> Result<(), AppError> {
    sms_outbox::ActiveModel {
        to_mobile: Set(to.to_string()),
        body: Set(body.to_string()),
        status: Set("pending".into()),
        provider: Set(String::new()),
        reservation_id: Set(reservation_id),
        attempts: Set(0),
        error: Set(String::new()),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .or_internal()?;
    Ok(())
}

#[async_trait::async_trait]
pub trait Provider: Send + Sync {
    fn name(&self) -> &'static str;
    async fn send(&self, to: &str, body: &str) -> Result<(), String>;
}

/// Records only: the message stays in the outbox, marked sent by "log".
pub struct LogProvider;

#[async_trait::async_trait]
impl Provider for LogProvider {
    fn name(&self) -> &'static str {
        "log"
    }
    async fn send(&self, to: &str, body: &str) -> Result<(), String> {
        tracing::info!(to = %app::domain::mobile::mask(to), chars = body.chars().count(), "SMS recorded");
        Ok(())
    }
}

/// Delivers pending messages, a batch at a time. Returns how many were handled.
pub async fn deliver_pending(
    db: &DatabaseConnection,
    provider: &dyn Provider,
) -> Result<usize, AppError> {
    let batch = sms_outbox::Entity::find()
        .filter(sms_outbox::Column::Status.eq("pending"))
        .order_by_asc(sms_outbox::Column::Id)
        .limit(50)
        .all(db)
        .await
        .or_internal()?;
    let n = batch.len();
    for m in batch {
        let result = provider.send(&m.to_mobile, &m.body).await;
        let (status, error, sent_at) = match result {
            Ok(()) => ("sent", String::new(), Some(Utc::now())),
            Err(e) if m.attempts + 1 >= 5 => ("failed", e, None),
            Err(e) => ("pending", e, None),
        };
        sms_outbox::Entity::update_many()
            .col_expr(sms_outbox::Column::Status, Expr::value(status))
            .col_expr(sms_outbox::Column::Provider, Expr::value(provider.name()))
            .col_expr(
                sms_outbox::Column::Attempts,
                Expr::col(sms_outbox::Column::Attempts).add(1),
            )
            .col_expr(
                sms_outbox::Column::Error,
                Expr::value(error.chars().take(500).collect::<String>()),
            )
            .col_expr(sms_outbox::Column::SentAt, Expr::value(sent_at))
            .filter(sms_outbox::Column::Id.eq(m.id))
            .filter(sms_outbox::Column::Status.eq("pending"))
            .exec(db)
            .await
            .or_internal()?;
    }
    Ok(n)
}

/// Runs the sender in the background for the life of the server.
pub fn spawn_sender(db: DatabaseConnection, provider: std::sync::Arc<dyn Provider>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_pending(&db, provider.as_ref()).await {
                tracing::warn!(?e, "SMS delivery round failed");
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}

/// Posts `{"to": "...", "text": "..."}` as JSON to a gateway URL (`VITRINE_SMS_URL`), with an
/// optional bearer token (`VITRINE_SMS_TOKEN`). Any 2xx answer counts as accepted.
pub struct HttpProvider {
    pub url: String,
    pub token: Option<String>,
    client: reqwest::Client,
}

impl HttpProvider {
    pub fn new(url: String, token: Option<String>) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        HttpProvider { url, token, client }
    }
}

#[async_trait::async_trait]
impl Provider for HttpProvider {
    fn name(&self) -> &'static str {
        "http"
    }
    async fn send(&self, to: &str, body: &str) -> Result<(), String> {
        let mut req = self
            .client
            .post(&self.url)
            .json(&serde_json::json!({ "to": to, "text": body }));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.map_err(|e| e.to_string())?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("gateway answered {}", res.status()))
        }
    }
}

/// The provider the environment asks for.
pub fn provider_from_env() -> std::sync::Arc<dyn Provider> {
    match std::env::var("VITRINE_SMS_URL") {
        Ok(url) if !url.trim().is_empty() => std::sync::Arc::new(HttpProvider::new(
            url,
            std::env::var("VITRINE_SMS_TOKEN").ok(),
        )),
        _ => std::sync::Arc::new(LogProvider),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use rust_decimal::Decimal;

    fn from(zone: &str) -> From<'static> {
        From {
            signature: "上海珠宝",
            store: "上海旗舰店",
            zone: app::domain::time::Zone::of_store(zone),
        }
    }

    #[test]
    fn callback_text_has_number_address_signature_and_opt_out_in_the_stores_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T02:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let t = callback_text(
            &from("Asia/Shanghai"),
            "YY20261124-0007",
            "南京西路1266号",
            at,
        );
        assert!(t.starts_with("【上海珠宝】"));
        assert!(t.contains("YY20261124-0007"));
        assert!(t.contains("南京西路1266号"));
        assert!(t.contains("2026-11-25 10:00"));
        assert!(t.ends_with(OPT_OUT));
        // A store in Tokyo: its own time (one hour ahead of Shanghai).
        let tokyo = callback_text(&from("Asia/Tokyo"), "N", "A", at);
        assert!(tokyo.contains("2026-11-25 11:00"), "{tokyo}");
    }

    #[test]
    fn a_receipt_text_after_returns_states_what_remains() {
        let whole = receipt_text(
            &from("Asia/Shanghai"),
            "S01-1",
            "021-1",
            Decimal::new(500000, 2),
            Decimal::ZERO,
        );
        assert!(whole.contains("金额¥5,000.00。"), "{whole}");
        let after = receipt_text(
            &from("Asia/Shanghai"),
            "S01-1",
            "021-1",
            Decimal::new(500000, 2),
            Decimal::new(120000, 2),
        );
        assert!(
            after.contains("退货后金额¥3,800.00（原金额¥5,000.00，已退¥1,200.00）"),
            "{after}"
        );
        assert!(after.starts_with("【上海珠宝】") && after.ends_with(OPT_OUT));
    }
}
