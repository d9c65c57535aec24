//! `[!INCLUDE [label](path)]` expansion: the path is relative to the including page, never leaves the
//! docs root, and include chains that come back to a file are reported. SDK snippet includes (in
//! non-HTTP tabs, or under `snippets/`) hold no API information and are passed over.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Severity};
use crate::read::files;
use crate::read::front_matter;
use crate::read::links::{LinkIndex, Target};
use crate::read::markdown::{self, Block, BlockKind};

/// Deeper include chains than this are reported as cycles.
const MAX_DEPTH: usize = 8;

/// Expands includes for the pages of one docs folder, reading each include file once.
pub struct Includes<'a> {
    root: Option<&'a Path>,
    index: &'a LinkIndex,
    cache: BTreeMap<PathBuf, Rc<Vec<Block<'static>>>>,
    outside_reported: BTreeSet<String>,
    /// Every include file read, relative to the root.
    pub read: BTreeSet<PathBuf>,
    /// The include files expanded since the last [`take_used`](Self::take_used): those of the current page.
    used: BTreeSet<PathBuf>,
}

/// For the warning about an include outside the docs folder, which is given once per path (as written, in any
/// letter case), the key it is given once by; `None` for any other diagnostic. Each reading thread has its own
/// [`Includes`], so the loader keeps the first of each key.
pub fn reported_once(diagnostic: &Diagnostic) -> Option<String> {
    (diagnostic.kind == DiagnosticKind::OutsideRoot && diagnostic.severity == Severity::Warning)
        .then(|| diagnostic.message.to_ascii_lowercase())
}

/// Whether an include holds an SDK code snippet (`../includes/snippets/csharp/x.md`).
fn is_snippet(path: &str) -> bool {
    path.as_bytes()
        .split(|&b| b == b'/' || b == b'\\')
        .any(|p| p.eq_ignore_ascii_case(b"snippets"))
}

impl<'a> Includes<'a> {
    /// Includes for the folder `root` (or for a lone page when `None`: every include is then missing).
    pub fn new(root: Option<&'a Path>, index: &'a LinkIndex) -> Self {
        Includes {
            root,
            index,
            cache: BTreeMap::new(),
            outside_reported: BTreeSet::new(),
            read: BTreeSet::new(),
            used: BTreeSet::new(),
        }
    }

    /// Replace every include block by the blocks of the file it names, recursively.
    pub fn expand<'p>(
        &mut self,
        blocks: Vec<Block<'p>>,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Block<'p>> {
        let mut stack = Vec::new();
        self.expand_in(blocks, &mut stack, diags)
    }

    fn expand_in<'p>(
        &mut self,
        blocks: Vec<Block<'p>>,
        stack: &mut Vec<PathBuf>,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Block<'p>> {
        // Most pages include only SDK snippets: drop those in place instead of rebuilding the list.
        let live = |b: &Block<'_>| matches!(&b.kind, BlockKind::Include(p) if !is_snippet(p));
        if !blocks.iter().any(live) {
            let mut blocks = blocks;
            blocks.retain(|b| !matches!(b.kind, BlockKind::Include(_)));
            return blocks;
        }
        let mut out = Vec::with_capacity(blocks.len());
        let mut other_tab = false;
        for block in blocks {
            match &block.kind {
                BlockKind::Tab(t) => other_tab = t != "http",
                BlockKind::Rule | BlockKind::Heading { .. } => other_tab = false,
                _ => {}
            }
            let BlockKind::Include(path) = &block.kind else {
                out.push(block);
                continue;
            };
            if other_tab || is_snippet(path) {
                continue;
            }
            match self.index.resolve(&block.file, path) {
                Target::Page(target) => {
                    if stack.contains(&target) || stack.len() >= MAX_DEPTH || *block.file == *target
                    {
                        diags.push(
                            Diagnostic::warning(
                                DiagnosticKind::IncludeCycle,
                                block.location(),
                                format!(
                                    "`{path}` includes itself (through {}); not expanded",
                                    chain(stack, &target)
                                ),
                            )
                            .with_hint("break the include cycle"),
                        );
                        continue;
                    }
                    let Some(included) = self.load(&target, &block, diags) else {
                        continue;
                    };
                    self.used.insert(target.clone());
                    stack.push(target);
                    let expanded = self.expand_in(included.as_ref().clone(), stack, diags);
                    stack.pop();
                    out.extend(expanded);
                }
                Target::Missing(rel) => diags.push(
                    Diagnostic::warning(
                        DiagnosticKind::MissingInclude,
                        block.location(),
                        format!(
                            "included file `{path}` ({}) does not exist",
                            crate::read::links::slash_path(&rel)
                        ),
                    )
                    .with_hint("add the file to the docs folder, or remove the [!INCLUDE]"),
                ),
                Target::OutsideRoot | Target::External => {
                    if self.outside_reported.insert(path.to_ascii_lowercase()) {
                        diags.push(
                            Diagnostic::warning(
                                DiagnosticKind::OutsideRoot,
                                block.location(),
                                format!("included file `{path}` is outside the docs folder; not read (reported once)"),
                            )
                            .with_hint("copy the file into the docs folder if its content matters"),
                        );
                    }
                }
            }
        }
        out
    }

    /// The include files expanded since the last call (those of one page), emptied.
    pub fn take_used(&mut self) -> BTreeSet<PathBuf> {
        std::mem::take(&mut self.used)
    }

    /// The blocks of an include file (front matter removed), read once.
    fn load(
        &mut self,
        target: &Path,
        at: &Block<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Rc<Vec<Block<'static>>>> {
        if let Some(hit) = self.cache.get(target) {
            return Some(hit.clone());
        }
        let root = self.root?;
        let text = match files::read_text(root, target, diags) {
            Ok(t) => t,
            Err(err) => {
                diags.push(err);
                diags.push(Diagnostic::warning(
                    DiagnosticKind::MissingInclude,
                    at.location(),
                    format!(
                        "included file `{}` could not be read",
                        crate::read::links::slash_path(target)
                    ),
                ));
                return None;
            }
        };
        self.read.insert(target.to_path_buf());
        let text = files::page_text(target, &text, diags);
        let fm = front_matter::parse(&text, target, diags);
        let body = text.get(fm.body_offset..).unwrap_or("");
        let file: Rc<Path> = Rc::from(target);
        let blocks: Rc<Vec<Block<'static>>> = Rc::new(
            markdown::parse_blocks(body, fm.body_line, &file)
                .into_iter()
                .map(Block::into_owned)
                .collect(),
        );
        self.cache.insert(target.to_path_buf(), blocks.clone());
        Some(blocks)
    }
}

