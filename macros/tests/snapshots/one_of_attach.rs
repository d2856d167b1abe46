// Expansion of `#[endpoint(POST "/v1/oauth/attach", response = AttachResponse)]` on the `one_of_attach` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

/// Attaches an OAuth provider to an existing user.
pub struct Attach {
    /// The OAuth provider.
    provider: String,
    /// The user's id.
    user_id: Option<String>,
    /// A session token of the user.
    session_token: Option<String>,
    /// A session JWT of the user.
    session_jwt: Option<String>,
}
#[diagnostic::on_unimplemented(
    message = "`provider` is already set on this `Attach` builder",
    label = "`provider` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.provider(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AttachProviderUnset {}
#[diagnostic::on_unimplemented(
    message = "`Attach` is missing its required field `provider`",
    label = "`provider` is not set",
    note = "call `.provider(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AttachProviderSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
#[diagnostic::on_unimplemented(
    message = "`Attach` takes exactly one of `user_id`, `session_token` or `session_jwt`, and one is already set",
    label = "a second member of the group is set here",
    note = "`user_id`, `session_token` and `session_jwt` are alternatives: keep the one you need and remove the other calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AttachUserOpen {}
#[diagnostic::on_unimplemented(
    message = "`Attach` needs exactly one of `user_id`, `session_token` or `session_jwt`, and none is set",
    label = "set `user_id`, `session_token` or `session_jwt` first",
    note = "call one of `.user_id(...)`, `.session_token(...)`, `.session_jwt(...)` before `.build()` or `.send(...)`; to choose at run time, pass the `AttachUser` enum to `.user(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __AttachUserChosen {
    /// The value that was set.
    fn into_value(self) -> AttachUser;
}
/// Builds a [`Attach`] request (POST /v1/oauth/attach). Made by [`Attach::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub struct AttachBuilder<
    __Provider = ::stytch_endpoints::__private::Unset,
    __User = ::stytch_endpoints::__private::Unset,
