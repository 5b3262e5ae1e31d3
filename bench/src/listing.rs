//! A 10,000-client `OAuthClientEntityListing` (about 8 MB, every field set, realistic values) parsed three
//! ways, interleaved: into the typed model, into plain strings (the naive baseline), and into `IgnoredAny`.

use std::time::Instant;

use genesys_cloud_models::{
    ClientSecret, ClientState, DomainEntityRef, GrantType, OAuthClient, OAuthClientEntityListing,
    OAuthClientListing, RoleDivision, Timestamp,
};
use serde::de::IgnoredAny;

use crate::naive::NaiveListing;
use crate::report::Report;
use crate::settings::Settings;

const CLIENTS: usize = 10_000;

const PURPOSES: &[&str] = &[
    "Nightly analytics export",
    "Billing sync",
    "Agent desktop integration",
    "SSO bridge",
    "Workforce management connector",
    "Quality review portal",
    "Chat widget",
    "Data warehouse loader",
];
const PEOPLE: &[&str] = &[
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Katherine Johnson",
    "Edsger Dijkstra",
    "Barbara Liskov",
];
const SCOPES: &[&str] = &[
    "analytics:readonly",
    "users:readonly",
    "conversations",
    "routing:readonly",
    "presence",
    "recordings:readonly",
];
const GRANTS: [GrantType; 5] = [
    GrantType::ClientCredentials,
    GrantType::Code,
    GrantType::Token,
    GrantType::Saml2Bearer,
    GrantType::Password,
];

/// A deterministic pseudo-random source (splitmix64), so that every run parses the same bytes.
pub(crate) struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48 & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    /// An instant between 2019 and 2025 with milliseconds, as the platform writes them.
    fn timestamp(&mut self) -> Timestamp {
        let millis = 1_546_300_800_000 + (self.next() % 220_000_000_000) as i64;
        Timestamp::from_unix_millis(millis).unwrap_or(Timestamp::MIN)
    }

    fn user(&mut self) -> DomainEntityRef {
        let id = self.uuid();
        DomainEntityRef::new(&id)
            .with_name(self.pick(PEOPLE))
            .with_self_uri(format!("/api/v2/users/{id}"))
    }
}

/// One client with every field of `OAuthClient` set.
pub(crate) fn sample_client(mix: &mut Mix, number: usize) -> OAuthClient {
    let id = mix.uuid();
    let purpose = mix.pick(PURPOSES);
    let created = mix.timestamp();
    let modified = created
        .checked_add(core::time::Duration::from_secs(mix.next() % 40_000_000))
        .unwrap_or(created);
    let secret: String = (0..43)
        .map(|_| {
            char::from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    [(mix.next() % 64) as usize],
            )
        })
        .collect();
    let state = [
        ClientState::Active,
        ClientState::Disabled,
        ClientState::Inactive,
    ][(mix.next() % 3) as usize]
        .clone();
    let scope = vec![mix.pick(SCOPES).to_owned(), mix.pick(SCOPES).to_owned()];
    OAuthClient::new(
        format!("{purpose} {number}"),
        GRANTS[number % GRANTS.len()].clone(),
    )
    .with_id(id.clone())
    .with_access_token_validity_seconds([300, 3600, 43_200, 86_400][(mix.next() % 4) as usize])
    .with_description(format!("{purpose}, EMEA"))
    .with_registered_redirect_uri(vec![format!("https://app{number}.example.com/cb")])
    .with_secret(ClientSecret::new(secret))
    .with_role_ids(vec![mix.uuid()])
    .with_date_created(created)
    .with_date_modified(modified)
    .with_created_by(mix.user())
    .with_modified_by(mix.user())
    .with_scope(scope)
    .with_role_divisions(vec![RoleDivision::new(mix.uuid(), mix.uuid())])
    .with_state(state)
    .with_date_to_delete(
        modified
            .checked_add(core::time::Duration::from_secs(30 * 86_400))
            .unwrap_or(modified),
    )
    .with_self_uri(format!("/api/v2/oauth/clients/{id}"))
}

/// A seed for [`sample_client`].
pub(crate) fn mix() -> Mix {
    Mix(0x6765_6e65_7379_7321)
}

/// The listing's JSON bytes.
fn listing_bytes() -> Result<Vec<u8>, String> {
    let mut mix = mix();
    let entities: Vec<OAuthClientListing> = (1..=CLIENTS)
        .map(|number| OAuthClientListing::from(sample_client(&mut mix, number)))
        .collect();
    let uri = |page: u32| format!("/api/v2/oauth/clients?pageSize={CLIENTS}&pageNumber={page}");
    let listing = OAuthClientEntityListing::default()
        .with_entities(entities)
        .with_page_size(CLIENTS as i32)
        .with_page_number(2)
        .with_total(3 * CLIENTS as i64)
        .with_first_uri(uri(1))
        .with_last_uri(uri(3))
        .with_self_uri(uri(2))
        .with_previous_uri(uri(1))
        .with_next_uri(uri(3))
        .with_page_count(3);
    serde_json::to_vec(&listing).map_err(|error| format!("could not write the listing: {error}"))
}

/// Seconds one parse takes (the drop of the result is not timed).
fn time_parse<T>(parse: impl Fn() -> Result<T, serde_json::Error>) -> Result<f64, String> {
    let started = Instant::now();
    let value = parse().map_err(|error| format!("the listing did not parse: {error}"))?;
    let seconds = started.elapsed().as_secs_f64();
    drop(std::hint::black_box(value));
    Ok(seconds)
}

pub(crate) fn run(settings: &Settings, report: &mut Report) -> Result<(), String> {
    let bytes = listing_bytes()?;
    let typed: OAuthClientEntityListing = serde_json::from_slice(&bytes)
        .map_err(|error| format!("the typed listing did not parse: {error}"))?;
    let naive: NaiveListing = serde_json::from_slice(&bytes)
        .map_err(|error| format!("the naive listing did not parse: {error}"))?;
    if typed.entities.as_ref().map(Vec::len) != Some(CLIENTS)
        || naive.entities.as_ref().map(Vec::len) != Some(CLIENTS)
    {
        return Err("the listing does not hold 10,000 clients".to_owned());
    }
    eprintln!(
        "listing: {CLIENTS} clients, {} bytes, {} parses per parser, interleaved",
        bytes.len(),
        settings.listing_samples
    );
    let megabytes = bytes.len() as f64 / 1e6;
    let (mut deser, mut plain, mut scan) = (Vec::new(), Vec::new(), Vec::new());
    // The order rotates from sample to sample: each parser starts as often after each other one (whose drop
    // leaves the allocator in a different state), so none is favoured by where it runs.
    for sample in 0..settings.listing_samples {
        for slot in 0..3 {
            match (sample + slot) % 3 {
                0 => deser.push(
                    megabytes
                        / time_parse(|| {
                            serde_json::from_slice::<OAuthClientEntityListing>(&bytes)
                        })?,
                ),
                1 => plain.push(
                    megabytes / time_parse(|| serde_json::from_slice::<NaiveListing>(&bytes))?,
                ),
                _ => scan
                    .push(megabytes / time_parse(|| serde_json::from_slice::<IgnoredAny>(&bytes))?),
            }
        }
    }
    let deser = report.median("listing_deser_mbps", &deser, "MB/s");
    let plain = report.median("listing_naive_mbps", &plain, "MB/s");
    report.value("listing_deser_vs_naive", deser / plain, "ratio");
    report.median("listing_scan_mbps", &scan, "MB/s");
    Ok(())
}
