//! Type expressions as the pages write them: `String`, `Int32 collection`, `Collection(microsoft.graph.user)`,
//! `[user](user.md)`, `Edm.DateTimeOffset`, and whatever else turns up (kept as `Unknown`).

use crate::diagnostics::Location;

/// An OData primitive type (`Edm.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `Edm.String`
    String,
    /// `Edm.Boolean`
    Boolean,
    /// `Edm.Byte`
    Byte,
    /// `Edm.SByte`
    SByte,
    /// `Edm.Int16`
    Int16,
    /// `Edm.Int32`
    Int32,
    /// `Edm.Int64`
    Int64,
    /// `Edm.Single`
    Single,
    /// `Edm.Double`
    Double,
    /// `Edm.Decimal`
    Decimal,
    /// `Edm.DateTimeOffset`
    DateTimeOffset,
    /// `Edm.Date`
    Date,
    /// `Edm.TimeOfDay`
    TimeOfDay,
    /// `Edm.Duration`
    Duration,
    /// `Edm.Guid`
    Guid,
    /// `Edm.Binary` (base64 in JSON)
    Binary,
    /// `Edm.Stream` (binary content, not JSON)
    Stream,
    /// Free-form JSON (`Json`, `Edm.Untyped`, `Object`).
    Json,
}

/// A type named by a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A primitive.
    Primitive(Primitive),
    /// A named complex, entity or enum type. `namespace` is `None` when the page did not qualify it;
    /// `link` is the page it links to (relative to the docs root), when it was a link.
    Named {
        /// Qualifying namespace (`microsoft.graph.industryData`) when written or known from the link target.
        namespace: Option<String>,
        /// The type's name as written (`user`, `fileUploadSession`).
        name: String,
        /// The linked page, relative to the docs root, resolved without regard to case.
        link: Option<std::path::PathBuf>,
    },
    /// Text that names no known type; kept verbatim with where it was found.
    Unknown {
        /// The text as written.
        text: String,
        /// Where it was written.
        location: Location,
    },
}

/// A full type expression: a type, possibly a collection of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeExpr {
    /// The element type.
    pub ty: TypeRef,
    /// `X collection`, `Collection(X)`, `array of X`.
    pub collection: bool,
}
