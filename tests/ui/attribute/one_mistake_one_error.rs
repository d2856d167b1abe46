// One mistake in a declaration gives one error: the code below uses the
// builder, its setters, the group enum, `send` and the accessors, and none
// of it adds an error of its own while the declaration is wrong.
use stytch_endpoints::{Client, Endpoint, endpoint, one_of};

#[derive(serde::Deserialize, Debug)]
pub struct Out {
    pub request_id: String,
}

#[endpoint(POST "/v1/oauth/attach", response = Out)]
#[one_of(user_id, session_token, name = user)]
pub struct Attach {
    provider: String,
    #[param(sideways)]
    user_id: Option<String>,
    session_token: Option<String>,
    session_duration_minutes: Option<u32>,
}

fn main() {
    let client = Client::new("project-test-1", "secret");
    let answer: Result<Out, stytch_endpoints::Error> = Attach::builder()
        .provider("google")
        .user_id("user-test-1")
        .session_duration_minutes(30)
        .maybe_session_duration_minutes(None)
        .send(&client);
    let _ = answer.map(|out| out.request_id);

    let call = Attach::builder()
        .provider("google")
        .user(AttachUser::SessionToken("tok".into()))
        .build();
    let _ = (call.provider(), call.user_id(), Attach::PATH);
    println!("{call:?}");
}
