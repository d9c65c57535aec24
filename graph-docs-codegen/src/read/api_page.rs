//! API pages (`doc_type: apiPageType`): title, namespace, description, permissions, request lines,
//! parameters, headers, request body, response and examples, each located.

use std::path::Path;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::{
    ApiPage, Example, ODataOption, Param, Permissions, RequestBody, RequestLine, ResponseBody,
};
use crate::read::examples;
use crate::read::front_matter::FrontMatter;
use crate::read::links::LinkIndex;
use crate::read::markdown::{sections, Block, BlockKind, Section};
use crate::read::params;
use crate::read::permissions;
use crate::read::request_line::{self, LineKind};
use crate::read::text::{contains_ci, starts_with_ci};
use crate::read::{response, response_annotation};

/// The default namespace when a page has no `Namespace:` line.
pub const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// What a heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Permissions,
    HttpRequest,
    PathParams,
    FunctionParams,
    QueryParams,
    Headers,
    Body,
    Response,
    Example,
    Other,
}

fn part(title: &str) -> Part {
    // Headings with irregular spacing are normalised once; the rest are compared as written.
    let words = crate::read::text::heading_words(title);
    let t = words.as_ref();
    let is = |s: &str| t.eq_ignore_ascii_case(s);
    let has = |s: &str| contains_ci(t, s);
    if is("permissions") || is("prerequisites") || is("permission") {
        Part::Permissions
    } else if has("http request") || is("request syntax") {
        Part::HttpRequest
    } else if has("path parameter") {
        Part::PathParams
    } else if has("function parameter")
        || is("parameters")
        || is("method parameters")
        || is("action parameters")
    {
        Part::FunctionParams
    } else if has("query parameter") || has("query option") || has("query string") {
        Part::QueryParams
    } else if has("request header") {
        Part::Headers
    } else if starts_with_ci(t, "request body") {
        Part::Body
    } else if is("response") || is("responses") || is("response body") || is("http response") {
        Part::Response
    } else if starts_with_ci(t, "example") || starts_with_ci(t, "sample") {
        Part::Example
    } else {
        Part::Other
    }
}

/// The text of a `Namespace: x` paragraph.
pub fn namespace_line(text: &str) -> Option<&str> {
    let text = crate::read::text::trim(text);
    let rest = text
        .strip_prefix("Namespace:")
        .or_else(|| text.strip_prefix("namespace:"))?;
    let ns = rest
        .split_whitespace()
        .next()?
        .trim_matches(|c: char| matches!(c, '`' | '*' | '.' | ','));
    (!ns.is_empty()).then_some(ns)
}

/// Title, its line, namespace and the first descriptive paragraph of a page.
pub struct Head {
    /// The first `#` heading's text ("" when there is none).
    pub title: String,
    /// Where it is.
    pub title_location: Location,
    /// The `Namespace:` line, else [`DEFAULT_NAMESPACE`].
    pub namespace: String,
    /// The front matter description, else the first paragraph after the title.
    pub description: String,
}

/// Read the head of a page, reporting a missing title.
/// A missing title is an error on API pages (it names the function) and a warning elsewhere.
pub fn head(
    file: &Path,
    fm: &FrontMatter<'_>,
    blocks: &[Block],
    title_required: bool,
    diags: &mut Vec<Diagnostic>,
) -> Head {
    let mut title = None;
    let mut namespace: Option<&str> = None;
    let mut first_para: Option<&str> = None;
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { level: 1, text } if title.is_none() => {
                title = Some((text.text.to_string(), block.location()))
            }
            BlockKind::Heading { .. } if title.is_some() => break,
            BlockKind::Paragraph(p) if block.file.as_os_str() == file.as_os_str() => {
                if let Some(ns) = namespace_line(&p.text) {
                    namespace.get_or_insert(ns);
                } else if title.is_some()
                    && first_para.is_none()
                    && !p.text.starts_with("Note")
                    && !p.text.starts_with('[')
                {
                    first_para = Some(&p.text);
                }
            }
            _ => {}
        }
    }
    let (title, title_location) = title.unwrap_or_else(|| {
        let loc = Location::new(file, fm.body_line);
        let d = if title_required {
            Diagnostic::error(
                DiagnosticKind::MissingTitle,
                loc,
                "the page has no `# title`",
            )
        } else {
            Diagnostic::warning(
                DiagnosticKind::MissingTitle,
                loc,
                "the page has no `# title`",
            )
        };
        diags.push(d.with_hint("start the page with a `# title` heading"));
        (
            fm.values
                .get("title")
                .map(|t| t.to_string())
                .unwrap_or_default(),
            Location::new(file, fm.body_line),
        )
    });
    let description = fm
        .values
        .get("description")
        .filter(|d| !d.is_empty())
        .map(|d| d.to_string())
        .or_else(|| first_para.map(str::to_string))
        .unwrap_or_default();
    Head {
        title,
        title_location,
        namespace: namespace.unwrap_or(DEFAULT_NAMESPACE).to_string(),
        description,
    }
}

