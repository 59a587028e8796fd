//! What an empty list says: not "nothing here" but what to do next, with the step as a button.

use leptos::prelude::*;

/// The empty state of a list: a sentence saying why it may be empty and what to do next, and
/// optionally the buttons that do it (children).
#[component]
pub fn EmptyState(
    /// What to do next, in the reader's language (`t(…)`).
    #[prop(into)]
    text: TextProp,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="empty-state">
            <p>{move || text.get()}</p>
            {children.map(|c| view! { <div class="empty-actions">{c()}</div> })}
        </div>
    }
}
