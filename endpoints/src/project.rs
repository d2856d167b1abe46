//! The project itself: how many users it has.

use crate::endpoint;
use crate::types::string_enum;
use crate::{Decode, Encode};

/// Counts what the project holds: for a consumer project, its users.
///
/// ```no_run
/// use stytch_endpoints::project::{Metrics, MetricType};
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// let metrics = Metrics::builder().send(&client)?;
/// let users = metrics.count(&MetricType::UserCount).unwrap_or(0);
/// println!("{users} users");
/// # Ok(()) }
/// ```
#[endpoint(GET "/v1/projects/metrics", response = MetricsResponse)]
pub struct Metrics {}

/// The answer to [`Metrics`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct MetricsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The project counted.
    pub project_id: String,
    /// One count per kind of thing.
    #[serde(default)]
    pub metrics: Vec<ProjectMetric>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

impl MetricsResponse {
    /// The count of `kind`, when the answer has one.
    pub fn count(&self, kind: &MetricType) -> Option<u64> {
        self.metrics
            .iter()
            .find(|m| m.metric_type == *kind)
            .map(|m| m.count)
    }
}

/// One count of a [`MetricsResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ProjectMetric {
    /// What is counted.
    pub metric_type: MetricType,
    /// How many there are.
    pub count: u64,
}

string_enum! {
    /// What a [`ProjectMetric`] counts.
    pub enum MetricType {
        /// A kind this answer could not name.
        Unknown = "UNKNOWN",
        /// Users (consumer projects).
        UserCount = "USER_COUNT",
        /// Organizations (B2B projects).
        OrganizationCount = "ORGANIZATION_COUNT",
        /// Members of organizations (B2B projects).
        MemberCount = "MEMBER_COUNT",
        /// M2M clients.
        M2mClientCount = "M2M_CLIENT_COUNT",
    }
}
