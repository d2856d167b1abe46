//! The local server under clients that misbehave: too many connections,
//! heads and bodies that never finish, framing that could smuggle a second
//! request, connections that must close, a server dropped mid-connection,
//! searches built to hold the lock, and a process out of file descriptors.
//! RELIABILITY.md ("The local server") lists each with its test.

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stytch_local::{LocalServer, LocalServerConfig};
use support::{auth, closes_within, connect, exchange, get_demo_user, read_answer};

fn server_with(config: LocalServerConfig) -> LocalServer {
    LocalServer::start_with(config).expect("bind 127.0.0.1")
}

// ---- 1. a bounded number of connections ----

#[test]
fn a_connection_over_the_cap_is_answered_503_then_closed() {
    let server = server_with(LocalServerConfig {
        max_connections: 3,
        ..LocalServerConfig::default()
    });
    // Three connections, each proven to be served (so each holds a slot).
    let mut held: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = connect(&server);
            let answer = exchange(&mut s, &get_demo_user(&server, "HTTP/1.1", ""));
            assert_eq!(answer.status, 200);
            s
        })
        .collect();
    let mut fourth = connect(&server);
    let answer = read_answer(&mut fourth);
    assert_eq!(answer.status, 503);
    assert_eq!(answer.error_type(), "too_many_connections");
    assert!(answer.message().contains('3'), "{}", answer.message());
    assert_eq!(answer.header("connection"), Some("close"));
    assert!(closes_within(&mut fourth, Duration::from_secs(2)).0);
    // A slot frees when a connection ends: a new connection is served again.
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut again = connect(&server);
        let answer = exchange(&mut again, &get_demo_user(&server, "HTTP/1.1", ""));
        if answer.status == 200 {
            break;
        }
        assert_eq!(answer.status, 503);
        assert!(Instant::now() < deadline, "no slot freed after a close");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn refusals_at_the_cap_do_not_stall_accept() {
    // Twenty clients over the cap that never close: each must read its 503
    // at once (closing a refused connection must not hold up the next
    // accept).
    let server = server_with(LocalServerConfig {
        max_connections: 1,
        ..LocalServerConfig::default()
    });
    let mut first = connect(&server);
    assert_eq!(
        exchange(&mut first, &get_demo_user(&server, "HTTP/1.1", "")).status,
        200
    );
    let started = Instant::now();
    let mut refused: Vec<TcpStream> = (0..20).map(|_| connect(&server)).collect();
    for stream in &mut refused {
        assert_eq!(read_answer(stream).status, 503);
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "20 refusals took {took:?}");
}

// ---- 2. deadlines for the head and the body ----

/// Writes `bytes` one at a time, `every` apart, until done or the peer is
/// gone; returns when it stops.
fn trickle(mut stream: TcpStream, bytes: Vec<u8>, every: Duration) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for b in bytes {
            if stream.write_all(&[b]).is_err() {
                return;
            }
            thread::sleep(every);
        }
    })
}

