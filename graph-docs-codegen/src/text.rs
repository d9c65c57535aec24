//! Case-insensitive (ASCII) text search without allocating, for matching the pages' prose.

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle` in `hay`.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    let first = *n.first()?;
    let last_start = h.len().checked_sub(n.len())?;
    let candidates = h.get(..=last_start)?;
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        candidates,
    )
    .find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Whether `hay` contains `needle`, ignoring ASCII case.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).is_some()
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with `suffix`, ignoring ASCII case.
pub fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len()
        .checked_sub(suffix.len())
        .and_then(|at| s.as_bytes().get(at..))
        .is_some_and(|t| t.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// Whether `title` is `expected` (lowercase, single-spaced) word for word, ignoring ASCII case, extra
/// spaces and a trailing colon.
pub fn words_eq_ci(title: &str, expected: &str) -> bool {
    let title = title.trim().trim_end_matches(':').trim_end();
    // Single-spaced titles (nearly all) compare directly; only irregular spacing needs the word walk.
    let irregular = title.contains("  ") || title.contains(['\t', '\n', '\u{a0}']);
    if !irregular {
        return title.eq_ignore_ascii_case(expected);
    }
    let mut words = title.split_whitespace();
    for want in expected.split(' ') {
        match words.next() {
            Some(w) if w.eq_ignore_ascii_case(want) => {}
            _ => return false,
        }
    }
    words.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_search() {
        assert_eq!(
            find_ci("Returns a Collection of users", "collection of"),
            Some(10)
        );
        assert!(contains_ci("NOT Supported.", "not supported"));
        assert!(!contains_ci("short", "longer needle"));
        assert!(starts_with_ci("Namespace: x", "namespace:"));
        assert!(ends_with_ci("HTTP", "http"));
        assert!(!ends_with_ci("é", "xx"));
        assert_eq!(find_ci("ééA", "a"), Some(4));
        assert!(words_eq_ci("  HTTP   Request: ", "http request"));
        assert!(!words_eq_ci("HTTP requests", "http request"));
    }
}
