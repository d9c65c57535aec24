//! Pre-flight against a real server on 127.0.0.1, with JWTs made here (unsigned: pre-flight never verifies):
//! a token without a permission the page lists is refused before sending, naming the permission and the page; a
//! token with one, an opaque token and an operation without documented permissions go through; the token never
//! shows in errors or logs.

mod common;

use base64::Engine as _;
use common::capture::Capture;
use common::{get, Reply, TestServer};
use graph_runtime::preflight::PermissionType;
use graph_runtime::{Client, Error, Method, Operation, Permissions, Scopes};

// Delegated work: User.Read User.ReadWrite.All; personal: not supported; application: User.Read.All.
operation!(GET_USER, Get, "/users/{id}");

static UNDOCUMENTED: Operation = Operation {
    name: "undocumented",
    method: Method::Get,
    path_template: "/things",
    path: "",
    source: "api/thing-list.md:20",
    permissions: Permissions {
        delegated_work: Scopes::NotStated,
        delegated_personal: Scopes::NotStated,
        application: Scopes::NotStated,
    },
};

/// A JWT with these claims and a made-up signature.
fn jwt(claims: serde_json::Value) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.{}",
        engine.encode(r#"{"typ":"JWT","alg":"RS256","kid":"test"}"#),
        engine.encode(claims.to_string()),
        engine.encode("not-a-real-signature-9f3c")
    )
}

async fn server() -> TestServer {
    TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"id": "1"}))
    })
    .await
}

fn client(server: &TestServer, token: &str, preflight: bool) -> Client {
    Client::builder()
        .base_url(&server.url("/v1.0"))
        .bearer_token(token)
        .preflight(preflight)
        .build()
        .unwrap()
}

/// Asserts nothing of `token` (whole, its parts, the permissions it holds) is in `text`.
fn assert_secret_free(text: &str, token: &str, held: &[&str]) {
    assert!(!text.contains(token), "token in: {text}");
    for part in token.split('.') {
        assert!(!text.contains(part), "token part `{part}` in: {text}");
    }
    for permission in held {
        assert!(
            !text.contains(permission),
            "held permission {permission} in: {text}"
        );
    }
}

#[tokio::test]
async fn a_token_without_the_scope_is_stopped_naming_the_permission_and_the_page() {
    let server = server().await;
    let held = ["Mail.Send", "Calendars.ReadWrite"];
    let token = jwt(serde_json::json!({
        "aud": "https://graph.microsoft.com", "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "scp": held.join(" "), "upn": "adele@contoso.com",
    }));
    let capture = Capture::default();
    let _recording = capture.record_this_thread();
    let error = client(&server, &token, true)
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .unwrap_err();
    assert!(server.requests().is_empty(), "the request must not be sent");
    match &error {
        Error::MissingPermission {
            operation,
            permission_type,
            least_privileged,
        } => {
            assert_eq!(operation.source, "api/test-page.md:12");
            assert_eq!(*permission_type, PermissionType::DelegatedWork);
            assert_eq!(*least_privileged, Some("User.Read"));
        }
        other => panic!("expected MissingPermission, got {other:?}"),
    }
    let text = error.to_string();
    assert!(text.contains("add User.Read"), "{text}");
    assert!(text.contains("api/test-page.md:12"), "{text}");
    assert!(
        text.contains("delegated (work or school account)"),
        "{text}"
    );
    let everything = format!("{text} {error:?} {}", capture.text());
    assert_secret_free(&everything, &token, &held);
    assert!(!everything.contains("adele@contoso.com"), "{everything}");

    // Application tokens are checked against the application row.
    let app = jwt(serde_json::json!({"roles": ["Mail.Send"], "tid": "t"}));
    let error = client(&server, &app, true)
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("add User.Read.All"), "{error}");
    assert!(matches!(
        error,
        Error::MissingPermission {
            permission_type: PermissionType::Application,
            ..
        }
    ));

    // A personal account's delegated token, where the page says personal accounts are not supported.
    let personal = jwt(serde_json::json!({
        "scp": "User.Read", "tid": "9188040d-6c67-4c5b-b112-36a304b66dad",
    }));
    let error = client(&server, &personal, true)
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("not supported") && text.contains("api/test-page.md:12"),
        "{text}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_token_with_the_scope_goes_through() {
    let server = server().await;
    // A higher-privileged permission the page lists, in another case: still one of the list.
    let token = jwt(serde_json::json!({"scp": "openid user.readwrite.all profile"}));
    let capture = Capture::default();
    let _recording = capture.record_this_thread();
    let user = client(&server, &token, true)
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .unwrap();
    assert_eq!(user["id"], "1");
    let app = jwt(serde_json::json!({"roles": ["User.Read.All"]}));
    client(&server, &app, true)
        .send::<serde_json::Value>(get(&GET_USER, "/users/2"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_secret_free(&capture.text(), &token, &["openid"]);
}

#[tokio::test]
async fn opaque_tokens_undocumented_operations_and_preflight_off_go_through() {
    let server = server().await;
    // A personal account's token is opaque: not read, sent as usual.
    let opaque = "EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAX";
    let capture = Capture::default();
    let _recording = capture.record_this_thread();
    client(&server, opaque, true)
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .unwrap();
    // A JWT without the permission, on an operation whose page documents none.
    let lacking = jwt(serde_json::json!({"scp": "Mail.Send"}));
    client(&server, &lacking, true)
        .send::<serde_json::Value>(get(&UNDOCUMENTED, "/things"))
        .await
        .unwrap();
    // The same token on a documented operation, pre-flight off (the default).
    client(&server, &lacking, false)
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {opaque}").as_str())
    );
    assert_secret_free(&capture.text(), opaque, &[]);
    assert_secret_free(&capture.text(), &lacking, &["Mail.Send"]);
}