#[test]
fn a_trickled_head_is_answered_408_at_the_head_deadline() {
    let server = server_with(LocalServerConfig {
        head_timeout: Duration::from_millis(500),
        ..LocalServerConfig::default()
    });
    let mut stream = connect(&server);
    // 200 bytes at 50 ms each would take 10 s: far past the deadline, while
    // each byte comes well within any per-read timeout.
    let head = get_demo_user(
        &server,
        "HTTP/1.1",
        &format!("x-pad: {}\r\n", "a".repeat(120)),
    );
    let started = Instant::now();
    let writer = trickle(
        stream.try_clone().unwrap(),
        head.into_bytes(),
        Duration::from_millis(50),
    );
    let answer = read_answer(&mut stream);
    let took = started.elapsed();
    assert_eq!(answer.status, 408);
    assert_eq!(answer.error_type(), "request_timeout");
    assert!(answer.message().contains("500 ms"), "{}", answer.message());
    assert!(took >= Duration::from_millis(400), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(closes_within(&mut stream, Duration::from_secs(2)).0);
    writer.join().unwrap();
}

#[test]
fn a_trickled_body_is_answered_408_at_the_body_deadline() {
    let server = server_with(LocalServerConfig {
        body_timeout: Duration::from_millis(500),
        ..LocalServerConfig::default()
    });
    let mut stream = connect(&server);
    let body = format!(
        "{{\"email\": \"slow@example.com\", \"name\": {{\"first_name\": \"{}\"}}}}",
        "a".repeat(150)
    );
    let head = format!(
        "POST /v1/users HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        auth(&server),
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let writer = trickle(
        stream.try_clone().unwrap(),
        body.into_bytes(),
        Duration::from_millis(50),
    );
    let answer = read_answer(&mut stream);
    let took = started.elapsed();
    assert_eq!(answer.status, 408);
    assert_eq!(answer.error_type(), "request_timeout");
    assert!(took >= Duration::from_millis(400), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(closes_within(&mut stream, Duration::from_secs(2)).0);
    writer.join().unwrap();
}

#[test]
fn a_prompt_request_after_an_idle_pause_is_not_cut_by_the_head_deadline() {
    // The head clock starts at the request's first byte, not when the
    // connection (or the previous answer) went idle.
    let server = server_with(LocalServerConfig {
        head_timeout: Duration::from_millis(300),
        ..LocalServerConfig::default()
    });
    let mut stream = connect(&server);
    let request = get_demo_user(&server, "HTTP/1.1", "");
    assert_eq!(exchange(&mut stream, &request).status, 200);
    thread::sleep(Duration::from_millis(600));
    assert_eq!(exchange(&mut stream, &request).status, 200);
}

// ---- 4. strict framing (RFC 9112) ----

/// Sends `request` on a new connection; expects one error answer and then
/// the connection closed, with nothing more sent (no second answer).
fn refused(server: &LocalServer, request: &str) -> support::Answer {
    let mut stream = connect(server);
    stream.write_all(request.as_bytes()).unwrap();
    let answer = read_answer(&mut stream);
    assert_eq!(answer.header("connection"), Some("close"), "{answer:?}");
    let (closed, rest) = closes_within(&mut stream, Duration::from_secs(2));
    assert!(closed, "the connection stayed open after {answer:?}");
    assert!(
        rest.is_empty(),
        "more was sent after the refusal: {:?}",
        String::from_utf8_lossy(&rest)
    );
    answer
}

fn post_users(server: &LocalServer, framing: &str, body: &str) -> String {
    format!(
        "POST /v1/users HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\ncontent-type: application/json\r\n{framing}\r\n{body}",
        auth(server)
    )
}

#[test]
fn content_length_must_be_digits_only() {
    let server = LocalServer::start().unwrap();
    for bad in [
        "+5",
        "-5",
        "5 5",
        "0x5",
        "",
        "5;",
        "99999999999999999999999",
    ] {
        let body = r#"{"a":1}"#;
        let answer = refused(
            &server,
            &post_users(&server, &format!("content-length: {bad}\r\n"), body),
        );
        assert_eq!(answer.status, 400, "content-length {bad:?}: {answer:?}");
        assert_eq!(answer.error_type(), "bad_request");
    }
}

#[test]
fn whitespace_before_the_colon_is_refused() {
    let server = LocalServer::start().unwrap();
    let answer = refused(
        &server,
        &post_users(&server, "content-length : 2\r\n", "{}"),
    );
    assert_eq!(answer.status, 400);
    let answer = refused(
        &server,
        &post_users(&server, "content-length\t: 2\r\n", "{}"),
    );
    assert_eq!(answer.status, 400);
}

#[test]
fn two_different_content_lengths_are_refused_not_read_as_two_requests() {
    let server = LocalServer::start().unwrap();
    // Read with the first length, the rest of this body would be a second
    // request (`GET /v1/users/...`): request smuggling.
    let smuggled = get_demo_user(&server, "HTTP/1.1", "");
    let body = format!("{{}}{smuggled}");
    let request = post_users(
        &server,
        &format!("content-length: 2\r\ncontent-length: {}\r\n", body.len()),
        &body,
    );
    let answer = refused(&server, &request);
    assert_eq!(answer.status, 400);
    assert!(
        answer.message().to_lowercase().contains("content-length"),
        "{}",
        answer.message()
    );
}

#[test]
fn identical_content_lengths_are_one_length() {
    // RFC 9110 section 8.6 lets a recipient treat repeats of one value as
    // that value.
    let server = LocalServer::start().unwrap();
    let body = r#"{"email": "twice@example.com"}"#;
    let mut stream = connect(&server);
    let answer = exchange(
        &mut stream,
        &post_users(
            &server,
            &format!("content-length: {0}\r\ncontent-length: {0}\r\n", body.len()),
            body,
        ),
    );
    assert_eq!(answer.status, 200, "{answer:?}");
}

#[test]
fn transfer_encoding_with_content_length_is_refused() {
    let server = LocalServer::start().unwrap();
    let answer = refused(
        &server,
        &post_users(
            &server,
            "transfer-encoding: chunked\r\ncontent-length: 6\r\n",
            "2\r\n{}\r\n0\r\n\r\n",
        ),
    );
    assert_eq!(answer.status, 400);
}

#[test]
fn a_chunked_body_is_decoded() {
    let server = LocalServer::start().unwrap();
    let body = r#"{"email": "chunked@example.com"}"#;
    let (a, b) = body.split_at(10);
    let chunked = format!(
        "{:x};ext=1\r\n{a}\r\n{:X}\r\n{b}\r\n0\r\nx-trailer: yes\r\n\r\n",
        a.len(),
        b.len()
    );
    let mut stream = connect(&server);
    let answer = exchange(
        &mut stream,
        &post_users(&server, "transfer-encoding: chunked\r\n", &chunked),
    );
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.body["user"]["emails"][0]["email"],
        "chunked@example.com"
    );
    // The connection stays usable: the chunked body was read exactly.
    let again = exchange(&mut stream, &get_demo_user(&server, "HTTP/1.1", ""));
    assert_eq!(again.status, 200);
}

#[test]
fn broken_chunking_is_refused() {
    let server = LocalServer::start().unwrap();
    for bad in [
        "zz\r\n{}\r\n0\r\n\r\n",  // not hex
        "2\r\n{}XX0\r\n\r\n",     // no CRLF after the data
        "+2\r\n{}\r\n0\r\n\r\n",  // a sign
        "2 \r\n{}\r\n0\r\n\r\n",  // whitespace after the size
        "ffffffffffffffffff\r\n", // overflows
    ] {
        let answer = refused(
            &server,
            &post_users(&server, "transfer-encoding: chunked\r\n", bad),
        );
        assert!(
            answer.status == 400 || answer.status == 413,
            "{bad:?}: {answer:?}"
        );
    }
}

#[test]
fn other_transfer_codings_are_501() {
    let server = LocalServer::start().unwrap();
    for coding in ["gzip, chunked", "identity", "chunked, chunked"] {
        let answer = refused(
            &server,
            &post_users(&server, &format!("transfer-encoding: {coding}\r\n"), ""),
        );
        assert!(
            answer.status == 501 || answer.status == 400,
            "{coding}: {answer:?}"
        );
    }
}

#[test]
fn folded_and_nameless_header_lines_are_refused() {
    let server = LocalServer::start().unwrap();
    for framing in ["x-a: 1\r\n  continued\r\n", ": nameless\r\n", "x a: 1\r\n"] {
        let answer = refused(&server, &post_users(&server, framing, ""));
        assert_eq!(answer.status, 400, "{framing:?}: {answer:?}");
    }
}

#[test]
fn size_limits_on_the_request_line_and_the_head_are_kept() {
    let server = LocalServer::start().unwrap();
    let long_target = format!(
        "GET /v1/users/{} HTTP/1.1\r\nhost: x\r\n\r\n",
        "a".repeat(9000)
    );
    assert_eq!(refused(&server, &long_target).status, 414);
    let big_head = get_demo_user(
        &server,
        "HTTP/1.1",
        &format!("x-pad: {}\r\n", "a".repeat(17 * 1024)),
    );
    assert_eq!(refused(&server, &big_head).status, 431);
    let many = get_demo_user(&server, "HTTP/1.1", &"x-a: 1\r\n".repeat(200));
    assert_eq!(refused(&server, &many).status, 431);
}

// ---- 5. when a connection closes ----

#[test]
fn http_1_0_without_keep_alive_closes_after_the_answer() {
    let server = LocalServer::start().unwrap();
    let mut stream = connect(&server);
    let answer = exchange(&mut stream, &get_demo_user(&server, "HTTP/1.0", ""));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("connection"), Some("close"));
    assert!(closes_within(&mut stream, Duration::from_secs(2)).0);
}

#[test]
fn http_1_0_with_keep_alive_stays_open() {
    let server = LocalServer::start().unwrap();
    let mut stream = connect(&server);
    let request = get_demo_user(&server, "HTTP/1.0", "connection: Keep-Alive\r\n");
    let first = exchange(&mut stream, &request);
    assert_eq!(first.header("connection"), Some("keep-alive"));
    assert_eq!(exchange(&mut stream, &request).status, 200);
}

#[test]
fn http_1_1_with_connection_close_closes() {
    let server = LocalServer::start().unwrap();
    for value in ["close", "Close", "te, close", "keep-alive, CLOSE"] {
        let mut stream = connect(&server);
        let request = get_demo_user(&server, "HTTP/1.1", &format!("connection: {value}\r\n"));
        let answer = exchange(&mut stream, &request);
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("connection"), Some("close"), "{value}");
        assert!(
            closes_within(&mut stream, Duration::from_secs(2)).0,
            "{value}"
        );
    }
}

