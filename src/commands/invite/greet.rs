//! `invite greet`: the greeter's side of the exchange (invite.md §4): vouch for a new user
//! (administrators) or a new device of one's own user, after both humans compared codes.

use super::exchange::{
    answer_field, deny_quietly, finish, require_terminal, wrong_code, Exchange, NO_TERMINAL_HINT,
};
use super::parse_token;
use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::event;
use crate::printer::Printer;
use crate::prompt;
use parsec_client::invite::{
    prepare_greet, AnyGreeterInitialCtx, GreetError, GreetOutcome, GreeterFinalizeCtx,
    GreeterInProgress4Ctx, GreeterInitialCtx, InvitationKind,
};
use parsec_client::shamir;
use parsec_protocol::ids::{
    AccessToken, DeviceLabel, EmailAddress, HumanHandle, InvalidId, UserProfile,
};
use std::sync::Arc;

/// The profiles offered for a new user, the first one preselected (as the official CLI).
const PROFILES: [UserProfile; 3] = [
    UserProfile::Standard,
    UserProfile::Admin,
    UserProfile::Outsider,
];

/// Greet an invitation: vouch for a new user or a new device of your own, or give your
/// shares of a user's shared recovery
///
/// Run it at the same time as `invite claim` on the newcomer's side. It shows a code to
/// read to the claimer, then asks which of a few codes the claimer reads back (pick `None
/// of these` if the claimer's code is not listed: someone may be intercepting the
/// exchange). The claimer then types its answers and its new password: the greeter's
/// screen only moves on once all of it is settled. For a user invitation it shows the
/// requested name and device (which `--edit-identity` lets you correct), warns when the
/// requested email is not the invited one, and asks the new user's profile: STANDARD,
/// ADMIN or OUTSIDER (offered in every case; the server refuses OUTSIDER if the
/// organization does not allow it). Only an administrator can greet a user; a device
/// invitation is greeted from another device of the same user. A shared recovery
/// invitation is greeted by the recipients of the user's shared recovery, one after the
/// other: each exchange of codes gives the claimer that recipient's shares.
///
/// A wrong code, `None of these`, Ctrl-C or an error cancels the greeting attempt on the
/// server, and the claimer stops at once with `The other side cancelled: <reason>` (exit
/// code 8). The invitation itself stays valid: run both commands again.
///
/// With `--format json`, events go to stdout as JSON Lines and answers are read from stdin,
/// one line each (after the password line with `--password-stdin`):
///
/// - `{"event": "invitation", "token", "type": "USER"|"DEVICE", "claimer_email"}`
///
/// - `{"event": "greeter_code", "code"}`: read it to the claimer.
///
/// - `{"event": "choose_claimer_code", "candidates": [...]}`: answer with the code the
///   claimer reads out (`WXYZ` or `{"code": "WXYZ"}`), or `none` (or an empty line or
///   `{"code": null}`) if it is not among them; anything but the right code cancels.
///
/// - `{"event": "claim_request", "device_label", "human_handle": {"email", "label"}}`
///   (`human_handle` for user invitations only), with `"invited_email"` when the
///   requested email is not the invited one (the terminal shows a warning then).
///
/// - user invitations: `{"event": "choose_profile", "choices": [...], "default":
///   "STANDARD"}`: answer `ADMIN` (or `{"profile": "ADMIN"}`); an empty line takes the
///   default. The object form may also correct the requested identity: `{"profile":
///   "STANDARD", "name": "Bob Smith", "email": "bob@example.com", "device_label": "pc"}`
///   (each field optional).
///
/// - `{"event": "done", "user_id", "device_id", "device_label", "human_handle",
///   "profile"}`.
///
/// - shared recovery: `{"event": "invitation", "token", "type": "SHAMIR_RECOVERY",
///   "claimer_email"}`, the codes as above, then `{"event": "shares_sent", "recipient",
///   "shares"}` and `{"event": "done"}`.
///
/// A failure ends with the usual `error:` line on stderr and a non-zero exit code (8: the
/// other side cancelled, 130: Ctrl-C).
#[derive(Debug, clap::Args)]
pub struct InviteGreetArgs {
    /// Invitation token, as printed by `invite user`, `invite device`, `invite
    /// shared-recovery` or `invite list`
    #[arg(value_parser = parse_token)]
    pub token: AccessToken,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,

    #[command(flatten)]
    /// How long to wait at most.
    pub timeout: crate::commands::common::TimeoutArgs,

    /// For a user invitation, let me correct the name, email and device label the claimer
    /// asked for before the user is created (they are kept as requested otherwise)
    #[arg(long)]
    pub edit_identity: bool,
}

