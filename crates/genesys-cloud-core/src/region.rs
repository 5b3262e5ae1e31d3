//! The Genesys Cloud regions and their hosts.

use core::fmt;
use core::str::FromStr;

macro_rules! regions {
    ($( $(#[$doc:meta])* $variant:ident = ($id:literal, $domain:literal), )+) => {
        /// A Genesys Cloud region, named by its AWS-style id (`us_east_1`, `eu_west_1`, ...).
        ///
        /// Parsing accepts the id with underscores or dashes (`eu-west-1`, as the `gc` CLI writes most of them).
        /// For a region this list does not know yet, give its API base URL instead
        /// ([`Environment::from_api_url`](crate::Environment::from_api_url)).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Region {
            $( $(#[$doc])* $variant, )+
        }

        impl Region {
            /// Every region this version knows.
            pub const ALL: &'static [Region] = &[$(Region::$variant),+];

            /// The region id, such as `us_east_1`.
            pub fn id(self) -> &'static str {
                match self { $(Region::$variant => $id,)+ }
            }

            /// The region's domain, such as `mypurecloud.com`.
            pub fn domain(self) -> &'static str {
                match self { $(Region::$variant => $domain,)+ }
            }
        }
    };
}

regions! {
    /// US East (Virginia), `mypurecloud.com`; the default.
    UsEast1 = ("us_east_1", "mypurecloud.com"),
    /// EU (Ireland), `mypurecloud.ie`.
    EuWest1 = ("eu_west_1", "mypurecloud.ie"),
    /// Asia Pacific (Sydney), `mypurecloud.com.au`.
    ApSoutheast2 = ("ap_southeast_2", "mypurecloud.com.au"),
    /// Asia Pacific (Tokyo), `mypurecloud.jp`.
    ApNortheast1 = ("ap_northeast_1", "mypurecloud.jp"),
    /// EU (Frankfurt), `mypurecloud.de`.
    EuCentral1 = ("eu_central_1", "mypurecloud.de"),
    /// US West (Oregon), `usw2.pure.cloud`.
    UsWest2 = ("us_west_2", "usw2.pure.cloud"),
    /// Canada (Central), `cac1.pure.cloud`.
    CaCentral1 = ("ca_central_1", "cac1.pure.cloud"),
    /// Asia Pacific (Seoul), `apne2.pure.cloud`.
    ApNortheast2 = ("ap_northeast_2", "apne2.pure.cloud"),
    /// EU (London), `euw2.pure.cloud`.
    EuWest2 = ("eu_west_2", "euw2.pure.cloud"),
    /// Asia Pacific (Mumbai), `aps1.pure.cloud`.
    ApSouth1 = ("ap_south_1", "aps1.pure.cloud"),
    /// US East (Ohio), FedRAMP, `use2.us-gov-pure.cloud`.
    UsEast2 = ("us_east_2", "use2.us-gov-pure.cloud"),
    /// South America (São Paulo), `sae1.pure.cloud`.
    SaEast1 = ("sa_east_1", "sae1.pure.cloud"),
    /// Middle East (UAE), `mec1.pure.cloud`.
    MeCentral1 = ("me_central_1", "mec1.pure.cloud"),
    /// Asia Pacific (Osaka), `apne3.pure.cloud`.
    ApNortheast3 = ("ap_northeast_3", "apne3.pure.cloud"),
    /// EU (Zurich), `euc2.pure.cloud`.
    EuCentral2 = ("eu_central_2", "euc2.pure.cloud"),
    /// Mexico (Central), `mxc1.pure.cloud`.
    MxCentral1 = ("mx_central_1", "mxc1.pure.cloud"),
    /// Asia Pacific (Singapore), `apse1.pure.cloud`.
    ApSoutheast1 = ("ap_southeast_1", "apse1.pure.cloud"),
    /// EU sovereign cloud (Germany East), `edee1.eusc-pure.cloud`.
    EuscDeEast1 = ("eusc_de_east_1", "edee1.eusc-pure.cloud"),
}

impl Region {
    /// The API base URL, such as `https://api.mypurecloud.com`.
    pub fn api_base_url(self) -> String {
        format!("https://api.{}", self.domain())
    }

    /// The login (token) base URL, such as `https://login.mypurecloud.com`.
    pub fn login_base_url(self) -> String {
        format!("https://login.{}", self.domain())
    }

    /// The region whose domain is `domain` (such as `mypurecloud.ie`), if any.
    pub fn from_domain(domain: &str) -> Option<Self> {
        let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        Self::ALL
            .iter()
            .copied()
            .find(|region| region.domain() == domain)
    }
}

// The enum comes out of a macro, where `#[default]` cannot pick one variant.
#[allow(clippy::derivable_impls)]
impl Default for Region {
    fn default() -> Self {
        Self::UsEast1
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A string that is not a known region id (the string is `.0`). Made by parsing a [`Region`] only.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error(
    "unknown region `{0}`; known regions: us_east_1, eu_west_1, ap_southeast_2, ... (or give a base URL)"
)]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let normalized = value.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .iter()
            .copied()
            .find(|region| region.id() == normalized)
            .ok_or_else(|| UnknownRegion(value.to_owned()))
    }
}
