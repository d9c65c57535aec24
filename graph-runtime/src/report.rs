//! What a generated client did not generate: the lenient mode's report, emitted as `SKIPPED`.

/// One page or element the generator skipped or degraded, with where and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// The page, relative to the docs folder (`api/user-get.md`).
    pub file: &'static str,
    /// The 1-based line (0 for the whole file).
    pub line: u32,
    /// The machine-readable kind (`empty-request-block`, `unknown-type`, `duplicate-name`, ...).
    pub kind: &'static str,
    /// What happened and what to do about it.
    pub reason: &'static str,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.kind, self.reason
        )
    }
}
