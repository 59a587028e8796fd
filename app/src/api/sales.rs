//! Sales (产品销售) and settlement. The client never sends prices or totals: it names items by
//! barcode and types discounts and payments; the server prices, totals and checks everything.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{
    domain::{mobile::Mobile, policy::Permission, sale},
    i18n::Msg,
    ports::{ports, require, require_any},
};

/// Who may read sales: store staff (own/store), head office (all).
#[cfg(feature = "ssr")]
const READERS: &[Permission] = &[
    Permission::UseWorkspace,
    Permission::ReadStore,
    Permission::ReadAllStores,
];

/// A new draft (开单), the draft of the customer being served (`serving`), or the draft settling
/// a reservation (结算).
#[server(prefix = "/api", endpoint = "sales/new")]
pub async fn new_sale(reservation_id: Option<i32>, serving: Option<bool>) -> Result<i32, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let id = ports()?
        .sales
        .new_sale(&actor, reservation_id, serving.unwrap_or(false))
        .await?;
    crate::ports::then_open(&format!("/sales/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "sales/get")]
pub async fn load_sale(id: i32) -> Result<SaleView, AppError> {
    let actor = require_any(READERS)?;
    ports()?.sales.detail(&actor, id).await
}

#[server(prefix = "/api", endpoint = "sales/add_item")]
pub async fn sale_add_item(id: i32, version: i32, barcode: String) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let barcode = barcode.trim().to_string();
    if barcode.is_empty() || barcode.chars().count() > 40 {
        return Err(AppError::field("barcode", Msg::ErrRequired));
    }
    ports()?.sales.add_item(&actor, id, version, barcode).await
}

/// A service line (engraving, resizing…): a description and a price.
#[server(prefix = "/api", endpoint = "sales/add_service")]
pub async fn sale_add_service(
    id: i32,
    version: i32,
    description: String,
    price: String,
) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let description = description.trim().to_string();
    let mut errors = Vec::new();
    if description.is_empty() || description.chars().count() > 100 {
        errors.push(crate::domain::validate::FieldError {
            field: "description".into(),
            msg: if description.is_empty() {
                Msg::ErrRequired
            } else {
                Msg::ErrTooLong
            },
        });
    }
    let price = sale::parse_amount(&price);
    if price.is_none() {
        errors.push(crate::domain::validate::FieldError {
            field: "price".into(),
            msg: Msg::ErrBadAmount,
        });
    }
    match price {
        Some(price) if errors.is_empty() => {
            ports()?
                .sales
                .add_service(&actor, id, version, description, price)
                .await
        }
        _ => Err(AppError::Validation(errors)),
    }
}

#[server(prefix = "/api", endpoint = "sales/remove_line")]
pub async fn sale_remove_line(id: i32, version: i32, line_id: i32) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?
        .sales
        .remove_line(&actor, id, version, line_id)
        .await
}

/// A line's discount: `kind` is `zhe` (折: 8.8 = pays 88 %), `amount` (yuan off) or `percent`.
#[server(prefix = "/api", endpoint = "sales/discount")]
pub async fn sale_set_discount(
    id: i32,
    version: i32,
    line_id: i32,
    kind: String,
    value: String,
) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let d = sale::parse_discount(&kind, &value).ok_or_else(|| {
        let msg = if kind == "zhe" {
            Msg::ErrBadZhe
        } else {
            Msg::ErrBadDiscount
        };
        AppError::field("discount", msg)
    })?;
    ports()?
        .sales
        .set_discount(&actor, id, version, line_id, d)
        .await
}

/// Chooses the customer by mobile number.
#[server(prefix = "/api", endpoint = "sales/customer")]
pub async fn sale_set_customer(id: i32, version: i32, mobile: String) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let mobile =
        Mobile::parse(&mobile).ok_or_else(|| AppError::field("mobile", Msg::ErrMobileFormat))?;
    let p = ports()?;
    let hit = p
        .customers
        .find_by_mobile(&actor, mobile)
        .await?
        .ok_or_else(|| AppError::field("mobile", Msg::ErrCustomerUnknown))?;
    p.sales.set_customer(&actor, id, version, hit.id).await
}

/// 提交审批: asks the store's manager to approve a discount beyond the consultant's limit.
#[server(prefix = "/api", endpoint = "sales/request_approval")]
pub async fn sale_request_approval(id: i32, version: i32) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?.sales.request_approval(&actor, id, version).await
}

/// 审批: the manager approves or rejects, with a note.
#[server(prefix = "/api", endpoint = "sales/decide")]
pub async fn sale_decide(
    id: i32,
    version: i32,
    approve: bool,
    note: String,
) -> Result<(), AppError> {
    let actor = require(Permission::ManageSales)?;
    if note.chars().count() > 500 {
        return Err(AppError::field("note", Msg::ErrTooLong));
    }
    ports()?
        .sales
        .decide(&actor, id, version, approve, note.trim().to_string())
        .await
}

/// 完成收款: completes the sale; returns the receipt number.
#[server(prefix = "/api", endpoint = "sales/complete", input = Json)]
pub async fn sale_complete(
    id: i32,
    version: i32,
    payments: Vec<PaymentInput>,
) -> Result<String, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let valid = validate_payments(&payments).map_err(AppError::Validation)?;
    ports()?.sales.complete(&actor, id, version, valid).await
}