/// Read the request lines of one code block in an HTTP request section.
fn request_block(
    text: &str,
    content_line: u32,
    block: &Block,
    out: &mut Vec<RequestLine>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut headers_seen = false;
    let mut in_body = false;
    let mut found = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = crate::read::text::trim(line);
        if trimmed.is_empty() {
            in_body |= headers_seen;
            continue;
        }
        if in_body {
            continue;
        }
        // Made where needed: the request line keeps one, and only diagnostics need another.
        let line_no = content_line.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        let location = || block.location_at(line_no);
        match request_line::parse_line(line, location()) {
            LineKind::Request(r) => {
                found = true;
                out.push(r);
            }
            LineKind::Recovered(r, msg) => {
                found = true;
                out.push(r);
                diags.push(
                    Diagnostic::warning(
                        DiagnosticKind::BadRequestLine,
                        location(),
                        format!("request line repaired: {msg}"),
                    )
                    .with_hint("balance the braces and parentheses of the request line"),
                );
            }
            LineKind::Bad(msg) => diags.push(
                Diagnostic::warning(
                    DiagnosticKind::BadRequestLine,
                    location(),
                    format!("request line not read: {msg}"),
                )
                .with_hint("write `METHOD /path/{param}` with balanced braces"),
            ),
            LineKind::NotRequest => {
                let is_header = found
                    && trimmed
                        .split_once(':')
                        .is_some_and(|(k, _)| !k.contains(' ') && !k.is_empty());
                if is_header {
                    // Headers (and then a body) of an example written in the request section.
                    headers_seen = true;
                } else if !trimmed.starts_with("//") && !trimmed.starts_with('#') {
                    diags.push(Diagnostic::warning(
                        DiagnosticKind::NonRequestLine,
                        location(),
                        format!(
                            "not a request line, skipped: `{}`",
                            response::shorten(trimmed)
                        ),
                    ));
                }
            }
        }
    }
}

/// Everything read from the HTTP request sections.
struct RequestSections {
    lines: Vec<RequestLine>,
    location: Option<Location>,
}

fn requests(
    secs: &[(Part, &Section<'_>)],
    file: &Path,
    title: &Location,
    diags: &mut Vec<Diagnostic>,
) -> RequestSections {
    let mut lines = Vec::new();
    let mut location = None;
    let mut any_code = false;
    for (_, sec) in secs.iter().filter(|(p, _)| *p == Part::HttpRequest) {
        let sec_loc = sec.location(file);
        location.get_or_insert_with(|| sec_loc.clone());
        let before = lines.len();
        let mut saw_code = false;
        for block in sec.blocks {
            if let BlockKind::Code {
                text,
                content_line,
                lang,
            } = &block.kind
            {
                if matches!(
                    &**lang,
                    "json"
                        | "csharp"
                        | "javascript"
                        | "java"
                        | "objc"
                        | "powershell"
                        | "python"
                        | "go"
                        | "php"
                ) {
                    continue;
                }
                saw_code = true;
                let n = lines.len();
                request_block(text, *content_line, block, &mut lines, diags);
                if lines.len() == n && text.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(DiagnosticKind::EmptyRequestBlock, block.location(), "the HTTP request code block is empty")
                            .with_hint("write the request line, e.g. `GET /users/{id}`, inside the ```http block"),
                    );
                }
            }
        }
        if !saw_code && lines.len() == before {
            // Some pages write the request line as a paragraph.
            for block in sec.blocks {
                if let BlockKind::Paragraph(p) = &block.kind {
                    if let LineKind::Request(r) =
                        request_line::parse_line(&p.text, block.location())
                    {
                        lines.push(r);
                    }
                }
            }
        }
        any_code |= saw_code;
    }
    if let (Some(loc), true, false) = (&location, lines.is_empty(), any_code) {
        diags.push(
            Diagnostic::error(
                DiagnosticKind::EmptyRequestBlock,
                loc.clone(),
                "the HTTP request section has no code block",
            )
            .with_hint("add an ```http block with the request line"),
        );
    }
    if location.is_none() {
        diags.push(
            Diagnostic::error(
                DiagnosticKind::EmptyRequestBlock,
                title.clone(),
                "the page has no `## HTTP request` section",
            )
            .with_hint("add `## HTTP request` with an ```http block of request lines"),
        );
    }
    RequestSections { lines, location }
}

