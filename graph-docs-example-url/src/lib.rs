//! How a doc example's URL reads: the one reader of example URLs in graph-docs.
//!
//! A Graph reference page shows each example request as a method and a URL, written by hand: absolute
//! (`https://graph.microsoft.com/v1.0/users/a%40b.com?$top=5`) or a path (`/me/events`, sometimes `me/events`),
//! with raw spaces, quotes and braces, `+` between the words of a `$filter`. [`ExampleUrl`] reads one into what
//! a request to Graph means: the host (when written), the path without the `/v1.0` or `/beta` prefix, and the
//! query as decoded name/value pairs. Three users read example URLs, all through this crate:
//!
//! * the generator's conformance planning (graph-docs-codegen), which picks the typed call that reproduces an
//!   example: the operation whose path template the path matches, its keys, and a setter per query pair;
//! * graph-runtime's conformance checker, for which the example's URL is the expected answer that the rendered
//!   request (the code under test: the generated call, `PathBuilder`, the query encoding) must equal;
//! * graph-runtime's replay server, which answers a request with the example whose URL it matches; it reads the
//!   request it receives with the same rules.
//!
//! # `+`
//! In the path, `+` is a literal plus (RFC 3986 gives it no meaning there, and Graph reads it as written). In the
//! query it is a space: Graph reads its query string form-encoded (a literal plus in a `$filter` value must be
//! sent as `%2B`), and the reference pages rely on it (`$filter=hasMembersWithLicenseErrors+eq+true`). OData 4.01
//! leaves `+` open (OASIS issue ODATA-1539, resolved in 4.01 Errata 01 by telling clients to send `%20` and `%2B`,
//! which are unambiguous); the service's reading is the one that decides what an example asks for.
//!
//! # Why not `url::Url`
//! The decoding is the rust-url project's own: `percent-encoding` for the path and `form_urlencoded` for the query
//! (the crates `url` uses for these jobs). `url::Url` itself would refuse example URLs that are not valid URLs
//! (`https://{graph-endpoint}/...`), resolve the `.` and `..` segments an example writes instead of keeping them
//! for comparison, and bring `idna` and its Unicode tables into the proc macro's dependencies. What is left by
//! hand is splitting off the scheme, host, fragment and `/v1.0` prefix, a few `split_once` calls.

#![deny(missing_docs)]

mod call;

pub use call::{call_args_as_query, split_top_level, trailing_call, unquote};
use percent_encoding::percent_decode_str;

/// An example URL, split and ready to be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleUrl<'a> {
    host: Option<&'a str>,
    /// The path as written (still percent-encoded), without the version prefix.
    path: &'a str,
    /// Whether the path was written without its leading `/` (`me/events`).
    relative: bool,
    /// The query as written (still encoded), without the `?`.
    query: &'a str,
}