fn chain(stack: &[PathBuf], target: &Path) -> String {
    let mut parts: Vec<String> = stack
        .iter()
        .map(|p| crate::read::links::slash_path(p))
        .collect();
    parts.push(crate::read::links::slash_path(target));
    parts.join(" -> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(files: &[(&str, &str)]) -> (tempfile::TempDir, LinkIndex) {
        let dir = tempfile::tempdir().unwrap();
        let mut rels = Vec::new();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            rels.push(PathBuf::from(rel));
        }
        let idx = LinkIndex::new(&rels);
        (dir, idx)
    }

    fn page_blocks(text: &str) -> Vec<Block<'_>> {
        markdown::parse_blocks(text, 1, &Rc::from(Path::new("api/page.md")))
    }

    #[test]
    fn expands_relative_to_the_page_and_keeps_include_locations() {
        let (dir, idx) = setup(&[(
            "includes/perm.md",
            "---\nms.topic: include\n---\n\n|a|b|\n|-|-|\n|1|2|\n",
        )]);
        let mut inc = Includes::new(Some(dir.path()), &idx);
        let mut d = Vec::new();
        let out = inc.expand(page_blocks("[!INCLUDE [p](../includes/PERM.md)]\n"), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].location(),
            crate::page::diagnostics::Location::new("includes/perm.md", 5)
        );
        assert!(inc.read.contains(Path::new("includes/perm.md")));
        assert_eq!(
            inc.take_used(),
            BTreeSet::from([PathBuf::from("includes/perm.md")])
        );
        assert!(inc.take_used().is_empty());
    }

    #[test]
    fn a_heading_from_an_include_is_located_in_the_include() {
        let (dir, idx) = setup(&[(
            "includes/req.md",
            "## HTTP request\n\n```http\nGET /me\n```\n",
        )]);
        let mut inc = Includes::new(Some(dir.path()), &idx);
        let mut d = Vec::new();
        let out = inc.expand(
            page_blocks("# T\n\n[!INCLUDE [r](../includes/req.md)]\n"),
            &mut d,
        );
        let sections = markdown::sections(&out);
        let page = Path::new("api/page.md");
        assert_eq!(
            sections[1].location(page),
            crate::page::diagnostics::Location::new(page, 1)
        );
        assert_eq!(
            sections[2].location(page),
            crate::page::diagnostics::Location::new("includes/req.md", 1)
        );
        assert_eq!(
            sections[0].location(page),
            crate::page::diagnostics::Location::new(page, 0)
        );
    }

    #[test]
    fn snippet_paths() {
        for (path, want) in [
            ("../includes/snippets/csharp/x.md", true),
            ("Snippets/x.md", true),
            ("a\\SNIPPETS", true),
            ("../includes/snippets-old/x.md", false),
            ("../includes/mysnippets/x.md", false),
            ("../includes/permissions/x-snippets.md", false),
            ("snippet/x.md", false),
        ] {
            assert_eq!(is_snippet(path), want, "{path}");
        }
    }

    #[test]
    fn missing_outside_cycles_and_snippets() {
        let (dir, idx) = setup(&[
            ("api/a.md", "[!INCLUDE [b](b.md)]\n"),
            ("api/b.md", "[!INCLUDE [a](a.md)]\n"),
        ]);
        let mut inc = Includes::new(Some(dir.path()), &idx);
        let mut d = Vec::new();
        let text = "[!INCLUDE [x](missing.md)]\n\n[!INCLUDE [y](../../out.md)]\n\n[!INCLUDE [y](../../out.md)]\n\n[!INCLUDE [s](../includes/snippets/cs/x.md)]\n\n[!INCLUDE [a](a.md)]\n";
        let out = inc.expand(page_blocks(text), &mut d);
        assert!(out.is_empty());
        let kinds: Vec<_> = d.iter().map(|x| (x.kind, x.location.line)).collect();
        assert_eq!(
            kinds,
            vec![
                (DiagnosticKind::MissingInclude, 1),
                (DiagnosticKind::OutsideRoot, 3),
                (DiagnosticKind::IncludeCycle, 1)
            ]
        );
    }
}
