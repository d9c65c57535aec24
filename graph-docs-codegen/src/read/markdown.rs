//! Markdown as the reader sees it: the pulldown-cmark event stream with source offsets turned into a flat list of
//! located blocks (the model is in [`blocks`](super::blocks); the heading-delimited sections over them in
//! [`sections`](super::sections)).

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

pub use super::blocks::{Block, BlockKind, Inline, LineIndex, Link, Row, Table};
pub use super::sections::{sections, Section};

/// `info` trimmed and in ASCII lowercase, borrowed from the page when it already is (`http`, `json`).
fn lowercase(info: CowStr<'_>) -> Cow<'_, str> {
    match info {
        CowStr::Borrowed(s) => ascii_lowercase(crate::read::text::trim(s)),
        other => Cow::Owned(crate::read::text::trim(&other).to_ascii_lowercase()),
    }
}

/// `s` in ASCII lowercase, borrowed when it already is.
fn ascii_lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The text of a link that starts at byte `start` of `src` (its `[` or `<`) and whose plain text begins at
/// byte `at` of the inline text `inline`: trimmed, and borrowed from the page when the page has it as is
/// (always when the inline itself is borrowed, and for plain link text inside marked-up sentences).
fn link_text<'a>(src: &'a str, inline: &Cow<'a, str>, at: usize, start: usize) -> Cow<'a, str> {
    let plain = match inline {
        Cow::Borrowed(t) => return Cow::Borrowed(t.get(at..).unwrap_or("").trim()),
        Cow::Owned(t) => t.get(at..).unwrap_or("").trim(),
    };
    match src
        .get(start + 1..)
        .map(str::trim_start)
        .and_then(|s| s.get(..plain.len()))
    {
        Some(same) if same == plain => Cow::Borrowed(same),
        _ => Cow::Owned(plain.to_string()),
    }
}

/// Where `part` (a slice of `src`) starts in `src`.
fn offset_in(src: &str, part: &str) -> Option<usize> {
    let off = (part.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    (off + part.len() <= src.len()).then_some(off)
}

/// Text being collected: borrowed from the source while the pieces are contiguous in it, owned as
/// soon as they are not (markup removed in between, a space added for a line break).
#[derive(Default)]
struct TextBuf<'a> {
    text: Cow<'a, str>,
    /// The source span of borrowed text.
    span: Option<(usize, usize)>,
}

impl<'a> TextBuf<'a> {
    // Called for every piece of inline text: worth inlining (the slow path is `push_str`).
    #[inline(always)]
    fn push(&mut self, src: &'a str, piece: &CowStr<'a>) {
        if let CowStr::Borrowed(part) = piece {
            if let Some(off) = offset_in(src, part) {
                let end = off + part.len();
                let start = match self.span {
                    Some((start, e)) if e == off && matches!(self.text, Cow::Borrowed(_)) => {
                        Some(start)
                    }
                    _ if self.text.is_empty() => Some(off),
                    _ => None,
                };
                if let Some(slice) = start.and_then(|start| Some((start, src.get(start..end)?))) {
                    self.text = Cow::Borrowed(slice.1);
                    self.span = Some((slice.0, end));
                    return;
                }
            }
        }
        self.push_str(piece);
    }

    fn push_str(&mut self, s: &str) {
        match &mut self.text {
            Cow::Owned(t) => t.push_str(s),
            Cow::Borrowed(t) => {
                // Text that stops being contiguous usually grows by a few more pieces: room for them.
                let mut owned = String::with_capacity((t.len() + s.len()).max(32) * 2);
                owned.push_str(t);
                owned.push_str(s);
                self.text = Cow::Owned(owned);
            }
        }
        self.span = None;
    }

    /// The text, trimmed.
    fn finish(self) -> Cow<'a, str> {
        match self.text {
            Cow::Borrowed(s) => Cow::Borrowed(crate::read::text::trim(s)),
            Cow::Owned(s) => {
                let trimmed = crate::read::text::trim(&s);
                if trimmed.len() == s.len() {
                    Cow::Owned(s)
                } else {
                    Cow::Owned(trimmed.to_string())
                }
            }
        }
    }
}

