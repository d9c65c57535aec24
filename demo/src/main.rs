//! `seed-flow`: the README's main job.
//!
//! It expands the client from `docs/` at compile time, then runs the seed page's flow:
//!
//! 1. `azureDataLakeConnector: getUploadSession` with `resetSession=true`, through the typed API;
//! 2. a small CSV file put into the returned `sessionUrl` (an Azure Blob container SAS URL) with graph-runtime's
//!    blob upload;
//! 3. the typed `fileUploadSession` and where the file went are printed.
//!
//! With no environment variables it runs against the replay server (graph-runtime's `replay` feature) serving the
//! examples of `docs/`: no network, no credentials. With `GRAPH_TOKEN` (or `GRAPH_TENANT_ID`, `GRAPH_CLIENT_ID` and
//! `GRAPH_CLIENT_SECRET`, or `GRAPH_DEVICE_CODE=1` with `GRAPH_CLIENT_ID` to sign in as a user),
//! `GRAPH_CONNECTOR_ID` and optionally `GRAPH_BASE_URL`, the same program runs against the real service.
//! `seed-flow FILE.csv` uploads that file instead of the built-in sample, with a progress bar.

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use graph_docs_demo::graph::{self, industry_data};
use graph_runtime::replay::ReplayServer;
use graph_runtime::{ApiVersion, Client, ClientCredentials, Cloud, DeviceCodeFlow};

/// The file uploaded when no path is given.
const SAMPLE_CSV: &str =
    "SourcedId,FirstName,LastName,Grade\n1001,Ada,Lovelace,11\n1002,Alan,Turing,12\n";
/// Its name in the container.
const SAMPLE_NAME: &str = "students.csv";
/// The connector addressed on the replay server (any id works there; this is the docs' sample key).
const SAMPLE_CONNECTOR_ID: &str = "8b4f9a52-3c1e-4d7b-9f60-2a5c7e1d0b93";

const USAGE: &str = "usage: seed-flow [FILE.csv]

Runs the seed flow: getUploadSession(resetSession=true) on an azureDataLakeConnector, then uploads a CSV file
(FILE.csv, or a built-in sample) to the returned sessionUrl, and prints the typed results.

Without environment variables it runs against the local replay server built from docs/ (no network, no
credentials). To run against Microsoft Graph, set:
  GRAPH_CONNECTOR_ID   the azureDataLakeConnector's id (required)
  GRAPH_TOKEN          a bearer token, or instead
  GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET   for the client-credentials flow, or
  GRAPH_DEVICE_CODE=1, GRAPH_CLIENT_ID and GRAPH_TENANT_ID (default organizations)   to sign in as a user
                       with the device code flow (the app registration must allow public client flows)
  GRAPH_SCOPES         the user's scopes, space-separated (default: the generated PERMISSIONS
                       manifest's least privileged delegated permissions)
  GRAPH_LOGIN_URL      optional: another login host, e.g. http://127.0.0.1:8400 (default Microsoft's)
  GRAPH_BASE_URL       optional, with the version: default https://graph.microsoft.com/beta";

/// Where requests go and how they authenticate.
enum Target {
    /// The local replay server over the docs' examples.
    Replay,
    /// A real service.
    Live {
        /// `GRAPH_BASE_URL`, else Microsoft Graph beta.
        base_url: Option<String>,
        /// The credentials.
        auth: Auth,
        /// `GRAPH_CONNECTOR_ID`.
        connector_id: String,
    },
}

