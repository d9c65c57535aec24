//! No path parameter value can change the structure of a path: `/`, `?`, `#`, `%`, `'`, `..`, unicode.

use graph_runtime::PathBuilder;
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("%2e%2E".to_owned()),
        Just(String::new()),
        "[a-zA-Z0-9/?#%'. ~_:;=&+()@!$*,\\[\\]\\\\-]{0,12}",
        "\\PC{0,8}",
    ]
}

fn decode(segment: &str) -> String {
    percent_decode_str(segment)
        .decode_utf8()
        .expect("valid UTF-8")
        .into_owned()
}

#[test]
fn the_user_key_me_is_the_signed_in_user() {
    let build = |root: &str, key: &str| {
        let mut path = PathBuilder::new();
        path.push_literal(root);
        path.push_segment(key);
        path.push_literal("/messages");
        path.finish()
    };
    assert_eq!(build("/users/", graph_runtime::ME), "/me/messages");
    assert_eq!(build("/Users/", graph_runtime::ME), "/me/messages");
    // A line that writes the alias itself, and a bare `/users/me`.
    let mut path = PathBuilder::new();
    path.push_literal("/users/me");
    assert_eq!(path.finish(), "/me");
    // Only the root users collection, only the exact key: anything else is left as it is.
    assert_eq!(build("/groups/", graph_runtime::ME), "/groups/me/messages");
    assert_eq!(
        build("/users/x/users/", graph_runtime::ME),
        "/users/x/users/me/messages"
    );
    assert_eq!(build("/users/", "Me"), "/users/Me/messages");
    assert_eq!(build("/users/", "mex"), "/users/mex/messages");
    assert_eq!(build("/users/", "me/x"), "/users/me%2Fx/messages");
    assert_eq!(build("/users/", "a@b.com"), "/users/a%40b.com/messages");
}

#[test]
fn a_key_that_starts_with_a_dollar_is_written_in_parentheses() {
    // Graph answers `/users/$x@y.com` with `400 Bad Request` (OData keeps `$` segments for itself); its user page
    // says to write the key as `/users('$x@y.com')`.
    let build = |key: &str| {
        let mut path = PathBuilder::new();
        path.push_literal("/users/");
        path.push_segment(key);
        path.push_literal("/messages");
        path.finish()
    };
    assert_eq!(
        build("$AdeleVance@contoso.com"),
        "/users(%27%24AdeleVance%40contoso.com%27)/messages"
    );
    assert_eq!(decode(&build("$it's/x")), "/users('$it''s/x')/messages");
    assert_eq!(build("a$b"), "/users/a%24b/messages");
}

#[test]
fn the_item_root_of_a_drive_is_its_root_folder() {
    let build = |pieces: &[&str], key: &str, rest: &str| {
        let mut path = PathBuilder::new();
        for piece in pieces {
            path.push_literal(piece);
        }
        path.push_segment(key);
        path.push_literal(rest);
        path.finish()
    };
    assert_eq!(build(&["/me/drive/items/"], "root", ""), "/me/drive/root");
    assert_eq!(
        build(&["/me/drive/items/"], "root", "/children"),
        "/me/drive/root/children"
    );
    assert_eq!(
        build(&["/drives/"], "b!x", "/items/root:/a.txt:/content"),
        "/drives/b%21x/root:/a.txt:/content"
    );
    assert_eq!(
        build(&["/users/"], graph_runtime::ME, "/drive/items/root"),
        "/me/drive/root"
    );
    // Other keys, and items that are not a drive's, are left as they are.
    assert_eq!(
        build(&["/me/drive/items/"], "rootx", "/children"),
        "/me/drive/items/rootx/children"
    );
    assert_eq!(
        build(&["/sites/s/lists/l/items/"], "root", ""),
        "/sites/s/lists/l/items/root"
    );
    assert_eq!(
        build(&["/me/drive/items/"], "a", "/items/root"),
        "/me/drive/items/a/items/root"
    );
    // Inside an item path the names are the caller's folders.
    let mut path = PathBuilder::new();
    path.push_literal("/me/drive/root:/");
    path.push_item_path("x/drive/items/root");
    path.push_literal(":/content");
    assert_eq!(path.finish(), "/me/drive/root:/x/drive/items/root:/content");
}

