//! `PARSEC_CMD_ARGS`: extra command-line words read from the environment, as the official
//! server accepts them (`reference/server-run-help.txt`, last paragraph).

use std::ffi::OsString;

/// Appends the words of `PARSEC_CMD_ARGS` (shell-like quoting, `$VAR` / `${VAR}`
/// expanded, unknown variables left as is) to the command line, as the official server
/// does.
pub fn with_cmd_args_env(
    mut args: Vec<OsString>,
    cmd_args: Option<&str>,
    lookup: impl Fn(&str) -> Option<String>,
) -> Vec<OsString> {
    if let Some(raw) = cmd_args {
        args.extend(
            shell_words(raw)
                .into_iter()
                .map(|w| OsString::from(expand_vars(&w, &lookup))),
        );
    }
    args
}

/// Splits like a POSIX shell: whitespace separates words, quotes group, `\` escapes.
fn shell_words(raw: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = raw.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => current.extend(chars.next()),
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                current.extend(chars.next());
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            (None, c) => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

/// Python's `os.path.expandvars`: `$NAME` and `${NAME}`; unknown ones stay as written.
fn expand_vars(s: &str, lookup: &impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match lookup(name).filter(|_| !name.is_empty()) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[i..i + 1 + consumed]),
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmd_args_env() {
        let lookup = |k: &str| (k == "DB_URL").then(|| "postgres:///parsec".to_owned());
        let args = with_cmd_args_env(
            vec!["parsec-server".into(), "run".into()],
            Some("--db=$DB_URL --host=0.0.0.0 --email-sender='a b' $UNKNOWN"),
            lookup,
        );
        assert_eq!(
            args,
            [
                "parsec-server",
                "run",
                "--db=postgres:///parsec",
                "--host=0.0.0.0",
                "--email-sender=a b",
                "$UNKNOWN"
            ]
            .map(OsString::from)
        );
    }
}
