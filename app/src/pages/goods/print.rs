//! The goods print view (`GET /goods/print?…`) as a Leptos component rendered on the server: an
//! A4 list of the results and a price tag per item, for the browser's print dialog. No script;
//! text escaped by Leptos, labels from the catalogue.

use crate::i18n::{fill, Lang, Msg};
use crate::pages::server_head::ServerHead;
use leptos::prelude::*;

/// One price tag.
pub struct Tag {
    pub name: String,
    pub style_no: String,
    pub material: String,
    pub grades: String,
    pub price: String,
    pub barcode: String,
}

/// What the page shows: column labels, the rows' cells, the tags, and how many matched.
pub struct PrintList {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub tags: Vec<Tag>,
    pub total: u64,
    pub capped: bool,
    pub printed_at: String,
}

pub fn print_html(list: PrintList, lang: Lang) -> String {
    let html = Owner::new().with(|| view! { <Print list lang/> }.to_html());
    format!("<!DOCTYPE html>{html}")
}

#[component]
fn Print(list: PrintList, lang: Lang) -> impl IntoView {
    let tr = move |m: Msg| m.text(lang);
    let shown = list.rows.len();
    let args = [
        ("total", list.total.to_string()),
        ("shown", shown.to_string()),
    ];
    let note = if list.capped {
        fill(tr(Msg::PrintCountCapped), &args)
    } else if list.total > shown as u64 {
        fill(tr(Msg::PrintCountFirst), &args)
    } else {
        fill(tr(Msg::PrintCountAll), &args)
    };
    let head = list
        .header
        .into_iter()
        .map(|h| view! { <th>{h}</th> })
        .collect_view();
    let rows = list
        .rows
        .into_iter()
        .map(|r| {
            view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
        })
        .collect_view();
    let tags = list
        .tags
        .into_iter()
        .map(|t| {
            view! {
                <div class="tag">
                    <div class="tag-name">{t.name}</div>
                    <div>{t.style_no}" "{t.material}</div>
                    <div>{t.grades}</div>
                    <div class="tag-price">{t.price}</div>
                    <div class="tag-barcode">{t.barcode}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        <html lang=lang.code()>
            <ServerHead title=tr(Msg::PrintListTitle).to_string() sheets=vec!["/pkg/vitrine.css".into()]/>
            <body class="print-view">
                <h1>{tr(Msg::PrintListTitle)}" "<small>{note}</small></h1>
                <p class="muted">{list.printed_at}</p>
                <table class="print-list" data-testid="print-list">
                    <thead><tr>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <h2 class="page-break">{tr(Msg::PrintTags)}</h2>
                <div class="tags">{tags}</div>
            </body>
        </html>
    }
}
