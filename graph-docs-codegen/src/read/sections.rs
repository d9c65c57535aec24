//! Sections: the heading-delimited parts of a page's blocks.

use std::path::Path;

use super::blocks::{Block, BlockKind};
use crate::page::diagnostics::Location;

/// A heading-delimited part of a page: the heading and the blocks up to the next heading of any level.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    /// Heading level (0 for the part before the first heading).
    pub level: u8,
    /// Heading text, plain.
    pub title: &'a str,
    /// The heading block (`None` for the part before the first heading).
    pub heading: Option<&'a Block<'a>>,
    /// The blocks after the heading, up to the next heading.
    pub blocks: &'a [Block<'a>],
}

impl Section<'_> {
    /// Where the heading is: its own file and line (an included file's, when an include brought it), or line 0
    /// of `page` for the part before the first heading.
    pub fn location(&self, page: &Path) -> Location {
        self.heading
            .map_or_else(|| Location::new(page, 0), Block::location)
    }
}

/// Split blocks into sections at every heading.
pub fn sections<'a>(blocks: &'a [Block<'a>]) -> Vec<Section<'a>> {
    let headings = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .count();
    let mut out = Vec::with_capacity(headings + 1);
    let mut current = Section {
        level: 0,
        title: "",
        heading: None,
        blocks: &[],
    };
    let mut start = 0usize;
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Heading { level, text } = &block.kind {
            current.blocks = blocks.get(start..i).unwrap_or(&[]);
            out.push(current);
            current = Section {
                level: *level,
                title: &text.text,
                heading: Some(block),
                blocks: &[],
            };
            start = i + 1;
        }
    }
    current.blocks = blocks.get(start..).unwrap_or(&[]);
    out.push(current);
    out
}