// ---- 6. dropping the server ends its connections ----

#[test]
fn dropping_the_server_closes_its_open_connections() {
    let server = LocalServer::start().unwrap();
    let request = get_demo_user(&server, "HTTP/1.1", "");
    let mut stream = connect(&server);
    assert_eq!(exchange(&mut stream, &request).status, 200);
    drop(server);
    // Whatever is sent now, nothing answers: the connection is closed.
    let _ = stream.write_all(request.as_bytes());
    let (closed, rest) = closes_within(&mut stream, Duration::from_secs(2));
    assert!(closed, "the connection outlived the server");
    assert!(
        rest.is_empty(),
        "a dropped server answered: {:?}",
        String::from_utf8_lossy(&rest)
    );
}

// ---- 7. searches are bounded ----

fn search(server: &LocalServer, query: &Value) -> support::Answer {
    let body = serde_json::to_string(&json!({ "query": query })).unwrap();
    let mut stream = connect(server);
    exchange(
        &mut stream,
        &format!(
            "POST /v1/users/search HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            auth(server),
            body.len()
        ),
    )
}

fn filter(values: usize) -> Value {
    let list: Vec<String> = (0..values).map(|i| format!("user-test-{i}")).collect();
    json!({"filter_name": "user_id", "filter_value": list})
}

