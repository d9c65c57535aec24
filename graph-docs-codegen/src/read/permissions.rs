//! The permissions section (`## Permissions`, or `## Prerequisites` in the Intune layout): the usual
//! `Permission type | Permissions` table, the `Least privileged | Higher privileged` include tables,
//! transposed tables (permission types as columns), workflow sub-rows and bullets. Scopes end up ordered
//! least to most privileged; "(from most to least privileged)" tables are reversed.

use crate::page::diagnostics::{Diagnostic, DiagnosticKind};
use crate::read::markdown::{Block, BlockKind, Inline, Table};
use crate::page::{Permissions, Scopes};
use crate::read::table::header_key_into;
use crate::read::text::{contains_ci, starts_with_ci};

/// The three permission types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PermType {
    Work,
    Personal,
    Application,
}

fn perm_type(text: &str) -> Option<PermType> {
    let has = |s: &str| contains_ci(text, s);
    if has("personal") || has("microsoft account") {
        Some(PermType::Personal)
    } else if has("application")
        || starts_with_ci(text, "app-only")
        || crate::read::text::trim(text).eq_ignore_ascii_case("app")
    {
        Some(PermType::Application)
    } else if has("delegated") || has("work or school") {
        Some(PermType::Work)
    } else {
        None
    }
}

/// Split a scopes cell: `A, B; C or D` into `[A, B, C, D]`; `None` when it says "Not supported".
fn scopes(text: &str) -> Option<Vec<String>> {
    let t = crate::read::text::trim(text);
    if starts_with_ci(t, "not supported")
        || t.eq_ignore_ascii_case("none")
        || t.eq_ignore_ascii_case("n/a")
    {
        return None;
    }
    if starts_with_ci(t, "not available") || t.is_empty() {
        return Some(Vec::new());
    }
    // Scopes are dotted names (`User.Read.All`, `IndustryData-InboundFlow.Read.All`); prose around them
    // ("For **user** resource:", "or") is dropped.
    let mut out: Vec<String> = Vec::new();
    for token in t.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')) {
        let token = token.trim_matches(|c: char| matches!(c, '.' | '`' | '*' | '_' | ':'));
        let is_scope = token.contains('.')
            && token
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if is_scope && !out.iter().any(|s| s == token) {
            out.push(token.to_string());
        }
    }
    Some(out)
}

#[derive(Default)]
struct Collect {
    work: Option<Scopes>,
    personal: Option<Scopes>,
    application: Option<Scopes>,
}

impl Collect {
    fn slot(&mut self, ty: PermType) -> &mut Option<Scopes> {
        match ty {
            PermType::Work => &mut self.work,
            PermType::Personal => &mut self.personal,
            PermType::Application => &mut self.application,
        }
    }

    /// Add scopes for a type, keeping earlier ones (workflow sub-rows and scenario rows accumulate).
    fn add(&mut self, ty: PermType, value: Option<Vec<String>>) {
        let slot = self.slot(ty);
        match (slot.as_mut(), value) {
            (Some(Scopes::Listed(have)), Some(more)) => {
                for s in more {
                    if !have.contains(&s) {
                        have.push(s);
                    }
                }
            }
            (Some(Scopes::Listed(_)), None) => {}
            (_, Some(list)) => *slot = Some(Scopes::Listed(list)),
            (None, None) => *slot = Some(Scopes::NotSupported),
            (Some(_), None) => {}
        }
    }

    fn is_empty(&self) -> bool {
        self.work.is_none() && self.personal.is_none() && self.application.is_none()
    }

    fn finish(self, reverse: bool, location: Option<crate::page::diagnostics::Location>) -> Permissions {
        let fix = |s: Option<Scopes>| match s {
            Some(Scopes::Listed(mut v)) => {
                if reverse {
                    v.reverse();
                }
                if v.is_empty() {
                    Scopes::NotStated
                } else {
                    Scopes::Listed(v)
                }
            }
            Some(other) => other,
            None => Scopes::NotStated,
        };
        Permissions {
            delegated_work: fix(self.work),
            delegated_personal: fix(self.personal),
            application: fix(self.application),
            location,
        }
    }
}

/// Read the permissions from the blocks of the section (includes already expanded).
pub fn parse(blocks: &[Block], diags: &mut Vec<Diagnostic>) -> Permissions {
    let mut collect = Collect::default();
    let mut reverse = false;
    let mut location = None;
    for block in blocks {
        match &block.kind {
            BlockKind::Table(table) => {
                let before = collect.is_empty();
                let rev = read_table(table, &mut collect);
                if before && !collect.is_empty() {
                    reverse = rev;
                    location = Some(block.location());
                } else if collect.is_empty() {
                    diags.push(
                        Diagnostic::warning(DiagnosticKind::Permissions, block.location(), "permissions table names no permission type")
                            .with_hint("use rows `Delegated (work or school account)`, `Delegated (personal Microsoft account)`, `Application`"),
                    );
                }
            }
            BlockKind::ListItem(item) | BlockKind::Paragraph(item) => {
                if let Some((ty, value)) = bullet(item) {
                    collect.add(ty, value);
                    location.get_or_insert_with(|| block.location());
                } else if matches!(block.kind, BlockKind::ListItem(_)) && item.text.contains(':') {
                    diags.push(
                        Diagnostic::warning(
                            DiagnosticKind::Permissions,
                            block.location(),
                            format!("permission bullet names no permission type: `{}`", item.text),
                        )
                        .with_hint("start the bullet with `Delegated (work or school account):` or `Application:`"),
                    );
                }
            }
            _ => {}
        }
    }
    collect.finish(reverse, location)
}

