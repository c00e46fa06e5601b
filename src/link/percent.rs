//! Percent-encoding of query components (RFC 3986 §2.1, with the form convention that `+`
//! is a space), written out so the codec needs no dependency and so that its behaviour on
//! malformed input is ours to define: a `%` not followed by two hex digits is kept as the
//! literal character, and bytes that do not form UTF-8 become U+FFFD. Both directions run in
//! one pass over the input, so the cost is linear in its length.

/// Bytes written as they are: RFC 3986's unreserved set, plus `,` so lists stay readable
/// (`hidden=8,8`); `,` is a sub-delimiter, legal unescaped in a query.
fn is_kept(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b',')
}

/// Escapes `text` for use as a query key or value. A space becomes `+` (what
/// `URLSearchParams` writes and reads), so a literal `+` must be and is escaped.
pub fn encode_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if is_kept(b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Unescapes one query component. Never fails: a malformed escape stays literal, `+` is a
/// space, and escaped bytes that are not UTF-8 become U+FFFD (replacement character).
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex_value(hi).zip(hex_value(lo)),
            _ => None,
        };
        match (b, escaped) {
            (_, Some((hi, lo))) => {
                out.push((hi << 4) | lo);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_and_commas_are_kept() {
        assert_eq!(encode_component("sigmoid-stack"), "sigmoid-stack");
        assert_eq!(encode_component("8,8,x2_~.1"), "8,8,x2_~.1");
    }

    #[test]
    fn reserved_characters_spaces_and_unicode_are_escaped() {
        assert_eq!(
            encode_component("a b+c&d=e#f?g%"),
            "a+b%2Bc%26d%3De%23f%3Fg%25"
        );
        assert_eq!(encode_component("σ"), "%CF%83");
        assert_eq!(encode_component("<b>"), "%3Cb%3E");
    }

    #[test]
    fn decoding_inverts_encoding() {
        for text in [
            "",
            "a b+c&d=e#f?g%",
            "σ ≈ 0.5 — ok",
            "%41",
            "line\nbreak",
            "😀",
        ] {
            assert_eq!(decode_component(&encode_component(text)), text);
        }
    }

    #[test]
    fn malformed_escapes_stay_literal() {
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%"), "%");
        assert_eq!(decode_component("%4"), "%4");
        assert_eq!(decode_component("%zz%4g"), "%zz%4g");
        assert_eq!(decode_component("%%41"), "%A");
        assert_eq!(decode_component("%e2%82"), "\u{FFFD}");
    }

    #[test]
    fn plus_is_a_space_and_bad_utf8_is_replaced() {
        assert_eq!(decode_component("a+b%20c"), "a b c");
        assert_eq!(decode_component("%2B"), "+");
        assert_eq!(decode_component("%FFok%C3"), "\u{FFFD}ok\u{FFFD}");
        assert_eq!(decode_component("%c3%a9"), "é");
    }
}
