//! `invite claim`: the claimer's side of the exchange (invite.md §4): join an organization
//! as a new user, or add this machine as a new device, and save the new device file.

use super::exchange::{
    answer_field, deny_quietly, finish, require_terminal, wrong_code, Exchange, NO_TERMINAL_HINT,
};
use crate::commands::common::{transport, ConfigDirArgs};
use crate::commands::device::format_local_device;
use crate::env;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{event, Device};
use crate::printer::Printer;
use crate::prompt::{self, PasswordArgs};
use parsec_client::device_store;
use parsec_client::invite::{
    retrieve_info, AcknowledgeError, AnyClaimRetrievedInfoCtx, ClaimerFinalizeCtx,
    ClaimerInProgress3Ctx, ClaimerInitialCtx, InvitationKind,
    ShamirRecoveryClaimMaybeRecoverDeviceCtx, ShamirRecoveryClaimPickRecipientCtx,
    UserClaimListAdministratorsCtx,
};
use parsec_client::os_keyring;
use parsec_protocol::addr::InvitationAddr;
use parsec_protocol::crypto::{Argon2Params, OsRandom};
use parsec_protocol::device_file::{LocalDevice, PasswordKey, ProtectionKey};
use parsec_protocol::ids::{DeviceLabel, EmailAddress, HumanHandle, UserID};
use std::path::PathBuf;

/// Claim an invitation: join an organization, add this machine as a new device, or
/// recover your account through your shared recovery
///
/// Run it at the same time as `invite greet` on the greeter's side. It asks which of a
/// few codes the greeter reads out (pick `None of these` if the greeter's code is not
/// listed: someone may be intercepting the exchange), shows a code to read back to the
/// greeter, and asks the new device's label (and, for a user invitation, your email and
/// name). For these two, the new device's password is asked first, as soon as the
/// greeter is known: its key (a deliberately slow derivation) is computed while the codes
/// are exchanged. All of it is settled before the greeter can create anything: a mistake
/// or Ctrl-C up to then leaves the invitation as it was. The device file is written as
/// soon as the greeter created the device, before the greeter is told the exchange went
/// through, and never replaces an existing file.
///
/// With `--use-keyring` no password is asked: the device file is protected by a key kept
/// in the OS keyring (the Secret Service on Linux, in the official keyring file format),
/// and every command opens it without a password. The keyring is checked before the
/// exchange starts and the key stored there before the greeter can create anything;
/// without a usable keyring the claim fails at once with exit code 14.
///
/// A shared recovery invitation (`invite shared-recovery`) is claimed recipient after
/// recipient: it shows how many shares are needed and asks which recipient to meet now;
/// that recipient runs `invite greet TOKEN` and the codes are exchanged as above; its
/// shares are received, and the next recipient is asked for until the shares reach the
/// threshold. Then it asks the new device's label and password, gets your recovery device
/// from the server, creates the new device with it and saves its file.
///
/// A wrong code, `None of these`, Ctrl-C or an error cancels the greeting attempt on the
/// server, and the greeter stops at once with `The other side cancelled: <reason>` (exit
/// code 8). The invitation itself stays valid: run both commands again.
///
/// With `--format json`, events go to stdout as JSON Lines and answers are read from
/// stdin, one line each:
///
/// - `{"event": "invitation", "type": "USER"|"DEVICE", "claimer_email", "administrators":
///   [{"user_id", "human_handle": {"email", "label"}}]}` (`claimer_email` and
///   `administrators` for user invitations only).
///
/// - shared recovery: `{"event": "invitation", "type": "SHAMIR_RECOVERY",
///   "claimer_human_handle", "threshold", "recipients": [{"user_id", "human_handle",
///   "shares", "revoked", "shares_retrieved"}]}`, then before each recipient
///   `{"event": "choose_recipient", "candidates": [...], "retrieved_shares", "threshold"}`:
///   answer with the email or user ID of the recipient to meet (or `{"recipient": …}`);
///   after each recipient `{"event": "shares_received", "recipient", "shares",
///   "retrieved_shares", "threshold"}`. The device label is then asked as for a device
///   invitation (`request_identity` with `"type": "SHAMIR_RECOVERY"`).
///
/// - several administrators: `{"event": "choose_greeter", "candidates": [...]}`: answer
///   with the email or user ID of the administrator who greets (or `{"greeter": …}`).
///
/// - `{"event": "greeter", "user_id", "human_handle"}`.
///
/// - `{"event": "choose_greeter_code", "candidates": [...]}`: answer with the code the
///   greeter reads out (`WXYZ` or `{"code": "WXYZ"}`), or `none` (or an empty line or
///   `{"code": null}`); anything but the right code cancels.
///
/// - `{"event": "claimer_code", "code"}`: read it to the greeter.
///
/// - `{"event": "request_identity", "type", "defaults": {"device_label", "email"}}`:
///   answer with one object `{"device_label", "email", "name"}` (missing fields take the
///   defaults; `email` and `name` for user invitations only, `name` required), or with
///   plain lines in the order of the prompts: device label, then email and name for a
///   user invitation (an empty line takes the default).
///
/// - the password line, with `--password-stdin` (none with `--use-keyring`), after the
///   identity answer (stdin carries the answers in this mode).
///
/// - `{"event": "done", …}`: the new device as in `device list --format json`, plus
///   `"path"`.
///
/// A failure ends with the usual `error:` line on stderr and a non-zero exit code (8: the
/// other side cancelled, 130: Ctrl-C).
///
/// When the organization has terms of service, they are shown once the device is saved
/// and, on a terminal, you are asked to accept them (`--accept-tos` accepts them without
/// asking; with `--format json` only that flag accepts them); otherwise accept them later
/// with `tos accept`.
#[derive(Debug, clap::Args)]
pub struct InviteClaimArgs {
    /// Invitation URL, as printed by `invite user`, `invite device` or `invite
    /// shared-recovery`
    /// (parsec3://HOST/ORG?a=claim_user&p=… or http(s)://HOST/redirect/ORG?a=claim_user&p=…)
    #[arg(value_name = "ADDR")]
    pub addr: String,

