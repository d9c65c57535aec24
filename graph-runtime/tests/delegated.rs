//! Delegated sign-in against a real login host on loopback: the device code flow, refreshes and the token cache.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use common::capture::Capture;
use common::{get, Recorded, Reply, TestServer};
use graph_runtime::{
    CachedTokens, Client, Cloud, DelegatedToken, DeviceCodeFlow, DeviceCodePrompt, Error,
    MemoryCache, TokenCache,
};

operation!(GET_ME, Get, "/me");

const DEVICE_CODE: &str = "DEVICE-CODE-dc-0123456789";
const USER_CODE: &str = "ABCD-EFGH";

/// Every secret a test hands out; none may show in Debug output, logs or errors.
const SECRETS: [&str; 6] = [
    DEVICE_CODE,
    "ACCESS-one",
    "ACCESS-two",
    "ACCESS-three",
    "REFRESH-one",
    "REFRESH-two",
];

fn form(request: &Recorded) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn field(request: &Recorded, name: &str) -> Option<String> {
    form(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn oauth_error(code: &str, description: &str) -> Reply {
    Reply::json(
        400,
        serde_json::json!({"error": code, "error_description": description}),
    )
}

fn tokens(access: &str, refresh: Option<&str>, expires_in: u64) -> Reply {
    let mut body = serde_json::json!({
        "token_type": "Bearer",
        "scope": "https://graph.microsoft.com/Mail.Read offline_access",
        "expires_in": expires_in,
        "access_token": access,
    });
    if let Some(refresh) = refresh {
        body["refresh_token"] = refresh.into();
    }
    Reply::json(200, body)
}

/// Microsoft's answer to a device authorization request, with a polling interval of one second.
fn device_authorization() -> Reply {
    Reply::json(
        200,
        serde_json::json!({
            "device_code": DEVICE_CODE,
            "user_code": USER_CODE,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": 900,
            "interval": 1,
            "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {USER_CODE} to authenticate."),
        }),
    )
}

/// A login host answering device authorization requests, and token requests from `script` in turn (then 500);
/// it records when each token request came.
async fn login_host(script: Vec<Reply>) -> (TestServer, Arc<Mutex<Vec<Instant>>>) {
    let script = Mutex::new(script.into_iter());
    let polls = Arc::new(Mutex::new(Vec::new()));
    let seen = polls.clone();
    let server = TestServer::start("127.0.0.1", move |request| {
        if request.path().ends_with("/devicecode") {
            return device_authorization();
        }
        seen.lock().unwrap().push(Instant::now());
        script
            .lock()
            .unwrap()
            .next()
            .unwrap_or_else(|| Reply::status(500))
    })
    .await;
    (server, polls)
}

fn flow(login: &TestServer) -> DeviceCodeFlow {
    DeviceCodeFlow::new(Cloud::Global, "contoso", "app-id")
        .scopes(["Mail.Read", "User.Read"])
        .device_authorization_url(login.url("/contoso/oauth2/v2.0/devicecode"))
        .token_url(login.url("/contoso/oauth2/v2.0/token"))
        .poll_interval_unit(Duration::from_millis(25))
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

#[tokio::test]
async fn device_code_waits_through_pending_and_slow_down_then_signs_in() {
    let (login, polls) = login_host(vec![
        oauth_error("authorization_pending", "AADSTS70016: pending"),
        oauth_error("authorization_pending", "AADSTS70016: pending"),
        oauth_error("slow_down", "poll less often"),
        tokens("ACCESS-one", Some("REFRESH-one"), 3600),
    ])
    .await;
    let graph = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"id": "me"}))
    })
    .await;
    let logs = Capture::default();
    let _recording = logs.record_this_thread();
    let cache = Arc::new(MemoryCache::new());
    let flow = flow(&login).cache(cache.clone());
    let key = flow.cache_key();
    let flow_debug = format!("{flow:?}");
    let mut shown: Vec<DeviceCodePrompt> = Vec::new();
    let user = flow
        .sign_in(|prompt| shown.push(prompt.clone()))
        .await
        .expect("signed in");

    assert_eq!(shown.len(), 1, "one prompt");
    assert_eq!(shown[0].user_code, USER_CODE);
    assert_eq!(
        shown[0].verification_uri,
        "https://microsoft.com/devicelogin"
    );
    assert!(shown[0].message.contains(USER_CODE), "{}", shown[0].message);
    assert_eq!(shown[0].expires_in, Duration::from_secs(900));

    let requests = login.requests();
    assert_eq!(requests.len(), 5, "one device authorization, four polls");
    assert_eq!(requests[0].path(), "/contoso/oauth2/v2.0/devicecode");
    assert_eq!(field(&requests[0], "client_id").as_deref(), Some("app-id"));
    assert_eq!(
        field(&requests[0], "scope").as_deref(),
        Some("https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/User.Read offline_access")
    );
    for poll in &requests[1..] {
        assert_eq!(poll.path(), "/contoso/oauth2/v2.0/token");
        assert_eq!(
            field(poll, "grant_type").as_deref(),
            Some("urn:ietf:params:oauth:grant-type:device_code")
        );
        assert_eq!(field(poll, "device_code").as_deref(), Some(DEVICE_CODE));
        assert_eq!(field(poll, "client_id").as_deref(), Some("app-id"));
    }
    // The interval is one (scaled) second, 25 ms, until slow_down adds five: then 150 ms.
    let at = polls.lock().unwrap().clone();
    let gaps: Vec<Duration> = at.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps[0] >= Duration::from_millis(25) && gaps[1] >= Duration::from_millis(25),
        "{gaps:?}"
    );
    assert!(gaps[0] < Duration::from_millis(150), "{gaps:?}");
    assert!(
        gaps[2] >= Duration::from_millis(150),
        "slow_down grows the interval: {gaps:?}"
    );

    let cached = cache
        .load(&key)
        .expect("cache")
        .expect("saved after sign-in");
    assert_eq!(cached.access_token, "ACCESS-one");
    assert_eq!(cached.refresh_token.as_deref(), Some("REFRESH-one"));
    assert!(user.can_refresh());

    let user_debug = format!("{user:?} {cached:?} {cache:?} {shown:?} {flow_debug}");
    let client = Client::builder()
        .base_url(&graph.url("/v1.0"))
        .token_provider(user)
        .build()
        .expect("client");
    client
        .send::<serde_json::Value>(get(&GET_ME, "/me"))
        .await
        .expect("me");
    assert_eq!(
        graph.requests()[0].header("authorization"),
        Some("Bearer ACCESS-one")
    );

    assert_no_secret("Debug output", &user_debug);
    assert!(user_debug.contains(USER_CODE), "the user code may be shown");
    let logged = logs.text();
    assert!(logged.contains("device code issued"), "{logged}");
    assert_no_secret("the log", &logged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_requests_share_one_refresh_and_a_rotated_refresh_token_is_kept() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counter = refreshes.clone();
    let login = TestServer::start("127.0.0.1", move |request| {
        match counter.fetch_add(1, Ordering::SeqCst) {
            // Slow, so that all fifty requests wait on this refresh; it rotates the refresh token.
            0 => tokens("ACCESS-two", Some("REFRESH-two"), 1).delay(Duration::from_millis(200)),
            // Not rotated this time: the last one is kept.
            1 if field(request, "refresh_token").as_deref() == Some("REFRESH-two") => {
                tokens("ACCESS-three", None, 3600)
            }
            _ => oauth_error("invalid_grant", "AADSTS70000: unexpected refresh token"),
        }
    })
    .await;
    let graph = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"id": "me"}))
    })
    .await;
    // Signed in on an earlier run: the access token has expired, the refresh token is in the cache.
    let cache = Arc::new(MemoryCache::new());
    let flow = flow(&login).cache(cache.clone());
    let key = flow.cache_key();
    let unix_now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let stored = CachedTokens {
        access_token: "ACCESS-one".to_owned(),
        expires_at: Some(unix_now - 60),
        refresh_token: Some("REFRESH-one".to_owned()),
    };
    cache.save(&key, &stored).unwrap();
    let user = flow
        .sign_in(|_| panic!("no prompt: the cache has the user's tokens"))
        .await
        .expect("signed in from the cache");
    let client = Client::builder()
        .base_url(&graph.url("/v1.0"))
        .token_provider(user)
        .build()
        .expect("client");

    let requests: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send::<serde_json::Value>(get(&GET_ME, "/me")).await })
        })
        .collect();
    for request in requests {
        request.await.expect("task").expect("request");
    }
    assert_eq!(
        refreshes.load(Ordering::SeqCst),
        1,
        "one refresh for fifty requests"
    );
    let sent = graph.requests();
    assert_eq!(sent.len(), 50);
    assert!(sent
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer ACCESS-two")));
    let refresh = &login.requests()[0];
    assert_eq!(
        field(refresh, "grant_type").as_deref(),
        Some("refresh_token")
    );
    assert_eq!(
        field(refresh, "refresh_token").as_deref(),
        Some("REFRESH-one")
    );
    assert_eq!(field(refresh, "client_id").as_deref(), Some("app-id"));
    assert!(field(refresh, "scope").is_some_and(|s| s.contains("offline_access")));
    assert_eq!(
        cache
            .load(&key)
            .unwrap()
            .and_then(|t| t.refresh_token)
            .as_deref(),
        Some("REFRESH-two"),
        "the rotated refresh token replaced the old one in the cache"
    );

    // The one-second token is refreshed after half its lifetime, with the rotated refresh token.
    tokio::time::sleep(Duration::from_millis(600)).await;
    client
        .send::<serde_json::Value>(get(&GET_ME, "/me"))
        .await
        .expect("after the second refresh");
    assert_eq!(refreshes.load(Ordering::SeqCst), 2);
    assert_eq!(
        field(&login.requests()[1], "refresh_token").as_deref(),
        Some("REFRESH-two")
    );
    assert_eq!(
        graph
            .requests()
            .last()
            .and_then(|r| r.header("authorization").map(str::to_owned)),
        Some("Bearer ACCESS-three".to_owned())
    );
    let kept = cache.load(&key).unwrap().expect("cached");
    assert_eq!(kept.access_token, "ACCESS-three");
    assert_eq!(
        kept.refresh_token.as_deref(),
        Some("REFRESH-two"),
        "not rotated: kept"
    );
}

