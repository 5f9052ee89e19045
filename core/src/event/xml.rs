//! A minimal XML tree for pushes, built on quick-xml: every element below the root with its
//! text, nothing else (attributes, comments and declarations are ignored).
//!
//! [`XmlDoc::parse`] first tries a strict fast path that accepts only the shape WeChat sends
//! (elements, plain text without references, CDATA, whitespace) and falls back to quick-xml for
//! anything else — including everything it must refuse (DOCTYPE, entities). Both give the same
//! tree; debug builds (tests, fuzzing) check that on every parse.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event as XmlEvent;

use super::{XmlFields, XmlValue};

/// Deepest nesting accepted below the root (pushes use 2; the limit bounds recursion in
/// consumers and the cost of hostile input).
pub(crate) const MAX_DEPTH: usize = 16;

/// Parent index of top-level elements (children of the root).
const TOP: usize = usize::MAX;

/// Why XML was refused, before mapping to the caller's error kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum XmlError {
    /// DOCTYPE, entity declaration or undeclared entity reference.
    Forbidden(&'static str),
    /// Not well-formed (or too deep).
    Malformed(&'static str),
}

/// Every element below the root, in document order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct XmlDoc<'a> {
    nodes: Vec<Node<'a>>,
}

#[derive(Debug, PartialEq, Eq)]
struct Node<'a> {
    parent: usize,
    name: Cow<'a, str>,
    value: Cow<'a, str>,
    has_children: bool,
}

impl<'a> XmlDoc<'a> {
    /// Parses `input` (UTF-8, checked piecewise by the reader); the root element's name is not
    /// checked.
    pub(crate) fn parse(input: &'a [u8]) -> Result<Self, XmlError> {
        if let Some(nodes) = fast::parse(input) {
            let doc = Self { nodes };
            debug_assert_eq!(
                Self::parse_general(input).as_ref(),
                Ok(&doc),
                "fast path diverged"
            );
            return Ok(doc);
        }
        Self::parse_general(input)
    }

    /// The quick-xml parser, for any input.
    fn parse_general(input: &'a [u8]) -> Result<Self, XmlError> {
        let result = Self::parse_inner(input);
        match result {
            Err(XmlError::Malformed(_)) if has_forbidden_markup(input) => {
                Err(XmlError::Forbidden("entity or DOCTYPE declaration"))
            }
            other => other,
        }
    }

