//! Loading a docs folder into a [`DocSet`]: every `.md` file is read, classified by its front matter's
//! `doc_type` (not by folder), its includes expanded, and parsed as an API, resource or enum page.
//! Only an unreadable root is an `Err`; everything else is a located diagnostic.
//!
//! [`load_with`] parses in full only the API and conceptual pages a selection wants. Of the other API pages it
//! parses the [`outline`], what comes before the examples (the generator still needs every page's request
//! lines and response, to spell paths as the whole doc set does and to address bound operations); the other
//! conceptual pages are left out. A narrow selection of a large folder reads little more than its resource pages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::DocSet;
use crate::read::api_page;
use crate::read::examples;
use crate::read::files;
use crate::read::front_matter::{self, DocType};
use crate::read::include::{self, Includes};
use crate::read::links::LinkIndex;
use crate::read::markdown::{self, Block, BlockKind};
use crate::read::request_line;
use crate::read::resource_page;

/// Read every page under `root`. `Err` only when the folder itself cannot be read.
pub fn load(root: &Path) -> Result<DocSet, Diagnostic> {
    load_with(root, &|_| true)
}

/// Read the pages under `root`: in full, every resource and enum page and the API and conceptual pages for which
/// `wanted` (given the file relative to `root`) is true; the [`outline`] of the other API pages. `Err` only when
/// the folder itself cannot be read. Pages are read on up to [`MAX_THREADS`] threads; the result does not depend
/// on how many (`finish` puts them in file order and keeps each warning once).
pub fn load_with(
    root: &Path,
    wanted: &(dyn Fn(&Path) -> bool + Sync),
) -> Result<DocSet, Diagnostic> {
    let abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut diags = Vec::new();
    let files = files::walk(&abs, &mut diags).map_err(|err| {
        Diagnostic::error(
            DiagnosticKind::Io,
            Location::new(root, 0),
            format!("cannot read the docs folder: {err}"),
        )
        .with_hint("check the path: it must name the folder that holds the doc pages")
    })?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(files.len() / MIN_FILES_PER_THREAD)
        .max(1);
    let mut set = read_on_threads(&abs, &files, wanted, threads);
    set.root = abs;
    diags.append(&mut set.diagnostics);
    set.files = files;
    finish(set, diags)
}

/// Reads `files` on `threads` threads (at least one: the caller's) and merges what they read, unsorted, with
/// every diagnostic in `diagnostics`; [`finish`] puts it in order.
fn read_on_threads(
    abs: &Path,
    files: &[PathBuf],
    wanted: &(dyn Fn(&Path) -> bool + Sync),
    threads: usize,
) -> DocSet {
    let next = AtomicUsize::new(0);
    let read_some = || read_pages(abs, files, &next, wanted);
    let parts = std::thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others: they take files until none is left.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, read_some)
                    .ok()
            })
            .collect();
        let mut parts = vec![read_some()];
        for helper in helpers {
            match helper.join() {
                Ok(part) => parts.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut set = DocSet::default();
    for (part, mut diags) in parts {
        set.includes.extend(part.includes);
        set.api_pages.extend(part.api_pages);
        set.resources.extend(part.resources);
        set.enums.extend(part.enums);
        set.conceptual_examples.extend(part.conceptual_examples);
        set.skipped.extend(part.skipped);
        set.diagnostics.append(&mut diags);
    }
    set
}

/// At most this many threads read pages. Reading is most of a narrow selection's expansion (on 2 cores, 2 threads
/// cut the expansion of 25 pages of a 2,460-page folder from about 140 to 100 ms); a proc macro shares the
/// machine with the rest of the build, so it takes only a few.
pub const MAX_THREADS: usize = 4;

/// A thread is started for each this many files at most: for a small folder a thread costs more than it saves.
const MIN_FILES_PER_THREAD: usize = 128;

/// One reading thread's work: it takes the next unread file of `files` until none is left, and returns what it
/// read and its diagnostics. Each thread has its own link index and include cache (both only caches).
fn read_pages(
    abs: &Path,
    files: &[PathBuf],
    next: &AtomicUsize,
    wanted: &(dyn Fn(&Path) -> bool + Sync),
) -> (DocSet, Vec<Diagnostic>) {
    let index = LinkIndex::new(files);
    let mut includes = Includes::new(Some(abs), &index);
    let mut set = DocSet::default();
    let mut diags = Vec::new();
    let mut buf = Vec::new();
    while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
        match files::read_text_into(abs, file, &mut buf, &mut diags) {
            Ok(text) => {
                read_page(
                    file,
                    &text,
                    wanted,
                    &mut includes,
                    &index,
                    &mut set,
                    &mut diags,
                );
                let used = includes.take_used();
                if !used.is_empty() {
                    set.includes.insert(file.clone(), used);
                }
            }
            Err(err) => {
                set.skipped.push(skip(err.location.clone(), &err.message));
                diags.push(err);
            }
        }
    }
    (set, diags)
}

