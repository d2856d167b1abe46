// `cursor = field` names an optional field outside the path and the
// groups, once; a paged call's builder has a `paginate` method, so no field
// may take that name.
use stytch_endpoints::{Page, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

impl Page for Out {
    type Item = String;
    fn into_page(self) -> (Vec<String>, Option<String>) {
        (Vec::new(), None)
    }
}

#[endpoint(POST "/v1/a", response = Out, cursor = after)]
pub struct NoSuchField {
    cursor: Option<String>,
}

#[endpoint(POST "/v1/b", response = Out, cursor = cursor)]
pub struct RequiredCursor {
    cursor: String,
}

#[endpoint(POST "/v1/c", response = Out, cursor = cursor)]
#[one_of(cursor, offset)]
pub struct CursorInGroup {
    cursor: Option<String>,
    offset: Option<String>,
}

#[endpoint(POST "/v1/d", response = Out, cursor = cursor, cursor = cursor)]
pub struct CursorTwice {
    cursor: Option<String>,
}

#[endpoint(POST "/v1/e", response = Out, cursor = cursor)]
pub struct FieldNamedPaginate {
    cursor: Option<String>,
    paginate: Option<bool>,
}

fn main() {}
