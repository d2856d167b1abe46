// Expansion of `#[endpoint(POST "/v1/otps/authenticate", response = AuthenticateResponse)]` on the `at_most_one_of` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub struct Authenticate {
    /// The id of the email or phone the code was sent to.
    method_id: String,
    /// The code the user typed.
    code: String,
    session_token: Option<String>,
    session_jwt: Option<String>,
    /// Minutes the session lasts.
    session_duration_minutes: Option<u32>,
}
#[diagnostic::on_unimplemented(
    message = "`method_id` is already set on this `Authenticate` builder",
    label = "`method_id` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.method_id(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AuthenticateMethodIdUnset {}
#[diagnostic::on_unimplemented(
    message = "`Authenticate` is missing its required field `method_id`",
    label = "`method_id` is not set",
    note = "call `.method_id(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AuthenticateMethodIdSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
#[diagnostic::on_unimplemented(
    message = "`code` is already set on this `Authenticate` builder",
    label = "`code` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.code(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AuthenticateCodeUnset {}
#[diagnostic::on_unimplemented(
    message = "`Authenticate` is missing its required field `code`",
    label = "`code` is not set",
    note = "call `.code(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AuthenticateCodeSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
#[diagnostic::on_unimplemented(
    message = "`Authenticate` takes at most one of `session_token` or `session_jwt`, and one is already set",
    label = "a second member of the group is set here",
    note = "`session_token` and `session_jwt` are alternatives: keep the one you need and remove the other calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AuthenticateSessionOpen {}
/// Builds a [`Authenticate`] request (POST /v1/otps/authenticate). Made by [`Authenticate::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub struct AuthenticateBuilder<
    __MethodId = ::stytch_endpoints::__private::Unset,
    __Code = ::stytch_endpoints::__private::Unset,
    __Session = ::stytch_endpoints::__private::Unset,
