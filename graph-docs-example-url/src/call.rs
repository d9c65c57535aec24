//! Function calls at the end of an example's path (`.../usedRange(valuesOnly=true)`): their arguments, and the
//! same call written with its arguments in the query.

/// A decoded path that ends with a function call, `.../usedRange(valuesOnly=true)`: the path before the
/// parenthesis and the `name=value` arguments, in order, each value as written (a string keeps its quotes). `None`
/// when the last segment is not a call with named arguments (a key in parentheses, `items('x')`, is not).
pub fn trailing_call(path: &str) -> Option<(String, Vec<(String, String)>)> {
    let last = path.rfind('/')?;
    let open = last + path.get(last..)?.find('(')?;
    let inner = path.get(open + 1..)?.strip_suffix(')')?;
    let args = split_top_level(inner)
        .iter()
        .map(|arg| {
            arg.split_once('=')
                .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((path.get(..open)?.to_owned(), args))
}

/// A path ending with a call whose arguments are written in the query instead: `.../delta(token='abc')` is
/// `.../delta` with the pair `token=abc`. OData 4.01 lets a function's parameters be passed as query options
/// (implicit parameter aliases, URL Conventions 11.5.4.2), and the Graph reference writes one function both ways:
/// `GET /me/drive/root/delta?token=latest` on a request line, `delta(token='...')` in its example; the industry-data
/// `getUploadSession?resetSession=true` beside its function parameter table. A quoted string is the same value
/// unquoted in the query (`token=latest`, as the pages write it).
pub fn call_args_as_query(path: &str) -> Option<(String, Vec<(String, String)>)> {
    let (path, args) = trailing_call(path)?;
    let pairs = args
        .into_iter()
        .map(|(name, value)| (name, unquote(&value)))
        .collect();
    Some((path, pairs))
}

/// An OData literal without its string quotes: `'it''s'` is `it's`; anything else is as written.
pub fn unquote(text: &str) -> String {
    match text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        Some(inner) if text.len() >= 2 => inner.replace("''", "'"),
        _ => text.to_owned(),
    }
}

/// Splits `a,b(c,d),e` at the commas outside parentheses and quoted strings (`'a,b'`; a doubled `''` quote stays
/// inside): the arguments of a call, the items of `$select` or `$expand`.
pub fn split_top_level(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_at_the_end_of_a_path_are_split() {
        assert_eq!(
            trailing_call("/w/usedRange(valuesOnly=true,label='a,b')"),
            Some((
                "/w/usedRange".to_owned(),
                vec![
                    ("valuesOnly".to_owned(), "true".to_owned()),
                    ("label".to_owned(), "'a,b'".to_owned())
                ]
            ))
        );
        assert_eq!(trailing_call("/w/range(address='A1')/format"), None);
        assert_eq!(trailing_call("/w/items('x')"), None);
    }

    #[test]
    fn call_arguments_read_as_query_pairs_unquoted() {
        assert_eq!(
            call_args_as_query("/me/drive/root/delta(token='it''s')"),
            Some((
                "/me/drive/root/delta".to_owned(),
                vec![("token".to_owned(), "it's".to_owned())]
            ))
        );
        assert_eq!(call_args_as_query("/me/messages('AAMk')"), None);
        assert_eq!(call_args_as_query("/me/drive/root/delta"), None);
    }

    #[test]
    fn lists_split_outside_parentheses_and_quotes() {
        assert_eq!(
            split_top_level("a,b($select=c,d),e"),
            vec!["a", "b($select=c,d)", "e"]
        );
        assert_eq!(
            split_top_level("x='a,b',y='it''s, (c'"),
            vec!["x='a,b'", "y='it''s, (c'"]
        );
        assert_eq!(unquote("'"), "'");
        assert_eq!(unquote("5"), "5");
    }
}