    fn parse_inner(input: &'a [u8]) -> Result<Self, XmlError> {
        let mut reader = Reader::from_reader(input);
        reader.config_mut().check_end_names = true;
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(16);
        // Open elements below the root, innermost last; `depth` counts the root too.
        let mut stack = [TOP; MAX_DEPTH];
        let mut depth = 0usize;
        let mut root_seen = false;
        let mut acc = TextAcc::default();
        loop {
            let event = reader
                .read_event()
                .map_err(|_| XmlError::Malformed("XML syntax error or invalid UTF-8"))?;
            match event {
                XmlEvent::DocType(_) => return Err(XmlError::Forbidden("DOCTYPE")),
                XmlEvent::Start(ref e) | XmlEvent::Empty(ref e) => {
                    let empty = matches!(event, XmlEvent::Empty(_));
                    if depth == 0 {
                        if root_seen {
                            return Err(XmlError::Malformed("more than one root element"));
                        }
                        root_seen = true;
                        if !empty {
                            depth = 1;
                        }
                        continue;
                    }
                    let parent = stack.get(depth - 1).copied().unwrap_or(TOP);
                    if let Some(p) = nodes.get_mut(parent) {
                        p.has_children = true;
                    }
                    nodes.push(Node {
                        parent,
                        name: intern(e.name().as_ref()),
                        value: Cow::Borrowed(""),
                        has_children: false,
                    });
                    acc = TextAcc::default();
                    if empty {
                        continue;
                    }
                    let slot = stack
                        .get_mut(depth)
                        .ok_or(XmlError::Malformed("elements nested too deeply"))?;
                    *slot = nodes.len() - 1;
                    depth += 1;
                }
                XmlEvent::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        continue;
                    }
                    let index = stack.get(depth).copied().unwrap_or(TOP);
                    let value = std::mem::take(&mut acc).finish();
                    if let Some(node) = nodes.get_mut(index) {
                        if !node.has_children {
                            node.value = value;
                        }
                    }
                }
                XmlEvent::Text(t) if depth > 1 => acc.push_text(t.xml10_content()),
                XmlEvent::CData(t) if depth > 1 => acc.push(t.xml10_content(), true),
                XmlEvent::GeneralRef(r) => {
                    let resolved = resolve_entity(&r)?;
                    if depth > 1 {
                        acc.push(resolved, false);
                    }
                }
                XmlEvent::Eof => {
                    if depth != 0 || !root_seen {
                        return Err(XmlError::Malformed("unexpected end of XML"));
                    }
                    return Ok(Self { nodes });
                }
                XmlEvent::Text(t) => {
                    if depth == 0 && !t.trim().is_empty() {
                        return Err(XmlError::Malformed("text outside the root element"));
                    }
                }
                XmlEvent::CData(_) if depth == 0 => {
                    return Err(XmlError::Malformed("text outside the root element"));
                }
                XmlEvent::CData(_) | XmlEvent::Comment(_) | XmlEvent::Decl(_) | XmlEvent::PI(_) => {
                }
            }
        }
    }

    /// Index of the first element `name` under `parent` (`None` = top level).
    pub(crate) fn find(&self, parent: Option<usize>, name: &str) -> Option<usize> {
        // Nodes are in document order: children come after their parent.
        let (parent, start) = match parent {
            Some(p) => (p, p.saturating_add(1)),
            None => (TOP, 0),
        };
        let offset = self
            .nodes
            .get(start..)?
            .iter()
            .position(|n| n.parent == parent && n.name == name)?;
        Some(start + offset)
    }

    /// Text of the element at `index` (empty for an element with children).
    pub(crate) fn value(&self, index: usize) -> Option<&str> {
        self.nodes.get(index).map(|n| n.value.as_ref())
    }

    /// Text of the first top-level element `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.find(None, name).and_then(|i| self.value(i))
    }

    /// Text of `<parent><name>` (first of each).
    pub(crate) fn child(&self, parent: &str, name: &str) -> Option<&str> {
        let parent = self.find(None, parent)?;
        self.find(Some(parent), name).and_then(|i| self.value(i))
    }

    /// Indices of every element `name` under `parent` (`None` = top level), in document order.
    pub(crate) fn find_all<'s>(
        &'s self,
        parent: Option<usize>,
        name: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        let parent = parent.unwrap_or(TOP);
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.parent == parent && n.name == name)
            .map(|(i, _)| i)
    }

    /// Text of the first element `name` under `parent`, owned; `None` if absent.
    pub(crate) fn text_in(&self, parent: Option<usize>, name: &str) -> Option<String> {
        self.find(parent, name)
            .and_then(|i| self.value(i))
            .map(str::to_owned)
    }

    /// A number WeChat documents but sends in forms not verified: absent is `Ok(None)`;
    /// whitespace, CDATA and one pair of double quotes around the digits are accepted
    /// (`<status>"2"</status>`); anything else is [`Untyped`] — the caller keeps the push
    /// as an untyped one, with every element, rather than dropping the value.
    pub(crate) fn lenient_int(
        &self,
        parent: Option<usize>,
        name: &str,
    ) -> Result<Option<i64>, Untyped> {
        let Some(text) = self.find(parent, name).and_then(|i| self.value(i)) else {
            return Ok(None);
        };
        lenient_number(text).map(Some).ok_or(Untyped)
    }

    /// [`XmlDoc::lenient_int`] for a decimal (coordinates): finite `f64`.
    pub(crate) fn lenient_float(
        &self,
        parent: Option<usize>,
        name: &str,
    ) -> Result<Option<f64>, Untyped> {
        let Some(text) = self.find(parent, name).and_then(|i| self.value(i)) else {
            return Ok(None);
        };
        // JSON's number grammar (`-23.5`, `1e3`; not `+1`, `.5`, `nan`), checked here, then
        // core's parser (the nearest `f64`, as serde_json's): serde_json's own float parser
        // (~35 KB of wasm) is then not linked into the push module, which parses no JSON.
        let text = unquote(text);
        json_number(text)
            .then(|| text.parse::<f64>().ok())
            .flatten()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or(Untyped)
    }

    /// Takes the text of the first top-level element `name` out of the document.
    pub(crate) fn take(&mut self, name: &str) -> Option<Cow<'a, str>> {
        let index = self.find(None, name)?;
        self.nodes
            .get_mut(index)
            .map(|n| std::mem::take(&mut n.value))
    }

    /// The elements below `under` (`None` = the root) as a tree: each element by name, its text
    /// or its children; an element name that repeats gives a list, in document order.
    pub(crate) fn tree(&self, under: Option<usize>) -> XmlFields {
        // Children of every node, and of the root (last slot), in one pass.
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len() + 1];
        for (i, node) in self.nodes.iter().enumerate() {
            let slot = if node.parent == TOP {
                self.nodes.len()
            } else {
                node.parent
            };
            if let Some(list) = kids.get_mut(slot) {
                list.push(i);
            }
        }
        let start = under.unwrap_or(self.nodes.len());
        self.subtree(&kids, start)
    }

    fn subtree(&self, kids: &[Vec<usize>], parent: usize) -> XmlFields {
        let mut fields = XmlFields::default();
        for &i in kids.get(parent).map(Vec::as_slice).unwrap_or_default() {
            let Some(node) = self.nodes.get(i) else {
                continue;
            };
            // Depth is bounded by MAX_DEPTH, so the recursion is too.
            let value = if node.has_children {
                XmlValue::Element(self.subtree(kids, i))
            } else {
                XmlValue::Text(node.value.clone().into_owned())
            };
            fields.push(node.name.as_ref(), value);
        }
        fields
    }
}

