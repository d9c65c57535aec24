//! What the client logs, kept for a test to check: every span's fields and every event of the thread that
//! records, through one process-wide subscriber ([`install`]).

use std::cell::RefCell;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

/// A span's name and its fields, in the order recorded.
pub type SpanRecord = (String, Vec<(String, String)>);

/// Every span's name and fields, and every event's fields.
#[derive(Clone, Default)]
pub struct Capture {
    pub spans: Arc<Mutex<Vec<SpanRecord>>>,
    pub events: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Capture {
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().expect("spans");
        spans.push((span.metadata().name().to_owned(), fields));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().expect("spans");
        if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.events
            .lock()
            .expect("events")
            .push(format!("{fields:?}"));
    }

    /// Starts recording what the current thread logs (a current-thread runtime's tasks included) until the
    /// returned guard drops.
    pub fn record_this_thread(&self) -> Recording {
        install();
        CURRENT.with(|current| *current.borrow_mut() = Some(self.clone()));
        Recording(())
    }

    /// Everything recorded, as one text.
    pub fn text(&self) -> String {
        format!(
            "{:?} {:?}",
            self.spans.lock().expect("spans"),
            self.events.lock().expect("events")
        )
    }
}

thread_local! {
    /// The capture recording this thread, if any.
    static CURRENT: RefCell<Option<Capture>> = const { RefCell::new(None) };
}

/// The process-wide subscriber: it hands each span and event to the capture recording the current thread.
///
/// Why not `tracing::subscriber::set_default` per test: tracing caches each call site's interest across all
/// threads. When a test thread registers a call site while another test's scoped subscriber is being created, the
/// site can be cached as "never" and that test then misses the event (seen in CI). One global subscriber that is
/// installed before anything logs, and answers "sometimes" for every site, leaves no such cache to go stale.
struct Router;

fn with_current<R>(f: impl FnOnce(&Capture) -> R) -> Option<R> {
    CURRENT.with(|current| current.borrow().as_ref().map(f))
}

impl Subscriber for Router {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        with_current(|_| ()).is_some()
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        with_current(|capture| capture.new_span(span)).unwrap_or_else(|| Id::from_u64(u64::MAX))
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        with_current(|capture| capture.record(span, values));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        with_current(|capture| capture.event(event));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

static INSTALL: Once = Once::new();

/// Installs the process-wide router, once. The test server calls it first thing, so it is in place before any
/// test of the binary logs.
pub fn install() {
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Router).expect("the only global subscriber");
    });
}

/// Records what the current thread logs while it lives.
pub struct Recording(());

impl Drop for Recording {
    fn drop(&mut self) {
        CURRENT.with(|current| current.borrow_mut().take());
    }
}
