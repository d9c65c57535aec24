//! Paging: [`Page`], and streams of pages and of items that follow `@odata.nextLink`.
//!
//! The streams resend the request's headers (ConsistencyLevel, Prefer, ...) on every page, keep `@odata.count`
//! from the first page, expose the final `@odata.deltaLink` and start the next delta round from it
//! ([`PageStream::from_link`]), end with an error on a repeated nextLink, and never
//! send the token to a nextLink on another host (by default such a link is an error; see
//! [`PageStream::follow_foreign_links`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::client::{Client, Outgoing};
use crate::error::Error;
use crate::request::{Body, Operation, RequestSpec};
use crate::response::{decode_json, FromResponse, RawResponse, ResponseFuture};

/// One page of a collection response.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items (`value`).
    pub value: Vec<T>,
    /// `@odata.nextLink`: the next page's URL, absent on the last page.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL for the next delta round, on the last page of a delta query.
    pub delta_link: Option<String>,
    /// `@odata.count`, when `$count=true` was asked for.
    pub count: Option<i64>,
    /// Every other member (`@odata.context`, ...), kept as sent.
    pub additional: serde_json::Map<String, serde_json::Value>,
}

impl<T: DeserializeOwned> FromResponse for Page<T> {
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        raw.json()
    }
}

impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in &self.additional {
            map.serialize_entry(key, value)?;
        }
        if let Some(count) = self.count {
            map.serialize_entry("@odata.count", &count)?;
        }
        map.serialize_entry("value", &self.value)?;
        if let Some(link) = &self.next_link {
            map.serialize_entry("@odata.nextLink", link)?;
        }
        if let Some(link) = &self.delta_link {
            map.serialize_entry("@odata.deltaLink", link)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
            type Value = Page<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a collection response with a `value` array")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
                let mut page = Page {
                    value: Vec::new(),
                    next_link: None,
                    delta_link: None,
                    count: None,
                    additional: Default::default(),
                };
                let mut has_value = false;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match key.as_ref() {
                        "value" => {
                            page.value = map.next_value()?;
                            has_value = true;
                        }
                        "@odata.nextLink" => page.next_link = map.next_value()?,
                        "@odata.deltaLink" => page.delta_link = map.next_value()?,
                        "@odata.count" => page.count = map.next_value()?,
                        _ => {
                            let value = map.next_value()?;
                            page.additional.insert(key.into_owned(), value);
                        }
                    }
                }
                if !has_value {
                    return Err(serde::de::Error::missing_field("value"));
                }
                Ok(page)
            }
        }

        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

/// A stream of [`Page`]s following `@odata.nextLink`. Made by [`Client::page_stream`].
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T> {
    client: Client,
    operation: &'static Operation,
    headers: Vec<(Cow<'static, str>, String)>,
    state: State,
    seen: HashSet<u64>,
    count: Option<i64>,
    delta_link: Option<String>,
    follow_foreign: bool,
    _item: PhantomData<fn() -> T>,
}

enum State {
    /// The first request, not sent yet.
    First(RequestSpec),
    /// A request in flight.
    Fetching(ResponseFuture),
    /// The next page's link, not requested yet.
    Next(String),
    /// No more pages (or an error ended the stream).
    Done,
}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("operation", &self.operation.name)
            .field("pages", &self.seen.len())
            .field("count", &self.count)
            .field("delta_link", &self.delta_link)
            .finish_non_exhaustive()
    }
}

impl<T> PageStream<T> {
    /// Starts from a link the service returned for this request, instead of the request itself: a delta query's
    /// `@odata.deltaLink` (the next round of changes, whose last page carries the next deltaLink) or a saved
    /// `@odata.nextLink` (the pages left). The link is requested as a nextLink is, with the request's headers: with
    /// the token only on the client's Graph origin, and not at all on another host unless
    /// [`follow_foreign_links`](Self::follow_foreign_links) allows it. Call it before the first poll.
    ///
    /// ```ignore
    /// let mut changes = graph::user::delta(&client).pages().from_link(saved_delta_link);
    /// ```
    pub fn from_link(mut self, link: impl Into<String>) -> Self {
        self.state = State::Next(link.into());
        self
    }

    /// Follows nextLinks on hosts other than the client's base URL, without the token (by default they end the
    /// stream with an error and are not requested).
    pub fn follow_foreign_links(mut self, follow: bool) -> Self {
        self.follow_foreign = follow;
        self
    }

    /// `@odata.count` from the first page, once it has arrived.
    pub fn odata_count(&self) -> Option<i64> {
        self.count
    }

    /// `@odata.deltaLink`, once the last page has arrived: keep it for the next delta round.
    pub fn delta_link(&self) -> Option<&str> {
        self.delta_link.as_deref()
    }

    /// Remembers a URL requested; `false` when it was requested before.
    fn first_time(&mut self, url: &url::Url) -> bool {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        url.as_str().hash(&mut hasher);
        self.seen.insert(hasher.finish())
    }

