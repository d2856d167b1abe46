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
impl __MigrateEmailUnset for ::stytch_endpoints::__private::Unset {}
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
impl __MigrateEmailSet for ::stytch_endpoints::__private::Set<String> {
    fn into_value(self) -> String {
        self.0
    }
}
#[diagnostic::on_unimplemented(
    message = "`password_hash` is already set on this `Migrate` builder",
    label = "`password_hash` was already set by an earlier call",
    note = "each required field is set once; remove one of the `.password_hash(...)` calls"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub(crate) trait __MigratePasswordHashUnset {}
impl __MigratePasswordHashUnset for ::stytch_endpoints::__private::Unset {}
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
impl __MigratePasswordHashSet for ::stytch_endpoints::__private::Set<String> {
    fn into_value(self) -> String {
        self.0
    }
}
/**Builds a [`Migrate`] request (POST /v1/passwords/migrate). Made by [`Migrate::builder`].

Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.*/
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub(crate) struct MigrateBuilder<
    __Email = ::stytch_endpoints::__private::Unset,
    __PasswordHash = ::stytch_endpoints::__private::Unset,
> {
    email: __Email,
    password_hash: __PasswordHash,
    token_kind: Option<String>,
}
impl Migrate {
    ///Starts building a `POST /v1/passwords/migrate` request.
    pub(crate) fn builder() -> MigrateBuilder {
        MigrateBuilder {
            email: ::stytch_endpoints::__private::Unset,
            password_hash: ::stytch_endpoints::__private::Unset,
            token_kind: ::core::option::Option::None,
        }
    }
}
impl<__Email, __PasswordHash> MigrateBuilder<__Email, __PasswordHash> {
    ///
    /// Required; set exactly once.
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
            token_kind: self.token_kind,
        }
    }
    /// The hash of the password.
    ///
    /// Required; set exactly once.
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
            token_kind: self.token_kind,
        }
    }
    ///
    /// Optional.
    pub(crate) fn token_kind(
        mut self,
        value: impl ::core::convert::Into<String>,
    ) -> Self {
        self.token_kind = ::core::option::Option::Some(value.into());
        self
    }
    ///Sets or clears `token_kind` from an `Option`.
    pub(crate) fn maybe_token_kind(
        mut self,
        value: ::core::option::Option<String>,
    ) -> Self {
        self.token_kind = value;
        self
    }
}
impl<__Email, __PasswordHash> MigrateBuilder<__Email, __PasswordHash> {
    ///Finishes the `Migrate` value without sending it. Compiles only once every required field and group is set.
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
            token_kind: self.token_kind,
        }
    }
    ///Sends `POST /v1/passwords/migrate` with `client` and decodes the answer. Compiles only once every required field and group is set.
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
impl ::stytch_endpoints::__private::Endpoint for Migrate {
    const METHOD: ::stytch_endpoints::__private::Method = ::stytch_endpoints::__private::Method::Post;
    const PATH: &'static str = "/v1/passwords/migrate";
    const IDEMPOTENT: bool = true;
    type Response = MigrateResponse;
    fn write_path(&self, out: &mut ::std::string::String) {
        out.push_str("/v1/passwords/migrate");
    }
    fn write_body(
        &self,
        out: &mut ::std::vec::Vec<u8>,
    ) -> ::core::result::Result<bool, ::stytch_endpoints::__private::Error> {
        let mut body = ::stytch_endpoints::__private::BodyWriter::new(
            out,
            ::stytch_endpoints::__private::Route::of::<Self>(),
        );
        body.field("\"email\":", &self.email)?;
        body.field("\"hash\":", &self.password_hash)?;
        if let ::core::option::Option::Some(value) = &self.token_kind {
            body.field("\"token_kind\":", value)?;
        }
        body.finish();
        ::core::result::Result::Ok(true)
    }
}
#[allow(private_bounds)]
impl<__S: ?::core::marker::Sized> ::stytch_endpoints::__private::FromFields<__S>
for Migrate
where
    __S: ::stytch_endpoints::__private::FieldSource<String>,
    __S: ::stytch_endpoints::__private::FieldSource<String>,
    __S: ::stytch_endpoints::__private::FieldSource<Option<String>>,
{
    #[allow(unused_variables)]
    fn from_fields(
        source: &mut __S,
    ) -> ::core::result::Result<Self, ::stytch_endpoints::__private::Error> {
        let value = Self {
            email: <__S as ::stytch_endpoints::__private::FieldSource<
                String,
            >>::field(source, ::stytch_endpoints::__private::Location::Body, "email")?,
            password_hash: <__S as ::stytch_endpoints::__private::FieldSource<
                String,
            >>::field(source, ::stytch_endpoints::__private::Location::Body, "hash")?,
            token_kind: <__S as ::stytch_endpoints::__private::FieldSource<
                Option<String>,
            >>::field(
                source,
                ::stytch_endpoints::__private::Location::Body,
                "token_kind",
            )?,
        };
        ::stytch_endpoints::__private::Endpoint::validate(&value)?;
        ::core::result::Result::Ok(value)
    }
}
impl ::core::fmt::Debug for Migrate {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("Migrate")
            .field("email", &self.email)
            .field("password_hash", &::stytch_endpoints::__private::Redacted)
            .field("token_kind", &self.token_kind)
            .finish()
    }
}
impl Migrate {
    pub(crate) fn email(&self) -> &String {
        &self.email
    }
    /// The hash of the password.
    pub(crate) fn password_hash(&self) -> &String {
        &self.password_hash
    }
    /**

`None` when not set.*/
    pub(crate) fn token_kind(&self) -> ::core::option::Option<&String> {
        self.token_kind.as_ref()
    }
}
