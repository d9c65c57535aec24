//! The generated operation table, [`Operations`]: every generated operation's static facts, written by the
//! generator as one text literal and decoded into [`Operation`]s on first use.
//!
//! A table of `Operation` expressions cost the compiler a body as large as the table to build, check and
//! evaluate, and an allocation with a relocation per string to keep: for the beta reference's 7,465 operations,
//! about 5% of the client's build (alternating builds in one target directory: 14.0-14.6 s with this table and
//! the model functions' narrower bounds against 15.1-15.9 s before, -7.4%, of which the bounds alone gave
//! 2.5%). A string literal costs it nearly nothing.
//!
//! Decoding it happens once per process, at the first request (or the first look at the table), and takes about
//! 3 ms for those 7,465 lines (6 ms in a debug build; microseconds for a selection of a few dozen operations);
//! the decoded table then lives as long as the process, as a `static` table does.
//!
//! # The text
//!
//! One line per operation, in table order, each line ending with `\n` and holding eight fields separated by tabs
//! (empty lines are skipped: the generator starts the text with one, so that every entry is a line of its own in
//! the generated source):
//!
//! ```text
//! name  method  path-template  path-recipe  source  delegated-work  delegated-personal  application
//! ```
//!
//! `method` is the method as written on the wire (`GET`); each permission field is a [`Scopes`]: `+` and the
//! space-separated scopes for [`Scopes::Listed`], `-` for [`Scopes::NotSupported`], empty for
//! [`Scopes::NotStated`]. No field holds a tab or a line end (the generator writes them as spaces). The
//! generator writes it; a line it did not write well (an unknown method, a missing field) decodes as an
//! operation whose every send is refused (see [`Operations::entry`]), never as a panic.

use std::fmt;
use std::mem::ManuallyDrop;
use std::sync::OnceLock;

use crate::request::{Method, Operation, Permissions, Scopes};

/// What [`Operations::entry`] gives for an index past the table: its path recipe does not start with `/`, so
/// every send refuses it (`Error::Config`) before anything goes out.
static NOT_IN_TABLE: Operation = Operation {
    name: "(no operation)",
    method: Method::Get,
    path_template: "",
    path: NOT_A_PATH,
    source: "(not a generated operation)",
    permissions: NOT_STATED,
};

/// The path recipe of an entry that must never be sent (not starting with `/`, so every send refuses it).
const NOT_A_PATH: &str = "operation-index-past-the-generated-table(regenerate-the-client)";

/// Permissions of an entry that documents none.
const NOT_STATED: Permissions = Permissions {
    delegated_work: Scopes::NotStated,
    delegated_personal: Scopes::NotStated,
    application: Scopes::NotStated,
};

/// A generated client's operation table (the generated `OPERATIONS`): the [`Operation`] of every generated
/// function, in page order, which a function's request names by its index. It dereferences to
/// `[Operation]`, so `OPERATIONS.iter()`, `OPERATIONS.len()` and `OPERATIONS[i]` work as on a slice.
///
/// Meant for a `static`, as generated: a static is never dropped, and neither is its decoded table. The table is
/// held in a `ManuallyDrop` so that the type has no drop code at all: rustc compiles a static's drop code into
/// every crate that declares one, whether or not anything drops it, and for the table that was four of the six
/// codegen units of a 25-operation app crate (the app built from scratch in 0.81-0.92 s against 0.87-0.93 s in
/// alternating runs). An `Operations` that is not a static keeps its decoded table allocated when dropped.
pub struct Operations {
    text: &'static str,
    decoded: ManuallyDrop<OnceLock<Box<[Operation]>>>,
}

impl Operations {
    /// The table of `text`, in the format of the [module docs](self) (what the generator writes).
    pub const fn new(text: &'static str) -> Self {
        Operations {
            text,
            decoded: ManuallyDrop::new(OnceLock::new()),
        }
    }

