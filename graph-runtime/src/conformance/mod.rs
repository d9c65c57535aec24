//! Conformance of generated code against doc examples, without sending anything (macro option `examples: true`).
//!
//! For every example of every page the generator emits a [`Case`] in `CONFORMANCE`: a call of the typed API built
//! from the example's values (keys taken from the URL by matching it against the operation's path template, query
//! parameters through the typed setters, documented headers through header setters, the body decoded into the
//! typed body model), or the [`Skip`] reason it cannot build one; and how the operation's typed response decodes.
//! [`run`] renders each call to its [`RequestSpec`] and checks, for each example:
//!
//! * the request: method, path (percent-decoded, host and `/v1.0` or `/beta` prefix dropped), query (decoded
//!   pairs, in any order) and body (as JSON values) equal the example's;
//! * the response: the example's body, decoded into the operation's typed response and serialized again, equals
//!   the example's body as a JSON value: nothing lost, changed or added.
//!
//! The [`Report`] counts both, per reason, and names each failing example's page and line. An API page's examples
//! are matched against its own request lines, a conceptual page's against every operation. The example's URL is
//! read by `graph_docs_example_url`, as the generator's planning reads it: it is the expected answer; the code under
//! test is the generated call and the runtime's path and query encoding, which the checks share nothing with.
//!
//! Compiled with graph-runtime's `conformance` feature only, which `examples: true` needs.
//!
//! The module holds the cases the generator emits and [`run`]; [`check`](check_request) the checks,
//! `diff` how a request or response differs, `report` the counts, `example_values` what generated calls use.
//!
//! ```ignore
//! graph_docs_macro::generate! { docs: "docs", examples: true }
//!
//! #[test]
//! fn examples_conform() {
//!     let report = graph_runtime::conformance::run(CONFORMANCE);
//!     println!("{report}");
//!     assert_eq!(report.requests_reproduced(), report.outcomes.len());
//! }
//! ```

mod check;
mod diff;
mod example_values;
mod report;
mod skip;

pub use check::{check_request, check_response};
pub use diff::{json_diff, JsonDiff, RequestDiff, ResponseDiff};
pub use example_values::{body, bytes, decode_field, decode_page, decode_value, value, BuildError};
pub use report::{Outcome, Report};
pub use skip::Skip;

use serde_json::Value;

use crate::client::Client;
use crate::example::DocExample;
use crate::request::RequestSpec;

/// A generated call: the typed API invoked with the example's values, rendered without sending.
pub type Build = fn(&Client, &'static DocExample) -> Result<RequestSpec, BuildError>;

/// A generated decoder: a response body decoded into the operation's typed response and serialized again.
pub type Decode = fn(&str) -> Result<Value, BuildError>;

/// What the operation's typed response is, for checking the example's response.
#[derive(Debug, Clone, Copy)]
pub enum Response {
    /// A JSON value of a typed model, page, primitive or enum.
    Json(Decode),
    /// JSON the docs give no type for (`serde_json::Value`, or a page of them): checked like [`Response::Json`],
    /// and counted apart, since nothing typed is decoded.
    Untyped(Decode),
    /// No body (`()`, or `Accepted` for a 202): the example's response must have none.
    Empty,
    /// Raw bytes, kept as they are (nothing can be lost).
    Bytes,
    /// The page has no operation, so there is no typed response.
    Unknown,
}

/// One example's conformance case, as the generator emits it.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The example.
    pub example: &'static DocExample,
    /// Whether the example's request block is annotated (`<!-- { "blockType": "request", ... } -->`); the
    /// conformance targets count annotated examples.
    pub annotated: bool,
    /// The typed call, or why the generator cannot build one.
    pub build: Result<Build, Skip>,
    /// The request line (page and line) of the operation the call goes through, when it is another page's: no
    /// line of the example's own page has its method and path (an example written on the wrong page).
    pub via: Option<&'static str>,
    /// How the typed response decodes.
    pub response: Response,
}

/// Runs every case: renders each call without sending it and checks it, and decodes each example's response.
pub fn run(cases: &[Case]) -> Report {
    let client = Client::builder().build();
    let outcomes = cases
        .iter()
        .map(|case| {
            let request = match (&case.build, &client) {
                (Err(skip), _) => Err(RequestDiff::Skipped(*skip)),
                (Ok(_), Err(error)) => Err(RequestDiff::Build {
                    error: error.to_string(),
                }),
                (Ok(build), Ok(client)) => match build(client, case.example) {
                    Ok(spec) => check_request(case.example, &spec),
                    Err(BuildError::NotJson(error)) => {
                        Err(RequestDiff::ExampleBodyNotJson { error })
                    }
                    Err(error) => Err(RequestDiff::Build {
                        error: error.to_string(),
                    }),
                },
            };
            Outcome {
                source: case.example.source,
                annotated: case.annotated,
                via: case.via,
                request,
                response: check_response(case.example, case.response),
                untyped: matches!(case.response, Response::Untyped(_)),
            }
        })
        .collect();
    Report { outcomes }
}

#[cfg(test)]
mod tests {
    use super::check::tests::{spec, EXAMPLE};
    use super::*;

    #[test]
    fn the_report_counts_per_reason_and_names_the_page() {
        let cases = [
            Case {
                example: &EXAMPLE,
                annotated: true,
                via: Some("api/thing-get.md:12"),
                build: Ok(|_, _| {
                    Ok(spec(
                        "/things/a%20b",
                        &[("$top", "5"), ("$select", "id,name")],
                    ))
                }),
                response: Response::Json(decode_page::<Value>),
            },
            Case {
                example: &EXAMPLE,
                annotated: false,
                build: Err(Skip::NoSetter { name: "$search" }),
                via: None,
                response: Response::Unknown,
            },
        ];
        let report = run(&cases);
        assert_eq!(report.requests_reproduced(), 1);
        assert_eq!(report.reproduced_elsewhere(), 1);
        assert_eq!(report.responses_lossless(), 1);
        assert_eq!(report.annotated().outcomes.len(), 1);
        assert_eq!(
            report
                .request_reasons()
                .get("skipped: no typed setter for a query parameter"),
            Some(&1)
        );
        let printed = report.to_string();
        assert!(printed.contains("api/thing-list.md:40: request: not generated: the operation has no typed setter for query parameter `$search`"), "{printed}");
        assert!(printed.contains("api/thing-list.md:40: request: reproduced through the operation of api/thing-get.md:12"), "{printed}");
    }
}