    #[command(flatten)]
    /// How the password is given.
    pub password: PasswordArgs,

    /// Protect the new device with the OS keyring (Secret Service) instead of a password
    #[arg(long, conflicts_with = "password_stdin")]
    pub use_keyring: bool,

    /// Parsec data directory [default: ~/.local/share/parsec3] (accepted for compatibility:
    /// a claim stores nothing there)
    #[arg(short, long, env = env::DATA_DIR, value_name = "DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(flatten)]
    /// Where device files are kept.
    pub config: ConfigDirArgs,

    #[command(flatten)]
    /// How long to wait at most.
    pub timeout: crate::commands::common::TimeoutArgs,

    /// Accept the organization's terms of service, if it has any, without asking
    #[arg(long)]
    pub accept_tos: bool,
}

/// Runs `invite claim`.
pub async fn cmd_invite_claim(args: InviteClaimArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let addr = InvitationAddr::from_any(args.addr.trim())
        .map_err(|e| crate::error::invalid_url("invitation", &args.addr, &e))?;
    if !json {
        require_terminal("claim")?;
    }
    let password_from_terminal =
        !args.use_keyring && !args.password.password_stdin && args.password.password_file.is_none();
    if password_from_terminal && !prompt::is_interactive() {
        // Found out now rather than once the greeter has created the new device.
        return Err(
            CliError::bad_input("no terminal to ask for the new device's password")
                .hint("pass it with --password-stdin or --password-file"),
        );
    }
    // A password file is read now: an unreadable one must not fail the claim at its end.
    let password_from_file = match &args.password.password_file {
        Some(_) if !args.use_keyring => Some(prompt::new_password(&args.password, "")?),
        _ => None,
    };
    if args.use_keyring {
        // Found out now rather than once codes were exchanged with the greeter.
        printer
            .step("Checking the OS keyring", async {
                tokio::task::spawn_blocking(os_keyring::check_available)
                    .await
                    .map_err(|e| {
                        CliError::new(
                            ErrorKind::Internal,
                            format!("checking the OS keyring failed: {e}"),
                        )
                    })?
                    .map_err(|e| crate::error::keyring_error(&e))
            })
            .await?;
    }
    let claim = Claim {
        addr,
        password: args.password,
        password_from_file,
        use_keyring: args.use_keyring,
        config_dir: args.config.resolve(),
    };
    let mut ex = Exchange::start(printer, json, args.timeout.timeout);
    let info = ex
        .wait(
            "Retrieving invitation info",
            retrieve_info(transport()?, claim.addr.clone(), env::poll_policy()),
        )
        .await?;
    let (device, path) = match info {
        AnyClaimRetrievedInfoCtx::User(list) => {
            let claimer_email = list.claimer_email().clone();
            let ctx = pick_greeter(&mut ex, *list).await?;
            let handle = ctx.cancel_handle();
            ex.watch(&handle);
            let result = claim_user(&mut ex, &claim, ctx, claimer_email).await;
            finish(result, &handle).await?
        }
        AnyClaimRetrievedInfoCtx::Device(ctx) => {
            ex.event(event::ClaimInvitation {
                administrators: None,
                claimer_email: None,
                event: "invitation",
                kind: "DEVICE",
            });
            let handle = ctx.cancel_handle();
            ex.watch(&handle);
            let result = claim_device(&mut ex, &claim, ctx).await;
            finish(result, &handle).await?
        }
        AnyClaimRetrievedInfoCtx::ShamirRecovery(ctx) => {
            claim_shamir_recovery(&mut ex, &claim, *ctx).await?
        }
    };
    if json {
        let mut done = Device::new(
            &device.device_id,
            3,
            &device.organization_id,
            &device.user_id,
            &device.human_handle,
            device.device_label.as_str(),
            &claim.addr.server.to_url(),
        );
        done.event = Some("done");
        done.path = Some(path.display().to_string());
        ex.event(done);
        crate::commands::tos::offer_for_new_device(&device, printer, args.accept_tos, false).await;
        return Ok(());
    }
    printer.line("New device created:");
    printer.line(format_local_device(printer, &device));
    crate::commands::tos::offer_for_new_device(&device, printer, args.accept_tos, true).await;
    Ok(())
}

