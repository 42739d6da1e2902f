//! `tos config`: set or remove an organization's terms of service (administration API).

use crate::commands::common::{transport, AdminServerArgs};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::TosConfigured;
use crate::printer::Printer;
use parsec_client::admin::AdminClient;
use parsec_protocol::cmds::admin::PatchOrganizationReq;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Configure TOS for an organization
///
/// Sets the organization's terms of service, a URL per locale (`en_US=https://…`, or a
/// JSON file `{"en_US": "https://…"}`), or removes them with `--remove`. Once set (or set
/// again), every user must accept them (`tos accept`) before the server serves anything
/// else to them.
///
/// With `--format json`: `{"organization_id", "tos"}`, `tos` being the map set or `null`.
#[derive(Debug, clap::Args)]
pub struct TosConfigArgs {
    /// Remove the terms of service of the organization
    #[arg(long, conflicts_with_all = ["from_json", "raw"])]
    pub remove: bool,

    /// Read the terms from a JSON file: an object `{"<locale>": "<url>", …}`
    #[arg(long, value_name = "FROM_JSON", conflicts_with = "raw")]
    pub from_json: Option<PathBuf>,

    /// The terms: one `<locale>=<url>` per locale (e.g. `en_US=https://example.com/tos`)
    #[arg(value_name = "RAW")]
    pub raw: Vec<String>,

    /// Organization name
    #[arg(short, long, env = crate::env::ORGANIZATION_ID)]
    pub organization: String,

    #[command(flatten)]
    /// The server and its administration token.
    pub server: AdminServerArgs,
}

/// Runs `tos config`.
pub async fn cmd_tos_config(args: TosConfigArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let org: parsec_protocol::ids::OrganizationID = args
        .organization
        .parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))?;
    let tos = if args.remove {
        None
    } else if let Some(path) = &args.from_json {
        Some(read_json(path)?)
    } else {
        Some(parse_raw(&args.raw)?)
    };
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let req = PatchOrganizationReq {
        tos: Some(tos.clone()),
        ..Default::default()
    };
    client.patch_organization(&org, &req).await?;
    if json {
        printer.json(&TosConfigured {
            organization_id: org.as_str().to_owned(),
            tos,
        });
    } else if tos.is_some() {
        printer.status(format!(
            "Terms of service set for organization {}",
            printer.highlight(org.as_str())
        ));
    } else {
        printer.status(format!(
            "Terms of service removed from organization {}",
            printer.highlight(org.as_str())
        ));
    }
    Ok(())
}

fn usage(message: impl Into<String>) -> CliError {
    CliError::new(ErrorKind::Usage, message)
}

/// `<locale>=<url>` arguments; at least one.
fn parse_raw(raw: &[String]) -> CliResult<BTreeMap<String, String>> {
    if raw.is_empty() {
        return Err(usage("no terms given")
            .hint("pass `<locale>=<url>` arguments, --from-json FILE or --remove"));
    }
    let mut tos = BTreeMap::new();
    for arg in raw {
        let Some((locale, url)) = arg.split_once('=') else {
            return Err(usage(format!("Missing '=<URL>' in argument ('{arg}')"))
                .hint("each argument is `<locale>=<url>`, e.g. en_US=https://example.com/tos"));
        };
        insert(&mut tos, locale, url)?;
    }
    Ok(tos)
}

fn insert(tos: &mut BTreeMap<String, String>, locale: &str, url: &str) -> CliResult {
    if locale.is_empty() || url.is_empty() {
        return Err(CliError::bad_input(format!(
            "invalid terms entry `{locale}={url}`: the locale and the URL cannot be empty"
        )));
    }
    if tos.insert(locale.to_owned(), url.to_owned()).is_some() {
        return Err(CliError::bad_input(format!(
            "locale `{locale}` given twice"
        )));
    }
    Ok(())
}

/// A JSON object of locale → URL strings.
fn read_json(path: &std::path::Path) -> CliResult<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::bad_input(format!("cannot read {}: {e}", path.display())))?;
    let map: BTreeMap<String, String> = serde_json::from_str(&text).map_err(|e| {
        CliError::bad_input(format!(
            "{} is not a JSON object of locale → URL strings: {e}",
            path.display()
        ))
    })?;
    let mut tos = BTreeMap::new();
    for (locale, url) in &map {
        insert(&mut tos, locale, url)?;
    }
    if tos.is_empty() {
        return Err(
            CliError::bad_input(format!("{} holds no terms", path.display()))
                .hint("use --remove to remove the terms"),
        );
    }
    Ok(tos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_terms() {
        let tos =
            parse_raw(&["en_US=https://e/a=b".into(), "fr_FR=https://e/fr".into()]).expect("valid");
        assert_eq!(tos["en_US"], "https://e/a=b");
        assert_eq!(tos.len(), 2);
        assert!(parse_raw(&[]).is_err());
        assert!(parse_raw(&["en_US".into()]).is_err());
        assert!(parse_raw(&["=https://e".into()]).is_err());
        assert!(parse_raw(&["en=".into()]).is_err());
        assert!(parse_raw(&["en=a".into(), "en=b".into()]).is_err());
    }
}