/// A field did not have the documented form: the push is kept untyped (every element kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Untyped;

/// `text` trimmed, without one pair of surrounding double quotes.
fn unquote(text: &str) -> &str {
    let t = text.trim_matches(is_xml_ws);
    t.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .map_or(t, |inner| inner.trim_matches(is_xml_ws))
}

/// An integer as WeChat may write it: padded, in CDATA, or quoted (`"2"`).
pub(crate) fn lenient_number(text: &str) -> Option<i64> {
    unquote(text).parse().ok()
}

/// Whether `text` is a number in JSON's grammar (`-23.5`, `1e3`, `0.5`; not `+1`, `.5`, `1.`,
/// `01`, `nan`), the form coordinates are accepted in.
fn json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b.get(int_start) == Some(&b'0')) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Accumulates the text of one leaf: plain text is trimmed, CDATA kept, whitespace-only text
/// pieces at either end are dropped.
#[derive(Default)]
struct TextAcc<'a> {
    value: Cow<'a, str>,
    pending_ws: Cow<'a, str>,
    saw_cdata: bool,
}

impl<'a> TextAcc<'a> {
    fn push_text(&mut self, text: Cow<'a, str>) {
        if text.trim_matches(is_xml_ws).is_empty() {
            if !self.value.is_empty() {
                append(&mut self.pending_ws, text);
            }
            return;
        }
        self.push(text, false);
    }

    fn push(&mut self, piece: Cow<'a, str>, cdata: bool) {
        self.saw_cdata |= cdata;
        if !self.pending_ws.is_empty() {
            let ws = std::mem::take(&mut self.pending_ws);
            append(&mut self.value, ws);
        }
        append(&mut self.value, piece);
    }

    fn finish(self) -> Cow<'a, str> {
        if self.saw_cdata {
            return self.value;
        }
        match self.value {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim_matches(is_xml_ws)),
            Cow::Owned(s) => {
                let trimmed = s.trim_matches(is_xml_ws);
                if trimmed.len() == s.len() {
                    Cow::Owned(s)
                } else {
                    Cow::Owned(trimmed.to_owned())
                }
            }
        }
    }
}

fn append<'a>(target: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if target.is_empty() {
        *target = piece;
    } else {
        target.to_mut().push_str(&piece);
    }
}

fn is_xml_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Resolves a predefined entity or a character reference; anything else is refused.
fn resolve_entity<'a>(reference: &str) -> Result<Cow<'a, str>, XmlError> {
    let text = match reference {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => {
            let Some(number) = reference.strip_prefix('#') else {
                return Err(XmlError::Forbidden("reference to an undeclared entity"));
            };
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse(),
            };
            return code
                .ok()
                .filter(|&c| c != 0)
                .and_then(char::from_u32)
                .map(|c| Cow::Owned(c.to_string()))
                .ok_or(XmlError::Malformed("invalid character reference"));
        }
    };
    Ok(Cow::Borrowed(text))
}

