// Expansion of `#[endpoint(POST "/v1/rules/list", response = ListResponse, host = fraud, cursor = cursor)]` on the `paged_on_fraud_host` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub struct List {
    cursor: Option<String>,
    limit: Option<u32>,
}
/// Builds a [`List`] request (POST /v1/rules/list). Made by [`List::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub struct ListBuilder {
    __optional: __ListBuilderOptional,
}
/// The optional fields of the builder, which its type does not track.
#[doc(hidden)]
#[allow(non_camel_case_types)]
struct __ListBuilderOptional {
    cursor: Option<String>,
    limit: Option<u32>,
}
impl ListBuilder {
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
}
impl ListBuilder {
    /// Every result of `POST /v1/rules/list`, page after page, fetched as the iterator advances (see `Client::paginate`). Compiles only once every required field and group is set.
    #[inline]
    pub fn paginate(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::stytch_endpoints::__private::Pages<'_, List> {
        client.paginate(self.build())
    }
    /// Finishes the `List` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub fn build(self) -> List {
        List {
            cursor: self.__optional.cursor,
            limit: self.__optional.limit,
        }
    }
    /// Sends `POST /v1/rules/list` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<ListResponse, ::stytch_endpoints::__private::Error> {
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
    impl List {
        /// Starts building a `POST /v1/rules/list` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub fn builder() -> ListBuilder {
            ListBuilder {
                __optional: __ListBuilderOptional {
                    cursor: None,
                    limit: None,
                },
            }
        }
    }
    impl __rt::Paged for List {
        fn set_cursor(&mut self, cursor: ::std::string::String) {
            self.cursor = ::core::option::Option::Some(
                ::core::convert::From::from(cursor),
            );
        }
    }
    impl __rt::Endpoint for List {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/rules/list";
        const HOST: __rt::Host = __rt::Host::Fraud;
        type Response = ListResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/rules/list");
        }
        #[inline]
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<bool, __rt::Error> {
            let mut body = __rt::BodyWriter::new(out, __rt::Route::of::<Self>());
            if let Some(value) = &self.cursor {
                body.field("\"cursor\":", value)?;
            }
            if let Some(value) = &self.limit {
                body.field("\"limit\":", value)?;
            }
            body.finish();
            Ok(true)
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for List where __S : __rt::FieldSource < Option < String > >, __S :
        __rt::FieldSource < Option < u32 > >, { #[allow(unused_variables)] fn
        from_fields(source : & mut __S) -> ::core::result::Result < Self, __rt::Error > {
        let value = Self { cursor : < __S as __rt::FieldSource < Option < String > >>
        ::field(source, __rt::Location::Body, "cursor") ?, limit : < __S as
        __rt::FieldSource < Option < u32 > >> ::field(source, __rt::Location::Body,
        "limit") ?, }; __rt::Endpoint::validate(& value) ?; Ok(value) } }
    }
    impl __rt::Describe for List {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new("cursor", "cursor", __rt::Location::Body, false, false),
                __rt::Param::new("limit", "limit", __rt::Location::Body, false, false),
            ],
            &[],
        );
    }
    impl ::core::fmt::Debug for List {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("List")
                .field("cursor", &self.cursor)
                .field("limit", &self.limit)
                .finish()
        }
    }
    impl List {
        /// The `cursor` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn cursor(&self) -> ::core::option::Option<&String> {
            self.cursor.as_ref()
        }
        /// The `limit` field.
        ///
        /// `None` when not set.
        #[inline]
        pub fn limit(&self) -> ::core::option::Option<&u32> {
            self.limit.as_ref()
        }
    }
};