/// Runs `invite greet`.
pub async fn cmd_invite_greet(args: InviteGreetArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    if !json {
        require_terminal("greet")?;
    }
    let session = open_session(&args.device, printer).await?;
    let local = sync_certificates(&session, printer).await?;
    let profile = local
        .store()
        .user(session.device().user_id)
        .map_or(session.device().initial_profile, |u| u.current_profile());
    let mut ex = Exchange::start(printer, json, args.timeout.timeout);
    let poll_policy = session.config().poll_policy;
    let cmds = session.cmds().clone();
    let device = Arc::new(session.device().clone());
    let token = args.token;
    let any = ex
        .wait("Retrieving invitation info", async move {
            prepare_greet(cmds, device, token, poll_policy)
                .await
                .map_err(|e| lookup_error(e, profile))
        })
        .await?;
    let outcome = match any {
        AnyGreeterInitialCtx::User { ctx, claimer_email } => {
            ex.event(event::GreetInvitation {
                claimer_email: Some(claimer_email.as_str().to_owned()),
                event: "invitation",
                token: token.hex(),
                kind: "USER",
            });
            let handle = ctx.cancel_handle();
            ex.watch(&handle);
            let result = greet_user(&mut ex, ctx, &claimer_email, args.edit_identity).await;
            finish(result, &handle).await?
        }
        AnyGreeterInitialCtx::Device(ctx) => {
            ex.event(event::GreetInvitation {
                claimer_email: None,
                event: "invitation",
                token: token.hex(),
                kind: "DEVICE",
            });
            let handle = ctx.cancel_handle();
            ex.watch(&handle);
            let result = greet_device(&mut ex, ctx).await;
            finish(result, &handle).await?
        }
        AnyGreeterInitialCtx::ShamirRecovery {
            ctx,
            claimer_user_id,
            shamir_recovery_created_on,
        } => {
            // Our shares first: a setup deleted since, or one we are not a recipient of,
            // stops here before the claimer is involved.
            let share = ex
                .wait(
                    "Retrieving your shares",
                    shamir::share_data(&session, claimer_user_id, shamir_recovery_created_on),
                )
                .await?;
            let claimer = local
                .store()
                .user(claimer_user_id)
                .map(|u| u.certificate.human_handle_or_placeholder());
            ex.event(event::GreetInvitation {
                claimer_email: claimer.as_ref().map(|h| h.email().as_str().to_owned()),
                event: "invitation",
                token: token.hex(),
                kind: "SHAMIR_RECOVERY",
            });
            if let Some(h) = &claimer {
                ex.line(format!(
                    "Shared recovery of {}",
                    ex.printer().highlight(h.to_string())
                ));
            }
            let handle = ctx.cancel_handle();
            ex.watch(&handle);
            let shares = share.weighted_share.len();
            let result = async {
                let ctx = greet_trust(&mut ex, ctx, "Waiting for the claimer").await?;
                ex.wait(
                    "Sending your shares",
                    ctx.do_send_share(share.weighted_share),
                )
                .await
            }
            .await;
            finish(result, &handle).await?;
            ex.line(format!(
                "Sent your {shares} share{} of the shared recovery",
                if shares == 1 { "" } else { "s" }
            ));
            ex.event(event::Shares {
                event: "shares_sent",
                recipient: session.device().user_id.hex(),
                shares,
                retrieved_shares: None,
                threshold: None,
            });
            ex.event(event::Done { event: "done" });
            return Ok(());
        }
    };
    ex.event(event::GreetDone {
        device_id: outcome.device_id.hex(),
        device_label: outcome.device_label.as_str().to_owned(),
        event: "done",
        human_handle: (&outcome.human_handle).into(),
        profile: outcome.profile.as_str(),
        user_id: outcome.user_id.hex(),
    });
    Ok(())
}

/// `invitation not found`, explained: non-administrators do not see user invitations.
fn lookup_error(e: GreetError, profile: UserProfile) -> CliError {
    let not_found = matches!(e, GreetError::InvitationNotFound);
    let err = CliError::from(e);
    if not_found && profile != UserProfile::Admin {
        return err.hint(format!(
            "your profile is {profile}: only administrators can greet user invitations, a \
             device invitation is greeted by its own user, and a shared recovery invitation \
             by the recipients of the user's shared recovery"
        ));
    }
    err
}

