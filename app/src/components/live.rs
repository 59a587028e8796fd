//! Live queue updates: the server pushes an event (Server-Sent Events) whenever this person's
//! queue changes; components that show the queue re-fetch when the tick moves. The browser's
//! EventSource reconnects by itself after a network loss, and the `hello` it gets on every
//! (re)connection also moves the tick, so nothing missed while offline stays stale.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct LiveTick(pub RwSignal<u64>);

pub fn use_live_tick() -> RwSignal<u64> {
    use_context::<LiveTick>()
        .map(|t| t.0)
        .unwrap_or_else(|| RwSignal::new(0))
}

/// Provides the tick; in the browser, also opens the event stream when `enabled`.
pub fn provide_live(enabled: bool) {
    let tick = RwSignal::new(0u64);
    provide_context(LiveTick(tick));
    #[cfg(feature = "hydrate")]
    if enabled {
        Effect::new(move |opened: Option<bool>| {
            if opened.is_some() {
                return true;
            }
            connect(tick);
            true
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = enabled;
}

#[cfg(feature = "hydrate")]
fn connect(tick: RwSignal<u64>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Ok(source) = web_sys::EventSource::new("/api/events") else {
        return;
    };
    let on_event = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        tick.update(|t| *t += 1);
    });
    for name in ["queue", "hello"] {
        let _ = source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
    }
    // The stream lives as long as the page.
    on_event.forget();
    std::mem::forget(source);
}
