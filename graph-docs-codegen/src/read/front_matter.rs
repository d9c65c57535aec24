//! YAML front matter (`---` ... `---` at the top of a page), read with yaml-rust2. Values may be quoted
//! and may carry trailing spaces; malformed YAML is read line by line as `key: value` and reported.

use std::borrow::Cow;
use std::collections::BTreeMap;

use yaml_rust2::{Yaml, YamlLoader};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};

/// A page's front matter and where its body starts. Keys and values borrow from the page where they can.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// Scalar values, trimmed, by key.
    pub values: Values<'a>,
    /// Byte offset of the body (after the closing `---` line); 0 when there is no front matter.
    pub body_offset: usize,
    /// 1-based line of the body's first line.
    pub body_line: u32,
    /// Whether the page had a front matter block at all.
    pub present: bool,
}

/// Front matter values as key/value pairs in page order; where a key comes twice, the last one counts.
/// A page has a handful: a list searched from the end costs less than building a map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Values<'a> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| &**v)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The values as an owned map (the page model's `front_matter`).
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

impl<'a> FromIterator<(Cow<'a, str>, Cow<'a, str>)> for Values<'a> {
    fn from_iter<I: IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>>(iter: I) -> Self {
        Values(iter.into_iter().collect())
    }
}

/// The kinds of page the reader knows, from `doc_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocType {
    /// `apiPageType`
    Api,
    /// `resourcePageType`
    Resource,
    /// `enumPageType`
    Enum,
    /// `conceptualPageType`
    Conceptual,
}

impl DocType {
    /// The `doc_type` value that names it (`apiPageType`).
    pub fn name(self) -> &'static str {
        match self {
            DocType::Api => "apiPageType",
            DocType::Resource => "resourcePageType",
            DocType::Enum => "enumPageType",
            DocType::Conceptual => "conceptualPageType",
        }
    }
}

impl FrontMatter<'_> {
    /// The page's `doc_type`, compared without regard to case and trailing junk (`resourcePageType_`
    /// is read as a resource page, with a warning). `None` without a word when there is none: the loader then
    /// classifies the page by its sections (`load::classify_by_sections`).
    pub fn doc_type(&self, file: &std::path::Path, diags: &mut Vec<Diagnostic>) -> Option<DocType> {
        let loc = || Location::new(file, 1);
        let raw = self.values.get("doc_type")?;
        let known = [
            ("apipagetype", DocType::Api),
            ("resourcepagetype", DocType::Resource),
            ("enumpagetype", DocType::Enum),
            ("conceptualpagetype", DocType::Conceptual),
        ];
        for (name, ty) in known {
            if raw.eq_ignore_ascii_case(name) {
                return Some(ty);
            }
        }
        let lower = raw.to_ascii_lowercase();
        for (name, ty) in known {
            if lower.starts_with(name)
                || lower.trim_matches(|c: char| !c.is_ascii_alphanumeric()) == name
            {
                diags.push(Diagnostic::warning(
                    DiagnosticKind::DocType,
                    loc(),
                    format!("`doc_type: {raw}` read as `{}`", ty.name()),
                ));
                return Some(ty);
            }
        }
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::DocType,
                loc(),
                format!("unknown `doc_type: {raw}`; page not read"),
            )
            .with_hint("use apiPageType, resourcePageType, enumPageType or conceptualPageType"),
        );
        None
    }
}

/// Read the front matter at the top of `text` (file `file`, for diagnostics).
pub fn parse<'a>(
    text: &'a str,
    file: &std::path::Path,
    diags: &mut Vec<Diagnostic>,
) -> FrontMatter<'a> {
    let start = text
        .strip_prefix('\u{feff}')
        .map_or(0, |_| '\u{feff}'.len_utf8());
    let body = text.get(start..).unwrap_or("");
    let mut lines = crate::read::text::lines_inclusive(body);
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return FrontMatter {
            body_offset: 0,
            body_line: 1,
            ..FrontMatter::default()
        };
    }
    let mut offset = start + first.len();
    let yaml_start = offset;
    let mut line_no: u32 = 1;
    let mut yaml_end = None;
    for line in lines {
        line_no = line_no.saturating_add(1);
        if line.trim_end() == "---" {
            yaml_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_offset)) = yaml_end else {
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::FrontMatter,
                Location::new(file, 1),
                "front matter is not closed by `---`",
            )
            .with_hint("end the YAML block with a `---` line"),
        );
        return FrontMatter {
            body_offset: 0,
            body_line: 1,
            ..FrontMatter::default()
        };
    };
    let yaml = text.get(yaml_start..yaml_end).unwrap_or("");
    if let Some(values) = simple_mapping(yaml) {
        return FrontMatter {
            values,
            body_offset,
            body_line: line_no.saturating_add(1),
            present: true,
        };
    }
    let values = match YamlLoader::load_from_str(yaml) {
        Ok(docs) => match docs.first() {
            Some(Yaml::Hash(hash)) => hash
                .iter()
                .filter_map(|(k, v)| {
                    let key = k.as_str()?.trim().to_string();
                    Some((Cow::Owned(key), Cow::Owned(scalar(v)?)))
                })
                .collect(),
            Some(Yaml::Null) | None => Values::default(),
            Some(_) => {
                diags.push(Diagnostic::warning(
                    DiagnosticKind::FrontMatter,
                    Location::new(file, 2),
                    "front matter is not a key/value mapping; read line by line",
                ));
                line_by_line(yaml)
            }
        },
        Err(err) => {
            let line = u32::try_from(err.marker().line())
                .unwrap_or(0)
                .saturating_add(1);
            diags.push(
                Diagnostic::warning(
                    DiagnosticKind::FrontMatter,
                    Location::new(file, line),
                    format!("front matter is not valid YAML ({err}); read line by line"),
                )
                .with_hint("quote values that contain `: ` or start with a special character"),
            );
            line_by_line(yaml)
        }
    };
    FrontMatter {
        values,
        body_offset,
        body_line: line_no.saturating_add(1),
        present: true,
    }
}

