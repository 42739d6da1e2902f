//! Official `parsec run` options that have no effect here: accepted so that existing
//! scripts keep working, with a warning when they are given.

use clap::Args;
use std::path::PathBuf;

const IGNORED: &str = "Accepted for compatibility with `parsec run` (ignored)";

/// Official flags with no effect here.
#[derive(Debug, Args, Default)]
pub struct IgnoredArgs {
    /// Account configuration
    #[arg(long, env = "PARSEC_ACCOUNT_CONFIG", help_heading = IGNORED)]
    pub account_config: Option<String>,
    /// Advisory device file protection
    #[arg(long, env = "PARSEC_ADVISORY_DEVICE_FILE_PROTECTION", help_heading = IGNORED)]
    pub advisory_device_file_protection: Vec<String>,
    /// CryptPad server URL
    #[arg(long, env = "PARSEC_CRYPTPAD_SERVER_URL", help_heading = IGNORED)]
    pub cryptpad_server_url: Option<String>,
    /// OpenBao server URL
    #[arg(long, env = "PARSEC_OPENBAO_SERVER_URL", help_heading = IGNORED)]
    pub openbao_server_url: Option<String>,
    /// OpenBao secret mount path
    #[arg(long, env = "PARSEC_OPENBAO_SECRET_MOUNT_PATH", help_heading = IGNORED)]
    pub openbao_secret_mount_path: Option<String>,
    /// OpenBao transit mount path
    #[arg(long, env = "PARSEC_OPENBAO_TRANSIT_MOUNT_PATH", help_heading = IGNORED)]
    pub openbao_transit_mount_path: Option<String>,
    /// OpenBao ProConnect auth mount path
    #[arg(long, env = "PARSEC_OPENBAO_AUTH_PRO_CONNECT_MOUNT_PATH", help_heading = IGNORED)]
    pub openbao_auth_pro_connect: Option<String>,
    /// OpenBao Hexagone auth mount path
    #[arg(long, env = "PARSEC_OPENBAO_AUTH_HEXAGONE_MOUNT_PATH", help_heading = IGNORED)]
    pub openbao_auth_hexagone: Option<String>,
    /// Organization bootstrap webhook URL
    #[arg(long, env = "PARSEC_ORGANIZATION_BOOTSTRAP_WEBHOOK", help_heading = IGNORED)]
    pub organization_bootstrap_webhook: Option<String>,
    /// Trusted x509 root directory
    #[arg(long, env = "PARSEC_TRUSTED_X509_ROOT_DIR", help_heading = IGNORED)]
    pub trusted_x509_root_dir: Option<PathBuf>,
    /// SCWS Idopte public keys file
    #[arg(long, env = "PARSEC_SCWS_IDOPTE_PUBLIC_KEYS_FILE", help_heading = IGNORED)]
    pub scws_idopte_public_keys_file: Option<PathBuf>,
    /// SCWS web application private key file
    #[arg(long, env = "PARSEC_SCWS_WEB_APPLICATION_PRIVATE_KEY_FILE", help_heading = IGNORED)]
    pub scws_web_application_private_key_file: Option<PathBuf>,
    /// SCWS web application private key content
    #[arg(long, env = "PARSEC_SCWS_WEB_APPLICATION_PRIVATE_KEY_CONTENT", help_heading = IGNORED, hide_env_values = true)]
    pub scws_web_application_private_key_content: Option<String>,
    /// Validation email rate limit
    #[arg(long, env = "PARSEC_VALIDATION_EMAIL_RATE_LIMIT", num_args = 2, value_names = ["MIN_DELAY_SECONDS", "MAX_EMAILS_PER_HOUR"], help_heading = IGNORED)]
    pub validation_email_rate_limit: Vec<String>,
    /// Fake account password algorithm seed
    #[arg(long, env = "PARSEC_FAKE_ACCOUNT_PASSWORD_ALGORITHM_SEED", help_heading = IGNORED, hide_env_values = true)]
    pub fake_account_password_algorithm_seed: Option<String>,
    /// Template directory
    #[arg(long, help_heading = IGNORED)]
    pub template_dir: Option<PathBuf>,
    /// TLS cipher suites
    #[arg(long, env = "PARSEC_SSL_CIPHERS", help_heading = IGNORED)]
    pub ssl_ciphers: Option<String>,
    /// Sentry DSN
    #[arg(long, env = "PARSEC_SENTRY_DSN", help_heading = IGNORED)]
    pub sentry_dsn: Option<String>,
    /// Sentry environment
    #[arg(long, env = "PARSEC_SENTRY_ENVIRONMENT", help_heading = IGNORED)]
    pub sentry_environment: Option<String>,
    /// Sentry traces sample rate
    #[arg(long, env = "PARSEC_SENTRY_TRACES_SAMPLE_RATE", help_heading = IGNORED)]
    pub sentry_traces_sample_rate: Option<f64>,
    /// Sentry profiles sample rate
    #[arg(long, env = "PARSEC_SENTRY_PROFILES_SAMPLE_RATE", help_heading = IGNORED)]
    pub sentry_profiles_sample_rate: Option<f64>,
    /// Client web app directory
    #[arg(long, env = "PARSEC_WITH_CLIENT_WEB_APP", help_heading = IGNORED)]
    pub with_client_web_app: Option<PathBuf>,
    /// CORS allowed origins
    #[arg(long, env = "PARSEC_CORS_ALLOW_ORIGINS", help_heading = IGNORED)]
    pub cors_allow_origins: Vec<String>,
}

impl IgnoredArgs {
    /// Names of the ignored options that were given (to warn about them).
    pub(super) fn given(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |given: bool, name: &'static str| {
            if given {
                out.push(name);
            }
        };
        check(
            self.account_config
                .as_deref()
                .is_some_and(|v| !v.eq_ignore_ascii_case("DISABLED")),
            "--account-config",
        );
        check(
            !self.advisory_device_file_protection.is_empty(),
            "--advisory-device-file-protection",
        );
        check(self.cryptpad_server_url.is_some(), "--cryptpad-server-url");
        check(self.openbao_server_url.is_some(), "--openbao-server-url");
        check(
            self.organization_bootstrap_webhook.is_some(),
            "--organization-bootstrap-webhook",
        );
        check(
            self.trusted_x509_root_dir.is_some(),
            "--trusted-x509-root-dir",
        );
        check(
            self.scws_idopte_public_keys_file.is_some(),
            "--scws-idopte-public-keys-file",
        );
        check(
            self.scws_web_application_private_key_file.is_some()
                || self.scws_web_application_private_key_content.is_some(),
            "--scws-web-application-private-key-*",
        );
        check(self.sentry_dsn.is_some(), "--sentry-dsn");
        check(self.with_client_web_app.is_some(), "--with-client-web-app");
        check(!self.cors_allow_origins.is_empty(), "--cors-allow-origins");
        out
    }
}