    /// The operations, decoded on first use.
    pub fn as_slice(&'static self) -> &'static [Operation] {
        self.entries()
    }

    /// The operations, decoded on first use, for as long as `self` lives.
    fn entries(&self) -> &[Operation] {
        self.decoded.get_or_init(|| decode(self.text))
    }

    /// The operation at `index`; past the table, an operation whose path recipe makes every send refuse it
    /// with `Error::Config` before anything goes out (a generated call always passes an index in range).
    pub fn entry(&'static self, index: usize) -> &'static Operation {
        self.as_slice().get(index).unwrap_or(&NOT_IN_TABLE)
    }
}

impl std::ops::Deref for Operations {
    type Target = [Operation];

    fn deref(&self) -> &[Operation] {
        self.entries()
    }
}

impl<'a> IntoIterator for &'a Operations {
    type Item = &'a Operation;
    type IntoIter = std::slice::Iter<'a, Operation>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Two tables are equal when their texts are.
impl PartialEq for Operations {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Operations {}

impl fmt::Debug for Operations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Every line of `text`, decoded.
fn decode(text: &'static str) -> Box<[Operation]> {
    text.lines()
        .filter(|line| !line.is_empty())
        .map(decode_line)
        .collect()
}

/// One line: eight tab-separated fields, missing ones empty.
fn decode_line(line: &'static str) -> Operation {
    let mut fields = line.split('\t');
    let mut next = || fields.next().unwrap_or_default();
    let (name, method, path_template, path, source) = (next(), next(), next(), next(), next());
    let permissions = Permissions {
        delegated_work: scopes(next()),
        delegated_personal: scopes(next()),
        application: scopes(next()),
    };
    match method_named(method) {
        Some(method) => Operation {
            name,
            method,
            path_template,
            path,
            source,
            permissions,
        },
        None => Operation {
            name,
            path_template,
            source,
            ..NOT_IN_TABLE
        },
    }
}

/// The method written `wire` (`GET`).
fn method_named(wire: &str) -> Option<Method> {
    [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ]
    .into_iter()
    .find(|m| m.as_str() == wire)
}

/// A permission field: `+scopes`, `-` or empty.
fn scopes(field: &'static str) -> Scopes {
    match field.strip_prefix('+') {
        Some(listed) => Scopes::Listed(listed),
        None if field == "-" => Scopes::NotSupported,
        None => Scopes::NotStated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: Operations = Operations::new(
        "\nget\tGET\t/users/{id | userPrincipalName}\t/users/{0}\tapi/user-get.md:31\t+User.Read User.Read.All\t-\t\n\
         send_mail\tPOST\t/me/sendMail\t/me/sendMail\tapi/user-sendmail.md:20\t+Mail.Send\t+Mail.Send\t+Mail.Send\n\
         broken\tFETCH\t/x\t/x\tapi/x.md:1\n",
    );

    #[test]
    fn the_table_has_no_drop_code() {
        // What the `ManuallyDrop` is for: an app crate declaring the static compiles no drop code for it.
        assert!(!std::mem::needs_drop::<Operations>());
    }

    #[test]
    fn decodes_every_field_of_every_line() {
        assert_eq!(TABLE.len(), 3);
        let get = TABLE.entry(0);
        assert_eq!(get.name, "get");
        assert_eq!(get.method, Method::Get);
        assert_eq!(get.path_template, "/users/{id | userPrincipalName}");
        assert_eq!(get.path, "/users/{0}");
        assert_eq!(get.source, "api/user-get.md:31");
        assert_eq!(
            get.permissions.delegated_work,
            Scopes::Listed("User.Read User.Read.All")
        );
        assert_eq!(get.permissions.delegated_personal, Scopes::NotSupported);
        assert_eq!(get.permissions.application, Scopes::NotStated);
        assert_eq!(TABLE[1].method, Method::Post);
        assert_eq!(
            TABLE[1].permissions.application,
            Scopes::Listed("Mail.Send")
        );
    }

    #[test]
    fn a_bad_line_or_index_is_an_operation_no_send_accepts() {
        let broken = TABLE.entry(2);
        assert_eq!((broken.name, broken.source), ("broken", "api/x.md:1"));
        assert!(!broken.path.starts_with('/'));
        assert_eq!(broken.permissions, NOT_STATED);
        let past = TABLE.entry(3);
        assert!(std::ptr::eq(past, &NOT_IN_TABLE));
        assert!(!past.path.starts_with('/'));
    }

    #[test]
    fn entries_are_decoded_once_and_stay_put() {
        assert!(std::ptr::eq(TABLE.entry(0), TABLE.entry(0)));
        assert!(std::ptr::eq(TABLE.as_slice(), &TABLE[..]));
        assert_eq!(TABLE.into_iter().count(), 3);
    }
}
