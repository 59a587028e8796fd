//! Sales (产品销售): the arithmetic of a receipt, shared by the sale screen and the server (which
//! recomputes everything a client sends).
//!
//! Money is yuan as [`Decimal`] with two decimals (fen). Rounding rule: every amount computed
//! from a rate — gold weight × the day's price per gram, a percentage discount — is rounded to
//! the fen, half away from zero (四舍五入), on its own line; totals are sums of rounded lines, so
//! a printed receipt always adds up. Amounts typed by people must already be whole fen.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Rounds to the fen, half away from zero.
pub fn fen(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Whether a typed amount is whole fen (at most two decimals once trailing zeros are dropped).
pub fn is_whole_fen(d: Decimal) -> bool {
    d.normalize().scale() <= 2
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaleStatus {
    Draft,
    Completed,
    Voided,
    /// Every line returned.
    Returned,
}

impl SaleStatus {
    pub const ALL: [SaleStatus; 4] = [
        SaleStatus::Draft,
        SaleStatus::Completed,
        SaleStatus::Voided,
        SaleStatus::Returned,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SaleStatus::Draft => "draft",
            SaleStatus::Completed => "completed",
            SaleStatus::Voided => "voided",
            SaleStatus::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The tone of a sale's status tag: a draft is work in progress, a completed sale is good, a
/// partly returned one asks for attention (its net amount differs from its total), voided and
/// wholly returned sales are muted.
pub fn sale_tone(status: SaleStatus, partly_returned: bool) -> &'static str {
    match status {
        SaleStatus::Draft => "active",
        SaleStatus::Completed if partly_returned => "attention",
        SaleStatus::Completed => "ok",
        SaleStatus::Voided | SaleStatus::Returned => "muted",
    }
}

/// A manager's decision on a discount beyond the consultant's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Approval {
    NotNeeded,
    Pending,
    Approved,
    Rejected,
}

impl Approval {
    pub fn as_str(self) -> &'static str {
        match self {
            Approval::NotNeeded => "not_needed",
            Approval::Pending => "pending",
            Approval::Approved => "approved",
            Approval::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Approval::NotNeeded,
            Approval::Pending,
            Approval::Approved,
            Approval::Rejected,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// Where a sale is: its status and the manager's decision on its discount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaleState {
    pub status: SaleStatus,
    pub approval: Approval,
}

/// What someone does to a sale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaleEvent {
    /// A line, the customer, a discount or a payment changes: any approval is void (a changed
    /// sale is approved again).
    Edit,
    /// The consultant asks the store's manager to approve a discount beyond her limit.
    /// `needed`: the discount is beyond the store's limit.
    RequestApproval { needed: bool },
    /// The manager approves or rejects the pending request.
    Decide { approve: bool },
    /// 完成: money taken, items sold. `needs_approval`: the discount is beyond the limit.
    Complete { needs_approval: bool },
    /// 作废: a draft is abandoned.
    Void,
    /// 退货: lines of a completed sale come back; `all_back` when no line is left.
    Return { all_back: bool },
}

/// Why an event does not apply to a sale in its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaleRefusal {
    NotDraft,
    AlreadyCompleted,
    NoApprovalNeeded,
    NotPendingApproval,
    NeedsApproval,
    NotCompleted,
}

/// The sale state machine: the state after `event`, or why it is refused. The service asks
/// it before its compare-and-set (which is filtered on the state it read) and writes the state
/// it returns.
pub fn sale_transition(state: SaleState, event: SaleEvent) -> Result<SaleState, SaleRefusal> {
    use SaleStatus::*;
    let draft = || {
        if state.status == Draft {
            Ok(())
        } else {
            Err(SaleRefusal::NotDraft)
        }
    };
    match event {
        SaleEvent::Edit => draft().map(|()| SaleState {
            status: Draft,
            approval: Approval::NotNeeded,
        }),
        SaleEvent::RequestApproval { needed } => {
            draft()?;
            if !needed {
                return Err(SaleRefusal::NoApprovalNeeded);
            }
            Ok(SaleState {
                status: Draft,
                approval: Approval::Pending,
            })
        }
        SaleEvent::Decide { approve } => {
            if state.status != Draft || state.approval != Approval::Pending {
                return Err(SaleRefusal::NotPendingApproval);
            }
            Ok(SaleState {
                status: Draft,
                approval: if approve {
                    Approval::Approved
                } else {
                    Approval::Rejected
                },
            })
        }
        SaleEvent::Complete { needs_approval } => {
            if matches!(state.status, Completed | Returned) {
                return Err(SaleRefusal::AlreadyCompleted);
            }
            draft()?;
            if needs_approval && state.approval != Approval::Approved {
                return Err(SaleRefusal::NeedsApproval);
            }
            Ok(SaleState {
                status: Completed,
                approval: state.approval,
            })
        }
        SaleEvent::Void => draft().map(|()| SaleState {
            status: Voided,
            approval: state.approval,
        }),
        SaleEvent::Return { all_back } => {
            if state.status != Completed {
                return Err(SaleRefusal::NotCompleted);
            }
            Ok(SaleState {
                status: if all_back { Returned } else { Completed },
                approval: state.approval,
            })
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PaymentMethod {
    Cash,
    /// Bank card / UnionPay (银联).
    Card,
    WechatPay,
    Alipay,
    /// Voucher or gift card.
    Voucher,
    /// A deposit (定金) taken on the reservation, applied at settlement.
    Deposit,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::WechatPay,
        PaymentMethod::Alipay,
        PaymentMethod::Voucher,
        PaymentMethod::Deposit,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::WechatPay => "wechat",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::Voucher => "voucher",
            PaymentMethod::Deposit => "deposit",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }
    /// How the method is named to people.
    pub fn msg(self) -> crate::i18n::catalogue::Msg {
        use crate::i18n::catalogue::Msg;
        match self {
            PaymentMethod::Cash => Msg::PayCash,
            PaymentMethod::Card => Msg::PayCard,
            PaymentMethod::WechatPay => Msg::PayWechat,
            PaymentMethod::Alipay => Msg::PayAlipay,
            PaymentMethod::Voucher => Msg::PayVoucher,
            PaymentMethod::Deposit => Msg::PayDeposit,
        }
    }
}

/// An item priced by weight: 足金/AU999 and the other materials set up as gold-priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldPricing {
    pub weight_g: Decimal,
    /// The day's price for the material, yuan per gram (set by head office).
    pub price_per_g: Decimal,
    /// Labour fee (工费) for the piece, yuan.
    pub labour_fee: Decimal,
}

impl GoldPricing {
    pub fn metal_value(&self) -> Decimal {
        fen(self.weight_g * self.price_per_g)
    }
    pub fn list_price(&self) -> Decimal {
        self.metal_value() + fen(self.labour_fee)
    }
    /// The formula printed on the receipt, e.g. `12.345 g × ¥588.00/g + 工费 ¥120.00 = ¥7,378.86`.
    pub fn formula(&self) -> String {
        format!(
            "{} g × ¥{}/g + 工费 ¥{} = ¥{}",
            self.weight_g.normalize(),
            yuan(self.price_per_g),
            yuan(fen(self.labour_fee)),
            yuan(self.list_price())
        )
    }
}

/// The current price, in fen, of a piece priced by weight: [`GoldPricing::list_price`] of its
/// weight (mg), the price per gram (fen) and its labour fee (fen). The goods pages show, filter
/// and sort on this price and the till charges it; the service's bulk repricing writes it with
/// the integer form `(weight_mg × ppg_fen + 500) / 1000 + labour_fen` (half a fen rounds up, as
/// here), which the tests hold to this function.
pub fn gold_list_fen(weight_mg: i64, ppg_fen: i64, labour_fen: i64) -> i64 {
    let g = GoldPricing {
        weight_g: Decimal::new(weight_mg, 3),
        price_per_g: Decimal::new(ppg_fen, 2),
        labour_fee: Decimal::new(labour_fen, 2),
    };
    (g.list_price() * Decimal::from(100))
        .trunc()
        .try_into()
        .unwrap_or(i64::MAX)
}

/// Which gold price a shown price of a piece priced by weight was worked out from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldQuote {
    pub weight_g: Decimal,
    /// Yuan per gram, of `day`.
    pub price_per_g: Decimal,
    pub labour_fee: Decimal,
    /// The day of the gold price used.
    pub day: chrono::NaiveDate,
    /// Whether `day` is the store's today (otherwise the page warns that today's is not set
    /// and the till will refuse the piece until it is).
    pub today: bool,
}

impl GoldQuote {
    pub fn pricing(&self) -> GoldPricing {
        GoldPricing {
            weight_g: self.weight_g,
            price_per_g: self.price_per_g,
            labour_fee: self.labour_fee,
        }
    }
}

/// How a piece's shown price came about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceBasis {
    /// Its tag price.
    #[default]
    Tag,
    /// Weight × a day's gold price + labour.
    Gold(GoldQuote),
    /// Priced by weight, but no gold price has ever been set for its material: the tag price
    /// is shown, with a warning.
    GoldUnset,
}

