//! The selection: which pages a `generate!` call uses and which types it asks for by name.
//!
//! * `include` picks the pages to generate from: API pages become functions, and a resource or enum page it
//!   names asks for its type. Each entry is a file glob relative to the docs folder (`api/user-*.md`,
//!   `**/industrydata-*`; matched by [`globset`], without regard to case, `*` and `?` within one folder, `**`
//!   across folders, `{a,b}` alternatives) or a namespace (`microsoft.graph.industryData`, sub-namespaces
//!   included).
//! * `exclude` takes pages out of the folder altogether, as if they were not there (same syntax).
//! * `types` asks for types by qualified name (`microsoft.graph.user`), for code that builds models without
//!   calling an operation.
//!
//! With neither `include` nor `types`, every page is selected (the full client). Otherwise the selection is
//! narrow: the types generated are those the selected operations and types reach (see [`super::reach`]).

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::options::Options;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::DocSet;
use crate::read::load::load_with;

/// Reads `dir` as the selection of `options` needs it (see [`Selection::needs_reading`]); their `docs` is not
/// read, `dir` is the folder. `Err` when a selector is not a valid glob (every one is named) or the folder cannot
/// be read.
pub fn load_selected(dir: &Path, options: &Options) -> Result<DocSet, Diagnostic> {
    let selection =
        Selection::new(&options.include, &options.exclude, &options.types).map_err(|errors| {
            Diagnostic::error(
                DiagnosticKind::Codegen,
                Location::new(dir, 0),
                errors.join("; "),
            )
            .with_hint("fix the `include` / `exclude` globs")
        })?;
    load_with(dir, &|file| selection.needs_reading(file))
}

/// A compiled list of selectors: globs in one [`GlobSet`], namespaces lower-cased.
#[derive(Debug, Clone, Default)]
struct Selectors {
    globs: GlobSet,
    namespaces: Vec<String>,
    /// Whether the list has entries.
    given: bool,
}

/// Whether a selector is a namespace: dotted text with no `/`, `\`, `*`, `?`, `[` or `{` that does not end in
/// `.md`. Anything else is a glob.
fn is_namespace(text: &str) -> bool {
    !text.contains(['/', '*', '?', '\\', '[', '{'])
        && text.contains('.')
        && !text.to_ascii_lowercase().ends_with(".md")
}

impl Selectors {
    /// Compiles the selectors; the error of every glob that does not compile.
    fn new(texts: &[String], what: &str) -> Result<Self, Vec<String>> {
        let mut globs = GlobSetBuilder::new();
        let mut namespaces = Vec::new();
        let mut errors = Vec::new();
        for text in texts {
            if is_namespace(text) {
                namespaces.push(text.to_ascii_lowercase());
                continue;
            }
            match GlobBuilder::new(text)
                .case_insensitive(true)
                .literal_separator(true)
                .backslash_escape(false)
                .build()
            {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(err) => errors.push(format!(
                    "`{what}` entry `{text}` is not a valid glob: {}; write a file glob such as `api/user-*.md` or a namespace such as `microsoft.graph.industryData`",
                    err.kind()
                )),
            }
        }
        let globs = globs.build().map_err(|err| vec![err.to_string()])?;
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Selectors {
            globs,
            namespaces,
            given: !texts.is_empty(),
        })
    }

    /// Whether a page (file relative to the docs folder, its namespace) matches one of the selectors.
    fn matches(&self, file: &Path, namespace: &str) -> bool {
        self.globs.is_match(file)
            || self.namespaces.iter().any(|ns| {
                namespace
                    .get(..ns.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(ns))
                    && matches!(namespace.as_bytes().get(ns.len()), None | Some(b'.'))
            })
    }
}

/// The pages and types a `generate!` call selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    include: Selectors,
    exclude: Selectors,
    types: Vec<String>,
}

impl Selection {
    /// From the macro's `include`, `exclude` and `types` lists; every invalid glob is an error message.
    pub fn new(
        include: &[String],
        exclude: &[String],
        types: &[String],
    ) -> Result<Self, Vec<String>> {
        let include = Selectors::new(include, "include");
        let exclude = Selectors::new(exclude, "exclude");
        match (include, exclude) {
            (Ok(include), Ok(exclude)) => Ok(Selection {
                include,
                exclude,
                types: types.to_vec(),
            }),
            (include, exclude) => Err(include
                .err()
                .into_iter()
                .chain(exclude.err())
                .flatten()
                .collect()),
        }
    }