/// Whether `input` contains `<!DOCTYPE` or `<!ENTITY` (any case) anywhere.
fn has_forbidden_markup(input: &[u8]) -> bool {
    input.windows(9).any(|w| {
        w.starts_with(b"<!")
            && (w
                .get(2..9)
                .is_some_and(|k| k.eq_ignore_ascii_case(b"DOCTYPE"))
                || w.get(2..8)
                    .is_some_and(|k| k.eq_ignore_ascii_case(b"ENTITY")))
    })
}

/// Element names of pushes, so that parsing a known push allocates no names.
const KNOWN_NAMES: &[&str] = &[
    "AppId",
    "CreateTime",
    "InfoType",
    "Encrypt",
    "ToUserName",
    "ComponentVerifyTicket",
    "AuthorizerAppid",
    "AuthorizationCode",
    "AuthorizationCodeExpiredTime",
    "PreAuthCode",
    "appid",
    "status",
    "auth_code",
    "msg",
    "info",
    "name",
    "code",
    "code_type",
    "legal_persona_wechat",
    "legal_persona_name",
    "legal_persona_openid",
    "component_phone",
    "wxuser",
    "idname",
    "taskid",
    "unique_id",
    // The message URL (spec §13).
    "FromUserName",
    "MsgType",
    "Event",
    "MsgId",
    "Content",
    "EventKey",
    "Ticket",
    "MediaId",
    "PicUrl",
    "ThumbMediaId",
    "Reason",
];

fn intern(name: &str) -> Cow<'static, str> {
    match KNOWN_NAMES.iter().find(|known| **known == name) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.to_owned()),
    }
}

/// The strict fast path: accepts `<root>` + elements with either children, one CDATA section
/// or plain text without `&`, separated by whitespace; no attributes, comments, declarations,
/// references, `\r` or mixed content. `None` means "not that shape": use the general parser.
mod fast {
    use std::borrow::Cow;

    use super::{MAX_DEPTH, Node, TOP, is_xml_ws};