/// What the claim needs besides the exchange.
struct Claim {
    addr: InvitationAddr,
    password: PasswordArgs,
    password_from_file: Option<prompt::Password>,
    use_keyring: bool,
    config_dir: PathBuf,
}

/// The administrator who greets: the only one, or the one chosen.
async fn pick_greeter(
    ex: &mut Exchange<'_>,
    list: UserClaimListAdministratorsCtx,
) -> CliResult<ClaimerInitialCtx<parsec_client::invite::User>> {
    let admins: Vec<_> = list.administrators().to_vec();
    let candidates = || -> Vec<event::Administrator> {
        admins
            .iter()
            .map(|a| event::Administrator {
                human_handle: (&a.human_handle).into(),
                user_id: a.user_id.hex(),
            })
            .collect()
    };
    ex.event(event::ClaimInvitation {
        administrators: Some(candidates()),
        claimer_email: Some(list.claimer_email().as_str().to_owned()),
        event: "invitation",
        kind: "USER",
    });
    let chosen: UserID = match admins.as_slice() {
        [] => {
            return Err(CliError::new(
                ErrorKind::NotFound,
                "the organization has no administrator left to greet this invitation",
            ))
        }
        [only] => only.user_id,
        _ if ex.json() => {
            ex.event(event::ChooseGreeter {
                candidates: candidates(),
                event: "choose_greeter",
            });
            let answer = ex.read_answer("the greeter").await?;
            let wanted = answer_field(&answer, "greeter")?
                .unwrap_or_default()
                .to_ascii_lowercase();
            admins
                .iter()
                .find(|a| {
                    a.human_handle.email().as_str().to_ascii_lowercase() == wanted
                        || a.user_id.hex() == wanted
                        || a.user_id.hyphenated() == wanted
                })
                .map(|a| a.user_id)
                .ok_or_else(|| {
                    CliError::bad_input(format!(
                        "no administrator {wanted:?}: answer with the email or user ID of one \
                         of the candidates"
                    ))
                })?
        }
        _ => {
            // Preselect whoever joined a greeting of this invitation last: most likely the
            // administrator running `invite greet` right now.
            let default = admins
                .iter()
                .enumerate()
                .max_by_key(|(_, a)| a.last_greeting_attempt_joined_on)
                .filter(|(_, a)| a.last_greeting_attempt_joined_on.is_some())
                .map_or(0, |(i, _)| i);
            let items: Vec<String> = admins.iter().map(|a| a.human_handle.to_string()).collect();
            let picked = ex
                .ask(move || {
                    prompt::select(
                        "Choose an administrator to contact now",
                        &items,
                        default,
                        NO_TERMINAL_HINT,
                    )
                })
                .await?;
            admins[picked].user_id
        }
    };
    list.select_greeter(chosen).map_err(CliError::from)
}

