//! Type expressions as the pages write them: `String`, `Int32 collection`, `Collection(microsoft.graph.user)`,
//! `[user](user.md)`, `Edm.DateTimeOffset`, and whatever else turns up (kept as `Unknown`).

use crate::page::diagnostics::Location;

/// An OData primitive type (`Edm.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `Edm.String`
    String,
    /// `Edm.Boolean`
    Boolean,
    /// `Edm.Byte`
    Byte,
    /// `Edm.SByte`
    SByte,
    /// `Edm.Int16`
    Int16,
    /// `Edm.Int32`
    Int32,
    /// `Edm.Int64`
    Int64,
    /// `Edm.Single`
    Single,
    /// `Edm.Double`
    Double,
    /// `Edm.Decimal`
    Decimal,
    /// `Edm.DateTimeOffset`
    DateTimeOffset,
    /// `Edm.Date`
    Date,
    /// `Edm.TimeOfDay`
    TimeOfDay,
    /// `Edm.Duration`
    Duration,
    /// `Edm.Guid`
    Guid,
    /// `Edm.Binary` (base64 in JSON)
    Binary,
    /// `Edm.Stream` (binary content, not JSON)
    Stream,
    /// Free-form JSON (`Json`, `Edm.Untyped`, `Object`).
    Json,
}

/// A type named by a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A primitive.
    Primitive(Primitive),
    /// A named complex, entity or enum type. `namespace` is `None` when the page did not qualify it;
    /// `link` is the page it links to (relative to the docs root), when it was a link.
    Named {
        /// Qualifying namespace (`microsoft.graph.industryData`) when written or known from the link target.
        namespace: Option<String>,
        /// The type's name as written (`user`, `fileUploadSession`).
        name: String,
        /// The linked page, relative to the docs root, resolved without regard to case.
        link: Option<std::path::PathBuf>,
    },
    /// Text that names no known type; kept verbatim with where it was found.
    Unknown {
        /// The text as written.
        text: String,
        /// Where it was written.
        location: Location,
    },
}

/// A full type expression: a type, possibly a collection of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeExpr {
    /// The element type.
    pub ty: TypeRef,
    /// `X collection`, `Collection(X)`, `array of X`.
    pub collection: bool,
}

impl Primitive {
    /// The primitive a page names, in any case, with or without `Edm.`: `string`, `Int32`, `Edm.Guid`,
    /// `DateTimeOffset`, `bool`, `int`, `Json`.
    pub fn from_name(name: &str) -> Option<Primitive> {
        let name = crate::read::text::trim(name);
        let name = match name.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("edm.") => name.get(4..).unwrap_or(""),
            _ => name,
        };
        // Lowercase into a small buffer: no primitive name is longer than 16 bytes.
        let mut buf = [0u8; 16];
        let bytes = name.as_bytes();
        let dst = buf.get_mut(..bytes.len())?;
        dst.copy_from_slice(bytes);
        dst.make_ascii_lowercase();
        let bare = std::str::from_utf8(dst).ok()?;
        Some(match bare {
            "string" | "str" => Primitive::String,
            "boolean" | "bool" => Primitive::Boolean,
            "byte" => Primitive::Byte,
            "sbyte" => Primitive::SByte,
            "int16" | "short" => Primitive::Int16,
            "int32" | "int" | "integer" | "number" => Primitive::Int32,
            "int64" | "long" => Primitive::Int64,
            "single" | "float" => Primitive::Single,
            "double" => Primitive::Double,
            "decimal" => Primitive::Decimal,
            "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
            "date" => Primitive::Date,
            "timeofday" => Primitive::TimeOfDay,
            "duration" | "timespan" => Primitive::Duration,
            "guid" | "uuid" => Primitive::Guid,
            "binary" => Primitive::Binary,
            "stream" => Primitive::Stream,
            "json" | "untyped" | "object" => Primitive::Json,
            _ => return None,
        })
    }
}

impl TypeExpr {
    /// A single value of `ty`.
    pub fn single(ty: TypeRef) -> Self {
        TypeExpr {
            ty,
            collection: false,
        }
    }
}