/// A discount as typed: an amount in yuan or a percentage off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discount {
    Amount(Decimal),
    Percent(Decimal),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoneyError {
    /// Not a positive amount in whole fen.
    BadAmount,
    /// A discount below zero, above the price, or a percentage outside 0–100.
    BadDiscount,
    /// Payments fall short of the total by this much.
    Short(Decimal),
    /// Payments exceed the total by this much.
    Over(Decimal),
    /// More deposit applied than the customer has paid.
    DepositExceeded,
    /// A refund by a method beyond what was paid by it (less earlier refunds).
    RefundExceedsMethod(PaymentMethod),
    /// Refunds do not add up to the value of the returned lines.
    RefundMismatch,
}

/// The discount, in yuan, that `d` takes off `list_price`.
pub fn discount_amount(list_price: Decimal, d: Discount) -> Result<Decimal, MoneyError> {
    let amount = match d {
        Discount::Amount(a) => {
            if !is_whole_fen(a) {
                return Err(MoneyError::BadDiscount);
            }
            a
        }
        Discount::Percent(p) => {
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(MoneyError::BadDiscount);
            }
            fen(list_price * p / Decimal::ONE_HUNDRED)
        }
    };
    if amount < Decimal::ZERO || amount > list_price {
        return Err(MoneyError::BadDiscount);
    }
    Ok(amount)
}

/// One receipt line's money: what it lists at and what is taken off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineMoney {
    pub list_price: Decimal,
    pub discount: Decimal,
}

