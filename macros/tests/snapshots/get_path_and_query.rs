// Expansion of `#[endpoint(GET "/v1/users/{user_id}/factors", response = FactorsResponse)]` on the `get_path_and_query` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub struct Factors {
    /// The user.
    user_id: String,
    /// How many to return.
    limit: Option<u32>,
    /// Where the previous page ended.
    cursor: Option<String>,
}
#[diagnostic::on_unimplemented(
    message = "`user_id` is already set on this `Factors` builder",
    label = "`user_id` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.user_id(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __FactorsUserIdUnset {}
#[diagnostic::on_unimplemented(
    message = "`Factors` is missing its required field `user_id`",
    label = "`user_id` is not set",
    note = "call `.user_id(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __FactorsUserIdSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
/// Builds a [`Factors`] request (GET /v1/users/{user_id}/factors). Made by [`Factors::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub struct FactorsBuilder<__UserId = ::stytch_endpoints::__private::Unset> {
    user_id: __UserId,
    __optional: __FactorsBuilderOptional,
}
/// The optional fields of the builder, which its type does not track.
#[doc(hidden)]
#[allow(non_camel_case_types)]
struct __FactorsBuilderOptional {
    limit: Option<u32>,
    cursor: Option<String>,
}
impl<__UserId> FactorsBuilder<__UserId> {
    /// The user.
    ///
    /// Sets `user_id`, a required field: call this exactly once. Setters may be called in any order.
    pub fn user_id(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> FactorsBuilder<::stytch_endpoints::__private::Set<String>>
    where
        __UserId: __FactorsUserIdUnset,
    {
        FactorsBuilder {
            user_id: ::stytch_endpoints::__private::Set(value.into()),
            __optional: self.__optional,
        }
    }
    /// How many to return.
    ///
    /// Sets `limit`, an optional field: left out of the request unless set. Setters may be called in any order.
    pub fn limit(mut self, value: u32) -> Self {
        self.__optional.limit = ::core::option::Option::Some(value);
        self
    }
    /// Sets `limit` from an `Option`: `None` leaves it out of the request. Setters may be called in any order.
    pub fn maybe_limit(mut self, value: ::core::option::Option<u32>) -> Self {
        self.__optional.limit = value;
        self
    }
    /// Where the previous page ended.
    ///
    /// Sets `cursor`, an optional field: left out of the request unless set. Setters may be called in any order.
    pub fn cursor(mut self, value: impl ::core::convert::Into<String>) -> Self {
        self.__optional.cursor = ::core::option::Option::Some(value.into());
        self
    }
    /// Sets `cursor` from an `Option`: `None` leaves it out of the request. Setters may be called in any order.
    pub fn maybe_cursor(mut self, value: ::core::option::Option<String>) -> Self {
        self.__optional.cursor = value;
        self
    }
}
impl<__UserId> FactorsBuilder<__UserId> {
    /// Finishes the `Factors` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub fn build(self) -> Factors
    where
        __UserId: __FactorsUserIdSet,
    {
        let user_id = __FactorsUserIdSet::into_value(self.user_id);
        Factors {
            user_id,
            limit: self.__optional.limit,
            cursor: self.__optional.cursor,
        }
    }
    /// Sends `GET /v1/users/{user_id}/factors` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<FactorsResponse, ::stytch_endpoints::__private::Error>
    where
        __UserId: __FactorsUserIdSet,
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
    impl __FactorsUserIdUnset for __rt::Unset {}
    impl __FactorsUserIdSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl Factors {
        /// Starts building a `GET /v1/users/{user_id}/factors` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub fn builder() -> FactorsBuilder {
            FactorsBuilder {
                user_id: __rt::Unset,
                __optional: __FactorsBuilderOptional {
                    limit: None,
                    cursor: None,
                },
            }
        }
    }
    impl __rt::Endpoint for Factors {
        const METHOD: __rt::Method = __rt::Method::Get;
        const PATH: &'static str = "/v1/users/{user_id}/factors";
        type Response = FactorsResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/users/");
            __rt::path_segment(out, &self.user_id);
            out.push_str("/factors");
        }
        #[inline]
        fn write_query(&self, out: &mut ::std::string::String) {
            let start = out.len();
            if let Some(value) = &self.limit {
                __rt::query_pair(out, start, "limit", value);
            }
            if let Some(value) = &self.cursor {
                __rt::query_pair(out, start, "cursor", value);
            }
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for Factors where __S : __rt::FieldSource < String >, __S :
        __rt::FieldSource < Option < u32 > >, __S : __rt::FieldSource < Option < String >
        >, { #[allow(unused_variables)] fn from_fields(source : & mut __S) ->
        ::core::result::Result < Self, __rt::Error > { let value = Self { user_id : < __S
        as __rt::FieldSource < String >> ::field(source, __rt::Location::Path, "user_id")
        ?, limit : < __S as __rt::FieldSource < Option < u32 > >> ::field(source,
        __rt::Location::Query, "limit") ?, cursor : < __S as __rt::FieldSource < Option <
        String > >> ::field(source, __rt::Location::Query, "cursor") ?, };
        __rt::Endpoint::validate(& value) ?; Ok(value) } }
    }
    impl __rt::Describe for Factors {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new(
                    "user_id",
                    "user_id",
                    __rt::Location::Path,
                    true,
                    false,
                ),
                __rt::Param::new("limit", "limit", __rt::Location::Query, false, false),
                __rt::Param::new("cursor", "cursor", __rt::Location::Query, false, false),
            ],
            &[],
        );
    }
    impl ::core::fmt::Debug for Factors {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Factors")
                .field("user_id", &self.user_id)
                .field("limit", &self.limit)
                .field("cursor", &self.cursor)
                .finish()
        }
    }
    impl Factors {
        /// The user.
        #[inline]
        pub fn user_id(&self) -> &String {
            &self.user_id
        }
        /// How many to return.
        ///
        /// `None` when not set.
        #[inline]
        pub fn limit(&self) -> ::core::option::Option<&u32> {
            self.limit.as_ref()
        }
        /// Where the previous page ended.
        ///
        /// `None` when not set.
        #[inline]
        pub fn cursor(&self) -> ::core::option::Option<&String> {
            self.cursor.as_ref()
        }
    }
};