/// Signs in against a login host whose polls all answer `code`, and returns the error.
async fn sign_in_error(code: &str, description: &str) -> (Error, String) {
    let (login, _) = login_host(vec![oauth_error(code, description)]).await;
    let logs = Capture::default();
    let _recording = logs.record_this_thread();
    let error = flow(&login).sign_in(|_| {}).await.expect_err("no sign-in");
    let logged = logs.text();
    (error, logged)
}

#[tokio::test]
async fn expired_token_and_access_denied_are_clear_errors() {
    let (expired, logged) = sign_in_error("expired_token", "AADSTS70020: The code expired.").await;
    let text = expired.to_string();
    assert!(matches!(expired, Error::Auth { .. }), "{expired:?}");
    assert!(
        text.contains("expired_token") && text.contains("start the sign-in again"),
        "{text}"
    );
    assert!(
        text.contains("/contoso/oauth2/v2.0/token"),
        "names the endpoint: {text}"
    );
    assert_no_secret("the error", &format!("{text} {expired:?} {logged}"));

    let (denied, logged) = sign_in_error("access_denied", "The user declined.").await;
    let text = denied.to_string();
    assert!(
        text.contains("access_denied") && text.contains("declined"),
        "{text}"
    );
    assert_no_secret("the error", &format!("{text} {denied:?} {logged}"));

    // Microsoft's own code for a declined sign-in.
    let (declined, _) = sign_in_error("authorization_declined", "AADSTS70000: declined").await;
    assert!(
        declined.to_string().contains("the user declined"),
        "{declined}"
    );

    // A proxy's error page instead of an OAuth answer.
    let (login, _) = login_host(vec![Reply::text(502, "<html>Bad gateway</html>")]).await;
    let error = flow(&login).sign_in(|_| {}).await.expect_err("no sign-in");
    assert!(error.to_string().contains("is not JSON"), "{error}");
}

