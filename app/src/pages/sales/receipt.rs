//! The receipt (销售小票) as a Leptos component, rendered on the server for the browser's print
//! dialog (`GET /sales/:id/receipt`): 80 mm thermal paper or A5, styled by `receipt.css` and the
//! paper's sheet (files the CSP's `style-src 'self'` allows). Text is escaped by Leptos and
//! translated from the catalogue in the printing person's language.

use crate::domain::mobile::mask;
use crate::domain::sale::{yuan, SaleStatus};
use crate::domain::time::Zone;
use crate::i18n::{Lang, Msg};
use crate::model::{ChainSettings, SaleView};
use crate::pages::server_head::ServerHead;
use leptos::prelude::*;

/// The paper a receipt is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    Thermal80,
    A5,
}

impl Paper {
    /// `a5`, else the 80 mm roll (the shops' default).
    pub fn parse(s: &str) -> Paper {
        if s == "a5" {
            Paper::A5
        } else {
            Paper::Thermal80
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Paper::Thermal80 => "80mm",
            Paper::A5 => "a5",
        }
    }
}

/// The whole printable page, under the chain's name and logo.
pub fn receipt_html(
    s: &SaleView,
    chain: &ChainSettings,
    paper: Paper,
    zone: Zone,
    lang: Lang,
) -> String {
    let (s, chain) = (s.clone(), chain.clone());
    let html = Owner::new().with(|| view! { <Receipt sale=s chain paper zone lang/> }.to_html());
    format!("<!DOCTYPE html>{html}")
}

#[component]
fn Receipt(
    sale: SaleView,
    chain: ChainSettings,
    paper: Paper,
    zone: Zone,
    lang: Lang,
) -> impl IntoView {
    let tr = move |m: Msg| m.text(lang);
    let receipt = sale.receipt_no.clone().unwrap_or_default();
    let sheet = format!("/receipt-{}.css", paper.code());
    // A receipt leaves the store: the number on it is always masked.
    let customer = sale.customer.clone().map(|c| {
        let shown = if c.mobile.contains('*') {
            c.mobile.clone()
        } else {
            mask(&c.mobile)
        };
        view! { <div>{tr(Msg::Customer)}" "{c.name}" "{shown}</div> }
    });
    let lines = sale
        .lines
        .iter()
        .map(|l| {
            let cert = (!l.cert_no.is_empty()).then(
                || view! { <div class="sub">{tr(Msg::ReceiptCert)}" "{l.cert_no.clone()}</div> },
            );
            let formula = (!l.formula.is_empty())
                .then(|| view! { <div class="sub">{l.formula.clone()}</div> });
            let discount = (!l.discount.is_zero()).then(|| {
                view! {
                    <div class="sub">
                        {tr(Msg::ListPrice)}" ¥"{yuan(l.list_price)}" "{tr(Msg::ReceiptOff)}" −¥"
                        {yuan(l.discount)}
                    </div>
                }
            });
            view! {
                <tr class="line" class:returned=l.returned>
                    <td>
                        {l.description.clone()}
                        <div class="sub">{l.style_no.clone()}" "{l.barcode.clone()}</div>
                        {cert}
                        {formula}
                        {discount}
                    </td>
                    <td class="num">"¥"{yuan(l.final_price)}</td>
                </tr>
            }
        })
        .collect_view();
    let pays = sale
        .payments
        .iter()
        .map(|p| {
            let refund = p
                .amount
                .is_sign_negative()
                .then(|| format!("{} ", tr(Msg::ReceiptRefund)));
            let reference = (!p.reference.is_empty())
                .then(|| view! { " "<span class="sub">{p.reference.clone()}</span> });
            view! {
                <tr>
                    <td>{refund}{tr(p.method.msg())}{reference}</td>
                    <td class="num">"¥"{yuan(p.amount.abs())}</td>
                </tr>
            }
        })
        .collect_view();
    let returned = (sale.status == SaleStatus::Returned)
        .then(|| view! { <div class="c"><strong>{tr(Msg::SaleReturned)}</strong></div> });
    let when = sale
        .completed_at
        .map(|t| zone.format(t))
        .unwrap_or_default();
    view! {
        <html lang=lang.code()>
            <ServerHead
                title=format!("{} {receipt}", tr(Msg::ReceiptTitle))
                sheets=vec!["/receipt.css".into(), sheet]
            />
            <body data-paper=paper.code()>
                {chain.logo_url().map(|src| view! { <img class="logo" src=src alt=""/> })}
                <h1 data-testid="receipt-chain">{chain.name.clone()}</h1>
                <div class="c store">{sale.store_name.clone()}</div>
                <div class="c sub">{sale.store_address.clone()}<br/>{sale.store_phone.clone()}</div>
                <hr/>
                <div>
                    {tr(Msg::ReceiptNo)}" "<strong data-testid="receipt-no">{receipt.clone()}</strong>
                </div>
                <div>{tr(Msg::ReceiptDate)}" "{when}</div>
                <div>{tr(Msg::ReceiptConsultant)}" "{sale.consultant_name.clone()}</div>
                {customer}
                <hr/>
                <table>{lines}</table>
                <hr/>
                <table>
                    <tr><td>{tr(Msg::ListTotal)}</td><td class="num">"¥"{yuan(sale.totals.list_total)}</td></tr>
                    <tr><td>{tr(Msg::ReceiptOff)}</td><td class="num">"−¥"{yuan(sale.totals.discount_total)}</td></tr>
                    <tr class="total"><td>{tr(Msg::AmountDue)}</td><td class="num">"¥"{yuan(sale.totals.total)}</td></tr>
                    {pays}
                </table>
                {returned}
                <hr/>
                <div class="c">{tr(Msg::ReceiptAfterSales)}<div class="no">{receipt}</div></div>
            </body>
        </html>
    }
}
