//! Long-running operations: a `202 Accepted` with a monitor in `Location` (driveItem copy, Teams, and others) or
//! `Operation-Location` (OneNote's copies), awaited to completion.
//!
//! [`Accepted::wait`] polls the monitor URL until it reports success or failure, waiting between polls as the
//! monitor's `Retry-After` says, or else backing off (1 s, doubled up to 30 s by default). The token goes with a
//! poll only when the monitor is on the Graph origin: Graph's driveItem monitors are pre-authenticated URLs on
//! another host. A monitor path without the API version (Teams answers a new or cloned team with
//! `Location: /teams/{id}/operations/{id}`) is polled under the client's base URL. It ends with the resource id or
//! location the monitor names, or with the operation's error.
//!
//! The monitor's status document is read in both of Graph's forms: the driveItem copy monitor's
//! (`status`: `notStarted`, `inProgress`, `completed`, `failed`, ...; `resourceId`; `percentageComplete`) and
//! `longRunningOperation` / `teamsAsyncOperation` (`status`: `running`, `succeeded`, `failed`; `resourceLocation`,
//! `targetResourceId`, `targetResourceLocation`).
//!
//! ```no_run
//! # async fn demo(client: graph_runtime::Client, accepted: graph_runtime::Accepted) -> Result<(), graph_runtime::Error> {
//! let done = accepted.wait(&client).await?;
//! println!("copied: {:?}", done.resource_id);
//! # Ok(()) }
//! ```

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::client::{Client, Outgoing};
use crate::error::{Error, GraphError};
use crate::request::{Body, Method, Operation, Permissions, Scopes};
use crate::response::{Accepted, RawResponse};

static POLL_MONITOR: Operation = Operation {
    name: "poll_monitor",
    method: Method::Get,
    path_template: "{Location}",
    path: "",
    source: "long-running operation monitor (graph-runtime long_running.rs)",
    permissions: Permissions {
        delegated_work: Scopes::NotStated,
        delegated_personal: Scopes::NotStated,
        application: Scopes::NotStated,
    },
};

/// How a long-running operation ended well.
#[derive(Debug, Clone, PartialEq)]
pub struct Completed {
    /// The new or changed resource's id (`resourceId`, `targetResourceId`), when the monitor names it.
    pub resource_id: Option<String>,
    /// Where the resource is (`resourceLocation`, `targetResourceLocation`, or the last poll's `Location`).
    pub resource_location: Option<String>,
    /// The final status as the monitor wrote it (`completed`, `succeeded`).
    pub status: String,
    /// The monitor's last status document, as sent.
    pub monitor: Value,
    /// How many times the monitor was polled.
    pub polls: u32,
}

/// Awaiting a long-running operation. Made by [`Accepted::wait`]; `.await` it.
#[must_use = "a Wait does nothing until it is awaited"]
#[derive(Debug)]
pub struct Wait {
    client: Client,
    accepted: Accepted,
    first_interval: Duration,
    max_interval: Duration,
    timeout: Duration,
}

impl Accepted {
    /// Polls the operation's monitor (`Operation-Location` or `Location`) until it completes or fails.
    pub fn wait(self, client: &Client) -> Wait {
        Wait {
            client: client.clone(),
            accepted: self,
            first_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(3600),
        }
    }
}

impl Wait {
    /// The wait before the first poll and after a monitor answer without `Retry-After`, doubled each time up to
    /// [`max_interval`](Wait::max_interval) (default 1 s).
    pub fn interval(mut self, first: Duration) -> Self {
        self.first_interval = first;
        self
    }

    /// The longest wait between polls when the monitor sends no `Retry-After` (default 30 s).
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    /// How long to wait in all before giving up with an error (default 1 hour).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn run(self) -> Result<Completed, Error> {
        let operation = self.accepted.operation;
        let fail = |status: Option<String>, error: Option<Box<GraphError>>, message: String| {
            Error::LongRunning {
                operation,
                status,
                error,
                message,
            }
        };
        let location = self.accepted.location.as_deref().ok_or_else(|| {
            fail(
                None,
                None,
                "the 202 Accepted response has no Location or Operation-Location header to poll; the operation cannot be awaited"
                    .to_owned(),
            )
        })?;
        let monitor = monitor_url(self.client.inner().base_url(), location).map_err(|e| {
            fail(
                None,
                None,
                format!("the monitor Location is not a URL: {e}"),
            )
        })?;
        let started = Instant::now();
        let mut interval = self.first_interval;
        let mut wait = self
            .accepted
            .retry_after
            .map_or(interval, Duration::from_secs);
        let mut polls = 0;
        loop {
            if started.elapsed().saturating_add(wait) > self.timeout {
                return Err(fail(
                    None,
                    None,
                    format!(
                        "not finished after {polls} polls in {:?}; wait longer with `.timeout(...)`",
                        started.elapsed()
                    ),
                ));
            }
            tokio::time::sleep(wait).await;
            polls += 1;
            let request = Outgoing {
                operation: &POLL_MONITOR,
                method: Method::Get,
                url: &monitor,
                headers: &[],
                body: &Body::Empty,
                with_token: true,
            };
            let response = self.client.inner().send(&request).await?;
            let document: Value = response.json()?;
            let status = document
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            match classify(&status) {
                State::Succeeded => return Ok(completed(&response, document, status, polls)),
                State::Failed => {
                    let error = document
                        .get("error")
                        .and_then(|e| serde_json::from_value::<GraphError>(e.clone()).ok())
                        .map(Box::new);
                    let detail = ["statusDescription", "statusDetail", "message"]
                        .iter()
                        .find_map(|key| document.get(*key).and_then(Value::as_str))
                        .unwrap_or("the monitor gives no reason");
                    return Err(fail(
                        Some(status),
                        error,
                        format!("the operation failed: {detail}"),
                    ));
                }
                State::Running => {}
                State::Unknown => {
                    return Err(fail(
                        None,
                        None,
                        format!(
                            "the monitor answered without a known `status` ({}); cannot tell whether the operation finished",
                            truncate(&document.to_string())
                        ),
                    ))
                }
            }
            wait = match crate::retry::retry_after(response.headers(), SystemTime::now()) {
                Some(after) => after,
                None => {
                    let this = interval;
                    interval = interval.saturating_mul(2).min(self.max_interval);
                    this
                }
            };
        }
    }
}