#[tokio::test]
async fn a_refused_refresh_says_to_sign_in_again_without_the_token() {
    let login = TestServer::start("127.0.0.1", |_| {
        oauth_error(
            "invalid_grant",
            "AADSTS700082: The refresh token has expired.",
        )
    })
    .await;
    let graph = TestServer::start("127.0.0.1", |_| Reply::status(200)).await;
    let logs = Capture::default();
    let _recording = logs.record_this_thread();
    let cache = MemoryCache::new();
    let flow = flow(&login);
    let expired = CachedTokens {
        access_token: "ACCESS-one".to_owned(),
        expires_at: Some(0),
        refresh_token: Some("REFRESH-one".to_owned()),
    };
    cache.save(&flow.cache_key(), &expired).unwrap();
    let user: DelegatedToken = flow
        .cache(cache)
        .sign_in(|_| {})
        .await
        .expect("from the cache");
    let client = Client::builder()
        .base_url(&graph.url("/v1.0"))
        .token_provider(user)
        .build()
        .expect("client");
    let error = client
        .send::<()>(get(&GET_ME, "/me"))
        .await
        .expect_err("refresh refused");
    let text = error.to_string();
    assert!(
        text.contains("invalid_grant")
            && text.contains("sign in again")
            && text.contains("AADSTS700082"),
        "{text}"
    );
    let logged = logs.text();
    assert!(
        logged.contains("graph.request"),
        "the request's span was captured: {logged}"
    );
    assert_no_secret(
        "the error or the log",
        &format!("{text} {error:?} {logged}"),
    );
    assert!(
        graph.requests().is_empty(),
        "nothing is sent without a token"
    );
}

