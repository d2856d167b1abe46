//! The project's own calls: who the credentials belong to, how many users
//! it has, and its RBAC policy (set with
//! [`crate::LocalServerConfig::rbac_policy`]).

use super::{Entry, Reply, answer, entry};
use crate::PROJECT_NAME;
use crate::state::State;
use stytch_endpoints::project::{MetricType, ProjectMetric};
use stytch_endpoints::{debug, project, rbac};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<debug::Whoami>(whoami),
        entry::<project::Metrics>(metrics),
        entry::<rbac::Policy>(policy),
    ]
}

fn whoami(state: &State, _: debug::Whoami) -> Reply {
    let mut out = debug::WhoamiResponse::default();
    out.project_id = state.project_id().to_owned();
    out.name = PROJECT_NAME.to_owned();
    Ok(answer(&out))
}

/// Counts the users the server holds now (the demo user included).
fn metrics(state: &State, _: project::Metrics) -> Reply {
    let users = state.with(|s| s.users.len());
    let mut out = project::MetricsResponse::default();
    out.project_id = state.project_id().to_owned();
    let mut count = ProjectMetric::default();
    count.metric_type = MetricType::UserCount;
    count.count = users as u64;
    out.metrics.push(count);
    Ok(answer(&out))
}

fn policy(state: &State, _: rbac::Policy) -> Reply {
    let mut out = rbac::PolicyResponse::default();
    out.policy = state.with(|s| s.rbac_policy.clone());
    Ok(answer(&out))
}
