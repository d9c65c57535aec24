//! Typed JSON batching (`POST /$batch`): any request joins a [`Batch`] and keeps its typed result.
//!
//! [`Batch::add`] takes a generated request (or [`Batch::add_spec`] a [`RequestSpec`]) and returns a
//! [`BatchHandle<T>`]: once [`Batch::send`] has run, the handle resolves to the same `Result<T, Error>` the
//! request would have given alone. The batch
//!
//! * sends at most 20 requests per POST and splits larger batches, keeping requests linked by `dependsOn`
//!   ([`Batch::add_after`]) in one POST; a dependency on a request of another batch, or a chain longer than one
//!   POST, is refused before anything is sent;
//! * retries the items Graph answers 429, 503 or 504 on their own, as the client's [`RetryConfig`](crate::RetryConfig)
//!   says and honouring each item's `Retry-After`, together with the items that failed with 424 only because they
//!   depend on one of them; items that succeeded are never sent again;
//! * writes URLs relative to the version, as Graph wants them, and bodies as JSON, or base64 text for binary
//!   content.
//!
//! ```no_run
//! # async fn demo(client: graph_runtime::Client, a: graph_runtime::RequestSpec, b: graph_runtime::RequestSpec) -> Result<(), graph_runtime::Error> {
//! let mut batch = client.batch();
//! let first = batch.add_spec::<serde_json::Value>(a, &[]);
//! let second = batch.add_spec::<serde_json::Value>(b, &[first.id()]);
//! batch.send().await?;
//! println!("{:?} then {:?}", first.await?, second.await?);
//! # Ok(()) }
//! ```
//!
//! Await the handles after `send` (awaiting one before would wait for a batch that is never sent); a handle of a
//! batch dropped unsent resolves to an error.

mod plan;
mod wire;

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::oneshot;
use url::Url;

use crate::builder::Request;
use crate::client::{Client, Outgoing};
use crate::error::Error;
use crate::request::{Body, Method, Operation, Permissions, RequestSpec, Scopes};
use crate::response::{FromResponse, RawResponse};
pub use plan::MAX_PER_POST;
#[cfg(feature = "replay")]
pub(crate) use wire::is_json;

static BATCH: Operation = Operation {
    name: "batch",
    method: Method::Post,
    path_template: "/$batch",
    path: "/$batch",
    source: "JSON batching (graph-runtime batch)",
    permissions: Permissions {
        delegated_work: Scopes::NotStated,
        delegated_personal: Scopes::NotStated,
        application: Scopes::NotStated,
    },
};

/// Tells batches apart, so that a handle of one cannot be a dependency in another.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// What an item's handle receives.
type Outcome = Result<RawResponse, Error>;

/// A set of requests sent together with `POST /$batch`. Made by [`Client::batch`].
#[must_use = "a Batch does nothing until it is sent"]
pub struct Batch {
    client: Client,
    batch: u64,
    items: Vec<Item>,
    concurrency: usize,
}

struct Item {
    spec: RequestSpec,
    depends_on: Vec<usize>,
    /// Why the item cannot be sent, found when it was added.
    problem: Option<String>,
    /// The handle's end, until the item's outcome is sent.
    reply: Option<oneshot::Sender<Outcome>>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("requests", &self.items.len())
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

/// Names a request of a batch, for [`Batch::add_after`]. Copied from [`BatchHandle::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BatchId {
    batch: u64,
    index: usize,
}

impl BatchId {
    /// The request's `id` in the `$batch` JSON (`"1"` for the first request added).
    pub fn wire_id(&self) -> String {
        (self.index + 1).to_string()
    }
}

/// The typed result of one request of a batch: a future resolving to `Result<T, Error>` once the batch was sent.
#[must_use = "a BatchHandle holds its request's result"]
pub struct BatchHandle<T> {
    id: BatchId,
    operation: &'static Operation,
    receiver: oneshot::Receiver<Outcome>,
    _decode: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for BatchHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchHandle")
            .field("id", &self.id)
            .field("operation", &self.operation.name)
            .field("output", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T> BatchHandle<T> {
    /// The request's id, to name it as a dependency of a later request.
    pub fn id(&self) -> BatchId {
        self.id
    }
}

impl<T: FromResponse> Future for BatchHandle<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let operation = self.operation;
        Pin::new(&mut self.receiver)
            .poll(cx)
            .map(|outcome| match outcome {
                Ok(result) => result.and_then(T::from_response),
                Err(_) => Err(Error::Batch {
                    operation,
                    message:
                        "the batch was dropped before it was sent; call `send` and await it first"
                            .to_owned(),
                }),
            })
    }
}