/// A query nested `depth` levels, each level holding one filter and the
/// next level.
fn nested(depth: usize) -> Value {
    let mut query = json!({"operator": "AND", "operands": [filter(1)]});
    for _ in 1..depth {
        query = json!({"operator": "OR", "operands": [filter(1), query]});
    }
    query
}

#[test]
fn a_search_nested_past_the_depth_limit_is_400_naming_it() {
    let server = LocalServer::start().unwrap();
    let answer = search(&server, &nested(20));
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.error_type(), "invalid_search_query");
    assert!(answer.message().contains("depth"), "{}", answer.message());
    assert!(answer.message().contains('8'), "{}", answer.message());
    // At the limit it is answered.
    assert_eq!(search(&server, &nested(8)).status, 200);
}

#[test]
fn a_search_with_too_many_operands_is_400_naming_the_limit() {
    let server = LocalServer::start().unwrap();
    let wide = json!({"operator": "OR", "operands": vec![filter(1); 5000]});
    let answer = search(&server, &wide);
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.error_type(), "invalid_search_query");
    assert!(
        answer.message().contains("operands"),
        "{}",
        answer.message()
    );
    assert!(answer.message().contains("100"), "{}", answer.message());
}

#[test]
fn a_search_with_too_many_filter_values_is_400_naming_the_limit() {
    let server = LocalServer::start().unwrap();
    let answer = search(
        &server,
        &json!({"operator": "OR", "operands": [filter(50_000)]}),
    );
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.error_type(), "invalid_search_query");
    assert!(answer.message().contains("values"), "{}", answer.message());
    assert!(answer.message().contains("1000"), "{}", answer.message());
}