#[server(prefix = "/api", endpoint = "sales/void")]
pub async fn sale_void(id: i32, version: i32) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?.sales.void(&actor, id, version).await
}

/// 收定金: a deposit on a reservation.
#[server(prefix = "/api", endpoint = "sales/take_deposit")]
pub async fn take_deposit(
    reservation_id: i32,
    method: String,
    amount: String,
    reference: String,
) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let method = crate::domain::sale::PaymentMethod::parse(&method)
        .filter(|m| *m != crate::domain::sale::PaymentMethod::Deposit)
        .ok_or_else(|| AppError::field("method", Msg::ErrPaymentMethod))?;
    let amount = sale::parse_amount(&amount)
        .filter(|a| !a.is_zero())
        .ok_or_else(|| AppError::field("amount", Msg::ErrBadAmount))?;
    if reference.chars().count() > 100 {
        return Err(AppError::field("reference", Msg::ErrTooLong));
    }
    ports()?
        .sales
        .take_deposit(
            &actor,
            reservation_id,
            sale::Payment { method, amount },
            reference.trim().to_string(),
        )
        .await
}

#[server(prefix = "/api", endpoint = "sales/deposits")]
pub async fn list_deposits(reservation_id: i32) -> Result<Vec<DepositView>, AppError> {
    let actor = require_any(READERS)?;
    ports()?.sales.deposits(&actor, reservation_id).await
}

#[server(prefix = "/api", endpoint = "sales/list")]
pub async fn list_sales(filter: SaleFilter, req: PageReq) -> Result<Page<SaleRow>, AppError> {
    let actor = require_any(READERS)?;
    filter.check().map_err(AppError::Validation)?;
    ports()?.sales.list(&actor, filter, req.clamped()).await
}

/// The totals of the filtered sales (every page), shown under the list.
#[server(prefix = "/api", endpoint = "sales/totals")]
pub async fn sales_totals(filter: SaleFilter) -> Result<SaleTotals, AppError> {
    let actor = require_any(READERS)?;
    filter.check().map_err(AppError::Validation)?;
    ports()?.sales.totals(&actor, filter).await
}

/// Today's gold prices of the materials priced by weight.
#[server(prefix = "/api", endpoint = "sales/gold_prices")]
pub async fn gold_prices() -> Result<Vec<GoldPriceRow>, AppError> {
    require_any(READERS)?;
    ports()?.sales.gold_prices().await
}

#[server(prefix = "/api", endpoint = "sales/set_gold_price")]
pub async fn set_gold_price(material: String, price: String) -> Result<(), AppError> {
    let actor = require(Permission::SetGoldPrice)?;
    let price = sale::parse_amount(&price)
        .filter(|p| !p.is_zero() && *p < rust_decimal::Decimal::from(100_000))
        .ok_or_else(|| AppError::field("price", Msg::ErrBadAmount))?;
    ports()?
        .sales
        .set_gold_price(&actor, material.trim().to_string(), price)
        .await
}

/// 退货: the store's manager takes back lines of a completed sale and records the refunds.
#[server(prefix = "/api", endpoint = "sales/return", input = Json)]
pub async fn sale_return(
    id: i32,
    version: i32,
    line_ids: Vec<i32>,
    reason: String,
    refunds: Vec<PaymentInput>,
) -> Result<(), AppError> {
    let actor = require(Permission::ManageSales)?;
    let mut errors = Vec::new();
    if line_ids.is_empty() {
        errors.push(crate::domain::validate::FieldError {
            field: "lines".into(),
            msg: Msg::ErrReturnNoLines,
        });
    }
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        errors.push(crate::domain::validate::FieldError {
            field: "reason".into(),
            msg: Msg::ErrRequired,
        });
    } else if reason.chars().count() > 500 {
        errors.push(crate::domain::validate::FieldError {
            field: "reason".into(),
            msg: Msg::ErrTooLong,
        });
    }
    let refunds = match validate_refunds(&refunds) {
        Ok(r) => r,
        Err(e) => {
            errors.extend(e);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    ports()?
        .sales
        .return_lines(&actor, id, version, line_ids, reason, refunds)
        .await
}

/// 日结: a store's takings on a business day (`day` as YYYY-MM-DD; empty for today).
#[server(prefix = "/api", endpoint = "sales/takings")]
pub async fn load_takings(store: Option<i32>, day: String) -> Result<TakingsView, AppError> {
    let actor = require_any(&[Permission::ManageSales, Permission::ReadAllStores])?;
    let day = parse_day(&day)?;
    ports()?.sales.takings(&actor, store, day).await
}

/// Closes the manager's store's business day.
#[server(prefix = "/api", endpoint = "sales/close_day")]
pub async fn close_day(day: String) -> Result<(), AppError> {
    let actor = require(Permission::ManageSales)?;
    let day = parse_day(&day)?.ok_or_else(|| AppError::field("day", Msg::ErrRequired))?;
    ports()?.sales.close_day(&actor, day).await
}

/// Texts the receipt number to the sale's customer (through the SMS outbox).
#[server(prefix = "/api", endpoint = "sales/receipt_sms")]
pub async fn send_receipt_sms(id: i32) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?.sales.send_receipt_sms(&actor, id).await
}

#[cfg(feature = "ssr")]
fn parse_day(s: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let today = crate::ports::now().date_naive();
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| crate::domain::validate::sane_day(*d, today))
        .map(Some)
        .ok_or_else(|| AppError::field("day", Msg::ErrDate))
}
