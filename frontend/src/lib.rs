//! The Wasm entry point: hydrates the server-rendered page. Nothing else lives here.
// The hydration future names the whole view tree's type when views are not erased (checks, clippy).
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    // Hydrated asynchronously: a page of a lazily loaded area first fetches that area's Wasm
    // chunk (`hydrate_lazy` does the same, without telling us when it is done).
    wasm_bindgen_futures::spawn_local(async move {
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        // A marker for tests and tooling: the page is now interactive.
        let _ = body.set_attribute("data-hydrated", "");
    });
}
