//! What several probes share: a fresh organization with its first (administrator)
//! device, and a whole user greet+claim.

use anyhow::Context;
use parsec_client::admin::AdminClient;
use parsec_client::bootstrap::{self, BootstrapIdentity};
use parsec_client::connection::{AuthenticatedCmds, Transport};
use parsec_client::invite::{
    retrieve_info, AnyClaimRetrievedInfoCtx, GreeterInitialCtx, PollPolicy, User,
};
use parsec_protocol::addr::{BootstrapAddr, InvitationAddr, ServerAddr};
use parsec_protocol::cmds::admin::CreateOrganizationReq;
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{AccessToken, HumanHandle, UserProfile};
use parsec_protocol::invite::SASCode;
use parsec_protocol::DateTime;
use std::sync::Arc;
use tokio::sync::oneshot;

/// A human handle from literals.
pub fn handle(email: &str, name: &str) -> anyhow::Result<HumanHandle> {
    Ok(HumanHandle::new(email.parse()?, name)?)
}

/// Creates organization `name` through the administration API of `server` and
/// bootstraps it there; returns its first device (an administrator, `alice@example.com`).
/// The bootstrap goes to `server` whatever address the server announces (a proxy, `--dev`).
pub async fn new_organization(
    transport: &Transport,
    server: &ServerAddr,
    admin_token: &str,
    name: &str,
) -> anyhow::Result<LocalDevice> {
    let admin = AdminClient::new(transport.clone(), server, admin_token);
    let created = admin
        .create_organization(&CreateOrganizationReq {
            organization_id: name.into(),
            ..Default::default()
        })
        .await
        .with_context(|| format!("creating organization {name}"))?;
    let mut addr = BootstrapAddr::from_any(&created.bootstrap_url)?;
    addr.server = server.clone();
    let identity = BootstrapIdentity {
        human_handle: handle("alice@example.com", "Alice")?,
        device_label: "laptop".parse()?,
        sequester_authority_der: None,
    };
    let prepared = bootstrap::prepare(&addr, &identity, &OsRandom::new(), DateTime::now());
    bootstrap::send(transport, &addr, &prepared)
        .await
        .with_context(|| format!("bootstrapping organization {name}"))?;
    Ok(prepared.device)
}

/// Greets and claims user invitation `token` of `greeter`'s organization, both sides
/// running concurrently as two people would, the SAS codes passing between them: the
/// greeter sends through `greeter_cmds`, the claimer (who becomes `claimer`, device
/// label `phone`) through `claimer_server` (the same server or another instance of it).
/// Returns the claimer's new device.
pub async fn greet_and_claim(
    transport: &Transport,
    greeter_cmds: &AuthenticatedCmds,
    greeter: &Arc<LocalDevice>,
    token: AccessToken,
    claimer_server: &ServerAddr,
    claimer: &HumanHandle,
) -> anyhow::Result<LocalDevice> {
    let invitation_addr = InvitationAddr::new(
        claimer_server.clone(),
        greeter.organization_id.clone(),
        parsec_protocol::addr::InvitationType::User,
        token,
    );
    let (greeter_tells, claimer_hears) = oneshot::channel::<SASCode>();
    let (claimer_tells, greeter_hears) = oneshot::channel::<SASCode>();
    let greeting = async {
        let ctx = GreeterInitialCtx::<User>::new(
            greeter_cmds.clone(),
            Arc::clone(greeter),
            token,
            PollPolicy::Auto,
        );
        let ctx = ctx.do_wait_peer().await?;
        greeter_tells
            .send(ctx.greeter_sas())
            .map_err(|_| anyhow::anyhow!("the claimer stopped listening"))?;
        let ctx = ctx.do_wait_peer_trust().await?;
        let spoken = greeter_hears.await?;
        anyhow::ensure!(spoken == ctx.claimer_sas(), "the claimer's code differs");
        let ctx = ctx.do_signify_trust().await?;
        let ctx = ctx.do_get_claim_requests().await?;
        let label = ctx.requested_device_label().clone();
        let who = ctx.requested_human_handle().clone();
        ctx.do_create_new_user(label, who, UserProfile::Standard)
            .await?;
        anyhow::Ok(())
    };
    let claiming = async {
        let AnyClaimRetrievedInfoCtx::User(list) =
            retrieve_info(transport.clone(), invitation_addr, PollPolicy::Auto).await?
        else {
            anyhow::bail!("expected a user invitation");
        };
        let ctx = list.select_greeter(greeter.user_id)?;
        let ctx = ctx.do_wait_peer().await?;
        let spoken = claimer_hears.await?;
        anyhow::ensure!(spoken == ctx.greeter_sas(), "the greeter's code differs");
        let ctx = ctx.do_signify_trust().await?;
        claimer_tells
            .send(ctx.claimer_sas())
            .map_err(|_| anyhow::anyhow!("the greeter stopped listening"))?;
        let ctx = ctx.do_wait_peer_trust().await?;
        let ctx = ctx.do_claim_user("phone".parse()?, claimer.clone()).await?;
        Ok(ctx.do_acknowledge().await?)
    };
    let (greeted, claimed) = tokio::join!(greeting, claiming);
    greeted?;
    claimed
}
