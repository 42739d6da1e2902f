//! The CLI reference as snapshots: the `--help` of every command and subcommand, one
//! snapshot each (`snapshots/it__cli_reference__<path>.snap`), so that a change of flag,
//! default or wording shows in review.
//!
//! The command paths come from [`parsec_cli::Cli::command`]; each help is what the built
//! binary prints for `parsec-cli <path> --help`, in an empty environment (no `PARSEC_*`
//! value shown in `[env: …]`) and 100 columns wide. After an intended change, accept the
//! new snapshots with `cargo insta review` (or `INSTA_UPDATE=always` and review the diff).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use clap::CommandFactory;
use parsec_testkit::{assert_success, run};

/// Every command path below the root, depth first, without clap's `help` subcommands:
/// `[]`, `["device"]`, `["device", "list"]`, …
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            prefix.push(sub.get_name().to_owned());
            walk(sub, prefix, out);
            prefix.pop();
        }
    }
    let mut cli = parsec_cli::Cli::command();
    cli.build();
    let mut out = Vec::new();
    walk(&cli, &mut Vec::new(), &mut out);
    out
}

/// The snapshot name of a command path: `parsec-cli`, `organization-create`, …
fn snapshot_name(path: &[String]) -> String {
    if path.is_empty() {
        "parsec-cli".to_owned()
    } else {
        path.join("-")
    }
}

#[test]
fn help_of_every_command() {
    let paths = command_paths();
    assert!(
        paths.len() > 10,
        "the command tree looks truncated: {paths:?}"
    );
    for path in &paths {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_parsec-cli"));
        cmd.env_clear()
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .args(path)
            .arg("--help");
        let help = assert_success(&run(&mut cmd));
        let command_line = std::iter::once("parsec-cli")
            .chain(path.iter().map(String::as_str))
            .chain(std::iter::once("--help"))
            .collect::<Vec<_>>()
            .join(" ");
        insta::assert_snapshot!(snapshot_name(path), help, &command_line);
    }
}

/// A snapshot of a command that no longer exists would otherwise linger unnoticed.
#[test]
fn no_snapshot_of_a_removed_command() {
    let expected: BTreeSet<String> = command_paths()
        .iter()
        .map(|path| format!("it__cli_reference__{}.snap", snapshot_name(path)))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("read a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with("it__cli_reference__") && name.ends_with(".snap"))
        .filter(|name| !expected.contains(name))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots of commands that no longer exist, delete them: {stale:?}"
    );
}
