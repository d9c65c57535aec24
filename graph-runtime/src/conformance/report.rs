//! The result of a run: an [`Outcome`] per example, and the [`Report`] that counts them per reason and names each
//! failing example's page and line.

use std::collections::BTreeMap;
use std::fmt;

use super::{RequestDiff, ResponseDiff};

/// One example's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The example's page and line.
    pub source: &'static str,
    /// Whether its request block is annotated.
    pub annotated: bool,
    /// The request line of the operation the call went through, when it is another page's
    /// ([`Case::via`](super::Case::via)).
    pub via: Option<&'static str>,
    /// Whether the request was reproduced exactly.
    pub request: Result<(), RequestDiff>,
    /// Whether the response decoded and re-serialized with nothing lost.
    pub response: Result<(), ResponseDiff>,
    /// Whether the response is untyped JSON ([`Response::Untyped`](super::Response::Untyped)).
    pub untyped: bool,
}

/// Every outcome, with counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One per case, in case order.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The outcomes of annotated examples only (the ones the conformance targets count).
    pub fn annotated(&self) -> Report {
        Report {
            outcomes: self
                .outcomes
                .iter()
                .filter(|o| o.annotated)
                .cloned()
                .collect(),
        }
    }

    /// Examples whose request was reproduced exactly.
    pub fn requests_reproduced(&self) -> usize {
        self.outcomes.iter().filter(|o| o.request.is_ok()).count()
    }

    /// Examples whose request was reproduced exactly through another page's operation.
    pub fn reproduced_elsewhere(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.request.is_ok() && o.via.is_some())
            .count()
    }

    /// Examples whose response decoded and re-serialized with nothing lost.
    pub fn responses_lossless(&self) -> usize {
        self.outcomes.iter().filter(|o| o.response.is_ok()).count()
    }

    /// Requests not reproduced, counted by reason.
    pub fn request_reasons(&self) -> BTreeMap<&'static str, usize> {
        count(
            self.outcomes
                .iter()
                .filter_map(|o| o.request.as_ref().err().map(RequestDiff::reason)),
        )
    }

    /// Responses not decoded losslessly, counted by reason.
    pub fn response_reasons(&self) -> BTreeMap<&'static str, usize> {
        count(
            self.outcomes
                .iter()
                .filter_map(|o| o.response.as_ref().err().map(ResponseDiff::reason)),
        )
    }

    /// The counts alone: totals, percentages and counts per reason, without the per-example lines.
    pub fn summary(&self) -> String {
        let total = self.outcomes.len();
        let mut out = String::new();
        let percent = |n: usize| {
            if total == 0 {
                100.0
            } else {
                n as f64 * 100.0 / total as f64
            }
        };
        let requests = self.requests_reproduced();
        out.push_str(&format!(
            "examples: {total}\nrequests reproduced exactly: {requests} ({:.1}%)\n",
            percent(requests)
        ));
        let elsewhere = self.reproduced_elsewhere();
        if elsewhere > 0 {
            out.push_str(&format!(
                "  ({elsewhere} of them through another page's operation: no line of the example's own page has its method and path)\n"
            ));
        }
        for (reason, n) in self.request_reasons() {
            out.push_str(&format!("  {n:5}  {reason}\n"));
        }
        let responses = self.responses_lossless();
        let untyped = self
            .outcomes
            .iter()
            .filter(|o| o.untyped && o.response.is_ok())
            .count();
        out.push_str(&format!(
            "responses decoded with nothing lost: {responses} ({:.1}%), {untyped} of them untyped (serde_json::Value)\n",
            percent(responses)
        ));
        for (reason, n) in self.response_reasons() {
            out.push_str(&format!("  {n:5}  {reason}\n"));
        }
        out
    }
}

/// Counts equal items.
fn count(items: impl Iterator<Item = &'static str>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

impl fmt::Display for Report {
    /// The counts per reason, then one line per example that does not conform, or whose request another page's
    /// operation reproduced, with its page and line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())?;
        for outcome in &self.outcomes {
            match (&outcome.request, outcome.via) {
                (Err(diff), _) => writeln!(f, "{}: request: {diff}", outcome.source)?,
                (Ok(()), Some(via)) => writeln!(
                    f,
                    "{}: request: reproduced through the operation of {via}",
                    outcome.source
                )?,
                (Ok(()), None) => {}
            }
            if let Err(diff) = &outcome.response {
                writeln!(f, "{}: response: {diff}", outcome.source)?;
            }
        }
        Ok(())
    }
}
