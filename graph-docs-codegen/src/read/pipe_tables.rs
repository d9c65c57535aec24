//! Pipe tables read as Microsoft Learn shows them. Its renderer (markdig) opens a table at a delimiter row
//! (`|-|-|`) whatever that row's number of cells. GitHub-flavoured Markdown, which pulldown-cmark follows, opens
//! one only when the delimiter row has as many cells as the header: a page's table with a cell too many or too few
//! in that row (`|Parameter|Type|Required?|Description|` over `|-|-|-|-|-|`) would be read as a paragraph, and its
//! rows (a function's parameters) silently lost.
//!
//! Such a delimiter row is rewritten with the header's number of cells, each rewrite a located warning. No other
//! line changes, and no line is added or removed, so locations stay right. A page without one (nearly all) costs
//! one scan and no allocation.

use std::borrow::Cow;
use std::path::Path;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};

/// `text` (the whole file) with each delimiter row that does not match its header's number of cells rewritten to
/// match it; one warning per row rewritten. Code fences are left as they are.
///
/// Only lines holding a pipe are looked at (found with `memchr`), and a table row fails the delimiter test at its
/// first letter. Measured with the `parse_corpus` bench on the v1.0 folder: a line-by-line scan of every page
/// added 15% to the reader's CPU time (119 to 137 ms); this one is within the run-to-run noise (120-127 ms against
/// 126-129 ms without it).
pub fn align_delimiters<'a>(
    file: &Path,
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    // (start, end without the line ending, the header's cells) of each row to rewrite.
    let mut rewrites: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(pipe) = memchr::memchr(b'|', bytes.get(at..).unwrap_or_default()) {
        let pipe = at + pipe;
        let start =
            memchr::memrchr(b'\n', bytes.get(..pipe).unwrap_or_default()).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', bytes.get(pipe..).unwrap_or_default())
            .map_or(bytes.len(), |n| pipe + n);
        at = end;
        let line = text.get(start..end).unwrap_or("");
        let Some(cells) = delimiter_cells(line) else {
            continue;
        };
        let header_start = memchr::memrchr(
            b'\n',
            bytes.get(..start.saturating_sub(1)).unwrap_or_default(),
        )
        .map_or(0, |n| n + 1);
        let wanted = header_cells(text.get(header_start..start).unwrap_or(""));
        if wanted == 0 || wanted == cells || in_fence(text.get(..start).unwrap_or("")) {
            continue;
        }
        let line_no = crate::read::markdown::count_lines(text.get(..start).unwrap_or(""));
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::Table,
                Location::new(file, line_no.saturating_add(1)),
                format!(
                    "the table's delimiter row has {cells} cells and its header {wanted}: read with {wanted}, as Microsoft Learn shows the table"
                ),
            )
            .with_hint("give the delimiter row one `-` cell per header cell"),
        );
        let trimmed = line.trim_end_matches('\r');
        let indent = trimmed.len() - trimmed.trim_start().len();
        rewrites.push((start + indent, start + trimmed.len(), wanted));
    }
    if rewrites.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (start, end, wanted) in rewrites {
        out.push_str(text.get(copied..start).unwrap_or(""));
        out.push('|');
        for _ in 0..wanted {
            out.push_str("-|");
        }
        copied = end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Cow::Owned(out)
}

/// Whether the end of `before` is inside a code fence (run only for a row about to be rewritten: rare).
fn in_fence(before: &str) -> bool {
    before
        .lines()
        .filter(|line| crate::read::text::is_fence(line))
        .count()
        % 2
        == 1
}

/// The number of cells of a delimiter row (`|:-|--:|`, `--- | ---`), or `None` when the line is not one: every
/// cell is dashes with an optional colon at either end, and the row has a pipe (a line of dashes alone is a
/// thematic break or a heading's underline).
fn delimiter_cells(line: &str) -> Option<usize> {
    let row = line.trim();
    // Fails at the first byte that no delimiter row has: at once for any other row.
    if !row
        .bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        || !row.contains('|')
        || !row.contains('-')
    {
        return None;
    }
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = 0;
    for cell in inner.split('|') {
        let cell = cell.trim().trim_start_matches(':').trim_end_matches(':');
        if cell.is_empty() || !cell.bytes().all(|b| b == b'-') {
            return None;
        }
        cells += 1;
    }
    Some(cells)
}

/// The number of cells of a header row (its pipes that are not escaped, outer ones aside), or 0 when the line is
/// not one (blank, or no pipe).
fn header_cells(line: &str) -> usize {
    let row = line.trim();
    if row.is_empty() || !row.contains('|') {
        return 0;
    }
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = match inner.strip_suffix('|') {
        Some(rest) if !rest.ends_with('\\') => rest,
        _ => inner,
    };
    let bytes = inner.as_bytes();
    1 + bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'|' && (i == 0 || bytes.get(i - 1) != Some(&b'\\')))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_rows_take_their_header_s_cells() {
        let page = "# x\n\n|Parameter|Type|Required?|Description|\n|-|-|-|-|-|\n|`groupId`|String|Yes|The group.|\n\n\
            | a | b |\n|---|\n| 1 | 2 |\n\n| fine | too |\n|:--|--:|\n\n```\n| in | fence |\n|-|\n```\n\n---\n";
        let mut diags = Vec::new();
        let read = align_delimiters(Path::new("api/p.md"), page, &mut diags);
        assert_eq!(
            read,
            page.replacen("|-|-|-|-|-|\n", "|-|-|-|-|\n", 1)
                .replacen("|---|\n", "|-|-|\n", 1)
        );
        assert_eq!(read.lines().count(), page.lines().count());
        let lines: Vec<u32> = diags.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [4, 8]);
        assert!(
            diags[0].message.contains("has 5 cells and its header 4"),
            "{}",
            diags[0].message
        );
        // A page whose tables are all well formed is not copied.
        let mut diags = Vec::new();
        let plain = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert!(matches!(
            align_delimiters(Path::new("p.md"), plain, &mut diags),
            Cow::Borrowed(_)
        ));
        assert!(diags.is_empty());
    }

    #[test]
    fn rows_and_cells() {
        assert_eq!(delimiter_cells("|:-|--:|"), Some(2));
        assert_eq!(delimiter_cells("--- | ---"), Some(2));
        assert_eq!(delimiter_cells("---"), None);
        assert_eq!(delimiter_cells("| a |"), None);
        assert_eq!(header_cells("| a \\| b | c |"), 2);
        assert_eq!(header_cells("a | b"), 2);
        assert_eq!(header_cells(""), 0);
    }
}