impl LineMoney {
    pub fn final_price(&self) -> Decimal {
        self.list_price - self.discount
    }
    /// The discount as a percentage of the list price (0 for a free line).
    pub fn discount_percent(&self) -> Decimal {
        if self.list_price.is_zero() {
            Decimal::ZERO
        } else {
            self.discount * Decimal::ONE_HUNDRED / self.list_price
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Payment {
    pub method: PaymentMethod,
    pub amount: Decimal,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub list_total: Decimal,
    pub discount_total: Decimal,
    /// What the customer owes: the sum of the lines' final prices.
    pub total: Decimal,
    pub paid: Decimal,
    /// `total - paid`: positive while something is still owed.
    pub due: Decimal,
}

/// The receipt's totals. The one function the screen and the server both use.
pub fn totals(lines: &[LineMoney], payments: &[Payment]) -> Totals {
    let list_total: Decimal = lines.iter().map(|l| l.list_price).sum();
    let discount_total: Decimal = lines.iter().map(|l| l.discount).sum();
    let total = list_total - discount_total;
    let paid: Decimal = payments.iter().map(|p| p.amount).sum();
    Totals {
        list_total,
        discount_total,
        total,
        paid,
        due: total - paid,
    }
}

/// Whether a manager must approve the sale: some line's discount is above the store's limit
/// (a percentage of that line's list price). Checked per line, so one deep discount cannot hide
/// behind full-price lines.
pub fn needs_approval(lines: &[LineMoney], limit_percent: Decimal) -> bool {
    lines.iter().any(|l| l.discount_percent() > limit_percent)
}

/// The lines a manager is asked about: those whose discount is above the store's limit, by
/// their position on the sale.
pub fn lines_beyond_limit(lines: &[LineMoney], limit_percent: Decimal) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.discount_percent() > limit_percent)
        .map(|(i, _)| i)
        .collect()
}

/// The average 折 of a set of sales (what was charged over what was listed): 10 without any
/// discount, `None` when nothing was listed.
pub fn average_zhe(list_total: Decimal, discount_total: Decimal) -> Option<Decimal> {
    (!list_total.is_zero()).then(|| {
        percent_off_to_zhe(
            LineMoney {
                list_price: list_total,
                discount: discount_total,
            }
            .discount_percent(),
        )
    })
}

/// Payments must each be a positive amount in whole fen, apply no more deposit than was taken,
/// and add up to the total exactly.
pub fn check_payments(
    total: Decimal,
    payments: &[Payment],
    deposit_available: Decimal,
) -> Result<(), MoneyError> {
    if payments
        .iter()
        .any(|p| p.amount <= Decimal::ZERO || !is_whole_fen(p.amount))
    {
        return Err(MoneyError::BadAmount);
    }
    let deposit: Decimal = payments
        .iter()
        .filter(|p| p.method == PaymentMethod::Deposit)
        .map(|p| p.amount)
        .sum();
    if deposit > deposit_available {
        return Err(MoneyError::DepositExceeded);
    }
    let paid: Decimal = payments.iter().map(|p| p.amount).sum();
    match paid.cmp(&total) {
        std::cmp::Ordering::Less => Err(MoneyError::Short(total - paid)),
        std::cmp::Ordering::Greater => Err(MoneyError::Over(paid - total)),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

fn by_method(list: &[Payment], m: PaymentMethod) -> Decimal {
    list.iter()
        .filter(|p| p.method == m)
        .map(|p| p.amount)
        .sum()
}

/// Refunds for returned lines: they add up to the returned lines' final prices, and each method
/// gives back no more than was paid by it (less earlier refunds). A deposit is given back in
/// cash, so cash may refund what was paid in cash or by deposit; "deposit" is never a refund
/// method.
pub fn check_refunds(
    returned: &[LineMoney],
    refunds: &[Payment],
    paid: &[Payment],
    refunded_before: &[Payment],
) -> Result<(), MoneyError> {
    if refunds
        .iter()
        .any(|p| p.amount <= Decimal::ZERO || !is_whole_fen(p.amount))
    {
        return Err(MoneyError::BadAmount);
    }
    let owed: Decimal = returned.iter().map(LineMoney::final_price).sum();
    let given: Decimal = refunds.iter().map(|p| p.amount).sum();
    if owed != given {
        return Err(MoneyError::RefundMismatch);
    }
    for m in PaymentMethod::ALL {
        let now = by_method(refunds, m);
        if now.is_zero() {
            continue;
        }
        let mut cap = by_method(paid, m);
        if m == PaymentMethod::Cash {
            cap += by_method(paid, PaymentMethod::Deposit);
        }
        if m == PaymentMethod::Deposit || now + by_method(refunded_before, m) > cap {
            return Err(MoneyError::RefundExceedsMethod(m));
        }
    }
    Ok(())
}

/// A refund split the manager can take as it is: back by the sale's own methods in the order
/// they were paid (a deposit as cash, after them), each up to what it can still give back. It
/// adds up to `due` unless the sale has less left to give back than that.
pub fn suggest_refunds(
    due: Decimal,
    paid: &[Payment],
    refunded_before: &[Payment],
) -> Vec<Payment> {
    let mut order: Vec<PaymentMethod> = Vec::new();
    for p in paid.iter().filter(|p| p.method != PaymentMethod::Deposit) {
        if !order.contains(&p.method) {
            order.push(p.method);
        }
    }
    if paid.iter().any(|p| p.method == PaymentMethod::Deposit)
        && !order.contains(&PaymentMethod::Cash)
    {
        order.push(PaymentMethod::Cash);
    }
    let mut left = due.max(Decimal::ZERO);
    let mut out = Vec::new();
    for m in order {
        if left.is_zero() {
            break;
        }
        let mut cap = by_method(paid, m);
        if m == PaymentMethod::Cash {
            cap += by_method(paid, PaymentMethod::Deposit);
        }
        let give = left.min(cap - by_method(refunded_before, m));
        if give > Decimal::ZERO {
            out.push(Payment {
                method: m,
                amount: give,
            });
            left -= give;
        }
    }
    out
}

/// Whether a sale made on `sold` (the store's local date) may still be returned on `today`.
pub fn within_return_period(
    sold: chrono::NaiveDate,
    today: chrono::NaiveDate,
    period_days: u32,
) -> bool {
    today >= sold && (today - sold).num_days() <= i64::from(period_days)
}

/// The business day (营业日) money moved on: the store's local date, or, once that day has been
/// closed (日结), the first later day that is still open; so a change after the close is an
/// adjustment on the next day and a closed day never changes.
pub fn business_day(today: chrono::NaiveDate, closed: &[chrono::NaiveDate]) -> chrono::NaiveDate {
    let mut day = today;
    while closed.contains(&day) {
        day = day.succ_opt().unwrap_or(day);
        if day == chrono::NaiveDate::MAX {
            break;
        }
    }
    day
}

/// One money movement of a business day, as the daily takings (日结) count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayEntry {
    /// A completed sale: its total and the discount it gave.
    Sale { total: Decimal, discount: Decimal },
    /// Money received for a sale; paid by `Deposit` it is a deposit applied, not new money.
    Paid(Payment),
    /// A deposit (定金) taken on a reservation: new money in its method.
    DepositTaken(Payment),
    /// A return (退货) recorded on the day.
    Return,
    /// Money given back for returned lines, by method (a positive amount).
    Refund(Payment),
}

/// The daily takings (日结) of a store and business day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotals {
    pub sales: u32,
    /// Sum of the completed sales' totals.
    pub revenue: Decimal,
    pub discounts: Decimal,
    pub deposits_taken: Decimal,
    pub deposits_applied: Decimal,
    pub returns: u32,
    pub refunds: Decimal,
    /// Money in minus money out, per method (deposit applications are not money).
    pub by_method: Vec<(PaymentMethod, Decimal)>,
    /// The day's net money: the sum of `by_method`.
    pub net: Decimal,
}

pub fn day_totals(entries: &[DayEntry]) -> DayTotals {
    let mut t = DayTotals::default();
    let mut by = [Decimal::ZERO; PaymentMethod::ALL.len()];
    let slot = |m: PaymentMethod| PaymentMethod::ALL.iter().position(|x| *x == m).unwrap_or(0);
    for e in entries {
        match *e {
            DayEntry::Sale { total, discount } => {
                t.sales += 1;
                t.revenue += total;
                t.discounts += discount;
            }
            DayEntry::Paid(p) if p.method == PaymentMethod::Deposit => {
                t.deposits_applied += p.amount;
            }
            DayEntry::Paid(p) => by[slot(p.method)] += p.amount,
            DayEntry::DepositTaken(p) => {
                t.deposits_taken += p.amount;
                by[slot(p.method)] += p.amount;
            }
            DayEntry::Return => t.returns += 1,
            DayEntry::Refund(p) => {
                t.refunds += p.amount;
                by[slot(p.method)] -= p.amount;
            }
        }
    }
    t.by_method = PaymentMethod::ALL
        .into_iter()
        .zip(by)
        .filter(|(m, a)| *m != PaymentMethod::Deposit && !a.is_zero())
        .collect();
    t.net = t.by_method.iter().map(|(_, a)| *a).sum();
    t
}

/// Receipt number (销售小票号): store, local day and the day's sequence, e.g. `S01-20261124-0007`.
pub fn receipt_number(store_id: i32, day: chrono::NaiveDate, seq: u32) -> String {
    format!("S{store_id:02}-{}-{seq:04}", day.format("%Y%m%d"))
}

/// Yuan with thousands separators and two decimals: `12,345.60`.
pub fn yuan(d: Decimal) -> String {
    match crate::domain::money::Money::rounded(d) {
        Some(m) => m.to_string(),
        None => d.to_string(),
    }
}

/// Money as every page and print view shows it: `¥54,438.00` (CSV and Excel keep plain
/// numbers).
pub fn cny(d: Decimal) -> String {
    format!("¥{}", yuan(d))
}

/// The largest amount a field accepts (¥100,000,000): beyond it the input is a typo.
pub const MAX_AMOUNT: i64 = 100_000_000;

/// A typed amount of money: digits with at most two decimals, ≥ 0 and ≤ [`MAX_AMOUNT`]
/// (full-width digits and a leading ¥ are accepted, as phones' keyboards type them).
pub fn parse_amount(s: &str) -> Option<Decimal> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            ',' | '，' => '\u{0}',
            c => c,
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let d = t.parse::<Decimal>().ok()?;
    (is_whole_fen(d) && d >= Decimal::ZERO && d <= Decimal::from(MAX_AMOUNT)).then_some(d)
}