/// What [`Batch::send`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchSummary {
    /// `$batch` POSTs sent (retry rounds included).
    pub posts: usize,
    /// Items sent again after a 429/503/504 (or a 424 caused by one).
    pub retried: usize,
}

impl Client {
    /// An empty batch. See the [`batch`](crate::batch) module.
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            batch: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            items: Vec::new(),
            concurrency: 4,
        }
    }
}

impl Batch {
    /// Adds a generated request; its handle resolves to what awaiting the request would give.
    pub fn add<T: FromResponse, O>(&mut self, request: Request<'_, T, O>) -> BatchHandle<T> {
        self.add_after(request, &[])
    }

    /// Adds a generated request that Graph runs only after `depends_on` (earlier requests of this batch) have
    /// succeeded; if one fails, this one is answered 424 Failed Dependency.
    pub fn add_after<T: FromResponse, O>(
        &mut self,
        request: Request<'_, T, O>,
        depends_on: &[BatchId],
    ) -> BatchHandle<T> {
        let (client, spec) = request.into_parts();
        let handle = self.add_spec(spec, depends_on);
        if !std::ptr::eq(client.inner().as_ref(), self.client.inner().as_ref()) {
            if let Some(item) = self.items.last_mut() {
                item.problem.get_or_insert_with(|| "it was built with another client than the batch's; requests of a batch all go through the batch's client".to_owned());
            }
        }
        handle
    }

    /// Adds a request description (decoded as `T`), after `depends_on`.
    pub fn add_spec<T: FromResponse>(
        &mut self,
        spec: RequestSpec,
        depends_on: &[BatchId],
    ) -> BatchHandle<T> {
        let index = self.items.len();
        let mut problem = None;
        let mut dependencies = Vec::with_capacity(depends_on.len());
        for dependency in depends_on {
            if dependency.batch != self.batch {
                problem = Some("it depends on a request of another batch; dependsOn can only name requests of the same batch".to_owned());
            } else {
                dependencies.push(dependency.index);
            }
        }
        let (reply, receiver) = oneshot::channel();
        let operation = spec.operation;
        self.items.push(Item {
            spec,
            depends_on: dependencies,
            problem,
            reply: Some(reply),
        });
        BatchHandle {
            id: BatchId {
                batch: self.batch,
                index,
            },
            operation,
            receiver,
            _decode: PhantomData,
        }
    }

    /// How many POSTs may be in flight at once (default 4).
    pub fn concurrency(mut self, posts: usize) -> Self {
        self.concurrency = posts.max(1);
        self
    }