#[test]
fn function_arguments_are_written_in_the_parentheses() {
    use graph_runtime::{Method, Operation, Permissions, Scopes};
    static USED_RANGE: Operation = Operation {
        name: "used_range",
        method: Method::Get,
        path_template: "/workbook/worksheets/{id}/usedRange",
        path: "/workbook/worksheets/{0}/usedRange",
        source: "api/worksheet-usedrange.md:28",
        permissions: Permissions {
            delegated_work: Scopes::NotStated,
            delegated_personal: Scopes::NotStated,
            application: Scopes::NotStated,
        },
    };
    let mut spec =
        graph_runtime::builder::spec(&USED_RANGE, "/workbook/worksheets/s/usedRange".to_owned());
    graph_runtime::builder::function_arg(&mut spec, "valuesOnly", &true);
    assert_eq!(
        spec.path,
        "/workbook/worksheets/s/usedRange(valuesOnly=true)"
    );
    // A second argument joins the first; strings are quoted OData literals, encoded like a key.
    graph_runtime::builder::function_arg(&mut spec, "label", &String::from("it's a/b?"));
    assert_eq!(
        spec.path,
        "/workbook/worksheets/s/usedRange(valuesOnly=true,label=%27it%27%27s%20a%2Fb%3F%27)"
    );
    assert!(spec.query.is_empty());
}

proptest! {
    #[test]
    fn segments_stay_single_segments(a in value(), b in value()) {
        // The one alias (`/users/me` is `/me`) is tested above, and so is a key that starts with `$`.
        prop_assume!(a != graph_runtime::ME);
        prop_assume!(!a.starts_with('$') && !b.starts_with('$'));
        let mut path = PathBuilder::new();
        path.push_literal("/users/");
        path.push_segment(&a);
        path.push_literal("/calendars/");
        path.push_segment(&b);
        path.push_literal("/events");
        let path = path.finish();
        prop_assert!(!path.contains(['?', '#', '\'', ' ']) && path.is_ascii(), "{}", path);
        let parts: Vec<&str> = path.split('/').collect();
        prop_assert_eq!(parts.len(), 6, "{}", path);
        prop_assert_eq!(&parts[..2], &["", "users"]);
        prop_assert_eq!(decode(parts[2]), a.clone());
        prop_assert_eq!(parts[3], "calendars");
        prop_assert_eq!(decode(parts[4]), b.clone());
        prop_assert_eq!(parts[5], "events");
        prop_assert!(parts[2] != "." && parts[2] != "..", "dot segments are encoded: {}", path);
        // What a URL parser makes of it: unchanged, except dot segments, which the client refuses to send.
        let url = url::Url::parse(&format!("https://graph.microsoft.com/v1.0{path}")).expect("a URL");
        let dots = |v: &str| matches!(v.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..");
        if !dots(&a) && !dots(&b) {
            prop_assert_eq!(url.path(), format!("/v1.0{path}"));
            prop_assert_eq!(url.query(), None);
            prop_assert_eq!(url.fragment(), None);
        }
    }

    #[test]
    fn odata_literals_stay_inside_their_parentheses(s in value(), n in any::<i64>(), f in any::<f64>(), flag in any::<bool>(), id in any::<u128>()) {
        let id = uuid::Uuid::from_u128(id);
        let mut path = PathBuilder::new();
        path.push_literal("/f(s=");
        path.push_odata(s.as_str());
        path.push_literal(",n=");
        path.push_odata(&n);
        path.push_literal(",x=");
        path.push_odata(&f);
        path.push_literal(",b=");
        path.push_odata(&flag);
        path.push_literal(",id=");
        path.push_odata(&id);
        path.push_literal(")");
        let path = path.finish();
        prop_assert!(!path[1..].contains(['/', '?', '#', '\'']), "{}", path);
        let inner = path.strip_prefix("/f(").and_then(|p| p.strip_suffix(')')).expect("parentheses");
        let params: Vec<&str> = inner.split(',').collect();
        prop_assert_eq!(params.len(), 5, "{}", path);
        prop_assert_eq!(decode(params[0].trim_start_matches("s=")), format!("'{}'", s.replace('\'', "''")));
        prop_assert_eq!(decode(params[1].trim_start_matches("n=")), n.to_string());
        let x = decode(params[2].trim_start_matches("x="));
        if f.is_finite() {
            prop_assert_eq!(x.parse::<f64>().expect("a number"), f);
        }
        prop_assert_eq!(decode(params[3].trim_start_matches("b=")), flag.to_string());
        prop_assert_eq!(decode(params[4].trim_start_matches("id=")), id.to_string());
    }

    #[test]
    fn item_paths_keep_their_components(parts in proptest::collection::vec(value(), 1..4)) {
        let item = parts.join("/");
        let mut path = PathBuilder::new();
        path.push_literal("/me/drive/root:/");
        path.push_item_path(&item);
        path.push_literal(":/content");
        let path = path.finish();
        let inner = path.strip_prefix("/me/drive/root:/").and_then(|p| p.strip_suffix(":/content")).expect("colons");
        prop_assert!(!inner.contains([':', '?', '#']), "{}", path);
        let decoded: Vec<String> = inner.split('/').map(decode).collect();
        prop_assert_eq!(decoded, item.split('/').map(str::to_owned).collect::<Vec<_>>());
        prop_assert!(inner.split('/').all(|c| c != "." && c != ".."), "{}", path);
    }
}