> {
    provider: __Provider,
    __group_user: __User,
}
impl<__Provider, __User> AttachBuilder<__Provider, __User> {
    /// The OAuth provider.
    ///
    /// Sets `provider`, a required field: call this exactly once. Setters may be called in any order.
    pub fn provider(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AttachBuilder<::stytch_endpoints::__private::Set<String>, __User>
    where
        __Provider: __AttachProviderUnset,
    {
        AttachBuilder {
            provider: ::stytch_endpoints::__private::Set(value.into()),
            __group_user: self.__group_user,
        }
    }
    /// The user's id.
    ///
    /// Sets `user_id`, a member of a group: exactly one of `user_id`, `session_token` or `session_jwt` may be set. Setters may be called in any order.
    pub fn user_id(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AttachBuilder<__Provider, ::stytch_endpoints::__private::Set<AttachUser>>
    where
        __User: __AttachUserOpen,
    {
        AttachBuilder {
            provider: self.provider,
            __group_user: ::stytch_endpoints::__private::Set(
                AttachUser::UserId(value.into()),
            ),
        }
    }
    /// A session token of the user.
    ///
    /// Sets `session_token`, a member of a group: exactly one of `user_id`, `session_token` or `session_jwt` may be set. Setters may be called in any order.
    pub fn session_token(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AttachBuilder<__Provider, ::stytch_endpoints::__private::Set<AttachUser>>
    where
        __User: __AttachUserOpen,
    {
        AttachBuilder {
            provider: self.provider,
            __group_user: ::stytch_endpoints::__private::Set(
                AttachUser::SessionToken(value.into()),
            ),
        }
    }
    /// A session JWT of the user.
    ///
    /// Sets `session_jwt`, a member of a group: exactly one of `user_id`, `session_token` or `session_jwt` may be set. Setters may be called in any order.
    pub fn session_jwt(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> AttachBuilder<__Provider, ::stytch_endpoints::__private::Set<AttachUser>>
    where
        __User: __AttachUserOpen,
    {
        AttachBuilder {
            provider: self.provider,
            __group_user: ::stytch_endpoints::__private::Set(
                AttachUser::SessionJwt(value.into()),
            ),
        }
    }
    /// Sets the `user_id` / `session_token` / `session_jwt` group from its enum, for callers that only know at run time which member they have. Counts as setting the group: no member setter may be called as well. Setters may be called in any order.
    pub fn user(
        self,
        value: AttachUser,
    ) -> AttachBuilder<__Provider, ::stytch_endpoints::__private::Set<AttachUser>>
    where
        __User: __AttachUserOpen,
    {
        AttachBuilder {
            provider: self.provider,
            __group_user: ::stytch_endpoints::__private::Set(value),
        }
    }
}
impl<__Provider, __User> AttachBuilder<__Provider, __User> {
    /// Finishes the `Attach` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub fn build(self) -> Attach
    where
        __Provider: __AttachProviderSet,
        __User: __AttachUserChosen,
    {
        let provider = __AttachProviderSet::into_value(self.provider);
        let mut user_id = ::core::option::Option::None;
        let mut session_token = ::core::option::Option::None;
        let mut session_jwt = ::core::option::Option::None;
        match __AttachUserChosen::into_value(self.__group_user) {
            AttachUser::UserId(__stytch_value) => {
                user_id = ::core::option::Option::Some(__stytch_value);
            }
            AttachUser::SessionToken(__stytch_value) => {
                session_token = ::core::option::Option::Some(__stytch_value);
            }
            AttachUser::SessionJwt(__stytch_value) => {
                session_jwt = ::core::option::Option::Some(__stytch_value);
            }
        }
        Attach {
            provider,
            user_id,
            session_token,
            session_jwt,
        }
    }
    /// Sends `POST /v1/oauth/attach` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<AttachResponse, ::stytch_endpoints::__private::Error>
    where
        __Provider: __AttachProviderSet,
        __User: __AttachUserChosen,
    {
        client.send(&self.build())
    }
}
/// The member of the `user_id` / `session_token` / `session_jwt` group of [`Attach`] (exactly one of them is set), for choosing it at run time with [`AttachBuilder::user`].
pub enum AttachUser {
    /// The user's id.
    UserId(String),
    /// A session token of the user.
    SessionToken(String),
    /// A session JWT of the user.
    SessionJwt(String),
}
const _: () = {
    #[allow(unused_imports)]
    use one_of as _;
    use ::stytch_endpoints::__private as __rt;
    #[allow(unused_imports)]
    use ::core::{
        option::Option::{None, Some},
        result::Result::Ok,
    };
    impl __AttachProviderUnset for __rt::Unset {}
    impl __AttachProviderSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl __AttachUserOpen for __rt::Unset {}
    impl __AttachUserChosen for __rt::Set<AttachUser> {
        #[inline]
        fn into_value(self) -> AttachUser {
            self.0
        }
    }
    impl Attach {
        /// Starts building a `POST /v1/oauth/attach` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub fn builder() -> AttachBuilder {
            AttachBuilder {
                provider: __rt::Unset,
                __group_user: __rt::Unset,
            }
        }
    }
    impl ::core::fmt::Debug for AttachUser {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            match self {
                AttachUser::UserId(value) => {
                    f.debug_tuple("UserId").field(value).finish()
                }
                AttachUser::SessionToken(_) => {
                    f.debug_tuple("SessionToken").field(&__rt::Redacted).finish()
                }
                AttachUser::SessionJwt(_) => {
                    f.debug_tuple("SessionJwt").field(&__rt::Redacted).finish()
                }
            }
        }
    }
    impl __rt::Endpoint for Attach {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/oauth/attach";
        type Response = AttachResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/oauth/attach");
        }
        #[inline]
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<bool, __rt::Error> {
            let mut body = __rt::BodyWriter::new(out, __rt::Route::of::<Self>());
            body.field("\"provider\":", &self.provider)?;
            if let Some(value) = &self.user_id {
                body.field("\"user_id\":", value)?;
            }
            if let Some(value) = &self.session_token {
                body.field("\"session_token\":", value)?;
            }
            if let Some(value) = &self.session_jwt {
                body.field("\"session_jwt\":", value)?;
            }
            body.finish();
            Ok(true)
        }
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), __rt::Error> {
            __rt::check_group(
                __rt::Route::of::<Self>(),
                &[
                    ("user_id", self.user_id.is_some()),
                    ("session_token", self.session_token.is_some()),
                    ("session_jwt", self.session_jwt.is_some()),
                ],
                __rt::GroupRule::ExactlyOne,
            )?;
            Ok(())
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for Attach where __S : __rt::FieldSource < String >, __S :
        __rt::FieldSource < Option < String > >, { #[allow(unused_variables)] fn
        from_fields(source : & mut __S) -> ::core::result::Result < Self, __rt::Error > {
        let value = Self { provider : < __S as __rt::FieldSource < String >>
        ::field(source, __rt::Location::Body, "provider") ?, user_id : < __S as
        __rt::FieldSource < Option < String > >> ::field(source, __rt::Location::Body,
        "user_id") ?, session_token : < __S as __rt::FieldSource < Option < String > >>
        ::field(source, __rt::Location::Body, "session_token") ?, session_jwt : < __S as
        __rt::FieldSource < Option < String > >> ::field(source, __rt::Location::Body,
        "session_jwt") ?, }; __rt::Endpoint::validate(& value) ?; Ok(value) } }
    }
    impl __rt::Describe for Attach {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new(
                    "provider",
                    "provider",
                    __rt::Location::Body,
                    true,
                    false,
                ),
                __rt::Param::new(
                    "user_id",
                    "user_id",
                    __rt::Location::Body,
                    false,
                    false,
                ),
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
            ],
            &[
                __rt::Group::new(
                    __rt::GroupRule::ExactlyOne,
                    "user",
                    &["user_id", "session_token", "session_jwt"],
                ),
            ],
        );
    }
    impl ::core::fmt::Debug for Attach {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Attach")
                .field("provider", &self.provider)
                .field("user_id", &self.user_id)
                .field(
                    "session_token",
                    &self.session_token.as_ref().map(|_| __rt::Redacted),
                )
                .field("session_jwt", &self.session_jwt.as_ref().map(|_| __rt::Redacted))
                .finish()
        }
    }
    impl Attach {
        /// The OAuth provider.
        #[inline]
        pub fn provider(&self) -> &String {
            &self.provider
        }
        /// The user's id.
        ///
        /// `None` when not set.
        #[inline]
        pub fn user_id(&self) -> ::core::option::Option<&String> {
            self.user_id.as_ref()
        }
        /// A session token of the user.
        ///
        /// `None` when not set.
        #[inline]
        pub fn session_token(&self) -> ::core::option::Option<&String> {
            self.session_token.as_ref()
        }
        /// A session JWT of the user.
        ///
        /// `None` when not set.
        #[inline]
        pub fn session_jwt(&self) -> ::core::option::Option<&String> {
            self.session_jwt.as_ref()
        }
    }
};
