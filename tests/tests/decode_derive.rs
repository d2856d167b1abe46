//! `#[derive(Decode)]` and `#[derive(Encode)]` on a consumer's own answer
//! type: what they accept, what they refuse, and the errors they give,
//! compared where it matters with serde's derives over the same struct.

use serde::{Deserialize, Serialize};
use serde_json::json;
use stytch_endpoints::{Decode, Encode};

/// The same struct twice: `Answer` with our derives, `SerdeAnswer` with
/// serde's, to compare their behaviour on one set of attributes.
macro_rules! answer_struct {
    ($name:ident, $($derive:path),+) => {
        #[derive(Debug, Default, PartialEq, $($derive),+)]
        struct $name {
            request_id: String,
            #[serde(rename = "type")]
            kind: String,
            #[serde(default)]
            tags: Vec<String>,
            #[serde(default)]
            active: bool,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            nickname: Option<String>,
            note: Option<String>,
            #[serde(rename = "x5tS256", alias = "x5t#S256", default)]
            thumbprint: String,
            r#ref: u32,
        }
    };
}

answer_struct!(Answer, Encode, Decode);
answer_struct!(SerdeAnswer, Serialize, Deserialize);

fn decode(value: serde_json::Value) -> Result<Answer, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn full() -> serde_json::Value {
    json!({
        "request_id": "req-1",
        "type": "otp",
        "tags": ["a", "b"],
        "active": true,
        "nickname": "ada",
        "note": "hello",
        "x5tS256": "thumb",
        "ref": 7
    })
}