/// A discount as typed: `kind` is `zhe` (折, as Chinese staff say it: 8.8 means the customer
/// pays 88 %), `amount` (yuan off) or `percent` (percent off, for the API).
pub fn parse_discount(kind: &str, value: &str) -> Option<Discount> {
    if kind == "zhe" {
        return zhe_to_percent_off(value).map(Discount::Percent);
    }
    let v = if value.trim().is_empty() {
        Decimal::ZERO
    } else {
        parse_amount(value)?
    };
    match kind {
        "percent" => (v <= Decimal::ONE_HUNDRED).then_some(Discount::Percent(v)),
        "amount" => Some(Discount::Amount(v)),
        _ => None,
    }
}

/// 折 as typed (1–9.9, at most two decimals: 9, 8.8, 8.85) → the percent taken off (10, 12,
/// 11.5). Anything else — 0, 10, 95, 8.888, a word — is `None`.
pub fn zhe_to_percent_off(typed: &str) -> Option<Decimal> {
    let t = typed.trim().trim_end_matches('折').trim();
    let z = t.parse::<Decimal>().ok()?;
    let valid = z.scale() <= 2 && z >= Decimal::ONE && z <= Decimal::new(99, 1);
    valid.then(|| Decimal::ONE_HUNDRED - z * Decimal::TEN)
}

