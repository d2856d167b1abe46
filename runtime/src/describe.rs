//! What a declaration says, as data: the route, each parameter (wire name,
//! where it travels, whether it is required or secret) and the field
//! groups. `#[endpoint]` implements [`Describe`] for every declaration, so
//! a program can list what a call takes, and the project's conformance test
//! compares each declaration with Stytch's published shapes.

use crate::{Endpoint, Route};

/// Where a declared field travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// A pair of the query string.
    Query,
    /// A member of the JSON body.
    Body,
}

impl Location {
    /// `"path"`, `"query"` or `"body"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
        }
    }
}

/// One parameter of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Param {
    /// The Rust field's name (also the builder's setter).
    pub name: &'static str,
    /// The name on the wire: JSON key, query name or path placeholder.
    pub wire_name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// Whether the call needs it (a plain field, not an `Option`).
    pub required: bool,
    /// Whether `Debug` output hides its value.
    pub secret: bool,
}

/// The rule a field group states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum GroupRule {
    /// `#[one_of]`: exactly one member is set.
    ExactlyOne,
    /// `#[at_most_one_of]`: zero or one member is set.
    AtMostOne,
    /// `#[at_least_one_of]`: one or more members are set.
    AtLeastOne,
}

impl GroupRule {
    /// `"exactly one"`, `"at most one"` or `"at least one"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupRule::ExactlyOne => "exactly one",
            GroupRule::AtMostOne => "at most one",
            GroupRule::AtLeastOne => "at least one",
        }
    }
}

/// One field group of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Group {
    /// What the group requires.
    pub rule: GroupRule,
    /// The group's name: its builder method and the suffix of its enum. An
    /// [`GroupRule::AtLeastOne`] group has neither (each member has its own
    /// setter), so there the name only labels the group.
    pub name: &'static str,
    /// The members' wire names, in declaration order.
    pub members: &'static [&'static str],
}

/// Everything a declaration states about its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Description {
    /// The method and path template.
    pub route: Route,
    /// Every parameter, in declaration order.
    pub params: &'static [Param],
    /// Every field group.
    pub groups: &'static [Group],
}

impl Description {
    /// The parameter sent as `wire_name`, if the call has one.
    pub fn param(&self, wire_name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.wire_name == wire_name)
    }
}

/// A call that can describe its request as data. `#[endpoint]` implements
/// it for every declaration:
///
/// ```
/// use stytch_runtime::{Describe, GroupRule, Location};
/// # use stytch_runtime::{Endpoint, Method};
/// # use stytch_runtime::describe::{Description, Group, Param};
/// # struct Attach;
/// # impl Endpoint for Attach {
/// #     const METHOD: Method = Method::Post;
/// #     const PATH: &'static str = "/v1/oauth/attach";
/// #     type Response = ();
/// #     fn write_path(&self, out: &mut String, _: &stytch_runtime::PathContext<'_>) { out.push_str(Self::PATH) }
/// # }
/// # impl Describe for Attach {
/// #     const DESCRIPTION: Description = Description::new(
/// #         stytch_runtime::Route::of::<Attach>(),
/// #         &[Param::new("provider", "provider", Location::Body, true, false)],
/// #         &[Group::new(GroupRule::ExactlyOne, "user", &["user_id", "session_token"])],
/// #     );
/// # }
/// let d = Attach::DESCRIPTION;
/// assert_eq!(d.route.to_string(), "POST /v1/oauth/attach");
/// assert!(d.param("provider").is_some_and(|p| p.required && p.location == Location::Body));
/// assert_eq!(d.groups[0].rule, GroupRule::ExactlyOne);
/// ```
pub trait Describe: Endpoint {
    /// The declaration as data.
    const DESCRIPTION: Description;
}

impl Param {
    /// A parameter description (used by generated code).
    pub const fn new(
        name: &'static str,
        wire_name: &'static str,
        location: Location,
        required: bool,
        secret: bool,
    ) -> Param {
        Param {
            name,
            wire_name,
            location,
            required,
            secret,
        }
    }
}

impl Group {
    /// A group description (used by generated code).
    pub const fn new(
        rule: GroupRule,
        name: &'static str,
        members: &'static [&'static str],
    ) -> Group {
        Group {
            rule,
            name,
            members,
        }
    }
}

impl Description {
    /// A declaration's description (used by generated code).
    pub const fn new(
        route: Route,
        params: &'static [Param],
        groups: &'static [Group],
    ) -> Description {
        Description {
            route,
            params,
            groups,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    #[test]
    fn locations_and_rules_have_their_names() {
        let names: Vec<_> = [Location::Path, Location::Query, Location::Body]
            .iter()
            .map(|l| l.as_str())
            .collect();
        assert_eq!(names, ["path", "query", "body"]);
        let rules: Vec<_> = [
            GroupRule::ExactlyOne,
            GroupRule::AtMostOne,
            GroupRule::AtLeastOne,
        ]
        .iter()
        .map(|r| r.as_str())
        .collect();
        assert_eq!(rules, ["exactly one", "at most one", "at least one"]);
    }

    #[test]
    fn a_parameter_is_found_by_its_wire_name_only() {
        const PARAMS: &[Param] = &[
            Param::new("user_id", "user_id", Location::Path, true, false),
            Param::new("token", "session_token", Location::Body, false, true),
        ];
        let d = Description::new(
            Route {
                method: Method::Post,
                path: "/v1/users/{user_id}",
            },
            PARAMS,
            &[],
        );
        let token = d.param("session_token").unwrap();
        assert_eq!((token.name, token.secret), ("token", true));
        assert_eq!(d.param("user_id").unwrap().location, Location::Path);
        assert_eq!(d.param("token"), None);
        assert_eq!(d.param("missing"), None);
    }
}
