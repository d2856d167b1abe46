// Expansion of `#[endpoint(POST "/v1/passwords/migrate", response = MigrateResponse, idempotent)]` on the `secret_and_rename` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

pub(crate) struct Migrate {
    email: String,
    /// The hash of the password.
    password_hash: String,
    token_kind: Option<String>,
}
#[diagnostic::on_unimplemented(
    message = "`email` is already set on this `Migrate` builder",
    label = "`email` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.email(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub(crate) trait __MigrateEmailUnset {}
#[diagnostic::on_unimplemented(
    message = "`Migrate` is missing its required field `email`",
    label = "`email` is not set",
    note = "call `.email(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub(crate) trait __MigrateEmailSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
#[diagnostic::on_unimplemented(
    message = "`password_hash` is already set on this `Migrate` builder",
    label = "`password_hash` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.password_hash(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub(crate) trait __MigratePasswordHashUnset {}
#[diagnostic::on_unimplemented(
    message = "`Migrate` is missing its required field `password_hash`",
    label = "`password_hash` is not set",
    note = "call `.password_hash(...)` before `.build()` or `.send(...)`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub(crate) trait __MigratePasswordHashSet {
    /// The value that was set.
    fn into_value(self) -> String;
}
/// Builds a [`Migrate`] request (POST /v1/passwords/migrate). Made by [`Migrate::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub(crate) struct MigrateBuilder<
    __Email = ::stytch_endpoints::__private::Unset,
    __PasswordHash = ::stytch_endpoints::__private::Unset,
> {
    email: __Email,
    password_hash: __PasswordHash,
    __optional: __MigrateBuilderOptional,
}
/// The optional fields of the builder, which its type does not track.
#[doc(hidden)]
#[allow(non_camel_case_types)]
struct __MigrateBuilderOptional {
    token_kind: Option<String>,
}
impl<__Email, __PasswordHash> MigrateBuilder<__Email, __PasswordHash> {
    /// Sets `email`, a required field: call this exactly once. Setters may be called in any order.
    pub(crate) fn email(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> MigrateBuilder<::stytch_endpoints::__private::Set<String>, __PasswordHash>
    where
        __Email: __MigrateEmailUnset,
    {
        MigrateBuilder {
            email: ::stytch_endpoints::__private::Set(value.into()),
            password_hash: self.password_hash,
            __optional: self.__optional,
        }
    }
    /// The hash of the password.
    ///
    /// Sets `password_hash`, a required field: call this exactly once. Setters may be called in any order.
    pub(crate) fn password_hash(
        self,
        value: impl ::core::convert::Into<String>,
    ) -> MigrateBuilder<__Email, ::stytch_endpoints::__private::Set<String>>
    where
        __PasswordHash: __MigratePasswordHashUnset,
    {
        MigrateBuilder {
            email: self.email,
            password_hash: ::stytch_endpoints::__private::Set(value.into()),
            __optional: self.__optional,
        }
    }
    /// Sets `token_kind`, an optional field: left out of the request unless set. Setters may be called in any order.
    pub(crate) fn token_kind(
        mut self,
        value: impl ::core::convert::Into<String>,
    ) -> Self {
        self.__optional.token_kind = ::core::option::Option::Some(value.into());
        self
    }
    /// Sets `token_kind` from an `Option`: `None` leaves it out of the request. Setters may be called in any order.
    pub(crate) fn maybe_token_kind(
        mut self,
        value: ::core::option::Option<String>,
    ) -> Self {
        self.__optional.token_kind = value;
        self
    }
}
impl<__Email, __PasswordHash> MigrateBuilder<__Email, __PasswordHash> {
    /// Finishes the `Migrate` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub(crate) fn build(self) -> Migrate
    where
        __Email: __MigrateEmailSet,
        __PasswordHash: __MigratePasswordHashSet,
    {
        let email = __MigrateEmailSet::into_value(self.email);
        let password_hash = __MigratePasswordHashSet::into_value(self.password_hash);
        Migrate {
            email,
            password_hash,
            token_kind: self.__optional.token_kind,
        }
    }
    /// Sends `POST /v1/passwords/migrate` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub(crate) fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<MigrateResponse, ::stytch_endpoints::__private::Error>
    where
        __Email: __MigrateEmailSet,
        __PasswordHash: __MigratePasswordHashSet,
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
    impl __MigrateEmailUnset for __rt::Unset {}
    impl __MigrateEmailSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl __MigratePasswordHashUnset for __rt::Unset {}
    impl __MigratePasswordHashSet for __rt::Set<String> {
        #[inline]
        fn into_value(self) -> String {
            self.0
        }
    }
    impl Migrate {
        /// Starts building a `POST /v1/passwords/migrate` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub(crate) fn builder() -> MigrateBuilder {
            MigrateBuilder {
                email: __rt::Unset,
                password_hash: __rt::Unset,
                __optional: __MigrateBuilderOptional {
                    token_kind: None,
                },
            }
        }
    }
    impl __rt::Endpoint for Migrate {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/passwords/migrate";
        const IDEMPOTENT: bool = true;
        type Response = MigrateResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/passwords/migrate");
        }
        #[inline]
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<bool, __rt::Error> {
            let mut body = __rt::BodyWriter::new(out, __rt::Route::of::<Self>());
            body.field("\"email\":", &self.email)?;
            body.field("\"hash\":", &self.password_hash)?;
            if let Some(value) = &self.token_kind {
                body.field("\"token_kind\":", value)?;
            }
            body.finish();
            Ok(true)
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for Migrate where __S : __rt::FieldSource < String >, __S :
        __rt::FieldSource < Option < String > >, { #[allow(unused_variables)] fn
        from_fields(source : & mut __S) -> ::core::result::Result < Self, __rt::Error > {
        let value = Self { email : < __S as __rt::FieldSource < String >> ::field(source,
        __rt::Location::Body, "email") ?, password_hash : < __S as __rt::FieldSource <
        String >> ::field(source, __rt::Location::Body, "hash") ?, token_kind : < __S as
        __rt::FieldSource < Option < String > >> ::field(source, __rt::Location::Body,
        "token_kind") ?, }; __rt::Endpoint::validate(& value) ?; Ok(value) } }
    }
    impl __rt::Describe for Migrate {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new("email", "email", __rt::Location::Body, true, false),
                __rt::Param::new(
                    "password_hash",
                    "hash",
                    __rt::Location::Body,
                    true,
                    true,
                ),
                __rt::Param::new(
                    "token_kind",
                    "token_kind",
                    __rt::Location::Body,
                    false,
                    false,
                ),
            ],
            &[],
        );
    }
    impl ::core::fmt::Debug for Migrate {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Migrate")
                .field("email", &self.email)
                .field("password_hash", &__rt::Redacted)
                .field("token_kind", &self.token_kind)
                .finish()
        }
    }
    impl Migrate {
        /// The `email` field.
        #[inline]
        pub(crate) fn email(&self) -> &String {
            &self.email
        }
        /// The hash of the password.
        #[inline]
        pub(crate) fn password_hash(&self) -> &String {
            &self.password_hash
        }
        /// The `token_kind` field.
        ///
        /// `None` when not set.
        #[inline]
        pub(crate) fn token_kind(&self) -> ::core::option::Option<&String> {
            self.token_kind.as_ref()
        }
    }
};
