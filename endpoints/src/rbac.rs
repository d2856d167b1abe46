//! Role-based access control: the project's policy of roles, resources
//! and scopes.

use crate::{Decode, Encode, endpoint};

/// Fetches the project's RBAC policy: its resources and their actions,
/// its roles and what each may do, and its scopes. The policy is edited in
/// Stytch's dashboard; it changes rarely, so cache it.
///
/// ```no_run
/// use stytch_endpoints::rbac::Policy;
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// let answer = Policy::builder().send(&client)?;
/// for role in answer.policy.map(|p| p.roles).unwrap_or_default() {
///     println!("{}: {} permissions", role.role_id, role.permissions.len());
/// }
/// # Ok(()) }
/// ```
#[endpoint(GET "/v1/rbac/policy", response = PolicyResponse)]
pub struct Policy {}

/// The answer to [`Policy`](struct@Policy).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct PolicyResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The policy, when the project has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<RbacPolicy>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// A project's RBAC policy.
///
/// ```
/// use stytch_endpoints::rbac::{Permission, PolicyResource, PolicyRole, RbacPolicy};
///
/// let policy = RbacPolicy::new(
///     vec![PolicyRole::new("editor", "Edits documents", vec![
///         Permission::new("documents", ["read", "write"]),
///     ])],
///     vec![PolicyResource::new("documents", "Shared documents", ["read", "write", "delete"])],
///     vec![],
/// );
/// assert_eq!(policy.roles[0].permissions[0].actions, ["read", "write"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct RbacPolicy {
    /// The roles and what each may do.
    #[serde(default)]
    pub roles: Vec<PolicyRole>,
    /// The resources and their actions.
    #[serde(default)]
    pub resources: Vec<PolicyResource>,
    /// The scopes (for connected apps and M2M) and what each grants.
    #[serde(default)]
    pub scopes: Vec<PolicyScope>,
}

impl RbacPolicy {
    /// A policy of these roles, resources and scopes.
    pub fn new(
        roles: Vec<PolicyRole>,
        resources: Vec<PolicyResource>,
        scopes: Vec<PolicyScope>,
    ) -> RbacPolicy {
        RbacPolicy {
            roles,
            resources,
            scopes,
        }
    }
}

/// A role of an [`RbacPolicy`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct PolicyRole {
    /// The role's id, as users' `roles` name it.
    pub role_id: String,
    /// What the role is for.
    pub description: String,
    /// What holders of the role may do.
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

impl PolicyRole {
    /// A role with these permissions.
    pub fn new(
        role_id: impl Into<String>,
        description: impl Into<String>,
        permissions: Vec<Permission>,
    ) -> PolicyRole {
        PolicyRole {
            role_id: role_id.into(),
            description: description.into(),
            permissions,
        }
    }
}

/// A resource of an [`RbacPolicy`] and the actions it has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct PolicyResource {
    /// The resource's id.
    pub resource_id: String,
    /// What the resource is.
    pub description: String,
    /// The actions that can be granted on it.
    #[serde(default)]
    pub actions: Vec<String>,
}

impl PolicyResource {
    /// A resource with these actions.
    pub fn new<A: Into<String>>(
        resource_id: impl Into<String>,
        description: impl Into<String>,
        actions: impl IntoIterator<Item = A>,
    ) -> PolicyResource {
        PolicyResource {
            resource_id: resource_id.into(),
            description: description.into(),
            actions: actions.into_iter().map(Into::into).collect(),
        }
    }
}

/// A scope of an [`RbacPolicy`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct PolicyScope {
    /// The scope, as tokens carry it.
    pub scope: String,
    /// What the scope is for.
    pub description: String,
    /// What the scope grants.
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

impl PolicyScope {
    /// A scope granting these permissions.
    pub fn new(
        scope: impl Into<String>,
        description: impl Into<String>,
        permissions: Vec<Permission>,
    ) -> PolicyScope {
        PolicyScope {
            scope: scope.into(),
            description: description.into(),
            permissions,
        }
    }
}

/// Actions granted on one resource, by a role or a scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
#[non_exhaustive]
pub struct Permission {
    /// The resource.
    pub resource_id: String,
    /// The actions granted on it (`*` for all).
    #[serde(default)]
    pub actions: Vec<String>,
}

impl Permission {
    /// These actions on `resource_id`.
    pub fn new<A: Into<String>>(
        resource_id: impl Into<String>,
        actions: impl IntoIterator<Item = A>,
    ) -> Permission {
        Permission {
            resource_id: resource_id.into(),
            actions: actions.into_iter().map(Into::into).collect(),
        }
    }
}
