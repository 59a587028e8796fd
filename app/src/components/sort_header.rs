use crate::components::query::href;
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// A column header that sorts the list by `column`, toggling direction when already sorted.
#[component]
pub fn SortTh(
    label: Msg,
    column: &'static str,
    path: &'static str,
    /// The current sort column and whether it is descending.
    current: (String, bool),
    /// The list's filters, kept when sorting (paging restarts at 1).
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let (sort, desc) = current;
    let active = sort == column;
    let next_desc = active && !desc;
    let mut pairs = keep;
    pairs.push(("sort", column.to_string()));
    pairs.push((
        "dir",
        if next_desc {
            "desc".into()
        } else {
            String::new()
        },
    ));
    let link = href(path, &pairs);
    let aria = if active {
        if desc {
            "descending"
        } else {
            "ascending"
        }
    } else {
        "none"
    };
    let arrow = if active {
        if desc {
            " ▼"
        } else {
            " ▲"
        }
    } else {
        ""
    };
    view! {
        <th aria-sort=aria>
            <A href=link attr:class="sort">{t(label)}{arrow}</A>
        </th>
    }
}