    /// The number of requests added.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no request was added.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sends every request, retrying throttled items on their own, and resolves every handle.
    ///
    /// An invalid batch (a `dependsOn` cycle or a request of another batch, a chain longer than one POST, a request
    /// that cannot be encoded) is refused whole before anything is sent, with every problem listed. When a POST
    /// itself fails (401, a transport error), its items resolve to an error naming it, the other POSTs go on, and
    /// the first such error is returned.
    pub async fn send(self) -> Result<BatchSummary, Error> {
        let Batch {
            client,
            items,
            concurrency,
            ..
        } = self;
        let mut run = Run::new(client, items)?;
        let mut summary = BatchSummary::default();
        let mut first_failure = None;
        let mut pending: Vec<usize> = (0..run.items.len()).collect();
        while !pending.is_empty() {
            let posts = plan::posts(&pending, |i| &run.items[i].depends_on, MAX_PER_POST)
                .map_err(|problems| run.refuse(problems))?;
            summary.posts += posts.len();
            let bodies: Vec<(Vec<usize>, Result<wire::BatchRequest, Error>)> = posts
                .into_iter()
                .map(|post| {
                    let body = run.encode(&post);
                    (post, body)
                })
                .collect();
            let client = &run.client;
            let answers: Vec<(Vec<usize>, Result<wire::BatchResponse, Error>)> =
                futures_util::stream::iter(bodies)
                    .map(|(post, body)| async move {
                        let answer = match body {
                            Ok(body) => post_batch(client, &body).await,
                            Err(e) => Err(e),
                        };
                        (post, answer)
                    })
                    .buffered(concurrency)
                    .collect()
                    .await;
            let mut retry = Vec::new();
            let mut delay = Duration::ZERO;
            for (post, answer) in answers {
                match answer {
                    Ok(answer) => {
                        let (again, wait) = run.settle(&post, answer);
                        retry.extend(again);
                        delay = delay.max(wait);
                    }
                    Err(error) => {
                        for &i in &post {
                            let message = format!("the $batch POST carrying it failed: {error}");
                            run.finish(i, Err(run.failure(i, message)));
                        }
                        first_failure.get_or_insert(error);
                    }
                }
            }
            if !retry.is_empty() {
                tracing::debug!(
                    items = retry.len(),
                    delay_ms = delay.as_millis() as u64,
                    "retrying throttled batch items"
                );
                tokio::time::sleep(delay).await;
                for &i in &retry {
                    run.waited[i] += delay;
                }
                summary.retried += retry.len();
            }
            retry.sort_unstable();
            pending = retry;
        }
        match first_failure {
            Some(error) => Err(error),
            None => Ok(summary),
        }
    }
}

/// One POST: `{base}/$batch` with the client's token, retried as any request.
async fn post_batch(
    client: &Client,
    body: &wire::BatchRequest,
) -> Result<wire::BatchResponse, Error> {
    let url = Url::parse(&format!("{}/$batch", client.base_url()))
        .map_err(|e| Error::config(Some(&BATCH), format!("the $batch URL is not valid: {e}")))?;
    let json = serde_json::to_vec(body).map_err(|e| {
        Error::config(
            Some(&BATCH),
            format!("the $batch body could not be written: {e}"),
        )
    })?;
    let request = Outgoing {
        operation: &BATCH,
        method: Method::Post,
        url: &url,
        headers: &[],
        body: &Body::Json(json.into()),
        with_token: true,
    };
    client.inner().send(&request).await?.json()
}

/// The state of a batch being sent.
struct Run {
    client: Client,
    items: Vec<Item>,
    /// Each item's URL relative to the version.
    relative: Vec<String>,
    /// Retries made per item, and the time waited for them.
    attempts: Vec<u32>,
    waited: Vec<Duration>,
}

impl Run {
    /// Checks every item (its URL, its headers, what was found when it was added); refuses the batch on any problem.
    fn new(client: Client, mut items: Vec<Item>) -> Result<Run, Error> {
        let base = client.base_url().to_owned();
        let mut relative = Vec::with_capacity(items.len());
        let mut problems = Vec::new();
        for (i, item) in items.iter_mut().enumerate() {
            if let Some(problem) = item.problem.take() {
                problems.push((i, problem));
            }
            match client.inner().url_for(&item.spec) {
                Ok(url) => relative.push(relative_url(&url, &base)),
                Err(e) => {
                    problems.push((i, e.to_string()));
                    relative.push(String::new());
                }
            }
            if let Err(problem) = wire::encode(&item.spec, String::new(), String::new(), Vec::new())
            {
                problems.push((i, problem));
            }
        }
        let n = items.len();
        let all: Vec<usize> = (0..n).collect();
        if let Err(more) = plan::posts(&all, |i| &items[i].depends_on, MAX_PER_POST) {
            problems.extend(more);
            problems.sort_by_key(|(i, _)| *i);
        }
        let mut run = Run {
            client,
            items,
            relative,
            attempts: vec![0; n],
            waited: vec![Duration::ZERO; n],
        };
        if problems.is_empty() {
            Ok(run)
        } else {
            Err(run.refuse(problems))
        }
    }

