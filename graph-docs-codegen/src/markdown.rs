//! Markdown as the reader sees it: a flat list of located blocks (headings, paragraphs, tables, code
//! blocks, HTML comments, list items, `[!INCLUDE]`s), built from the pulldown-cmark event stream with
//! source offsets, and the heading-delimited sections over them.

use std::cell::Cell;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Location;

/// Maps byte offsets of one text to 1-based line numbers. Lookups come in (mostly) increasing order, so
/// it counts newlines forward from the last lookup instead of building a table.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a [u8],
    first_line: u32,
    /// The last lookup: offset and its line.
    cursor: Cell<(usize, u32)>,
}

impl<'a> LineIndex<'a> {
    /// Index `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &'a str, first_line: u32) -> Self {
        LineIndex { text: text.as_bytes(), first_line, cursor: Cell::new((0, first_line)) }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let (mut at, mut line) = self.cursor.get();
        if offset < at {
            (at, line) = (0, self.first_line);
        }
        let newlines = self.text.get(at..offset).map_or(0, |b| memchr::memchr_iter(b'\n', b).count());
        line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.cursor.set((offset, line));
        line
    }
}

/// A link inside inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text, plain.
    pub text: String,
    /// The destination as written (`../resources/user.md`, `#tab/http`).
    pub dest: String,
}

/// Inline content reduced to plain text, with the links it held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// Plain text: emphasis and code markers removed, link text kept, breaks as spaces.
    pub text: String,
    /// Links in order.
    pub links: Vec<Link>,
}

/// One table row with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Cells in order.
    pub cells: Vec<Inline>,
    /// 1-based line.
    pub line: u32,
}

/// A pipe table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header row.
    pub header: Row,
    /// Body rows.
    pub rows: Vec<Row>,
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// `#`..`######` heading; tab headings (`# [HTTP](#tab/http)`) are [`BlockKind::Tab`] instead.
    Heading {
        /// 1..=6.
        level: u8,
        /// Plain text.
        text: Inline,
    },
    /// A tab marker heading of the docs site (`# [C#](#tab/csharp)`): the tab's id (`csharp`).
    Tab(String),
    /// A paragraph (also paragraphs inside block quotes).
    Paragraph(Inline),
    /// A list item's text (nested items are separate blocks).
    ListItem(Inline),
    /// A table.
    Table(Table),
    /// A code block.
    Code {
        /// Info string (`http`, `json`, `msgraph-interactive`), lowercase and trimmed; empty for indented blocks.
        lang: String,
        /// The content.
        text: String,
        /// Line of the first content line.
        content_line: u32,
    },
    /// The inside of an HTML comment `<!-- ... -->`.
    Comment(String),
    /// `[!INCLUDE [label](path)]`: the path as written.
    Include(String),
    /// A thematic break `---` (closes a tab group).
    Rule,
}

/// A block with the file and line it starts on (blocks from `[!INCLUDE]`d files keep their own file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// 1-based line in its file.
    pub line: u32,
    /// The file, relative to the docs root.
    pub file: Rc<Path>,
}

impl Block {
    /// Where the block is.
    pub fn location(&self) -> Location {
        self.location_at(self.line)
    }

    /// A location in the block's file at `line`.
    pub fn location_at(&self, line: u32) -> Location {
        Location::new(self.file.to_path_buf(), line)
    }
}

/// Inline text being collected.
#[derive(Default)]
struct InlineBuf {
    inline: Inline,
    /// Open links: (start of link text in `inline.text`, destination).
    open_links: Vec<(usize, String)>,
}

impl InlineBuf {
    fn with_capacity(n: usize) -> Self {
        InlineBuf { inline: Inline { text: String::with_capacity(n), links: Vec::new() }, open_links: Vec::new() }
    }

    fn push(&mut self, s: &str) {
        self.inline.text.push_str(s);
    }

    fn space(&mut self) {
        if !self.inline.text.ends_with(' ') && !self.inline.text.is_empty() {
            self.inline.text.push(' ');
        }
    }

    fn finish(mut self) -> Inline {
        let trimmed = self.inline.text.trim();
        if trimmed.len() != self.inline.text.len() {
            self.inline.text = trimmed.to_string();
        }
        self.inline
    }
}

