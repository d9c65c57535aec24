//! The response sentence: "If successful, this method returns a `200 OK` response code and a collection
//! of [user](../resources/user.md) objects in the response body." Status codes, the linked type, single or
//! collection, no body, a stream, a primitive. Sentences that match no pattern are kept as
//! `Unclassified` and reported, never guessed.

use std::path::Path;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::type_expr::{Primitive, TypeExpr, TypeRef};
use crate::page::{Response, ResponseBody};
use crate::read::links::LinkIndex;
use crate::read::markdown::{Block, BlockKind, Inline};
use crate::read::response_annotation;
use crate::read::text::{ends_with_ci, starts_with_ci};

const REASONS: &[&str] = &[
    "ok",
    "created",
    "accepted",
    "no content",
    "nocontent",
    "found",
    "partial content",
    "moved",
    "see other",
    "not modified",
    "temporary redirect",
    "multi-status",
    "reset content",
    "response",
    "status",
];

/// Status codes written in `text` (`200 OK`, `` `204 No Content` ``, `HTTP 202`), in order, deduplicated.
pub fn status_codes(text: &str) -> Vec<u16> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    while i + 3 <= bytes.len() {
        // Most bytes are not digits: pass them before looking around.
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        let digits = bytes.get(i..i + 3).unwrap_or(&[]);
        let boundary_before = i == 0
            || bytes
                .get(i - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric() && *b != b'.');
        let boundary_after = bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if digits.iter().all(u8::is_ascii_digit) && boundary_before && boundary_after {
            let code: u16 = text.get(i..i + 3).and_then(|s| s.parse().ok()).unwrap_or(0);
            let after = text
                .get(i + 3..)
                .unwrap_or("")
                .trim_start_matches(['`', ' ', '*']);
            let before = text
                .get(..i)
                .unwrap_or("")
                .trim_end_matches(['`', ' ', '*']);
            if (200..600).contains(&code)
                && (REASONS.iter().any(|r| starts_with_ci(after, r))
                    || ends_with_ci(before, "http")
                    || ends_with_ci(before, "code"))
                && !out.contains(&code)
            {
                out.push(code);
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    // Success codes first.
    out.sort_by_key(|c| u16::from(!(200..400).contains(c)));
    out
}

fn says_no_body(lower: &str) -> bool {
    [
        "not return anything",
        "doesn't return anything",
        "no response body",
        "empty response body",
        "nothing in the response body",
        "without a response body",
        "no content in the response",
        "does not return a response body",
        "doesn't return a response body",
        "returns nothing",
        "no body",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

fn says_stream(lower: &str) -> bool {
    [
        "stream",
        "binary",
        "file content",
        "contents of the file",
        "redirect",
        "raw content",
        "$value",
        "image/",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// Whether the words around `at..at+len` in `text` say "collection".
fn collection_around(lower: &str, at: usize, len: usize) -> bool {
    let before = lower.get(at.saturating_sub(40)..at).unwrap_or("");
    let after = lower.get(at + len..).unwrap_or("");
    let after = after.get(..after.len().min(25)).unwrap_or(after);
    before.contains("collection of")
        || before.contains("array of")
        || before.contains("list of")
        || before.contains("set of")
        || after.trim_start().starts_with("collection")
        || after.trim_start().starts_with("objects")
        || after.trim_start().starts_with("resources")
        || after.trim_start().starts_with("entities")
}

/// A primitive named as a word (`a String collection`, `a Boolean`), outside links.
fn primitive_in(text: &str) -> Option<(Primitive, bool)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '`' | '*'))
        .filter(|w| !w.is_empty())
        .collect();
    let word_is = |j: usize, any: &[&str]| {
        words
            .get(j)
            .is_some_and(|n| any.iter().any(|a| n.eq_ignore_ascii_case(a)))
    };
    for (i, w) in words.iter().enumerate() {
        let exact = matches!(
            *w,
            "String"
                | "Boolean"
                | "Int32"
                | "Int64"
                | "Double"
                | "Single"
                | "Int16"
                | "DateTimeOffset"
                | "Guid"
                | "Json"
                | "boolean"
                | "Edm.String"
                | "Edm.Boolean"
                | "Edm.Int32"
                | "Edm.Int64"
                | "integer"
                | "Integer"
        ) || (*w == "string"
            && word_is(i + 1, &["collection", "object", "value", "array"]));
        if let (true, Some(p)) = (exact, Primitive::from_name(w)) {
            let collection = word_is(i + 1, &["collection", "array"])
                || i.checked_sub(1).is_some_and(|j| word_is(j, &["of"]))
                    && i >= 2
                    && words
                        .get(i - 2)
                        .is_some_and(|w| w.eq_ignore_ascii_case("collection"));
            return Some((p, collection));
        }
    }
    None
}

/// Words that precede "object" in sentences without naming a type.
const NOT_TYPES: &[&str] = &[
    "json",
    "response",
    "new",
    "updated",
    "the",
    "requested",
    "empty",
    "created",
    "single",
    "same",
    "result",
    "error",
    "following",
    "specified",
    "corresponding",
    "matching",
    "complete",
    "appropriate",
    "an",
    "a",
    "this",
    "that",
    "each",
    "existing",
    "returned",
    "modified",
    "entire",
    "full",
    "whole",
    "target",
    "specific",
    "other",
    "added",
    "deleted",
];

/// An unlinked type named in the usual phrasing: "and a messageRule object in the response body",
/// "and collection of alert objects", "returns a Drive resource". The word before `object(s)` /
/// `resource(s)` must be a single identifier with a lowercase first letter or an inner capital.
fn plain_type_name(text: &str) -> Option<(String, bool)> {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '`' | '*' | ',' | '.')))
        .collect();
    for (i, w) in words.iter().enumerate() {
        let kind = [
            "object",
            "objects",
            "resource",
            "resources",
            "entity",
            "entities",
        ];
        if i == 0 || !kind.iter().any(|k| w.eq_ignore_ascii_case(k)) {
            continue;
        }
        let Some(name) = words.get(i - 1) else {
            continue;
        };
        let ident = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
        let is_article = |j: usize| {
            words.get(j).is_some_and(|a| {
                ["a", "an", "the", "of", "and"]
                    .iter()
                    .any(|x| a.eq_ignore_ascii_case(x))
            })
        };
        // The article, or the article and one of the words that qualify a type without naming one ("an
        // updated currencies object", "the requested user object").
        let article = i >= 2
            && (is_article(i - 2)
                || i >= 3
                    && is_article(i - 3)
                    && words
                        .get(i - 2)
                        .is_some_and(|q| NOT_TYPES.iter().any(|t| q.eq_ignore_ascii_case(t))));
        if !ident || !article || NOT_TYPES.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            continue;
        }
        let before = words
            .get(i.saturating_sub(4)..i)
            .map(|w| w.join(" ").to_ascii_lowercase())
            .unwrap_or_default();
        let collection = w.ends_with(['s', 'S'])
            && (before.contains("collection of")
                || before.contains("array of")
                || before.contains("list of"))
            || before.contains("collection of");
        return Some((name.to_string(), collection));
    }
    None
}

