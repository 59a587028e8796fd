//! Languages and messages: the catalogue (`catalogue.rs`, plain data that the domain uses too)
//! and the reactive glue views use (`t`, `title`, the current language).

pub mod audit;
pub mod catalogue;

pub use catalogue::{fill, Lang, Msg, Text};
use leptos::prelude::*;

/// The language of the signed-in person (or zh-CN), reactive so a switch re-renders at once.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(RwSignal::new(Lang::default())))
}

impl I18n {
    /// The language now. A view the server was still resolving when its request was dropped
    /// (the client went away mid-page) may read it after the page's owner is gone: that text is
    /// thrown away, so the default serves, where reading the disposed signal panicked the task.
    pub fn lang(&self) -> Lang {
        self.0.try_get().unwrap_or_default()
    }
}

/// Reactive text of a message in the current language.
pub fn t<M: Text>(msg: M) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || msg.text(i18n.lang())
}

/// A page's `<Title>` text. leptos_meta reads titles when it writes the page's head, which on
/// the server happens in the response stream, outside the page's reactive owner and arena;
/// touching a signal there panicked under concurrent requests (the `sandboxed-arenas` "no Arena
/// is active" / "already disposed" 500s on /goods). So on the server the title is a plain string
/// fixed when the page renders; in the browser it stays reactive (the language switch retitles
/// the page).
#[cfg(not(feature = "hydrate"))]
pub fn title<M: Text>(msg: M) -> impl Fn() -> String + Send + Sync + 'static {
    let text = msg.text(use_i18n().0.get_untracked());
    move || text.to_string()
}

/// See the server variant above: in the browser the title follows the language signal.
#[cfg(feature = "hydrate")]
pub fn title<M: Text>(msg: M) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || msg.text(i18n.0.get()).to_string()
}