    fn next_request(&mut self, link: String) -> Result<ResponseFuture, Error> {
        let operation = self.operation;
        if link.trim().is_empty() {
            return Err(Error::Paging {
                operation,
                message: "the link to follow is empty; pass the deltaLink or nextLink the service returned"
                    .to_owned(),
            });
        }
        let url = self
            .client
            .inner()
            .base_url()
            .join(&link)
            .map_err(|e| Error::Paging {
                operation,
                message: format!("nextLink `{link}` is not a URL: {e}"),
            })?;
        if !self.first_time(&url) {
            return Err(Error::Paging {
                operation,
                message: format!(
                    "the server sent nextLink `{link}`, a page already requested; stopping instead of looping"
                ),
            });
        }
        let on_graph = self.client.inner().is_graph_origin(&url);
        if !on_graph && !self.follow_foreign {
            return Err(Error::Paging {
                operation,
                message: format!(
                    "nextLink `{link}` is on another host than {}; it was not requested (the token must not go there). Call `follow_foreign_links(true)` to follow such links without the token",
                    self.client.base_url()
                ),
            });
        }
        let inner = self.client.inner().clone();
        let headers = self.headers.clone();
        Ok(Box::pin(async move {
            let request = Outgoing {
                operation,
                method: operation.method,
                url: &url,
                headers: &headers,
                body: &Body::Empty,
                with_token: on_graph,
            };
            inner.send(&request).await
        }))
    }
}

impl<T: DeserializeOwned> Stream for PageStream<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::First(spec) => {
                    // The first page's URL counts as requested, so a nextLink back to it is caught unrequested.
                    if let Ok(url) = this.client.inner().url_for(&spec) {
                        this.first_time(&url);
                    }
                    this.state = State::Fetching(this.client.execute(spec));
                }
                State::Next(link) => match this.next_request(link) {
                    Ok(future) => this.state = State::Fetching(future),
                    Err(e) => return Poll::Ready(Some(Err(e))),
                },
                State::Fetching(mut future) => {
                    let raw = match future.as_mut().poll(cx) {
                        Poll::Pending => {
                            this.state = State::Fetching(future);
                            return Poll::Pending;
                        }
                        Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                        Poll::Ready(Ok(raw)) => raw,
                    };
                    let mut page: Page<T> =
                        match decode_json(raw.operation, raw.status.as_u16(), &raw.body) {
                            Ok(page) => page,
                            Err(e) => return Poll::Ready(Some(Err(e))),
                        };
                    match (this.count, page.count) {
                        (None, count) => this.count = count,
                        (Some(first), _) => page.count = Some(first),
                    }
                    if page.delta_link.is_some() {
                        this.delta_link.clone_from(&page.delta_link);
                    }
                    if let Some(link) = &page.next_link {
                        this.state = State::Next(link.clone());
                    }
                    return Poll::Ready(Some(Ok(page)));
                }
            }
        }
    }
}

/// A stream of the items of every page. Made by [`Client::item_stream`].
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<T> {
    pages: PageStream<T>,
    items: std::vec::IntoIter<T>,
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

// Items are never pinned: the stream only moves them out of its buffer.
impl<T> Unpin for ItemStream<T> {}

impl<T> ItemStream<T> {
    /// See [`PageStream::from_link`]: the items of the pages from a deltaLink or a saved nextLink.
    pub fn from_link(mut self, link: impl Into<String>) -> Self {
        self.pages = self.pages.from_link(link);
        self
    }

    /// See [`PageStream::follow_foreign_links`].
    pub fn follow_foreign_links(mut self, follow: bool) -> Self {
        self.pages = self.pages.follow_foreign_links(follow);
        self
    }

    /// `@odata.count` from the first page, once it has arrived.
    pub fn odata_count(&self) -> Option<i64> {
        self.pages.odata_count()
    }

    /// `@odata.deltaLink`, once the last page has arrived.
    pub fn delta_link(&self) -> Option<&str> {
        self.pages.delta_link()
    }
}

impl<T: DeserializeOwned> Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.items = page.value.into_iter(),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl Client {
    /// Pages of a collection request, following `@odata.nextLink` until it is absent.
    pub fn page_stream<T: DeserializeOwned + Send + 'static>(
        &self,
        spec: RequestSpec,
    ) -> PageStream<T> {
        PageStream {
            client: self.clone(),
            operation: spec.operation,
            headers: spec.headers.clone(),
            state: State::First(spec),
            seen: HashSet::new(),
            count: None,
            delta_link: None,
            follow_foreign: false,
            _item: PhantomData,
        }
    }

    /// The items of every page of a collection request, following `@odata.nextLink` until it is absent.
    pub fn item_stream<T: DeserializeOwned + Send + 'static>(
        &self,
        spec: RequestSpec,
    ) -> ItemStream<T> {
        ItemStream {
            pages: self.page_stream(spec),
            items: Vec::new().into_iter(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_keep_every_member_through_a_round_trip() {
        let text = r#"{"@odata.context":"ctx","@odata.count":3,"value":[{"id":"1"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=x","@odata.deltaLink":"d","extra":{"a":[1,2]}}"#;
        let page: Page<serde_json::Value> = serde_json::from_str(text).expect("page");
        assert_eq!(page.count, Some(3));
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.microsoft.com/v1.0/users?$skiptoken=x")
        );
        assert_eq!(page.delta_link.as_deref(), Some("d"));
        assert_eq!(page.additional.len(), 2);
        let again: serde_json::Value = serde_json::to_value(&page).expect("serialize");
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(text).expect("json")
        );
        let missing = serde_json::from_str::<Page<serde_json::Value>>(r#"{"id":"1"}"#);
        assert!(missing.is_err_and(|e| e.to_string().contains("missing field `value`")));
    }
}
