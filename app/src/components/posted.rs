//! Forms that work before (or without) the Wasm.
//!
//! A store-floor form is a real `<form method="post">` whose action is its server function
//! (`ActionForm`, or a plain form with the same field names). With the Wasm running, the
//! submit is intercepted and dispatched as usual. Without it, the browser posts the form; the
//! server runs the function, keeps what was posted and what came of it in a short-lived cookie
//! ([`Posted`], set by the server's edge) and sends the browser back to the form's page. That
//! page then calls [`posted`] for its action: the action's value becomes the outcome (so the
//! same code shows the confirmation, or the error next to its field) and the posted arguments
//! come back to refill the fields. The value travels to the client with the page
//! (`SharedValue`), so hydration sees what the server rendered.
//!
//! [`keep_typed`] covers the other half: text typed into a server-rendered field while the Wasm
//! was still loading survives hydration.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use server_fn::ServerFn;

/// The cookie the server's edge leaves after a form post made without JavaScript.
pub const COOKIE: &str = "vitrine_posted";

/// What a form post made without JavaScript left for the page it returns to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    /// The server function's path (`/api/reservations/create`).
    pub endpoint: String,
    /// The posted form, URL-encoded (empty when it was too large to keep).
    pub body: String,
    /// The function's JSON answer, or its error.
    pub outcome: Result<String, AppError>,
}

impl Posted {
    /// The cookie value (URL-safe base64 of the JSON), or `None` when even the outcome alone
    /// would not fit in a cookie.
    pub fn encode(&self) -> Option<String> {
        const MAX: usize = 3800;
        let enc = |p: &Posted| {
            serde_json::to_string(p)
                .ok()
                .map(|j| b64::encode(j.as_bytes()))
        };
        match enc(self) {
            Some(v) if v.len() <= MAX => Some(v),
            _ => {
                // Too large with the typed text: keep the outcome; the fields start empty.
                let lean = Posted {
                    body: String::new(),
                    ..self.clone()
                };
                enc(&lean).filter(|v| v.len() <= MAX)
            }
        }
    }

    pub fn decode(v: &str) -> Option<Posted> {
        let bytes = b64::decode(v)?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The posted arguments, decoded the way the server function decodes a form.
    pub fn args<A: DeserializeOwned>(&self) -> Option<A> {
        serde_qs::Config::new(5, false)
            .deserialize_str::<A>(&self.body)
            .ok()
    }
}

/// What a post without JavaScript to `A` left for this page, if anything: the action's value is
/// set to its outcome and the posted arguments are returned (to refill the form). Call it once
/// per action, in the component that renders the form, on the server and the client alike.
pub fn posted<A>(action: ServerAction<A>) -> Option<A>
where
    A: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
    A::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let here = SharedValue::new(move || from_request(A::PATH)).into_inner()?;
    let outcome = match &here.outcome {
        Ok(json) => serde_json::from_str::<A::Output>(json).map_err(|_| AppError::Internal),
        Err(e) => Err(e.clone()),
    };
    action.value().set(Some(outcome));
    here.args::<A>()
}

#[cfg(feature = "ssr")]
fn from_request(endpoint: &str) -> Option<Posted> {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Posted>().cloned())
        .filter(|p| p.endpoint == endpoint)
}

#[cfg(not(feature = "ssr"))]
fn from_request(_endpoint: &str) -> Option<Posted> {
    None
}

/// Text typed into these fields (by element id) before the Wasm hydrated them is put back into
/// their signals once hydration is done (hydrating `prop:value` writes the signal's value over
/// the field). Does nothing outside hydration.
pub fn keep_typed(fields: &[(&'static str, RwSignal<String>)]) {
    for (id, sig) in fields {
        let sig = *sig;
        restore_typed(id, &sig.get_untracked(), move |v| sig.set(v));
    }
}

/// During hydration: when the field `id` holds something other than `current` (typed before
/// the Wasm arrived), `set` gets it once hydration is done.
#[allow(unused_variables)]
pub fn restore_typed(id: &str, current: &str, set: impl Fn(String) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let hydrating = Owner::current_shared_context()
            .map(|sc| sc.during_hydration())
            .unwrap_or(false);
        if !hydrating {
            return;
        }
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        else {
            return;
        };
        let typed = if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            i.value()
        } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            t.value()
        } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.value()
        } else {
            return;
        };
        if typed != current {
            // An effect runs after the hydration pass: the field gets back what was typed.
            Effect::new(move |_| set(typed.clone()));
        }
    }
}

/// URL-safe base64 without padding (RFC 4648 §5), enough for a cookie value; small enough not
/// to pull a crate into the Wasm.
mod b64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    pub fn decode(s: &str) -> Option<Vec<u8>> {
        let val = |c: u8| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32);
        let mut out = Vec::with_capacity(s.len() * 3 / 4);
        for chunk in s.as_bytes().chunks(4) {
            if chunk.len() == 1 {
                return None;
            }
            let mut n = 0u32;
            for (i, c) in chunk.iter().enumerate() {
                n |= val(*c)? << (18 - 6 * i);
            }
            for i in 0..chunk.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let e = b64::encode(&bytes);
            prop_assert!(e.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            prop_assert_eq!(b64::decode(&e), Some(bytes));
        }
    }

    #[test]
    fn a_posted_form_round_trips_through_its_cookie() {
        let p = Posted {
            endpoint: "/api/reservations/create".into(),
            body: "input[name]=%E5%BC%A0%E4%B8%89&input[mobile]=1380".into(),
            outcome: Err(AppError::field("mobile", Msg::ErrMobileFormat)),
        };
        let v = p.encode().unwrap();
        assert!(!v.contains([';', ',', ' ', '"']));
        assert_eq!(Posted::decode(&v), Some(p));
        assert_eq!(Posted::decode("%%%"), None);
        assert_eq!(
            Posted::decode("e30"),
            None,
            "valid base64 of something that is not a Posted"
        );
    }

    #[test]
    fn a_posted_form_too_large_for_a_cookie_keeps_its_outcome_and_drops_the_fields() {
        let p = Posted {
            endpoint: "/api/x".into(),
            body: "needs=".to_string() + &"%E5".repeat(2000),
            outcome: Ok("\"YY20261201-0001\"".into()),
        };
        let back = Posted::decode(&p.encode().unwrap()).unwrap();
        assert_eq!(back.body, "");
        assert_eq!(back.outcome, p.outcome);
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Act {
        id: i32,
        version: i32,
        action: crate::model::QueueAction,
    }

    #[test]
    fn posted_arguments_decode_like_the_server_function_decodes_them() {
        use crate::model::QueueAction;
        let p = |body: &str| Posted {
            endpoint: String::new(),
            body: body.into(),
            outcome: Ok(String::new()),
        };
        assert_eq!(
            p("id=3&version=2&action=Claim").args::<Act>(),
            Some(Act {
                id: 3,
                version: 2,
                action: QueueAction::Claim
            })
        );
        assert_eq!(
            p("id=3&version=2&action%5BTransfer%5D%5Bto%5D=7").args::<Act>(),
            Some(Act {
                id: 3,
                version: 2,
                action: QueueAction::Transfer { to: 7 }
            })
        );
        assert_eq!(
            p("id=3&version=2&action[Finish][deal]=true&action[Finish][note]=%E5%A5%BD")
                .args::<Act>(),
            Some(Act {
                id: 3,
                version: 2,
                action: QueueAction::Finish {
                    deal: Some(true),
                    note: "好".into()
                }
            })
        );
        assert_eq!(p("id=x").args::<Act>(), None);
    }
}
