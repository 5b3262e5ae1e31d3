//! The Organization API's `getOrganizationsMe`: the one emulated organization.

use genesys_cloud_models::{Organization, OrganizationProductPlatform, OrganizationState};

use crate::catalogue::{ORGANIZATION_ID, ORGANIZATION_NAME};
use crate::reply::Reply;

/// `getOrganizationsMe`. Its short name (`thirdPartyOrgName`) is the `orgName` SAML2 bearer assertions must
/// give, [`ORGANIZATION_NAME`].
pub(super) fn me() -> Result<Reply, Reply> {
    let organization = Organization::new(1)
        .with_id(ORGANIZATION_ID)
        .with_name(ORGANIZATION_NAME)
        .with_third_party_org_name(ORGANIZATION_NAME)
        .with_domain(ORGANIZATION_NAME)
        .with_default_language("en-us")
        .with_default_country_code("US")
        .with_state(OrganizationState::Active)
        .with_product_platform(OrganizationProductPlatform::GenesysCloud)
        .with_voicemail_enabled(false)
        .with_self_uri(format!("/api/v2/organizations/{ORGANIZATION_ID}"));
    Ok(Reply::ok(&organization))
}
