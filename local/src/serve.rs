//! The accept loop, one keep-alive connection, and turning one request into
//! one answer: authentication, routing, decoding, and Stytch's answer shapes.

use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use serde_json::{Map, Value, json};

use stytch_endpoints::{Method, Route};

use crate::{Fail, IDLE_TIMEOUT, Shared, decode, http, ids, routes};

pub(super) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        shared.connections.fetch_add(1, Ordering::Relaxed);
        let conn_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("stytch-local-conn".to_owned())
            .spawn(move || serve_connection(stream, &conn_shared));
        if spawned.is_err() {
            continue;
        }
    }
}

fn serve_connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let request = match http::read_request(&mut stream, &mut buf) {
            Ok(r) => r,
            Err(http::ReadError::Closed | http::ReadError::Io) => break,
            Err(http::ReadError::Bad(status, message)) => {
                let body = error_body(status, "bad_request", message);
                let _ = http::write_response(&mut stream, status, &body, true);
                break;
            }
        };
        let close = request.wants_close();
        let (status, body) = handle(shared, &request);
        shared.requests.fetch_add(1, Ordering::Relaxed);
        if http::write_response(&mut stream, status, &body, close).is_err() || close {
            break;
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

fn handle(shared: &Shared, request: &http::Request) -> (u16, Vec<u8>) {
    let started = Instant::now();
    let mut route = None;
    let (status, body, error_type) = match dispatch(shared, request, &mut route) {
        Ok(mut fields) => {
            let request_id = ids::request_id();
            let mut out = Map::new();
            out.insert("request_id".to_owned(), Value::String(request_id));
            out.insert("status_code".to_owned(), json!(200));
            out.append(&mut fields);
            let body = serde_json::to_vec(&Value::Object(out)).unwrap_or_default();
            (200, body, None)
        }
        Err(fail) => (
            fail.status,
            error_body(fail.status, &fail.error_type, &fail.message),
            Some(fail.error_type),
        ),
    };
    // One line per request. The path is the matched template, never the
    // filled-in path, and no header or body is logged: they carry the
    // secret, tokens and passwords.
    log::info!(
        target: "stytch_local",
        "{method} {path} -> {status}{sep}{error} ({micros} us)",
        method = request.method.chars().take(16).collect::<String>(),
        path = route.map_or("(no route)", |r: Route| r.path),
        sep = if error_type.is_some() { " " } else { "" },
        error = error_type.as_deref().unwrap_or(""),
        micros = started.elapsed().as_micros(),
    );
    (status, body)
}

fn dispatch(
    shared: &Shared,
    request: &http::Request,
    route: &mut Option<Route>,
) -> Result<Map<String, Value>, Fail> {
    if !crate::keys::is_public(&request.method, &request.target)
        && request.header("authorization") != Some(shared.expected_auth.as_str())
    {
        return Err(Fail::new(
            401,
            "unauthorized_credentials",
            "the project id and secret in the Authorization header are not valid",
        ));
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    let method = Method::from_name(&request.method).ok_or_else(|| {
        Fail::new(
            405,
            "method_not_allowed",
            format!("method {} is not supported", request.method),
        )
    })?;
    let (entry, params) = routes::find(&shared.routes, method, path)?;
    *route = Some(entry.route);
    let query = decode::parse_query(query).ok_or_else(|| {
        Fail::new(
            400,
            "invalid_request",
            "the query string is not valid percent-encoded UTF-8",
        )
    })?;
    let body = if request.body.is_empty() {
        None
    } else {
        let is_json = request
            .header("content-type")
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(Fail::new(
                400,
                "invalid_content_type",
                "request bodies must be application/json",
            ));
        }
        Some(serde_json::from_slice::<Value>(&request.body).map_err(|e| {
            Fail::new(
                400,
                "invalid_json",
                format!("the request body is not valid JSON: {e}"),
            )
        })?)
    };
    entry.answer(&shared.state, params, query, body)
}

fn error_body(status: u16, error_type: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "status_code": status,
        "request_id": ids::request_id(),
        "error_type": error_type,
        "error_message": message,
        "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
    }))
    .unwrap_or_default()
}
