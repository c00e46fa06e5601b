//! From pasted text to decoded key/value pairs: find the query in a full URL, a `?query`,
//! a bare query or a `#fragment`, cap its size, split it, and unescape each part.

use super::notices::Notices;
use super::percent::decode_component;

/// Longest link read: far beyond any real link (a few hundred bytes), small enough that
/// decoding stays instant. The rest is ignored with a notice.
pub const MAX_LINK_BYTES: usize = 64 * 1024;
/// Most `key=value` parts read: several times the number of keys.
pub const MAX_PAIRS: usize = 256;

/// The query part of `input`. The query string wins; the fragment is read when there is no
/// query, so a link in the `#key=value` style (as TensorFlow Playground writes) still works.
/// A `?` counts as the start of a query only before any `=` or `&`, so a bare query holding
/// an unescaped `?` in a caption is not cut there.
pub fn query_part(input: &str) -> &str {
    let input = input.trim();
    let (main, fragment) = match input.split_once('#') {
        Some((main, fragment)) => (main, Some(fragment)),
        None => (input, None),
    };
    let query = after_question_mark(main).unwrap_or(if looks_like_url(main) { "" } else { main });
    match fragment {
        Some(f) if query.trim().is_empty() => after_question_mark(f).unwrap_or(f),
        _ => query,
    }
}

/// The text after a `?` that comes before any `=` or `&`.
fn after_question_mark(text: &str) -> Option<&str> {
    let mark = text.find('?')?;
    let head = &text[..mark];
    (!head.contains(['=', '&'])).then(|| &text[mark + 1..])
}

/// A URL or path without a query (`https://host/page`, `/page`), as opposed to a bare query:
/// it starts with `/` or has a scheme before any `=` or `&`.
fn looks_like_url(text: &str) -> bool {
    let data = text.find(['=', '&']).unwrap_or(text.len());
    text.starts_with('/') || text.find("://").is_some_and(|i| i < data)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The decoded `(key, value)` pairs of a link, in order, empty parts skipped. A part
/// without `=` is a key with an empty value (`?embed` reads as `embed=`).
pub fn pairs(input: &str, notices: &mut Notices) -> Vec<(String, String)> {
    if input.len() > MAX_LINK_BYTES {
        notices.push(format!(
            "the link is longer than {} KB; only its first {} KB are read",
            MAX_LINK_BYTES / 1024,
            MAX_LINK_BYTES / 1024
        ));
    }
    let query = query_part(prefix(input, MAX_LINK_BYTES));
    let mut parts = query.split('&').filter(|p| !p.trim().is_empty());
    let pairs: Vec<(String, String)> = parts
        .by_ref()
        .take(MAX_PAIRS)
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (
                decode_component(key).trim().to_string(),
                decode_component(value),
            )
        })
        .collect();
    if parts.next().is_some() {
        notices.push(format!(
            "the link has more than {MAX_PAIRS} parts; the rest are ignored"
        ));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_found_in_every_form() {
        let q = "v=1&s=zero-init";
        for input in [
            "v=1&s=zero-init",
            "?v=1&s=zero-init",
            "https://example.org/nnlab/?v=1&s=zero-init",
            "https://example.org/nnlab/index.html?v=1&s=zero-init#results",
            "#v=1&s=zero-init",
            "https://example.org/nnlab/#v=1&s=zero-init",
            "https://example.org/nnlab/?#v=1&s=zero-init",
            "#?v=1&s=zero-init",
            "  ?v=1&s=zero-init\n",
        ] {
            assert_eq!(query_part(input), q, "{input}");
        }
    }

    #[test]
    fn urls_without_a_query_have_none() {
        assert_eq!(query_part("https://example.org/nnlab/"), "");
        assert_eq!(query_part("/nnlab/index.html"), "");
        assert_eq!(query_part(""), "");
        assert_eq!(query_part("embed"), "embed");
    }

    #[test]
    fn a_question_mark_inside_a_bare_query_is_data() {
        assert_eq!(query_part("caption=why?&v=1"), "caption=why?&v=1");
        assert_eq!(query_part("?caption=why?&v=1"), "caption=why?&v=1");
    }

    #[test]
    fn pairs_are_split_and_unescaped() {
        let mut n = Notices::default();
        let p = pairs("?a=1&&b&c=x%20y+z&d=e=f&%6Cr=2", &mut n);
        let want = [
            ("a", "1"),
            ("b", ""),
            ("c", "x y z"),
            ("d", "e=f"),
            ("lr", "2"),
        ];
        let got: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, want);
        assert!(n.finish().is_empty());
    }

    #[test]
    fn long_links_and_many_parts_are_capped_with_a_notice() {
        let mut n = Notices::default();
        let long = format!("a=1&b={}", "é".repeat(MAX_LINK_BYTES));
        let p = pairs(&long, &mut n);
        assert!(p[1].1.len() <= MAX_LINK_BYTES);
        assert!(n.finish()[0].contains("longer than 64 KB"));
        let mut n = Notices::default();
        let many = "x=1&".repeat(MAX_PAIRS + 10);
        assert_eq!(pairs(&many, &mut n).len(), MAX_PAIRS);
        assert!(n.finish()[0].contains("more than 256 parts"));
    }
}
