//! The `<head>` of the pages the server renders whole, outside the app (the receipt, the print
//! list, the chain settings): no Wasm, only their stylesheets.

use leptos::prelude::*;

#[component]
pub fn ServerHead(title: String, sheets: Vec<String>) -> impl IntoView {
    view! {
        <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <link rel="icon" href="/icons/icon-192.png"/>
            <title>{title}</title>
            {sheets.into_iter().map(|href| view! { <link rel="stylesheet" href=href/> }).collect_view()}
        </head>
    }
}