/// Read one page from memory, as if it were alone in a docs folder (its includes cannot be resolved and
/// are reported missing). Used to check single pages and by the property tests.
pub fn parse_page(file: &Path, text: &str) -> DocSet {
    let files = vec![file.to_path_buf()];
    let index = LinkIndex::new(&files);
    let mut includes = Includes::new(None, &index);
    let mut set = DocSet::default();
    let mut diags = Vec::new();
    read_page(
        file,
        text,
        &|_| true,
        &mut includes,
        &index,
        &mut set,
        &mut diags,
    );
    set.files = files;
    // `finish` cannot fail; it only sorts.
    finish(set, diags).unwrap_or_default()
}

fn skip(location: Location, reason: &str) -> Diagnostic {
    Diagnostic::warning(DiagnosticKind::Skipped, location, reason.to_string())
}

/// Whether a file without `doc_type` is an include file (not a page).
fn is_include_file(file: &Path, fm: &front_matter::FrontMatter<'_>) -> bool {
    fm.values
        .get("ms.topic")
        .is_some_and(|t| t.eq_ignore_ascii_case("include"))
        || file
            .components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case("includes"))
}

fn read_page(
    file: &Path,
    text: &str,
    wanted: &(dyn Fn(&Path) -> bool + Sync),
    includes: &mut Includes<'_>,
    index: &LinkIndex,
    set: &mut DocSet,
    diags: &mut Vec<Diagnostic>,
) {
    let text = &*files::page_text(file, text, diags);
    let fm = front_matter::parse(text, file, diags);
    if !fm.values.contains_key("doc_type") && is_include_file(file, &fm) {
        return;
    }
    let body = text.get(fm.body_offset..).unwrap_or("");
    let rc: Rc<Path> = Rc::from(file);
    let declared = fm.doc_type(file, diags);
    let unknown = declared.is_none() && fm.values.contains_key("doc_type");
    // A page that names its kind is parsed once, below (in outline when it is an API page the selection does not
    // want); one that names none is parsed first, to classify it by its sections.
    let mut parsed = None;
    let doc_type = match declared {
        Some(doc_type) => doc_type,
        None => {
            let blocks = markdown::parse_blocks(body, fm.body_line, &rc);
            let classified = classify_by_sections(&blocks).filter(|_| !unknown);
            let Some((doc_type, what)) = classified else {
                if !unknown {
                    diags.push(
                        Diagnostic::warning(
                            DiagnosticKind::DocType,
                            Location::new(file, 1),
                            "no `doc_type` in the front matter, and no `## HTTP request` line or `## Properties` table; page not read",
                        )
                        .with_hint("add `doc_type: apiPageType` (or resourcePageType, enumPageType)"),
                    );
                }
                set.skipped.push(skip(
                    Location::new(file, 1),
                    "not a page: no known `doc_type` in the front matter",
                ));
                return;
            };
            diags.push(
                Diagnostic::warning(
                    DiagnosticKind::DocType,
                    Location::new(file, 1),
                    format!("no `doc_type` in the front matter; read as {what}"),
                )
                .with_hint(format!(
                    "add `doc_type: {}` to the front matter",
                    doc_type.name()
                )),
            );
            parsed = Some(blocks);
            doc_type
        }
    };
    match doc_type {
        DocType::Conceptual if !wanted(file) => return,
        DocType::Api if !wanted(file) && outline(body).len() < body.len() => {
            // Its diagnostics are of no use (the page is not selected), and it stands only when it has what the
            // whole page would give: request lines and a response that its examples do not decide.
            let blocks = markdown::parse_blocks(outline(body), fm.body_line, &rc);
            let blocks = includes.expand(blocks, &mut Vec::new());
            let page = api_page::parse(file, fm.clone(), &blocks, index, true, &mut Vec::new());
            let decided = page
                .response
                .as_ref()
                .is_some_and(|r| !r.body_from_examples);
            if !page.requests.is_empty() && decided {
                set.api_pages.push(page);
                return;
            }
        }
        _ => {}
    }
    let blocks = parsed.unwrap_or_else(|| markdown::parse_blocks(body, fm.body_line, &rc));
    if doc_type == DocType::Conceptual {
        // Only the annotated examples are kept; includes are not expanded (they are prose and snippets).
        let examples = examples::parse(&blocks, diags);
        if !examples.is_empty() {
            set.conceptual_examples.push((file.to_path_buf(), examples));
        }
        return;
    }
    let blocks = includes.expand(blocks, diags);
    match doc_type {
        DocType::Api => {
            // Whether the page becomes a function, with or without a request line, is the IR's decision
            // (`ir::operations`), not the reader's.
            let page = api_page::parse(file, fm, &blocks, index, false, diags);
            set.api_pages.push(page);
        }
        DocType::Resource => {
            let (page, enums) = resource_page::parse(file, &fm, &blocks, index, diags);
            set.resources.push(page);
            set.enums.extend(enums);
        }
        DocType::Enum => set
            .enums
            .extend(resource_page::parse_enum(file, &fm, &blocks, diags)),
        DocType::Conceptual => {}
    }
}

