//! The authorizations of users: what a consent records, and which authorizations a caller sees.

use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::GetOauthAuthorization;
use genesys_cloud_models::{AuthorizationState, OAuthAuthorization, Timestamp};

use crate::catalogue;
use crate::store::{ClientRecord, Store, client_id_of};
use crate::users;

impl Store {
    /// The authorization of the client with this id: `user`'s own, or, for a client-credentials caller
    /// (`None`), the first of any user.
    pub(crate) fn authorization(
        &self,
        client_id: &str,
        user: Option<&str>,
    ) -> Option<&OAuthAuthorization> {
        self.authorizations_of(user)
            .find(|authorization| client_id_of(authorization) == Some(client_id))
    }

    /// The authorizations a caller sees: a user's own, or every one for a client-credentials caller (`None`).
    pub(crate) fn authorizations_of<'a>(
        &'a self,
        user: Option<&str>,
    ) -> impl Iterator<Item = &'a OAuthAuthorization> + 'a {
        let owner = user.map(users::user_id);
        self.authorizations.iter().filter(move |authorization| {
            owner.as_deref().is_none_or(|owner| {
                authorization
                    .resource_owner
                    .as_ref()
                    .and_then(|owner| owner.id.as_deref())
                    == Some(owner)
            })
        })
    }

    /// Records that `user` consented to `client_id` at `now`: a new `Authorized` authorization, or the user's
    /// existing one brought up to date (scopes, state, `dateModified`).
    pub(crate) fn record_consent(&mut self, client_id: &str, user: &str, now: Timestamp) {
        let Some(client) = self.client(client_id).map(ClientRecord::public) else {
            return;
        };
        let owner = users::user_ref(user);
        let scope = client.scope.clone().unwrap_or_default();
        let existing = self.authorizations.iter_mut().find(|authorization| {
            client_id_of(authorization) == Some(client_id)
                && authorization
                    .resource_owner
                    .as_ref()
                    .and_then(|o| o.id.as_ref())
                    == owner.id.as_ref()
        });
        if let Some(authorization) = existing {
            authorization.client = Some(client);
            authorization.scope = Some(scope);
            authorization.date_modified = Some(now);
            authorization.modified_by = Some(owner);
            authorization.pending = Some(false);
            authorization.state = Some(AuthorizationState::Authorized);
            return;
        }
        let authorization = OAuthAuthorization::default()
            .with_client(client)
            .with_scope(scope)
            .with_roles(vec![catalogue::OAUTH_ADMIN_ROLE_ID.to_owned()])
            .with_resource_owner(owner.clone())
            .with_date_created(now)
            .with_date_modified(now)
            .with_created_by(owner.clone())
            .with_modified_by(owner)
            .with_pending(false)
            .with_state(AuthorizationState::Authorized)
            .with_self_uri(crate::routes::api_path(
                GetOauthAuthorization::PATH,
                &[("clientId", client_id)],
            ));
        self.authorizations.push(authorization);
    }
}