/// The request lines of a scenario page's sections that have no HTTP request heading of their own. A scenario page
/// (`drive-list`) documents one request per level-2 section (`## List a group's drives`); its authors give some
/// sections an `### HTTP request` block and show the others' request only as the section's annotated example
/// request (`## List a site's drives`, then `GET /sites/{siteId}/drives`). That example (as the examples reader
/// found it) is the section's documented request, read with a warning. Only on pages whose request headings all
/// sit inside such sections; a page with a `## HTTP request` section documents its lines there.
fn scenario_lines(
    secs: &[(Part, &Section<'_>)],
    file: &Path,
    examples: &[Example],
    diags: &mut Vec<Diagnostic>,
) -> Vec<RequestLine> {
    let starts: Vec<usize> = (0..secs.len()).filter(|&i| secs[i].1.level <= 2).collect();
    let groups: Vec<&[(Part, &Section<'_>)]> = starts
        .iter()
        .enumerate()
        .map(|(n, &start)| &secs[start..starts.get(n + 1).copied().unwrap_or(secs.len())])
        .collect();
    let scenario =
        |group: &[(Part, &Section<'_>)]| group[0].0 == Part::Other && group[0].1.level == 2;
    let has_request =
        |group: &[(Part, &Section<'_>)]| group.iter().any(|(p, _)| *p == Part::HttpRequest);
    let is_scenario_page = groups.iter().all(|g| g[0].0 != Part::HttpRequest)
        && groups.iter().any(|g| scenario(g) && has_request(g));
    if !is_scenario_page {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for (n, group) in groups.iter().enumerate() {
        if !scenario(group) || has_request(group) {
            continue;
        }
        // The section's lines: from its heading to the next level-2 (or higher) heading, in the page's own file.
        let start = group[0].1.location(file);
        let end = groups
            .get(n + 1)
            .map_or(u32::MAX, |next| next[0].1.location(file).line);
        let example = examples.iter().map(|e| &e.request).find(|r| {
            r.location.file == start.file
                && (start.line..end).contains(&r.location.line)
                && r.annotation
                    .as_ref()
                    .is_some_and(|a| a.block_type.as_deref() == Some("request"))
        });
        let Some((request, method)) = example.and_then(|r| Some((r, r.method?))) else {
            continue;
        };
        // A request to another host (an upload URL) is not a Graph request line.
        let on_graph = graph_docs_example_url::ExampleUrl::parse(&request.url)
            .and_then(|u| u.host())
            .is_none_or(|host| starts_with_ci(host, "graph."));
        if !on_graph {
            continue;
        }
        // The example's query pairs are options it shows, not part of the request.
        let url = request
            .url
            .split_once('?')
            .map_or(&*request.url, |(path, _)| path);
        let raw = format!("{} {url}", method.as_str());
        let LineKind::Request(mut line) = request_line::parse_line(&raw, request.location.clone())
        else {
            continue;
        };
        line.from_example = true;
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::BadRequestLine,
                line.location.clone(),
                format!(
                    "the section `{}` has no HTTP request heading; its example request `{}` is read as its request line",
                    group[0].1.title, line.raw
                ),
            )
            .with_hint("add `### HTTP request` with an ```http block to the section"),
        );
        lines.push(line);
    }
    lines
}

/// Read an API page. `blocks` are the page body's blocks, includes expanded. With `outline`, `blocks` are only what
/// comes before the examples ([`outline`](crate::read::load::outline)); a response whose body the examples decide
/// ([`crate::page::Response::body_from_examples`]) is then left without one, for the caller to read the whole page.
pub fn parse(
    file: &Path,
    fm: FrontMatter<'_>,
    blocks: &[Block],
    index: &LinkIndex,
    outline: bool,
    diags: &mut Vec<Diagnostic>,
) -> ApiPage {
    let head = head(file, &fm, blocks, true, diags);
    let all = sections(blocks);
    // Classify sections; sub-headings under an example heading belong to the examples.
    // Sub-headings without a part of their own belong to the section above them (`### Get the photo`
    // under `## HTTP request`); under an example heading, only HTTP request sections keep their part.
    let mut parent: Option<(Part, u8)> = None;
    let mut secs: Vec<(Part, &Section<'_>)> = Vec::with_capacity(all.len());
    for sec in &all {
        let mut p = part(sec.title);
        match parent {
            Some((pp, level)) if sec.level > level => {
                if pp == Part::Example && p != Part::HttpRequest {
                    p = Part::Other;
                } else if p == Part::Other {
                    p = pp;
                }
            }
            _ => parent = None,
        }
        if parent.is_none() && p != Part::Other && sec.level > 0 {
            parent = Some((p, sec.level));
        }
        secs.push((p, sec));
    }

    let examples = examples::parse(blocks, diags);
    let mut permissions = Permissions::default();
    let mut path_params: Vec<Param> = Vec::new();
    let mut function_params: Vec<Param> = Vec::new();
    let mut url_params: Vec<Param> = Vec::new();
    let mut query_params: Vec<Param> = Vec::new();
    let mut odata_options: Vec<ODataOption> = Vec::new();
    let mut headers = Vec::new();
    let mut body = RequestBody::None;
    let mut response = None;
    let mut saw_permissions = false;
    for (p, sec) in &secs {
        match p {
            Part::Permissions => {
                saw_permissions = true;
                if permissions.location.is_none() {
                    permissions = permissions::parse(sec.blocks, diags);
                }
            }
            Part::PathParams | Part::FunctionParams | Part::QueryParams => {
                for block in sec.blocks {
                    match &block.kind {
                        BlockKind::Table(t) => {
                            let rows = params::params_from_table(t, &block.file, index, diags);
                            match p {
                                Part::PathParams => path_params.extend(rows),
                                Part::FunctionParams => function_params.extend(rows),
                                _ => {
                                    for row in rows {
                                        match ODataOption::from_name(&row.name)
                                            .filter(|_| row.name.starts_with('$'))
                                        {
                                            Some(opt) if !odata_options.contains(&opt) => {
                                                odata_options.push(opt)
                                            }
                                            Some(_) => {}
                                            None => query_params.push(row),
                                        }
                                    }
                                }
                            }
                        }
                        BlockKind::Paragraph(t) | BlockKind::ListItem(t)
                            if *p == Part::QueryParams =>
                        {
                            params::odata_from_prose(&t.text, &mut odata_options);
                        }
                        _ => {}
                    }
                }
            }
            Part::Headers => {
                for block in sec.blocks {
                    if let BlockKind::Table(t) = &block.kind {
                        headers.extend(params::headers_from_table(t, &block.file));
                    }
                }
            }
            Part::Body => {
                if let Some((rows, location)) = params::url_parameters(sec.blocks, index, diags) {
                    url_params.extend(rows);
                    if matches!(body, RequestBody::None) {
                        body = RequestBody::Empty { location };
                    }
                } else if matches!(body, RequestBody::None) {
                    body = params::request_body(sec.blocks, index, diags);
                }
            }
            Part::Response => {
                if response.is_none() {
                    let examples = (!outline).then_some(examples.as_slice());
                    response = response::parse(sec.blocks, examples, index, diags);
                }
            }
            Part::HttpRequest | Part::Example | Part::Other => {}
        }
    }
    if matches!(body, RequestBody::None | RequestBody::Described { .. }) {
        if let Some(content) = params::body_from_headers(&headers) {
            body = content;
        }
    }
    if !saw_permissions {
        diags.push(
            Diagnostic::warning(
                DiagnosticKind::Permissions,
                head.title_location.clone(),
                "the page has no permissions section",
            )
            .with_hint("add `## Permissions` with a permissions table"),
        );
    }
    let mut reqs = requests(&secs, file, &head.title_location, diags);
    reqs.lines
        .extend(scenario_lines(&secs, file, &examples, diags));
    if response.is_none() {
        response = response_annotation::from_examples(
            &examples,
            "the page has no response section",
            diags,
        );
    } else if response
        .as_ref()
        .is_some_and(|r| r.status.is_empty() && matches!(r.body, ResponseBody::Unclassified(_)))
    {
        // A section that names neither a status nor a body ("Returns details about how to monitor the progress
        // of the copy") leaves the answer to its example, as a page without the section does.
        if let Some(answer) = response_annotation::from_examples(
            &examples,
            "the response section names no status code and no body",
            diags,
        ) {
            response = Some(answer);
        }
    }
    if response.is_none() {
        diags.push(
            Diagnostic::warning(DiagnosticKind::Response, head.title_location.clone(), "the page has no response section")
                .with_hint("add `## Response` with a sentence such as \"returns a `200 OK` response code and a [type](...) object\""),
        );
    }
    ApiPage {
        file: file.to_path_buf(),
        title: head.title,
        title_location: head.title_location,
        front_matter: fm.values.into_map(),
        namespace: head.namespace,
        description: head.description,
        permissions,
        requests: reqs.lines,
        request_section: reqs.location,
        path_params,
        function_params,
        url_params,
        query_params,
        odata_options,
        headers,
        body,
        response,
        examples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces() {
        assert_eq!(
            namespace_line("Namespace: microsoft.graph.industryData"),
            Some("microsoft.graph.industryData")
        );
        assert_eq!(namespace_line("Namespaces are great"), None);
    }

    #[test]
    fn sections_are_classified_by_heading_in_any_case() {
        assert_eq!(part("HTTP Request"), Part::HttpRequest);
        assert_eq!(part("Prerequisites"), Part::Permissions);
        assert_eq!(part("Optional query parameters"), Part::QueryParams);
        assert_eq!(part("Examples"), Part::Example);
        assert_eq!(part("Request headers"), Part::Headers);
        assert_eq!(part("  Path   parameters: "), Part::PathParams);
        assert_eq!(part("Response:"), Part::Response);
    }

    #[test]
    fn scenario_sections_without_a_request_heading_document_their_example_request() {
        let page = "---\ndoc_type: apiPageType\n---\n# List gadget shelves\n\n## Permissions\n\n\
            |Permission type|Permissions|\n|-|-|\n|Application|Gadget.Read.All|\n\n\
            ## List a team's shelves\n\n### HTTP request\n\n\
            <!-- { \"blockType\": \"request\", \"name\": \"team-shelves\" } -->\n```http\nGET /teams/{teamId}/shelves\n```\n\n\
            ## List a user's shelves\n\nThe same for a user.\n\n# [HTTP](#tab/http)\n\
            <!-- { \"blockType\": \"request\", \"name\": \"user-shelves\" } -->\n\
            ```msgraph-interactive\nGET https://graph.microsoft.com/v1.0/users/{userId}/shelves?$top=2\n```\n---\n\n\
            ## Move a shelf's gadgets\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nPUT https://up.example.net/x\n```\n\n\
            ## Remarks\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /never\n```\n";
        let set = crate::read::load::parse_page(Path::new("api/shelf-list.md"), page);
        let lines: Vec<&str> = set.api_pages[0]
            .requests
            .iter()
            .map(|r| r.raw.as_str())
            .collect();
        // The example's query is an option it shows, not part of the line; an upload host's URL and an `ignored`
        // block are not requests.
        assert_eq!(
            lines,
            [
                "GET /teams/{teamId}/shelves",
                "GET https://graph.microsoft.com/v1.0/users/{userId}/shelves"
            ]
        );
        assert!(set.api_pages[0].requests[1].query.is_empty());
        let warned = set.diagnostics.iter().any(|d| {
            d.location.line == 27 // the example's code block
                && d.message
                    .contains("`List a user's shelves` has no HTTP request heading")
        });
        assert!(warned, "{:#?}", set.diagnostics);

        // A page with its own `## HTTP request` section documents its lines there alone.
        let plain = page.replacen(
            "## List a team's shelves\n\n### HTTP request",
            "## HTTP request",
            1,
        );
        let set = crate::read::load::parse_page(Path::new("api/shelf-list.md"), &plain);
        assert_eq!(set.api_pages[0].requests.len(), 1);
    }

    #[test]
    fn a_response_section_that_names_nothing_leaves_the_answer_to_the_example() {
        let page = "---\ndoc_type: apiPageType\n---\n# Copy gadget\n\n## HTTP request\n\n\
            <!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /gadgets/{id}/copy\n```\n\n\
            ## Response\n\nReturns details about how to monitor the copy, once it is accepted.\n\n\
            ## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"copy\" } -->\n\
            ```http\nPOST /gadgets/1/copy\n```\n\n<!-- { \"blockType\": \"response\" } -->\n\
            ```http\nHTTP/1.1 202 Accepted\nLocation: https://example.net/monitor/1\n```\n";
        let set = crate::read::load::parse_page(Path::new("api/gadget-copy.md"), page);
        let response = set.api_pages[0].response.as_ref().unwrap();
        assert_eq!(response.status, [202]);
        assert_eq!(response.body, ResponseBody::None);
        assert!(set.diagnostics.iter().any(|d| d
            .message
            .starts_with("the response section names no status code and no body")));
        // A sentence with a status code keeps its own reading.
        let stated = page.replace("Returns details", "Returns `200 OK` and details");
        let set = crate::read::load::parse_page(Path::new("api/gadget-copy.md"), &stated);
        assert_eq!(set.api_pages[0].response.as_ref().unwrap().status, [200]);
    }
}