/// The part of an API page body before its first `## Example` heading, when that part has a request block and a
/// response section and nothing after it is an HTTP request section or a link definition (else the whole body:
/// the reader then takes request lines, links or the response from the examples part too).
pub fn outline(body: &str) -> &str {
    let heading_has = |line: &str, words: &[&str]| {
        line.starts_with('#') && {
            let lower = line.trim_end().to_ascii_lowercase();
            words.iter().any(|w| lower.contains(w))
        }
    };
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.starts_with("## ")
            && line
                .get(3..10)
                .is_some_and(|w| w.eq_ignore_ascii_case("example"))
        {
            let (head, rest) = body.split_at(offset);
            let has_response = head.lines().any(|l| {
                let l = l.trim_end().to_ascii_lowercase();
                l == "## response" || l == "## responses"
            });
            // Request sections under the examples, or link definitions (`[x]: ../resources/x.md`) the head uses.
            let needed_after = rest.lines().any(|l| {
                heading_has(l, &["http request", "request syntax"])
                    || (l.trim_start().starts_with('[') && l.contains("]:"))
            });
            return if has_response && head.contains("```http") && !needed_after {
                head
            } else {
                body
            };
        }
        offset += line.len();
    }
    body
}

/// The kind of a page whose front matter names none (older pages), from its sections, as Microsoft's tooling
/// reads sections by their headings: a request line (`GET /users`) in an `HTTP request` section makes an API
/// page, else a table in a `Properties` section a resource page. `None` for anything else (conceptual pages).
fn classify_by_sections(blocks: &[Block<'_>]) -> Option<(DocType, &'static str)> {
    let sections = markdown::sections(blocks);
    let titled = |wanted: &'static str| {
        sections
            .iter()
            .filter(move |s| crate::read::text::heading_words(s.title).eq_ignore_ascii_case(wanted))
    };
    let request_line = titled("http request")
        .flat_map(|s| s.blocks)
        .any(|b| match &b.kind {
            BlockKind::Code { text, .. } => text.lines().any(|line| {
                request_line::split_method(line).is_some_and(|(_, path)| path.starts_with('/'))
            }),
            _ => false,
        });
    if request_line {
        return Some((DocType::Api, "an API page from its `## HTTP request` block"));
    }
    let properties = titled("properties")
        .flat_map(|s| s.blocks)
        .any(|b| matches!(b.kind, BlockKind::Table(_)));
    properties.then_some((
        DocType::Resource,
        "a resource page from its `## Properties` table",
    ))
}

