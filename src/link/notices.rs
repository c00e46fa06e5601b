//! The decoder's notices: one plain sentence per problem, in the order met, capped so that
//! a hostile link cannot produce an unbounded report.

/// Most notices kept; the rest are counted in a final line.
pub const MAX_NOTICES: usize = 32;

#[derive(Debug, Default)]
pub struct Notices {
    list: Vec<String>,
    dropped: usize,
}

impl Notices {
    pub fn push(&mut self, notice: String) {
        if self.list.len() < MAX_NOTICES {
            self.list.push(notice);
        } else {
            self.dropped += 1;
        }
    }

    /// Adds `other`'s notices after these.
    pub fn append(&mut self, other: Notices) {
        other.list.into_iter().for_each(|n| self.push(n));
        self.dropped += other.dropped;
    }

    pub fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list.push(format!(
                "{} more problems with this link are not listed",
                self.dropped
            ));
        }
        self.list
    }
}

/// `text` as quoted in a notice: control characters shown as U+FFFD and at most `max`
/// characters, so a notice stays one short line whatever the link holds.
pub fn shown(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_past_the_cap_are_counted() {
        let mut n = Notices::default();
        for i in 0..MAX_NOTICES + 5 {
            n.push(format!("problem {i}"));
        }
        let list = n.finish();
        assert_eq!(list.len(), MAX_NOTICES + 1);
        assert_eq!(
            list[MAX_NOTICES],
            "5 more problems with this link are not listed"
        );
    }

    #[test]
    fn quoted_text_is_short_and_on_one_line() {
        assert_eq!(shown("abc", 5), "abc");
        assert_eq!(shown("abcdef", 3), "abc…");
        assert_eq!(shown("a\nb", 5), "a\u{FFFD}b");
    }
}
