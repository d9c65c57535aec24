//! Which line a function name belongs to, decided over every page the selection admits, so that a name never
//! depends on which pages are selected. A page's first request line owns its name. A further line's name (the
//! operation's name plus the words that set the line apart from the page's other lines, `get_user` for
//! `/education/users/{id}` beside `/education/me`) yields to another page's first line, or to a further line of
//! an earlier page, and the line takes the operation's name with every word of its path instead
//! (`get_education_user`). Two first lines of the same name are the same operation documented twice: the IR keeps
//! the first one selected and reports the other.

use std::collections::BTreeMap;

use super::naming::{line_idents, page_module, page_names};
use crate::names::RustName;
use crate::page::diagnostics::Location;
use crate::page::template::PathTemplate;
use crate::page::ApiPage;

/// The best claim on each function name of the folder, by path (`education_user::get_user`).
#[derive(Debug)]
pub struct NameClaims {
    best: BTreeMap<String, Claim>,
}

/// A function's path below the macro root, as the claims' key.
fn key(module: &[RustName], ident: &RustName) -> String {
    let mut key = String::new();
    for part in module {
        key.push_str(part.word());
        key.push_str("::");
    }
    key.push_str(ident.word());
    key
}

/// A documented line's claim on its name: first lines before further ones, then by file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Claim {
    further: bool,
    location: Location,
}

impl NameClaims {
    /// The claims of the documented request lines of `pages`.
    pub fn new(pages: &[&ApiPage]) -> Self {
        let mut best: BTreeMap<String, Claim> = BTreeMap::new();
        for page in pages {
            let documented: Vec<_> = page.requests.iter().filter(|l| !l.from_example).collect();
            if documented.is_empty() {
                continue;
            }
            let names = page_names(page);
            let module = page_module(page, &names);
            let templates: Vec<&PathTemplate> = documented.iter().map(|l| &l.template).collect();
            let lines = line_idents(&names, &templates, templates.len());
            for (i, (line, name)) in documented.iter().zip(lines).enumerate() {
                let claim = Claim {
                    further: i > 0,
                    location: line.location.clone(),
                };
                best.entry(key(&module, &name))
                    .and_modify(|held| {
                        if claim < *held {
                            *held = claim.clone();
                        }
                    })
                    .or_insert(claim);
            }
        }
        NameClaims { best }
    }

    /// Whether a better claim than the line's at `location` holds the name `ident` of `module`.
    pub(super) fn held(&self, module: &[RustName], ident: &RustName, location: &Location) -> bool {
        self.best
            .get(&key(module, ident))
            .is_some_and(|claim| claim.location != *location)
    }
}
