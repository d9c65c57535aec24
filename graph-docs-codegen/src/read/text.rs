//! Text matching for the pages' prose: case-insensitive (ASCII) search, trims, line splitting and
//! heading normalisation, cheap on the short texts of the pages and without allocating where it can.
//!
//! Some functions here do what a std method does (`trim`, `find`, `split_str`, `lines_inclusive`, ...), on bytes
//! and memchr. They stay on a measurement: with every one swapped for its std method, the reader's CPU time on
//! the v1.0 corpus rose from 104-106 ms to 111-115 ms (`cargo bench --bench parse_corpus`, alternating runs of
//! both builds), for output that is the same. Each one's doc says what std method it stands for, and the tests
//! compare them with it.

use std::borrow::Cow;

/// How common a byte is in the pages' English prose, for picking the byte to search for: letters by
/// their frequency in English (either case), the space most common, anything else rare.
const COMMONNESS: [u8; 256] = {
    const RAREST_FIRST: &[u8] = b"zqxjkvbpygfwmucldrhsnioate";
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < RAREST_FIRST.len() {
        let c = RAREST_FIRST[i];
        table[c as usize] = i as u8 + 1;
        table[c.to_ascii_uppercase() as usize] = i as u8 + 1;
        i += 1;
    }
    table[b' ' as usize] = u8::MAX;
    table
};

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle` in `hay`. Candidates are
/// found with memchr on the needle's rarest byte (`q` in `required`), so few of them need comparing.
#[inline]
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut anchor: Option<(usize, u8)> = None;
    for (i, &b) in n.iter().enumerate() {
        if anchor.is_none_or(|(_, a)| COMMONNESS[usize::from(b)] < COMMONNESS[usize::from(a)]) {
            anchor = Some((i, b));
        }
    }
    let Some((at, a)) = anchor else {
        return Some(0);
    };
    let last_start = h.len().checked_sub(n.len())?;
    // Where the anchor byte of a match can be: the match starts `at` bytes before it.
    let candidates = h.get(at..=last_start + at)?;
    memchr::memchr2_iter(a.to_ascii_lowercase(), a.to_ascii_uppercase(), candidates).find(
        |&start| {
            h.get(start..start + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n))
        },
    )
}

/// `s.trim()`, without decoding characters when `s` starts and ends with a visible ASCII character, as
/// nearly every cell, heading and line of the pages does.
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `s` without the ASCII characters of `set` at either end: `s.trim_matches(|c| set.contains(c))`, on
/// bytes.
#[inline]
pub fn trim_ascii_set<'s>(s: &'s str, set: &[u8]) -> &'s str {
    let b = s.as_bytes();
    let start = b.iter().position(|c| !set.contains(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !set.contains(c))
        .map_or(start, |i| i + 1);
    s.get(start..end.max(start)).unwrap_or("")
}

/// The first word of `s`: `s.split_whitespace().next().unwrap_or("")`, on bytes while they are ASCII.
#[inline]
pub fn first_word(s: &str) -> &str {
    // The whitespace characters of `char::is_whitespace` below U+0080.
    let space = |c: u8| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let b = s.as_bytes();
    let mut start = 0;
    while let Some(&c) = b.get(start) {
        if !c.is_ascii() {
            return s.split_whitespace().next().unwrap_or("");
        }
        if !space(c) {
            break;
        }
        start += 1;
    }
    let mut end = start;
    while let Some(&c) = b.get(end) {
        if !c.is_ascii() {
            return s.split_whitespace().next().unwrap_or("");
        }
        if space(c) {
            break;
        }
        end += 1;
    }
    s.get(start..end).unwrap_or("")
}

/// Byte offset of the first occurrence of `needle` in `hay`: memchr on its first byte, then a compare.
/// For the short needles and texts of the pages this is much cheaper than `str::find`, which sets up a
/// two-way searcher on every call.
#[inline]
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    let last_start = h.len().checked_sub(n.len())?;
    let candidates = h.get(..=last_start)?;
    memchr::memchr_iter(first, candidates).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// Whether `hay` contains `needle` (see [`find`]).
#[inline]
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `s.split(sep)` for a separator that is not empty (an empty one does not split), found with [`find`].
pub fn split_str<'s>(s: &'s str, sep: &'s str) -> impl Iterator<Item = &'s str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match find(r, sep).filter(|_| !sep.is_empty()) {
            Some(at) => {
                rest = r.get(at + sep.len()..);
                r.get(..at)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The lines of `s`, each with its `\n`, as `str::split_inclusive('\n')` gives them; the newline is found
/// with memchr, which costs less than the standard searcher on the short lines of the pages.
pub fn lines_inclusive(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at_checked(end)?;
        rest = tail;
        Some(line)
    })
}

/// `s.split_once(c)` for an ASCII `c`, found with memchr.
#[inline]
pub fn split_once_byte(s: &str, c: u8) -> Option<(&str, &str)> {
    let at = memchr::memchr(c, s.as_bytes())?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// Whether `hay` contains `needle`, ignoring ASCII case.
#[inline]
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).is_some()
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
#[inline]
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with `suffix`, ignoring ASCII case.
#[inline]
pub fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len()
        .checked_sub(suffix.len())
        .and_then(|at| s.as_bytes().get(at..))
        .is_some_and(|t| t.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// Whether `s` has two spaces in a row, a tab, a no-break space or (when `newline`) a newline: spacing
/// that needs normalising before a word-for-word comparison. One pass over the bytes.
pub fn irregular_spacing(s: &str, newline: bool) -> bool {
    let mut space = false;
    for &b in s.as_bytes() {
        match b {
            b' ' if space => return true,
            b'\t' => return true,
            b'\n' if newline => return true,
            // The second byte of U+00A0 (also of other characters, hence the check).
            0xA0 if s.contains('\u{a0}') => return true,
            _ => {}
        }
        space = b == b' ';
    }
    false
}

/// A heading as it is compared with known titles: trimmed, without a trailing colon, its words
/// single-spaced when its spacing is irregular (see [`irregular_spacing`]). Compare the result with
/// lowercase single-spaced titles (`"http request"`) using `eq_ignore_ascii_case`; normalise once to
/// compare with several.
pub fn heading_words(title: &str) -> Cow<'_, str> {
    let title = trim(title).trim_end_matches(':').trim_end();
    if irregular_spacing(title, true) {
        Cow::Owned(title.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(title)
    }
}

/// Whether `line` opens or closes a code fence (```` ``` ```` or `~~~`, indented or not).
pub fn is_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
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
        assert_eq!(find("a <!-- b --> c", "-->"), Some(9));
        assert_eq!(find("ab", "abc"), None);
        assert_eq!(find("aab", "ab"), Some(1));
        assert_eq!(find("abc", ""), Some(0));
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "\u{b}a\u{b}",
            "\u{a0}a",
            "é",
            "a\n",
            "\u{2003}a b",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(
                first_word(s),
                s.split_whitespace().next().unwrap_or(""),
                "{s:?}"
            );
        }
        for s in ["", "**", "*a*", "_`é`_", "a_b", "**x"] {
            let want = s.trim_matches(|c: char| matches!(c, '*' | '_' | '`'));
            assert_eq!(trim_ascii_set(s, b"*_`"), want, "{s:?}");
        }
        for s in ["", "a", "a\n", "a\nb", "\n\nb\r\n", "é\nü"] {
            let want: Vec<&str> = s.split_inclusive('\n').collect();
            assert_eq!(lines_inclusive(s).collect::<Vec<_>>(), want, "{s:?}");
        }
        assert_eq!(split_once_byte("a: b: c", b':'), Some(("a", " b: c")));
        for (s, sep) in [
            ("a or b or", " or "),
            ("", " or "),
            ("x", "x"),
            ("aaa", "aa"),
            ("é|ü", "|"),
        ] {
            let want: Vec<&str> = s.split(sep).collect();
            assert_eq!(split_str(s, sep).collect::<Vec<_>>(), want, "{s:?} {sep:?}");
        }
        assert_eq!(split_once_byte("é", b':'), None);
        assert!(!contains_ci("short", "longer needle"));
        assert!(starts_with_ci("Namespace: x", "namespace:"));
        assert!(ends_with_ci("HTTP", "http"));
        assert!(!ends_with_ci("é", "xx"));
        assert_eq!(find_ci("ééA", "a"), Some(4));
        assert_eq!(find_ci("not Required, required", "required"), Some(4));
        assert_eq!(find_ci("requir", "required"), None);
        assert_eq!(find_ci("x$SELECT", "$select"), Some(1));
        assert_eq!(find_ci("abc", ""), Some(0));
        assert_eq!(find_ci("", ""), Some(0));
        assert!(heading_words("  HTTP   Request: ").eq_ignore_ascii_case("http request"));
        assert!(!heading_words("HTTP requests").eq_ignore_ascii_case("http request"));
        assert!(heading_words("HTTP\u{a0}Request").eq_ignore_ascii_case("http request"));
        assert!(heading_words("http\nrequest").eq_ignore_ascii_case("http request"));
        assert!(!heading_words("HTTP\u{2003}Request").eq_ignore_ascii_case("http request"));
        for (s, newline, want) in [
            ("a  b", false, true),
            ("a b", true, false),
            ("a\tb", false, true),
            ("a\nb", false, false),
            ("a\nb", true, true),
            ("a\u{a0}b", false, true),
            ("à b", true, false),
        ] {
            assert_eq!(irregular_spacing(s, newline), want, "{s:?}");
        }
    }
}