struct TableBuf {
    header: Option<Row>,
    rows: Vec<Row>,
    row: Vec<Inline>,
    row_line: u32,
    line: u32,
}

/// Parse `text` (a page body, front matter removed) into blocks. `first_line` is the file line of
/// `text`'s first line.
pub fn parse_blocks(text: &str, first_line: u32, file: &Rc<Path>) -> Vec<Block> {
    let lines = LineIndex::new(text, first_line);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(text, opts).into_offset_iter();

    let mut blocks = Vec::new();
    // The inline collector for the innermost open leaf (paragraph, heading, cell, item).
    let mut inline: Option<(InlineBuf, u32, Range<usize>)> = None;
    let mut heading_level: Option<u8> = None;
    let mut item_depth = 0usize;
    let mut table: Option<TableBuf> = None;
    let mut code: Option<(String, String, u32, u32)> = None;
    let mut html: Option<(String, u32)> = None;

    for (event, range) in parser {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    if item_depth == 0 || inline.is_none() {
                        inline = Some((InlineBuf::with_capacity(range.len()), lines.line(range.start), range));
                    } else if let Some((buf, _, _)) = inline.as_mut() {
                        buf.space();
                    }
                }
                Tag::Heading { level, .. } => {
                    heading_level = Some(level as u8);
                    inline = Some((InlineBuf::default(), lines.line(range.start), range));
                }
                Tag::Item => {
                    flush_item(&mut inline, &mut blocks, file);
                    item_depth += 1;
                    inline = Some((InlineBuf::default(), lines.line(range.start), range));
                }
                Tag::Table(_) => {
                    let line = lines.line(range.start);
                    table = Some(TableBuf { header: None, rows: Vec::new(), row: Vec::new(), row_line: line, line });
                }
                Tag::TableHead | Tag::TableRow => {
                    if let Some(t) = table.as_mut() {
                        t.row.clear();
                        t.row_line = lines.line(range.start);
                    }
                }
                Tag::TableCell => {
                    inline = Some((InlineBuf::with_capacity(range.len()), lines.line(range.start), range));
                }
                Tag::CodeBlock(kind) => {
                    let start = lines.line(range.start);
                    let (lang, content_line) = match kind {
                        CodeBlockKind::Fenced(info) => (info.trim().to_ascii_lowercase(), start.saturating_add(1)),
                        CodeBlockKind::Indented => (String::new(), start),
                    };
                    code = Some((lang, String::with_capacity(range.len()), start, content_line));
                }
                Tag::HtmlBlock => html = Some((String::new(), lines.line(range.start))),
                Tag::Link { dest_url, .. } => {
                    if let Some((buf, _, _)) = inline.as_mut() {
                        let at = buf.inline.text.len();
                        buf.open_links.push((at, dest_url.to_string()));
                    }
                }
                Tag::Image { .. } => {}
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => {
                    if item_depth == 0 {
                        if let Some((buf, line, range)) = inline.take() {
                            push_paragraph(text, buf.finish(), line, range, &lines, &mut blocks, file);
                        }
                    }
                }
                TagEnd::Heading(_) => {
                    if let (Some(level), Some((buf, line, range))) = (heading_level.take(), inline.take()) {
                        push_heading(text, level, buf.finish(), line, range, &mut blocks, file);
                    }
                }
                TagEnd::Item => {
                    flush_item(&mut inline, &mut blocks, file);
                    item_depth = item_depth.saturating_sub(1);
                }
                TagEnd::TableCell => {
                    if let (Some(t), Some((buf, _, _))) = (table.as_mut(), inline.take()) {
                        t.row.push(buf.finish());
                    }
                }
                TagEnd::TableHead => {
                    if let Some(t) = table.as_mut() {
                        t.header = Some(Row { cells: std::mem::take(&mut t.row), line: t.row_line });
                    }
                }
                TagEnd::TableRow => {
                    if let Some(t) = table.as_mut() {
                        let row = Row { cells: std::mem::take(&mut t.row), line: t.row_line };
                        t.rows.push(row);
                    }
                }
                TagEnd::Table => {
                    if let Some(t) = table.take() {
                        let header = t.header.unwrap_or(Row { cells: Vec::new(), line: t.line });
                        blocks.push(Block { kind: BlockKind::Table(Table { header, rows: t.rows }), line: t.line, file: file.clone() });
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, body, line, content_line)) = code.take() {
                        blocks.push(Block { kind: BlockKind::Code { lang, text: body, content_line }, line, file: file.clone() });
                    }
                }
                TagEnd::HtmlBlock => {
                    if let Some((body, line)) = html.take() {
                        push_comments(&body, line, &mut blocks, file);
                    }
                }
                TagEnd::Link => {
                    if let Some((buf, _, _)) = inline.as_mut() {
                        if let Some((at, dest)) = buf.open_links.pop() {
                            let link_text = buf.inline.text.get(at..).unwrap_or("").trim().to_string();
                            buf.inline.links.push(Link { text: link_text, dest });
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, body, _, _)) = code.as_mut() {
                    body.push_str(&t);
                } else if let Some((buf, _, _)) = inline.as_mut() {
                    buf.push(&t);
                }
            }
            Event::Code(t) => {
                if let Some((buf, _, _)) = inline.as_mut() {
                    buf.push(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((buf, _, _)) = inline.as_mut() {
                    buf.space();
                }
            }
            Event::Html(t) => {
                if let Some((body, _)) = html.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::InlineHtml(t) => {
                if t.starts_with("<!--") {
                    push_comments(&t, lines.line(range.start), &mut blocks, file);
                } else if let Some((buf, _, _)) = inline.as_mut() {
                    if t.eq_ignore_ascii_case("<br>") || t.eq_ignore_ascii_case("<br/>") || t.eq_ignore_ascii_case("<br />") {
                        buf.space();
                    }
                }
            }
            Event::Rule => blocks.push(Block { kind: BlockKind::Rule, line: lines.line(range.start), file: file.clone() }),
            _ => {}
        }
    }
    blocks
}

