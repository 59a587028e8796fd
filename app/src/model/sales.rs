//! Sales (产品销售) DTOs: what the sale screen, the receipt and the lists exchange with the server.

use crate::domain::sale::{parse_amount, Payment};
use crate::domain::sale::{Approval, DayTotals, PaymentMethod, SaleStatus, Totals};
use crate::domain::validate::FieldErrors;
use crate::model::CustomerHit;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLineView {
    pub id: i32,
    /// `item` or `service`.
    pub kind: String,
    pub item_id: Option<i32>,
    pub barcode: String,
    pub style_no: String,
    pub description: String,
    pub cert_no: String,
    /// The 4C summary of a diamond item, e.g. `0.52ct G VS1 EX`.
    pub summary: String,
    /// For gold priced by weight: the formula printed on the receipt.
    pub formula: String,
    pub list_price: Decimal,
    pub discount: Decimal,
    pub final_price: Decimal,
    pub returned: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub method: PaymentMethod,
    /// Negative for refunds.
    pub amount: Decimal,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositView {
    pub id: i32,
    pub method: PaymentMethod,
    pub amount: Decimal,
    pub reference: String,
    pub taken_by: String,
    pub taken_at: DateTime<Utc>,
    pub applied_receipt: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleView {
    pub id: i32,
    pub version: i32,
    pub receipt_no: Option<String>,
    pub status: SaleStatus,
    pub approval: Approval,
    pub approval_note: String,
    pub approved_by: String,
    pub store_id: i32,
    pub store_name: String,
    pub store_address: String,
    pub store_phone: String,
    pub consultant_id: i32,
    pub consultant_name: String,
    pub customer: Option<CustomerHit>,
    pub reservation_id: Option<i32>,
    pub reservation_number: Option<String>,
    pub lines: Vec<SaleLineView>,
    pub payments: Vec<PaymentView>,
    pub totals: Totals,
    /// Deposits of the reservation not yet applied to another sale.
    pub deposit_available: Decimal,
    /// The store's limit for a consultant's discount, percent of a line's list price.
    pub discount_limit: Decimal,
    pub needs_approval: bool,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub business_day: Option<NaiveDate>,
    /// Whether the viewer may edit and complete it (its consultant or the store's manager).
    pub may_edit: bool,
    /// Whether the viewer may approve or reject its discount (the store's manager).
    pub may_approve: bool,
    /// Returns (退货) recorded against it, oldest first.
    pub returns: Vec<ReturnView>,
    /// The last local day it may be returned on (completed sales).
    pub return_until: Option<NaiveDate>,
    /// Whether the viewer may record a return now (the store's manager, within the period).
    pub may_return: bool,
    /// For the manager deciding a pending approval: the consultant's month so far.
    pub consultant_month: Option<ConsultantMonth>,
}

/// A consultant's completed sales in the store's current month (returned ones included): how
/// many, how many with a discount, and what was listed and taken off — the context of 审批.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultantMonth {
    pub sales: u64,
    pub discounted: u64,
    pub list_total: Decimal,
    pub discount_total: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnView {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
    pub refund: Decimal,
    /// Descriptions of the lines it took back.
    pub lines: Vec<String>,
}

/// A sale counted in a day's takings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakingsSale {
    pub id: i32,
    pub receipt_no: String,
    pub consultant: String,
    pub total: Decimal,
    pub discount: Decimal,
    /// Who approved a discount beyond the consultant's limit.
    pub approved_by: String,
    /// Completed after its calendar day was closed, so counted on this day.
    pub adjustment: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakingsReturn {
    pub sale_id: i32,
    pub receipt_no: String,
    pub reason: String,
    pub refund: Decimal,
    pub by: String,
    pub adjustment: bool,
}

/// The daily takings (日结) of one store and business day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakingsView {
    pub store_id: i32,
    pub store_name: String,
    pub day: NaiveDate,
    pub totals: DayTotals,
    pub sales: Vec<TakingsSale>,
    pub returns: Vec<TakingsReturn>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The viewer is the store's manager and the day is open and not in the future.
    pub may_close: bool,
    /// Stores the viewer may pick (head office: all; a manager: their own).
    pub stores: Vec<(i32, String)>,
}

/// A sale in lists (mobile masked by role).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRow {
    pub id: i32,
    pub receipt_no: Option<String>,
    pub status: SaleStatus,
    pub approval: Approval,
    pub store_name: String,
    pub consultant_name: String,
    pub customer_name: String,
    pub customer_mobile: String,
    pub lines: u32,
    /// Lines brought back (a completed sale with some is partly returned).
    pub returned_lines: u32,
    pub total: Decimal,
    /// The total less what was refunded.
    pub net: Decimal,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl SaleRow {
    /// 部分退货: completed, with some but not all lines returned.
    pub fn partly_returned(&self) -> bool {
        self.status == SaleStatus::Completed && self.returned_lines > 0
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SaleFilter {
    /// `draft`, `completed`, `voided`, `returned` or empty.
    pub status: String,
    /// `pending` for the approval queue.
    pub approval: String,
    /// Receipt number, or part of the customer's name or mobile.
    pub q: String,
    /// One store (head office; others are held to their own store whatever they send).
    pub store_id: Option<i32>,
    /// Business days (营业日, the store's own calendar), inclusive, `YYYY-MM-DD`: a range means
    /// sales completed on those days (drafts and voided sales have no business day).
    pub from: String,
    pub to: String,
}

impl SaleFilter {
    /// Days that are not days, or a range that ends before it starts, are named.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = crate::domain::validate::Errors::default();
        e.day_range(("from", &self.from), ("to", &self.to));
        e.finish(())
    }
    /// The filter as the list URL's query (what a pager or a sort link keeps).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("status", self.status.clone()),
            ("approval", self.approval.clone()),
            (
                "store",
                self.store_id.map(|s| s.to_string()).unwrap_or_default(),
            ),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
        ]
    }
}

