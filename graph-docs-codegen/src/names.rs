//! Rust names from Graph names: snake and camel case, singular forms, and sanitizing (keywords become raw
//! identifiers, leading digits and punctuation such as `@odata.type` or `microsoft.graph.x` are rewritten), so
//! that every generated identifier is valid and warning-free. The original name is always kept beside it.
//!
//! The word splitting is hand-written rather than `heck`'s, on a measurement: over the 6,609 distinct names of
//! the ../shared corpora and docs/ (properties, enum members, parameters, path segments, titles), `heck` agrees
//! on every one but a digit after a capital: Graph's `workbookRange.formulasR1C1` is `formulas_r1_c1` /
//! `FormulasR1C1` here and `formulas_r1c1` / `FormulasR1c1` in `heck`, so swapping would rename a public field of
//! the generated API. (The other differences are the sanitizing below, which `heck` does not do.)
//!
//! Generated names are [`RustName`]s, which only this module makes: code generation turns one into an identifier
//! without checking it, and cannot fail on a name.

use std::collections::BTreeSet;
use std::fmt;

use proc_macro2::{Ident, Span};

/// A valid, warning-free Rust identifier: non-empty ASCII letters, digits and `_`, not starting with a digit, and
/// raw (`r#type`) exactly when it is a keyword that can be raw. Made only by this module.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RustName {
    /// The identifier without `r#`.
    word: String,
    /// Whether it is written `r#word`.
    raw: bool,
}

impl RustName {
    /// The identifier without `r#` (`type` for `r#type`): for the text around it, docs and derived names.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// The identifier's token.
    pub fn ident(&self) -> Ident {
        if self.raw {
            Ident::new_raw(&self.word, Span::call_site())
        } else {
            Ident::new(&self.word, Span::call_site())
        }
    }

    /// This name with ASCII letters and digits appended (`GetUploadSession` + `Body`), made valid again.
    pub fn suffixed(&self, suffix: &str) -> RustName {
        let mut word = self.word.clone();
        word.extend(
            suffix
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_'),
        );
        sanitize(word)
    }
}

impl RustName {
    /// The bytes of the source text (`r#type`).
    fn text(&self) -> impl Iterator<Item = u8> + '_ {
        let prefix: &[u8] = if self.raw { b"r#" } else { b"" };
        prefix.iter().chain(self.word.as_bytes()).copied()
    }
}

impl Ord for RustName {
    /// By source text, as the names were ordered when they were strings (`r#type` among the `r`s).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text().cmp(other.text())
    }
}

impl PartialOrd for RustName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for RustName {
    /// The identifier as source text (`r#type`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.word)
    }
}

