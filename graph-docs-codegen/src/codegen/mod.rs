//! Code generation from the [`Ir`]: models, enums, operations, the report and the examples, assembled into one
//! module per namespace and one module per resource for operations.
//!
//! # The generated API
//!
//! For `graph_docs_macro::generate! { docs: "docs" }` in module `graph`:
//!
//! * **Modules follow namespaces.** `microsoft.graph` is the macro's own module; `microsoft.graph.industryData`
//!   is `graph::industry_data` (each dotted part snake-cased).
//! * **Models** are types in their namespace's module, CamelCase: `graph::industry_data::FileUploadSession`.
//!   Every property is a `pub Option<T>` field, snake-cased and sanitized (`type` is `r#type`, `@odata.type` is
//!   `odata_type`, a leading digit gets `_`), the JSON name kept in its docs and in the field table; a derived
//!   type has its base types' fields first; a field whose type leads back to the model is a `Box`; `additional`
//!   keeps every other JSON member. (De)serialization is `graph_runtime::model`'s shared, table-driven code.
//! * **Enums** have a variant per documented member and a catch-all (`Other(String)`) for the rest. They compare,
//!   hash, clone and print (`Debug`) as their wire value: `BodyType::Other("html".into()) == BodyType::Html`,
//!   and `BodyType::Html` prints as `"html"`, as it shows in a model's `Debug`.
//! * **A narrow selection** (`include` or `types`) generates the models and enums its operations and types reach
//!   ([`crate::ir::reach`]), with the names the whole folder gives them; a relationship to a type it does not
//!   generate is a `serde_json::Value` field.
//! * **Operations** are functions in a module per resource inside the namespace module. The resource and the
//!   function name come from the page's own title `resource: operation` (`azureDataLakeConnector:
//!   getUploadSession` is `industry_data::azure_data_lake_connector::get_upload_session`), else from its file
//!   stem (`user-list-messages.md` is `user::list_messages`; a leading namespace token such as `industrydata-` is
//!   dropped, unless a verb follows it). The first request line of a page gets that name; each further line gets a
//!   suffix from the words that tell its path apart from the page's other lines (`/me/messages` is `list_messages`,
//!   `/users/{id}/messages` is `list_messages_user`, an alternate key `/applications(appId='{appId}')` beside
//!   `/applications/{id}` is `get_by_app_id`). A name depends only on its own page, save one case: a further
//!   line's name that another page's first line (or a further line of an earlier page) also has yields to it,
//!   over the whole folder and whatever the selection, and takes every word of its path instead
//!   (`/education/users/{id}` beside `/education/me` is `get_user`, unless `educationuser-get-user.md` names its
//!   first line so: then `get_education_user`; [`crate::ir::operations::NameClaims`]). Two pages whose first
//!   lines have the same name, or whose further lines have the same name and request the same method and path,
//!   document the same operation twice: that is an error in strict mode, and in lenient mode the first page
//!   selected (by file) keeps the name and the other is reported.
//! * **Arguments**: `&Client`, then the path parameters in path order, named from the page: `{id}` after
//!   `users` is `user_id`, `{industryDataConnectorId}` is `industry_data_connector_id`, `{id |
//!   userPrincipalName}` is one argument; function-call values of documented primitive or enum type are typed
//!   and written as OData literals. A function's parameters the line leaves out are written in its parentheses
//!   (`getTopMobileApps` with the table a page's request-body section says goes "in the request URL" is called
//!   `getTopMobileApps(status='x',count=5)`, `status: &str, count: i64`). Then `body` when the page documents
//!   one: the resource model, a generated `XBody` struct for a parameter table (without the parameters the line
//!   writes in a call's parentheses; a member is sent as the table spells it, or as the page's example bodies
//!   spell it when none of them spells it so and they agree, with a warning), or bytes (also when only a `Content-Type` request header such as
//!   `application/zip` says what the body is).
//! * **The result** is a request: `graph_runtime::builder::Request<'_, T, O>`, whose OData and
//!   well-known header setters (`select`, `top`, `count`, `consistency_level`, `if_match`, ...) exist when the
//!   page documents them: `O` is a marker shared by every operation with the same set, named by it, in the root
//!   `options` module (`options::ExpandSelect`; `()` for none). Or the request is an `XRequest` of its own when the page also documents query or function
//!   parameters (setters such as `reset_session`). `.await` sends it and decodes `T`: a model, `Page<T>` for a
//!   collection (with `.pages()` / `.items()` streams), `()` for 204, `Option<T>` for a 204 that answers `200` with
//!   the object when `Prefer: return=representation` asks for it, `Accepted` for 202, `Bytes` for content, a
//!   primitive, or `serde_json::Value` for a type the docs do not define (reported). A response section that gives
//!   `200 OK` and names no body takes the type its example response's annotation names (`@odata.type`), reported.
//! * **A page's lines share their types.** Every line has its own `XBody` and `XRequest` names, but a line
//!   whose struct or builder would equal an earlier line's of the same page gets a type alias of it
//!   (`SendmailUserBody = SendmailBody`), so each is compiled once per page ([`crate::ir::operations`]).
//! * Each operation's static facts (name, method, path template, source page, permissions) are a line of the
//!   root `OPERATIONS` table (a `graph_runtime::Operations`, one text literal, see [`table`]), in page order, which
//!   the runtime decodes into `graph_runtime::Operation`s on first use; a request names its own
//!   (`request.spec().operation`). `PERMISSIONS` is the least-privileged permission manifest of those operations
//!   (`graph_runtime::PermissionManifest`, chosen as [`crate::ir::manifest`] says). `SKIPPED` lists what was not
//!   generated; `EXAMPLES` (with `examples: true`) holds every page example.
//!
//! Every path in the output is absolute (`::graph_runtime::...`, `::std::...`) or relative to the generated
//! module tree (`super::...`), so the code compiles wherever the macro is called, with no imports. Functions are
//! `#[inline]`: nothing is compiled for an operation the program does not call.

