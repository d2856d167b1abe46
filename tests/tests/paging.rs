//! Walking a paged search with `paginate`: every result once, one call per
//! page, lazily, and a failed page reported as an error rather than as the
//! end of the list.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::json;
use stytch_endpoints::{Error, Paged, RetryPolicy, users};
use stytch_local::{LocalError, LocalServer, LocalServerConfig};
use stytch_tests::{Reply, ScriptedServer};

#[test]
fn a_search_over_250_users_in_pages_of_100_takes_three_calls_and_yields_each_once() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let mut created = HashSet::new();
    for i in 0..250 {
        let user = users::Create::builder()
            .email(format!("paged-{i}@example.com"))
            .send(&client)
            .unwrap();
        created.insert(user.user_id);
    }
    let before = server.requests_served();
    let mut pages = users::Search::builder().limit(100).paginate(&client);
    // Nothing is sent before the first result is asked for.
    assert_eq!(pages.pages_fetched(), 0);
    assert_eq!(server.requests_served(), before);
    let first = pages.next().unwrap().unwrap();
    assert_eq!(pages.pages_fetched(), 1);
    let mut seen = vec![first.user_id];
    for user in pages.by_ref() {
        seen.push(user.unwrap().user_id);
    }
    assert_eq!(pages.pages_fetched(), 3);
    assert_eq!(server.requests_served() - before, 3);
    // The 250 users and the demo user, each once.
    assert_eq!(seen.len(), 251);
    let unique: HashSet<_> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), 251);
    assert!(created.is_subset(&unique));
    assert!(unique.contains(stytch_local::DEMO_USER_ID));
    // The iterator stays finished.
    assert!(pages.next().is_none());
    assert!(format!("{pages:?}").contains("pages_fetched: 3"));
}

/// A page of the search as Stytch shapes it.
fn page(ids: &[&str], next: Option<&str>) -> String {
    let results: Vec<_> = ids.iter().map(|id| json!({ "user_id": id })).collect();
    json!({
        "request_id": "request-id-test-1",
        "results": results,
        "results_metadata": { "total": 9, "next_cursor": next },
        "status_code": 200,
    })
    .to_string()
}

#[test]
fn a_failed_second_page_is_an_error_after_the_first_pages_results() {
    let first = page(&["user-test-1", "user-test-2"], Some("c-2"));
    let server = ScriptedServer::start(move |n, _| match n {
        0 => Reply::json(200, &first),
        _ => Reply::json(
            400,
            r#"{"status_code":400,"request_id":"request-id-test-2","error_type":"invalid_cursor","error_message":"bad cursor","error_url":"https://stytch.com/docs/api/errors/400"}"#,
        ),
    });
    let client = stytch_endpoints::Client::builder("project-test-1", "secret-test-1")
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let results: Vec<_> = client
        .paginate(users::Search::builder().limit(2).build())
        .collect();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().user_id, "user-test-1");
    assert_eq!(results[1].as_ref().unwrap().user_id, "user-test-2");
    match &results[2] {
        Err(Error::Api(e)) => assert_eq!(e.error_type, "invalid_cursor"),
        other => panic!("expected the second page's error, got {other:?}"),
    }
    // The second page carried the first page's cursor.
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    let body: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(body, json!({ "cursor": "c-2", "limit": 2 }));
    let first: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(first, json!({ "limit": 2 }));
}

#[test]
fn a_server_that_repeats_its_cursor_ends_the_walk_with_an_error() {
    let server = ScriptedServer::start(|n, _| {
        Reply::json(200, &page(&[&format!("user-test-{n}")], Some("same")))
    });
    let client = stytch_endpoints::Client::builder("project-test-1", "secret-test-1")
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let results: Vec<_> = client.paginate(users::Search::builder().build()).collect();
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    match &results[2] {
        Err(Error::Decode { reason, .. }) => {
            assert!(reason.contains("gave back the cursor"), "{reason}")
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn an_empty_cursor_ends_the_walk_and_a_given_cursor_is_the_start() {
    let calls = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&calls);
    let config = LocalServerConfig::default().route(move |call: users::Search| {
        counted.fetch_add(1, Ordering::SeqCst);
        if call.cursor().map(String::as_str) != Some("start-here") {
            return Err(LocalError::new(400, "invalid_cursor", "unexpected cursor"));
        }
        Ok(json!({
            "results": [{ "user_id": "user-test-9" }],
            "results_metadata": { "total": 1, "next_cursor": "" },
        }))
    });
    let server = LocalServer::start_with(config).unwrap();
    let mut call = users::Search::builder().build();
    call.set_cursor("start-here".to_owned());
    let ids: Vec<_> = server
        .client()
        .paginate(call)
        .map(|u| u.unwrap().user_id)
        .collect();
    assert_eq!(ids, ["user-test-9"]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