    pub(super) fn parse(input: &[u8]) -> Option<Vec<Node<'_>>> {
        if memchr::memchr(b'\r', input).is_some() {
            return None;
        }
        let text = simdutf8::basic::from_utf8(input).ok()?;
        let mut cur = Cursor { rest: text };
        cur.skip_ws();
        let root = cur.open_tag()?;
        // 16 nodes hold every known push (the envelope has 2, an event up to ~15).
        let mut nodes: Vec<Node<'_>> = Vec::with_capacity(16);
        // Open elements below the root, innermost last.
        let mut stack = [TOP; MAX_DEPTH];
        let mut depth = 0usize;
        loop {
            cur.skip_ws();
            if cur.rest.starts_with("</") {
                let open = match depth.checked_sub(1) {
                    None => root,
                    Some(d) => nodes.get(*stack.get(d)?)?.name.as_ref(),
                };
                cur.close_tag(open)?;
                let Some(d) = depth.checked_sub(1) else {
                    cur.skip_ws();
                    return cur.rest.is_empty().then_some(nodes);
                };
                depth = d;
                continue;
            }
            let parent = match depth.checked_sub(1) {
                None => TOP,
                Some(d) => *stack.get(d)?,
            };
            let name = cur.open_tag()?;
            if let Some(p) = nodes.get_mut(parent) {
                p.has_children = true;
            }
            nodes.push(Node {
                parent,
                name: Cow::Borrowed(name),
                value: Cow::Borrowed(""),
                has_children: false,
            });
            let index = nodes.len() - 1;
            let after_tag = cur.rest;
            cur.skip_ws();
            let value = if let Some(cdata) = cur.rest.strip_prefix("<![CDATA[") {
                let end = cdata_end(cdata)?;
                let value = cdata.get(..end)?;
                cur.rest = cdata.get(end + 3..)?;
                cur.skip_ws();
                value
            } else if cur.rest.starts_with("</") {
                ""
            } else if cur.rest.starts_with('<') {
                // Children follow.
                *stack.get_mut(depth)? = index;
                depth += 1;
                continue;
            } else {
                // `end` is at an ASCII `<`, so both halves are on char boundaries.
                let end = memchr::memchr(b'<', after_tag.as_bytes())?;
                let (value, rest) = (after_tag.get(..end)?, after_tag.get(end..)?);
                if memchr::memchr(b'&', value.as_bytes()).is_some() {
                    return None;
                }
                cur.rest = rest;
                value.trim_matches(is_xml_ws)
            };
            cur.close_tag(name)?;
            if let Some(node) = nodes.get_mut(index) {
                node.value = Cow::Borrowed(value);
            }
        }
    }

    /// Position of the first `]]>` (SIMD memchr on `]`: much faster than a substring search
    /// over a long Base64 `Encrypt`, which has no `]`).
    fn cdata_end(s: &str) -> Option<usize> {
        let bytes = s.as_bytes();
        let mut from = 0;
        loop {
            let at = from + memchr::memchr(b']', bytes.get(from..)?)?;
            if bytes.get(at..)?.starts_with(b"]]>") {
                return Some(at);
            }
            from = at + 1;
        }
    }

    struct Cursor<'a> {
        rest: &'a str,
    }

    impl<'a> Cursor<'a> {
        fn skip_ws(&mut self) {
            self.rest = self.rest.trim_start_matches(is_xml_ws);
        }

        /// `<name>` with a plain name and nothing else.
        fn open_tag(&mut self) -> Option<&'a str> {
            let inner = self.rest.strip_prefix('<')?;
            let (name, rest) = split_name(inner)?;
            self.rest = rest.strip_prefix('>')?;
            Some(name)
        }

        /// `</name>` exactly.
        fn close_tag(&mut self, name: &str) -> Option<()> {
            self.rest = self
                .rest
                .strip_prefix("</")?
                .strip_prefix(name)?
                .strip_prefix('>')?;
            Some(())
        }
    }

    /// Splits a leading name of ASCII letters, digits, `_`, `-`, `.` (starting with a letter or
    /// `_`) off `s`.
    fn split_name(s: &str) -> Option<(&str, &str)> {
        let bytes = s.as_bytes();
        let first = *bytes.first()?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let end = bytes
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
            .unwrap_or(bytes.len());
        // `end` is at an ASCII byte (or the end), so it is a char boundary.
        Some((s.get(..end)?, s.get(end..)?))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn doc(xml: &str) -> XmlDoc<'_> {
        XmlDoc::parse(xml.as_bytes()).unwrap()
    }

    #[test]
    fn coordinates_take_json_numbers_only() {
        let float = |text: &str| {
            let xml = format!("<xml><x>{text}</x></xml>");
            doc(&xml).lenient_float(None, "x")
        };
        for (text, value) in [
            ("23.134521", 23.134521),
            (" <![CDATA[113.358803]]> ", 113.358803),
            ("\"-0.5\"", -0.5),
            ("0", 0.0),
            ("-0", -0.0),
            ("1e3", 1000.0),
            ("1.5E-2", 0.015),
            ("2e+1", 20.0),
            ("119.385040", 119.38504),
            // More digits than an f64 holds: still the nearest f64.
            ("0.30000000000000000000000000001", 0.3),
            ("1.7976931348623157e308", f64::MAX),
            ("4.9e-324", 5e-324),
        ] {
            assert_eq!(float(text), Ok(Some(value)), "{text}");
        }
        for text in [
            "+1", ".5", "1.", "01", "-", "1e", "1e+", "--1", "0x10", "nan", "inf", "1,5", "1 2",
            "1e400", "-1e400", "",
        ] {
            assert_eq!(float(text), Err(Untyped), "{text:?}");
        }
        assert_eq!(doc("<xml></xml>").lenient_float(None, "x"), Ok(None));
    }

    #[test]
    fn text_rules() {
        let d = doc(
            "<xml><a>  x  </a><b> <![CDATA[ y ]]>\n</b><c>a &amp; b&#x21;</c><d/><e></e></xml>",
        );
        assert_eq!(d.get("a"), Some("x"));
        assert_eq!(d.get("b"), Some(" y "));
        assert_eq!(d.get("c"), Some("a & b!"));
        assert_eq!(d.get("d"), Some(""));
        assert_eq!(d.get("e"), Some(""));
        assert_eq!(d.get("A"), None);
        let crlf = doc("<xml><a>x\r\ny</a><b><![CDATA[\r\n]]></b></xml>");
        assert_eq!((crlf.get("a"), crlf.get("b")), (Some("x\ny"), Some("\n")));
    }

    #[test]
    fn fast_path_takes_wechat_shapes() {
        for xml in [
            "<xml><a><![CDATA[x]]></a><b>1</b></xml>",
            "\n<xml>\n <a> <![CDATA[ x ]]> </a>\n <info>\n  <b>y</b>\n </info>\n</xml>\n",
            "<xml></xml>",
            "<xml><a></a><b>  </b></xml>",
        ] {
            let nodes = fast::parse(xml.as_bytes()).unwrap_or_else(|| panic!("{xml}"));
            assert_eq!(XmlDoc::parse_general(xml.as_bytes()).unwrap().nodes, nodes);
        }
        for xml in [
            "<xml a='1'></xml>",
            "<xml><a/></xml>",
            "<xml><a>x&amp;y</a></xml>",
            "<xml><!-- c --></xml>",
            "<?xml version='1.0'?><xml></xml>",
            "<xml><a>x<![CDATA[y]]></a></xml>",
            "<xml><a>x</b></xml>",
            "<xml>\r\n</xml>",
            "<xml></xml>x",
        ] {
            assert!(fast::parse(xml.as_bytes()).is_none(), "{xml}");
        }
    }

    #[test]
    fn refusals() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>"#;
        assert_eq!(
            XmlDoc::parse(xxe.as_bytes()).unwrap_err(),
            XmlError::Forbidden("DOCTYPE")
        );
        assert!(matches!(
            XmlDoc::parse(b"<xml><a>&e;</a></xml>"),
            Err(XmlError::Forbidden(_))
        ));
        assert!(matches!(
            XmlDoc::parse(b"<!ENTITY e 'x'><xml/>"),
            Err(XmlError::Forbidden(_))
        ));
        for bad in [
            &b""[..],
            b"<xml>",
            b"<xml></y>",
            b"<xml/><xml/>",
            b"x<xml/>",
            b"<xml>&#0;</xml>",
            b"<xml><a>\xff</a></xml>",
            b"<xml><a><![CDATA[\xc3]]></a></xml>",
            b"<xml \xff='1'></xml>",
        ] {
            assert!(
                XmlDoc::parse(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let deep = format!("<xml>{}{}</xml>", "<a>".repeat(40), "</a>".repeat(40));
        assert_eq!(
            XmlDoc::parse(deep.as_bytes()).unwrap_err(),
            XmlError::Malformed("elements nested too deeply")
        );
    }

    #[test]
    fn tree_keeps_nesting_and_repeats() {
        let d = doc("<xml><a>1</a><l><i>x</i><i>y</i></l><l><i>z</i></l><a>2</a><e/></xml>");
        let t = d.tree(None);
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "a": ["1", "2"],
                "l": [{"i": ["x", "y"]}, {"i": "z"}],
                "e": "",
            })
        );
        let info = d.find(None, "l").unwrap();
        assert_eq!(
            serde_json::to_value(d.tree(Some(info))).unwrap(),
            serde_json::json!({"i": ["x", "y"]})
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whenever the fast path accepts, it agrees with quick-xml.
        #[test]
        fn fast_path_agrees(pieces in proptest::collection::vec(
            prop_oneof![
                Just("<xml>"), Just("</xml>"), Just("<a>"), Just("</a>"), Just("<b>"), Just("</b>"),
                Just("<info>"), Just("</info>"), Just("<![CDATA["), Just("]]>"), Just(" "), Just("\n"),
                Just("x y"), Just("&amp;"), Just("<a/>"), Just("<!-- c -->"), Just("\r"), Just(">"),
                Just("]]"), Just("é"), Just("\t"), Just("<"), Just("</"), Just("<_-.9>"),
            ],
            0..24,
        )) {
            let xml = pieces.concat();
            if let Some(nodes) = fast::parse(xml.as_bytes()) {
                prop_assert_eq!(XmlDoc::parse_general(xml.as_bytes()).map(|d| d.nodes), Ok(nodes));
            }
        }

        /// Coordinates take exactly what serde_json's number parser takes, to the same `f64`
        /// (it parsed them before): JSON's grammar, the nearest value, infinities refused.
        #[test]
        fn coordinates_agree_with_serde_json(text in "[-+]?[0-9.]{0,4}[0-9]{0,22}(\\.[0-9]{0,20})?([eE][-+]?[0-9]{0,4})?") {
            let xml = format!("<xml><x>{text}</x></xml>");
            let ours = doc(&xml).lenient_float(None, "x");
            let theirs = serde_json::from_str::<f64>(&text).ok().filter(|f| f.is_finite());
            prop_assert_eq!(ours.ok().flatten().map(f64::to_bits), theirs.map(f64::to_bits), "{}", text);
        }
    }
}
