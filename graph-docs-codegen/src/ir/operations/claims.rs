//! Which line a function name belongs to, decided over every page the selection admits, so that a name never
//! depends on which pages are selected. A page's first request line owns its name. A further line's name (the
//! operation's name plus the words that set the line apart from the page's other lines, `get_user` for
//! `/education/users/{id}` beside `/education/me`) yields to another page's first line, or to a further line of
//! an earlier page, and the line takes the operation's name with every word of its path instead
//! (`get_education_user`). Two first lines of the same name are the same operation documented twice: the IR keeps
//! the first one selected and reports the other; so does a further line that requests what the line holding its
//! name requests (a method and path, parameter names and letter case aside).

use std::collections::BTreeMap;

use super::naming::{line_idents, page_module, page_names};
use crate::names::RustName;
use crate::page::diagnostics::Location;
use crate::page::template::{PathTemplate, Segment};
use crate::page::{ApiPage, HttpMethod, RequestLine};

/// The best claim on each function name of the folder, by path (`education_user::get_user`).
#[derive(Debug)]
pub struct NameClaims<'a> {
    best: BTreeMap<String, Claim<'a>>,
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

/// A documented line's claim on its name.
#[derive(Debug, Clone, Copy)]
struct Claim<'a> {
    further: bool,
    line: &'a RequestLine,
}

impl Claim<'_> {
    /// First lines before further ones, then by file and line.
    fn precedes(&self, other: &Claim<'_>) -> bool {
        (self.further, &self.line.location) < (other.further, &other.line.location)
    }
}

/// What a line requests, its parameters' names and the letter case of its words aside: two pages' lines that request
/// the same document one operation twice, and share its name.
fn request(method: HttpMethod, template: &PathTemplate) -> String {
    let mut text = method.as_str().to_owned();
    for segment in &template.segments {
        text.push('/');
        match segment {
            Segment::Literal(word) | Segment::Cast(word) => {
                text.push_str(&word.to_ascii_lowercase())
            }
            Segment::Call { name, .. } => {
                text.push_str(&name.to_ascii_lowercase());
                text.push_str("()");
            }
            Segment::Param(_) | Segment::Placeholder(_) | Segment::ItemPath { .. } => {
                text.push_str("{}")
            }
            Segment::Value => text.push_str("$value"),
            Segment::Ref => text.push_str("$ref"),
            Segment::Count => text.push_str("$count"),
        }
    }
    text
}

impl<'a> NameClaims<'a> {
    /// The claims of the documented request lines of `pages`.
    pub fn new(pages: &[&'a ApiPage]) -> Self {
        let mut best: BTreeMap<String, Claim<'a>> = BTreeMap::new();
        for page in pages {
            let documented: Vec<&RequestLine> =
                page.requests.iter().filter(|l| !l.from_example).collect();
            if documented.is_empty() {
                continue;
            }
            let names = page_names(page);
            let module = page_module(page, &names);
            let templates: Vec<&PathTemplate> = documented.iter().map(|l| &l.template).collect();
            let idents = line_idents(&names, &templates, templates.len());
            for (i, (line, ident)) in documented.into_iter().zip(idents).enumerate() {
                let claim = Claim {
                    further: i > 0,
                    line,
                };
                best.entry(key(&module, &ident))
                    .and_modify(|held| {
                        if claim.precedes(held) {
                            *held = claim;
                        }
                    })
                    .or_insert(claim);
            }
        }
        NameClaims { best }
    }

    /// Whether a better claim than the line's at `location` holds the name `ident` of `module` for another request
    /// than `method` `template`.
    pub(super) fn held(
        &self,
        module: &[RustName],
        ident: &RustName,
        location: &Location,
        (method, template): (HttpMethod, &PathTemplate),
    ) -> bool {
        self.best.get(&key(module, ident)).is_some_and(|claim| {
            claim.line.location != *location
                && request(claim.line.method, &claim.line.template) != request(method, template)
        })
    }
}