/// What the filtered sales add up to (all pages, not only the one shown): the completed sales
/// (returned ones included), their amount, what was refunded on them and what remains.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleTotals {
    pub completed: u64,
    pub amount: Decimal,
    pub refunded: Decimal,
    pub net: Decimal,
}

/// A sale waiting for the manager's approval, as the floor board shows it: who asks, for
/// whom, which lines go beyond the store's limit and by how much.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalAsk {
    pub sale_id: i32,
    pub consultant_name: String,
    pub customer_name: String,
    pub lines: Vec<AskedLine>,
    /// The sale's total after every discount.
    pub total: Decimal,
    /// The store's limit as 折 (e.g. 9 = a consultant may give up to 10 % off alone).
    pub limit_zhe: Decimal,
    pub created_at: DateTime<Utc>,
}

/// A line whose discount is beyond the store's limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedLine {
    pub description: String,
    pub list_price: Decimal,
    pub discount: Decimal,
    pub final_price: Decimal,
    /// The 折 asked (8.5 = pays 85 %).
    pub zhe: Decimal,
}

/// A payment as typed on the sale screen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentInput {
    pub method: String,
    pub amount: String,
    pub reference: String,
}

/// The day's gold price of one weight-priced material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldPriceRow {
    pub material: String,
    pub label: String,
    pub day: NaiveDate,
    /// `None` when head office has not set today's price yet (such items cannot be sold).
    pub price_per_g: Option<Decimal>,
    pub set_by: String,
}

/// The payments typed on the sale screen: known methods, positive whole-fen amounts,
/// references of at most 100 characters. Empty rows are skipped.
pub fn validate_payments(rows: &[PaymentInput]) -> Result<Vec<(Payment, String)>, FieldErrors> {
    money_rows(rows, "payments", &PaymentMethod::ALL)
}

/// The refunds typed for a return: as payments, under `refunds.N.*`, and never "deposit" (a
/// deposit is given back in cash).
pub fn validate_refunds(rows: &[PaymentInput]) -> Result<Vec<(Payment, String)>, FieldErrors> {
    money_rows(rows, "refunds", &PaymentMethod::ALL[..5])
}

fn money_rows(
    rows: &[PaymentInput],
    field: &str,
    methods: &[PaymentMethod],
) -> Result<Vec<(Payment, String)>, FieldErrors> {
    use crate::domain::validate::FieldError;
    use crate::i18n::Msg;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.amount.trim().is_empty() && r.reference.trim().is_empty() {
            continue;
        }
        let method = PaymentMethod::parse(&r.method).filter(|m| methods.contains(m));
        let amount = parse_amount(&r.amount).filter(|a| *a > Decimal::ZERO);
        if method.is_none() {
            errors.push(FieldError {
                field: format!("{field}.{i}.method"),
                msg: Msg::ErrPaymentMethod,
            });
        }
        if amount.is_none() {
            errors.push(FieldError {
                field: format!("{field}.{i}.amount"),
                msg: Msg::ErrBadAmount,
            });
        }
        if r.reference.trim().chars().count() > 100 {
            errors.push(FieldError {
                field: format!("{field}.{i}.reference"),
                msg: Msg::ErrTooLong,
            });
        }
        if let (Some(method), Some(amount)) = (method, amount) {
            out.push((Payment { method, amount }, r.reference.trim().to_string()));
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(FieldError {
            field: field.into(),
            msg: Msg::ErrNoPayments,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sale::{Payment, PaymentMethod};
    use rust_decimal::Decimal;

    fn pay(method: PaymentMethod, amount: &str) -> Payment {
        Payment {
            method,
            amount: amount.parse::<Decimal>().unwrap_or_default(),
        }
    }

    #[test]
    fn typed_payments_are_checked_row_by_row() {
        let row = |m: &str, a: &str| PaymentInput {
            method: m.into(),
            amount: a.into(),
            reference: String::new(),
        };
        let ok = validate_payments(&[row("card", "10000"), row("", ""), row("wechat", "880")])
            .unwrap_or_default();
        assert_eq!(
            ok.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            vec![
                pay(PaymentMethod::Card, "10000"),
                pay(PaymentMethod::WechatPay, "880")
            ]
        );
        let errs = validate_payments(&[row("bitcoin", "5"), row("cash", "0")])
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["payments.0.method", "payments.1.amount"]);
        let none = validate_payments(&[]).err().unwrap_or_default();
        assert_eq!(none[0].field, "payments");
    }
}
