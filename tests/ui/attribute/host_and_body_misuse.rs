// `host = ...` and `body = ...` take one of their known values, once each;
// a form body needs a method with a body and flat fields; only
// `{project_id}` may go without a field (the client fills it in).
use stytch_endpoints::endpoint;

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/a", response = Out, host = telemetry)]
pub struct UnknownHost {
    id: String,
}

#[endpoint(POST "/v1/b", response = Out, host = fraud, host = api)]
pub struct HostTwice {
    id: String,
}

#[endpoint(POST "/v1/c", response = Out, body = xml)]
pub struct UnknownBody {
    id: String,
}

#[endpoint(POST "/v1/d", response = Out, body = form, body = json)]
pub struct BodyTwice {
    id: String,
}

#[endpoint(GET "/v1/e", response = Out, body = form)]
pub struct FormOnGet {
    id: String,
}

#[endpoint(POST "/v1/f", response = Out, body = form)]
pub struct NestedInForm {
    scopes: Vec<String>,
    claims: Option<serde_json::Map<String, serde_json::Value>>,
}

#[endpoint(POST "/v1/public/{project}/g", response = Out)]
pub struct UnknownPlaceholder {
    id: String,
}

fn main() {}