#[test]
fn nested_searches_still_match() {
    let server = LocalServer::start().unwrap();
    let demo = stytch_local::DEMO_USER_ID;
    let hit = json!({"filter_name": "user_id", "filter_value": [demo]});
    let miss = json!({"filter_name": "status", "filter_value": "pending"});
    let query = json!({"operator": "AND", "operands": [
        hit,
        {"operator": "OR", "operands": [miss, {"operator": "AND", "operands": [hit]}]}
    ]});
    let answer = search(&server, &query);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body["results"][0]["user_id"], demo);
    let none = json!({"operator": "AND", "operands": [hit, miss]});
    assert_eq!(search(&server, &none).body["results"], json!([]));
    let unknown =
        json!({"operator": "AND", "operands": [{"filter_name": "shoe_size", "filter_value": "9"}]});
    assert_eq!(
        search(&server, &unknown).error_type(),
        "invalid_search_query"
    );
}

// ---- 3. out of file descriptors, the accept loop backs off ----

/// Set in the child process that runs [`fd_limit_child`] under a low
/// file-descriptor limit.
const FD_CHILD: &str = "STYTCH_LOCAL_FD_LIMIT_CHILD";

#[test]
fn accept_backs_off_when_the_process_is_out_of_file_descriptors() {
    // setrlimit needs unsafe code or a crate; a shell lowers the limit for a
    // child instead: this same test binary, running only `fd_limit_child`.
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -n 64 && exec "$0" "$@""#)
        .arg(&exe)
        .args([
            "--exact",
            "fd_limit_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(FD_CHILD, "1")
        .output()
        .expect("run sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("fd-limit child done"),
        "child did not run:\n{stdout}\n{stderr}"
    );
}

/// CPU time of this process so far, in clock ticks (user + system).
fn cpu_ticks(stat: &mut std::fs::File) -> u64 {
    use std::io::{Read, Seek, SeekFrom};
    let mut text = String::new();
    stat.seek(SeekFrom::Start(0)).unwrap();
    stat.read_to_string(&mut text).unwrap();
    let after_name = &text[text.rfind(')').unwrap() + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn fd_limit_child() {
    if std::env::var_os(FD_CHILD).is_none() {
        return;
    }
    let server = LocalServer::start().unwrap();
    let request = get_demo_user(&server, "HTTP/1.1", "");
    let mut stat = std::fs::File::open("/proc/self/stat").unwrap();
    // Use up every descriptor, then give one back to a client: its
    // connection waits in the listen queue and `accept` has no descriptor to
    // take it with (EMFILE), on every try.
    let mut hog = Vec::new();
    while let Ok(f) = std::fs::File::open("/dev/null") {
        hog.push(f);
    }
    hog.pop();
    // Another thread of the process may take the descriptor given back
    // before `connect` does (seen once on a loaded machine): give back one
    // more each time, a few times at most.
    let mut retries = 0;
    let mut client = loop {
        match TcpStream::connect(server.addr()) {
            Ok(client) => break client,
            Err(e) if e.raw_os_error() == Some(24) && retries < 4 => {
                retries += 1;
                drop(hog.pop());
            }
            Err(e) => panic!("connect at the descriptor limit: {e}"),
        }
    };
    thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(&mut stat);
    thread::sleep(Duration::from_secs(1));
    let spent = cpu_ticks(&mut stat) - before;
    println!("fd-limit child: {spent} clock ticks of CPU in 1 s at the limit");
    // With descriptors back, the waiting connection is taken and served.
    drop(hog);
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let answer = exchange(&mut client, &request);
    assert_eq!(answer.status, 200);
    assert!(spent < 20, "the accept loop spun: {spent} ticks in 1 s");
    println!("fd-limit child done");
}