impl PartialEq<str> for RustName {
    /// Compares the source text (`r#type`).
    fn eq(&self, other: &str) -> bool {
        match other.strip_prefix("r#") {
            Some(word) => self.raw && self.word == word,
            None => !self.raw && self.word == other,
        }
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// Words of a Graph name: split on anything not alphanumeric and at lower-to-upper case changes
/// (`userPrincipalName` -> `user principal name`, `@odata.nextLink` -> `odata next link`, `HTTPStatus` ->
/// `http status`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Rust keywords (all editions), which become raw identifiers (or get a `_` suffix where raw is not allowed).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// A valid snake_case identifier as source text (`r#type` for keywords): `userPrincipalName` ->
/// `user_principal_name`, `@odata.type` -> `odata_type`, `3dModel` -> `_3d_model`, `` -> `value`.
pub fn snake(name: &str) -> RustName {
    let joined = words(name).join("_");
    sanitize(if joined.is_empty() {
        "value".to_owned()
    } else {
        joined
    })
}

/// A valid CamelCase identifier: `fileUploadSession` -> `FileUploadSession`, `microsoft.graph.x` ->
/// `MicrosoftGraphX`, `3d` -> `T3d`.
pub fn camel(name: &str) -> RustName {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    sanitize(out)
}

/// The one maker of a [`RustName`]: `ident` is ASCII letters, digits and `_` (the callers' words); an empty one
/// becomes `value`, a leading digit gets a `_`, a keyword that cannot be raw a trailing `_`, any other keyword
/// is raw.
fn sanitize(mut ident: String) -> RustName {
    ident.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident.is_empty() {
        ident.push_str("value");
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if NOT_RAW.contains(&ident.as_str()) {
        ident.push('_');
    }
    let raw = KEYWORDS.contains(&ident.as_str());
    RustName { word: ident, raw }
}

/// The singular of an English plural, as Graph names collections: `users` -> `user`, `policies` -> `policy`,
/// `mailFolders` -> `mailFolder`, `addresses` -> `address`, `children` -> `child`, `people` -> `person`.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let strip = |n: usize, add: &str| format!("{}{}", &name[..name.len() - n], add);
    if lower.ends_with("children") {
        strip(3, "")
    } else if lower.ends_with("people") {
        strip(
            6,
            if name.ends_with("People") {
                "Person"
            } else {
                "person"
            },
        )
    } else if lower.ends_with("ies") && name.len() > 4 {
        strip(3, "y")
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
        || lower.ends_with("uses")
    {
        strip(2, "")
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && name.len() > 1
    {
        strip(1, "")
    } else {
        name.to_owned()
    }
}

/// A name unique among `taken` (source texts): the name itself, else `name_2`, `name_3`, ... (in the order asked).
pub fn unique(name: &RustName, taken: &mut BTreeSet<String>) -> RustName {
    unique_with(name, "_", taken)
}

/// A CamelCase name unique among `taken` (source texts): the name itself, else `Name2`, `Name3`, ...
pub fn unique_camel(name: &RustName, taken: &mut BTreeSet<String>) -> RustName {
    unique_with(name, "", taken)
}

fn unique_with(name: &RustName, separator: &str, taken: &mut BTreeSet<String>) -> RustName {
    if taken.insert(name.to_string()) {
        return name.clone();
    }
    (2..)
        .map(|n| name.suffixed(&format!("{separator}{n}")))
        .find(|candidate| taken.insert(candidate.to_string()))
        .unwrap_or_else(|| name.clone())
}

/// Names as source text, joined: a module path (`industry_data::r#type`) with `::`.
pub fn join(names: &[RustName], separator: &str) -> String {
    names
        .iter()
        .map(RustName::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// The module path of a namespace, below the root namespace `microsoft.graph`: `microsoft.graph` -> `[]`,
/// `microsoft.graph.industryData` -> `["industry_data"]`, `other.ns` -> `["other", "ns"]`.
pub fn namespace_modules(namespace: &str) -> Vec<RustName> {
    let lower = namespace.to_ascii_lowercase();
    let rest = if lower == "microsoft.graph" {
        ""
    } else if lower.starts_with("microsoft.graph.") {
        &namespace["microsoft.graph.".len()..]
    } else {
        namespace
    };
    rest.split('.')
        .filter(|s| !s.is_empty())
        .map(snake)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case() {
        assert_eq!(snake("userPrincipalName"), "user_principal_name");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(
            snake("@microsoft.graph.conflictBehavior"),
            "microsoft_graph_conflict_behavior"
        );
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("3dModel"), "_3d_model");
        assert_eq!(snake("HTTPStatusCode"), "http_status_code");
        assert_eq!(snake("user-id"), "user_id");
        assert_eq!(snake("item-path"), "item_path");
        assert_eq!(snake("$value"), "value");
        assert_eq!(snake("@@"), "value");
        assert_eq!(
            snake("getOffice365ActiveUserDetail"),
            "get_office365_active_user_detail"
        );
    }

    #[test]
    fn camel_case() {
        assert_eq!(camel("fileUploadSession"), "FileUploadSession");
        assert_eq!(camel("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(camel("3d"), "T3d");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(camel("iOSDevice"), "IOsDevice");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("users"), "user");
        assert_eq!(singular("mailFolders"), "mailFolder");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("children"), "child");
        assert_eq!(singular("people"), "person");
        assert_eq!(singular("me"), "me");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("drive"), "drive");
    }

    #[test]
    fn unique_names() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique(&snake("id"), &mut taken), "id");
        assert_eq!(unique(&snake("id"), &mut taken), "id_2");
        assert_eq!(unique(&snake("type"), &mut taken), "r#type");
        assert_eq!(unique(&snake("type"), &mut taken), "type_2");
        assert_eq!(unique_camel(&camel("Other"), &mut taken), "Other");
        assert_eq!(unique_camel(&camel("Other"), &mut taken), "Other2");
    }

    #[test]
    fn namespaces() {
        assert!(namespace_modules("microsoft.graph").is_empty());
        assert_eq!(
            namespace_modules("microsoft.graph.industryData"),
            ["industry_data"]
        );
        assert_eq!(
            namespace_modules("microsoft.graph.callRecords"),
            ["call_records"]
        );
    }
}
