//! Diagnostics are values: every problem found while reading or generating is recorded with the page
//! (file:line) it came from, a message and, where one helps, a hint that says what to do.

use std::fmt;
use std::path::PathBuf;

/// A place in a doc page: the file, relative to the docs root, and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    /// Path of the page relative to the docs root, with `/` separators.
    pub file: PathBuf,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: u32,
}

impl Location {
    /// A location at `line` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: u32) -> Self {
        Location {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something was recovered or guessed conservatively; generation goes on.
    Warning,
    /// Something blocks the element it belongs to (a page, a request line, a model).
    Error,
}

/// What a diagnostic is about. `as_str` gives the stable machine name used in reports and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticKind {
    /// A file could not be read.
    Io,
    /// A file is not plain UTF-8 (UTF-16, or invalid bytes read as U+FFFD); it is read all the same.
    InvalidUtf8,
    /// The YAML front matter is missing or malformed.
    FrontMatter,
    /// `doc_type` is absent or not one the reader knows.
    DocType,
    /// An `[!INCLUDE]` names a file that does not exist.
    MissingInclude,
    /// An `[!INCLUDE]` or link points outside the docs root.
    OutsideRoot,
    /// An `[!INCLUDE]` chain includes itself.
    IncludeCycle,
    /// A link to another page could not be resolved.
    BrokenLink,
    /// The page has no `# title`.
    MissingTitle,
    /// The permissions section is missing or could only partly be read.
    Permissions,
    /// The HTTP request section is missing or its code block is empty.
    EmptyRequestBlock,
    /// A line in an HTTP request block is not a request line (`or`, a header, code) and was skipped.
    NonRequestLine,
    /// A request line could not be parsed into a path template.
    BadRequestLine,
    /// A table is malformed (missing header, ragged rows, unknown columns).
    Table,
    /// A type expression names no known type.
    UnknownType,
    /// The response section matched no known sentence pattern.
    Response,
    /// An example request or response could not be paired or read.
    Example,
    /// An example annotation (`<!-- {...} -->`) is not strict JSON and was read tolerantly, or not at all.
    Annotation,
    /// An example body is not valid JSON.
    ExampleBody,
    /// A page that cannot become a function (lenient mode skips it).
    Skipped,
    /// Two pages generate the same Rust name.
    DuplicateName,
    /// Anything the generator could not turn into code.
    Codegen,
    /// Page text that must not reach generated code (a direction control, a control character) was removed, or
    /// escaped (`*/`).
    UnsafeText,
}

impl DiagnosticKind {
    /// Stable machine-readable name, e.g. `empty-request-block`.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::Io => "io",
            DiagnosticKind::InvalidUtf8 => "invalid-utf8",
            DiagnosticKind::FrontMatter => "front-matter",
            DiagnosticKind::DocType => "doc-type",
            DiagnosticKind::MissingInclude => "missing-include",
            DiagnosticKind::OutsideRoot => "outside-root",
            DiagnosticKind::IncludeCycle => "include-cycle",
            DiagnosticKind::BrokenLink => "broken-link",
            DiagnosticKind::MissingTitle => "missing-title",
            DiagnosticKind::Permissions => "permissions",
            DiagnosticKind::EmptyRequestBlock => "empty-request-block",
            DiagnosticKind::NonRequestLine => "non-request-line",
            DiagnosticKind::BadRequestLine => "bad-request-line",
            DiagnosticKind::Table => "table",
            DiagnosticKind::UnknownType => "unknown-type",
            DiagnosticKind::Response => "response",
            DiagnosticKind::Example => "example",
            DiagnosticKind::Annotation => "annotation",
            DiagnosticKind::ExampleBody => "example-body",
            DiagnosticKind::Skipped => "skipped",
            DiagnosticKind::DuplicateName => "duplicate-name",
            DiagnosticKind::Codegen => "codegen",
            DiagnosticKind::UnsafeText => "unsafe-text",
        }
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Warning (recovered) or error (blocks an element).
    pub severity: Severity,
    /// What it is about.
    pub kind: DiagnosticKind,
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A warning: something was recovered.
    pub fn warning(kind: DiagnosticKind, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            kind,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// An error: something blocks an element.
    pub fn error(kind: DiagnosticKind, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line: kind: message (hint)`, the format `graph-docs check` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}: {} {}: {}",
            self.location, sev, self.kind, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}
