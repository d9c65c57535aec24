//! Matching an example's path against the operations' path templates: the captures (keys, an item path, an
//! entity path), the forms Graph's aliases stand for (`/me`, a drive's `root`), and why nothing matches.

use super::plan::SkipPlan;
use crate::ir::operations::PathPiece;
use crate::ir::Ir;

pub(super) type Captures = Vec<(usize, String, bool)>;

/// Matches a decoded path against an operation's pieces (literals case-insensitively); on success, each argument's
/// captured text and whether it sits in parentheses.
pub(super) fn match_path(pieces: &[PathPiece], path: &str) -> Option<Captures> {
    let mut captures = Vec::new();
    if matches_from(pieces, path, &mut captures) {
        return Some(captures);
    }
    // A line that writes a key in parentheses (`/programs('{programId}')`) addresses the same entity as the key
    // segment an example may write (`/programs/7e59`; see `graph_docs_example_url::keys_as_segments`).
    let segmented = keys_as_segment_pieces(pieces)?;
    captures.clear();
    matches_from(&segmented, path, &mut captures).then_some(captures)
}

/// The pieces with each key in parentheses (`name(` and an argument, then `)`: `('{id}')` written as an OData
/// literal, `({id})` as it comes) written as a key segment (`name/` and the argument); `None` when there is none.
/// A function's parentheses (`f(a=` ...) stay.
fn keys_as_segment_pieces(pieces: &[PathPiece]) -> Option<Vec<PathPiece>> {
    let mut out: Vec<PathPiece> = Vec::with_capacity(pieces.len());
    let mut changed = false;
    let mut i = 0;
    while i < pieces.len() {
        if let (
            PathPiece::Literal(before),
            Some(key @ (PathPiece::OData(_) | PathPiece::Segment(_))),
            Some(PathPiece::Literal(after)),
        ) = (&pieces[i], pieces.get(i + 1), pieces.get(i + 2))
        {
            let open = before.strip_suffix('(').filter(|name| {
                name.rsplit('/')
                    .next()
                    .is_some_and(|last| !last.is_empty() && !last.contains(['(', '=', ',']))
            });
            if let (Some(open), Some(close)) = (open, after.strip_prefix(')')) {
                out.push(PathPiece::Literal(format!("{open}/")));
                out.push(key.clone());
                out.push(PathPiece::Literal(close.to_owned()));
                changed = true;
                i += 3;
                continue;
            }
        }
        out.push(pieces[i].clone());
        i += 1;
    }
    changed.then_some(out)
}

fn matches_from(
    pieces: &[PathPiece],
    text: &str,
    captures: &mut Vec<(usize, String, bool)>,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        PathPiece::Literal(literal) => {
            text.len() >= literal.len()
                && text.is_char_boundary(literal.len())
                && text[..literal.len()].eq_ignore_ascii_case(literal)
                && matches_from(rest, &text[literal.len()..], captures)
        }
        PathPiece::Segment(n)
        | PathPiece::OData(n)
        | PathPiece::ItemPath(n)
        | PathPiece::EntityPath(n) => {
            // An entity path (the prefix before a relative line, `/me/drive/items/{id}`) starts with `/` and spans
            // segments; so does an item path.
            if matches!(first, PathPiece::EntityPath(_)) && !text.starts_with('/') {
                return false;
            }
            let slash_ok = matches!(first, PathPiece::ItemPath(_) | PathPiece::EntityPath(_));
            let odata = matches!(first, PathPiece::OData(_));
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, c)| (i + c.len_utf8(), c))
                .take_while(|(_, c)| slash_ok || *c != '/')
                .map(|(end, _)| end)
                .collect();
            // Longest first: a key may hold text that looks like the literal after it.
            for end in ends.into_iter().rev() {
                let capture = &text[..end];
                // Graph ends an item path at its `:` (`root:/a.txt:/content`): such text is a path and a navigation,
                // not one captured value.
                if matches!(first, PathPiece::ItemPath(_)) && capture.contains(':') {
                    continue;
                }
                let len = captures.len();
                captures.push((*n, capture.to_owned(), odata));
                if matches_from(rest, &text[end..], captures) {
                    return true;
                }
                captures.truncate(len);
            }
            false
        }
    }
}