/// A percentage off as 折 (10 % off → 9, 12 % → 8.8, 0 → 10), rounded to two decimals, for
/// showing a discount or a store's limit the way staff speak of it.
pub fn percent_off_to_zhe(percent_off: Decimal) -> Decimal {
    ((Decimal::ONE_HUNDRED - percent_off) / Decimal::TEN)
        .round_dp(2)
        .normalize()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_partly_returned_sale_reads_differently_from_a_whole_one() {
        use super::{sale_tone, SaleStatus};
        assert_eq!(sale_tone(SaleStatus::Completed, false), "ok");
        assert_eq!(sale_tone(SaleStatus::Completed, true), "attention");
        assert_eq!(sale_tone(SaleStatus::Draft, false), "active");
        assert_eq!(
            sale_tone(SaleStatus::Voided, false),
            sale_tone(SaleStatus::Returned, false)
        );
    }

    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    /// The approval view names exactly the lines beyond the limit, and the consultant's month
    /// reads as one 折.
    #[test]
    fn the_manager_is_asked_about_the_lines_beyond_the_limit() {
        let line = |list: &str, off: &str| LineMoney {
            list_price: d(list),
            discount: d(off),
        };
        let lines = [
            line("1000", "100"),
            line("1000", "150"),
            line("0", "0"),
            line("3016.90", "301.69"),
            line("3016.90", "301.70"),
        ];
        assert_eq!(lines_beyond_limit(&lines, d("10")), vec![1, 4]);
        assert_eq!(lines_beyond_limit(&lines, d("15")), Vec::<usize>::new());
        assert_eq!(average_zhe(d("10000"), d("1200")), Some(d("8.8")));
        assert_eq!(average_zhe(d("10000"), d("0")), Some(d("10")));
        assert_eq!(average_zhe(d("0"), d("0")), None);
        assert_eq!(average_zhe(d("3"), d("1")), Some(d("6.67")));
    }
    fn line(list: &str, off: &str) -> LineMoney {
        LineMoney {
            list_price: d(list),
            discount: d(off),
        }
    }
    fn pay(m: PaymentMethod, a: &str) -> Payment {
        Payment {
            method: m,
            amount: d(a),
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero_to_the_fen() {
        assert_eq!(fen(d("1.005")), d("1.01"));
        assert_eq!(fen(d("1.004")), d("1.00"));
        assert_eq!(fen(d("2.675")), d("2.68"));
        assert_eq!(fen(d("-1.005")), d("-1.01"));
        assert!(is_whole_fen(d("12.30")) && is_whole_fen(d("12.300")));
        assert!(!is_whole_fen(d("12.301")));
    }

    #[test]
    fn the_stored_gold_price_is_the_tills_price() {
        // The integer form the bulk repricing writes in SQL, against the till's arithmetic,
        // over weights that hit every rounding case (half a fen included) and real prices.
        let sql = |w: i64, p: i64, l: i64| (w * p + 500) / 1000 + l;
        for w in (0..5_000).chain([12_345, 20_000, 99_999_999]) {
            for p in [1, 58_800, 58_850, 61_237, 100_000_000] {
                for l in [0, 1, 30_000] {
                    assert_eq!(gold_list_fen(w, p, l), sql(w, p, l), "{w} mg × {p} + {l}");
                }
            }
        }
        assert_eq!(gold_list_fen(20_000, 58_800, 30_000), 1_206_000);
    }

    #[test]
    fn gold_is_weight_times_the_days_price_plus_labour() {
        let g = GoldPricing {
            weight_g: d("12.345"),
            price_per_g: d("588"),
            labour_fee: d("120"),
        };
        // 12.345 × 588 = 7258.86 exactly; + 120.
        assert_eq!(g.metal_value(), d("7258.86"));
        assert_eq!(g.list_price(), d("7378.86"));
        assert_eq!(
            g.formula(),
            "12.345 g × ¥588.00/g + 工费 ¥120.00 = ¥7,378.86"
        );
        let g = GoldPricing {
            weight_g: d("3.333"),
            price_per_g: d("601.55"),
            labour_fee: d("0"),
        };
        // 2004.96615 → 2004.97
        assert_eq!(g.list_price(), d("2004.97"));
    }

    #[test]
    fn discounts_by_amount_or_percent_stay_within_the_price() {
        assert_eq!(
            discount_amount(d("9999"), Discount::Percent(d("5"))),
            Ok(d("499.95"))
        );
        assert_eq!(
            discount_amount(d("333.33"), Discount::Percent(d("10"))),
            Ok(d("33.33"))
        );
        assert_eq!(
            discount_amount(d("100"), Discount::Amount(d("100"))),
            Ok(d("100"))
        );
        for bad in [
            Discount::Amount(d("-1")),
            Discount::Amount(d("100.01")),
            Discount::Amount(d("1.001")),
            Discount::Percent(d("-5")),
            Discount::Percent(d("101")),
        ] {
            assert_eq!(
                discount_amount(d("100"), bad),
                Err(MoneyError::BadDiscount),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn approval_is_needed_when_any_line_is_beyond_the_limit() {
        let limit = d("10");
        assert!(
            !needs_approval(&[line("1000", "100")], limit),
            "exactly 10%"
        );
        assert!(needs_approval(&[line("1000", "100.01")], limit));
        // A deep discount on a cheap line is not hidden by a full-price expensive one.
        assert!(needs_approval(
            &[line("50000", "0"), line("200", "100")],
            limit
        ));
        assert!(
            !needs_approval(&[line("0", "0")], limit),
            "a free service line"
        );
    }

    #[test]
    fn payments_must_cover_the_total_exactly() {
        use PaymentMethod::*;
        let total = d("12880");
        assert_eq!(
            check_payments(
                total,
                &[
                    pay(Deposit, "2000"),
                    pay(Card, "10000"),
                    pay(WechatPay, "880")
                ],
                d("2000")
            ),
            Ok(())
        );
        assert_eq!(
            check_payments(total, &[pay(Card, "12000")], d("0")),
            Err(MoneyError::Short(d("880")))
        );
        assert_eq!(
            check_payments(total, &[pay(Cash, "13000")], d("0")),
            Err(MoneyError::Over(d("120")))
        );
        assert_eq!(
            check_payments(
                total,
                &[pay(Deposit, "2000.01"), pay(Cash, "10879.99")],
                d("2000")
            ),
            Err(MoneyError::DepositExceeded)
        );
        for bad in ["0", "-5", "0.001"] {
            assert_eq!(
                check_payments(total, &[pay(Cash, bad), pay(Cash, "12880")], d("0")),
                Err(MoneyError::BadAmount)
            );
        }
        assert_eq!(check_payments(Decimal::ZERO, &[], d("0")), Ok(()));
    }

    #[test]
    fn a_suggested_refund_goes_back_by_the_methods_paid_then_the_deposit_in_cash() {
        use PaymentMethod::*;
        let paid = [
            pay(Deposit, "1000"),
            pay(Card, "145.48"),
            pay(WechatPay, "28950.68"),
        ];
        assert_eq!(
            suggest_refunds(d("2192"), &paid, &[]),
            vec![pay(Card, "145.48"), pay(WechatPay, "2046.52")]
        );
        assert_eq!(
            suggest_refunds(d("100"), &paid, &[]),
            vec![pay(Card, "100")]
        );
        // After earlier refunds took the card and WeChat, the deposit comes back in cash.
        assert_eq!(
            suggest_refunds(
                d("500"),
                &paid,
                &[pay(Card, "145.48"), pay(WechatPay, "28950.68")]
            ),
            vec![pay(Cash, "500")]
        );
        // Cash paid and a deposit share one cap.
        assert_eq!(
            suggest_refunds(d("1500"), &[pay(Cash, "800"), pay(Deposit, "1000")], &[]),
            vec![pay(Cash, "1500")]
        );
        // Nothing left to give back: the suggestion falls short and the check says so.
        let short = suggest_refunds(d("300"), &[pay(Alipay, "200")], &[]);
        assert_eq!(short, vec![pay(Alipay, "200")]);
        assert_eq!(suggest_refunds(d("0"), &paid, &[]), vec![]);
    }

    #[test]
    fn refunds_match_the_returned_lines_and_each_method_gives_back_what_it_took() {
        use PaymentMethod::*;
        let paid = [pay(Deposit, "1000"), pay(Card, "5000"), pay(Alipay, "500")];
        let ret = [line("3000", "300")];
        assert_eq!(
            check_refunds(&ret, &[pay(Card, "2700")], &paid, &[]),
            Ok(())
        );
        assert_eq!(
            check_refunds(&ret, &[pay(Cash, "1000"), pay(Card, "1700")], &paid, &[]),
            Ok(()),
            "a deposit comes back in cash"
        );
        assert_eq!(
            check_refunds(&ret, &[pay(Alipay, "2700")], &paid, &[]),
            Err(MoneyError::RefundExceedsMethod(Alipay))
        );
        assert_eq!(
            check_refunds(&ret, &[pay(Card, "2700")], &paid, &[pay(Card, "2500")]),
            Err(MoneyError::RefundExceedsMethod(Card)),
            "earlier refunds count"
        );
        assert_eq!(
            check_refunds(&ret, &[pay(Deposit, "1000"), pay(Card, "1700")], &paid, &[]),
            Err(MoneyError::RefundExceedsMethod(Deposit))
        );
        assert_eq!(
            check_refunds(&ret, &[pay(Card, "2699")], &paid, &[]),
            Err(MoneyError::RefundMismatch)
        );
    }

    #[test]
    fn return_period_counts_local_days() {
        let day = |s: &str| chrono::NaiveDate::from_str(s).unwrap_or_default();
        assert!(within_return_period(
            day("2026-11-01"),
            day("2026-11-08"),
            7
        ));
        assert!(!within_return_period(
            day("2026-11-01"),
            day("2026-11-09"),
            7
        ));
        assert!(!within_return_period(
            day("2026-11-02"),
            day("2026-11-01"),
            7
        ));
    }

    #[test]
    fn receipt_numbers_and_yuan_formatting() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        assert_eq!(receipt_number(1, day, 7), "S01-20261124-0007");
        assert_eq!(yuan(d("1234567.5")), "1,234,567.50");
        assert_eq!(yuan(d("999")), "999.00");
        assert_eq!(yuan(d("-1000")), "-1,000.00");
        assert_eq!(yuan(d("0.005")), "0.01");
        for s in SaleStatus::ALL {
            assert_eq!(SaleStatus::parse(s.as_str()), Some(s));
        }
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(m));
        }
    }

    #[test]
    fn typed_amounts() {
        assert_eq!(parse_amount(" 12,880.50 "), Some(d("12880.50")));
        assert_eq!(parse_amount("¥１２８８０"), Some(d("12880")));
        assert_eq!(parse_amount("0"), Some(d("0")));
        for bad in ["", "abc", "-5", "1.001", "1e3", "100000000.01", "12 880"] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_discount("percent", "5"),
            Some(Discount::Percent(d("5")))
        );
        assert_eq!(parse_discount("amount", ""), Some(Discount::Amount(d("0"))));
        assert_eq!(parse_discount("percent", "150"), None);
        assert_eq!(parse_discount("other", "5"), None);
    }

    /// 8.8折 is 88 % paid, 12 % off; values outside 1–9.9 are refused.
    #[test]
    fn zhe_as_staff_say_it() {
        for (typed, off) in [
            ("9", "10"),
            ("8.8", "12"),
            (" 8.5折", "15"),
            ("8.85", "11.5"),
            ("1", "90"),
            ("9.9", "1"),
        ] {
            assert_eq!(zhe_to_percent_off(typed), Some(d(off)), "{typed:?}");
            assert_eq!(
                parse_discount("zhe", typed),
                Some(Discount::Percent(d(off)))
            );
        }
        for bad in [
            "", "0", "0.5", "10", "9.95", "88", "-8", "8.888", "八折", "1e1",
        ] {
            assert_eq!(zhe_to_percent_off(bad), None, "{bad:?}");
            assert_eq!(parse_discount("zhe", bad), None, "{bad:?}");
        }
        assert_eq!(percent_off_to_zhe(d("10")), d("9"));
        assert_eq!(percent_off_to_zhe(d("12")), d("8.8"));
        assert_eq!(percent_off_to_zhe(d("0")), d("10"));
        assert_eq!(percent_off_to_zhe(d("33.333")), d("6.67"));
        // 8.8折 of ¥1,000 takes ¥120 off.
        let off = zhe_to_percent_off("8.8").unwrap_or_default();
        assert_eq!(
            discount_amount(d("1000"), Discount::Percent(off)),
            Ok(d("120"))
        );
    }

    fn money() -> impl Strategy<Value = Decimal> {
        (0i64..100_000_000).prop_map(|f| Decimal::new(f, 2))
    }

    proptest! {
        #[test]
        fn totals_add_up(lines in prop::collection::vec((money(), 0u32..=100), 0..12),
                         pays in prop::collection::vec(money(), 0..5)) {
            let lines: Vec<LineMoney> = lines.into_iter().map(|(list, pct)| LineMoney {
                list_price: list,
                discount: discount_amount(list, Discount::Percent(Decimal::from(pct))).unwrap_or_default(),
            }).collect();
            let pays: Vec<Payment> = pays.into_iter().map(|a| Payment { method: PaymentMethod::Cash, amount: a }).collect();
            let t = totals(&lines, &pays);
            prop_assert_eq!(t.total, lines.iter().map(LineMoney::final_price).sum::<Decimal>());
            prop_assert_eq!(t.list_total - t.discount_total, t.total);
            prop_assert_eq!(t.total - t.paid, t.due);
            prop_assert!(t.total >= Decimal::ZERO && t.total <= t.list_total);
            prop_assert!(is_whole_fen(t.total) && is_whole_fen(t.discount_total));
            // Paying exactly what is due always passes; a fen less or more never does.
            if t.total > Decimal::ZERO {
                let exact = [Payment { method: PaymentMethod::Card, amount: t.total }];
                prop_assert_eq!(check_payments(t.total, &exact, Decimal::ZERO), Ok(()));
                let less = [Payment { method: PaymentMethod::Card, amount: t.total - Decimal::new(1, 2) }];
                prop_assert!(check_payments(t.total, &less, Decimal::ZERO).is_err());
                let more = [Payment { method: PaymentMethod::Card, amount: t.total + Decimal::new(1, 2) }];
                prop_assert_eq!(check_payments(t.total, &more, Decimal::ZERO), Err(MoneyError::Over(Decimal::new(1, 2))));
            }
        }

        #[test]
        fn percent_discounts_round_to_the_fen(list in money(), pct in 0u32..=100) {
            let a = discount_amount(list, Discount::Percent(Decimal::from(pct))).unwrap_or_default();
            prop_assert!(is_whole_fen(a));
            let exact = list * Decimal::from(pct) / Decimal::ONE_HUNDRED;
            prop_assert!((a - exact).abs() <= Decimal::new(5, 3));
        }

        #[test]
        fn a_suggested_refund_always_passes_the_refund_check(
            lines in prop::collection::vec((money(), 0u32..=30), 1..6),
            split in prop::collection::vec((0usize..6, 1u32..=100), 1..5),
            back in 0usize..6,
        ) {
            let lines: Vec<LineMoney> = lines.into_iter().map(|(list, pct)| LineMoney {
                list_price: list,
                discount: discount_amount(list, Discount::Percent(Decimal::from(pct))).unwrap_or_default(),
            }).collect();
            let total = totals(&lines, &[]).total;
            prop_assume!(total > Decimal::ZERO);
            // The total paid in up to five parts by arbitrary methods.
            let weight: u32 = split.iter().map(|(_, w)| w).sum();
            let mut paid = Vec::new();
            let mut left = total;
            for (i, (m, w)) in split.iter().enumerate() {
                let amount = if i + 1 == split.len() {
                    left
                } else {
                    fen(total * Decimal::from(*w) / Decimal::from(weight)).min(left)
                };
                left -= amount;
                if amount > Decimal::ZERO {
                    paid.push(Payment { method: PaymentMethod::ALL[*m], amount });
                }
            }
            let returned = &lines[..=back.min(lines.len() - 1)];
            let due: Decimal = returned.iter().map(LineMoney::final_price).sum();
            prop_assume!(due > Decimal::ZERO);
            let s = suggest_refunds(due, &paid, &[]);
            prop_assert_eq!(check_refunds(returned, &s, &paid, &[]), Ok(()));
        }

        #[test]
        fn returning_everything_refunds_exactly_what_was_paid(lines in prop::collection::vec((money(), 0u32..=30), 1..6)) {
            let lines: Vec<LineMoney> = lines.into_iter().map(|(list, pct)| LineMoney {
                list_price: list,
                discount: discount_amount(list, Discount::Percent(Decimal::from(pct))).unwrap_or_default(),
            }).collect();
            let t = totals(&lines, &[]);
            prop_assume!(t.total > Decimal::ZERO);
            let paid = [Payment { method: PaymentMethod::Card, amount: t.total }];
            prop_assert_eq!(check_refunds(&lines, &paid, &paid, &[]), Ok(()));
            // Nothing more can be refunded afterwards.
            prop_assert!(check_refunds(&lines, &paid, &paid, &paid).is_err());
        }
    }

    #[test]
    fn a_closed_day_sends_later_money_to_the_next_open_day() {
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        assert_eq!(business_day(day(24), &[]), day(24));
        assert_eq!(business_day(day(24), &[day(23)]), day(24));
        assert_eq!(business_day(day(24), &[day(24)]), day(25));
        assert_eq!(business_day(day(24), &[day(25), day(24)]), day(26));
    }

    #[test]
    fn daily_takings_count_money_not_deposit_applications() {
        use PaymentMethod::*;
        let t = day_totals(&[
            // A ¥10,000 sale (¥500 off): ¥2,000 deposit taken earlier, ¥8,000 by card.
            DayEntry::Sale {
                total: d("10000"),
                discount: d("500"),
            },
            DayEntry::Paid(pay(Deposit, "2000")),
            DayEntry::Paid(pay(Card, "8000")),
            // A deposit taken today in WeChat Pay for another visit.
            DayEntry::DepositTaken(pay(WechatPay, "1000")),
            // A ¥300 sale in cash, and a return refunding ¥1,200: ¥1,000 card, ¥200 cash.
            DayEntry::Sale {
                total: d("300"),
                discount: d("0"),
            },
            DayEntry::Paid(pay(Cash, "300")),
            DayEntry::Return,
            DayEntry::Refund(pay(Card, "1000")),
            DayEntry::Refund(pay(Cash, "200")),
        ]);
        assert_eq!(t.sales, 2);
        assert_eq!(t.revenue, d("10300"));
        assert_eq!(t.discounts, d("500"));
        assert_eq!(t.deposits_taken, d("1000"));
        assert_eq!(t.deposits_applied, d("2000"));
        assert_eq!((t.returns, t.refunds), (1, d("1200")));
        assert_eq!(
            t.by_method,
            vec![(Cash, d("100")), (Card, d("7000")), (WechatPay, d("1000"))]
        );
        assert_eq!(t.net, d("8100"));
        assert_eq!(day_totals(&[]), DayTotals::default());
    }

    proptest! {
        #[test]
        fn net_takings_are_money_in_less_refunds(
            sales in prop::collection::vec((money(), 0usize..6), 0..10),
            refunds in prop::collection::vec((money(), 0usize..5), 0..4),
        ) {
            let mut e = Vec::new();
            let mut expect = Decimal::ZERO;
            for (amount, m) in &sales {
                let method = PaymentMethod::ALL[*m];
                e.push(DayEntry::Sale { total: *amount, discount: Decimal::ZERO });
                e.push(DayEntry::Paid(Payment { method, amount: *amount }));
                if method != PaymentMethod::Deposit {
                    expect += *amount;
                }
            }
            for (amount, m) in &refunds {
                e.push(DayEntry::Refund(Payment { method: PaymentMethod::ALL[*m], amount: *amount }));
                expect -= *amount;
            }
            let t = day_totals(&e);
            prop_assert_eq!(t.net, expect);
            prop_assert_eq!(t.sales as usize, sales.len());
            prop_assert!(t.by_method.iter().all(|(m, a)| *m != PaymentMethod::Deposit && !a.is_zero()));
        }
    }
}

#[cfg(test)]
mod state_machine_tests {
    use super::*;

    fn st(status: SaleStatus, approval: Approval) -> SaleState {
        SaleState { status, approval }
    }

    const APPROVALS: [Approval; 4] = [
        Approval::NotNeeded,
        Approval::Pending,
        Approval::Approved,
        Approval::Rejected,
    ];

    fn events() -> Vec<SaleEvent> {
        let mut e = vec![SaleEvent::Edit, SaleEvent::Void];
        for b in [false, true] {
            e.push(SaleEvent::RequestApproval { needed: b });
            e.push(SaleEvent::Decide { approve: b });
            e.push(SaleEvent::Complete { needs_approval: b });
            e.push(SaleEvent::Return { all_back: b });
        }
        e
    }

    /// Every (status × approval × event) against the outcome written out rule by rule.
    #[test]
    fn every_state_and_event() {
        use SaleRefusal as R;
        use SaleStatus::*;
        let mut checked = 0;
        for status in SaleStatus::ALL {
            for approval in APPROVALS {
                let s = st(status, approval);
                for ev in events() {
                    let expected = match (status, ev) {
                        (Draft, SaleEvent::Edit) => Ok(st(Draft, Approval::NotNeeded)),
                        (_, SaleEvent::Edit) => Err(R::NotDraft),
                        (Draft, SaleEvent::RequestApproval { needed: true }) => {
                            Ok(st(Draft, Approval::Pending))
                        }
                        (Draft, SaleEvent::RequestApproval { needed: false }) => {
                            Err(R::NoApprovalNeeded)
                        }
                        (_, SaleEvent::RequestApproval { .. }) => Err(R::NotDraft),
                        (Draft, SaleEvent::Decide { approve }) if approval == Approval::Pending => {
                            let decided = if approve {
                                Approval::Approved
                            } else {
                                Approval::Rejected
                            };
                            Ok(st(Draft, decided))
                        }
                        (_, SaleEvent::Decide { .. }) => Err(R::NotPendingApproval),
                        (Completed | Returned, SaleEvent::Complete { .. }) => {
                            Err(R::AlreadyCompleted)
                        }
                        (Voided, SaleEvent::Complete { .. }) => Err(R::NotDraft),
                        (
                            Draft,
                            SaleEvent::Complete {
                                needs_approval: true,
                            },
                        ) if approval != Approval::Approved => Err(R::NeedsApproval),
                        (Draft, SaleEvent::Complete { .. }) => Ok(st(Completed, approval)),
                        (Draft, SaleEvent::Void) => Ok(st(Voided, approval)),
                        (_, SaleEvent::Void) => Err(R::NotDraft),
                        (Completed, SaleEvent::Return { all_back }) => {
                            Ok(st(if all_back { Returned } else { Completed }, approval))
                        }
                        (_, SaleEvent::Return { .. }) => Err(R::NotCompleted),
                    };
                    assert_eq!(sale_transition(s, ev), expected, "{s:?} {ev:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 4 * 4 * 10);
    }

    #[test]
    fn voided_and_returned_sales_take_no_event() {
        for approval in APPROVALS {
            for ev in events() {
                for end in [SaleStatus::Voided, SaleStatus::Returned] {
                    let after = sale_transition(st(end, approval), ev);
                    assert!(after.is_err(), "{end:?} {ev:?} → {after:?}");
                }
            }
        }
    }

    #[test]
    fn the_approval_journey() {
        let mut s = st(SaleStatus::Draft, Approval::NotNeeded);
        assert_eq!(
            sale_transition(
                s,
                SaleEvent::Complete {
                    needs_approval: true
                }
            ),
            Err(SaleRefusal::NeedsApproval)
        );
        s = sale_transition(s, SaleEvent::RequestApproval { needed: true }).unwrap();
        s = sale_transition(s, SaleEvent::Decide { approve: true }).unwrap();
        assert_eq!(s.approval, Approval::Approved);
        // A change after the approval needs it again.
        let edited = sale_transition(s, SaleEvent::Edit).unwrap();
        assert_eq!(
            sale_transition(
                edited,
                SaleEvent::Complete {
                    needs_approval: true
                }
            ),
            Err(SaleRefusal::NeedsApproval)
        );
        s = sale_transition(
            s,
            SaleEvent::Complete {
                needs_approval: true,
            },
        )
        .unwrap();
        assert_eq!(s.status, SaleStatus::Completed);
        s = sale_transition(s, SaleEvent::Return { all_back: false }).unwrap();
        assert_eq!(s.status, SaleStatus::Completed);
        s = sale_transition(s, SaleEvent::Return { all_back: true }).unwrap();
        assert_eq!(s.status, SaleStatus::Returned);
    }
}
