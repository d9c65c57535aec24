//! Page text made safe for generated code, once, as each file is read: every character that rustc rejects or
//! lints on where page text lands (doc comments, string literals) is removed, each removal a located warning.
//!
//! - Unicode direction controls (U+202A-U+202E, U+2066-U+2069): invisible, they make code read differently from
//!   what it does; rustc denies them in comments and literals (`text_direction_codepoint_in_comment`,
//!   `text_direction_codepoint_in_literal`), which breaks `graph-docs expand` output kept as a source file.
//! - Control characters (C0 but tab and line ends, NUL, DEL, C1) and a carriage return not followed by a line
//!   feed: rustc rejects a bare CR in a doc comment, and the others are invisible noise in rustdoc.
//!
//! A `*/` in prose cannot close a generated doc comment (`codegen::docs` writes it `&#42;/`), but it is reported
//! here too, as the escape changes the doc comment's source text. Code fences (examples, JSON with comments) are
//! not reported: their `*/` only reaches string literals and code blocks, where it is harmless.
//!
//! Removing characters keeps every line where it was, so locations stay right. A page without any (nearly all)
//! costs one scan and no allocation.

use std::borrow::Cow;
use std::path::Path;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};

/// What a character is, if it must not reach generated code.
fn unsafe_kind(c: char, next: Option<char>) -> Option<&'static str> {
    match c {
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some("Unicode direction control"),
        '\0' => Some("NUL"),
        '\r' if next != Some('\n') => Some("carriage return without a line feed"),
        '\t' | '\n' | '\r' => None,
        c if c.is_control() => Some("control character"),
        _ => None,
    }
}

/// Whether the text holds anything [`clean`] would report, from its UTF-8 bytes: control bytes (C1 controls
/// are 0xC2 0x80-0x9F, direction controls 0xE2 0x80 0xAA-0xAE and 0xE2 0x81 0xA6-0xA9) or `*/`. Clean pages
/// (nearly all) cost this scan only. It looks at 64-byte blocks first, with a branch-free test the compiler
/// vectorises, and at the candidates (a control byte, a CR, 0xC2 or 0xE2) only in a block holding one: a plain
/// byte loop made reading the v1.0 folder 13% slower (`parse_corpus` bench).
fn may_need_cleaning(text: &str) -> bool {
    let bytes = text.as_bytes();
    // `&` and `|`, not `&&` and `||`: no branch, so that the block loop is vectorised.
    let candidate = |b: u8| {
        u8::from(
            ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2),
        )
    };
    let unsafe_at = |i: usize| match bytes[i] {
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        0..0x20 | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        0xE2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
        _ => false,
    };
    const BLOCK: usize = 64;
    let control = bytes.chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(0, |seen, &b| seen | candidate(b)) != 0
            && (block.iter().enumerate())
                .any(|(i, &b)| candidate(b) != 0 && unsafe_at(n * BLOCK + i))
    });
    control || memchr::memmem::find(bytes, b"*/").is_some()
}

/// `text` (the whole file) without the characters that must not reach generated code; one warning per line
/// that had some, naming them, and one per prose line holding `*/`.
pub fn clean<'a>(file: &Path, text: &'a str, diags: &mut Vec<Diagnostic>) -> Cow<'a, str> {
    if !may_need_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut changed = false;
    let mut in_fence = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if crate::read::text::is_fence(line) {
            in_fence = !in_fence;
        }
        if !in_fence && line.contains("*/") {
            diags.push(
                Diagnostic::warning(
                    DiagnosticKind::UnsafeText,
                    Location::new(file, number),
                    "`*/` in page text: escaped as `&#42;/` in doc comments, so that it cannot end a block comment",
                )
                .with_hint("write `*/` in a code span or fence if it is code"),
            );
        }
        let mut removed: Vec<String> = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match unsafe_kind(c, chars.peek().copied()) {
                Some(what) => {
                    let name = format!("{what} U+{:04X}", u32::from(c));
                    if !removed.contains(&name) {
                        removed.push(name);
                    }
                }
                None => out.push(c),
            }
        }
        if removed.is_empty() {
            continue;
        }
        changed = true;
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::UnsafeText,
                Location::new(file, number),
                format!(
                    "removed {}: invisible in the page, and rustc rejects or lints on it in generated code",
                    removed.join(", ")
                ),
            )
            .with_hint("delete the invisible character from the page"),
        );
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let out = clean(Path::new("api/x.md"), text, &mut diags).into_owned();
        (out, diags)
    }

    #[test]
    fn clean_text_is_borrowed() {
        let mut diags = Vec::new();
        let text = "# title\r\n\nSome text, é and “quotes” and a\ttab.\n";
        assert!(matches!(
            clean(Path::new("x.md"), text, &mut diags),
            Cow::Borrowed(_)
        ));
        assert!(diags.is_empty());
    }

    #[test]
    fn removes_each_kind_with_a_located_warning() {
        let (out, diags) = run(
            "line one\nbytes={a}-{b}\u{202C} |\nnul\0 here\nbell\u{7} and \u{85}\nbare\rcr\nisolate \u{2066}x\u{2069}\n",
        );
        assert_eq!(
            out,
            "line one\nbytes={a}-{b} |\nnul here\nbell and \nbarecr\nisolate x\n"
        );
        let lines: Vec<u32> = diags.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6]);
        assert!(diags[0]
            .message
            .contains("Unicode direction control U+202C"));
        assert!(diags[1].message.contains("NUL U+0000"));
        assert!(diags[2].message.contains("control character U+0007"));
        assert!(diags[2].message.contains("control character U+0085"));
        assert!(diags[3].message.contains("carriage return"));
        assert!(diags[4].message.contains("U+2066") && diags[4].message.contains("U+2069"));
        assert!(diags
            .iter()
            .all(|d| d.kind == DiagnosticKind::UnsafeText
                && d.location.file == Path::new("api/x.md")));
    }

    #[test]
    fn block_comment_end_is_reported_in_prose_only() {
        let (out, diags) = run("Ends */ here.\n```json\n{ /* note */ }\n```\n");
        assert_eq!(out, "Ends */ here.\n```json\n{ /* note */ }\n```\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].location.line, 1);
    }
}