fn flush_item(inline: &mut Option<(InlineBuf, u32, Range<usize>)>, blocks: &mut Vec<Block>, file: &Rc<Path>) {
    if let Some((buf, line, _)) = inline.take() {
        let text = buf.finish();
        if !text.text.is_empty() {
            blocks.push(Block { kind: BlockKind::ListItem(text), line, file: file.clone() });
        }
    }
}

/// A paragraph may hold `[!INCLUDE]` lines; those become [`BlockKind::Include`] blocks.
fn push_paragraph(
    src: &str,
    text: Inline,
    line: u32,
    range: Range<usize>,
    lines: &LineIndex<'_>,
    blocks: &mut Vec<Block>,
    file: &Rc<Path>,
) {
    let raw = src.get(range.clone()).unwrap_or("");
    if !raw.contains("[!INCLUDE") && !raw.contains("[!include") {
        blocks.push(Block { kind: BlockKind::Paragraph(text), line, file: file.clone() });
        return;
    }
    let mut other = false;
    let mut offset = range.start;
    for raw_line in raw.split_inclusive('\n') {
        match include_path(raw_line) {
            Some(path) => blocks.push(Block { kind: BlockKind::Include(path), line: lines.line(offset), file: file.clone() }),
            None => other |= !raw_line.trim().is_empty(),
        }
        offset += raw_line.len();
    }
    if other {
        blocks.push(Block { kind: BlockKind::Paragraph(text), line, file: file.clone() });
    }
}

fn push_heading(
    src: &str,
    level: u8,
    text: Inline,
    line: u32,
    range: Range<usize>,
    blocks: &mut Vec<Block>,
    file: &Rc<Path>,
) {
    let raw = src.get(range).unwrap_or("");
    if let Some(path) = include_path(raw) {
        // A setext underline (`---`) directly under an include line: an include and a rule.
        blocks.push(Block { kind: BlockKind::Include(path), line, file: file.clone() });
        blocks.push(Block { kind: BlockKind::Rule, line: line.saturating_add(1), file: file.clone() });
        return;
    }
    if let Some(tab) = text.links.first().and_then(|l| l.dest.strip_prefix("#tab/")) {
        if text.links.len() == 1 {
            blocks.push(Block { kind: BlockKind::Tab(tab.to_ascii_lowercase()), line, file: file.clone() });
            return;
        }
    }
    blocks.push(Block { kind: BlockKind::Heading { level, text }, line, file: file.clone() });
}

