// Expansion of `#[endpoint(POST "/v1/oauth/attach", response = AttachResponse)]` on the `fallback` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub struct Attach {
    provider: String,
    user_id: Option<String>,
    session_token: Option<String>,
}
/// Builds a [`Attach`] request. (The declaration has errors; this builder is a stand-in.)
#[allow(dead_code)]
pub struct AttachBuilder {
    _private: (),
}
/// The member of the `user_id_or_session_token` group of [`Attach`].
#[allow(dead_code, missing_docs)]
pub enum AttachUserIdOrSessionToken {
    UserId(String),
    SessionToken(String),
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
    #[allow(dead_code)]
    impl Attach {
        /// Starts building the request.
        pub fn builder() -> AttachBuilder {
            AttachBuilder { _private: () }
        }
    }
    #[allow(dead_code, missing_docs)]
    impl AttachBuilder {
        #[allow(unused_variables)]
        pub fn provider(self, value: impl ::core::convert::Into<String>) -> Self {
            self
        }
        #[allow(unused_variables)]
        pub fn user_id(self, value: impl ::core::convert::Into<String>) -> Self {
            self
        }
        #[allow(unused_variables)]
        pub fn session_token(self, value: impl ::core::convert::Into<String>) -> Self {
            self
        }
        #[allow(unused_variables)]
        pub fn user_id_or_session_token(
            self,
            value: AttachUserIdOrSessionToken,
        ) -> Self {
            self
        }
        /// Finishes the value.
        pub fn build(self) -> Attach {
            ::core::unreachable!()
        }
        /// Sends the request.
        #[allow(unused_variables)]
        pub fn send(
            self,
            client: &__rt::Client,
        ) -> ::core::result::Result<AttachResponse, __rt::Error> {
            ::core::unreachable!()
        }
    }
    impl __rt::Endpoint for Attach {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/oauth/attach";
        type Response = AttachResponse;
        fn write_path(&self, _: &mut ::std::string::String, _: &__rt::PathContext<'_>) {
            ::core::unreachable!()
        }
    }
    __rt::server_only! {
        impl < __S : ? ::core::marker::Sized > __rt::FromFields < __S > for Attach { fn
        from_fields(_ : & mut __S) -> ::core::result::Result < Self, __rt::Error > {
        ::core::unreachable!() } }
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
            ],
            &[
                __rt::Group::new(
                    __rt::GroupRule::ExactlyOne,
                    "user_id_or_session_token",
                    &["user_id", "session_token"],
                ),
            ],
        );
    }
    impl ::core::fmt::Debug for Attach {
        fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            ::core::unreachable!()
        }
    }
    impl ::core::fmt::Debug for AttachUserIdOrSessionToken {
        fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            ::core::unreachable!()
        }
    }
    impl Attach {
        /// The `provider` field.
        #[inline]
        pub fn provider(&self) -> &String {
            &self.provider
        }
        /// The `user_id` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn user_id(&self) -> ::core::option::Option<&String> {
            self.user_id.as_ref()
        }
        /// The `session_token` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn session_token(&self) -> ::core::option::Option<&String> {
            self.session_token.as_ref()
        }
    }
};
::core::compile_error! {
    "unknown `#[param]` option; expected `path`, `query`, `body`, `rename = \"...\"`, `secret` or `not_secret`"
}
