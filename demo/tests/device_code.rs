//! The main job with `GRAPH_DEVICE_CODE=1`: the `seed-flow` binary signs a user in against a login host on
//! loopback (the same `DeviceCodeFlow` as graph-runtime's tests), then runs the seed flow on a loopback Graph.

#[path = "../../graph-runtime/tests/common/mod.rs"]
mod common;

use common::{Reply, TestServer};

const SECRETS: [&str; 4] = [
    "DEVICE-CODE-demo",
    "ACCESS-demo",
    "REFRESH-demo",
    "SAS-SIGNATURE",
];

#[tokio::test]
async fn seed_flow_signs_a_user_in_with_the_device_code_flow() {
    let login = TestServer::start("127.0.0.1", |request| {
        if request.path().ends_with("/devicecode") {
            return Reply::json(200, serde_json::json!({
                "device_code": "DEVICE-CODE-demo",
                "user_code": "WXYZ-1234",
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900,
                "interval": 0,
                "message": "To sign in, open https://microsoft.com/devicelogin and enter the code WXYZ-1234.",
            }));
        }
        let body = String::from_utf8_lossy(&request.body);
        if body.contains("device_code=DEVICE-CODE-demo") {
            Reply::json(200, serde_json::json!({
                "token_type": "Bearer", "expires_in": 3600,
                "access_token": "ACCESS-demo", "refresh_token": "REFRESH-demo",
            }))
        } else {
            Reply::json(400, serde_json::json!({"error": "invalid_request"}))
        }
    })
    .await;
    let blob = TestServer::start("127.0.0.1", |_| Reply::status(201)).await;
    let session_url = blob.url("/container?sv=2021-08-06&sr=c&sp=racwl&sig=SAS-SIGNATURE");
    let graph = TestServer::start("127.0.0.1", move |_| {
        Reply::json(
            200,
            serde_json::json!({
                "containerId": "container",
                "sessionUrl": session_url,
            }),
        )
    })
    .await;

    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_seed-flow"))
        .env_clear()
        .env("GRAPH_DEVICE_CODE", "1")
        .env("GRAPH_CLIENT_ID", "demo-app")
        .env("GRAPH_TENANT_ID", "contoso")
        .env("GRAPH_LOGIN_URL", login.url(""))
        .env("GRAPH_BASE_URL", graph.url("/beta"))
        .env("GRAPH_CONNECTOR_ID", "connector-1")
        .output()
        .await
        .expect("run seed-flow");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("enter the code WXYZ-1234"),
        "the prompt: {stderr}"
    );
    assert!(stdout.contains("Signed in as a user"), "{stdout}");

    let asked = login.requests();
    assert_eq!(asked[0].path(), "/contoso/oauth2/v2.0/devicecode");
    let scope = url::form_urlencoded::parse(&asked[0].body)
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v.into_owned());
    assert_eq!(
        scope.as_deref(),
        Some(
            "https://graph.microsoft.com/EduAdministration.Read \
             https://graph.microsoft.com/IndustryData-DataConnector.Read.All offline_access"
        ),
        "the generated PERMISSIONS manifest's delegated permissions"
    );
    let sent = graph.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("authorization"), Some("Bearer ACCESS-demo"));
    assert!(
        sent[0].path().ends_with("/getUploadSession"),
        "{}",
        sent[0].uri
    );
    assert_eq!(blob.requests().len(), 1, "the CSV was put");
    assert!(blob.requests()[0].header("authorization").is_none());
    for secret in SECRETS {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{secret} shown:\n{stdout}\n{stderr}"
        );
    }
}