/// Inline text being collected.
#[derive(Default)]
struct InlineBuf<'a> {
    text: TextBuf<'a>,
    links: Vec<Link<'a>>,
}

impl<'a> InlineBuf<'a> {
    fn space(&mut self) {
        if !self.text.text.ends_with(' ') && !self.text.text.is_empty() {
            self.text.push_str(" ");
        }
    }

    fn finish(self) -> Inline<'a> {
        Inline {
            text: self.text.finish(),
            links: self.links,
        }
    }
}

struct TableBuf<'a> {
    /// The table's cells so far.
    cells: Vec<Inline<'a>>,
    /// The rows so far (see [`Table`]).
    rows: Vec<(Range<usize>, u32)>,
    /// Whether the first row is the header.
    header: bool,
    /// Where the open row's cells start in `cells`, and its line.
    row_start: usize,
    row_line: u32,
    line: u32,
}

/// Parse `text` (a page body, front matter removed) into blocks. `first_line` is the file line of
/// `text`'s first line.
pub fn parse_blocks<'a>(text: &'a str, first_line: u32, file: &Rc<Path>) -> Vec<Block<'a>> {
    let lines = LineIndex::new(text, first_line);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(text, opts).into_offset_iter();

    // Pages average one block per ~100 bytes; sizing up front saves most regrowth.
    let mut blocks = Vec::with_capacity(text.len() / 100 + 8);
    // The inline collector for the innermost open leaf (paragraph, heading, cell, item).
    let mut inline: Option<(InlineBuf<'a>, u32, Range<usize>)> = None;
    let mut heading_level: Option<u8> = None;
    let mut item_depth = 0usize;
    let mut table: Option<TableBuf<'a>> = None;
    let mut code: Option<(Cow<'a, str>, TextBuf<'a>, u32, u32)> = None;
    let mut html: Option<(TextBuf<'a>, u32)> = None;
    // Links open in the current inline: (start of the link text in its text, destination, source
    // offset of the link). One stack for the whole page, emptied whenever a new inline starts.
    let mut open_links: Vec<(usize, Cow<'a, str>, usize)> = Vec::new();

    for (event, range) in parser {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    if item_depth == 0 || inline.is_none() {
                        inline = Some((InlineBuf::default(), lines.line(range.start), range));
                        open_links.clear();
                    } else if let Some((buf, _, _)) = inline.as_mut() {
                        buf.space();
                    }
                }
                Tag::Heading { level, .. } => {
                    heading_level = Some(level as u8);
                    inline = Some((InlineBuf::default(), lines.line(range.start), range));
                    open_links.clear();
                }
                Tag::Item => {
                    flush_item(&mut inline, &mut blocks, file);
                    item_depth += 1;
                    inline = Some((InlineBuf::default(), lines.line(range.start), range));
                    open_links.clear();
                }
                Tag::Table(alignments) => {
                    let line = lines.line(range.start);
                    // The pages' table rows take some 40 to 200 bytes: room for nearly all of them at once.
                    let rows = range.len() / 64 + 1;
                    table = Some(TableBuf {
                        cells: Vec::with_capacity(rows * alignments.len()),
                        rows: Vec::with_capacity(rows),
                        header: false,
                        row_start: 0,
                        row_line: line,
                        line,
                    });
                }
                Tag::TableHead | Tag::TableRow => {
                    if let Some(t) = table.as_mut() {
                        t.row_start = t.cells.len();
                        t.row_line = lines.line(range.start);
                    }
                }
                Tag::TableCell => {
                    // A cell is located by its row: no line of its own to count.
                    let row_line = table.as_ref().map_or(0, |t| t.row_line);
                    inline = Some((InlineBuf::default(), row_line, range));
                    open_links.clear();
                }
                Tag::CodeBlock(kind) => {
                    let start = lines.line(range.start);
                    let (lang, content_line) = match kind {
                        CodeBlockKind::Fenced(info) => (lowercase(info), start.saturating_add(1)),
                        CodeBlockKind::Indented => (Cow::Borrowed(""), start),
                    };
                    code = Some((lang, TextBuf::default(), start, content_line));
                }
                Tag::HtmlBlock => html = Some((TextBuf::default(), lines.line(range.start))),
                Tag::Link { dest_url, .. } => {
                    if let Some((buf, _, _)) = inline.as_mut() {
                        let at = buf.text.text.len();
                        let dest = match dest_url {
                            CowStr::Borrowed(d) => Cow::Borrowed(d),
                            other => Cow::Owned(other.to_string()),
                        };
                        open_links.push((at, dest, range.start));
                    }
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph if item_depth == 0 => {
                    if let Some((buf, line, range)) = inline.take() {
                        push_paragraph(text, buf.finish(), line, range, &lines, &mut blocks, file);
                    }
                }
                TagEnd::Heading(_) => {
                    if let (Some(level), Some((buf, line, range))) =
                        (heading_level.take(), inline.take())
                    {
                        push_heading(text, level, buf.finish(), line, range, &mut blocks, file);
                    }
                }
                TagEnd::Item => {
                    flush_item(&mut inline, &mut blocks, file);
                    item_depth = item_depth.saturating_sub(1);
                }
                TagEnd::TableCell => {
                    if let (Some(t), Some((buf, _, _))) = (table.as_mut(), inline.take()) {
                        t.cells.push(buf.finish());
                    }
                }
                TagEnd::TableHead => {
                    if let Some(t) = table.as_mut() {
                        let row = (t.row_start..t.cells.len(), t.row_line);
                        match t.rows.first_mut() {
                            Some(header) if t.header => *header = row,
                            _ => t.rows.insert(0, row),
                        }
                        t.header = true;
                    }
                }
                TagEnd::TableRow => {
                    if let Some(t) = table.as_mut() {
                        t.rows.push((t.row_start..t.cells.len(), t.row_line));
                    }
                }
                TagEnd::Table => {
                    if let Some(mut t) = table.take() {
                        if !t.header {
                            // No header row: an empty one, on the table's first line.
                            t.rows.insert(0, (0..0, t.line));
                        }
                        blocks.push(Block {
                            kind: BlockKind::Table(Table {
                                cells: t.cells,
                                rows: t.rows,
                            }),
                            line: t.line,
                            file: file.clone(),
                        });
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, body, line, content_line)) = code.take() {
                        let kind = BlockKind::Code {
                            lang,
                            text: body.text,
                            content_line,
                        };
                        blocks.push(Block {
                            kind,
                            line,
                            file: file.clone(),
                        });
                    }
                }
                TagEnd::HtmlBlock => {
                    if let Some((body, line)) = html.take() {
                        push_comments(body.text, line, &mut blocks, file);
                    }
                }
                TagEnd::Link => {
                    if let Some((buf, _, _)) = inline.as_mut() {
                        if let Some((at, dest, start)) = open_links.pop() {
                            let link_text = link_text(text, &buf.text.text, at, start);
                            buf.links.push(Link {
                                text: link_text,
                                dest,
                            });
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, body, _, _)) = code.as_mut() {
                    body.push(text, &t);
                } else if let Some((buf, _, _)) = inline.as_mut() {
                    buf.text.push(text, &t);
                }
            }
            Event::Code(t) => {
                if let Some((buf, _, _)) = inline.as_mut() {
                    buf.text.push(text, &t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((buf, _, _)) = inline.as_mut() {
                    buf.space();
                }
            }
            Event::Html(t) => {
                if let Some((body, _)) = html.as_mut() {
                    body.push(text, &t);
                }
            }
            Event::InlineHtml(t) => {
                if t.starts_with("<!--") {
                    let comment = match t {
                        CowStr::Borrowed(c) => Cow::Borrowed(c),
                        other => Cow::Owned(other.to_string()),
                    };
                    push_comments(comment, lines.line(range.start), &mut blocks, file);
                } else if let Some((buf, _, _)) = inline.as_mut() {
                    if t.eq_ignore_ascii_case("<br>")
                        || t.eq_ignore_ascii_case("<br/>")
                        || t.eq_ignore_ascii_case("<br />")
                    {
                        buf.space();
                    }
                }
            }
            Event::Rule => blocks.push(Block {
                kind: BlockKind::Rule,
                line: lines.line(range.start),
                file: file.clone(),
            }),
            _ => {}
        }
    }
    blocks
}

fn flush_item<'a>(
    inline: &mut Option<(InlineBuf<'a>, u32, Range<usize>)>,
    blocks: &mut Vec<Block<'a>>,
    file: &Rc<Path>,
) {
    if let Some((buf, line, _)) = inline.take() {
        let text = buf.finish();
        if !text.text.is_empty() {
            blocks.push(Block {
                kind: BlockKind::ListItem(text),
                line,
                file: file.clone(),
            });
        }
    }
}

/// A paragraph may hold `[!INCLUDE]` lines; those become [`BlockKind::Include`] blocks.
fn push_paragraph<'a>(
    src: &'a str,
    text: Inline<'a>,
    line: u32,
    range: Range<usize>,
    lines: &LineIndex<'_>,
    blocks: &mut Vec<Block<'a>>,
    file: &Rc<Path>,
) {
    let raw = src.get(range.clone()).unwrap_or("");
    if !crate::read::text::contains_ci(raw, "[!include") {
        blocks.push(Block {
            kind: BlockKind::Paragraph(text),
            line,
            file: file.clone(),
        });
        return;
    }
    let mut other = false;
    let mut offset = range.start;
    for raw_line in raw.split_inclusive('\n') {
        match include_path(raw_line) {
            Some(path) => blocks.push(Block {
                kind: BlockKind::Include(path),
                line: lines.line(offset),
                file: file.clone(),
            }),
            None => other |= !raw_line.trim().is_empty(),
        }
        offset += raw_line.len();
    }
    if other {
        blocks.push(Block {
            kind: BlockKind::Paragraph(text),
            line,
            file: file.clone(),
        });
    }
}

fn push_heading<'a>(
    src: &'a str,
    level: u8,
    text: Inline<'a>,
    line: u32,
    range: Range<usize>,
    blocks: &mut Vec<Block<'a>>,
    file: &Rc<Path>,
) {
    let raw = src.get(range).unwrap_or("");
    if let Some(path) = include_path(raw) {
        // A setext underline (`---`) directly under an include line: an include and a rule.
        blocks.push(Block {
            kind: BlockKind::Include(path),
            line,
            file: file.clone(),
        });
        blocks.push(Block {
            kind: BlockKind::Rule,
            line: line.saturating_add(1),
            file: file.clone(),
        });
        return;
    }
    let tab = match text.links.first().map(|l| &l.dest) {
        Some(Cow::Borrowed(d)) => d.strip_prefix("#tab/").map(ascii_lowercase),
        Some(Cow::Owned(d)) => d
            .strip_prefix("#tab/")
            .map(|t| Cow::Owned(t.to_ascii_lowercase())),
        None => None,
    };
    if let Some(tab) = tab {
        if text.links.len() == 1 {
            blocks.push(Block {
                kind: BlockKind::Tab(tab),
                line,
                file: file.clone(),
            });
            return;
        }
    }
    blocks.push(Block {
        kind: BlockKind::Heading { level, text },
        line,
        file: file.clone(),
    });
}

