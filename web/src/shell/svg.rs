//! A tiny SVG markup writer: pictures built as one string and put on the page with
//! `inner_html`.
//!
//! Why strings: the storage lab's pictures are redrawn whole on every change, so typed
//! views (one tachys view type per SVG element) buy no fine-grained updates there, while
//! each of them costs wasm code. One `inner_html` replaces thousands of typed view
//! nodes, which keeps the page within its size budget.
//!
//! An element is started with [`Svg::el`], given attributes with [`Svg::attr`] and
//! [`Svg::num`], and ended by [`Svg::empty`] (`<rect .../>`), [`Svg::text`]
//! (`<text ...>escaped</text>`) or [`Svg::open`] (children follow until [`Svg::close`]):
//!
//! ```
//! # use ddia_web::shell::svg::Svg;
//! let mut svg = Svg::new();
//! svg.el("g").attr("class", "cell").open();
//! svg.el("rect").num("width", 28.0).attr("rx", "3").empty();
//! svg.el("text").num("x", 14.0).text("a < b");
//! svg.close();
//! assert_eq!(
//!     svg.finish(),
//!     r#"<g class="cell"><rect width="28.0" rx="3"/><text x="14.0">a &lt; b</text></g>"#
//! );
//! ```

use super::format::fixed;

/// SVG markup being written, in document order.
#[derive(Default)]
pub struct Svg {
    out: String,
    /// The element started by [`Svg::el`] whose start tag is still open.
    tag: &'static str,
    /// The elements opened by [`Svg::open`] and not closed yet, innermost last.
    open: Vec<&'static str>,
}

impl Svg {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts an element: writes `<tag`. Attributes follow, then [`Svg::empty`],
    /// [`Svg::text`] or [`Svg::open`].
    pub fn el(&mut self, tag: &'static str) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        self.tag = tag;
        self
    }

    /// Writes the attribute ` name="value"`, the value escaped.
    pub fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
        self
    }

    /// Writes the attribute ` name="value"` with one decimal, through
    /// [`fixed`] (no float formatting code).
    pub fn num(&mut self, name: &str, value: f64) -> &mut Self {
        self.attr(name, &fixed(value, 1))
    }

    /// Ends the element without content: `/>`.
    pub fn empty(&mut self) -> &mut Self {
        self.out.push_str("/>");
        self
    }

    /// Ends the element with `text` (escaped) as its content: `>text</tag>`.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.push('>');
        escape_into(&mut self.out, text);
        self.end_tag(self.tag)
    }

    /// Ends the start tag (`>`); the element's children follow, then [`Svg::close`].
    pub fn open(&mut self) -> &mut Self {
        self.out.push('>');
        self.open.push(self.tag);
        self
    }

    /// Closes the innermost element left open by [`Svg::open`]: `</tag>`.
    pub fn close(&mut self) -> &mut Self {
        let tag = self.open.pop().expect("Svg::close without Svg::open");
        self.end_tag(tag)
    }

    /// `<title>text</title>`: the tooltip of the enclosing element.
    pub fn title(&mut self, text: &str) -> &mut Self {
        self.el("title").text(text)
    }

    /// Appends markup as it is, e.g. what another [`Svg`] wrote: for a root element
    /// whose attributes (say, the `viewBox` height) are known only after its content.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// The markup written.
    pub fn finish(self) -> String {
        debug_assert!(self.open.is_empty(), "unclosed {:?}", self.open);
        self.out
    }

    fn end_tag(&mut self, tag: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }
}

/// Appends `s` to `out` with `&`, `<`, `>` and `"` escaped: safe both as text and as a
/// double-quoted attribute value.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s);
        out
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            escaped("a < b && c > \"d\""),
            "a &lt; b &amp;&amp; c &gt; &quot;d&quot;"
        );
        assert_eq!(escaped("L0 → L1 · ⇩ 'x'"), "L0 → L1 · ⇩ 'x'");
        let mut s = Svg::new();
        s.el("text").attr("data-k", "\"<&>\"").text("<b>&");
        assert_eq!(
            s.finish(),
            "<text data-k=\"&quot;&lt;&amp;&gt;&quot;\">&lt;b&gt;&amp;</text>"
        );
    }

    #[test]
    fn nests_and_self_closes() {
        let mut s = Svg::new();
        s.el("svg")
            .attr("class", "storage-svg lsm")
            .attr("viewBox", "0 0 10 20")
            .open();
        s.el("g").attr("class", "cell").attr("data-id", "7").open();
        s.title("key 7");
        s.el("rect").num("width", 28.0).attr("rx", "3").empty();
        s.el("text").num("x", 13.96).num("y", -0.04).text("7");
        s.close();
        s.el("g").open().close();
        s.el("line").empty();
        s.close();
        assert_eq!(
            s.finish(),
            "<svg class=\"storage-svg lsm\" viewBox=\"0 0 10 20\">\
             <g class=\"cell\" data-id=\"7\"><title>key 7</title>\
             <rect width=\"28.0\" rx=\"3\"/><text x=\"14.0\" y=\"0.0\">7</text></g>\
             <g></g><line/></svg>"
        );
        assert_eq!(Svg::new().finish(), "");
    }

    #[test]
    fn raw_markup_goes_in_as_is() {
        let mut body = Svg::new();
        body.el("line").attr("x1", "1").empty();
        let mut root = Svg::new();
        root.el("svg").attr("viewBox", "0 0 1 2").open();
        root.raw(&body.finish()).close();
        assert_eq!(
            root.finish(),
            "<svg viewBox=\"0 0 1 2\"><line x1=\"1\"/></svg>"
        );
    }

    #[test]
    #[should_panic(expected = "without Svg::open")]
    fn close_without_open_panics() {
        Svg::new().close();
    }
}
