//! `graph-docs serve DIR [--addr 127.0.0.1:PORT] [selection]`: the replay server (graph-runtime's `replay`
//! feature) over a doc folder's examples, as a local Graph any HTTP client can use: curl, another language's SDK
//! with its base URL changed, Postman.
//!
//! Paths are accepted with or without a version segment (`/v1.0/...`, `/beta/...`). Each request is printed on
//! one line as it is answered: with the example's `page:line`, or for a miss with the closest example and the
//! first difference; uploads to the session URLs it hands out are printed without their SAS query. Ctrl-C stops
//! the server and prints what was uploaded.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use graph_docs_codegen::ir::examples::ExampleData;
use graph_runtime::example::{DocExample, ExampleRequest, ExampleResponse};
use graph_runtime::replay::{RecordedRequest, ReplayServer};

use crate::folder_args;

/// The command's usage.
pub const USAGE: &str = "usage: graph-docs serve DIR [--addr 127.0.0.1:PORT] [--include SELECTOR]... [--exclude SELECTOR]... [--types QUALIFIED.NAME]...
  Serves DIR's examples as a local Graph (default address 127.0.0.1:8080; port 0 picks a free one). Paths are
  accepted with or without /v1.0 or /beta. Each request is printed with the example that answered it (page:line),
  or with the closest example when none matched. Ctrl-C stops it.";

/// Runs `serve` with the arguments after the command name.
pub fn run(args: &[String]) -> ExitCode {
    let mut addr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let folder =
        match folder_args::parse_or_exit(
            "serve",
            USAGE,
            USAGE,
            args,
            &mut |flag, rest| match flag {
                "--addr" => match rest.next().map(|a| a.parse::<SocketAddr>()) {
                    Some(Ok(value)) => {
                        addr = value;
                        Ok(true)
                    }
                    Some(Err(_)) | None => {
                        Err("`--addr` needs an address and port, e.g. `127.0.0.1:8080`".to_owned())
                    }
                },
                _ => Ok(false),
            },
        ) {
            Ok(folder) => folder,
            Err(code) => return code,
        };
    let (docs, ir) = match folder.load("serve") {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let selection = folder.selection();
    let examples = graph_docs_codegen::ir::examples::examples(&docs, &ir, &selection);
    let examples: &'static [DocExample] = leak_examples(examples);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("graph-docs serve: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(folder.dir, addr, examples))
}

/// Serves until Ctrl-C.
async fn serve(dir: PathBuf, addr: SocketAddr, examples: &'static [DocExample]) -> ExitCode {
    let server = match ReplayServer::builder()
        .addr(addr)
        .on_request(|request| println!("{}", log_line(request)))
        .start(examples)
        .await
    {
        Ok(server) => server,
        Err(err) => {
            let hint = match err.kind() {
                std::io::ErrorKind::AddrInUse => " (pass `--addr 127.0.0.1:0` for a free port)",
                _ => "",
            };
            eprintln!("graph-docs serve: cannot serve on {addr}: {err}{hint}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "graph-docs serve: {} of {} examples in {} servable, at {} (paths with or without /v1.0 or /beta); Ctrl-C stops",
        server.servable_examples(),
        examples.len(),
        dir.display(),
        server.base_url()
    );
    if let Err(err) = tokio::signal::ctrl_c().await {
        eprintln!("graph-docs serve: cannot wait for Ctrl-C ({err}); stopping");
    }
    let requests = server.requests();
    let answered = requests.iter().filter(|r| r.served_by.is_some()).count();
    let missed = requests.iter().filter(|r| r.closest.is_some()).count();
    let uploaded = server.uploaded();
    server.shutdown().await;
    for file in &uploaded {
        println!("uploaded {} ({} bytes)", file.path(), file.data.len());
    }
    println!(
        "graph-docs serve: stopped after {} requests ({answered} answered from examples, {missed} without a matching example, {} files uploaded)",
        requests.len(),
        uploaded.len()
    );
    ExitCode::SUCCESS
}

/// One line per request: `200 GET /v1.0/me <- api/user-get.md:60`, `404 GET /x -- no example; closest: ...`, or
/// an upload with its SAS query (a credential) left out.
pub fn log_line(request: &RecordedRequest) -> String {
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    let is_upload = path.starts_with("/blob/") || path.starts_with("/upload/");
    let target = match (is_upload, query) {
        (false, Some(query)) => format!("{path}?{query}"),
        _ => path.to_owned(),
    };
    let head = format!("{} {} {target}", request.status, request.method);
    match (&request.served_by, &request.closest) {
        (Some(source), _) => format!("{head} <- example at {source}"),
        (None, Some(closest)) => format!("{head} -- no example matches; the closest is {closest}"),
        (None, None) if is_upload => format!("{head} (upload session)"),
        (None, None) => head,
    }
}

/// The examples as `'static` data for the replay server. They live as long as the process (the server serves
/// them until it exits), so they are leaked once rather than kept in a self-referencing structure.
fn leak_examples(examples: Vec<ExampleData>) -> &'static [DocExample] {
    fn text(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }
    fn headers(pairs: Vec<(String, String)>) -> &'static [(&'static str, &'static str)] {
        let pairs: Vec<(&'static str, &'static str)> =
            pairs.into_iter().map(|(k, v)| (text(k), text(v))).collect();
        Box::leak(pairs.into_boxed_slice())
    }
    let examples: Vec<DocExample> = examples
        .into_iter()
        .map(|e| DocExample {
            name: text(e.name),
            source: text(e.source),
            request: ExampleRequest {
                method: text(e.method),
                url: text(e.url),
                headers: headers(e.headers),
                body: e.body.map(text),
            },
            response: e.response.map(|r| ExampleResponse {
                status: r.status,
                headers: headers(r.headers),
                body: r.body.map(text),
            }),
        })
        .collect();
    Box::leak(examples.into_boxed_slice())
}
