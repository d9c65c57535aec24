//! Naming pass: the resource and operation a page's functions are named from (its `resource: operation` title,
//! else its file stem), and the names of a page's further request lines, from the words that set them apart.

use std::collections::BTreeSet;

use crate::names::{self, RustName};
use crate::page::template::{PathTemplate, Segment};
use crate::page::ApiPage;

/// The resource and operation names a page's functions are named from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNames {
    /// The resource, as documented (`azureDataLakeConnector`, `user`).
    pub resource: String,
    /// The operation (`getUploadSession`, `list-messages`).
    pub operation: String,
    /// Whether they come from a `resource: operation` title.
    pub from_title: bool,
}

impl PageNames {
    /// The operation a page without a request line is bound to: the title's operation when it is one OData name
    /// (`getUploadSession`). A title of several words (`widget: reset all`) names functions well (`reset_all`),
    /// but no URL can carry it, so such a page needs its request line.
    pub fn bound_operation(&self) -> Option<&str> {
        let name = self.operation.as_str();
        (self.from_title
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
    }
}

/// The verbs a file stem writes after its resource (`user-list-messages`, `group-post-members`).
const STEM_VERBS: [&str; 9] = [
    "list", "get", "post", "create", "update", "delete", "add", "remove", "upsert",
];

/// Names a page: from a `resource: operation` title, else from the file stem (`user-list-messages` -> `user`,
/// `list messages`; a leading token equal to the namespace's last part, as in `industrydata-...`, is dropped unless a
/// verb follows it).
/// Lower-case stem tokens take their case from a word of the page's own title or description.
pub fn page_names(page: &ApiPage) -> PageNames {
    if let Some((resource, operation)) = page.title.split_once(':') {
        let resource = resource
            .trim()
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .trim();
        let operation = operation.trim().trim_end_matches("()").trim();
        let is_word = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if is_word(resource) && !operation.is_empty() && operation.split_whitespace().count() <= 4 {
            return PageNames {
                resource: resource.to_owned(),
                operation: operation.to_owned(),
                from_title: true,
            };
        }
    }
    let stem = page
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tokens: Vec<&str> = stem
        .split(['-', '_', '.'])
        .filter(|t| !t.is_empty())
        .collect();
    let ns_last = page
        .namespace
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The namespace token is a prefix only when a resource follows it. When a verb follows, it names the resource:
    // `security-list-alerts_v2` (Namespace: microsoft.graph.security) lists the `security` singleton's alerts.
    if tokens.len() >= 3
        && tokens[0].eq_ignore_ascii_case(&ns_last)
        && ns_last != "graph"
        && !STEM_VERBS.iter().any(|v| tokens[1].eq_ignore_ascii_case(v))
    {
        tokens.remove(0);
    }
    // Every API page of the folder is named (to settle names two pages give): the words are searched, not collected.
    let cased = |token: &str| -> String {
        let found = |text: &str| {
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .find(|w| {
                    w.eq_ignore_ascii_case(token) && w.chars().any(|c| c.is_ascii_uppercase())
                })
                .map(str::to_owned)
        };
        found(&page.title)
            .or_else(|| found(&page.description))
            .unwrap_or_else(|| token.to_owned())
    };
    let resource = tokens
        .first()
        .map(|t| cased(t))
        .unwrap_or_else(|| "operation".to_owned());
    let operation = if tokens.len() > 1 {
        tokens[1..]
            .iter()
            .map(|t| cased(t))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        "call".to_owned()
    };
    PageNames {
        resource,
        operation,
        from_title: false,
    }
}

/// The module a page's functions go in: its namespace's modules, then its resource's.
pub(super) fn page_module(page: &ApiPage, names: &PageNames) -> Vec<RustName> {
    let mut module = names::namespace_modules(&page.namespace);
    module.push(names::snake(&names.resource));
    module
}

/// The function names of a page's request lines, unique on the page: the first line takes the operation's name,
/// each further one adds the words that set it apart from the others (`list_messages_mail_folder`). The first
/// `documented` lines are named among themselves; the lines after them (a scenario section's example request) are
/// named among all and never rename a documented line.
pub(super) fn line_idents(
    names: &PageNames,
    templates: &[&PathTemplate],
    documented: usize,
) -> Vec<RustName> {
    let documented = documented.min(templates.len());
    let mut idents = distinct_idents(names, &templates[..documented]);
    if documented < templates.len() {
        let mut taken: BTreeSet<String> = idents.iter().map(ToString::to_string).collect();
        let all = distinct_idents(names, templates);
        idents.extend(
            all[documented..]
                .iter()
                .map(|ident| names::unique(ident, &mut taken)),
        );
    }
    idents
}

/// The name a further line (`line` > 0) takes when another page claims its own: the operation's name with every word
/// of the line (`get_education_user` for `/education/users/{id}`), unless that is one of the page's `idents` too.
pub(super) fn fallback_ident(
    names: &PageNames,
    templates: &[&PathTemplate],
    line: usize,
    idents: &[RustName],
) -> Option<RustName> {
    if line == 0 {
        return None;
    }
    let keyed: BTreeSet<String> = templates.iter().flat_map(|t| keyed_sets(t)).collect();
    let full = with_words(
        &names::snake(&names.operation),
        &signature(templates.get(line)?, &keyed),
    );
    (!idents.contains(&full)).then_some(full)
}

/// `base` followed by `words`, each in snake case (`get` and `education`, `user`: `get_education_user`).
fn with_words(base: &RustName, words: &[String]) -> RustName {
    let suffix: String = words
        .iter()
        .map(|w| format!("_{}", names::snake(w).word()))
        .collect();
    base.suffixed(&suffix)
}

/// [`line_idents`] of lines named among themselves.
fn distinct_idents(names: &PageNames, templates: &[&PathTemplate]) -> Vec<RustName> {
    let base = names::snake(&names.operation);
    // The entity sets the lines address by key (`/applications/{id}`): a call on one of them with named arguments is
    // an alternate key of the same entity (`/applications(appId='{appId}')`).
    let keyed: BTreeSet<String> = templates.iter().flat_map(|t| keyed_sets(t)).collect();
    let signatures: Vec<Vec<String>> = templates.iter().map(|t| signature(t, &keyed)).collect();
    let common_tail = common_suffix(&signatures);
    let common_head = common_prefix(&signatures, common_tail);
    let mut taken = BTreeSet::new();
    signatures
        .iter()
        .enumerate()
        .map(|(i, signature)| {
            let name = if i == 0 {
                base.clone()
            } else {
                with_words(
                    &base,
                    &signature[common_head..signature.len() - common_tail],
                )
            };
            names::unique(&name, &mut taken)
        })
        .collect()
}

/// The literal segments a template follows with a key segment (`applications` in `/applications/{id}`), lower-cased.
fn keyed_sets(template: &PathTemplate) -> Vec<String> {
    template
        .segments
        .windows(2)
        .filter_map(|pair| match pair {
            [Segment::Literal(l), Segment::Param(_)] => Some(l.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Words that tell a page's request lines apart: literal segments (singular before a key), call and cast names; an
/// alternate key on an entity set another line keys (`keyed`) is the entity, `by` and the key's names.
fn signature(template: &PathTemplate, keyed: &BTreeSet<String>) -> Vec<String> {
    let segments = &template.segments;
    let mut words = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Call { name, args }
                if keyed.contains(&name.to_ascii_lowercase())
                    && !args.is_empty()
                    && args.iter().all(|a| a.name.is_some()) =>
            {
                words.push(names::singular(name));
                words.push("by".into());
                words.extend(args.iter().filter_map(|a| a.name.clone()));
            }
            Segment::Literal(l) => {
                let keyed = matches!(segments.get(i + 1), Some(Segment::Param(_)));
                words.push(if keyed { names::singular(l) } else { l.clone() });
            }
            Segment::Call { name, .. } => words.push(name.clone()),
            Segment::Cast(c) => words.push(c.rsplit('.').next().unwrap_or(c).to_owned()),
            Segment::ItemPath { .. } => words.push("path".into()),
            Segment::Value => words.push("value".into()),
            Segment::Ref => words.push("ref".into()),
            Segment::Count => words.push("count".into()),
            Segment::Param(_) | Segment::Placeholder(_) => {}
        }
    }
    words
}

fn common_suffix(signatures: &[Vec<String>]) -> usize {
    let Some(shortest) = signatures.iter().map(Vec::len).min() else {
        return 0;
    };
    let mut n = 0;
    while n < shortest {
        let word = &signatures[0][signatures[0].len() - 1 - n];
        if signatures.iter().all(|s| &s[s.len() - 1 - n] == word) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

fn common_prefix(signatures: &[Vec<String>], tail: usize) -> usize {
    let Some(shortest) = signatures.iter().map(Vec::len).min() else {
        return 0;
    };
    let limit = shortest.saturating_sub(tail);
    (0..limit)
        .take_while(|&n| signatures.iter().all(|s| s[n] == signatures[0][n]))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idents(operation: &str, lines: &[&str]) -> Vec<String> {
        let names = PageNames {
            resource: "application".to_owned(),
            operation: operation.to_owned(),
            from_title: false,
        };
        let parsed: Vec<PathTemplate> = lines
            .iter()
            .map(|p| crate::page::template::parse(p).unwrap())
            .collect();
        let templates: Vec<&PathTemplate> = parsed.iter().collect();
        line_idents(&names, &templates, templates.len())
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_alternate_key_line_is_named_by_its_key() {
        assert_eq!(
            idents(
                "get",
                &[
                    "/applications/{application-ObjectId}",
                    "/applications(appId='{appId}')"
                ]
            ),
            ["get", "get_by_app_id"]
        );
        // A function with named arguments on a segment no line keys stays a call (`range(address=...)`).
        assert_eq!(
            idents(
                "get",
                &[
                    "/workbook/worksheets/{id}/range(address='{address}')",
                    "/workbook/tables/{id}/range"
                ]
            ),
            ["get", "get_table"]
        );
    }

    #[test]
    fn a_scenario_line_never_renames_the_documented_lines() {
        let names = PageNames {
            resource: "driveItem".to_owned(),
            operation: "createUploadSession".to_owned(),
            from_title: false,
        };
        let parsed: Vec<PathTemplate> = [
            "/drives/{driveId}/items/{itemId}/createUploadSession",
            "/me/drive/items/{itemId}/createUploadSession",
            "/me/drive/root:/{item-path}:/createUploadSession",
        ]
        .iter()
        .map(|p| crate::page::template::parse(p).unwrap())
        .collect();
        let templates: Vec<&PathTemplate> = parsed.iter().collect();
        let words = |idents: Vec<RustName>| -> Vec<String> {
            idents.iter().map(ToString::to_string).collect()
        };
        let documented = words(line_idents(&names, &templates[..2], 2));
        assert_eq!(
            documented,
            ["create_upload_session", "create_upload_session_me"]
        );
        // The third line, read from a scenario section, keeps the first two names as they were.
        let with_scenario = words(line_idents(&names, &templates, 2));
        assert_eq!(with_scenario[..2], documented[..]);
        assert_eq!(with_scenario[2], "create_upload_session_me_drive_root_path");
        // Named among all three, the documented lines would have changed.
        assert_ne!(words(line_idents(&names, &templates, 3))[1], documented[1]);
    }
}