/// `Delegated (work or school account): A, B`
fn bullet(item: &Inline) -> Option<(PermType, Option<Vec<String>>)> {
    let (head, tail) = item.text.split_once(':')?;
    if head.len() > 60 {
        return None;
    }
    let ty = perm_type(head)?;
    Some((ty, scopes(tail)))
}

/// Read one table into `collect`; returns whether it lists scopes most privileged first.
fn read_table(table: &Table, collect: &mut Collect) -> bool {
    // Header cells reduced for matching, one at a time into one buffer: the order note and the columns
    // that hold scopes (after the first, except descriptions and scenarios).
    let mut key = String::with_capacity(64);
    let mut reverse = false;
    let mut scope_cols: Vec<usize> = Vec::with_capacity(table.header().cells.len());
    for (i, cell) in table.header().cells.iter().enumerate() {
        header_key_into(&cell.text, &mut key);
        reverse |= key.contains("most to least");
        if i > 0 && !key.contains("description") && !key.contains("scenario") {
            scope_cols.push(i);
        }
    }
    // Transposed: permission types are the columns.
    let type_cols: Vec<(usize, PermType)> = table
        .header()
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, perm_type(&c.text)?)))
        .collect();
    if type_cols.len() >= 2 {
        for row in table.rows() {
            for (i, ty) in &type_cols {
                if let Some(cell) = row.cells.get(*i) {
                    collect.add(*ty, scopes(&cell.text));
                }
            }
        }
        return reverse;
    }
    // `Permission type | Least privileged | Higher privileged` or `Permission type | Permissions`.
    let mut current: Option<PermType> = None;
    for row in table.rows() {
        let name = row.cells.first().map_or("", |c| &*c.text);
        let ty = perm_type(name);
        let ty = match ty {
            Some(t) => {
                current = Some(t);
                t
            }
            // A workflow sub-row (`Auditing`) under the last permission type.
            None => match current {
                Some(t) => t,
                None => continue,
            },
        };
        let mut values: Option<Vec<String>> = None;
        let mut any = false;
        for i in &scope_cols {
            let Some(cell) = row.cells.get(*i) else {
                continue;
            };
            any = true;
            match (scopes(&cell.text), values.as_mut()) {
                (Some(more), Some(have)) => have.extend(more),
                (Some(more), None) => values = Some(more),
                (None, _) => {}
            }
        }
        if any {
            let not_supported = values.is_none();
            collect.add(ty, if not_supported { None } else { values });
        }
    }
    reverse
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::markdown::parse_blocks;
    use std::path::Path;
    use std::rc::Rc;

    fn read(md: &str) -> (Permissions, Vec<Diagnostic>) {
        let blocks = parse_blocks(md, 1, &Rc::from(Path::new("p.md")));
        let mut d = Vec::new();
        (parse(&blocks, &mut d), d)
    }

    fn listed(v: &[&str]) -> Scopes {
        Scopes::Listed(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn standard_table() {
        let (p, d) = read("|Permission type|Permissions (from least to most privileged)|\n|-|-|\n|Delegated (work or school account)|A.Read, A.ReadWrite|\n|Delegated (personal Microsoft account)|Not supported.|\n|Application|A.Read.All|\n");
        assert!(d.is_empty());
        assert_eq!(p.delegated_work, listed(&["A.Read", "A.ReadWrite"]));
        assert_eq!(p.delegated_personal, Scopes::NotSupported);
        assert_eq!(p.application, listed(&["A.Read.All"]));
        assert_eq!(p.location.map(|l| l.line), Some(1));
    }

    #[test]
    fn most_to_least_is_reversed_and_least_higher_is_joined() {
        let (p, _) = read("|Permission type|Permissions (from most to least privileged)|\n|-|-|\n|Delegated (work or school account)|B.ReadWrite, B.Read|\n");
        assert_eq!(p.delegated_work, listed(&["B.Read", "B.ReadWrite"]));
        let (p, _) = read("|Permission type|Least privileged permissions|Higher privileged permissions|\n|-|-|-|\n|Delegated (work or school account)|C.Read|C.ReadWrite|\n|Application|C.Read|Not available.|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n");
        assert_eq!(p.delegated_work, listed(&["C.Read", "C.ReadWrite"]));
        assert_eq!(p.application, listed(&["C.Read"]));
        assert_eq!(p.delegated_personal, Scopes::NotSupported);
    }

    #[test]
    fn transposed_and_bullets() {
        let (p, _) = read("| Calendar | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|-|-|-|-|\n| user | Cal.Read | Cal.Read | Cal.Read |\n| group | Group.Read.All | Not supported. | Not supported. |\n");
        assert_eq!(p.delegated_work, listed(&["Cal.Read", "Group.Read.All"]));
        assert_eq!(p.delegated_personal, listed(&["Cal.Read"]));
        let (p, d) = read("* Delegated (work or school account): X.Read, X.ReadWrite\n* Application: Not supported.\n* If accessing messages: Mail.Read.\n");
        assert_eq!(p.delegated_work, listed(&["X.Read", "X.ReadWrite"]));
        assert_eq!(p.application, Scopes::NotSupported);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.line, 3);
    }
}
