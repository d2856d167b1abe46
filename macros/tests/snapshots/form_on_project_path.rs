// Expansion of `#[endpoint(POST "/v1/public/{project_id}/oauth2/introspect", response = IntrospectResponse, body = form)]` on the `form_on_project_path` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub struct Introspect {
    token: String,
    client_id: Option<String>,
}
#[diagnostic::on_unimplemented(
    message = "`token` is already set on this `Introspect` builder",
    label = "`token` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.token(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __IntrospectTokenUnset {}
#[diagnostic::on_unimplemented(
    message = "`Introspect` is missing its required field `token`",
    label = "`token` is not set",
    note = "call `.token(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __IntrospectTokenSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
/// Builds a [`Introspect`] request (POST /v1/public/{project_id}/oauth2/introspect). Made by [`Introspect::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub struct IntrospectBuilder<__Token = ::stytch_endpoints::__private::Unset> {
    token: __Token,
    __optional: __IntrospectBuilderOptional,
}
/// The optional fields of the builder, which its type does not track.
#[doc(hidden)]
#[allow(non_camel_case_types)]
struct __IntrospectBuilderOptional {
    client_id: Option<String>,
}
impl<__Token> IntrospectBuilder<__Token> {
    /// Sets `token`, a required field: call this exactly once. Setters may be called in any order.
    pub fn token(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> IntrospectBuilder<::stytch_endpoints::__private::Set<String>>
    where
        __Token: __IntrospectTokenUnset,
    {
        IntrospectBuilder {
            token: ::stytch_endpoints::__private::Set(value.into()),
            __optional: self.__optional,
        }
    }
    /// Sets `client_id`, an optional field: left out of the request unless set. Setters may be called in any order.
    pub fn client_id(mut self, value: impl ::core::convert::Into<String>) -> Self {
        self.__optional.client_id = ::core::option::Option::Some(value.into());
        self
    }
    /// Sets `client_id` from an `Option`: `None` leaves it out of the request. Setters may be called in any order.
    pub fn maybe_client_id(mut self, value: ::core::option::Option<String>) -> Self {
        self.__optional.client_id = value;
        self
    }
}
impl<__Token> IntrospectBuilder<__Token> {
    /// Finishes the `Introspect` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub fn build(self) -> Introspect
    where
        __Token: __IntrospectTokenSet,
    {
        let token = __IntrospectTokenSet::into_value(self.token);
        Introspect {
            token,
            client_id: self.__optional.client_id,
        }
    }
    /// Sends `POST /v1/public/{project_id}/oauth2/introspect` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<IntrospectResponse, ::stytch_endpoints::__private::Error>
    where
        __Token: __IntrospectTokenSet,
    {
        client.send(&self.build())
    }
}
const _: () = {
    use ::stytch_endpoints::__private as __rt;
    #[allow(unused_imports)]
    use ::core::{
        option::Option::{None, Some},
        result::Result::Ok,
    };
    impl __IntrospectTokenUnset for __rt::Unset {}
    impl __IntrospectTokenSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl Introspect {
        /// Starts building a `POST /v1/public/{project_id}/oauth2/introspect` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub fn builder() -> IntrospectBuilder {
            IntrospectBuilder {
                token: __rt::Unset,
                __optional: __IntrospectBuilderOptional {
                    client_id: None,
                },
            }
        }
    }
    impl __rt::Endpoint for Introspect {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/public/{project_id}/oauth2/introspect";
        const BODY: __rt::BodyFormat = __rt::BodyFormat::Form;
        type Response = IntrospectResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/public/");
            __rt::path_segment(out, context.project_id);
            out.push_str("/oauth2/introspect");
        }
        #[inline]
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<bool, __rt::Error> {
            let mut form = __rt::FormWriter::new(out);
            form.pair("token", &self.token);
            if let Some(value) = &self.client_id {
                form.pair("client_id", value);
            }
            form.finish();
            Ok(true)
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for Introspect where __S : __rt::FieldSource < String >, __S :
        __rt::FieldSource < Option < String > >, { #[allow(unused_variables)] fn
        from_fields(source : & mut __S) -> ::core::result::Result < Self, __rt::Error > {
        let value = Self { token : < __S as __rt::FieldSource < String >> ::field(source,
        __rt::Location::Body, "token") ?, client_id : < __S as __rt::FieldSource < Option
        < String > >> ::field(source, __rt::Location::Body, "client_id") ?, };
        __rt::Endpoint::validate(& value) ?; Ok(value) } }
    }
    impl __rt::Describe for Introspect {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new("token", "token", __rt::Location::Body, true, true),
                __rt::Param::new(
                    "client_id",
                    "client_id",
                    __rt::Location::Body,
                    false,
                    false,
                ),
            ],
            &[],
        );
    }
    impl ::core::fmt::Debug for Introspect {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Introspect")
                .field("token", &__rt::Redacted)
                .field("client_id", &self.client_id)
                .finish()
        }
    }
    impl Introspect {
        /// The `token` field.
        #[inline]
        pub fn token(&self) -> &String {
            &self.token
        }
        /// The `client_id` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn client_id(&self) -> ::core::option::Option<&String> {
            self.client_id.as_ref()
        }
    }
};
