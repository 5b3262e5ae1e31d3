//! The enums of the OAuth API, each open to values this SDK does not know yet.

use crate::open_enum::open_enum;

open_enum! {
    /// The OAuth grant an OAuth client uses (`authorizedGrantType`).
    pub enum GrantType {
        /// Authorization code grant: the preferred type for web apps that can keep the client secret.
        Code = "CODE",
        /// Implicit grant: for browser apps that cannot keep a secret; tokens are issued directly to the browser.
        Token = "TOKEN",
        /// SAML2 bearer grant: an identity provider's SAML assertion is exchanged for a token.
        Saml2Bearer = "SAML2-BEARER",
        /// Resource-owner password grant.
        Password = "PASSWORD",
        /// Client credentials grant: server-to-server access with the client's own roles.
        ClientCredentials = "CLIENT-CREDENTIALS",
    }
}

open_enum! {
    /// The lifecycle state of an OAuth client (`state` of OAuthClient, OAuthClientListing and OAuthClientRequest).
    pub enum ClientState {
        /// The client can create access tokens; the default.
        Active = "active",
        /// Tokens of the client are rejected and no new ones can be made.
        Disabled = "disabled",
        /// The client is scheduled for deletion (see `dateToDelete`); only inactive clients can be deleted.
        Inactive = "inactive",
    }
}

open_enum! {
    /// The state of a user's authorization of a code-grant client (`OAuthAuthorization.state`).
    pub enum AuthorizationState {
        /// Not authorized.
        Unauthorized = "Unauthorized",
        /// Authorization has been requested and awaits the user.
        Requested = "Requested",
        /// The user authorized the client.
        Authorized = "Authorized",
        /// The user revoked the authorization.
        Revoked = "Revoked",
    }
}

open_enum! {
    /// The date bucket size of an API usage query (`ApiUsageClientQuery.granularity`).
    pub enum Granularity {
        /// One bucket per day.
        Day = "Day",
        /// One bucket per week.
        Week = "Week",
        /// One bucket per month.
        Month = "Month",
    }
}

open_enum! {
    /// A metric an API usage query can return (items of `ApiUsageClientQuery.metrics`).
    pub enum UsageMetric {
        /// Requests answered with a 2xx status.
        Status200 = "Status200",
        /// Requests answered with a 3xx status.
        Status300 = "Status300",
        /// Requests answered with a 4xx status.
        Status400 = "Status400",
        /// Requests answered with a 5xx status.
        Status500 = "Status500",
        /// Requests answered with 429 (also counted in `Status400`).
        Status429 = "Status429",
        /// All requests.
        Requests = "Requests",
    }
}

open_enum! {
    /// A dimension an API usage query can group by (items of `ApiUsageClientQuery.groupBy`).
    pub enum UsageGroupBy {
        /// Group by OAuth client.
        OAuthClientId = "OAuthClientId",
        /// Group by organization.
        OrganizationId = "OrganizationId",
        /// Group by API path template.
        TemplateUri = "TemplateUri",
        /// Group by HTTP method.
        HttpMethod = "HttpMethod",
    }
}

open_enum! {
    /// The progress of an asynchronous API usage query (`ApiUsageQueryResult.queryStatus`).
    pub enum QueryStatus {
        /// The results are ready.
        Complete = "Complete",
        /// The query failed.
        Failed = "Failed",
        /// The query is still running: poll again later.
        Running = "Running",
    }
}

impl QueryStatus {
    /// Whether the query has finished, successfully or not.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Complete | Self::Failed)
    }
}