/// Steps 0–5, the same for every kind: codes both ways. With `early` (user and device
/// invitations: one greeting), the new password, when it can be had now, is asked before
/// them and its key derived while they are exchanged.
async fn claim_trust<K: InvitationKind>(
    ex: &mut Exchange<'_>,
    early: Option<&Claim>,
    ctx: ClaimerInitialCtx<K>,
) -> CliResult<(ClaimerInProgress3Ctx<K>, Option<PendingKey>)> {
    let greeter = ctx.greeter_human_handle().clone();
    ex.line(format!(
        "Invitation greeter: {}",
        ex.printer().highlight(greeter.to_string())
    ));
    ex.event(event::Greeter {
        event: "greeter",
        human_handle: (&greeter).into(),
        user_id: ctx.greeter_user_id().hex(),
    });
    let pending = match early {
        Some(claim) => early_key(ex, claim).await?,
        None => None,
    };
    let ctx = ex
        .wait(
            "Waiting the greeter to start the invitation procedure",
            ctx.do_wait_peer(),
        )
        .await?;
    let candidates = ctx.generate_greeter_sas_choices(3);
    let picked = ex.choose_code("greeter", &candidates).await?;
    if picked != Some(ctx.greeter_sas()) {
        deny_quietly(ctx.do_deny_trust()).await;
        return Err(wrong_code("greeter"));
    }
    // The greeter is already waiting on this step: no spinner, as the official CLI.
    let ctx = ex
        .race(ctx.do_signify_trust())
        .await?
        .map_err(CliError::from)?;
    let code = ctx.claimer_sas();
    ex.line(format!(
        "Code to provide to greeter: {}",
        ex.printer().highlight(code.as_str())
    ));
    ex.event(event::Code {
        code: code.as_str().to_owned(),
        event: "claimer_code",
    });
    let ctx = ex
        .wait("Waiting for greeter", ctx.do_wait_peer_trust())
        .await?;
    Ok((ctx, pending))
}

async fn claim_user(
    ex: &mut Exchange<'_>,
    claim: &Claim,
    ctx: ClaimerInitialCtx<parsec_client::invite::User>,
    claimer_email: EmailAddress,
) -> CliResult<(LocalDevice, PathBuf)> {
    let (ctx, pending) = claim_trust(ex, Some(claim), ctx).await?;
    let (device_label, human_handle) = ask_user_identity(ex, claimer_email).await?;
    let key = settle_password(ex, claim, pending).await?;
    let fin = ex
        .wait(
            "Waiting for greeter",
            ctx.do_claim_user(device_label, human_handle),
        )
        .await
        .map_err(|e| not_received(e, "your user"))?;
    save_and_acknowledge(ex, claim, fin, key).await
}

async fn claim_device(
    ex: &mut Exchange<'_>,
    claim: &Claim,
    ctx: ClaimerInitialCtx<parsec_client::invite::Device>,
) -> CliResult<(LocalDevice, PathBuf)> {
    let (ctx, pending) = claim_trust(ex, Some(claim), ctx).await?;
    let device_label = ask_device_identity(ex).await?;
    let key = settle_password(ex, claim, pending).await?;
    let fin = ex
        .wait("Waiting for greeter", ctx.do_claim_device(device_label))
        .await
        .map_err(|e| not_received(e, "this device"))?;
    save_and_acknowledge(ex, claim, fin, key).await
}

/// The new device's key, being derived on a blocking thread.
type PendingKey = tokio::task::JoinHandle<CliResult<ProtectionKey>>;

/// The new password, when nothing else must come before it: asked on the terminal, read
/// from stdin (text mode: stdin carries nothing else) or from `--password-file`, and its
/// key derivation started at once, so that it runs while the greeter unlocks its device
/// and the codes are exchanged. `None` with `--use-keyring`, and in JSON mode with
/// `--password-stdin`, whose password line comes after the identity answer.
async fn early_key(ex: &mut Exchange<'_>, claim: &Claim) -> CliResult<Option<PendingKey>> {
    if claim.use_keyring || (ex.json() && claim.password_from_file.is_none()) {
        return Ok(None);
    }
    let password = new_password(ex, claim).await?;
    let config_dir = claim.config_dir.clone();
    Ok(Some(tokio::task::spawn_blocking(move || {
        derive_key(&config_dir, &password)
    })))
}

/// The new password: from `--password-file` (read at start), stdin, or the terminal.
async fn new_password(ex: &mut Exchange<'_>, claim: &Claim) -> CliResult<prompt::Password> {
    match &claim.password_from_file {
        Some(p) => Ok(p.clone()),
        None => {
            let source = claim.password.clone();
            ex.ask(move || prompt::new_password(&source, "Enter password for the new device:"))
                .await
        }
    }
}

