//! The files of a docs folder: walking it (sorted, symlinks not followed out of the root) and reading
//! one file as text, with located errors and warnings, and what the reader reads of that text ([`page_text`]).

use std::path::{Path, PathBuf};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};

/// Every `.md` file under `root`, relative to it, sorted. Unreadable subfolders are reported.
pub fn walk(root: &Path, diags: &mut Vec<Diagnostic>) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    // The root itself must be readable; errors below it are diagnostics.
    std::fs::read_dir(root)?;
    while let Some(rel) = stack.pop() {
        let entries = match std::fs::read_dir(root.join(&rel)) {
            Ok(e) => e,
            Err(err) => {
                diags.push(Diagnostic::error(
                    DiagnosticKind::Io,
                    Location::new(rel.clone(), 0),
                    format!("cannot read folder: {err}"),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let child = join(&rel, Path::new(&name));
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                if !name.to_string_lossy().starts_with('.') {
                    stack.push(child);
                }
            } else if Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            {
                if ft.is_symlink() && !inside(root, &root.join(&child)) {
                    diags.push(
                        Diagnostic::error(
                            DiagnosticKind::OutsideRoot,
                            Location::new(child, 0),
                            "the file is a link to a place outside the docs folder; not read",
                        )
                        .with_hint("copy the page into the docs folder instead of linking it"),
                    );
                } else if ft.is_file() || ft.is_symlink() {
                    out.push(child);
                }
            }
        }
    }
    out.sort_unstable_by(|a, b| path_order(a, b));
    Ok(out)
}

/// The order of `Path`'s `Ord` (component by component) for the relative paths [`walk`] builds (normal
/// components only, single separators), computed on the bytes: a separator sorts before any byte of a
/// name, as the end of a component does. Much cheaper than splitting both paths into components.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: &u8| {
        if *c == b'/' || (cfg!(windows) && *c == b'\\') {
            0
        } else {
            *c
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Equal bytes have equal keys: compare from the first byte that differs.
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (a.get(same..).unwrap_or(&[]), b.get(same..).unwrap_or(&[]));
    a.iter().map(key).cmp(b.iter().map(key))
}

/// `a.join(b)`, allocated once at its final size (`join` grows the copy of `a` to add `b`).
fn join(a: &Path, b: &Path) -> PathBuf {
    let mut out = PathBuf::with_capacity(a.as_os_str().len() + b.as_os_str().len() + 1);
    out.push(a);
    out.push(b);
    out
}

/// Whether `path` (a symbolic link) resolves to a place inside `root`.
fn inside(root: &Path, path: &Path) -> bool {
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) => real.starts_with(real_root),
        _ => false,
    }
}

/// Read `root/rel` (a file [`walk`] listed) as text: UTF-8, or UTF-16 after its byte-order mark, with invalid
/// sequences as U+FFFD (this module's `decode`). Only a file that cannot be read is an `Err`; one that is not plain
/// UTF-8 is read anyway, with a located warning in `diags`.
pub fn read_text(
    root: &Path,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<String, Diagnostic> {
    let mut buf = Vec::new();
    read_text_into(root, rel, &mut buf, diags).map(std::borrow::Cow::into_owned)
}

/// [`read_text`] into a buffer reused from file to file (one large allocation for a whole folder
/// instead of one per file); the text borrows it unless it had to be decoded.
pub fn read_text_into<'b>(
    root: &Path,
    rel: &Path,
    buf: &'b mut Vec<u8>,
    diags: &mut Vec<Diagnostic>,
) -> Result<std::borrow::Cow<'b, str>, Diagnostic> {
    use std::io::Read;
    buf.clear();
    std::fs::File::open(join(root, rel))
        .and_then(|mut f| f.read_to_end(buf))
        .map_err(|err| {
            Diagnostic::error(
                DiagnosticKind::Io,
                Location::new(rel, 0),
                format!("cannot read file: {err}"),
            )
        })?;
    Ok(decode(rel, buf, diags))
}

/// What the reader reads of a file's text, pages and includes alike: the text with what rustc must never see
/// removed ([`safe_text::clean`](crate::read::safe_text::clean)), then each pipe table's delimiter row given its
/// header's cells ([`pipe_tables::align_delimiters`](crate::read::pipe_tables::align_delimiters)). Borrowed when
/// neither changes anything (nearly every page).
pub fn page_text<'a>(
    file: &Path,
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    match crate::read::safe_text::clean(file, text, diags) {
        Cow::Borrowed(clean) => crate::read::pipe_tables::align_delimiters(file, clean, diags),
        Cow::Owned(clean) => {
            let aligned = match crate::read::pipe_tables::align_delimiters(file, &clean, diags) {
                Cow::Owned(aligned) => Some(aligned),
                Cow::Borrowed(_) => None,
            };
            Cow::Owned(aligned.unwrap_or(clean))
        }
    }
}