/// Put what was read in file order, so that the result is the same however many threads read it. An include
/// outside the root is reported once per path, at the first page that names it: each thread reports it at the
/// first page it read, and the earliest of those is kept.
fn finish(mut set: DocSet, mut diags: Vec<Diagnostic>) -> Result<DocSet, Diagnostic> {
    diags.sort_by(|a, b| (&a.location, a.kind, &a.message).cmp(&(&b.location, b.kind, &b.message)));
    diags.dedup();
    let mut reported = BTreeSet::new();
    diags.retain(|d| include::reported_once(d).is_none_or(|key| reported.insert(key)));
    set.diagnostics = diags;
    set.api_pages.sort_by(|a, b| a.file.cmp(&b.file));
    set.resources.sort_by(|a, b| a.file.cmp(&b.file));
    set.enums
        .sort_by(|a, b| (&a.file, &a.location).cmp(&(&b.file, &b.location)));
    set.skipped.sort_by(|a, b| a.location.cmp(&b.location));
    set.conceptual_examples.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_stops_before_the_examples() {
        let page = "# a: b\n## HTTP request\n```http\nGET /a\n```\n## Response\nok\n## Examples\n```http\nGET /a\n```\n";
        assert_eq!(outline(page), &page[..page.find("## Examples").unwrap()]);
        let no_response = "# a: b\n## HTTP request\n```http\nGET /a\n```\n## Example\nx\n";
        assert_eq!(outline(no_response), no_response);
        let nested = "## HTTP request\n```http\nGET /a\n```\n## Response\nok\n## Example\n### HTTP request\n";
        assert_eq!(outline(nested), nested);
        let defined =
            "## HTTP request\n```http\nGET /a\n```\n## Response\n[a][]\n## Example\nx\n[a]: a.md\n";
        assert_eq!(outline(defined), defined);
        assert_eq!(outline("# a\n## Ex\n"), "# a\n## Ex\n");
    }

    /// Reads `p` as [`load_with`] does, on `threads` threads, with a `wanted` that takes a while, so that every
    /// thread gets pages, and leaves the pages `w?1-get.md` unselected (read in outline).
    fn read_on(p: &Path, threads: usize) -> DocSet {
        let mut diags = Vec::new();
        let files = files::walk(p, &mut diags).unwrap();
        let slow = |file: &Path| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            !file.to_string_lossy().ends_with("1-get.md")
        };
        let mut set = read_on_threads(p, &files, &slow, threads);
        diags.append(&mut set.diagnostics);
        set.files = files;
        finish(set, diags).unwrap()
    }

    #[test]
    fn threads_do_not_change_the_result() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("api")).unwrap();
        std::fs::create_dir_all(p.join("resources")).unwrap();
        for i in 0..30 {
            // Every third page includes a file outside the folder, in two spellings: one warning for both.
            let include = match i % 3 {
                0 if i % 2 == 0 => "[!INCLUDE [o](../../Outside.md)]\n\n",
                0 => "[!INCLUDE [o](../../OUTSIDE.md)]\n\n",
                _ => "[!INCLUDE [m](missing.md)]\n\n",
            };
            std::fs::write(
                p.join(format!("api/w{i:02}-get.md")),
                format!("---\ndoc_type: apiPageType\n---\n# w{i:02}: get\n\n## Permissions\n\n{include}## HTTP request\n\n```http\nGET /w{i}/{{id}}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [w{i:02}](../resources/w{i:02}.md) object in the response body.\n\n## Example\n\n```http\nGET /w{i}/1\n```\n"),
            )
            .unwrap();
            std::fs::write(
                p.join(format!("resources/w{i:02}.md")),
                format!("---\ndoc_type: resourcePageType\n---\n# w{i:02} resource type\n\n## Properties\n|Property|Type|Description|\n|-|-|-|\n|id|String|The id.|\n|bad|Nope|Unknown.\n\n<!-- {{\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.w{i:02}\"}} -->\n```json\n{{}}\n```\n"),
            )
            .unwrap();
        }
        let one = read_on(p, 1);
        let three = read_on(p, 3);
        assert_eq!(format!("{three:?}"), format!("{one:?}"));
        assert_eq!(one.api_pages.len(), 30);
        assert_eq!(one.resources.len(), 30);
        let outside: Vec<_> = three
            .diagnostics
            .iter()
            .filter(|d| d.kind == DiagnosticKind::OutsideRoot)
            .map(|d| d.location.file.clone())
            .collect();
        assert_eq!(outside, [PathBuf::from("api/w00-get.md")]);
        let missing = three
            .diagnostics
            .iter()
            .filter(|d| d.kind == DiagnosticKind::MissingInclude)
            .count();
        // 20 pages include a missing file; of them, the unselected w01 and w11 do not report it.
        assert_eq!(missing, 18);
    }

    #[test]
    fn missing_root_is_an_error() {
        let err = load(Path::new("/definitely/not/here")).unwrap_err();
        assert_eq!(err.kind, DiagnosticKind::Io);
    }

    #[test]
    fn classifies_by_doc_type_not_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("resources")).unwrap();
        std::fs::create_dir_all(p.join("includes")).unwrap();
        std::fs::write(
            p.join("resources/op.md"),
            "---\ndoc_type: apiPageType\n---\n# user: get\n\n## Permissions\n\n[!INCLUDE [p](../includes/p.md)]\n\n## HTTP request\n\n```http\nGET /users/{id}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [user](user.md) object in the response body.\n",
        )
        .unwrap();
        std::fs::write(
            p.join("resources/user.md"),
            "---\ndoc_type: resourcePageType\n---\n# user resource type\n\n## Properties\n|Property|Type|Description|\n|-|-|-|\n|id|String|The id.|\n\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.user\", \"baseType\": \"microsoft.graph.entity\"} -->\n```json\n{}\n```\n",
        )
        .unwrap();
        std::fs::write(
            p.join("includes/p.md"),
            "|Permission type|Permissions|\n|-|-|\n|Application|User.Read.All|\n",
        )
        .unwrap();
        std::fs::write(p.join("readme.md"), "# Hello\n").unwrap();
        let set = load(p).unwrap();
        assert_eq!(set.api_pages.len(), 1);
        assert_eq!(set.resources.len(), 1);
        assert_eq!(set.files.len(), 4);
        let api = &set.api_pages[0];
        assert_eq!(api.requests.len(), 1);
        assert_eq!(
            api.permissions.location,
            Some(Location::new("includes/p.md", 1))
        );
        let res = &set.resources[0];
        assert_eq!(res.base_type.as_deref(), Some("microsoft.graph.entity"));
        assert_eq!(res.properties.len(), 1);
        match &api.response.as_ref().unwrap().body {
            crate::page::ResponseBody::Single(t) => match &t.ty {
                crate::page::type_expr::TypeRef::Named { link, .. } => {
                    assert_eq!(link.as_deref(), Some(Path::new("resources/user.md")))
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
        assert_eq!(set.skipped.len(), 1);
        assert_eq!(set.skipped[0].location, Location::new("readme.md", 1));
    }
}