impl<'a> ExampleUrl<'a> {
    /// Reads a URL as a page writes it: absolute (any scheme; the host is kept apart) or a path, with or without
    /// its leading `/` (a path is relative to Graph's root), a query after the first `?`, a `#fragment` dropped,
    /// and the version prefix (`/v1.0`, `/beta`) dropped. `None` when there is nothing to read: empty text, or
    /// an absolute URL with no path (`?x=1` alone is an empty path and a query).
    pub fn parse(url: &'a str) -> Option<ExampleUrl<'a>> {
        let url = url.trim();
        let url = url.split_once('#').map_or(url, |(before, _)| before);
        let (host, rest) = match split_scheme(url) {
            Some(after_scheme) => {
                let end = after_scheme.find(['/', '?']).unwrap_or(after_scheme.len());
                let rest = &after_scheme[end..];
                if !rest.starts_with('/') {
                    return None;
                }
                (Some(&after_scheme[..end]), rest)
            }
            None => (None, url),
        };
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path = path.trim();
        if url.is_empty() {
            return None;
        }
        // The version segment in any letter case, as every literal segment (`/Beta/me` is `/beta/me`), or a
        // version placeholder.
        let path = ["/v1.0", "/beta"]
            .iter()
            .find_map(|prefix| {
                path.get(..prefix.len())
                    .filter(|head| head.eq_ignore_ascii_case(prefix))
                    .and_then(|_| path.get(prefix.len()..))
                    .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .or_else(|| without_version_placeholder(path))
            .unwrap_or(path);
        Some(ExampleUrl {
            host,
            relative: !path.is_empty() && !path.starts_with('/'),
            path,
            query: query.trim(),
        })
    }

    /// The host of an absolute URL, as written (`graph.microsoft.com`); `None` for a path.
    pub fn host(&self) -> Option<&'a str> {
        self.host
    }

    /// The path, percent-decoded, starting with `/` (`/users/a@b.com/events`); `/v1.0/me` is `/me`, and a bare
    /// `/v1.0` is the empty path. `+` is kept.
    pub fn path(&self) -> String {
        let decoded = percent_decode(self.path);
        if self.relative {
            format!("/{decoded}")
        } else {
            decoded
        }
    }

    /// The path's segments, each percent-decoded on its own (so an encoded `%2F` stays inside its segment), empty
    /// ones dropped.
    pub fn segments(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(percent_decode)
            .collect()
    }

    /// The query's pairs in order, decoded (`+` is a space, see the crate docs); a pair without `=` has an empty
    /// value, empty pairs (`&&`) are dropped.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }
}

/// The path after a version placeholder, which the docs write for "the version you call" as in
/// `https://graph.microsoft.com/{version}/{resource}`: `/{ver}/connectors/x` is `/connectors/x`. A placeholder is
/// a first segment in braces naming a version (`{ver}`, `{version}`, `{api-version}`).
fn without_version_placeholder(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/{")?;
    let (name, rest) = rest.split_once('}')?;
    (name.to_ascii_lowercase().contains("ver") && (rest.is_empty() || rest.starts_with('/')))
        .then_some(rest)
}

/// A decoded path without its trailing `/`: Graph ignores an empty last segment (`/me/messages/` is
/// `/me/messages`).
pub fn without_trailing_slash(path: &str) -> &str {
    path.strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path)
}

/// Whether the path's first segment is `word` (in any letter case).
fn first_segment_is(path: &str, word: &str) -> bool {
    path.starts_with('/')
        && path
            .get(1..=word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && matches!(path.as_bytes().get(word.len() + 1), None | Some(b'/'))
}

/// A decoded path on Graph's `/drive`, the signed-in user's default drive, written as `/me/drive` (the OneDrive
/// pages document both: `GET /drive/items/{item-id}/content` beside `GET /me/drive/root/children`): `/drive/x`
/// gives `/me/drive/x`; any other path (`/drives/{id}`, `/me/drive`) gives `None`.
pub fn default_drive_as_me(path: &str) -> Option<String> {
    first_segment_is(path, "drive").then(|| format!("/me{path}"))
}

/// The other way round from [`default_drive_as_me`]: `/me/drive/x` gives `/drive/x`.
pub fn me_drive_as_default(path: &str) -> Option<String> {
    let rest = path.get(3..)?;
    (first_segment_is(path, "me") && first_segment_is(rest, "drive")).then(|| rest.to_owned())
}

/// A decoded path with its keys in parentheses written as key segments, when it has any: OData addresses an entity
/// either way and Graph accepts both (`/me/messages('AAMk')` is `/me/messages/AAMk`). A key is one quoted string
/// (which may hold `=`, as base64 keys do; `''` is a quote) or one bare value; a function call's parentheses
/// (`name=value` pairs, or nothing) stay. So does a key that starts with `$`: as a segment, OData reads it as one
/// of its own (`$value`, `$filter`), and Graph answers `/users/$x@y.com` with `400 Bad Request` where it serves
/// `/users('$x@y.com')`.
pub fn keys_as_segments(path: &str) -> Option<String> {
    rewrite_keys(path, false)
}

/// Every key in parentheses written as a key segment, one that starts with `$` included: the form a request line
/// writes (`/users/{id}`), for finding the line a path addresses; [`keys_as_segments`] tells equal paths apart.
pub fn all_keys_as_segments(path: &str) -> Option<String> {
    rewrite_keys(path, true)
}

/// [`keys_as_segments`], with or without the keys that start with `$`.
fn rewrite_keys(path: &str, dollar_keys: bool) -> Option<String> {
    let mut changed = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| match key_in_parentheses(segment) {
            Some((name, key)) if dollar_keys || !key.starts_with('$') => {
                changed = true;
                format!("{name}/{key}")
            }
            _ => segment.to_owned(),
        })
        .collect();
    changed.then(|| segments.join("/"))
}

/// `name('key')` or `name(key)` as `(name, key)`.
fn key_in_parentheses(segment: &str) -> Option<(&str, String)> {
    let (name, rest) = segment.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    let plain_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    let quoted = inner
        .strip_prefix('\'')
        .and_then(|i| i.strip_suffix('\''))
        .filter(|q| !q.replace("''", "").contains('\''));
    let key = match quoted {
        Some(quoted) => quoted.replace("''", "'"),
        None if !inner.is_empty() && !inner.contains(['=', ',', '\'']) => inner.to_owned(),
        None => return None,
    };
    plain_name.then_some((name, key))
}

/// The text after `scheme://`, when `url` starts with a scheme.
fn split_scheme(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then_some(rest)
}

/// Percent-decodes text: a `%` not followed by two hex digits is kept as it is, and invalid UTF-8 is replaced
/// (never a failure). For comparing a rendered path with an example's.
pub fn percent_decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_drive_is_the_signed_in_users() {
        let me = |p: &str| default_drive_as_me(p);
        assert_eq!(
            me("/drive/root/children").as_deref(),
            Some("/me/drive/root/children")
        );
        assert_eq!(me("/Drive").as_deref(), Some("/me/Drive"));
        let default = |p: &str| me_drive_as_default(p);
        assert_eq!(
            default("/me/drive/items/1").as_deref(),
            Some("/drive/items/1")
        );
        assert_eq!(default("/ME/drive").as_deref(), Some("/drive"));
        for other in [
            "/drives/1",
            "/driveItems",
            "/me/drives",
            "/users/1/drive",
            "/me",
            "/",
            "",
        ] {
            assert_eq!(me(other), None, "{other}");
            assert_eq!(default(other), None, "{other}");
        }
        assert_eq!(me("/me/drive"), None);
        assert_eq!(default("/drive/items/1"), None);
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn absolute_urls_lose_scheme_host_version_and_encoding() {
        let url = ExampleUrl::parse(
            " https://graph.microsoft.com/v1.0/users/a%40b.com/events?$top=5&%24select=id,name#frag ",
        )
        .unwrap();
        assert_eq!(url.host(), Some("graph.microsoft.com"));
        assert_eq!(url.path(), "/users/a@b.com/events");
        assert_eq!(url.segments(), ["users", "a@b.com", "events"]);
        assert_eq!(
            url.query_pairs(),
            pairs(&[("$top", "5"), ("$select", "id,name")])
        );
        let other = ExampleUrl::parse("POST https://bot.contoso.com/api/calls");
        assert_eq!(
            other.map(|u| u.path()),
            Some("/POST https://bot.contoso.com/api/calls".to_owned())
        );
        assert_eq!(
            ExampleUrl::parse("https://bot.contoso.com/api/calls").and_then(|u| u.host()),
            Some("bot.contoso.com")
        );
    }

    #[test]
    fn paths_are_read_from_graphs_root() {
        assert_eq!(ExampleUrl::parse("/beta/me").unwrap().path(), "/me");
        assert_eq!(ExampleUrl::parse("/beta").unwrap().path(), "");
        assert_eq!(ExampleUrl::parse("/betas/x").unwrap().path(), "/betas/x");
        assert_eq!(
            ExampleUrl::parse("policies/tokenLifetimePolicies")
                .unwrap()
                .path(),
            "/policies/tokenLifetimePolicies"
        );
        assert_eq!(ExampleUrl::parse("   "), None);
        let query_only = ExampleUrl::parse("?to=a%20b").unwrap();
        assert_eq!(
            (query_only.path(), query_only.query_pairs()),
            (String::new(), pairs(&[("to", "a b")]))
        );
        assert_eq!(ExampleUrl::parse("https://graph.microsoft.com"), None);
        assert_eq!(
            ExampleUrl::parse("https://graph.microsoft.com?$top=1"),
            None
        );
    }

    #[test]
    fn forms_of_the_same_address() {
        assert_eq!(ExampleUrl::parse("/Beta/me").unwrap().path(), "/me");
        assert_eq!(
            ExampleUrl::parse("https://graph.microsoft.com/{ver}/connectors/c1")
                .unwrap()
                .path(),
            "/connectors/c1"
        );
        assert_eq!(ExampleUrl::parse("/{id}/x").unwrap().path(), "/{id}/x");
        assert_eq!(without_trailing_slash("/me/messages/"), "/me/messages");
        assert_eq!(without_trailing_slash("/"), "/");
        assert_eq!(
            keys_as_segments("/me/messages('AA''k=')/attachments(B1)").as_deref(),
            Some("/me/messages/AA'k=/attachments/B1")
        );
        assert_eq!(keys_as_segments("/reports/getX(date='1')"), None);
        // A key that starts with `$` is not the same address as a segment; a line still addresses it by key.
        assert_eq!(keys_as_segments("/users('$x@y.com')/messages"), None);
        assert_eq!(
            all_keys_as_segments("/users('$x@y.com')/messages").as_deref(),
            Some("/users/$x@y.com/messages")
        );
        assert_eq!(keys_as_segments("/me/delta()"), None);
    }

    #[test]
    fn plus_is_a_space_in_the_query_only() {
        let url = ExampleUrl::parse(
            "/users/a+b@contoso.com/groups?$filter=hasMembersWithLicenseErrors+eq+true&q=a%2Bb",
        )
        .unwrap();
        assert_eq!(url.path(), "/users/a+b@contoso.com/groups");
        assert_eq!(
            url.query_pairs(),
            pairs(&[
                ("$filter", "hasMembersWithLicenseErrors eq true"),
                ("q", "a+b")
            ])
        );
    }

    #[test]
    fn raw_text_and_bad_encoding_are_kept() {
        let url = ExampleUrl::parse(
            "/me/drive/root:/My Files/a%2Fb%zz:/children?$filter=name eq 'x y'&flag&&",
        )
        .unwrap();
        assert_eq!(url.path(), "/me/drive/root:/My Files/a/b%zz:/children");
        assert_eq!(
            url.segments(),
            ["me", "drive", "root:", "My Files", "a/b%zz:", "children"]
        );
        assert_eq!(
            url.query_pairs(),
            pairs(&[("$filter", "name eq 'x y'"), ("flag", "")])
        );
        assert_eq!(percent_decode("a%20b%"), "a b%");
    }
}
