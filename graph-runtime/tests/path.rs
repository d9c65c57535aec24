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

proptest! {
    #[test]
    fn segments_stay_single_segments(a in value(), b in value()) {
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