/// The common case, read without building a YAML tree: one `key: value` per line, values plain or
/// simply quoted. `None` as soon as a line needs the full YAML reader (nesting, escapes, comments, flow
/// collections, block scalars, nulls, duplicate keys).
fn simple_mapping(yaml: &str) -> Option<Values<'_>> {
    let mut out = Vec::with_capacity(16);
    for line in crate::read::text::lines_inclusive(yaml) {
        // `trim_end` also removes the `\n` (and a `\r`) that `str::lines` would.
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        let (key, value) = crate::read::text::split_once_byte(line, b':')?;
        let plain_key = !key.is_empty()
            && key
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'));
        if !plain_key || !(value.is_empty() || value.starts_with(' ')) {
            return None;
        }
        let value = crate::read::text::trim(value);
        let value = if let Some(inner) = value.strip_prefix('"') {
            let inner = inner.strip_suffix('"')?;
            if inner.bytes().any(|b| b == b'"' || b == b'\\') {
                return None;
            }
            inner
        } else if let Some(inner) = value.strip_prefix('\'') {
            let inner = inner.strip_suffix('\'')?;
            if inner.bytes().any(|b| b == b'\'') {
                return None;
            }
            inner
        } else {
            let special = value.is_empty()
                || value.as_bytes().first().is_some_and(|b| {
                    matches!(
                        b,
                        b'[' | b'{'
                            | b'&'
                            | b'*'
                            | b'!'
                            | b'|'
                            | b'>'
                            | b'%'
                            | b'@'
                            | b'`'
                            | b'#'
                            | b'-'
                            | b'?'
                    )
                })
                || value
                    .as_bytes()
                    .windows(2)
                    .any(|w| w == b": " || w == b" #")
                || matches!(value, "~" | "null" | "Null" | "NULL");
            if special {
                return None;
            }
            value
        };
        if out.iter().any(|(k, _)| k == key) {
            return None;
        }
        out.push((
            Cow::Borrowed(key),
            Cow::Borrowed(crate::read::text::trim(value)),
        ));
    }
    Some(Values(out))
}

fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.trim().to_string()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Fallback for malformed YAML: `key: value` per line, quotes removed.
fn line_by_line(yaml: &str) -> Values<'_> {
    yaml.lines()
        .filter_map(|line| {
            let (k, v) = line.split_once(':')?;
            let k = k.trim();
            if k.is_empty() || k.starts_with(' ') || k.contains(' ') {
                return None;
            }
            let v = v.trim().trim_matches('"').trim_matches('\'').trim();
            Some((Cow::Borrowed(k), Cow::Borrowed(v)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn reads_quoted_values_with_trailing_spaces() {
        let mut d = Vec::new();
        let fm = parse(
            "---\ntitle: \"a: b\"\ndoc_type: \"apiPageType\" \n---\n# T\n",
            Path::new("p.md"),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.values.get("title"), Some("a: b"));
        assert_eq!(fm.doc_type(Path::new("p.md"), &mut d), Some(DocType::Api));
        assert_eq!(fm.body_line, 5);
        assert_eq!(
            fm.body_offset,
            "---\ntitle: \"a: b\"\ndoc_type: \"apiPageType\" \n---\n".len()
        );
    }

    #[test]
    fn malformed_yaml_is_read_line_by_line_and_reported() {
        let mut d = Vec::new();
        let fm = parse(
            "---\ntitle: List: users\ndoc_type: resourcePageType_\n---\n",
            Path::new("p.md"),
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiagnosticKind::FrontMatter);
        assert_eq!(
            fm.doc_type(Path::new("p.md"), &mut d),
            Some(DocType::Resource)
        );
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn the_fast_path_agrees_with_yaml() {
        let cases = [
            "title: \"List users\"\ndoc_type: apiPageType \nms.date: 07/22/2024\nauthor: 'me'\n",
            "title: a # comment\n",
            "title: \"a \\\"b\\\"\"\n",
            "tags:\n  - a\n",
            "n: 1\nb: true\n",
        ];
        for yaml in cases {
            let slow: BTreeMap<String, String> =
                match YamlLoader::load_from_str(yaml).unwrap().first() {
                    Some(Yaml::Hash(h)) => h
                        .iter()
                        .filter_map(|(k, v)| Some((k.as_str()?.trim().to_string(), scalar(v)?)))
                        .collect(),
                    _ => BTreeMap::new(),
                };
            if let Some(fast) = simple_mapping(yaml) {
                assert_eq!(fast.into_map(), slow, "{yaml}");
            }
        }
        assert!(simple_mapping(cases[0]).is_some());
        assert!(simple_mapping(cases[1]).is_none());
        assert!(simple_mapping(cases[2]).is_none());
        assert!(simple_mapping(cases[3]).is_none());
    }

    #[test]
    fn no_front_matter() {
        let mut d = Vec::new();
        let fm = parse("# T\n", Path::new("p.md"), &mut d);
        assert!(!fm.present);
        assert_eq!(fm.body_line, 1);
        assert_eq!(fm.doc_type(Path::new("p.md"), &mut d), None);
    }
}
