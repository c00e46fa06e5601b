//! Page options a link can carry for a tutorial that embeds the playground in an iframe:
//! embed mode, which panels and controls show, autoplay, and a caption. They change what
//! is shown, never what is trained, so they stay out of `Selection`.

use super::notices::Notices;
use super::value::toggle;

/// Longest caption, in characters: a sentence or two under the figure, not an article.
pub const MAX_CAPTION_CHARS: usize = 200;

/// A part of the page a link can show or hide.
pub trait Part: Copy + PartialEq + 'static {
    const ALL: &'static [Self];
    /// What the part is called in a link (`boundary`, `playback`...).
    fn name(self) -> &'static str;
    /// Lower-case words for notices ("panel", "control").
    const WHAT: &'static str;
}

/// A drawing on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The decision boundary with the training points.
    Boundary,
    /// Train and test loss per epoch.
    Loss,
    /// Gradient norm per layer.
    Gradients,
    /// Saturated and dead units per layer.
    Health,
}

impl Part for Panel {
    const ALL: &'static [Panel] = &[
        Panel::Boundary,
        Panel::Loss,
        Panel::Gradients,
        Panel::Health,
    ];
    const WHAT: &'static str = "panel";
    fn name(self) -> &'static str {
        match self {
            Panel::Boundary => "boundary",
            Panel::Loss => "loss",
            Panel::Gradients => "gradients",
            Panel::Health => "health",
        }
    }
}

/// A group of controls on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// The scenario picker and its explanation.
    Scenario,
    /// The remedy switches.
    Remedies,
    /// Play, pause, step, reset and speed.
    Playback,
    /// The seed field and the new-seed button.
    Seed,
    /// The table of every raw setting.
    Settings,
}

impl Part for Control {
    const ALL: &'static [Control] = &[
        Control::Scenario,
        Control::Remedies,
        Control::Playback,
        Control::Seed,
        Control::Settings,
    ];
    const WHAT: &'static str = "control";
    fn name(self) -> &'static str {
        match self {
            Control::Scenario => "scenario",
            Control::Remedies => "remedies",
            Control::Playback => "playback",
            Control::Seed => "seed",
            Control::Settings => "settings",
        }
    }
}

/// Longest epoch limit a link may set.
pub const MAX_UNTIL: usize = 1_000_000;
/// Most parent origins an embed may name.
pub const MAX_ORIGINS: usize = 8;

/// How the page presents the run. The default is the full page, as a plain link opens it.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    /// Compact layout for an iframe.
    pub embed: bool,
    /// The panels shown, in page order; never empty.
    pub panels: Vec<Panel>,
    /// The control groups shown, in page order; empty shows none (a figure that plays).
    pub controls: Vec<Control>,
    /// Start training as soon as the page is ready.
    pub autoplay: bool,
    /// Plain text shown with the run (never markup), at most `MAX_CAPTION_CHARS`.
    pub caption: Option<String>,
    /// Training stops at this epoch (and the embed API reports `finished`).
    pub until: Option<usize>,
    /// Parent origins whose commands an embedded page obeys and to which it reports; empty
    /// obeys any parent and reports to whichever embeds it, unless `obeys_none`.
    pub origins: Vec<String>,
    /// The link restricted the parents (`origin=`) but named none that can be used (or said
    /// `none`): the page fails closed, obeying no parent and reporting to none, rather than
    /// dropping the restriction.
    pub obeys_none: bool,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            embed: false,
            panels: Panel::ALL.to_vec(),
            controls: Control::ALL.to_vec(),
            autoplay: false,
            caption: None,
            until: None,
            origins: Vec::new(),
            obeys_none: false,
        }
    }
}

/// What an embed shows when its link does not say: the boundary and the loss curve, with
/// play/pause/reset and the remedy switches. Room for that much fits a 320×240 iframe.
pub const EMBED_PANELS: &[Panel] = &[Panel::Boundary, Panel::Loss];
pub const EMBED_CONTROLS: &[Control] = &[Control::Remedies, Control::Playback];

impl EmbedOptions {
    /// The options of a link that sets only the embed flag.
    pub fn defaults_for(embed: bool) -> Self {
        if embed {
            EmbedOptions {
                embed: true,
                panels: EMBED_PANELS.to_vec(),
                controls: EMBED_CONTROLS.to_vec(),
                ..EmbedOptions::default()
            }
        } else {
            EmbedOptions::default()
        }
    }

    /// Whether the page obeys and reports to a parent of this origin.
    pub fn obeys(&self, origin: &str) -> bool {
        !self.obeys_none && (self.origins.is_empty() || self.origins.iter().any(|o| o == origin))
    }

    pub fn shows_panel(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }

    pub fn shows_control(&self, control: Control) -> bool {
        self.controls.contains(&control)
    }
}

