//! Links between pages: relative destinations resolved against the linking page, kept inside the docs
//! root, and matched to the files present without regard to case.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::type_expr::{self, TypeExpr};
use crate::read::markdown::Inline;
use crate::read::text::ends_with_ci;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page in the docs folder (relative to the root, with the file's real case).
    Page(PathBuf),
    /// A page-relative path inside the root that names no file (the normalised path).
    Missing(PathBuf),
    /// A relative path that leaves the docs root.
    OutsideRoot,
    /// A URL, a site-absolute path (`/graph/...`) or an anchor: not a file in the folder.
    External,
}

/// Every file in the docs folder, by lowercase relative path, and the links resolved so far (the
/// pages of a folder link to the same few pages over and over).
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    by_lower: BTreeMap<String, PathBuf>,
    /// Resolved links by the linking page's folder (a docs folder has only a few: a list), then by
    /// destination as written.
    resolved: RefCell<Vec<(String, ByDest)>>,
}

/// Resolved links of one folder, by destination as written.
type ByDest = HashMap<String, Target, BuildHasherDefault<ShortKeyHasher>>;

/// A hasher for the link cache's short keys (destinations as written), eight bytes at a time: much
/// cheaper than the default SipHash, and the keys come from the docs folder being read, not from an
/// adversary.
#[derive(Debug, Clone, Copy, Default)]
struct ShortKeyHasher(u64);

impl ShortKeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for ShortKeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(
                <[u8; 8]>::try_from(word).unwrap_or_default(),
            ));
        }
        let rest = words.remainder();
        let mut last = [0u8; 8];
        if let Some(head) = last.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        // The length keeps `ab` and `ab\0` apart.
        self.add(u64::from_le_bytes(last) ^ (bytes.len() as u64).rotate_right(8));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A relative path with `/` separators, as used in locations and lookups.