> {
    method_id: __MethodId,
    code: __Code,
    __group_session: __Session,
    __optional: __AuthenticateBuilderOptional,
}
/// The optional fields of the builder, which its type does not track.
#[doc(hidden)]
#[allow(non_camel_case_types)]
struct __AuthenticateBuilderOptional {
    session_duration_minutes: Option<u32>,
}
impl<__MethodId, __Code, __Session> AuthenticateBuilder<__MethodId, __Code, __Session> {
    /// The id of the email or phone the code was sent to.
    ///
    /// Sets `method_id`, a required field: call this exactly once. Setters may be called in any order.
    pub fn method_id(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AuthenticateBuilder<
        ::stytch_endpoints::__private::Set<String>,
        __Code,
        __Session,
    >
    where
        __MethodId: __AuthenticateMethodIdUnset,
    {
        AuthenticateBuilder {
            method_id: ::stytch_endpoints::__private::Set(value.into()),
            code: self.code,
            __group_session: self.__group_session,
            __optional: self.__optional,
        }
    }
    /// The code the user typed.
    ///
    /// Sets `code`, a required field: call this exactly once. Setters may be called in any order.
    pub fn code(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AuthenticateBuilder<
        __MethodId,
        ::stytch_endpoints::__private::Set<String>,
        __Session,
    >
    where
        __Code: __AuthenticateCodeUnset,
    {
        AuthenticateBuilder {
            method_id: self.method_id,
            code: ::stytch_endpoints::__private::Set(value.into()),
            __group_session: self.__group_session,
            __optional: self.__optional,
        }
    }
    /// Sets `session_token`, a member of a group: at most one of `session_token` or `session_jwt` may be set. Setters may be called in any order.
    pub fn session_token(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AuthenticateBuilder<
        __MethodId,
        __Code,
        ::stytch_endpoints::__private::Set<::core::option::Option<AuthenticateSession>>,
    >
    where
        __Session: __AuthenticateSessionOpen,
    {
        AuthenticateBuilder {
            method_id: self.method_id,
            code: self.code,
            __group_session: ::stytch_endpoints::__private::Set(
                ::core::option::Option::Some(
                    AuthenticateSession::SessionToken(value.into()),
                ),
            ),
            __optional: self.__optional,
        }
    }
    /// Sets `session_jwt`, a member of a group: at most one of `session_token` or `session_jwt` may be set. Setters may be called in any order.
    pub fn session_jwt(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AuthenticateBuilder<
        __MethodId,
        __Code,
        ::stytch_endpoints::__private::Set<::core::option::Option<AuthenticateSession>>,
    >
    where
        __Session: __AuthenticateSessionOpen,
    {
        AuthenticateBuilder {
            method_id: self.method_id,
            code: self.code,
            __group_session: ::stytch_endpoints::__private::Set(
                ::core::option::Option::Some(
                    AuthenticateSession::SessionJwt(value.into()),
                ),
            ),
            __optional: self.__optional,
        }
    }
    /// Minutes the session lasts.
    ///
    /// Sets `session_duration_minutes`, an optional field: left out of the request unless set. Setters may be called in any order.
    pub fn session_duration_minutes(mut self, value: u32) -> Self {
        self.__optional.session_duration_minutes = ::core::option::Option::Some(value);
        self
    }
    /// Sets `session_duration_minutes` from an `Option`: `None` leaves it out of the request. Setters may be called in any order.
    pub fn maybe_session_duration_minutes(
        mut self,
        value: ::core::option::Option<u32>,
    ) -> Self {
        self.__optional.session_duration_minutes = value;
        self
    }
    /// Sets the `session_token` / `session_jwt` group from its enum, for callers that only know at run time which member they have. Counts as setting the group: no member setter may be called as well. Setters may be called in any order.
    pub fn session(
        self,
        value: AuthenticateSession,
    ) -> AuthenticateBuilder<
        __MethodId,
        __Code,
        ::stytch_endpoints::__private::Set<::core::option::Option<AuthenticateSession>>,
    >
    where
        __Session: __AuthenticateSessionOpen,
    {
        AuthenticateBuilder {
            method_id: self.method_id,
            code: self.code,
            __group_session: ::stytch_endpoints::__private::Set(
                ::core::option::Option::Some(value),
            ),
            __optional: self.__optional,
        }
    }
    /// Chooses the member of the `session_token` / `session_jwt` group at run time, or none with `None`. Counts as setting the group: no member setter may be called as well. Setters may be called in any order.
    pub fn maybe_session(
        self,
        value: ::core::option::Option<AuthenticateSession>,
    ) -> AuthenticateBuilder<
        __MethodId,
        __Code,
        ::stytch_endpoints::__private::Set<::core::option::Option<AuthenticateSession>>,
    >
    where
        __Session: __AuthenticateSessionOpen,
    {
        AuthenticateBuilder {
            method_id: self.method_id,
            code: self.code,
            __group_session: ::stytch_endpoints::__private::Set(value),
            __optional: self.__optional,
        }
    }
}
impl<__MethodId, __Code, __Session> AuthenticateBuilder<__MethodId, __Code, __Session> {
    /// Finishes the `Authenticate` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub fn build(self) -> Authenticate
    where
        __MethodId: __AuthenticateMethodIdSet,
        __Code: __AuthenticateCodeSet,
        __Session: ::stytch_endpoints::__private::OptionalGroup<AuthenticateSession>,
    {
        let method_id = __AuthenticateMethodIdSet::into_value(self.method_id);
        let code = __AuthenticateCodeSet::into_value(self.code);
        let mut session_token = ::core::option::Option::None;
        let mut session_jwt = ::core::option::Option::None;
        if let ::core::option::Option::Some(__stytch_choice) = ::stytch_endpoints::__private::OptionalGroup::into_choice(
            self.__group_session,
        ) {
            match __stytch_choice {
                AuthenticateSession::SessionToken(__stytch_value) => {
                    session_token = ::core::option::Option::Some(__stytch_value);
                }
                AuthenticateSession::SessionJwt(__stytch_value) => {
                    session_jwt = ::core::option::Option::Some(__stytch_value);
                }
            }
        }
        Authenticate {
            method_id,
            code,
            session_token,
            session_jwt,
            session_duration_minutes: self.__optional.session_duration_minutes,
        }
    }
    /// Sends `POST /v1/otps/authenticate` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<
        AuthenticateResponse,
        ::stytch_endpoints::__private::Error,
    >
    where
        __MethodId: __AuthenticateMethodIdSet,
        __Code: __AuthenticateCodeSet,
        __Session: ::stytch_endpoints::__private::OptionalGroup<AuthenticateSession>,
    {
        client.send(&self.build())
    }
}
/// The member of the `session_token` / `session_jwt` group of [`Authenticate`] (at most one of them is set), for choosing it at run time with [`AuthenticateBuilder::session`].
pub enum AuthenticateSession {
    /// The `session_token` member.
    SessionToken(String),
    /// The `session_jwt` member.
    SessionJwt(String),
}
const _: () = {
    #[allow(unused_imports)]
    use at_most_one_of as _;
    use ::stytch_endpoints::__private as __rt;
    #[allow(unused_imports)]
    use ::core::{
        option::Option::{None, Some},
        result::Result::Ok,
    };
    impl __AuthenticateMethodIdUnset for __rt::Unset {}
    impl __AuthenticateMethodIdSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl __AuthenticateCodeUnset for __rt::Unset {}
    impl __AuthenticateCodeSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl __AuthenticateSessionOpen for __rt::Unset {}
    impl Authenticate {
        /// Starts building a `POST /v1/otps/authenticate` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub fn builder() -> AuthenticateBuilder {
            AuthenticateBuilder {
                method_id: __rt::Unset,
                code: __rt::Unset,
                __group_session: __rt::Unset,
                __optional: __AuthenticateBuilderOptional {
                    session_duration_minutes: None,
                },
            }
        }
    }
    impl ::core::fmt::Debug for AuthenticateSession {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            match self {
                AuthenticateSession::SessionToken(_) => {
                    f.debug_tuple("SessionToken").field(&__rt::Redacted).finish()
                }
                AuthenticateSession::SessionJwt(_) => {
                    f.debug_tuple("SessionJwt").field(&__rt::Redacted).finish()
                }
            }
        }
    }
    impl __rt::Endpoint for Authenticate {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/otps/authenticate";
        type Response = AuthenticateResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/otps/authenticate");
        }
        #[inline]
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<bool, __rt::Error> {
            let mut body = __rt::BodyWriter::new(out, __rt::Route::of::<Self>());
            body.field("\"method_id\":", &self.method_id)?;
            body.field("\"code\":", &self.code)?;
            if let Some(value) = &self.session_token {
                body.field("\"session_token\":", value)?;
            }
            if let Some(value) = &self.session_jwt {
                body.field("\"session_jwt\":", value)?;
            }
            if let Some(value) = &self.session_duration_minutes {
                body.field("\"session_duration_minutes\":", value)?;
            }
            body.finish();
            Ok(true)
        }
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), __rt::Error> {
            __rt::check_group(
                __rt::Route::of::<Self>(),
                &[
                    ("session_token", self.session_token.is_some()),
                    ("session_jwt", self.session_jwt.is_some()),
                ],
                __rt::GroupRule::AtMostOne,
            )?;
            Ok(())
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for Authenticate where __S : __rt::FieldSource < String >, __S :
        __rt::FieldSource < Option < String > >, __S : __rt::FieldSource < Option < u32 >
        >, { #[allow(unused_variables)] fn from_fields(source : & mut __S) ->
        ::core::result::Result < Self, __rt::Error > { let value = Self { method_id : <
        __S as __rt::FieldSource < String >> ::field(source, __rt::Location::Body,
        "method_id") ?, code : < __S as __rt::FieldSource < String >> ::field(source,
        __rt::Location::Body, "code") ?, session_token : < __S as __rt::FieldSource <
        Option < String > >> ::field(source, __rt::Location::Body, "session_token") ?,
        session_jwt : < __S as __rt::FieldSource < Option < String > >> ::field(source,
        __rt::Location::Body, "session_jwt") ?, session_duration_minutes : < __S as
        __rt::FieldSource < Option < u32 > >> ::field(source, __rt::Location::Body,
        "session_duration_minutes") ?, }; __rt::Endpoint::validate(& value) ?; Ok(value)
        } }
    }
    impl __rt::Describe for Authenticate {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new(
                    "method_id",
                    "method_id",
                    __rt::Location::Body,
                    true,
                    false,
                ),
                __rt::Param::new("code", "code", __rt::Location::Body, true, true),
                __rt::Param::new(
                    "session_token",
                    "session_token",
                    __rt::Location::Body,
                    false,
                    true,
                ),
                __rt::Param::new(
                    "session_jwt",
                    "session_jwt",
                    __rt::Location::Body,
                    false,
                    true,
                ),
                __rt::Param::new(
                    "session_duration_minutes",
                    "session_duration_minutes",
                    __rt::Location::Body,
                    false,
                    false,
                ),
            ],
            &[
                __rt::Group::new(
                    __rt::GroupRule::AtMostOne,
                    "session",
                    &["session_token", "session_jwt"],
                ),
            ],
        );
    }
    impl ::core::fmt::Debug for Authenticate {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Authenticate")
                .field("method_id", &self.method_id)
                .field("code", &__rt::Redacted)
                .field(
                    "session_token",
                    &self.session_token.as_ref().map(|_| __rt::Redacted),
                )
                .field("session_jwt", &self.session_jwt.as_ref().map(|_| __rt::Redacted))
                .field("session_duration_minutes", &self.session_duration_minutes)
                .finish()
        }
    }
    impl Authenticate {
        /// The id of the email or phone the code was sent to.
        #[inline]
        pub fn method_id(&self) -> &String {
            &self.method_id
        }
        /// The code the user typed.
        #[inline]
        pub fn code(&self) -> &String {
            &self.code
        }
        /// The `session_token` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn session_token(&self) -> ::core::option::Option<&String> {
            self.session_token.as_ref()
        }
        /// The `session_jwt` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn session_jwt(&self) -> ::core::option::Option<&String> {
            self.session_jwt.as_ref()
        }
        /// Minutes the session lasts.
        ///
        /// `None` when not set.
        #[inline]
        pub fn session_duration_minutes(&self) -> ::core::option::Option<&u32> {
            self.session_duration_minutes.as_ref()
        }
    }
};