/// Caption text as the page may show it: control characters become spaces, bidirectional
/// overrides (which could make the caption read differently than it is written) are
/// dropped, the ends are trimmed, and at most `MAX_CAPTION_CHARS` characters are kept.
/// Returns the text and whether it was cut.
pub fn clean_caption(text: &str) -> (Option<String>, bool) {
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let mapped = text
        .chars()
        .filter(|&c| !is_bidi(c))
        .map(|c| if c.is_control() { ' ' } else { c });
    let mut clean: String = mapped.clone().take(MAX_CAPTION_CHARS).collect();
    let cut = mapped.skip(MAX_CAPTION_CHARS).any(|c| !c.is_whitespace());
    clean = clean.trim().to_string();
    ((!clean.is_empty()).then_some(clean), cut)
}

/// The parts named in a comma list, in page order without repeats. Unknown names are
/// reported and left out; a list naming no known part keeps the default (all), so a typo
/// cannot blank the page. `none` is allowed where `allow_none` is.
pub fn parse_parts<P: Part>(text: &str, allow_none: bool, notices: &mut Notices) -> Vec<P> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("all") {
        return P::ALL.to_vec();
    }
    if allow_none && text.eq_ignore_ascii_case("none") {
        return Vec::new();
    }
    let mut named = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        match P::ALL.iter().find(|p| p.name().eq_ignore_ascii_case(item)) {
            Some(&p) => named.push(p),
            None => notices.push(format!(
                "unknown {} '{}' is left out (known: {})",
                P::WHAT,
                super::shown(item, super::MAX_QUOTED_CHARS),
                names(P::ALL)
            )),
        }
    }
    if named.is_empty() {
        notices.push(format!(
            "{}s '{}' names no known {}; showing all",
            P::WHAT,
            super::shown(text, super::MAX_QUOTED_CHARS),
            P::WHAT
        ));
        return P::ALL.to_vec();
    }
    P::ALL
        .iter()
        .copied()
        .filter(|p| named.contains(p))
        .collect()
}

/// The link text of a part list: `none` for an empty one, else the names.
pub fn render_parts<P: Part>(parts: &[P]) -> String {
    if parts.is_empty() {
        return "none".to_string();
    }
    names(
        &P::ALL
            .iter()
            .copied()
            .filter(|p| parts.contains(p))
            .collect::<Vec<_>>(),
    )
}

fn names<P: Part>(parts: &[P]) -> String {
    parts.iter().map(|p| p.name()).collect::<Vec<_>>().join(",")
}

/// A parent origin as the browser reports it (`https://host[:port]`, or `http://` for
/// local tutorials): scheme, host and optional port, no path, no wildcard.
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.contains(']') || h.ends_with(']') => (h, Some(p)),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    if !(host_ok && port_ok) {
        return None;
    }
    // The browser reports an origin without its scheme's default port.
    let origin = text.to_ascii_lowercase();
    let default_port = if origin.starts_with("https://") {
        ":443"
    } else {
        ":80"
    };
    Some(match origin.strip_suffix(default_port) {
        Some(bare) => bare.to_string(),
        None => origin,
    })
}

/// The `origin=` value that obeys no parent at all.
pub const NO_ORIGIN: &str = "none";

/// A comma list of parent origins; bad ones are named and left out. Returns the usable
/// origins and whether the page must obey none: a list with nothing usable in it (or
/// `none`) restricts to nobody, never to everybody.
pub fn parse_origins(text: &str, notices: &mut Notices) -> (Vec<String>, bool) {
    if text.trim() == NO_ORIGIN {
        return (Vec::new(), true);
    }
    let mut out: Vec<String> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        match parse_origin(item) {
            Some(o) if out.len() < MAX_ORIGINS => {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
            Some(_) => notices.push(format!(
                "more than {MAX_ORIGINS} parent origins; '{}' is left out",
                super::shown(item, super::MAX_QUOTED_CHARS)
            )),
            None => notices.push(format!(
                "parent origin '{}' is not like https://example.org; it is left out",
                super::shown(item, super::MAX_QUOTED_CHARS)
            )),
        }
    }
    let none = out.is_empty();
    if none {
        notices.push(
            "no usable parent origin is listed: this embed obeys no parent and reports to none"
                .to_string(),
        );
    }
    (out, none)
}

/// An epoch limit: a whole number from 1 to `MAX_UNTIL`; anything else is named and ignored.
pub fn parse_until(text: &str, notices: &mut Notices) -> Option<usize> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_UNTIL).contains(&n) => Some(n),
        _ => {
            notices.push(format!(
                "epoch limit '{}' is not a whole number from 1 to {MAX_UNTIL}; training runs on",
                super::shown(text, super::MAX_QUOTED_CHARS)
            ));
            None
        }
    }
}