/// Checks that the device folder is writable and derives the password's key (Argon2id,
/// the slow part).
fn derive_key(
    config_dir: &std::path::Path,
    password: &prompt::Password,
) -> CliResult<ProtectionKey> {
    device_store::check_writable(config_dir).map_err(|e| {
        CliError::bad_input(crate::error::chain(&e))
            .hint("check that the config directory (PARSEC_CONFIG_DIR) is writable")
    })?;
    Ok(ProtectionKey::Password(PasswordKey::derive(
        password.as_bytes(),
        Argon2Params::OFFICIAL,
        &OsRandom::new(),
    )))
}

/// The last things decided here before the request goes to the greeter, who may create
/// the new user or device as soon as it has it: the password (asked, or read from stdin),
/// a writable device folder, and the password's key (the slow Argon2id, usually started
/// before the codes were exchanged: `pending`) or the key stored in the OS keyring, so
/// that nothing slow or fallible is left once the greeter has created it.
async fn settle_password(
    ex: &mut Exchange<'_>,
    claim: &Claim,
    pending: Option<PendingKey>,
) -> CliResult<ProtectionKey> {
    if claim.use_keyring {
        let config_dir = claim.config_dir.clone();
        return ex
            .wait("Storing the device key in the OS keyring", async move {
                tokio::task::spawn_blocking(move || {
                    device_store::check_writable(&config_dir).map_err(|e| {
                        CliError::bad_input(crate::error::chain(&e))
                            .hint("check that the config directory (PARSEC_CONFIG_DIR) is writable")
                    })?;
                    os_keyring::obtain_key(&env::default_data_dir())
                        .map(ProtectionKey::Keyring)
                        .map_err(|e| crate::error::keyring_error(&e))
                })
                .await
                .map_err(|e| {
                    CliError::new(
                        ErrorKind::Internal,
                        format!("storing the device key failed: {e}"),
                    )
                })?
            })
            .await;
    }
    let pending = match pending {
        Some(pending) => pending,
        None => {
            let password = new_password(ex, claim).await?;
            let config_dir = claim.config_dir.clone();
            tokio::task::spawn_blocking(move || derive_key(&config_dir, &password))
        }
    };
    ex.wait("Protecting the device keys", async move {
        pending.await.map_err(|e| {
            CliError::new(
                ErrorKind::Internal,
                format!("deriving the device key failed: {e}"),
            )
        })?
    })
    .await
}

/// A failure after the request was sent: the greeter may have created `what` before it,
/// but its confirmation did not arrive, so nothing could be saved here.
fn not_received(e: CliError, what: &str) -> CliError {
    if e.hint.is_some() || matches!(e.kind, ErrorKind::PeerCancelled) {
        return e;
    }
    e.hint(format!(
        "if the greeter's `invite greet` says it created {what}, nothing usable was saved \
         here: ask the greeter to revoke it and to invite you again; otherwise run both \
         commands again"
    ))
}

/// The machine's name, to suggest as device label.
fn default_device_label() -> Option<String> {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| h.parse::<DeviceLabel>().is_ok())
}

fn parse_device_label(s: &str) -> Result<DeviceLabel, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

fn parse_email(s: &str) -> Result<EmailAddress, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

/// The new device's label (and, for a user, email and name): prompts in the official
/// order, or the `request_identity` event and its answer.
struct IdentityAnswers {
    device_label: Option<String>,
    email: Option<String>,
    name: Option<String>,
}

async fn identity_answers(
    ex: &mut Exchange<'_>,
    kind: &'static str,
    default_email: Option<&EmailAddress>,
) -> CliResult<IdentityAnswers> {
    ex.event(event::RequestIdentity {
        defaults: event::IdentityDefaults {
            device_label: default_device_label(),
            email: default_email.map(|e| e.as_str().to_owned()),
        },
        event: "request_identity",
        kind,
    });
    let first = ex.read_answer("the device label").await?;
    if first.trim_start().starts_with('{') {
        return Ok(IdentityAnswers {
            device_label: answer_field(&first, "device_label")?,
            email: answer_field(&first, "email")?,
            name: answer_field(&first, "name")?,
        });
    }
    let device_label = answer_field(&first, "device_label")?;
    let (email, name) = if default_email.is_some() {
        let email = ex.read_answer("the email").await?;
        let name = ex.read_answer("the name").await?;
        (answer_field(&email, "email")?, answer_field(&name, "name")?)
    } else {
        (None, None)
    };
    Ok(IdentityAnswers {
        device_label,
        email,
        name,
    })
}

