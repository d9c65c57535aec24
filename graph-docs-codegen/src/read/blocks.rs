//! The markdown block model: located blocks (headings, paragraphs, tables, code blocks, HTML comments, list
//! items, `[!INCLUDE]`s) with their inline text and links, as [`parse_blocks`](super::markdown::parse_blocks)
//! builds them.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;

use crate::page::diagnostics::Location;

/// Maps byte offsets of one text to 1-based line numbers. A cursor that counts newlines from the last
/// offset asked for: the reader asks in (nearly) increasing order, so each byte is scanned about once
/// and nothing is allocated.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a [u8],
    /// The last offset asked for (clamped to the text) and the number of newlines before it.
    cursor: Cell<(usize, usize)>,
    first_line: u32,
}

impl<'a> LineIndex<'a> {
    /// Index `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &'a str, first_line: u32) -> Self {
        LineIndex {
            text: text.as_bytes(),
            cursor: Cell::new((0, 0)),
            first_line,
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let (pos, before) = self.cursor.get();
        let count = |from: usize, to: usize| {
            self.text
                .get(from..to)
                .map_or(0, |b| memchr::memchr_iter(b'\n', b).count())
        };
        let before = if offset >= pos {
            before + count(pos, offset)
        } else {
            before.saturating_sub(count(offset, pos))
        };
        self.cursor.set((offset, before));
        u32::try_from(before)
            .unwrap_or(u32::MAX)
            .saturating_add(self.first_line)
    }
}

/// A link inside inline text. Text borrows from the page where it can (`'a` is the page text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link<'a> {
    /// The link text, plain. Borrowed from the page when the source reads the same.
    pub text: Cow<'a, str>,
    /// The destination as written (`../resources/user.md`, `#tab/http`).
    pub dest: Cow<'a, str>,
}

/// Inline content reduced to plain text, with the links it held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline<'a> {
    /// Plain text: emphasis and code markers removed, link text kept, breaks as spaces. Borrowed from
    /// the page when the source already reads that way (plain cells and sentences).
    pub text: Cow<'a, str>,
    /// Links in order.
    pub links: Vec<Link<'a>>,
}

/// One table row with the line it is on: a view of its [`Table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'r, 'a> {
    /// Cells in order.
    pub cells: &'r [Inline<'a>],
    /// 1-based line.
    pub line: u32,
}

/// A pipe table. The cells of all its rows are kept in one list, row after row, so that a table takes
/// two allocations however many rows it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<'a> {
    /// Every cell, the header's first.
    pub(super) cells: Vec<Inline<'a>>,
    /// Each row's cells (a range of `cells`) and line, the header first.
    pub(super) rows: Vec<(Range<usize>, u32)>,
}

impl<'a> Table<'a> {
    fn row(&self, (cells, line): &(Range<usize>, u32)) -> Row<'_, 'a> {
        Row {
            cells: self.cells.get(cells.clone()).unwrap_or(&[]),
            line: *line,
        }
    }

    /// The header row.
    pub fn header(&self) -> Row<'_, 'a> {
        self.rows.first().map_or(
            Row {
                cells: &[],
                line: 0,
            },
            |r| self.row(r),
        )
    }

    /// The body rows, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_, 'a>> + '_ {
        self.rows
            .get(1..)
            .unwrap_or(&[])
            .iter()
            .map(|r| self.row(r))
    }
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind<'a> {
    /// `#`..`######` heading; tab headings (`# [HTTP](#tab/http)`) are [`BlockKind::Tab`] instead.
    Heading {
        /// 1..=6.
        level: u8,
        /// Plain text.
        text: Inline<'a>,
    },
    /// A tab marker heading of the docs site (`# [C#](#tab/csharp)`): the tab's id (`csharp`), lowercase.
    Tab(Cow<'a, str>),
    /// A paragraph (also paragraphs inside block quotes).
    Paragraph(Inline<'a>),
    /// A list item's text (nested items are separate blocks).
    ListItem(Inline<'a>),
    /// A table.
    Table(Table<'a>),
    /// A code block.
    Code {
        /// Info string (`http`, `json`, `msgraph-interactive`), lowercase and trimmed; empty for indented blocks.
        lang: Cow<'a, str>,
        /// The content.
        text: Cow<'a, str>,
        /// Line of the first content line.
        content_line: u32,
    },
    /// The inside of an HTML comment `<!-- ... -->`.
    Comment(Cow<'a, str>),
    /// `[!INCLUDE [label](path)]`: the path as written.
    Include(Cow<'a, str>),
    /// A thematic break `---` (closes a tab group).
    Rule,
}

/// A block with the file and line it starts on (blocks from `[!INCLUDE]`d files keep their own file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// What it is.
    pub kind: BlockKind<'a>,
    /// 1-based line in its file.
    pub line: u32,
    /// The file, relative to the docs root.
    pub file: Rc<Path>,
}

fn owned(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

impl Inline<'_> {
    /// The same inline, owning its text.
    pub fn into_owned(self) -> Inline<'static> {
        Inline {
            text: owned(self.text),
            links: self
                .links
                .into_iter()
                .map(|l| Link {
                    text: owned(l.text),
                    dest: owned(l.dest),
                })
                .collect(),
        }
    }
}

impl Block<'_> {
    /// The same block, owning its text (blocks of include files outlive the text they were read from).
    pub fn into_owned(self) -> Block<'static> {
        let kind = match self.kind {
            BlockKind::Heading { level, text } => BlockKind::Heading {
                level,
                text: text.into_owned(),
            },
            BlockKind::Tab(t) => BlockKind::Tab(owned(t)),
            BlockKind::Paragraph(p) => BlockKind::Paragraph(p.into_owned()),
            BlockKind::ListItem(p) => BlockKind::ListItem(p.into_owned()),
            BlockKind::Table(t) => BlockKind::Table(Table {
                cells: t.cells.into_iter().map(Inline::into_owned).collect(),
                rows: t.rows,
            }),
            BlockKind::Code {
                lang,
                text,
                content_line,
            } => BlockKind::Code {
                lang: owned(lang),
                text: owned(text),
                content_line,
            },
            BlockKind::Comment(c) => BlockKind::Comment(owned(c)),
            BlockKind::Include(p) => BlockKind::Include(owned(p)),
            BlockKind::Rule => BlockKind::Rule,
        };
        Block {
            kind,
            line: self.line,
            file: self.file,
        }
    }

    /// Where the block is.
    pub fn location(&self) -> Location {
        self.location_at(self.line)
    }

    /// A location in the block's file at `line`.
    pub fn location_at(&self, line: u32) -> Location {
        Location::new(self.file.to_path_buf(), line)
    }
}
