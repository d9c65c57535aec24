//! The files of a docs folder: walking it (sorted, symlinks not followed out of the root) and reading
//! one file as UTF-8, with located errors.

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

/// Read `root/rel` (a file [`walk`] listed) as UTF-8. A file that is not UTF-8 or cannot be read gives
/// a located error.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let mut buf = Vec::new();
    read_text_into(root, rel, &mut buf)?;
    // `read_text_into` checked the bytes.
    String::from_utf8(buf).map_err(|_| invalid_utf8(rel, &[], 0))
}

/// [`read_text`] into a buffer reused from file to file (one large allocation for a whole folder
/// instead of one per file).
pub fn read_text_into<'b>(
    root: &Path,
    rel: &Path,
    buf: &'b mut Vec<u8>,
) -> Result<&'b str, Diagnostic> {
    use std::io::Read;
    buf.clear();
    let io_err = |err: std::io::Error| {
        Diagnostic::error(
            DiagnosticKind::Io,
            Location::new(rel, 0),
            format!("cannot read file: {err}"),
        )
    };
    std::fs::File::open(join(root, rel))
        .and_then(|mut f| f.read_to_end(buf))
        .map_err(io_err)?;
    match std::str::from_utf8(buf) {
        Ok(text) => Ok(text),
        Err(err) => Err(invalid_utf8(rel, buf, err.valid_up_to())),
    }
}

fn invalid_utf8(rel: &Path, bytes: &[u8], valid: usize) -> Diagnostic {
    let line = bytes
        .get(..valid)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
    Diagnostic::error(
        DiagnosticKind::InvalidUtf8,
        Location::new(
            rel,
            u32::try_from(line).unwrap_or(u32::MAX).saturating_add(1),
        ),
        format!("the file is not valid UTF-8 (byte {valid})"),
    )
    .with_hint("save the page as UTF-8")
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
        let err = read_text(dir.path(), Path::new("a.md")).unwrap_err();
        assert_eq!(err.kind, DiagnosticKind::InvalidUtf8);
        assert_eq!(err.location, Location::new("a.md", 2));
        assert!(walk(&dir.path().join("none"), &mut d).is_err());
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
