//! The spelling of literal path segments across a doc set.
//!
//! Graph names its entity sets, singletons, navigation properties and operations in lowerCamelCase
//! (`calendarGroups`, `directoryAudits`), and Microsoft's REST guidelines have services treat those path segments
//! as case-sensitive. Some pages write a segment all in lower case (`GET /auditLogs/directoryaudits`) where other
//! lines of the doc set, after the same path, write it in camelCase (`GET /auditLogs/directoryAudits/{id}`). Such a
//! line is a typo of the camelCase name: its path is sent with the camelCase spelling that the doc set uses most
//! for that segment after that path. A spelling with a capital letter is never changed, and neither is a segment
//! no other line spells differently.

use std::collections::BTreeMap;

use crate::page::template::{PathTemplate, Segment};

/// How the doc set's request lines spell each literal segment, by the path before it.
#[derive(Debug, Default)]
pub struct SegmentCasing {
    /// Lower-cased path up to and including the segment (`/auditlogs/directoryaudits`, keys as `{}`) to the
    /// spellings of the segment and how many lines use each.
    spellings: BTreeMap<String, BTreeMap<String, usize>>,
}

impl SegmentCasing {
    /// Counts the spellings of the literal segments of every template.
    pub fn new<'t>(templates: impl IntoIterator<Item = &'t PathTemplate>) -> Self {
        let mut casing = SegmentCasing::default();
        for template in templates {
            let mut key = String::new();
            for segment in &template.segments {
                push_key(&mut key, segment);
                if let Segment::Literal(literal) = segment {
                    *casing
                        .spellings
                        .entry(key.clone())
                        .or_default()
                        .entry(literal.clone())
                        .or_default() += 1;
                }
            }
        }
        casing
    }

    /// The spelling to send for a literal segment whose lower-cased path is `key`: an all-lower-case spelling is
    /// replaced by the doc set's most used camelCase spelling of the same segment (the first, alphabetically, on
    /// a tie); any other spelling is kept.
    pub fn spelling<'a>(&'a self, key: &str, literal: &'a str) -> &'a str {
        if literal.chars().any(|c| c.is_ascii_uppercase()) {
            return literal;
        }
        self.spellings
            .get(key)
            .and_then(|spellings| {
                spellings
                    .iter()
                    .filter(|(spelling, _)| {
                        spelling.chars().any(|c| c.is_ascii_uppercase())
                            && spelling.eq_ignore_ascii_case(literal)
                    })
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(spelling, _)| spelling.as_str())
            })
            .unwrap_or(literal)
    }
}

/// Appends a segment to a lower-cased path key: literals and calls by name, everything a caller fills in as `{}`.
pub fn push_key(key: &mut String, segment: &Segment) {
    key.push('/');
    match segment {
        Segment::Literal(literal) => key.push_str(&literal.to_ascii_lowercase()),
        Segment::Call { name, .. } => {
            key.push_str(&name.to_ascii_lowercase());
            key.push_str("()");
        }
        Segment::Cast(cast) => key.push_str(&cast.to_ascii_lowercase()),
        Segment::Value => key.push_str("$value"),
        Segment::Ref => key.push_str("$ref"),
        Segment::Count => key.push_str("$count"),
        Segment::Param(_) | Segment::Placeholder(_) | Segment::ItemPath { .. } => {
            key.push_str("{}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> PathTemplate {
        crate::page::template::parse(text).unwrap()
    }

    #[test]
    fn an_all_lower_case_segment_takes_the_camel_case_spelling_of_the_same_path() {
        let lines = [
            line("/auditLogs/directoryaudits"),
            line("/auditLogs/directoryAudits/{id}"),
            line("/me/calendargroups"),
            line("/me/calendargroups/{id}"),
            line("/me/calendarGroups/{id}/calendars"),
            line("/users/{id}/calendargroups"),
            line("/me/events"),
        ];
        let casing = SegmentCasing::new(&lines);
        assert_eq!(
            casing.spelling("/auditlogs/directoryaudits", "directoryaudits"),
            "directoryAudits"
        );
        // Fewer lines write it in camelCase, but the lower-case spelling is the typo.
        assert_eq!(
            casing.spelling("/me/calendargroups", "calendargroups"),
            "calendarGroups"
        );
        // After another path no line spells it in camelCase: kept.
        assert_eq!(
            casing.spelling("/users/{}/calendargroups", "calendargroups"),
            "calendargroups"
        );
        // A spelling with a capital is never changed, and single-spelling segments are kept.
        assert_eq!(
            casing.spelling("/auditlogs/directoryaudits", "directoryAUDITS"),
            "directoryAUDITS"
        );
        assert_eq!(casing.spelling("/me/events", "events"), "events");
        let mut key = String::new();
        for segment in &line("/users/{id}/calendarGroups").segments {
            push_key(&mut key, segment);
        }
        assert_eq!(key, "/users/{}/calendargroups");
    }
}