#[test]
fn a_complete_object_decodes_every_field_under_its_wire_name() {
    let answer = decode(full()).unwrap();
    assert_eq!(
        answer,
        Answer {
            request_id: "req-1".into(),
            kind: "otp".into(),
            tags: vec!["a".into(), "b".into()],
            active: true,
            nickname: Some("ada".into()),
            note: Some("hello".into()),
            thumbprint: "thumb".into(),
            r#ref: 7,
        }
    );
    // From text too (keys borrowed from the input), and equal to serde's.
    let text = full().to_string();
    let ours: Answer = serde_json::from_str(&text).unwrap();
    let theirs: SerdeAnswer = serde_json::from_str(&text).unwrap();
    assert_eq!(ours.kind, theirs.kind);
    assert_eq!(ours.tags, theirs.tags);
    assert_eq!(ours.r#ref, theirs.r#ref);
}

#[test]
fn default_fields_read_missing_and_null_as_the_default() {
    let answer = decode(json!({"request_id": "r", "type": "t", "ref": 1})).unwrap();
    assert_eq!(answer.tags, Vec::<String>::new());
    assert!(!answer.active);
    assert_eq!(answer.thumbprint, "");
    let answer = decode(json!({
        "request_id": "r", "type": "t", "ref": 1,
        "tags": null, "active": null, "x5tS256": null
    }))
    .unwrap();
    assert_eq!(answer.tags, Vec::<String>::new());
    assert!(!answer.active);
    assert_eq!(answer.thumbprint, "");
}

#[test]
fn option_fields_may_be_missing_or_null() {
    let answer = decode(json!({
        "request_id": "r", "type": "t", "ref": 1, "nickname": null
    }))
    .unwrap();
    assert_eq!(answer.nickname, None);
    assert_eq!(answer.note, None);
}

#[test]
fn a_missing_required_field_is_named_as_serde_names_it() {
    let mut value = full();
    value.as_object_mut().unwrap().remove("type");
    let ours = decode(value.clone()).unwrap_err();
    let theirs = serde_json::from_value::<SerdeAnswer>(value)
        .unwrap_err()
        .to_string();
    assert_eq!(ours, "missing field `type`");
    assert_eq!(ours, theirs);
}

#[test]
fn null_in_a_required_field_is_an_error() {
    let mut value = full();
    value["request_id"] = serde_json::Value::Null;
    let err = decode(value).unwrap_err();
    assert!(err.contains("invalid type: null"), "{err}");
}

#[test]
fn a_key_given_twice_is_an_error() {
    let text = r#"{"request_id":"a","request_id":"b","type":"t","ref":1}"#;
    let err = serde_json::from_str::<Answer>(text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("duplicate field `request_id`"), "{err}");
    let text = r#"{"request_id":"a","type":"t","ref":1,"tags":[],"tags":null}"#;
    let err = serde_json::from_str::<Answer>(text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("duplicate field `tags`"), "{err}");
}

#[test]
fn unknown_keys_are_skipped_and_reported_to_serde_ignored() {
    let text = r#"{"request_id":"r","type":"t","ref":1,"later":{"deep":[1,2]},"also":null}"#;
    let mut ignored = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let answer: Answer =
        serde_ignored::deserialize(&mut de, |path| ignored.push(path.to_string())).unwrap();
    assert_eq!(answer.request_id, "r");
    assert_eq!(ignored, ["later", "also"]);
}

#[test]
fn an_alias_reads_like_the_wire_name_and_counts_as_the_same_key() {
    let answer = decode(json!({
        "request_id": "r", "type": "t", "ref": 1, "x5t#S256": "other"
    }))
    .unwrap();
    assert_eq!(answer.thumbprint, "other");
    let text = r#"{"request_id":"r","type":"t","ref":1,"x5tS256":"a","x5t#S256":"b"}"#;
    let err = serde_json::from_str::<Answer>(text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("duplicate field `x5tS256`"), "{err}");
}

#[test]
fn an_escaped_key_matches_its_field() {
    let text = r#"{"request_\u0069d":"r","typ\u0065":"t","ref":1}"#;
    let answer: Answer = serde_json::from_str(text).unwrap();
    assert_eq!(answer.request_id, "r");
    assert_eq!(answer.kind, "t");
}

#[test]
fn anything_but_an_object_is_refused_with_the_type_named() {
    for (value, found) in [
        (json!(["r", "t"]), "sequence"),
        (json!("text"), "string"),
        (json!(null), "null"),
        (json!(3), "integer"),
    ] {
        let err = decode(value).unwrap_err();
        assert!(
            err.contains(found) && err.contains("expected struct Answer"),
            "{err}"
        );
    }
}

#[test]
fn the_runtime_names_the_field_of_a_wrong_value_type() {
    use stytch_endpoints::runtime::response::{RawResponse, decode};
    use stytch_endpoints::{Method, Route};
    let mut value = full();
    value["tags"] = json!(["a", 5]);
    let raw = RawResponse {
        status: 200,
        retry_after: None,
        body: value.to_string().into_bytes(),
    };
    let route = Route {
        method: Method::Get,
        path: "/v1/example",
    };
    let err = decode::<Answer>(route, &raw, 1).unwrap_err().to_string();
    assert!(err.contains("tags[1]"), "{err}");
    assert!(err.contains("invalid type: integer"), "{err}");
}

mod renamed {
    //! A crate that re-exports `stytch_endpoints` under another path.
    pub mod sdk {
        pub use stytch_endpoints::*;
    }
}

#[derive(Debug, stytch_endpoints::Encode, stytch_endpoints::Decode)]
#[stytch(crate = renamed::sdk)]
struct ThroughAnotherPath {
    #[serde(default)]
    count: u64,
}

#[test]
fn crate_path_names_a_re_export() {
    let value: ThroughAnotherPath = serde_json::from_str(r#"{"count":null}"#).unwrap();
    assert_eq!(value.count, 0);
    let value: ThroughAnotherPath = serde_json::from_str(r#"{"count":5}"#).unwrap();
    assert_eq!(value.count, 5);
    assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"count":5}"#);
}

#[test]
fn encode_writes_what_serde_writes_in_the_same_order() {
    let answer = decode(full()).unwrap();
    let theirs: SerdeAnswer = serde_json::from_value(full()).unwrap();
    let ours = serde_json::to_string(&answer).unwrap();
    assert_eq!(ours, serde_json::to_string(&theirs).unwrap());
    assert_eq!(
        ours,
        r#"{"request_id":"req-1","type":"otp","tags":["a","b"],"active":true,"nickname":"ada","note":"hello","x5tS256":"thumb","ref":7}"#
    );
}

#[test]
fn encode_skips_a_field_whose_predicate_holds_and_keeps_none_without_one() {
    let answer = decode(json!({"request_id": "r", "type": "t", "ref": 1})).unwrap();
    let value = serde_json::to_value(&answer).unwrap();
    let object = value.as_object().unwrap();
    // `nickname` has `skip_serializing_if`, `note` has none: it stays, as null.
    assert!(!object.contains_key("nickname"), "{value}");
    assert_eq!(object.get("note"), Some(&serde_json::Value::Null));
    assert_eq!(object.len(), 7);
}