impl IntoFuture for Wait {
    type Output = Result<Completed, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

enum State {
    Succeeded,
    Failed,
    Running,
    Unknown,
}

/// What a monitor's `status` means (Graph's values, compared without regard to case).
fn classify(status: &str) -> State {
    match status.to_ascii_lowercase().as_str() {
        // `complete`: dataPolicyOperation (exportPersonalData), whose result is its `storageLocation`.
        "completed" | "complete" | "succeeded" => State::Succeeded,
        "failed" | "cancelled" | "canceled" | "deletefailed" => State::Failed,
        "notstarted" | "inprogress" | "running" | "waiting" | "updating" | "cancelpending"
        | "pending" | "accepted" => State::Running,
        _ => State::Unknown,
    }
}

fn completed(response: &RawResponse, monitor: Value, status: String, polls: u32) -> Completed {
    let member = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| monitor.get(*key).and_then(Value::as_str))
            .map(str::to_owned)
    };
    Completed {
        resource_id: member(&["resourceId", "targetResourceId"]),
        resource_location: member(&["resourceLocation", "targetResourceLocation"])
            .or_else(|| response.header("location").map(str::to_owned)),
        status,
        monitor,
        polls,
    }
}

fn truncate(text: &str) -> &str {
    match text.char_indices().nth(200) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The monitor's URL. A `Location` that is a path without an API version (`/teams/{id}/operations/{id}`, as Teams
/// answers a new or cloned team) is under the client's base URL, version included: Graph serves nothing outside a
/// version, and the path resolved against the host alone would be refused. An absolute URL, or a path that names
/// a version (`/v1.0/...`, `/beta/...`) or starts with the base URL's own path, is taken as it is.
fn monitor_url(base: &url::Url, location: &str) -> Result<url::Url, url::ParseError> {
    let base_path = base.path().trim_end_matches('/');
    let under_base = !base_path.is_empty() && location.starts_with(&format!("{base_path}/"));
    let first_segment = location
        .strip_prefix('/')
        .map(|path| path.split(['/', '?', '(']).next().unwrap_or_default());
    match first_segment {
        Some(segment)
            if !location.starts_with("//")
                && !under_base
                && !matches!(segment, "v1.0" | "beta") =>
        {
            url::Url::parse(&format!(
                "{}{location}",
                base.as_str().trim_end_matches('/')
            ))
        }
        _ => base.join(location),
    }
}

#[cfg(test)]
mod tests {
    use super::{classify, monitor_url, State};

    #[test]
    fn every_documented_final_status_is_known() {
        for status in ["completed", "Completed", "complete", "succeeded"] {
            assert!(matches!(classify(status), State::Succeeded), "{status}");
        }
        for status in ["failed", "deleteFailed", "canceled"] {
            assert!(matches!(classify(status), State::Failed), "{status}");
        }
        for status in [
            "notStarted",
            "notstarted",
            "inProgress",
            "running",
            "waiting",
        ] {
            assert!(matches!(classify(status), State::Running), "{status}");
        }
        assert!(matches!(classify("invalid"), State::Unknown));
    }

    #[test]
    fn a_versionless_path_goes_under_the_base_url_and_other_locations_as_they_are() {
        let base = url::Url::parse("https://graph.microsoft.com/v1.0").expect("base");
        let proxy = url::Url::parse("https://proxy.example/graph/v1.0").expect("proxy");
        let cases = [
            (
                &base,
                "/teams/t1/operations/op1",
                "https://graph.microsoft.com/v1.0/teams/t1/operations/op1",
            ),
            (
                &base,
                "/teams('t1')/operations('op1')",
                "https://graph.microsoft.com/v1.0/teams('t1')/operations('op1')",
            ),
            (
                &base,
                "/v1.0/operations/op3",
                "https://graph.microsoft.com/v1.0/operations/op3",
            ),
            (
                &base,
                "/beta/operations/op3",
                "https://graph.microsoft.com/beta/operations/op3",
            ),
            (
                &base,
                "https://api.onedrive.example/monitor/m1?sig=x",
                "https://api.onedrive.example/monitor/m1?sig=x",
            ),
            (
                &proxy,
                "/graph/v1.0/teams/t1/operations/op1",
                "https://proxy.example/graph/v1.0/teams/t1/operations/op1",
            ),
            (
                &proxy,
                "/teams/t1/operations/op1",
                "https://proxy.example/graph/v1.0/teams/t1/operations/op1",
            ),
        ];
        for (base, location, expected) in cases {
            assert_eq!(
                monitor_url(base, location).expect("url").as_str(),
                expected,
                "{location}"
            );
        }
    }
}