fn json_device_label(answer: Option<String>) -> CliResult<DeviceLabel> {
    let label = answer.or_else(default_device_label).ok_or_else(|| {
        CliError::bad_input("missing device label (and no host name to default to)")
    })?;
    parse_device_label(&label).map_err(CliError::bad_input)
}

async fn ask_device_identity(ex: &mut Exchange<'_>) -> CliResult<DeviceLabel> {
    ask_device_label(ex, "DEVICE").await
}

async fn ask_device_label(ex: &mut Exchange<'_>, kind: &'static str) -> CliResult<DeviceLabel> {
    if ex.json() {
        let answers = identity_answers(ex, kind, None).await?;
        return json_device_label(answers.device_label);
    }
    ex.ask(|| {
        prompt::input(
            "Enter device label",
            default_device_label().as_deref(),
            "the device label",
            parse_device_label,
        )
    })
    .await
}

async fn ask_user_identity(
    ex: &mut Exchange<'_>,
    claimer_email: EmailAddress,
) -> CliResult<(DeviceLabel, HumanHandle)> {
    if ex.json() {
        let answers = identity_answers(ex, "USER", Some(&claimer_email)).await?;
        let device_label = json_device_label(answers.device_label)?;
        let email = match answers.email {
            Some(e) => parse_email(&e).map_err(CliError::bad_input)?,
            None => claimer_email,
        };
        let name = answers
            .name
            .ok_or_else(|| CliError::bad_input("missing name in the identity answer"))?;
        let handle = HumanHandle::new(email, &name)
            .map_err(|e| CliError::bad_input(format!("invalid name {name:?}: {e}")))?;
        return Ok((device_label, handle));
    }
    ex.ask(move || {
        let device_label = prompt::input(
            "Enter device label",
            default_device_label().as_deref(),
            "the device label",
            parse_device_label,
        )?;
        let email = prompt::input(
            "Enter email",
            Some(claimer_email.as_str()),
            "the email",
            parse_email,
        )?;
        let handle = prompt::input("Enter name", None, "the name", |name| {
            HumanHandle::new(email.clone(), name).map_err(|e| e.to_string())
        })?;
        Ok((device_label, handle))
    })
    .await
}

/// The new device exists on the server (the greeter created it before sending its
/// confirmation): encrypt and publish the device file with the key derived beforehand,
/// and only then acknowledge. Neither `--timeout` nor Ctrl-C interrupts the saving.
/// Whatever happens to the acknowledgment (a transport error, `--timeout`, Ctrl-C), the
/// file is kept: the device is valid.
async fn save_and_acknowledge(
    ex: &mut Exchange<'_>,
    claim: &Claim,
    fin: ClaimerFinalizeCtx,
    key: ProtectionKey,
) -> CliResult<(LocalDevice, PathBuf)> {
    let device = fin.device().clone();
    let (saved, path) = save_new_device(ex, claim, &device, key).await?;
    tracing::debug!(path = %path.display(), "device file saved");
    match ex.race(fin.do_acknowledge()).await {
        Ok(Ok(_)) => {}
        Ok(Err(AcknowledgeError { source, .. })) => ex.printer().status(format!(
            "warning: the greeter was not told that the new device was received ({source}); \
             the device is valid and saved, the greeter may stop its command"
        )),
        Err(e) => {
            let reason = e.message;
            return Err(CliError::new(
                e.kind,
                format!(
                    "{reason} while telling the greeter that the new device was received: the \
                     device is valid and its file was kept: {}",
                    path.display()
                ),
            )
            .hint(
                "`device list` shows it; the greeter may report a cancelled greeting, which \
                 does not affect this device",
            ));
        }
    }
    if let Saved::Elsewhere { path, error } = saved {
        return Err(saved_elsewhere(claim, &path, &error));
    }
    Ok((device, path))
}

/// Writes the new device's file (see [`save_claimed`]) with the key derived beforehand.
/// Neither `--timeout` nor Ctrl-C interrupts it: the only copy of the new keys is being
/// written. Returns where it went.
async fn save_new_device(
    ex: &mut Exchange<'_>,
    claim: &Claim,
    device: &LocalDevice,
    key: ProtectionKey,
) -> CliResult<(Saved, PathBuf)> {
    let deadline = ex.suspend_deadline();
    let config_dir = claim.config_dir.clone();
    let to_save = device.clone();
    let saved = ex
        .printer()
        .step("Saving the device keys", async move {
            tokio::task::spawn_blocking(move || save_claimed(&config_dir, &to_save, &key))
                .await
                .map_err(|e| {
                    CliError::new(
                        ErrorKind::Internal,
                        format!("saving the device keys failed: {e}"),
                    )
                })?
        })
        .await?;
    ex.resume_deadline(deadline);
    let path = match &saved {
        Saved::Here(path) | Saved::Elsewhere { path, .. } => path.clone(),
    };
    Ok((saved, path))
}

