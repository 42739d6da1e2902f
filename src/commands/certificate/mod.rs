//! `certificate`: the verified certificates kept for a device under the data dir.

pub mod forget_all_certificates;
pub mod poll;

use crate::error::CliResult;
use crate::printer::Printer;

/// Certificate commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum CertificateCommand {
    Poll(poll::CertificatePollArgs),
    ForgetAllCertificates(forget_all_certificates::CertificateForgetAllCertificatesArgs),
}

/// Runs a certificate command.
pub async fn dispatch(command: CertificateCommand, printer: &Printer) -> CliResult {
    match command {
        CertificateCommand::Poll(args) => poll::cmd_certificate_poll(args, printer).await,
        CertificateCommand::ForgetAllCertificates(args) => {
            forget_all_certificates::cmd_certificate_forget_all_certificates(args, printer).await
        }
    }
}
