//! Figures about a [`DocSet`]: pages, request lines, callable pages, classified responses, paired
//! examples and diagnostics by kind. `graph-docs check` prints them; the corpus tests assert on them.

use std::collections::BTreeMap;
use std::fmt;

use crate::read::api_page::bindable_title;
use crate::page::diagnostics::{Diagnostic, Severity};
use crate::page::{DocSet, ResponseBody};

/// What a doc folder holds and how well it reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// API pages.
    pub api_pages: usize,
    /// Resource pages.
    pub resource_pages: usize,
    /// Enum types (enum pages and enum tables).
    pub enum_types: usize,
    /// Request lines over all API pages.
    pub request_lines: usize,
    /// API pages with at least one request line.
    pub pages_with_request_lines: usize,
    /// API pages that become at least one function: those with request lines plus those bound by title.
    pub callable_pages: usize,
    /// API pages without request lines whose `resource: operation` title the generator binds (counted
    /// in `callable_pages` too).
    pub callable_by_title: usize,
    /// API pages with a response section whose sentence was classified.
    pub classified_responses: usize,
    /// Example requests annotated `"blockType": "request"`.
    pub annotated_requests: usize,
    /// Of those, the ones paired with a response.
    pub paired_annotated_requests: usize,
    /// Pages skipped as a whole, with their located reasons.
    pub skipped: Vec<Diagnostic>,
    /// Diagnostics by kind (`DiagnosticKind::as_str`).
    pub diagnostics: BTreeMap<&'static str, usize>,
    /// Number of error diagnostics.
    pub errors: usize,
    /// Number of warning diagnostics.
    pub warnings: usize,
}

/// `part / whole` in percent (100 when `whole` is 0).
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        // Page counts are far below 2^52; the conversion is exact.
        part as f64 * 100.0 / whole as f64
    }
}

impl Summary {
    /// Count everything in `set`.
    pub fn of(set: &DocSet) -> Summary {
        let mut s = Summary {
            api_pages: set.api_pages.len(),
            resource_pages: set.resources.len(),
            enum_types: set.enums.len(),
            skipped: set.skipped.clone(),
            ..Summary::default()
        };
        for page in &set.api_pages {
            s.request_lines += page.requests.len();
            if !page.requests.is_empty() {
                s.pages_with_request_lines += 1;
                s.callable_pages += 1;
            } else if bindable_title(&page.title).is_some() {
                s.callable_by_title += 1;
                s.callable_pages += 1;
            }
            if page
                .response
                .as_ref()
                .is_some_and(|r| !matches!(r.body, ResponseBody::Unclassified(_)))
            {
                s.classified_responses += 1;
            }
            let annotated = |e: &&crate::page::Example| {
                e.request
                    .annotation
                    .as_ref()
                    .is_some_and(|a| a.block_type.as_deref() == Some("request"))
            };
            for ex in page.examples.iter().filter(annotated) {
                s.annotated_requests += 1;
                s.paired_annotated_requests += usize::from(ex.response.is_some());
            }
        }
        for d in &set.diagnostics {
            *s.diagnostics.entry(d.kind.as_str()).or_default() += 1;
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
            }
        }
        s
    }

    /// The figures as one JSON object (the `graph-docs check --json` format).
    pub fn to_json(&self) -> serde_json::Value {
        let skipped: Vec<serde_json::Value> = self
            .skipped
            .iter()
            .map(|d| {
                serde_json::json!({
                    "file": crate::read::links::slash_path(&d.location.file),
                    "line": d.location.line,
                    "reason": d.message,
                })
            })
            .collect();
        serde_json::json!({
            "api_pages": self.api_pages,
            "resource_pages": self.resource_pages,
            "enum_types": self.enum_types,
            "request_lines": self.request_lines,
            "pages_with_request_lines": self.pages_with_request_lines,
            "callable_pages": self.callable_pages,
            "callable_by_title": self.callable_by_title,
            "classified_responses": self.classified_responses,
            "annotated_example_requests": self.annotated_requests,
            "paired_example_requests": self.paired_annotated_requests,
            "skipped": skipped,
            "diagnostics": self.diagnostics,
            "errors": self.errors,
            "warnings": self.warnings,
        })
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "api pages:          {}", self.api_pages)?;
        writeln!(f, "resource pages:     {}", self.resource_pages)?;
        writeln!(f, "enum types:         {}", self.enum_types)?;
        writeln!(
            f,
            "request lines:      {} ({} pages, {:.2}%)",
            self.request_lines,
            self.pages_with_request_lines,
            percent(self.pages_with_request_lines, self.api_pages)
        )?;
        writeln!(
            f,
            "callable pages:     {} ({} of them bound by their `resource: operation` title)",
            self.callable_pages, self.callable_by_title
        )?;
        writeln!(
            f,
            "classified responses: {} ({:.2}%)",
            self.classified_responses,
            percent(self.classified_responses, self.api_pages)
        )?;
        writeln!(
            f,
            "paired examples:    {} of {} annotated requests ({:.2}%)",
            self.paired_annotated_requests,
            self.annotated_requests,
            percent(self.paired_annotated_requests, self.annotated_requests)
        )?;
        writeln!(f, "skipped pages:      {}", self.skipped.len())?;
        write!(
            f,
            "diagnostics:        {} errors, {} warnings",
            self.errors, self.warnings
        )?;
        for (kind, n) in &self.diagnostics {
            write!(f, "\n  {kind}: {n}")?;
        }
        Ok(())
    }
}