/// The path, then the forms Graph's aliases stand for, which the runtime writes back as the aliases
/// (`graph_runtime::PathBuilder::finish`): `/me/...` is the signed-in user's `/users/{id}/...` (a `/users/{id}` line
/// called with the key `me`), and a drive's `root` is its item `items/root` (a `/drive/items/{id}` line called
/// with the key `root`).
///
/// Before the aliases, the forms a request line writes: without a trailing `/`, and with keys in parentheses as key
/// segments (see `graph_docs_example_url::all_keys_as_segments`; a key that starts with `$` is one too, and the
/// check, not the match, says that it must stay in parentheses); a request line written with parentheses matches
/// the path as written, which comes first. After them, the same forms of the signed-in user's
/// drive written the other way (`/drive` for `/me/drive`, and back).
pub(super) fn alias_forms(path: &str) -> Vec<String> {
    let path = graph_docs_example_url::without_trailing_slash(path);
    let mut forms = user_and_drive_forms(path);
    if let Some(keyed) = graph_docs_example_url::all_keys_as_segments(path) {
        forms.extend(user_and_drive_forms(&keyed));
    }
    // The signed-in user's drive, `/drive` or `/me/drive` (see `graph_docs_example_url::default_drive_as_me`): a
    // page may document one and show the other.
    let other = forms.iter().find_map(|form| {
        graph_docs_example_url::default_drive_as_me(form)
            .or_else(|| graph_docs_example_url::me_drive_as_default(form))
    });
    if let Some(other) = other {
        forms.extend(user_and_drive_forms(&other));
    }
    forms
}

/// The path, then the forms Graph's aliases stand for (see [`alias_forms`]).
fn user_and_drive_forms(path: &str) -> Vec<String> {
    let me = path
        .strip_prefix("/me")
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        .map(|rest| format!("/users/me{rest}"));
    let mut forms = vec![path.to_owned()];
    forms.extend(me.clone());
    for form in [Some(path.to_owned()), me].into_iter().flatten() {
        forms.extend(drive_root_as_item(&form));
    }
    forms
}

/// `.../drive/root...` (or `.../drives/{id}/root...`) as `.../drive/items/root...`, before any item path.
fn drive_root_as_item(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut at = 0;
    for (i, segment) in segments.iter().enumerate() {
        let drive = i >= 1 && segments[i - 1].eq_ignore_ascii_case("drive")
            || i >= 2 && segments[i - 2].eq_ignore_ascii_case("drives");
        let root = *segment == "root" || segment.starts_with("root:");
        if drive && root {
            return Some(format!("{}items/{}", &path[..at], &path[at..]));
        }
        if segment.contains(':') {
            return None;
        }
        at += segment.len() + 1;
    }
    None
}

/// The operation whose path matches best, with its captures: the most literal text agreeing, then the most fixed
/// query pairs present, then page order.
pub(super) fn best_match(
    ir: &Ir,
    ops: &[usize],
    path: &str,
    pairs: &[(String, String)],
) -> Option<(usize, Captures)> {
    ops.iter()
        .filter_map(|&i| {
            let op = &ir.operations[i];
            let captures = match_path(&op.path, path)?;
            let literal: usize = op
                .path
                .iter()
                .map(|p| {
                    if let PathPiece::Literal(l) = p {
                        l.len()
                    } else {
                        0
                    }
                })
                .sum();
            let fixed = op
                .fixed_query
                .iter()
                .filter(|f| {
                    pairs
                        .iter()
                        .any(|p| p.0.eq_ignore_ascii_case(&f.0) && p.1 == f.1)
                })
                .count();
            Some((i, captures, (literal, fixed)))
        })
        .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)))
        .map(|(i, captures, _)| (i, captures))
}

