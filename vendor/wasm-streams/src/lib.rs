//! A stand-in for wasm-streams 0.5 with only what server_fn's browser client names
//! (see this crate's Cargo.toml for why): a Rust stream becomes an empty web stream,
//! and a web stream reads as one error. ddia-lab has no server functions.

use futures_util::stream::{self, Stream};
use wasm_bindgen::JsValue;

/// A web `ReadableStream`.
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    /// An empty web stream in place of `stream` (nothing is sent).
    pub fn from_stream<S>(_stream: S) -> Self
    where
        S: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let empty = web_sys::ReadableStream::new().unwrap_or_else(|_| JsValue::NULL.into());
        Self(empty)
    }

    /// Wraps a web stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self(raw)
    }

    /// The web stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    /// One error: this build reads no response bodies as streams.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> {
        stream::once(async { Err(JsValue::from_str("ddia-lab has no server functions")) })
    }
}