/// `[!INCLUDE [label](path)]` on a line: the path.
pub fn include_path(line: &str) -> Option<Cow<'_, str>> {
    // Most lines asked about (every heading) start with some other character: say so at once.
    let first = line
        .bytes()
        .find(|&b| !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))?;
    if first.is_ascii() && first != b'[' && first != b'>' {
        return None;
    }
    let t = line.trim_start().trim_start_matches('>').trim_start();
    // DocFX reads the keyword in any case (`[!INCLUDE`, `[!include`, `[!Include`).
    let rest = crate::read::text::starts_with_ci(t, "[!include")
        .then(|| t.get("[!include".len()..))
        .flatten()?;
    let open = crate::read::text::find(rest, "](")?;
    let after = rest.get(open + 2..)?;
    let close = after.find(')')?;
    let path = after.get(..close)?.trim();
    (!path.is_empty()).then_some(Cow::Borrowed(path))
}

/// Every `<!-- ... -->` in `html` (starting at `line`) as a comment block.
fn push_comments<'a>(html: Cow<'a, str>, line: u32, blocks: &mut Vec<Block<'a>>, file: &Rc<Path>) {
    let mut pos = 0usize;
    while let Some(start) = html
        .get(pos..)
        .and_then(|r| crate::read::text::find(r, "<!--"))
    {
        let body_start = pos + start + 4;
        let before_lines = count_lines(html.get(..pos + start).unwrap_or(""));
        let after = html.get(body_start..).unwrap_or("");
        let (body_end, next) = match crate::read::text::find(after, "-->") {
            Some(end) => (body_start + end, body_start + end + 3),
            None => (html.len(), html.len()),
        };
        let body = match &html {
            Cow::Borrowed(h) => Cow::Borrowed(h.get(body_start..body_end).unwrap_or("")),
            Cow::Owned(h) => Cow::Owned(h.get(body_start..body_end).unwrap_or("").to_string()),
        };
        blocks.push(Block {
            kind: BlockKind::Comment(body),
            line: line.saturating_add(before_lines),
            file: file.clone(),
        });
        pos = next;
    }
}