    /// Resolves every handle with the batch's problems, and returns them as one error.
    fn refuse(&mut self, problems: Vec<(usize, String)>) -> Error {
        let listed: Vec<String> = problems
            .iter()
            .map(|(i, problem)| {
                let op = self.items[*i].spec.operation;
                format!(
                    "request {} ({} {}): {problem}",
                    i + 1,
                    op.method.as_str(),
                    op.path_template
                )
            })
            .collect();
        let message = format!("the batch was not sent: {}", listed.join("; "));
        for i in 0..self.items.len() {
            let error = self.failure(i, message.clone());
            self.finish(i, Err(error));
        }
        Error::Batch {
            operation: &BATCH,
            message,
        }
    }

    fn failure(&self, i: usize, message: String) -> Error {
        Error::Batch {
            operation: self.items[i].spec.operation,
            message,
        }
    }

    fn finish(&mut self, i: usize, outcome: Outcome) {
        if let Some(reply) = self.items[i].reply.take() {
            // The handle may have been dropped: nobody wants this outcome then.
            let _ = reply.send(outcome);
        }
    }

    /// The JSON of one POST (dependencies on items of earlier rounds, answered already, left out).
    fn encode(&self, post: &[usize]) -> Result<wire::BatchRequest, Error> {
        let mut requests = Vec::with_capacity(post.len());
        for &i in post {
            let item = &self.items[i];
            let depends_on = item
                .depends_on
                .iter()
                .filter(|d| post.contains(d))
                .map(|d| (d + 1).to_string())
                .collect();
            let request = wire::encode(
                &item.spec,
                (i + 1).to_string(),
                self.relative[i].clone(),
                depends_on,
            )
            .map_err(|message| self.failure(i, message))?;
            requests.push(request);
        }
        Ok(wire::BatchRequest { requests })
    }

    /// Resolves the items of an answered POST; returns the items to send again and how long to wait first.
    fn settle(&mut self, post: &[usize], answer: wire::BatchResponse) -> (Vec<usize>, Duration) {
        let mut answers: Vec<Option<wire::WireResponse>> = post.iter().map(|_| None).collect();
        for response in answer.responses {
            let at = response
                .id
                .parse::<usize>()
                .ok()
                .and_then(|id| post.iter().position(|&i| i + 1 == id));
            if let Some(at) = at {
                answers[at] = Some(response);
            }
        }
        let mut retry = Vec::new();
        let mut delay = Duration::ZERO;
        let mut failed_dependency = Vec::new();
        for (&i, response) in post.iter().zip(answers) {
            let operation = self.items[i].spec.operation;
            let Some(response) = response else {
                let message = format!(
                    "the $batch answer has no response with id {}; send the request again",
                    i + 1
                );
                self.finish(i, Err(self.failure(i, message)));
                continue;
            };
            let (status, raw) = wire::decode(response, operation);
            if status.is_success() {
                self.finish(i, Ok(raw));
                continue;
            }
            if status.as_u16() == 424 {
                failed_dependency.push((i, raw));
                continue;
            }
            let retry_config = *self.client.inner().retry();
            match retry_config.delay(
                status.as_u16(),
                raw.headers(),
                self.attempts[i] + 1,
                self.waited[i],
            ) {
                Some(wait) => {
                    self.attempts[i] += 1;
                    retry.push(i);
                    delay = delay.max(wait);
                }
                None => {
                    let error =
                        Error::from_status(operation, status.as_u16(), raw.body, self.attempts[i]);
                    self.finish(i, Err(error));
                }
            }
        }
        // A 424 caused by an item that is retried is retried with it; any other 424 is the item's answer.
        for (i, raw) in failed_dependency {
            let waits_on_retry = self.items[i].depends_on.iter().any(|d| retry.contains(d));
            if waits_on_retry {
                retry.push(i);
            } else {
                let operation = self.items[i].spec.operation;
                let error = Error::from_status(operation, 424, raw.body, self.attempts[i]);
                self.finish(i, Err(error));
            }
        }
        (retry, delay)
    }
}

/// A request's URL relative to the client's base URL (the version): `/users/x?$select=id`.
fn relative_url(url: &Url, base: &str) -> String {
    match url.as_str().strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => url[url::Position::BeforePath..].to_owned(),
    }
}
