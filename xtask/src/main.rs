//! Developer tasks, run as `cargo xtask <task>` (alias in `.cargo/config.toml`).
//!
//! - `generate` writes `completions/` (bash, zsh, fish, elvish, PowerShell) and `man/` (one
//!   page per command and subcommand) from `parsec_cli::Cli::command()`.
//! - `check` generates into a temporary directory and fails, listing the files, when the
//!   committed ones differ: CI runs it so the generated files never go stale.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "xtask is a terminal program"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

/// The generated directories, relative to the repository root.
const GENERATED_DIRS: [&str; 2] = ["completions", "man"];

/// The binary name the completions and man pages are written for.
const BIN_NAME: &str = "parsec-cli";

/// Developer tasks for the parsec-cli workspace
#[derive(Debug, Parser)]
struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Write completions/ and man/ from the CLI definition
    Generate,
    /// Fail if completions/ or man/ differ from what `generate` would write
    Check,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.task {
        Task::Generate => generate_into_repo(),
        Task::Check => check(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Writes `completions/` and `man/` under `root`, which must not contain them yet.
fn generate(root: &Path) -> Result<()> {
    let completions = root.join("completions");
    std::fs::create_dir_all(&completions)
        .with_context(|| format!("create {}", completions.display()))?;
    for &shell in Shell::value_variants() {
        let mut cmd = parsec_cli::Cli::command();
        clap_complete::generate_to(shell, &mut cmd, BIN_NAME, &completions)
            .with_context(|| format!("write {shell} completions"))?;
    }

    let man = root.join("man");
    std::fs::create_dir_all(&man).with_context(|| format!("create {}", man.display()))?;
    clap_mangen::generate_to(parsec_cli::Cli::command().name(BIN_NAME), &man)
        .context("write man pages")?;
    Ok(())
}

/// `cargo xtask generate`: regenerate, replacing the generated directories wholesale so
/// that pages of removed commands disappear too.
fn generate_into_repo() -> Result<()> {
    let root = repo_root();
    let tmp = tempfile::tempdir().context("create a temporary directory")?;
    generate(tmp.path())?;
    for dir in GENERATED_DIRS {
        let target = root.join(dir);
        if target.exists() {
            std::fs::remove_dir_all(&target)
                .with_context(|| format!("remove {}", target.display()))?;
        }
        copy_dir(&tmp.path().join(dir), &target)?;
    }
    let count = files_under(&root, &GENERATED_DIRS)?.len();
    println!("wrote {count} files in {}/", GENERATED_DIRS.join("/ and "));
    Ok(())
}

/// `cargo xtask check`: compare freshly generated files with the committed ones.
fn check() -> Result<()> {
    let root = repo_root();
    let tmp = tempfile::tempdir().context("create a temporary directory")?;
    generate(tmp.path())?;
    let expected = files_under(tmp.path(), &GENERATED_DIRS)?;
    let actual = files_under(&root, &GENERATED_DIRS)?;

    let mut problems = Vec::new();
    for file in expected.union(&actual) {
        let problem = match (expected.contains(file), actual.contains(file)) {
            (true, false) => "missing",
            (false, true) => "not generated any more",
            _ => {
                let want = std::fs::read(tmp.path().join(file))
                    .with_context(|| format!("read generated {}", file.display()))?;
                let have = std::fs::read(root.join(file))
                    .with_context(|| format!("read {}", file.display()))?;
                if want == have {
                    continue;
                }
                "out of date"
            }
        };
        problems.push(format!("  {}: {problem}", file.display()));
    }
    if problems.is_empty() {
        println!("{} generated files are up to date", expected.len());
        return Ok(());
    }
    anyhow::bail!(
        "generated files differ from the CLI definition:\n{}\nhint: run `cargo xtask generate` \
         and commit the result",
        problems.join("\n")
    )
}

/// Every file under `root/<dir>` for each of `dirs`, as paths relative to `root`.
fn files_under(root: &Path, dirs: &[&str]) -> Result<BTreeSet<PathBuf>> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeSet<PathBuf>) -> Result<()> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("read {}", dir.display())),
        };
        for entry in entries {
            let path = entry
                .with_context(|| format!("read {}", dir.display()))?
                .path();
            if path.is_dir() {
                walk(root, &path, found)?;
            } else {
                let relative = path
                    .strip_prefix(root)
                    .expect("walked paths are under the root");
                found.insert(relative.to_path_buf());
            }
        }
        Ok(())
    }
    let mut found = BTreeSet::new();
    for dir in dirs {
        walk(root, &root.join(dir), &mut found)?;
    }
    Ok(found)
}

/// Copies the files of `from` (recursively) into a new directory `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("create {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("read {}", from.display()))? {
        let path = entry
            .with_context(|| format!("read {}", from.display()))?
            .path();
        let target = to.join(path.file_name().expect("directory entries have names"));
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)
                .with_context(|| format!("copy {} to {}", path.display(), target.display()))?;
        }
    }
    Ok(())
}