/// Steps 0–6, the same for both kinds: codes both ways, then the claimer's request.
async fn greet_trust<K: InvitationKind>(
    ex: &mut Exchange<'_>,
    ctx: GreeterInitialCtx<K>,
    request: &str,
) -> CliResult<GreeterInProgress4Ctx<K>> {
    let ctx = ex.wait("Waiting for claimer", ctx.do_wait_peer()).await?;
    let code = ctx.greeter_sas();
    ex.line(format!(
        "Code to provide to claimer: {}",
        ex.printer().highlight(code.as_str())
    ));
    ex.event(event::Code {
        code: code.as_str().to_owned(),
        event: "greeter_code",
    });
    let ctx = ex
        .wait("Waiting for claimer", ctx.do_wait_peer_trust())
        .await?;
    let candidates = ctx.generate_claimer_sas_choices(3);
    let picked = ex.choose_code("claimer", &candidates).await?;
    if picked != Some(ctx.claimer_sas()) {
        deny_quietly(ctx.do_deny_trust()).await;
        return Err(wrong_code("claimer"));
    }
    // The claimer now types its answers and its new password, and derives its key.
    ex.wait(request, async move {
        ctx.do_signify_trust().await?.do_get_claim_requests().await
    })
    .await
}

async fn greet_user(
    ex: &mut Exchange<'_>,
    ctx: GreeterInitialCtx<parsec_client::invite::User>,
    invited_email: &EmailAddress,
    edit_identity: bool,
) -> CliResult<GreetOutcome> {
    let ctx = greet_trust(
        ex,
        ctx,
        "Waiting for the claimer's name, email, device label and password",
    )
    .await?;
    // As the official CLI, the requested values are shown and kept; `--edit-identity`
    // (or, in JSON mode, fields in the profile answer) corrects them first.
    let mut device_label = ctx.requested_device_label().clone();
    let mut human_handle = ctx.requested_human_handle().clone();
    let other_email = !human_handle
        .email()
        .as_str()
        .eq_ignore_ascii_case(invited_email.as_str());
    ex.line(format!("New device label: [{device_label}]"));
    ex.line(format!("New user: [{human_handle}]"));
    if other_email && !ex.json() {
        ex.printer().status(format!(
            "warning: the claimer asks for the email {}, but the invitation was sent to {}",
            ex.printer().highlight(human_handle.email().as_str()),
            ex.printer().highlight(invited_email.as_str()),
        ));
        if !edit_identity {
            ex.printer().status(
                "hint: press Ctrl-C to stop if this is not who you invited, or run `invite \
                 greet` again with --edit-identity to correct it",
            );
        }
    }
    ex.event(event::ClaimRequest {
        device_label: device_label.as_str().to_owned(),
        event: "claim_request",
        human_handle: Some((&human_handle).into()),
        invited_email: other_email.then(|| invited_email.as_str().to_owned()),
    });
    if edit_identity && !ex.json() {
        (device_label, human_handle) =
            edit_requested_identity(ex, device_label, human_handle).await?;
    }
    let (profile, corrections) = choose_profile(ex).await?;
    if let Some(answer) = corrections {
        (device_label, human_handle) = apply_corrections(&answer, device_label, human_handle)?;
    }
    let handle = ctx.cancel_handle();
    let created = ex
        .wait("Creating the user in the server", async move {
            // The claimer may have given up while we chose: do not create it for nothing.
            handle.check().await.map_err(CliError::from)?;
            ctx.do_create_user(device_label, human_handle, profile)
                .await
                .map_err(|e| create_user_error(e, profile))
        })
        .await?;
    wait_claimer_saved(ex, created, "user").await
}

async fn greet_device(
    ex: &mut Exchange<'_>,
    ctx: GreeterInitialCtx<parsec_client::invite::Device>,
) -> CliResult<GreetOutcome> {
    let ctx = greet_trust(
        ex,
        ctx,
        "Waiting for the claimer's device label and password",
    )
    .await?;
    let device_label = ctx.requested_device_label().clone();
    ex.line(format!("New device label: [{device_label}]"));
    ex.event(event::ClaimRequest {
        device_label: device_label.as_str().to_owned(),
        event: "claim_request",
        human_handle: None,
        invited_email: None,
    });
    let created = ex
        .wait(
            "Creating the device in the server",
            ctx.do_create_device(device_label),
        )
        .await?;
    wait_claimer_saved(ex, created, "device").await
}

/// Steps 7–8: the claimer receives the confirmation, saves its device file and says so.
async fn wait_claimer_saved(
    ex: &mut Exchange<'_>,
    created: GreeterFinalizeCtx,
    what: &str,
) -> CliResult<GreetOutcome> {
    let email = created.outcome().human_handle.email().clone();
    ex.wait(
        "Waiting for the claimer to save its device",
        created.do_finish(),
    )
    .await
    .map_err(|e| created_anyway(e, what, &email))
}

