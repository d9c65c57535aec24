//! Pre-flight: refusing, before it is sent, a request the access token cannot make (opt in with
//! [`ClientBuilder::preflight`](crate::ClientBuilder::preflight)).
//!
//! When the access token is a JWT, its payload's claims are read without verifying the signature (it is the
//! caller's own token, on its way to Graph, which verifies it): `scp`, the delegated permissions (space
//! separated), or else `roles`, the application permissions. A delegated token of the consumer tenant
//! (`tid` 9188040d-6c67-4c5b-b112-36a304b66dad) is checked against the page's personal account row, any other
//! against the work or school row. A request whose operation lists none of the token's permissions for that type
//! fails with [`Error::MissingPermission`], which names the least privileged permission the page lists and the
//! page; the request is not sent.
//!
//! Sent as usual: opaque tokens (personal accounts' tokens are not JWTs), JWTs with neither claim, and
//! operations whose page documents no permission for the token's type. Nothing of the token (its text, its
//! claims, the permissions it holds) is ever put in an error or a log.
//!
//! Hand-written rather than a JWT crate: only the unverified payload is read (base64url, then JSON), which the
//! `base64` and `serde_json` crates already do; a JWT crate would add a signature stack this check must not use.

use base64::Engine as _;
use serde::Deserialize;

use crate::error::Error;
use crate::request::{Operation, Scopes};

/// The consumer (personal Microsoft account) tenant's id, as `tid` holds it.
const CONSUMER_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// The permission type a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionType {
    /// Delegated (work or school account).
    DelegatedWork,
    /// Delegated (personal Microsoft account).
    DelegatedPersonal,
    /// Application.
    Application,
}

impl PermissionType {
    /// The type as the pages name it.
    pub fn label(self) -> &'static str {
        match self {
            PermissionType::DelegatedWork => "delegated (work or school account)",
            PermissionType::DelegatedPersonal => "delegated (personal Microsoft account)",
            PermissionType::Application => "application",
        }
    }

    /// The operation's row for this type.
    fn scopes(self, operation: &Operation) -> Scopes {
        let p = &operation.permissions;
        match self {
            PermissionType::DelegatedWork => p.delegated_work,
            PermissionType::DelegatedPersonal => p.delegated_personal,
            PermissionType::Application => p.application,
        }
    }
}

/// The claims pre-flight reads.
#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    scp: Option<String>,
    #[serde(default)]
    roles: Option<Vec<String>>,
    #[serde(default)]
    tid: Option<String>,
}

/// What a JWT grants: its permission type and permissions. `None` for an opaque token or a JWT with neither
/// `scp` nor `roles`.
fn grants(token: &str) -> Option<(PermissionType, Vec<String>)> {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Claims = serde_json::from_slice(&bytes).ok()?;
    match (claims.scp, claims.roles) {
        (Some(scp), _) => {
            let personal = claims
                .tid
                .is_some_and(|tid| tid.eq_ignore_ascii_case(CONSUMER_TENANT));
            let kind = match personal {
                true => PermissionType::DelegatedPersonal,
                false => PermissionType::DelegatedWork,
            };
            Some((kind, scp.split_whitespace().map(str::to_owned).collect()))
        }
        (None, Some(roles)) => Some((PermissionType::Application, roles)),
        (None, None) => None,
    }
}

/// Checks that `token` may make a request of `operation`; the error names the permission to add and the page.
pub(crate) fn check(operation: &'static Operation, token: &str) -> Result<(), Error> {
    let Some((kind, held)) = grants(token) else {
        return Ok(());
    };
    let scopes = kind.scopes(operation);
    let allowed = |listed: &str| held.iter().any(|h| h.eq_ignore_ascii_case(listed));
    match scopes {
        Scopes::NotStated => Ok(()),
        Scopes::Listed(_) if scopes.iter().next().is_none() => Ok(()),
        Scopes::Listed(_) if scopes.iter().any(allowed) => Ok(()),
        Scopes::Listed(_) | Scopes::NotSupported => Err(Error::MissingPermission {
            operation,
            permission_type: kind,
            least_privileged: scopes.iter().next(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            engine.encode(r#"{"alg":"none"}"#),
            engine.encode(claims)
        )
    }

    #[test]
    fn reads_scp_roles_and_the_consumer_tenant() {
        let (kind, held) = grants(&jwt(r#"{"scp":"User.Read Mail.Send","tid":"x"}"#)).unwrap();
        assert_eq!(kind, PermissionType::DelegatedWork);
        assert_eq!(held, ["User.Read", "Mail.Send"]);
        let personal = jwt(&format!(
            r#"{{"scp":"User.Read","tid":"{CONSUMER_TENANT}"}}"#
        ));
        assert_eq!(
            grants(&personal).unwrap().0,
            PermissionType::DelegatedPersonal
        );
        let (kind, held) = grants(&jwt(r#"{"roles":["User.Read.All"]}"#)).unwrap();
        assert_eq!((kind, held.len()), (PermissionType::Application, 1));
    }

    #[test]
    fn opaque_and_claimless_tokens_are_not_read() {
        assert!(grants("EwBwA8l6BAAU-opaque-token").is_none());
        assert!(grants("a.b.c.d").is_none());
        assert!(grants("a.!!!.c").is_none());
        assert!(grants(&jwt(r#"{"aud":"x"}"#)).is_none());
        assert!(grants(&jwt("[1]")).is_none());
    }
}
