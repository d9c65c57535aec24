//! Links between pages: relative destinations resolved against the linking page, kept inside the docs
//! root, and matched to the files present without regard to case.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::markdown::Inline;
use crate::type_expr::{self, TypeExpr};

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
    /// Resolved links by the linking page's folder, then by destination as written.
    resolved: RefCell<HashMap<String, HashMap<String, Target>>>,
}

/// A relative path with `/` separators, as used in locations and lookups.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

impl LinkIndex {
    /// Index these files (relative to the root).
    pub fn new<'a>(files: impl IntoIterator<Item = &'a PathBuf>) -> Self {
        let by_lower = files
            .into_iter()
            .map(|f| (slash_path(f).to_lowercase(), f.clone()))
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
        let cached = self
            .resolved
            .borrow()
            .get(dir.as_ref())
            .and_then(|m| m.get(dest))
            .cloned();
        if let Some(hit) = cached {
            return hit;
        }
        let target = self.resolve_in(&dir, dest);
        let mut resolved = self.resolved.borrow_mut();
        resolved
            .entry(dir.into_owned())
            .or_default()
            .insert(dest.to_string(), target.clone());
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
        let link = inline
            .links
            .first()
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
