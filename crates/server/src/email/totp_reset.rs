//! The TOTP reset email (`POST …/users/reset_totp` with `send_email`): subject and plain
//! text of the official server (`generate_totp_reset_email` in
//! `server/parsec/components/totp.py` and `templates/email/totp_reset.txt.j2` of 3.9.3),
//! character for character; the HTML part carries the same sentences and link in a plain
//! layout.

use super::message::{escape, mailbox};
use lettre::message::MultiPart;
use lettre::Message;
use parsec_protocol::ids::{EmailAddress, OrganizationID};

/// The official email's user guide link.
const GUIDE_URL: &str = "https://docs.parsec.cloud/en/stable/userguide/mfa.html";

/// A TOTP reset email, ready to be rendered and sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpResetEmail {
    to: EmailAddress,
    organization_id: OrganizationID,
    url: String,
}

impl TotpResetEmail {
    /// To the user whose TOTP was reset, with the reset URL `url` (the
    /// `http(s)://…/redirect/…` form, as officially).
    pub fn new(to: EmailAddress, organization_id: OrganizationID, url: String) -> Self {
        Self {
            to,
            organization_id,
            url,
        }
    }

    /// The recipient.
    pub fn to(&self) -> &EmailAddress {
        &self.to
    }

    /// `[Parsec] Your MFA has been reset for <org>`.
    pub fn subject(&self) -> String {
        format!(
            "[Parsec] Your MFA has been reset for {}",
            self.organization_id.as_str()
        )
    }

    /// The plain text body, as the official template renders it.
    pub fn text(&self) -> String {
        format!(
            "Your MFA (Multi-Factor Authentication) has been reset for the {} organization in \
             Parsec.\n\nUse the link below to re-enable MFA.\n\n{}\n\n\
             For more information please refer to the User Guide:\n{GUIDE_URL}",
            self.organization_id.as_str(),
            self.url
        )
    }

    /// The HTML body: the official sentences and link, without the official styling.
    pub fn html(&self) -> String {
        let org = escape(self.organization_id.as_str());
        let url = escape(&self.url);
        format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Your MFA has been reset in Parsec</title>\n</head>\n<body>\n\
             <h1>Your MFA has been reset for <b>{org}</b></h1>\n\
             <p>Your MFA (Multi-Factor Authentication) has been reset for the <b>{org}</b> \
             organization in Parsec.</p>\n\
             <h2>Re-enable MFA</h2>\n<p>Use the link below to re-enable MFA:</p>\n\
             <p><a href=\"{url}\" rel=\"noopener noreferrer\" target=\"_blank\">Enable MFA</a></p>\n\
             <p>If the button does not work, please click on the following link:<br>\n\
             <a href=\"{url}\" rel=\"noopener noreferrer\" target=\"_blank\">{url}</a></p>\n\
             <p>For more information please refer to the User Guide: \
             <a href=\"{GUIDE_URL}\" rel=\"noopener noreferrer\" target=\"_blank\">Multi-factor \
             Authentication (MFA)</a>.</p>\n\
             </body>\n</html>\n"
        )
    }

    /// The whole message from `sender`: `multipart/alternative`, text then HTML.
    pub fn to_message(&self, sender: &EmailAddress) -> Result<Message, lettre::error::Error> {
        Message::builder()
            .from(mailbox(None, sender)?)
            .to(mailbox(None, &self.to)?)
            .subject(self.subject())
            .multipart(MultiPart::alternative_plain_html(self.text(), self.html()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> TotpResetEmail {
        TotpResetEmail::new(
            "alice@example.com".parse().expect("email"),
            "MyOrg".parse().expect("org"),
            "https://parsec.example.com/redirect/MyOrg?a=totp_reset&p=ktgC".to_owned(),
        )
    }

    #[test]
    fn subject_and_text_match_the_official_template() {
        let e = email();
        assert_eq!(e.subject(), "[Parsec] Your MFA has been reset for MyOrg");
        assert_eq!(
            e.text(),
            "Your MFA (Multi-Factor Authentication) has been reset for the MyOrg organization \
             in Parsec.\n\nUse the link below to re-enable MFA.\n\n\
             https://parsec.example.com/redirect/MyOrg?a=totp_reset&p=ktgC\n\n\
             For more information please refer to the User Guide:\n\
             https://docs.parsec.cloud/en/stable/userguide/mfa.html"
        );
    }

    #[test]
    fn message_has_both_parts_and_no_reply_to() {
        let sender: EmailAddress = "no-reply@parsec.com".parse().expect("email");
        let raw = String::from_utf8(email().to_message(&sender).expect("message").formatted())
            .expect("utf-8");
        assert!(raw.contains("Subject: [Parsec] Your MFA has been reset for MyOrg"));
        assert!(raw.contains("From: no-reply@parsec.com"));
        assert!(raw.contains("To: alice@example.com"));
        assert!(!raw.contains("Reply-To"));
        assert!(raw.contains("text/plain"));
        assert!(raw.contains("text/html"));
    }
}