#[test]
fn scopes_are_graph_permissions_of_the_cloud_and_default_to_dot_default() {
    let us = DeviceCodeFlow::new(Cloud::UsGovL4, "contoso", "app").scopes([
        "Mail.Read",
        "openid",
        "https://example.com/custom",
    ]);
    assert_eq!(
        us.cache_key(),
        "https://login.microsoftonline.us/contoso/oauth2/v2.0/token app \
         https://example.com/custom https://graph.microsoft.us/Mail.Read offline_access openid"
    );
    // A sign-in can run on any task.
    fn on_any_task<T: Send>(_: T) {}
    on_any_task(us.sign_in(|_| {}));
    let china = DeviceCodeFlow::new(Cloud::China, "organizations", "app");
    let debug = format!("{china:?}");
    assert!(
        debug.contains("https://login.chinacloudapi.cn/organizations/oauth2/v2.0/devicecode")
            && debug.contains("https://microsoftgraph.chinacloudapi.cn/.default"),
        "{debug}"
    );
}

#[tokio::test]
async fn an_expired_cache_entry_without_a_refresh_token_prompts_again() {
    let (login, _) = login_host(vec![tokens("ACCESS-two", Some("REFRESH-two"), 3600)]).await;
    let cache = Arc::new(MemoryCache::new());
    let flow = flow(&login).cache(cache.clone());
    let key = flow.cache_key();
    let stale = CachedTokens {
        access_token: "ACCESS-one".to_owned(),
        expires_at: Some(0),
        refresh_token: None,
    };
    cache.save(&key, &stale).unwrap();
    let mut prompts = 0;
    let user = flow.sign_in(|_| prompts += 1).await.expect("signed in");
    assert_eq!(
        prompts, 1,
        "the stale entry cannot be used: the user signs in"
    );
    assert!(user.can_refresh());
    let saved = cache.load(&key).unwrap().expect("saved");
    assert_eq!(saved.access_token, "ACCESS-two");
    assert_eq!(saved.refresh_token.as_deref(), Some("REFRESH-two"));
}
