//! Addressing pass: where an entity of a type can be addressed, for deriving the line of a bound operation
//! whose page has none.

use std::collections::BTreeMap;

use crate::ir::types::{RustType, TypeId, TypeSpace};
use crate::page::diagnostics::Location;
use crate::page::template::{PathTemplate, Segment};
use crate::page::{ApiPage, HttpMethod, ResponseBody};

/// A GET line that returns one entity of a type.
#[derive(Debug, Clone)]
pub struct AddressingLine {
    /// Its path template.
    pub template: PathTemplate,
    /// The line as written.
    pub raw: String,
    /// Where it is.
    pub location: Location,
}

/// Where an entity of a type can be addressed: the request lines of GET pages that return one.
#[derive(Debug, Default)]
pub struct AddressIndex {
    by_type: BTreeMap<TypeId, Vec<AddressingLine>>,
}

impl AddressIndex {
    /// Indexes the GET lines of pages whose response is a single model. Lines that end with a key and hold no
    /// function call or cast come first; then page order.
    pub fn new(pages: &[&ApiPage], space: &TypeSpace) -> Self {
        let mut index = AddressIndex::default();
        for page in pages {
            let Some(ResponseBody::Single(expr)) = page.response.as_ref().map(|r| &r.body) else {
                continue;
            };
            let Some(RustType::Named(id)) = space.resolve(expr, &page.namespace) else {
                continue;
            };
            for line in page.requests.iter().filter(|l| l.method == HttpMethod::Get) {
                index.by_type.entry(id).or_default().push(AddressingLine {
                    template: line.template.clone(),
                    raw: line.raw.clone(),
                    location: line.location.clone(),
                });
            }
        }
        for lines in index.by_type.values_mut() {
            lines.sort_by_key(|line| (!is_plain_key_path(&line.template), line.location.clone()));
        }
        index
    }

    /// The best addressing line for a type or, failing that, its nearest base.
    pub fn address(&self, id: TypeId, space: &TypeSpace) -> Option<&AddressingLine> {
        space
            .chain(id)
            .into_iter()
            .find_map(|t| self.by_type.get(&t).and_then(|lines| lines.first()))
    }
}

fn is_plain_key_path(template: &PathTemplate) -> bool {
    let ends_with_key = matches!(
        template.segments.last(),
        Some(Segment::Param(_)) | Some(Segment::Call { .. })
    );
    let plain = template.segments.iter().all(|s| match s {
        Segment::Literal(_) | Segment::Param(_) => true,
        Segment::Call { args, .. } => args.iter().all(|a| a.name.is_none()),
        _ => false,
    });
    ends_with_key && plain
}
