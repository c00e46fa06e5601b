//! The versioned share link: a run (scenario, remedies, setting edits, seed) and the page's
//! embed options as a URL query string, and back. Pure code: strings in, plain data out.
//!
//! ```text
//! ?v=5&s=sigmoid-stack&r=relu,he-init&seed=7&lr=0.03&embed=1&caption=Why+ReLU+helps
//! ```
//!
//! - Keys are short words from one declarative table ([`keys::KEYS`]), the version `v`
//!   first. A setting is written only when it differs from what the scenario and remedies
//!   give; a bare config ([`encode_config`]) writes what differs from `Config::default()`.
//! - Decoding ([`decode`]) never fails and never panics. Every value goes through
//!   `Config::set`, so a link is range-checked exactly like `--set` and the settings table.
//!   Whatever cannot be used (an unknown key, id or value, a repeat, an oversized link) is
//!   named in a notice saying what is used instead, and the rest of the link still applies.
//! - Version: the current one, `v=5`, is written first. A link without `v` is read as v=1
//!   *silently*: it is what a tutorial author types by hand (`?s=zero-init`). An older link
//!   means the catalog as its version defined it: a scenario changed since
//!   (`catalog::as_of`) is rebuilt as it was, then restated against today's catalog (the
//!   same scenario and remedies, plus the settings that now differ), so everything after
//!   decoding sees one meaning and re-encoding gives a v=5 link to the same run. A link with a higher `v` is
//!   read as the current version as far as it goes, with a notice that it was made by a
//!   newer version.
//!
//! **Where the page keeps it: the query string**, not the fragment. The query is what
//! servers, access logs, link previews and an iframe's `src` carry, so an embedded or
//! shared run is visible to every tool between author and reader; the fragment never
//! leaves the browser. The page updates it with `history.replaceState`, which does not
//! reload, so the fragment's one advantage does not apply. The decoder still reads a
//! `#key=value` fragment when there is no query, so links in TensorFlow Playground's style,
//! or pasted from a tool that moved the state there, are not silently ignored.
//!
//! Limits: at most 64 KB of link and 256 parts are read; each setting value is at most 256
//! bytes; a caption at most 200 characters. All decoding is linear in the input.

mod choice;
mod decode;
mod embed;
mod encode;
pub mod keys;
mod notices;
mod number;
mod percent;
mod query;
mod settle;
mod value;

#[cfg(test)]
mod roundtrip;
#[cfg(test)]
mod tests;

pub use decode::{decode, decode_config, ConfigDecoded, LinkDecoded};
pub use embed::{
    clean_caption, parse_origin, Control, EmbedOptions, Panel, Part, EMBED_CONTROLS, EMBED_PANELS,
    MAX_CAPTION_CHARS, MAX_ORIGINS, MAX_UNTIL,
};
pub use encode::{encode, encode_config, encode_with};
pub use keys::{Key, Meaning, PageKey, ValueKind, KEYS};
pub use notices::{shown, MAX_NOTICES};
pub use percent::{decode_component, encode_component};
pub use query::{query_part, MAX_LINK_BYTES, MAX_PAIRS};
pub use value::MAX_VALUE_BYTES;

/// The link format this code writes and reads.
pub const LINK_VERSION: u32 = 5;

/// Most characters of a link's text quoted in a notice.
const MAX_QUOTED_CHARS: usize = 40;
