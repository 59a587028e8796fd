use crate::components::query::href;
use crate::i18n::{fill, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// Previous/next links and the position in a paged list. `link(page)` builds the URL of a page.
#[component]
pub fn Pager(
    page: u64,
    pages: u64,
    total: u64,
    path: &'static str,
    /// The other query pairs of the list (filters and sort), kept when paging.
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |p: u64| {
        let mut pairs = keep.clone();
        pairs.push(("page", if p > 1 { p.to_string() } else { String::new() }));
        href(path, &pairs)
    };
    let prev = (page > 1).then(|| link(page - 1));
    let next = (page < pages).then(|| link(page + 1));
    view! {
        <nav class="pager" aria-label="pagination">
            {prev.map(|h| view! { <A href=h attr:class="btn" attr:rel="prev">{move || Msg::Previous.text(i18n.lang())}</A> })}
            <span class="pager-pos" data-testid="pager-pos">
                {move || fill(
                    Msg::PageOf.text(i18n.lang()),
                    &[("page", page.to_string()), ("pages", pages.to_string()), ("total", total.to_string())],
                )}
            </span>
            {next.map(|h| view! { <A href=h attr:class="btn" attr:rel="next">{move || Msg::Next.text(i18n.lang())}</A> })}
        </nav>
    }
}