/// The exchange ended after the server objects were created (the claimer cancelled, or
/// we were interrupted or ran out of time at steps 7–8): say what is left, and how to
/// finish.
fn created_anyway(e: CliError, what: &str, email: &EmailAddress) -> CliError {
    if !matches!(
        e.kind,
        ErrorKind::PeerCancelled | ErrorKind::Interrupted | ErrorKind::Timeout
    ) {
        return e;
    }
    let hint = if what == "user" {
        format!(
            "the user {email} was created on the server but the claimer may not have saved its \
             device: if `invite claim` did not print `New device created`, run `parsec-cli user \
             revoke {email}` then `parsec-cli invite user {email}`"
        )
    } else {
        "the new device was created on the server but the claimer may not have saved it: if \
         `invite claim` did not print `New device created`, run `parsec-cli invite device` \
         again (the unused device stays harmless)"
            .to_owned()
    };
    e.hint(hint)
}

/// `Which profile?`: a menu, or a `choose_profile` event and an answer line (returned too,
/// for the corrections it may carry).
async fn choose_profile(ex: &mut Exchange<'_>) -> CliResult<(UserProfile, Option<String>)> {
    if ex.json() {
        ex.event(event::ChooseProfile {
            choices: PROFILES.map(UserProfile::as_str),
            default: PROFILES[0].as_str(),
            event: "choose_profile",
        });
        let answer = ex.read_answer("the profile").await?;
        let profile = match answer_field(&answer, "profile")? {
            None => PROFILES[0],
            Some(p) => p.parse().map_err(|_| {
                CliError::bad_input(format!(
                    "invalid profile {p:?}: expected STANDARD, ADMIN or OUTSIDER"
                ))
            })?,
        };
        return Ok((profile, Some(answer)));
    }
    let items: Vec<String> = PROFILES.iter().map(|p| p.as_str().to_owned()).collect();
    let picked = ex
        .ask(move || prompt::select("Which profile?", &items, 0, NO_TERMINAL_HINT))
        .await?;
    Ok((PROFILES[picked], None))
}

/// `--edit-identity`: the requested values as defaults of three questions.
async fn edit_requested_identity(
    ex: &mut Exchange<'_>,
    device_label: DeviceLabel,
    human_handle: HumanHandle,
) -> CliResult<(DeviceLabel, HumanHandle)> {
    let label_default = device_label.as_str().to_owned();
    let name_default = human_handle.label().to_owned();
    let email_default = human_handle.email().as_str().to_owned();
    ex.ask(move || {
        let label: DeviceLabel = prompt::input(
            "New device label",
            Some(&label_default),
            "--edit-identity",
            |s| s.parse().map_err(|e: InvalidId| e.to_string()),
        )?;
        let email: EmailAddress = prompt::input(
            "New user email",
            Some(&email_default),
            "--edit-identity",
            |s| s.parse().map_err(|e: InvalidId| e.to_string()),
        )?;
        let handle = prompt::input(
            "New user name",
            Some(&name_default),
            "--edit-identity",
            |s| HumanHandle::new(email.clone(), s).map_err(|e| e.to_string()),
        )?;
        Ok((label, handle))
    })
    .await
}

/// JSON mode: `device_label`, `email` and `name` fields of the profile answer replace the
/// requested values.
fn apply_corrections(
    answer: &str,
    device_label: DeviceLabel,
    human_handle: HumanHandle,
) -> CliResult<(DeviceLabel, HumanHandle)> {
    // A plain-text answer is only the profile.
    if !answer.trim_start().starts_with('{') {
        return Ok((device_label, human_handle));
    }
    let bad = |e: InvalidId| CliError::bad_input(e.to_string());
    let device_label = match answer_field(answer, "device_label")? {
        Some(l) => l.parse().map_err(bad)?,
        None => device_label,
    };
    let email = match answer_field(answer, "email")? {
        Some(e) => e.parse().map_err(bad)?,
        None => human_handle.email().clone(),
    };
    let name = answer_field(answer, "name")?.unwrap_or_else(|| human_handle.label().to_owned());
    let human_handle = HumanHandle::new(email, &name).map_err(bad)?;
    Ok((device_label, human_handle))
}

/// A refused `user_create`, with the likely reason when OUTSIDER was chosen.
fn create_user_error(e: GreetError, profile: UserProfile) -> CliError {
    let refused = matches!(e, GreetError::InvalidCertificate | GreetError::NotAllowed);
    let err = CliError::from(e);
    if refused && profile == UserProfile::Outsider {
        return CliError::new(ErrorKind::Permission, err.message).hint(
            "the organization may not allow the OUTSIDER profile: greet again and choose \
             STANDARD",
        );
    }
    err
}