/// The number of line feeds in `s`: the line of the text right after it, less one.
pub(crate) fn count_lines(s: &str) -> u32 {
    u32::try_from(s.matches('\n').count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_read_in_any_case() {
        for line in [
            "[!INCLUDE [p](../includes/p.md)]",
            "[!include [p](../includes/p.md)]",
            "> [!Include [p](../includes/p.md)]",
        ] {
            assert_eq!(
                include_path(line).as_deref(),
                Some("../includes/p.md"),
                "{line}"
            );
        }
        assert_eq!(include_path("[!NOTE] text"), None);
    }

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new("a\nbc\n\nd", 10);
        assert_eq!(idx.line(0), 10);
        assert_eq!(idx.line(2), 11);
        assert_eq!(idx.line(5), 12);
        assert_eq!(idx.line(6), 13);
        // Backwards, past the end, and again.
        assert_eq!(idx.line(1), 10);
        assert_eq!(idx.line(100), 13);
        assert_eq!(idx.line(3), 11);
        assert_eq!(LineIndex::new("", 1).line(5), 1);
    }

    #[test]
    fn blocks_keep_lines_and_kinds() {
        let src = "# Title\n\nSome [user](../resources/user.md) text.\n\n|a|b|\n|-|-|\n|1|2|\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /me\n```\n\n[!INCLUDE [p](../includes/p.md)]\n\n# [C#](#tab/csharp)\n\n---\n";
        let blocks = parse_blocks(src, 1, &Rc::from(Path::new("p.md")));
        let kinds: Vec<_> = blocks.iter().map(|b| (b.line, &b.kind)).collect();
        assert!(matches!(kinds[0], (1, BlockKind::Heading { level: 1, .. })));
        match kinds[1] {
            (3, BlockKind::Paragraph(p)) => {
                assert_eq!(p.text, "Some user text.");
                assert_eq!(p.links[0].dest, "../resources/user.md");
            }
            other => panic!("{other:?}"),
        }
        match kinds[2] {
            (5, BlockKind::Table(t)) => {
                assert_eq!(t.header().cells.len(), 2);
                assert_eq!(t.header().line, 5);
                let rows: Vec<_> = t.rows().collect();
                assert_eq!(rows.len(), 1);
                assert_eq!(rows[0].line, 7);
                assert_eq!(rows[0].cells[1].text, "2");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(kinds[3], (9, BlockKind::Comment(c)) if c.contains("request")));
        assert!(
            matches!(kinds[4], (10, BlockKind::Code { lang, text, content_line: 11 }) if lang == "http" && text == "GET /me\n")
        );
        assert!(matches!(kinds[5], (14, BlockKind::Include(p)) if p == "../includes/p.md"));
        assert!(matches!(kinds[6], (16, BlockKind::Tab(t)) if t == "csharp"));
        assert!(matches!(kinds[7], (18, BlockKind::Rule)));
    }

    #[test]
    fn sections_split_at_headings() {
        let blocks = parse_blocks(
            "intro\n\n## HTTP Request\n\ntext\n\n### Sub\n",
            1,
            &Rc::from(Path::new("p.md")),
        );
        let secs = sections(&blocks);
        assert_eq!(secs.len(), 3);
        assert!(
            crate::read::text::heading_words(secs[1].title).eq_ignore_ascii_case("http request")
        );
        assert_eq!(secs[1].blocks.len(), 1);
        assert_eq!(secs[2].level, 3);
    }
}