/// A page's bytes as text, as a browser or Microsoft Learn's build reads a file: UTF-8 (a byte-order mark is
/// left to the front matter reader), or UTF-16 when the file starts with its byte-order mark (a page saved by a
/// Windows editor); a byte sequence that is not valid becomes U+FFFD (a page saved as Windows-1252, a stray byte).
/// One replaced character must not cost the page its operation, so the page is read, and each file that is not
/// plain UTF-8 gets one warning, located at its first invalid byte.
fn decode<'b>(
    rel: &Path,
    bytes: &'b [u8],
    diags: &mut Vec<Diagnostic>,
) -> std::borrow::Cow<'b, str> {
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16, "UTF-16LE"))
        }
        [0xFE, 0xFF, rest @ ..] => {
            Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16, "UTF-16BE"))
        }
        _ => None,
    };
    if let Some((rest, unit, name)) = utf16 {
        let units = rest.chunks(2).map(|pair| match pair {
            [a, b] => unit([*a, *b]),
            // An odd last byte is no code unit: a lone surrogate, so it becomes U+FFFD like any other.
            _ => 0xD800,
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::InvalidUtf8,
                Location::new(rel, 1),
                format!("the file is {name} (it starts with that byte-order mark), not UTF-8: read as {name}"),
            )
            .with_hint("save the page as UTF-8"),
        );
        return std::borrow::Cow::Owned(text);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(err) => {
            let valid = err.valid_up_to();
            let line = bytes
                .get(..valid)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            diags.push(
                Diagnostic::warning(
                    DiagnosticKind::InvalidUtf8,
                    Location::new(rel, u32::try_from(line).unwrap_or(u32::MAX).saturating_add(1)),
                    format!("the file is not valid UTF-8 (byte {valid}): each invalid byte sequence is read as U+FFFD"),
                )
                .with_hint("save the page as UTF-8"),
            );
            String::from_utf8_lossy(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_reports_bad_utf8() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/z.md"), "x").unwrap();
        std::fs::write(dir.path().join("a.md"), b"ok\n\xff").unwrap();
        std::fs::write(dir.path().join("c.txt"), "x").unwrap();
        let mut d = Vec::new();
        let files = walk(dir.path(), &mut d).unwrap();
        assert_eq!(files, vec![PathBuf::from("a.md"), PathBuf::from("b/z.md")]);
        assert!(d.is_empty());
        assert_eq!(
            read_text(dir.path(), Path::new("a.md"), &mut d).unwrap(),
            "ok\n\u{FFFD}"
        );
        let [warning] = d.as_slice() else {
            panic!("{d:?}")
        };
        assert_eq!(warning.kind, DiagnosticKind::InvalidUtf8);
        assert_eq!(
            warning.severity,
            crate::page::diagnostics::Severity::Warning
        );
        assert_eq!(warning.location, Location::new("a.md", 2));
        assert!(read_text(dir.path(), Path::new("none.md"), &mut d).is_err());
        assert!(walk(&dir.path().join("none"), &mut d).is_err());
    }

    #[test]
    fn utf16_with_its_byte_order_mark_is_read_as_utf16() {
        let text = "# caf\u{e9} \u{1F600}\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let mut d = Vec::new();
            assert_eq!(decode(Path::new("p.md"), &bytes, &mut d), text);
            assert!(d.len() == 1 && d[0].message.contains(name), "{d:?}");
            // An odd last byte is a replaced character, not an error.
            let mut d = Vec::new();
            let odd = decode(Path::new("p.md"), &bytes[..bytes.len() - 1], &mut d);
            assert_eq!(odd, "# caf\u{e9} \u{1F600}\u{FFFD}");
        }
        // Plain UTF-8 is borrowed, with no warning.
        let mut d = Vec::new();
        assert!(matches!(
            decode(Path::new("p.md"), text.as_bytes(), &mut d),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(d.is_empty());
    }

    #[test]
    fn path_order_is_component_order() {
        let mut paths: Vec<PathBuf> = [
            "a-b.md", "a/b.md", "a/b/c.md", "a.md", "a", "ab/c.md", "a/bc.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut expected = paths.clone();
        expected.sort();
        paths.sort_unstable_by(|a, b| path_order(a, b));
        assert_eq!(paths, expected);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("page.md"))
            .unwrap();
        std::fs::write(dir.path().join("real.md"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real.md"), dir.path().join("alias.md"))
            .unwrap();
        let mut d = Vec::new();
        let files = walk(dir.path(), &mut d).unwrap();
        assert_eq!(
            files,
            vec![PathBuf::from("alias.md"), PathBuf::from("real.md")]
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiagnosticKind::OutsideRoot);
        assert_eq!(d[0].location.file, PathBuf::from("page.md"));
    }
}