/// Why no line matches: one matches the end of the path after a prefix, or none does.
pub(super) fn unmatched(ir: &Ir, ops: &[usize], path: &str) -> SkipPlan {
    let matches = |path: &str| {
        ops.iter()
            .any(|&i| match_path(&ir.operations[i].path, path).is_some())
    };
    let prefix = path
        .char_indices()
        .filter(|&(i, c)| c == '/' && i > 0)
        .map(|(i, _)| &path[..i])
        .find(|prefix| matches(&path[prefix.len()..]));
    match prefix {
        Some(prefix) => SkipPlan::PrefixedPath(prefix.to_owned()),
        None => SkipPlan::NoMatchingLine(path.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> PathPiece {
        PathPiece::Literal(s.to_owned())
    }

    #[test]
    fn keys_are_captured_from_the_template() {
        let pieces = [
            lit("/drives/"),
            PathPiece::Segment(0),
            lit("/root:/"),
            PathPiece::ItemPath(1),
            lit(":/content"),
        ];
        assert_eq!(
            match_path(&pieces, "/drives/b!x/root:/a/b.txt:/content"),
            Some(vec![
                (0, "b!x".to_owned(), false),
                (1, "a/b.txt".to_owned(), false)
            ])
        );
        assert_eq!(match_path(&pieces, "/drives/x/y/root:/a:/content"), None);
        // An item path ends at its `:`.
        let item = [lit("/drive/root:/"), PathPiece::ItemPath(0)];
        assert_eq!(
            match_path(&item, "/drive/root:/a/b.txt"),
            Some(vec![(0, "a/b.txt".to_owned(), false)])
        );
        assert_eq!(match_path(&item, "/drive/root:/a/b.txt:/children"), None);
        let call = [
            lit("/reports/getOffice365ActiveUserCounts(period="),
            PathPiece::OData(0),
            lit(")"),
        ];
        assert_eq!(
            match_path(&call, "/reports/getoffice365activeusercounts(period='D7')"),
            Some(vec![(0, "'D7'".to_owned(), true)])
        );
    }

    #[test]
    fn an_entity_path_is_the_prefix_before_a_relative_line() {
        let pieces = [
            PathPiece::EntityPath(0),
            lit("/workbook/worksheets/"),
            PathPiece::Segment(1),
            lit("/charts"),
        ];
        assert_eq!(
            match_path(
                &pieces,
                "/me/drive/root:/book.xlsx:/workbook/worksheets/Sheet1/charts"
            ),
            Some(vec![
                (0, "/me/drive/root:/book.xlsx:".to_owned(), false),
                (1, "Sheet1".to_owned(), false)
            ])
        );
        assert_eq!(
            match_path(&pieces, "/workbook/worksheets/Sheet1/charts"),
            None
        );
    }

    #[test]
    fn aliases_are_tried_in_the_forms_they_stand_for() {
        assert_eq!(
            alias_forms("/me/drive/root/children"),
            [
                "/me/drive/root/children",
                "/users/me/drive/root/children",
                "/me/drive/items/root/children",
                "/users/me/drive/items/root/children",
                "/drive/root/children",
                "/drive/items/root/children"
            ]
        );
        // `/drive` is the signed-in user's drive.
        assert_eq!(
            alias_forms("/drive/root/workbook"),
            [
                "/drive/root/workbook",
                "/drive/items/root/workbook",
                "/me/drive/root/workbook",
                "/users/me/drive/root/workbook",
                "/me/drive/items/root/workbook",
                "/users/me/drive/items/root/workbook"
            ]
        );
        assert_eq!(alias_forms("/meetings/x"), ["/meetings/x"]);
        assert_eq!(alias_forms("/meetings/x/"), ["/meetings/x"]);
        assert_eq!(
            alias_forms("/me/messages('AA''k=')/attachments(B1)"),
            [
                "/me/messages('AA''k=')/attachments(B1)",
                "/users/me/messages('AA''k=')/attachments(B1)",
                "/me/messages/AA'k=/attachments/B1",
                "/users/me/messages/AA'k=/attachments/B1"
            ]
        );
        assert_eq!(
            drive_root_as_item("/drives/b!x/root:/a/root:/content"),
            Some("/drives/b!x/items/root:/a/root:/content".to_owned())
        );
        // Only before an item path, only a drive's `root`.
        assert_eq!(
            drive_root_as_item("/me/drive/root:/drive/root"),
            Some("/me/drive/items/root:/drive/root".to_owned())
        );
        assert_eq!(drive_root_as_item("/sites/root"), None);
        assert_eq!(drive_root_as_item("/me/drive/rootx"), None);
    }

    #[test]
    fn a_key_in_parentheses_on_the_line_matches_a_key_segment() {
        let pieces = [lit("/programs("), PathPiece::OData(0), lit(")/controls")];
        assert_eq!(
            match_path(&pieces, "/programs('p1')/controls"),
            Some(vec![(0, "'p1'".to_owned(), true)])
        );
        assert_eq!(
            match_path(&pieces, "/programs/p1/controls"),
            Some(vec![(0, "p1".to_owned(), true)])
        );
        // A key the line writes unquoted (`/requests({requestid})/cancel`) is sent as it comes.
        let unquoted = [lit("/requests("), PathPiece::Segment(0), lit(")/cancel")];
        assert_eq!(
            match_path(&unquoted, "/requests/7c53/cancel"),
            Some(vec![(0, "7c53".to_owned(), false)])
        );
        // A function's arguments are not a key.
        let call = [lit("/reports/f(period="), PathPiece::OData(0), lit(")")];
        assert_eq!(match_path(&call, "/reports/f/D7"), None);
    }
}