/// `[!INCLUDE [label](path)]` on a line: the path.
pub fn include_path(line: &str) -> Option<String> {
    let t = line.trim_start().trim_start_matches('>').trim_start();
    let rest = t.strip_prefix("[!INCLUDE").or_else(|| t.strip_prefix("[!include"))?;
    let open = rest.find("](")?;
    let after = rest.get(open + 2..)?;
    let close = after.find(')')?;
    let path = after.get(..close)?.trim();
    (!path.is_empty()).then(|| path.to_string())
}

/// Every `<!-- ... -->` in `html` (starting at `line`) as a comment block.
fn push_comments(html: &str, line: u32, blocks: &mut Vec<Block>, file: &Rc<Path>) {
    let mut rest = html;
    let mut consumed = 0usize;
    while let Some(start) = rest.find("<!--") {
        let before_lines = count_lines(html.get(..consumed + start).unwrap_or(""));
        let after = rest.get(start + 4..).unwrap_or("");
        let (body, next) = match after.find("-->") {
            Some(end) => (after.get(..end).unwrap_or(""), end + 3),
            None => (after, after.len()),
        };
        blocks.push(Block { kind: BlockKind::Comment(body.to_string()), line: line.saturating_add(before_lines), file: file.clone() });
        consumed += start + 4 + next;
        rest = after.get(next..).unwrap_or("");
    }
}

fn count_lines(s: &str) -> u32 {
    u32::try_from(s.matches('\n').count()).unwrap_or(u32::MAX)
}

/// A heading-delimited part of a page: the heading and the blocks up to the next heading of any level.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    /// Heading level (0 for the part before the first heading).
    pub level: u8,
    /// Heading text, plain.
    pub title: &'a str,
    /// Heading line.
    pub line: u32,
    /// The blocks after the heading, up to the next heading.
    pub blocks: &'a [Block],
}

/// Split blocks into sections at every heading.
pub fn sections(blocks: &[Block]) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let mut current = Section { level: 0, title: "", line: 0, blocks: &[] };
    let mut start = 0usize;
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Heading { level, text } = &block.kind {
            current.blocks = blocks.get(start..i).unwrap_or(&[]);
            out.push(current);
            current = Section { level: *level, title: text.text.as_str(), line: block.line, blocks: &[] };
            start = i + 1;
        }
    }
    current.blocks = blocks.get(start..).unwrap_or(&[]);
    out.push(current);
    out
}

/// A heading title normalised for matching: lowercase, single spaces, no trailing colon.
pub fn normalize_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for word in title.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out.trim_end_matches(':').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new("a\nbc\n\nd", 10);
        assert_eq!(idx.line(0), 10);
        assert_eq!(idx.line(2), 11);
        assert_eq!(idx.line(5), 12);
        assert_eq!(idx.line(6), 13);
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
                assert_eq!(t.header.cells.len(), 2);
                assert_eq!(t.rows[0].line, 7);
                assert_eq!(t.rows[0].cells[1].text, "2");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(kinds[3], (9, BlockKind::Comment(c)) if c.contains("request")));
        assert!(matches!(kinds[4], (10, BlockKind::Code { lang, text, content_line: 11 }) if lang == "http" && text == "GET /me\n"));
        assert!(matches!(kinds[5], (14, BlockKind::Include(p)) if p == "../includes/p.md"));
        assert!(matches!(kinds[6], (16, BlockKind::Tab(t)) if t == "csharp"));
        assert!(matches!(kinds[7], (18, BlockKind::Rule)));
    }

    #[test]
    fn sections_split_at_headings() {
        let blocks = parse_blocks("intro\n\n## HTTP Request\n\ntext\n\n### Sub\n", 1, &Rc::from(Path::new("p.md")));
        let secs = sections(&blocks);
        assert_eq!(secs.len(), 3);
        assert_eq!(normalize_title(secs[1].title), "http request");
        assert_eq!(secs[1].blocks.len(), 1);
        assert_eq!(secs[2].level, 3);
    }
}