/// Live credentials.
enum Auth {
    /// `GRAPH_TOKEN`.
    Token(String),
    /// `GRAPH_TENANT_ID`, `GRAPH_CLIENT_ID`, `GRAPH_CLIENT_SECRET`.
    App {
        tenant_id: String,
        client_id: String,
        client_secret: String,
    },
    /// `GRAPH_DEVICE_CODE=1`: a user signs in with the device code flow.
    User {
        /// `GRAPH_TENANT_ID`, else `organizations`.
        tenant_id: String,
        /// `GRAPH_CLIENT_ID`.
        client_id: String,
        /// `GRAPH_SCOPES`, else the generated permission manifest's delegated permissions.
        scopes: Option<String>,
        /// `GRAPH_LOGIN_URL`, else the cloud's login host.
        login_url: Option<String>,
    },
    /// Only `GRAPH_BASE_URL` (another local server): no `Authorization` header.
    Anonymous,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") || args.len() > 1 {
        println!("{USAGE}");
        return if args.len() > 1 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    match run(args.first().map(PathBuf::from)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seed-flow: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the target from the environment.
fn target_from_env() -> Result<Target, Box<dyn Error>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let base_url = var("GRAPH_BASE_URL");
    let auth = if var("GRAPH_DEVICE_CODE").is_some_and(|v| v == "1") {
        if var("GRAPH_TOKEN").is_some() || var("GRAPH_CLIENT_SECRET").is_some() {
            return Err(
                "GRAPH_DEVICE_CODE=1 signs a user in: unset GRAPH_TOKEN and GRAPH_CLIENT_SECRET"
                    .into(),
            );
        }
        Auth::User {
            tenant_id: var("GRAPH_TENANT_ID").unwrap_or_else(|| "organizations".to_owned()),
            client_id: var("GRAPH_CLIENT_ID").ok_or(
                "GRAPH_DEVICE_CODE=1 needs GRAPH_CLIENT_ID, the app registration's client id",
            )?,
            scopes: var("GRAPH_SCOPES"),
            login_url: var("GRAPH_LOGIN_URL"),
        }
    } else {
        match (var("GRAPH_TOKEN"), var("GRAPH_TENANT_ID"), var("GRAPH_CLIENT_ID"), var("GRAPH_CLIENT_SECRET")) {
        (Some(token), ..) => Auth::Token(token),
        (None, Some(tenant_id), Some(client_id), Some(client_secret)) => Auth::App { tenant_id, client_id, client_secret },
        (None, None, None, None) if base_url.is_none() => return Ok(Target::Replay),
        (None, None, None, None) => Auth::Anonymous,
        _ => return Err("set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET together (or GRAPH_TOKEN, or GRAPH_DEVICE_CODE=1)".into()),
        }
    };
    let connector_id = var("GRAPH_CONNECTOR_ID").ok_or(
        "set GRAPH_CONNECTOR_ID to the azureDataLakeConnector's id to run against a service",
    )?;
    Ok(Target::Live {
        base_url,
        auth,
        connector_id,
    })
}

/// Runs the flow against the replay server or a live service.
async fn run(file: Option<PathBuf>) -> Result<(), Box<dyn Error>> {
    match target_from_env()? {
        Target::Replay => {
            let server = ReplayServer::start(graph::EXAMPLES).await?;
            println!(
                "Replay server: {} ({} doc examples from docs/ served; no network, no credentials)",
                server.base_url(),
                server.servable_examples()
            );
            let client = Client::builder().base_url(server.base_url()).build()?;
            let result = seed_flow(&client, SAMPLE_CONNECTOR_ID, file).await;
            report_replay(&server);
            server.shutdown().await;
            result
        }
        Target::Live {
            base_url,
            auth,
            connector_id,
        } => {
            let builder = match base_url {
                Some(url) => Client::builder().base_url(&url),
                None => Client::builder()
                    .cloud(Cloud::Global)
                    .version(ApiVersion::Beta),
            };
            let builder = match auth {
                Auth::Token(token) => builder.bearer_token(token),
                Auth::App {
                    tenant_id,
                    client_id,
                    client_secret,
                } => builder.token_provider(ClientCredentials::new(
                    Cloud::Global,
                    tenant_id,
                    client_id,
                    client_secret,
                )?),
                Auth::User {
                    tenant_id,
                    client_id,
                    scopes,
                    login_url,
                } => {
                    builder.token_provider(sign_in(tenant_id, client_id, scopes, login_url).await?)
                }
                Auth::Anonymous => builder,
            };
            let client = builder.build()?;
            println!("Service: {}", client.base_url());
            seed_flow(&client, &connector_id, file).await
        }
    }
}

/// Signs a user in with the device code flow (the prompt goes to stderr), for the scopes asked for, else the
/// generated client's permission manifest (`PERMISSIONS`, least privileged delegated permissions).
async fn sign_in(
    tenant_id: String,
    client_id: String,
    scopes: Option<String>,
    login_url: Option<String>,
) -> Result<graph_runtime::DelegatedToken, Box<dyn Error>> {
    let scopes: Vec<String> = match scopes {
        Some(scopes) => scopes.split_whitespace().map(str::to_owned).collect(),
        None => graph::PERMISSIONS
            .delegated_work
            .iter()
            .map(str::to_owned)
            .collect(),
    };
    let mut flow = DeviceCodeFlow::new(Cloud::Global, &tenant_id, client_id).scopes(scopes);
    if let Some(login) = login_url {
        let login = login.trim_end_matches('/');
        flow = flow
            .device_authorization_url(format!("{login}/{tenant_id}/oauth2/v2.0/devicecode"))
            .token_url(format!("{login}/{tenant_id}/oauth2/v2.0/token"));
    }
    let user = flow
        .sign_in(|prompt| eprintln!("{}", prompt.message))
        .await?;
    println!("Signed in as a user ({})", user.scopes().join(" "));
    Ok(user)
}

/// The seed flow: get a fresh upload session, upload one CSV file to it, print both.
async fn seed_flow(
    client: &Client,
    connector_id: &str,
    file: Option<PathBuf>,
) -> Result<(), Box<dyn Error>> {
    let session =
        industry_data::azure_data_lake_connector::get_upload_session(client, connector_id)
            .reset_session(true)
            .await?;
    println!("\nfileUploadSession (typed, from getUploadSession with resetSession=true):");
    let absent = || "(absent)".to_owned();
    println!(
        "  containerId                  {}",
        session.container_id.clone().unwrap_or_else(absent)
    );
    let when = |t: &Option<graph_runtime::edm::DateTimeOffset>| {
        t.as_ref().map_or_else(absent, |t| {
            let utc = t.get().to_offset(graph_runtime::time::UtcOffset::UTC);
            format!("{t}  ({} {} {} UTC)", utc.weekday(), utc.date(), utc.time())
        })
    };
    println!(
        "  containerExpirationDateTime  {}",
        when(&session.container_expiration_date_time)
    );
    println!(
        "  sessionExpirationDateTime    {}",
        when(&session.session_expiration_date_time)
    );
    let session_url = session
        .session_url
        .as_deref()
        .ok_or("the upload session has no sessionUrl to upload to")?;
    println!("  sessionUrl                   {}", redact_sas(session_url));

    let container = client.blob_container(session_url)?.content_type("text/csv");
    let (name, uploaded) = match file {
        Some(path) => {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| format!("{} has no usable file name", path.display()))?
                .to_owned();
            let reader = tokio::fs::File::open(&path)
                .await
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            let size = reader.metadata().await.ok().map(|m| m.len());
            let (bar, progress) = graph_docs_demo::progress_bar("upload", size);
            let uploaded = container.progress(progress).upload(&name, reader).await;
            bar.finish();
            (name, uploaded?)
        }
        None => (
            SAMPLE_NAME.to_owned(),
            container.upload(SAMPLE_NAME, SAMPLE_CSV.as_bytes()).await?,
        ),
    };
    let how = match uploaded.blocks {
        0 => "one Put Blob".to_owned(),
        n => format!("{n} Put Block requests and a Put Block List"),
    };
    println!("\nUploaded {name}: {} bytes in {how}", uploaded.size);
    println!("  to   {}", uploaded.url);
    if let Some(etag) = &uploaded.etag {
        println!("  etag {etag}");
    }
    Ok(())
}

/// Prints what the replay server received and stored.
fn report_replay(server: &ReplayServer) {
    println!("\nReplay server log:");
    for request in server.requests() {
        let by = request.served_by.map_or_else(String::new, |source| {
            format!("  <- example at docs/{source}")
        });
        println!(
            "  {} {} -> {}{by}",
            request.method,
            redact_sas(&request.target),
            request.status
        );
    }
    for file in server.uploaded() {
        let kind = file.content_type.as_deref().unwrap_or("no content type");
        println!(
            "  stored {} ({} bytes, {kind})",
            file.path(),
            file.data.len()
        );
    }
}

/// Hides the SAS signature (a credential) in a URL or request target.
fn redact_sas(url: &str) -> String {
    match url.split_once('?') {
        Some((path, query)) => {
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("sig", _)) => "sig=REDACTED".to_owned(),
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{path}?{}", pairs.join("&"))
        }
        None => url.to_owned(),
    }
}