/// The error of a valid new device whose file went to the temporary directory.
fn saved_elsewhere(claim: &Claim, path: &std::path::Path, error: &str) -> CliError {
    let devices = parsec_client::config::devices_dir(&claim.config_dir);
    CliError::new(
        ErrorKind::BadInput,
        format!(
            "the new device is valid, but its file could not be saved in {} ({error}): it was \
             saved as {} instead",
            devices.display(),
            path.display()
        ),
    )
    .hint(format!(
        "move it there: `mkdir -p {dir} && mv {file} {dir}/`; `device list` then shows it",
        dir = devices.display(),
        file = path.display()
    ))
}

/// Where the claimed device file went.
enum Saved {
    /// In the config directory, as it should.
    Here(PathBuf),
    /// In the temporary directory, because the config directory refused it.
    Elsewhere { path: PathBuf, error: String },
}

/// Writes the claimed device's file, or, if the config directory refuses it (full disk,
/// permissions changed since the check), in a private folder of the temporary directory:
/// the greeter created the device, its keys must not be lost.
fn save_claimed(
    config_dir: &std::path::Path,
    device: &LocalDevice,
    key: &ProtectionKey,
) -> CliResult<Saved> {
    let rng = OsRandom::new();
    let error = match device_store::prepare_save_protected(config_dir, device, key, &rng)
        .and_then(device_store::PendingDeviceFile::commit)
    {
        Ok(path) => return Ok(Saved::Here(path)),
        Err(e) => crate::error::chain(&e),
    };
    let fallback = std::env::temp_dir().join(format!("parsec-claimed-{}", std::process::id()));
    device_store::prepare_save_protected(&fallback, device, key, &rng)
        .and_then(device_store::PendingDeviceFile::commit)
        .map(|path| Saved::Elsewhere {
            path,
            error: error.clone(),
        })
        .map_err(|e| {
            CliError::new(
                ErrorKind::Internal,
                format!(
                    "the device was created but its file could not be saved ({error}), nor in \
                     the temporary directory ({})",
                    crate::error::chain(&e)
                ),
            )
            .hint(
                "the new device cannot be used: ask the greeter to revoke it (for a new user: \
                 `user revoke EMAIL`) and to invite you again",
            )
        })
}