pub fn slash_path(path: &Path) -> String {
    // A plain relative path (what the folder walk gives) already reads that way.
    if let Some(s) = path.to_str().filter(|s| plain_relative(s)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(path.as_os_str().len());
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    out
}

/// Whether `s` is a relative path whose components are all plain names joined by single `/`: its
/// components, joined by `/`, give it back.
fn plain_relative(s: &str) -> bool {
    !cfg!(windows)
        && !s.is_empty()
        && !s.starts_with('/')
        && !s.ends_with('/')
        && s.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// `s` in lowercase, converted in place when it is ASCII (as `str::to_lowercase` would give it).
fn into_lowercase(mut s: String) -> String {
    if s.is_ascii() {
        s.make_ascii_lowercase();
        s
    } else {
        s.to_lowercase()
    }
}

impl LinkIndex {
    /// Index these files (relative to the root).
    pub fn new<'a>(files: impl IntoIterator<Item = &'a PathBuf>) -> Self {
        let by_lower = files
            .into_iter()
            .map(|f| (into_lowercase(slash_path(f)), f.clone()))
            .collect();
        LinkIndex {
            by_lower,
            resolved: RefCell::default(),
        }
    }

    /// Resolve `dest` as written on page `from` (relative to the root).
    pub fn resolve(&self, from: &Path, dest: &str) -> Target {
        let dir = from
            .parent()
            .map(|p| p.to_string_lossy())
            .unwrap_or_default();
        let mut resolved = self.resolved.borrow_mut();
        let at = match resolved.iter().position(|(d, _)| *d == dir) {
            Some(at) => at,
            None => {
                resolved.push((dir.to_string(), HashMap::default()));
                resolved.len() - 1
            }
        };
        let Some((_, by_dest)) = resolved.get_mut(at) else {
            return self.resolve_in(&dir, dest);
        };
        if let Some(hit) = by_dest.get(dest) {
            return hit.clone();
        }
        let target = self.resolve_in(&dir, dest);
        by_dest.insert(dest.to_string(), target.clone());
        target
    }

    /// [`LinkIndex::resolve`] from the folder `base` (relative to the root), without the cache.
    fn resolve_in(&self, base: &str, dest: &str) -> Target {
        let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
        let dest = dest.split(['#', '?']).next().unwrap_or("");
        if dest.is_empty()
            || dest.contains("://")
            || dest.starts_with('/')
            || dest.starts_with("mailto:")
        {
            return Target::External;
        }
        let Some(rel) = join_inside(base, dest) else {
            return Target::OutsideRoot;
        };
        let lower = if rel.is_ascii() {
            rel.to_ascii_lowercase()
        } else {
            rel.to_lowercase()
        };
        if let Some(found) = self.by_lower.get(&lower) {
            return Target::Page(found.clone());
        }
        // Links often omit `.md`.
        let last = rel.rsplit('/').next().unwrap_or("");
        if !last.contains('.') {
            if let Some(found) = self.by_lower.get(&format!("{lower}.md")) {
                return Target::Page(found.clone());
            }
        }
        Target::Missing(PathBuf::from(rel))
    }
}

/// `base/dest` (both `/`-separated) with `.` and `..` applied; `None` when it climbs above the root.
fn join_inside(base: &str, dest: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::with_capacity(8);
    for piece in base.split(['/', '\\']).chain(dest.split(['/', '\\'])) {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

impl LinkIndex {
    /// The type a cell or sentence names: its plain text, with its first page link resolved. A link to a
    /// page that is not in the folder is reported (the type is kept, without a link).
    pub fn type_of(
        &self,
        inline: &Inline,
        from: &Path,
        location: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> TypeExpr {
        // A link to an enum's section of values (`[alertSeverity](security-alert.md#alertseverity-values)`) names
        // a page that defines another type: the enum is the one the text names, not the page's type.
        let link = inline
            .links
            .first()
            .filter(|l| !links_to_values(&l.dest))
            .and_then(|l| match self.resolve(from, &l.dest) {
                Target::Page(p) => Some(p),
                Target::Missing(p) => {
                    diags.push(
                        Diagnostic::warning(
                            DiagnosticKind::BrokenLink,
                            location.clone(),
                            format!(
                                "link `{}` names no page in the docs folder ({})",
                                l.dest,
                                slash_path(&p)
                            ),
                        )
                        .with_hint("fix the link, or add the linked page"),
                    );
                    None
                }
                Target::OutsideRoot | Target::External => None,
            });
        type_expr::parse(&inline.text, link, location)
    }
}

/// Whether a link goes to a section of enum values (`#alertseverity-values`), the anchor Microsoft Learn gives a
/// `### alertSeverity values` heading.
fn links_to_values(dest: &str) -> bool {
    dest.split_once('#')
        .is_some_and(|(_, anchor)| ends_with_ci(anchor, "-values"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let files = vec![
            PathBuf::from("resources/fileUploadSession.md"),
            PathBuf::from("api/user-get.md"),
        ];
        LinkIndex::new(&files)
    }

    #[test]
    fn resolves_without_regard_to_case() {
        let idx = index();
        assert_eq!(
            idx.resolve(
                Path::new("api/x.md"),
                "../resources/fileuploadsession.md#props"
            ),
            Target::Page(PathBuf::from("resources/fileUploadSession.md"))
        );
        assert_eq!(
            idx.resolve(Path::new("api/x.md"), "user-get"),
            Target::Page(PathBuf::from("api/user-get.md"))
        );
    }

    #[test]
    fn slash_paths() {
        for p in [
            "a/b.md",
            "a//b.md",
            "./a.md",
            "a/./b.md",
            "a/../b.md",
            "/a/b",
            "a/",
            "a/.",
            "",
        ] {
            let parts: Vec<String> = Path::new(p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            assert_eq!(slash_path(Path::new(p)), parts.join("/"), "{p}");
        }
    }

    #[test]
    fn external_missing_and_outside() {
        let idx = index();
        assert_eq!(
            idx.resolve(Path::new("api/x.md"), "/graph/permissions-reference"),
            Target::External
        );
        assert_eq!(
            idx.resolve(Path::new("api/x.md"), "https://example.com/a.md"),
            Target::External
        );
        assert_eq!(
            idx.resolve(Path::new("api/x.md"), "../../includes/beta.md"),
            Target::OutsideRoot
        );
        assert_eq!(
            idx.resolve(Path::new("api/x.md"), "nope.md"),
            Target::Missing(PathBuf::from("api/nope.md"))
        );
    }
}