/// An on/off page option; a bad value keeps `default` with a notice.
pub fn parse_flag(label: &str, text: &str, default: bool, notices: &mut Notices) -> bool {
    toggle(text).unwrap_or_else(|_| {
        notices.push(format!(
            "{label} '{}' is not 1 or 0; using {}",
            super::shown(text, super::MAX_QUOTED_CHARS),
            u8::from(default)
        ));
        default
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<P: Part>(text: &str, allow_none: bool) -> (Vec<P>, Vec<String>) {
        let mut notices = Notices::default();
        let parts = parse_parts(text, allow_none, &mut notices);
        (parts, notices.finish())
    }

    #[test]
    fn parts_come_back_in_page_order_without_repeats() {
        let (panels, notes) = parts::<Panel>("health,boundary,health", false);
        assert_eq!(panels, [Panel::Boundary, Panel::Health]);
        assert!(notes.is_empty());
        assert_eq!(render_parts(&panels), "boundary,health");
        assert_eq!(parts::<Control>("all", true).0, Control::ALL);
    }

    #[test]
    fn unknown_parts_are_named_and_no_known_part_keeps_all() {
        let (panels, notes) = parts::<Panel>("boundary,weights", false);
        assert_eq!(panels, [Panel::Boundary]);
        assert!(notes[0].contains("unknown panel 'weights'"), "{notes:?}");
        let (panels, notes) = parts::<Panel>("none", false);
        assert_eq!(panels, Panel::ALL);
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn controls_may_be_none() {
        let (controls, notes) = parts::<Control>("none", true);
        assert!(controls.is_empty() && notes.is_empty());
        assert_eq!(render_parts::<Control>(&[]), "none");
    }

    #[test]
    fn captions_are_plain_bounded_text() {
        assert_eq!(
            clean_caption("  Why\tit fails\n"),
            (Some("Why it fails".into()), false)
        );
        assert_eq!(clean_caption("a\u{202E}b"), (Some("ab".into()), false));
        assert_eq!(clean_caption(" \n "), (None, false));
        let (long, cut) = clean_caption(&"é".repeat(MAX_CAPTION_CHARS + 5));
        assert_eq!(long.unwrap().chars().count(), MAX_CAPTION_CHARS);
        assert!(cut);
        let (_, cut) = clean_caption(&format!("{}   ", "a".repeat(MAX_CAPTION_CHARS)));
        assert!(!cut, "trailing spaces are not content");
        assert_eq!(
            clean_caption("<b>bold</b> & co").0.unwrap(),
            "<b>bold</b> & co",
            "kept as text; the page shows it as text"
        );
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin("https://Example.org/").as_deref(),
            Some("https://example.org")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        for bad in [
            "*",
            "example.org",
            "https://",
            "https://a.org/path",
            "javascript:alert(1)",
            "https://a.org:99999",
            "https://a b",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
        let mut notices = Notices::default();
        let (list, none) = parse_origins(
            "https://a.org, *, https://a.org,http://b.org:81",
            &mut notices,
        );
        assert_eq!(list, ["https://a.org", "http://b.org:81"]);
        assert!(!none);
        assert_eq!(notices.finish().len(), 1);
        let only_a = EmbedOptions {
            origins: list,
            ..EmbedOptions::default()
        };
        assert!(only_a.obeys("https://a.org") && !only_a.obeys("https://evil.org"));
        assert!(EmbedOptions::default().obeys("https://anyone.org"));
    }

    #[test]
    fn a_list_with_nothing_usable_fails_closed() {
        for text in [
            "*",
            "127.0.0.1:9999",
            "null",
            "javascript:alert(1)",
            "",
            " , ",
            "none",
        ] {
            let mut notices = Notices::default();
            let (list, none) = parse_origins(text, &mut notices);
            assert!(list.is_empty() && none, "{text:?}");
            let closed = EmbedOptions {
                obeys_none: none,
                ..EmbedOptions::default()
            };
            assert!(!closed.obeys("https://anyone.org"), "{text:?}");
            let said = notices.finish();
            assert_eq!(said.is_empty(), text == "none", "{text:?}: {said:?}");
        }
    }

    #[test]
    fn epoch_limits_are_bounded_whole_numbers() {
        let mut notices = Notices::default();
        assert_eq!(parse_until("300", &mut notices), Some(300));
        assert_eq!(parse_until("0", &mut notices), None);
        assert_eq!(parse_until("1e9", &mut notices), None);
        assert_eq!(notices.finish().len(), 2);
    }

    #[test]
    fn flags_read_common_words_and_keep_the_default_otherwise() {
        let mut notices = Notices::default();
        assert!(parse_flag("autoplay", "yes", false, &mut notices));
        assert!(!parse_flag("autoplay", "2", false, &mut notices));
        assert_eq!(notices.finish(), ["autoplay '2' is not 1 or 0; using 0"]);
    }
}