/// The recipients as JSON events show them.
fn recipients_json(
    pick: &ShamirRecoveryClaimPickRecipientCtx,
    only_available: bool,
) -> Vec<event::Recipient> {
    let retrieved = pick.retrieved_shares();
    pick.recipients()
        .iter()
        .filter(|r| {
            !only_available || (r.revoked_on.is_none() && !retrieved.contains_key(&r.user_id))
        })
        .map(|r| event::Recipient {
            human_handle: (&r.human_handle).into(),
            revoked: r.revoked_on.is_some(),
            shares: r.shares.get(),
            shares_retrieved: retrieved.contains_key(&r.user_id),
            user_id: r.user_id.hex(),
        })
        .collect()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The recipient to meet next: asked among those not met yet and not revoked.
async fn pick_recipient(
    ex: &mut Exchange<'_>,
    pick: &ShamirRecoveryClaimPickRecipientCtx,
) -> CliResult<UserID> {
    let threshold = usize::from(pick.threshold().get());
    let retrieved = pick.retrieved_share_count();
    if retrieved == 0 {
        ex.line(format!(
            "{threshold} share{} needed for recovery",
            plural(threshold)
        ));
    } else {
        ex.line(format!(
            "Out of {threshold} shares needed for recovery, {retrieved} were retrieved."
        ));
    }
    let done = pick.retrieved_shares();
    let available: Vec<_> = pick
        .recipients_without_a_share()
        .into_iter()
        .filter(|r| r.revoked_on.is_none())
        .cloned()
        .collect();
    if available.is_empty() {
        return Err(CliError::new(
            ErrorKind::Permission,
            "no recipient left to meet: the shares cannot reach the threshold",
        ));
    }
    for r in pick.recipients() {
        if let Some(n) = done.get(&r.user_id) {
            ex.line(format!(
                "✔ {} - {n} share{} retrieved",
                r.human_handle,
                plural(*n)
            ));
        } else if r.revoked_on.is_some() {
            ex.line(format!("✘ {} - revoked", r.human_handle));
        }
    }
    if ex.json() {
        ex.event(event::ChooseRecipient {
            candidates: recipients_json(pick, true),
            event: "choose_recipient",
            retrieved_shares: retrieved,
            threshold: pick.threshold().get(),
        });
        let answer = ex.read_answer("the recipient").await?;
        let wanted = answer_field(&answer, "recipient")?
            .unwrap_or_default()
            .to_ascii_lowercase();
        return available
            .iter()
            .find(|r| {
                r.human_handle.email().as_str().to_ascii_lowercase() == wanted
                    || r.user_id.hex() == wanted
                    || r.user_id.hyphenated() == wanted
            })
            .map(|r| r.user_id)
            .ok_or_else(|| {
                CliError::bad_input(format!(
                    "no recipient {wanted:?} left to meet: answer with the email or user ID of \
                     one of the candidates"
                ))
            });
    }
    let items: Vec<String> = available
        .iter()
        .map(|r| {
            let n = r.shares.get();
            format!("{} - {n} share{}", r.human_handle, plural(usize::from(n)))
        })
        .collect();
    let picked = ex
        .ask(move || {
            prompt::select(
                "Choose a person to contact now",
                &items,
                0,
                NO_TERMINAL_HINT,
            )
        })
        .await?;
    Ok(available[picked].user_id)
}

/// A shared recovery: one greeting per recipient until the shares reach the threshold,
/// then the new device, made with the recovery device the secret unlocks.
async fn claim_shamir_recovery(
    ex: &mut Exchange<'_>,
    claim: &Claim,
    mut pick: ShamirRecoveryClaimPickRecipientCtx,
) -> CliResult<(LocalDevice, PathBuf)> {
    ex.event(event::ShamirInvitation {
        claimer_human_handle: pick.claimer_human_handle().into(),
        event: "invitation",
        recipients: recipients_json(&pick, false),
        threshold: pick.threshold().get(),
        kind: "SHAMIR_RECOVERY",
    });
    if !pick.is_recoverable() {
        return Err(CliError::new(
            ErrorKind::Permission,
            "too many recipients of this shared recovery have been revoked: their shares \
             cannot reach the threshold",
        )
        .hint("ask an administrator for another way to get a new device"));
    }
    let recover = loop {
        let recipient = pick_recipient(ex, &pick).await?;
        let ctx = pick.pick_recipient(recipient).map_err(CliError::from)?;
        let handle = ctx.cancel_handle();
        ex.watch(&handle);
        let result = async {
            let (ctx, _) = claim_trust(ex, None, ctx).await?;
            ex.wait("Waiting for greeter", ctx.do_recover_share()).await
        }
        .await;
        let share = finish(result, &handle).await?;
        let shares = share.weighted_share.len();
        let who = share.recipient;
        let threshold = pick.threshold().get();
        let retrieved = pick.retrieved_share_count() + shares;
        let next = pick.add_share(share).map_err(CliError::from)?;
        ex.event(event::Shares {
            event: "shares_received",
            recipient: who.hex(),
            shares,
            retrieved_shares: Some(retrieved),
            threshold: Some(threshold),
        });
        match next {
            ShamirRecoveryClaimMaybeRecoverDeviceCtx::PickRecipient(p) => pick = *p,
            ShamirRecoveryClaimMaybeRecoverDeviceCtx::RecoverDevice(r) => break r,
        }
    };
    ex.line("Enough shares were retrieved to recover your account.");
    let device_label = ask_device_label(ex, "SHAMIR_RECOVERY").await?;
    let key = settle_password(ex, claim, None).await?;
    let fin = ex
        .wait("Recovering device", async move {
            recover
                .recover_device(device_label)
                .await
                .map_err(|(_, e)| CliError::from(e))
        })
        .await?;
    // The new device exists on the server: save it before anything else can fail.
    let device = fin.device().clone();
    let (saved, path) = save_new_device(ex, claim, &device, key).await?;
    // Only the claimer may say the recovery is over; a failure leaves the invitation
    // pending, which does not affect the new device.
    match ex.race(fin.complete()).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => ex.printer().status(format!(
            "warning: the invitation could not be marked as completed ({e}); your new device \
             is valid and saved"
        )),
        Err(e) => ex.printer().status(format!(
            "warning: {}: the invitation was not marked as completed; your new device is \
             valid and saved",
            e.message
        )),
    }
    if let Saved::Elsewhere { path, error } = saved {
        return Err(saved_elsewhere(claim, &path, &error));
    }
    Ok((device, path))
}