pub mod docs;
pub mod enums;
pub mod examples;
pub mod manifest;
pub mod models;
pub mod operations;
pub mod report;
pub mod request;
pub mod table;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::types::{RustType, TypeKind, TypeSpace};
use crate::ir::Ir;
use crate::names::{self, RustName};
use crate::options::Options;
use crate::page::type_expr::Primitive;
use crate::page::DocSet;

/// The identifier of a generated name (`r#type` is a raw identifier). Cannot fail: only [`crate::names`] makes a
/// [`RustName`], always valid.
pub fn ident(name: &RustName) -> Ident {
    name.ident()
}

/// The identifier of a name this crate writes itself (`Builder`, `options`, the runtime's option traits), never
/// one from a page.
pub(crate) fn own(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A `#[doc = "..."]` attribute.
pub fn doc(text: &str) -> TokenStream {
    quote!(#[doc = #text])
}

/// The tokens of a Rust type, seen from a module `depth` levels below the macro root.
pub fn rust_type(space: &TypeSpace, ty: &RustType, depth: usize) -> TokenStream {
    match ty {
        RustType::Primitive(p) => primitive(*p),
        RustType::Json => quote!(::graph_runtime::serde_json::Value),
        RustType::Vec(inner) => {
            let inner = rust_type(space, inner, depth);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Named(id) => {
            let def = &space.types[*id];
            let prefix = if depth == 0 {
                vec![Ident::new("self", Span::call_site())]
            } else {
                vec![Ident::new("super", Span::call_site()); depth]
            };
            let modules = def.module.iter().map(ident);
            let name = ident(&def.ident);
            quote!(#(#prefix::)* #(#modules::)* #name)
        }
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote!(::std::string::String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(u8),
        Primitive::SByte => quote!(i8),
        Primitive::Int16 => quote!(i16),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        Primitive::Single | Primitive::Double | Primitive::Decimal => quote!(f64),
        Primitive::DateTimeOffset => quote!(::graph_runtime::edm::DateTimeOffset),
        Primitive::Date => quote!(::graph_runtime::edm::Date),
        Primitive::TimeOfDay => quote!(::graph_runtime::edm::TimeOfDay),
        Primitive::Duration => quote!(::graph_runtime::edm::Duration),
        Primitive::Guid => quote!(::graph_runtime::edm::Guid),
        Primitive::Binary => quote!(::graph_runtime::edm::Binary),
        Primitive::Stream | Primitive::Json => quote!(::graph_runtime::serde_json::Value),
    }
}

/// Whether a value of the type is passed by value (small `Copy` primitives) rather than by reference.
pub fn by_value(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::Primitive(
            Primitive::Boolean
                | Primitive::Byte
                | Primitive::SByte
                | Primitive::Int16
                | Primitive::Int32
                | Primitive::Int64
                | Primitive::Single
                | Primitive::Double
                | Primitive::Decimal
        )
    )
}

/// Items collected per module path, assembled into nested `pub mod`s. Items are kept as source text: each
/// item's tokens are dropped as soon as it is built (see [`crate::generate::generate`]).
#[derive(Default)]
pub struct ModuleTree {
    items: BTreeMap<Vec<RustName>, Vec<String>>,
    docs: BTreeMap<Vec<RustName>, String>,
}

impl ModuleTree {
    /// Adds an item to a module.
    pub fn push(&mut self, module: &[RustName], item: TokenStream) {
        self.items
            .entry(module.to_vec())
            .or_default()
            .push(item.to_string());
    }

    /// Documents a module (the first documentation given wins).
    pub fn document(&mut self, module: &[RustName], text: String) {
        self.docs.entry(module.to_vec()).or_insert(text);
    }

    /// The whole tree's source text, written into `out`.
    pub fn write(mut self, out: &mut String) {
        let paths: Vec<Vec<RustName>> = self.items.keys().cloned().collect();
        for path in paths {
            for len in 1..path.len() {
                self.items.entry(path[..len].to_vec()).or_default();
            }
        }
        self.render(&[], out);
    }

    fn render(&self, path: &[RustName], out: &mut String) {
        if let Some(items) = self.items.get(path) {
            for item in items {
                out.push_str(item);
                out.push('\n');
            }
        }
        let children: Vec<&Vec<RustName>> = self
            .items
            .keys()
            .filter(|k| k.len() == path.len() + 1 && k.starts_with(path))
            .collect();
        for child in children {
            let name = ident(&child[child.len() - 1]);
            let text = self
                .docs
                .get(child)
                .cloned()
                .unwrap_or_else(|| format!("Module `{}`.", names::join(child, "::")));
            out.push_str(&quote!(#[doc = #text] pub mod #name).to_string());
            out.push_str(" {\n");
            self.render(child, out);
            out.push_str("}\n");
        }
    }
}

/// The code for a doc set, as source text: the whole generated client, or one `compile_error!` per problem in
/// strict mode.
pub fn generate_docset(docs: &DocSet, options: &Options) -> String {
    let ir = crate::ir::build(docs, options);
    if options.strict {
        let errors = report::strict_errors(&ir);
        if !errors.is_empty() {
            return errors.to_string();
        }
    }
    let mut tree = ModuleTree::default();
    for &id in &ir.generated {
        let def = &ir.space.types[id];
        tree.document(
            &def.module,
            format!("Types and operations of namespace `{}`.", def.namespace),
        );
        let item = match &def.kind {
            TypeKind::Model(model) => models::model(&ir, id, model),
            TypeKind::Enum(e) => enums::enumeration(&ir, id, e),
        };
        tree.push(&def.module, item);
    }
    let mut table = table::OperationTable::default();
    let mut request_helpers = request::RequestHelpers::default();
    let options_module = operations::options_module(&ir);
    for op in &ir.operations {
        let ns_depth = op.module.len() - 1;
        if ns_depth > 0 {
            tree.document(
                &op.module[..ns_depth],
                format!(
                    "Types and operations of namespace `{}`.",
                    names::join(&op.module[..ns_depth], ".")
                ),
            );
        }
        let index = table.push(op);
        let item = operations::operation(&ir, op, index, options_module, &mut request_helpers);
        tree.push(&op.module, item);
    }
    for op in &ir.operations {
        tree.document(
            &op.module,
            format!(
                "Operations on `{}`, one function per documented request line.",
                names::join(&op.module, "::")
            ),
        );
    }
    let mut out = String::new();
    tree.write(&mut out);
    table.write(&mut out);
    out.push_str(&request_helpers.tokens().to_string());
    out.push_str(&option_markers(&ir, options_module).to_string());
    out.push_str(&manifest::permissions(&ir).to_string());
    out.push_str(&report::report(&ir).to_string());
    if options.examples {
        let selection =
            crate::ir::select::Selection::new(&options.include, &options.exclude, &options.types)
                .unwrap_or_default();
        out.push_str(&examples::examples(docs, &ir, &selection).to_string());
        out.push_str(&crate::conformance::tokens::conformance(docs, &ir, &selection).to_string());
    }
    out.push_str(&rebuild_triggers(docs, &ir).to_string());
    out
}

/// The shared option markers, one per set of options some page documents, in a root module.
fn option_markers(ir: &Ir, module: &str) -> TokenStream {
    let sets: std::collections::BTreeSet<Vec<&str>> = ir
        .operations
        .iter()
        .filter(|op| !op.needs_own_builder())
        .map(operations::option_traits)
        .filter(|traits| !traits.is_empty())
        .collect();
    if sets.is_empty() {
        return TokenStream::new();
    }
    let markers = sets.iter().map(|traits| operations::options_marker(traits));
    let module = own(module);
    quote! {
        /// Marker types naming which option setters (`select`, `top`, `if_match`, ...) an operation's request has,
        /// one per set of options the pages document.
        pub mod #module {
            #(#markers)*
        }
    }
}

/// One `include_bytes!` per file the output comes from, so that editing one rebuilds the crate: every file of
/// the folder for the whole folder; for a narrow selection ([`Ir::sources`]), the pages it uses and the files
/// they include.
///
/// They sit in the body of a private function that nothing calls, not in a constant: a constant's body is
/// written into the crate's metadata (for other crates' constant evaluation), so every page's bytes were, too
/// (the beta folder's 37 MB in a 79 MB `.rmeta`); a private function's body is neither written there nor
/// compiled to machine code.
fn rebuild_triggers(docs: &DocSet, ir: &Ir) -> TokenStream {
    let tracked: Option<std::collections::BTreeSet<&std::path::Path>> =
        ir.sources.as_ref().map(|sources| {
            sources
                .iter()
                .flat_map(|page| {
                    std::iter::once(page).chain(docs.includes.get(page).into_iter().flatten())
                })
                .map(|f| f.as_path())
                .collect()
        });
    let files = docs
        .files
        .iter()
        .filter(|f| match &tracked {
            Some(tracked) => tracked.contains(f.as_path()),
            None => true,
        })
        .map(|f| docs.root.join(f).to_string_lossy().into_owned());
    quote! {
        const _: () = {
            #[allow(dead_code)]
            fn rebuild_triggers() {
                #( let _ = ::core::include_bytes!(#files); )*
            }
        };
    }
}
