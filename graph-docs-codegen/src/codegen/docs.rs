//! Rustdoc text from page text: safe for rustdoc (no accidental links, HTML tags, code blocks or doctests)
//! and carrying the facts a caller needs: description, permissions (least privileged first), HTTP line, source.

use crate::page::{Permissions, Scopes};

/// Page text made safe as a rustdoc paragraph: each line trimmed (no indented code blocks, hence no doctests),
/// `[`, `]`, `<`, `>`, `*`, `_` and backtick fences escaped, bare URLs wrapped in `<...>`, and no `*/`. Characters
/// rustc lints on never get here: the reader removed them (`crate::read::safe_text`).
pub fn text(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let line = line.trim();
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if word.starts_with("https://") || word.starts_with("http://") {
                let url: String = word
                    .chars()
                    .filter(|c| !matches!(c, '<' | '>' | '`' | '"'))
                    .collect();
                out.push('<');
                out.push_str(&url);
                out.push('>');
                continue;
            }
            let mut chars = word.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    // `*/` would end a block doc comment (`/** ... */`, as prettyplease prints multi-line docs).
                    '*' if chars.peek() == Some(&'/') => out.push_str("&#42;"),
                    '[' | ']' | '*' | '_' | '\\' | '#' | '|' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '`' => out.push('\''),
                    _ => out.push(c),
                }
            }
        }
    }
    out.trim().to_owned()
}

/// A description, or `fallback` when the page has none.
pub fn description(source: &str, fallback: &str) -> String {
    let described = text(source);
    if described.is_empty() {
        fallback.to_owned()
    } else {
        described
    }
}

/// The permissions as a rustdoc list, least privileged first.
pub fn permissions(permissions: &Permissions) -> String {
    let row = |label: &str, scopes: &Scopes| -> String {
        let value = match scopes {
            Scopes::Listed(list) if !list.is_empty() => list
                .iter()
                .map(|s| format!("`{}`", s.replace('`', "")))
                .collect::<Vec<_>>()
                .join(", "),
            Scopes::Listed(_) | Scopes::NotStated => "not stated".to_owned(),
            Scopes::NotSupported => "not supported".to_owned(),
        };
        format!("- {label}: {value}")
    };
    [
        "Permissions (least privileged first):".to_owned(),
        String::new(),
        row(
            "Delegated (work or school account)",
            &permissions.delegated_work,
        ),
        row(
            "Delegated (personal Microsoft account)",
            &permissions.delegated_personal,
        ),
        row("Application", &permissions.application),
    ]
    .join("\n")
}

/// An HTTP line as a `text` code block (never compiled as a doctest).
pub fn http_line(line: &str) -> String {
    format!("```text\n{}\n```", line.replace("```", "'''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(
            text("  Get a [user](user.md) <id> *now*"),
            "Get a \\[user\\](user.md) &lt;id&gt; \\*now\\*"
        );
        assert_eq!(text("See https://aka.ms/x."), "See <https://aka.ms/x.>");
        assert_eq!(text("    indented\n  code"), "indented\ncode");
        assert_eq!(description("", "fallback"), "fallback");
        assert_eq!(text("a */ b /* c"), "a &#42;/ b /\\* c");
    }

    #[test]
    fn permission_rows() {
        let p = Permissions {
            delegated_work: Scopes::Listed(vec!["User.Read".into(), "User.ReadWrite".into()]),
            delegated_personal: Scopes::NotSupported,
            application: Scopes::NotStated,
            location: None,
        };
        let doc = permissions(&p);
        assert!(doc.contains("- Delegated (work or school account): `User.Read`, `User.ReadWrite`"));
        assert!(doc.contains("personal Microsoft account): not supported"));
        assert!(doc.contains("- Application: not stated"));
    }
}