    /// Whether the selection is narrow (`include` or `types` given): only what it asks for, and the types that
    /// reaches, is generated.
    pub fn is_narrow(&self) -> bool {
        self.include.given || !self.types.is_empty()
    }

    /// Whether a page is in the folder as the selection sees it (no `exclude` matches it).
    pub fn admits(&self, file: &Path, namespace: &str) -> bool {
        !self.exclude.matches(file, namespace)
    }

    /// Whether a page is selected: an `include` matches it (or the selection is not narrow) and no `exclude`.
    pub fn keeps(&self, file: &Path, namespace: &str) -> bool {
        (!self.is_narrow() || self.include.matches(file, namespace)) && self.admits(file, namespace)
    }

    /// Whether the reader must parse an API or conceptual page to know if it is kept: always, unless the
    /// selection is narrow and its globs decide by the path alone (a namespace selector needs the page's
    /// `Namespace:` line). Resource and enum pages are always read: every one declares its type, so that names
    /// never depend on the selection.
    pub fn needs_reading(&self, file: &Path) -> bool {
        let by_namespace =
            !self.include.namespaces.is_empty() || !self.exclude.namespaces.is_empty();
        !self.is_narrow() || by_namespace || self.keeps(file, "")
    }

    /// The types asked for by name (`microsoft.graph.user`), as given.
    pub fn types(&self) -> &[String] {
        &self.types
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(include: &[&str], exclude: &[&str]) -> Selection {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection::new(&owned(include), &owned(exclude), &[]).unwrap()
    }

    #[test]
    fn globs() {
        let keep =
            |glob: &str, file: &str| select(&[glob], &[]).keeps(Path::new(file), "microsoft.graph");
        assert!(keep("api/user-*", "api/user-get.md"));
        assert!(!keep("api/user-*", "api/sub/user-get.md"));
        assert!(keep("**/user-*.md", "api/sub/user-get.md"));
        assert!(keep("**/user-*.md", "user-get.md"));
        assert!(keep("API/User-Get.md", "api/user-get.md"));
        assert!(keep("api/user-?et.md", "api/user-get.md"));
        assert!(!keep("api/user-?et.md", "api/user/et.md"));
        assert!(!keep("api/group-*", "api/user-get.md"));
        assert!(keep("api/{user,group}-get.md", "api/group-get.md"));
        assert!(keep("api/**", "api/a/b/c.md"));
    }

    #[test]
    fn namespaces() {
        let selection = select(&["microsoft.graph.industryData"], &["api/*-delete.md"]);
        assert!(selection.keeps(Path::new("api/x-get.md"), "microsoft.graph.industryData"));
        assert!(selection.keeps(
            Path::new("api/x-get.md"),
            "microsoft.graph.industryData.sub"
        ));
        assert!(!selection.keeps(Path::new("api/x-get.md"), "microsoft.graph.industryDataX"));
        assert!(!selection.keeps(Path::new("api/x-delete.md"), "microsoft.graph.industryData"));
        assert!(!selection.admits(Path::new("api/x-delete.md"), "microsoft.graph"));
        assert!(selection.is_narrow() && selection.needs_reading(Path::new("api/y.md")));
        let globs = select(&["api/user-*"], &[]);
        assert!(globs.needs_reading(Path::new("api/user-get.md")));
        assert!(!globs.needs_reading(Path::new("api/group-get.md")));
        let all = Selection::default();
        assert!(all.keeps(Path::new("a.md"), "x") && !all.is_narrow());
    }

    #[test]
    fn types_alone_make_a_narrow_selection() {
        let selection = Selection::new(&[], &[], &["microsoft.graph.user".into()]).unwrap();
        assert!(selection.is_narrow());
        assert!(!selection.keeps(Path::new("api/user-get.md"), "microsoft.graph"));
        assert_eq!(selection.types(), ["microsoft.graph.user"]);
    }

    #[test]
    fn every_invalid_glob_is_reported() {
        let errors = Selection::new(&["api/[x".into()], &["a/{b".into()], &[]).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("`include` entry `api/[x`"), "{errors:?}");
        assert!(errors[1].contains("`exclude` entry `a/{b`"), "{errors:?}");
    }
}