/// Parse a type as a page writes it in a table cell or sentence. `text` is the plain text (link text kept,
/// markup removed); `link` is the page the cell links to, already resolved. Anything that names no type
/// becomes [`TypeRef::Unknown`] with `location`.
pub fn parse(text: &str, link: Option<std::path::PathBuf>, location: &Location) -> TypeExpr {
    let cleaned: std::borrow::Cow<'_, str> = if text.bytes().any(|b| b == b'`' || b == b'*') {
        text.chars()
            .filter(|c| !matches!(c, '`' | '*'))
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    let mut t = crate::read::text::trim(crate::read::text::trim(&cleaned).trim_end_matches('.'));
    let mut collection = false;

    // `Collection(X)`
    if let Some(inner) = strip_prefix_ci(t, "collection(").and_then(|r| r.strip_suffix(')')) {
        t = crate::read::text::trim(inner);
        collection = true;
    }
    // `collection of X`, `array of X`, `a collection of X`
    for prefix in [
        "a collection of ",
        "collection of ",
        "an array of ",
        "array of ",
        "list of ",
    ] {
        if let Some(rest) = strip_prefix_ci(t, prefix) {
            t = crate::read::text::trim(rest);
            collection = true;
            break;
        }
    }
    // `X collection`, `X Collection`, `X[]`
    for suffix in [" collection", " array", "[]"] {
        if let Some(rest) = strip_suffix_ci(t, suffix) {
            t = crate::read::text::trim(rest);
            collection = true;
            break;
        }
    }
    // `String (timestamp)`, `Int32 (nullable)`: the qualifier is informative only.
    if let Some(open) = crate::read::text::find(t, " (") {
        if t.ends_with(')') {
            t = t.get(..open).unwrap_or(t).trim();
        }
    }
    // Reference-style link without a definition: `[x][]` or `[x][ref]`.
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(close) = rest.find(']') {
            t = rest.get(..close).unwrap_or(rest).trim();
        }
    }
    // `Collection(X)` again, for `[Collection(x)](x.md)`-like cells.
    if let Some(inner) = strip_prefix_ci(t, "collection(").and_then(|r| r.strip_suffix(')')) {
        t = crate::read::text::trim(inner);
        collection = true;
    }

    let ty = if let Some(p) = Primitive::from_name(t) {
        TypeRef::Primitive(p)
    } else if is_type_name(t) {
        let (namespace, name) = match t.rfind('.') {
            Some(dot) => (
                Some(t.get(..dot).unwrap_or("").to_string()),
                t.get(dot + 1..).unwrap_or("").to_string(),
            ),
            None => (None, t.to_string()),
        };
        TypeRef::Named {
            namespace,
            name,
            link,
        }
    } else {
        TypeRef::Unknown {
            text: crate::read::text::trim(text).to_string(),
            location: location.clone(),
        }
    };
    TypeExpr { ty, collection }
}

/// An identifier or dotted name (`user`, `microsoft.graph.industryData.inboundFlow`).
fn is_type_name(t: &str) -> bool {
    !t.is_empty()
        && !t.starts_with('.')
        && !t.ends_with('.')
        && !t.contains("..")
        && t.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix)
        .then(|| s.get(..at))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> TypeExpr {
        parse(text, None, &Location::new("x.md", 3))
    }

    fn named(ns: Option<&str>, name: &str) -> TypeRef {
        TypeRef::Named {
            namespace: ns.map(str::to_string),
            name: name.to_string(),
            link: None,
        }
    }

    #[test]
    fn primitives_in_any_case() {
        assert_eq!(p("String").ty, TypeRef::Primitive(Primitive::String));
        assert_eq!(p("`boolean`").ty, TypeRef::Primitive(Primitive::Boolean));
        assert_eq!(p("Edm.Int64").ty, TypeRef::Primitive(Primitive::Int64));
        assert_eq!(
            p("String (timestamp)").ty,
            TypeRef::Primitive(Primitive::String)
        );
        assert_eq!(
            p("dateTimeOffset").ty,
            TypeRef::Primitive(Primitive::DateTimeOffset)
        );
    }

    #[test]
    fn collections() {
        assert_eq!(
            p("String collection"),
            TypeExpr {
                ty: TypeRef::Primitive(Primitive::String),
                collection: true
            }
        );
        assert_eq!(
            p("Collection(microsoft.graph.user)"),
            TypeExpr {
                ty: named(Some("microsoft.graph"), "user"),
                collection: true
            }
        );
        assert!(p("array of Int32").collection);
        assert_eq!(p("user Collection").ty, named(None, "user"));
    }

    #[test]
    fn names_links_and_unknowns() {
        assert_eq!(
            p("microsoft.graph.industryData.inboundDomain").ty,
            named(Some("microsoft.graph.industryData"), "inboundDomain")
        );
        assert_eq!(p("[identitySet][]").ty, named(None, "identitySet"));
        let linked = parse(
            "user",
            Some("resources/user.md".into()),
            &Location::new("x.md", 1),
        );
        assert!(matches!(linked.ty, TypeRef::Named { link: Some(_), .. }));
        assert_eq!(
            p("see below").ty,
            TypeRef::Unknown {
                text: "see below".into(),
                location: Location::new("x.md", 3)
            }
        );
    }
}