/// Classify one sentence (paragraph), whose status codes ([`status_codes`]) are already read.
pub fn classify(
    p: &Inline,
    status: Vec<u16>,
    file: &Path,
    location: Location,
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> Response {
    let lower = p.text.to_ascii_lowercase();
    let body = classify_body(p, &lower, &status, file, &location, index, diags);
    Response {
        status,
        body,
        body_from_examples: false,
        location,
    }
}

fn classify_body(
    p: &Inline,
    lower: &str,
    status: &[u16],
    file: &Path,
    location: &Location,
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> ResponseBody {
    let type_link = p.links.iter().find(|l| {
        let d = l.dest.split('#').next().unwrap_or("");
        !l.text.is_empty()
            && (ends_with_ci(d, ".md") || (!d.contains('/') && !d.is_empty() && !d.contains(':')))
            && !starts_with_ci(d, "http")
    });
    // A 202 sentence links the type of the operation it started ("... and a Location header for the
    // [longRunningOperation]"); only a sentence about the body makes the type the body.
    let accepted_without_body = status.first() == Some(&202) && !lower.contains("body");
    if let Some(link) = type_link.filter(|_| !accepted_without_body) {
        let at = crate::read::text::find(&p.text, &link.text).unwrap_or(0);
        let collection = collection_around(lower, at, link.text.len());
        let inline = Inline {
            text: std::borrow::Cow::Borrowed(&*link.text),
            links: vec![link.clone()],
        };
        let mut ty: TypeExpr = index.type_of(&inline, file, location, diags);
        ty.collection |= collection;
        if !matches!(ty.ty, TypeRef::Unknown { .. }) {
            return if ty.collection {
                ResponseBody::Collection(TypeExpr {
                    collection: false,
                    ..ty
                })
            } else {
                ResponseBody::Single(ty)
            };
        }
    }
    if says_no_body(lower) {
        return ResponseBody::None;
    }
    if let Some((prim, collection)) = primitive_in(&p.text) {
        let ty = TypeExpr::single(TypeRef::Primitive(prim));
        return if collection {
            ResponseBody::Collection(ty)
        } else {
            ResponseBody::Single(ty)
        };
    }
    if lower.contains("true value") || lower.contains("true or false") || lower.contains("boolean")
    {
        return ResponseBody::Single(TypeExpr::single(TypeRef::Primitive(Primitive::Boolean)));
    }
    if let Some((name, collection)) = plain_type_name(&p.text) {
        let ty = TypeExpr::single(TypeRef::Named {
            namespace: None,
            name,
            link: None,
        });
        return if collection {
            ResponseBody::Collection(ty)
        } else {
            ResponseBody::Single(ty)
        };
    }
    if status.first().is_some_and(|c| *c == 302 || *c == 303)
        || (says_stream(lower) && !lower.contains("object"))
    {
        return ResponseBody::Stream;
    }
    if status.first().is_some_and(|c| matches!(c, 202 | 204)) {
        return ResponseBody::None;
    }
    let mentions_body = lower.contains("response body")
        || lower.contains("object")
        || lower.contains("returns a") && lower.contains(" in the ");
    if !status.is_empty() && !mentions_body {
        return ResponseBody::None;
    }
    ResponseBody::Unclassified(p.text.to_string())
}

/// Read a response section: the first paragraph that gives a status code or says what is returned.
/// `None` when the section says nothing at all. `examples` are the page's, for a status sentence that names no
/// body: the body is then the type an example response's annotation names ([`Response::body_from_examples`]);
/// without them (`None`: an outline of the page, read before its examples), such a body stays `None`.
pub fn parse(
    blocks: &[Block],
    examples: Option<&[crate::page::Example]>,
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> Option<Response> {
    let mut fallback: Option<&Block> = None;
    for block in blocks {
        let (BlockKind::Paragraph(p) | BlockKind::ListItem(p)) = &block.kind else {
            if matches!(block.kind, BlockKind::Code { .. }) {
                break;
            }
            continue;
        };
        let status = status_codes(&p.text);
        if !status.is_empty() {
            let mut response = classify(p, status, &block.file, block.location(), index, diags);
            if implicit_no_body(&response, &p.text) {
                if let Some((body, _)) = body_named_elsewhere(blocks, block, index) {
                    response.body = body;
                } else {
                    response.body_from_examples = true;
                    if let (Some(&status), Some(examples)) = (response.status.first(), examples) {
                        if let Some(body) =
                            response_annotation::body_of_examples(examples, status, diags)
                        {
                            response.body = body;
                        }
                    }
                }
            } else if no_content_only(&response) {
                // "returns `204 No Content`." then "If the optional request header is used, the method returns a
                // `200 OK` response code and the updated [alert](...) object in the response body.": the body the
                // service sends when asked (`Prefer: return=representation`). The codes say it is optional.
                if let Some((body, codes)) = body_named_elsewhere(blocks, block, index)
                    .filter(|(_, codes)| codes.iter().any(|c| matches!(c, 200 | 201)))
                {
                    response.status.extend(codes);
                    response.body = body;
                }
            }
            return Some(finish(response, diags));
        }
        let mentions = |w: &str| crate::read::text::contains_ci(&p.text, w);
        if fallback.is_none() && (mentions("return") || mentions("response")) {
            fallback = Some(block);
        }
    }
    let block = fallback?;
    let (BlockKind::Paragraph(p) | BlockKind::ListItem(p)) = &block.kind else {
        return None;
    };
    Some(finish(
        classify(
            p,
            status_codes(&p.text),
            &block.file,
            block.location(),
            index,
            diags,
        ),
        diags,
    ))
}

/// Whether a status sentence was read as "no body" only because it names no type: a `200 OK` (or `201`)
/// sentence that does not say the body is empty. An explicit `204`/`202`, or "does not return anything", is a
/// real no-body answer.
fn implicit_no_body(response: &Response, text: &str) -> bool {
    matches!(response.body, ResponseBody::None)
        && !says_no_body(&text.to_ascii_lowercase())
        && response
            .status
            .first()
            .is_some_and(|c| matches!(c, 200 | 201 | 206 | 207))
}

/// Whether a status sentence answers `204 No Content` and nothing else.
fn no_content_only(response: &Response) -> bool {
    matches!(response.body, ResponseBody::None) && response.status == [204]
}

/// The body another sentence of the response section names, for a status sentence that names none ("returns a
/// `200 OK` response code." then "the response body includes an [attachment](...) object", or the type in the
/// sentence before the status codes): a sentence that links a type and speaks of the body or of what is
/// returned, with the status codes it gives. Graph answers the status with that body; reading it as "no body"
/// would drop what the page says.
fn body_named_elsewhere(
    blocks: &[Block],
    status_block: &Block,
    index: &LinkIndex,
) -> Option<(ResponseBody, Vec<u16>)> {
    blocks
        .iter()
        .take_while(|b| !matches!(b.kind, BlockKind::Code { .. }))
        .filter(|b| !std::ptr::eq(*b, status_block))
        .find_map(|block| {
            let (BlockKind::Paragraph(p) | BlockKind::ListItem(p)) = &block.kind else {
                return None;
            };
            let lower = p.text.to_ascii_lowercase();
            if p.links.is_empty() || !(lower.contains("body") || lower.contains("return")) {
                return None;
            }
            // Only a linked type counts: a body is never guessed from prose.
            let mut quiet = Vec::new();
            let body = classify_body(
                p,
                &lower,
                &[],
                &block.file,
                &block.location(),
                index,
                &mut quiet,
            );
            let linked = match &body {
                ResponseBody::Single(t) | ResponseBody::Collection(t) => {
                    matches!(t.ty, TypeRef::Named { link: Some(_), .. })
                }
                _ => false,
            };
            (linked && quiet.is_empty()).then(|| (body, status_codes(&p.text)))
        })
}

fn finish(resp: Response, diags: &mut Vec<Diagnostic>) -> Response {
    if let ResponseBody::Unclassified(text) = &resp.body {
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::Response,
                resp.location.clone(),
                format!("response sentence matches no known pattern: \"{}\"", shorten(text)),
            )
            .with_hint("write e.g. \"returns a `200 OK` response code and a [type](../resources/type.md) object in the response body\""),
        );
    }
    resp
}

/// At most 120 characters of `text`, for messages.
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((i, _)) => format!("{}...", text.get(..i).unwrap_or(text)),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::markdown::parse_blocks;
    use std::rc::Rc;

    fn read(md: &str) -> Option<Response> {
        let blocks = parse_blocks(md, 1, &Rc::from(Path::new("api/p.md")));
        parse(&blocks, Some(&[]), &LinkIndex::default(), &mut Vec::new())
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named {
            namespace: None,
            name: name.into(),
            link: None,
        }
    }

    #[test]
    fn status_codes_in_order() {
        assert_eq!(status_codes("returns a `200 OK` response code"), vec![200]);
        assert_eq!(
            status_codes("returns `204 No Content` or HTTP 404 if missing, 300 items"),
            vec![204, 404]
        );
    }

    #[test]
    fn single_collection_none_stream_primitive() {
        let r = read("If successful, this function returns a `200 OK` response code and a [fileUploadSession](../resources/industrydata-fileuploadsession.md) in the response body.\n").unwrap();
        assert_eq!(r.status, vec![200]);
        assert_eq!(
            r.body,
            ResponseBody::Single(TypeExpr::single(named("fileUploadSession")))
        );
        let r = read("If successful, returns `200 OK` and a collection of [user](../resources/user.md) objects in the response body.\n").unwrap();
        assert_eq!(
            r.body,
            ResponseBody::Collection(TypeExpr::single(named("user")))
        );
        let r =
            read("If successful, this method returns `204 No Content` response code.\n").unwrap();
        assert_eq!(r.body, ResponseBody::None);
        let r = read("If successful, this method returns a `302 Found` response that redirects to a download URL.\n").unwrap();
        assert_eq!(r.body, ResponseBody::Stream);
        // An unlinked type, after its article and a word that qualifies it.
        let r = read("If successful, this method returns a `200 OK` response code and an updated **currencies** object in the response body.\n").unwrap();
        assert_eq!(
            r.body,
            ResponseBody::Single(TypeExpr::single(named("currencies")))
        );
        let r = read("If successful, this method returns a `200 OK` response code and an updated object in the response body.\n").unwrap();
        assert!(matches!(r.body, ResponseBody::Unclassified(_)), "{r:?}");
        let r = read("If successful, this method returns a `200 OK` response code and a String collection object in the response body.\n").unwrap();
        assert_eq!(
            r.body,
            ResponseBody::Collection(TypeExpr::single(TypeRef::Primitive(Primitive::String)))
        );
    }

    #[test]
    fn a_body_named_in_another_sentence_is_the_body() {
        let index = LinkIndex::new(&[
            std::path::PathBuf::from("api/p.md"),
            std::path::PathBuf::from("resources/attachment.md"),
        ]);
        let read = |md: &str| {
            let blocks = parse_blocks(md, 1, &Rc::from(Path::new("api/p.md")));
            parse(&blocks, Some(&[]), &index, &mut Vec::new()).unwrap()
        };
        let is_attachment = |body: &ResponseBody| matches!(body, ResponseBody::Single(t) if matches!(&t.ty, TypeRef::Named { name, .. } if name == "attachment"));
        // After the status sentence, and before it.
        let r = read("If successful, this method returns a `200 OK` response code.\n\nThe response body includes an [attachment](../resources/attachment.md) object.\n");
        assert_eq!(r.status, vec![200]);
        assert!(is_attachment(&r.body), "{r:?}");
        let r = read("If successful, this method returns a single [attachment](../resources/attachment.md) in the response body.\n\nThe response is `201 Created` for a new one, `200 OK` otherwise.\n");
        assert_eq!(r.status, vec![201, 200]);
        assert!(is_attachment(&r.body), "{r:?}");
        // An explicit no-body answer stays one.
        let r = read("If successful, this method returns a `200 OK` response code. It does not return anything in the response body.\n\nSee [attachment](../resources/attachment.md) for the returned body.\n");
        assert_eq!(r.body, ResponseBody::None);
        // A 204 whose other sentence gives the body a header asks for: both codes, and that body.
        let r = read("If successful, this method returns a `204 No Content` response code.\n\nWith `Prefer: return=representation`, it returns `200 OK` and the [attachment](../resources/attachment.md) object in the response body.\n");
        assert_eq!(r.status, vec![204, 200]);
        assert!(is_attachment(&r.body), "{r:?}");
        // Without a second code, the other sentence does not make a 204 send a body.
        let r = read("If successful, this method returns a `204 No Content` response code.\n\nThe [attachment](../resources/attachment.md) object is updated in place; read it back for its body.\n");
        assert_eq!(r.status, vec![204]);
        assert_eq!(r.body, ResponseBody::None);
    }

    #[test]
    fn a_status_without_a_body_takes_the_annotated_example_body() {
        let file: Rc<Path> = Rc::from(Path::new("api/p.md"));
        let example = "<!-- { \"blockType\": \"request\", \"name\": \"locate\" } -->\n\n```http\nPOST https://graph.microsoft.com/v1.0/widgets/w1/locate\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.locateOperation\" } -->\n\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"id\": \"op1\"}\n```\n";
        let mut d = Vec::new();
        let examples = crate::read::examples::parse(&parse_blocks(example, 20, &file), &mut d);
        let section = parse_blocks(
            "If successful, this method returns `200 OK` response code.\n",
            1,
            &file,
        );
        let r = parse(&section, Some(&examples), &LinkIndex::default(), &mut d).unwrap();
        assert!(
            matches!(&r.body, ResponseBody::Single(t) if matches!(&t.ty, TypeRef::Named { name, .. } if name == "locateOperation")),
            "{r:?}"
        );
        assert!(d
            .iter()
            .any(|d| d.kind == DiagnosticKind::Response && d.location.line > 20));
        // Without the examples (an outline of the page): no body yet, marked as the examples' to decide.
        let section = parse_blocks(
            "If successful, this method returns `200 OK` response code.\n",
            1,
            &file,
        );
        let r = parse(&section, None, &LinkIndex::default(), &mut d).unwrap();
        assert!(
            r.body_from_examples && r.body == ResponseBody::None,
            "{r:?}"
        );
        // A sentence that says there is no body keeps none; so does a 204.
        for sentence in [
            "If successful, this method returns `200 OK` response code. It does not return anything in the response body.\n",
            "If successful, this method returns `204 No Content` response code.\n",
        ] {
            let section = parse_blocks(sentence, 1, &file);
            let r = parse(&section, Some(&examples), &LinkIndex::default(), &mut d).unwrap();
            assert_eq!(r.body, ResponseBody::None, "{sentence}");
        }
    }

    #[test]
    fn unclassified_is_reported() {
        let blocks = parse_blocks(
            "It returns something in the response body.\n",
            1,
            &Rc::from(Path::new("api/p.md")),
        );
        let mut d = Vec::new();
        let r = parse(&blocks, Some(&[]), &LinkIndex::default(), &mut d).unwrap();
        assert!(matches!(r.body, ResponseBody::Unclassified(_)));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiagnosticKind::Response);
    }
}
