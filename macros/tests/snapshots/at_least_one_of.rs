// Expansion of `#[endpoint(POST "/v1/users", response = CreateResponse)]` on the `at_least_one_of` case of
// macros/src/snapshot_tests.rs. Regenerate with `SNAPSHOTS=overwrite`.

/// Creates a user.
pub struct Create {
    /// The user's email address.
    email: Option<String>,
    /// The user's phone number.
    phone_number: Option<String>,
    /// Whether the user is created as pending.
    create_user_as_pending: Option<bool>,
}
#[diagnostic::on_unimplemented(
    message = "`Create` needs at least one of `email` or `phone_number`, and none is set",
    label = "set `email` or `phone_number` first",
    note = "call one or more of `.email(...)`, `.phone_number(...)` before `.build()` or `.send(...)`; a `maybe_` setter does not count, since its value may be `None`"
)]
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub trait __CreateContactChosen {}
/// Builds a [`Create`] request (POST /v1/users). Made by [`Create::builder`].
///
/// Each type parameter tracks one required field or field group; `build` and `send` exist only once every one of them is set, so a missing or doubled field is a compile error, not a server error.
#[must_use = "a builder does nothing until `.send(&client)` or `.build()` is called"]
pub struct CreateBuilder<__Contact = ::stytch_endpoints::__private::Unset> {
    __group_contact: __Contact,
    __optional: __CreateBuilderOptional,
}
/// The optional fields of the builder, which its type does not track.
#[doc(hidden)]
#[allow(non_camel_case_types)]
struct __CreateBuilderOptional {
    email: Option<String>,
    phone_number: Option<String>,
    create_user_as_pending: Option<bool>,
}
impl<__Contact> CreateBuilder<__Contact> {
    /// The user's email address.
    ///
    /// Sets `email`, a member of a group: at least one of `email` or `phone_number` must be set, and more may be. Calling it again replaces the value. Setters may be called in any order.
    pub fn email(
        mut self,
        value: impl ::core::convert::Into<String>,
    ) -> CreateBuilder<::stytch_endpoints::__private::Set<()>> {
        self.__optional.email = ::core::option::Option::Some(value.into());
        CreateBuilder {
            __group_contact: ::stytch_endpoints::__private::Set(()),
            __optional: self.__optional,
        }
    }
    /// Sets `email` from an `Option`: `None` leaves it out of the request. Does not count toward the group (at least one of `email` or `phone_number`), since the value may be `None`: set one member with its plain setter. Setters may be called in any order.
    pub fn maybe_email(mut self, value: ::core::option::Option<String>) -> Self {
        self.__optional.email = value;
        self
    }
    /// The user's phone number.
    ///
    /// Sets `phone_number`, a member of a group: at least one of `email` or `phone_number` must be set, and more may be. Calling it again replaces the value. Setters may be called in any order.
    pub fn phone_number(
        mut self,
        value: impl ::core::convert::Into<String>,
    ) -> CreateBuilder<::stytch_endpoints::__private::Set<()>> {
        self.__optional.phone_number = ::core::option::Option::Some(value.into());
        CreateBuilder {
            __group_contact: ::stytch_endpoints::__private::Set(()),
            __optional: self.__optional,
        }
    }
    /// Sets `phone_number` from an `Option`: `None` leaves it out of the request. Does not count toward the group (at least one of `email` or `phone_number`), since the value may be `None`: set one member with its plain setter. Setters may be called in any order.
    pub fn maybe_phone_number(mut self, value: ::core::option::Option<String>) -> Self {
        self.__optional.phone_number = value;
        self
    }
    /// Whether the user is created as pending.
    ///
    /// Sets `create_user_as_pending`, an optional field: left out of the request unless set. Setters may be called in any order.
    pub fn create_user_as_pending(
        mut self,
        value: impl ::core::convert::Into<bool>,
    ) -> Self {
        self.__optional.create_user_as_pending = ::core::option::Option::Some(
            value.into(),
        );
        self
    }
    /// Sets `create_user_as_pending` from an `Option`: `None` leaves it out of the request. Setters may be called in any order.
    pub fn maybe_create_user_as_pending(
        mut self,
        value: ::core::option::Option<bool>,
    ) -> Self {
        self.__optional.create_user_as_pending = value;
        self
    }
}
impl<__Contact> CreateBuilder<__Contact> {
    /// Finishes the `Create` value without sending it. Compiles only once every required field and group is set.
    #[inline]
    #[allow(unused_mut)]
    pub fn build(self) -> Create
    where
        __Contact: __CreateContactChosen,
    {
        let _ = self.__group_contact;
        Create {
            email: self.__optional.email,
            phone_number: self.__optional.phone_number,
            create_user_as_pending: self.__optional.create_user_as_pending,
        }
    }
    /// Sends `POST /v1/users` with `client` and decodes the answer. Compiles only once every required field and group is set.
    #[inline]
    pub fn send(
        self,
        client: &::stytch_endpoints::__private::Client,
    ) -> ::core::result::Result<CreateResponse, ::stytch_endpoints::__private::Error>
    where
        __Contact: __CreateContactChosen,
    {
        client.send(&self.build())
    }
}
const _: () = {
    #[allow(unused_imports)]
    use at_least_one_of as _;
    use ::stytch_endpoints::__private as __rt;
    #[allow(unused_imports)]
    use ::core::{
        option::Option::{None, Some},
        result::Result::Ok,
    };
    impl __CreateContactChosen for __rt::Set<()> {}
    impl Create {
        /// Starts building a `POST /v1/users` request: set the fields on the returned builder in any order, then call `send` or `build`.
        #[inline]
        pub fn builder() -> CreateBuilder {
            CreateBuilder {
                __group_contact: __rt::Unset,
                __optional: __CreateBuilderOptional {
                    email: None,
                    phone_number: None,
                    create_user_as_pending: None,
                },
            }
        }
    }
    impl __rt::Endpoint for Create {
        const METHOD: __rt::Method = __rt::Method::Post;
        const PATH: &'static str = "/v1/users";
        type Response = CreateResponse;
        #[allow(unused_variables)]
        #[inline]
        fn write_path(
            &self,
            out: &mut ::std::string::String,
            context: &__rt::PathContext<'_>,
        ) {
            out.push_str("/v1/users");
        }
        #[inline]
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<bool, __rt::Error> {
            let mut body = __rt::BodyWriter::new(out, __rt::Route::of::<Self>());
            if let Some(value) = &self.email {
                body.field("\"email\":", value)?;
            }
            if let Some(value) = &self.phone_number {
                body.field("\"phone_number\":", value)?;
            }
            if let Some(value) = &self.create_user_as_pending {
                body.field("\"create_user_as_pending\":", value)?;
            }
            body.finish();
            Ok(true)
        }
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), __rt::Error> {
            __rt::check_group(
                __rt::Route::of::<Self>(),
                &[
                    ("email", self.email.is_some()),
                    ("phone_number", self.phone_number.is_some()),
                ],
                __rt::GroupRule::AtLeastOne,
            )?;
            Ok(())
        }
    }
    __rt::server_only! {
        #[allow(private_bounds)] impl < __S : ? ::core::marker::Sized > __rt::FromFields
        < __S > for Create where __S : __rt::FieldSource < Option < String > >, __S :
        __rt::FieldSource < Option < bool > >, { #[allow(unused_variables)] fn
        from_fields(source : & mut __S) -> ::core::result::Result < Self, __rt::Error > {
        let value = Self { email : < __S as __rt::FieldSource < Option < String > >>
        ::field(source, __rt::Location::Body, "email") ?, phone_number : < __S as
        __rt::FieldSource < Option < String > >> ::field(source, __rt::Location::Body,
        "phone_number") ?, create_user_as_pending : < __S as __rt::FieldSource < Option <
        bool > >> ::field(source, __rt::Location::Body, "create_user_as_pending") ?, };
        __rt::Endpoint::validate(& value) ?; Ok(value) } }
    }
    impl __rt::Describe for Create {
        const DESCRIPTION: __rt::Description = __rt::Description::new(
            __rt::Route::of::<Self>(),
            &[
                __rt::Param::new("email", "email", __rt::Location::Body, false, false),
                __rt::Param::new(
                    "phone_number",
                    "phone_number",
                    __rt::Location::Body,
                    false,
                    false,
                ),
                __rt::Param::new(
                    "create_user_as_pending",
                    "create_user_as_pending",
                    __rt::Location::Body,
                    false,
                    false,
                ),
            ],
            &[
                __rt::Group::new(
                    __rt::GroupRule::AtLeastOne,
                    "contact",
                    &["email", "phone_number"],
                ),
            ],
        );
    }
    impl ::core::fmt::Debug for Create {
        #[inline]
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Create")
                .field("email", &self.email)
                .field("phone_number", &self.phone_number)
                .field("create_user_as_pending", &self.create_user_as_pending)
                .finish()
        }
    }
    impl Create {
        /// The user's email address.
        ///
        /// `None` when not set.
        #[inline]
        pub fn email(&self) -> ::core::option::Option<&String> {
            self.email.as_ref()
        }
        /// The user's phone number.
        ///
        /// `None` when not set.
        #[inline]
        pub fn phone_number(&self) -> ::core::option::Option<&String> {
            self.phone_number.as_ref()
        }
        /// Whether the user is created as pending.
        ///
        /// `None` when not set.
        #[inline]
        pub fn create_user_as_pending(&self) -> ::core::option::Option<&bool> {
            self.create_user_as_pending.as_ref()
        }
    }
};
