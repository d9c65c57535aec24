//! `include` / `exclude`: which pages a `generate!` call uses, by file glob (`api/user-*.md`, `**/industrydata-*`)
//! or by namespace (`microsoft.graph.industryData`, which also selects its sub-namespaces).

use std::path::Path;

/// A page selector from the macro's `include` or `exclude` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// A glob over the page's path relative to the docs folder: `*` and `?` stay within a folder, `**` crosses
    /// folders. Matched without regard to case.
    Glob(String),
    /// A namespace, matched without regard to case, sub-namespaces included.
    Namespace(String),
}

impl Selector {
    /// Reads a selector: a namespace is dotted text with no `/`, `*` or `?` that does not end in `.md`.
    pub fn parse(text: &str) -> Self {
        let is_namespace = !text.contains(['/', '*', '?', '\\'])
            && text.contains('.')
            && !text.to_ascii_lowercase().ends_with(".md");
        if is_namespace {
            Selector::Namespace(text.to_ascii_lowercase())
        } else {
            Selector::Glob(text.to_ascii_lowercase())
        }
    }

    /// Whether the page (file relative to the docs folder, namespace) matches.
    pub fn matches(&self, file: &Path, namespace: &str) -> bool {
        match self {
            Selector::Glob(glob) => {
                let path = file
                    .to_string_lossy()
                    .replace('\\', "/")
                    .to_ascii_lowercase();
                glob_match(glob.as_bytes(), path.as_bytes())
            }
            Selector::Namespace(ns) => {
                let page = namespace.to_ascii_lowercase();
                page == *ns
                    || page
                        .strip_prefix(ns.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            }
        }
    }
}

/// Which pages to keep.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    include: Vec<Selector>,
    exclude: Vec<Selector>,
}

impl Selection {
    /// From the macro's lists.
    pub fn new(include: &[String], exclude: &[String]) -> Self {
        Selection {
            include: include.iter().map(|s| Selector::parse(s)).collect(),
            exclude: exclude.iter().map(|s| Selector::parse(s)).collect(),
        }
    }

    /// Whether a page is kept: it matches an include (or there are none) and no exclude.
    pub fn keeps(&self, file: &Path, namespace: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|s| s.matches(file, namespace)))
            && !self.exclude.iter().any(|s| s.matches(file, namespace))
    }
}

fn glob_match(glob: &[u8], text: &[u8]) -> bool {
    match glob.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) if rest.first() == Some(&b'*') => {
            let rest = &rest[1..];
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=text.len()).any(|i| glob_match(rest, &text[i..]))
        }
        Some((b'*', rest)) => {
            let limit = text.iter().position(|&c| c == b'/').unwrap_or(text.len());
            (0..=limit).any(|i| glob_match(rest, &text[i..]))
        }
        Some((b'?', rest)) => {
            text.first().is_some_and(|&c| c != b'/') && glob_match(rest, &text[1..])
        }
        Some((c, rest)) => text.first() == Some(c) && glob_match(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let keep = |glob: &str, file: &str| {
            Selector::parse(glob).matches(Path::new(file), "microsoft.graph")
        };
        assert!(keep("api/user-*", "api/user-get.md"));
        assert!(!keep("api/user-*", "api/sub/user-get.md"));
        assert!(keep("**/user-*.md", "api/sub/user-get.md"));
        assert!(keep("**/user-*.md", "user-get.md"));
        assert!(keep("API/User-Get.md", "api/user-get.md"));
        assert!(keep("api/user-?et.md", "api/user-get.md"));
        assert!(!keep("api/group-*", "api/user-get.md"));
    }

    #[test]
    fn namespaces() {
        let selection = Selection::new(
            &["microsoft.graph.industryData".into()],
            &["api/*-delete.md".into()],
        );
        assert!(selection.keeps(Path::new("api/x-get.md"), "microsoft.graph.industryData"));
        assert!(selection.keeps(
            Path::new("api/x-get.md"),
            "microsoft.graph.industryData.sub"
        ));
        assert!(!selection.keeps(Path::new("api/x-get.md"), "microsoft.graph.industryDataX"));
        assert!(!selection.keeps(Path::new("api/x-delete.md"), "microsoft.graph.industryData"));
        assert!(Selection::default().keeps(Path::new("a.md"), "x"));
    }
}
