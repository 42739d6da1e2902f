//! The invitation email: subject, plain text and HTML bodies, headers.
//!
//! Subjects, `Reply-To` and the plain text are those of the official server
//! (`generate_invite_email` in `server/parsec/components/invite.py` and
//! `templates/email/invitation.txt.j2` of 3.9.3), character for character. The HTML part
//! carries the same sentences and links in a plain layout (the official one is a styled
//! template).

use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use parsec_protocol::ids::{EmailAddress, HumanHandle, OrganizationID};

/// Where the official email sends people to get the client.
const DOWNLOAD_URL: &str = "https://parsec.cloud/en/start-parsec";
/// The official email's user guide link.
const GUIDE_URL: &str = "https://docs.parsec.cloud/en/stable/userguide/join_organization.html";

/// Who the invitation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A new user, invited by `greeter` (who will greet them).
    User { greeter: HumanHandle },
    /// A new device of the user the email goes to.
    Device,
    /// A shared recovery of the user the email goes to, started by `greeter` (a
    /// recipient of its setup).
    ShamirRecovery { greeter: HumanHandle },
}

/// An invitation email, ready to be rendered and sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationEmail {
    kind: Kind,
    to: EmailAddress,
    organization_id: OrganizationID,
    url: String,
}

impl InvitationEmail {
    /// A USER invitation: to the claimer's email, from `greeter` (the administrator who
    /// invited), with the invitation URL `url` (the `http(s)://…/redirect/…` form).
    pub fn user(
        to: EmailAddress,
        greeter: HumanHandle,
        organization_id: OrganizationID,
        url: String,
    ) -> Self {
        Self {
            kind: Kind::User { greeter },
            to,
            organization_id,
            url,
        }
    }

    /// A DEVICE invitation: to the user's own email.
    pub fn device(to: EmailAddress, organization_id: OrganizationID, url: String) -> Self {
        Self {
            kind: Kind::Device,
            to,
            organization_id,
            url,
        }
    }

    /// A SHAMIR_RECOVERY invitation: to the email of the user to recover, from `greeter`
    /// (the recipient who created the invitation).
    pub fn shamir_recovery(
        to: EmailAddress,
        greeter: HumanHandle,
        organization_id: OrganizationID,
        url: String,
    ) -> Self {
        Self {
            kind: Kind::ShamirRecovery { greeter },
            to,
            organization_id,
            url,
        }
    }

    /// The recipient.
    pub fn to(&self) -> &EmailAddress {
        &self.to
    }

    /// The invitation URL in the email.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `[Parsec] <greeter> invited you to <org>` (user and shamir recovery) or
    /// `[Parsec] New device invitation to <org>`.
    pub fn subject(&self) -> String {
        let org = self.organization_id.as_str();
        match &self.kind {
            Kind::User { greeter } | Kind::ShamirRecovery { greeter } => {
                format!("[Parsec] {} invited you to {org}", greeter.label())
            }
            Kind::Device => format!("[Parsec] New device invitation to {org}"),
        }
    }

    /// The plain text body, as the official template renders it.
    pub fn text(&self) -> String {
        let org = self.organization_id.as_str();
        let url = &self.url;
        let (intro, third) = match &self.kind {
            Kind::User { greeter } => (
                format!(
                    "You have received an invitation from {} to join the {org} organization on Parsec.",
                    greeter.label()
                ),
                format!(
                    "3. Get in touch with {} and follow the next steps on the Parsec client.",
                    greeter.label()
                ),
            ),
            Kind::Device => (
                format!(
                    "You have received an invitation to add a new device to the {org} organization on Parsec."
                ),
                "3. Start the invitation process from a device already part of the organization,\n\
                 then follow the steps on the Parsec client."
                    .to_owned(),
            ),
            Kind::ShamirRecovery { greeter } => (
                format!(
                    "You have received an invitation to start a recovery procedure on the {org} organization on Parsec."
                ),
                format!(
                    "3. Get in touch with {} and follow the next steps on the Parsec client.",
                    greeter.label()
                ),
            ),
        };
        format!(
            "\n{intro}\n\n\nYour next steps:\n\n\
             1. If you haven't yet installed, download the Parsec client via the following link: {DOWNLOAD_URL}\n\n\
             2. Once installed, open the following link to proceed to Parsec: {url}\n\n\n\
             {third}\n\n\n\
             For more information please refer to the User Guide:\n{GUIDE_URL}"
        )
    }

    /// The HTML body: the official sentences and links, without the official styling.
    pub fn html(&self) -> String {
        let org = escape(self.organization_id.as_str());
        let url = escape(&self.url);
        let (title, description, join) = match &self.kind {
            Kind::User { greeter } => {
                let greeter = escape(greeter.label());
                (
                    format!("<h1>Invitation to join the organization {org}</h1>\n"),
                    format!(
                        "You have received an invitation from <b>{greeter}</b> to join the \
                         <b>{org}</b> organization on Parsec."
                    ),
                    format!(
                        "To join the organization please accept the invitation and follow the \
                         steps with <b>{greeter}</b>."
                    ),
                )
            }
            Kind::Device => (
                String::new(),
                format!(
                    "You have received an invitation to add a new device to the <b>{org}</b> \
                     organization on Parsec."
                ),
                "Start the invitation process from a device already part of the organization, \
                 then follow the steps on Parsec."
                    .to_owned(),
            ),
            Kind::ShamirRecovery { greeter } => {
                let greeter = escape(greeter.label());
                (
                    String::new(),
                    format!(
                        "You have received an invitation to start a recovery procedure on the \
                         <b>{org}</b> organization on Parsec."
                    ),
                    format!(
                        "To join the organization please accept the invitation and follow the \
                         steps with <b>{greeter}</b>."
                    ),
                )
            }
        };
        format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Parsec Invitation</title>\n</head>\n<body>\n{title}\
             <p>{description}</p>\n\
             <h2>1. Join the organization</h2>\n<p>{join}</p>\n\
             <p><a href=\"{url}\" rel=\"noopener noreferrer\" target=\"_blank\">Accept invitation</a></p>\n\
             <p>If the button does not work, please click on the following link:<br>\n\
             <a href=\"{url}\" rel=\"noopener noreferrer\" target=\"_blank\">{url}</a></p>\n\
             <h2>2. Download Parsec application</h2>\n\
             <p>If you don't already have it, you can download the Parsec application:</p>\n\
             <p><a href=\"{DOWNLOAD_URL}\" rel=\"noopener noreferrer\" target=\"_blank\">Download Parsec</a></p>\n\
             <p>For more information please refer to the User Guide: \
             <a href=\"{GUIDE_URL}\" rel=\"noopener noreferrer\" target=\"_blank\">Join an organization</a>.</p>\n\
             </body>\n</html>\n"
        )
    }

    /// The whole message from `sender`: `multipart/alternative` with the text then the
    /// HTML part; `Reply-To` the greeter for a USER or SHAMIR_RECOVERY invitation.
    pub fn to_message(&self, sender: &EmailAddress) -> Result<Message, lettre::error::Error> {
        let mut builder = Message::builder()
            .from(mailbox(None, sender)?)
            .to(mailbox(None, &self.to)?)
            .subject(self.subject());
        if let Kind::User { greeter } | Kind::ShamirRecovery { greeter } = &self.kind {
            builder = builder.reply_to(mailbox(Some(greeter.label()), greeter.email())?);
        }
        builder.multipart(MultiPart::alternative_plain_html(self.text(), self.html()))
    }
}

/// A mailbox for an address already validated by the protocol types.
pub(super) fn mailbox(
    name: Option<&str>,
    email: &EmailAddress,
) -> Result<Mailbox, lettre::error::Error> {
    let address = email
        .as_str()
        .parse()
        .map_err(|_| lettre::error::Error::EmailMissingAt)?;
    Ok(Mailbox::new(name.map(str::to_owned), address))
}

/// Escapes text for HTML content and attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:6777/redirect/MyOrg?a=claim_user&p=xyz";

    fn email(s: &str) -> EmailAddress {
        s.parse().expect("valid email")
    }

    fn user_email() -> InvitationEmail {
        let greeter = HumanHandle::new(email("alice@example.com"), "Jean-José").expect("handle");
        InvitationEmail::user(
            email("bob@example.com"),
            greeter,
            "MyOrg".parse().expect("org"),
            URL.to_owned(),
        )
    }

    /// The bodies the official `generate_invite_email` renders for the same inputs
    /// (parsec-cloud 3.9.3, run once to record them).
    #[test]
    fn text_matches_the_official_template() {
        assert_eq!(
            user_email().text(),
            "\nYou have received an invitation from Jean-José to join the MyOrg organization on Parsec.\n\n\nYour next steps:\n\n1. If you haven't yet installed, download the Parsec client via the following link: https://parsec.cloud/en/start-parsec\n\n2. Once installed, open the following link to proceed to Parsec: http://127.0.0.1:6777/redirect/MyOrg?a=claim_user&p=xyz\n\n\n3. Get in touch with Jean-José and follow the next steps on the Parsec client.\n\n\nFor more information please refer to the User Guide:\nhttps://docs.parsec.cloud/en/stable/userguide/join_organization.html"
        );
        let device = InvitationEmail::device(
            email("bob@example.com"),
            "MyOrg".parse().expect("org"),
            URL.to_owned(),
        );
        assert_eq!(
            device.text(),
            "\nYou have received an invitation to add a new device to the MyOrg organization on Parsec.\n\n\nYour next steps:\n\n1. If you haven't yet installed, download the Parsec client via the following link: https://parsec.cloud/en/start-parsec\n\n2. Once installed, open the following link to proceed to Parsec: http://127.0.0.1:6777/redirect/MyOrg?a=claim_user&p=xyz\n\n\n3. Start the invitation process from a device already part of the organization,\nthen follow the steps on the Parsec client.\n\n\nFor more information please refer to the User Guide:\nhttps://docs.parsec.cloud/en/stable/userguide/join_organization.html"
        );
        assert_eq!(device.subject(), "[Parsec] New device invitation to MyOrg");
        let shamir = InvitationEmail::shamir_recovery(
            email("bob@example.com"),
            HumanHandle::new(email("alice@example.com"), "Jean-José").expect("handle"),
            "MyOrg".parse().expect("org"),
            "http://127.0.0.1:6777/redirect/MyOrg?a=claim_shamir_recovery&p=xyz".to_owned(),
        );
        assert_eq!(
            shamir.text(),
            "\nYou have received an invitation to start a recovery procedure on the MyOrg organization on Parsec.\n\n\nYour next steps:\n\n1. If you haven't yet installed, download the Parsec client via the following link: https://parsec.cloud/en/start-parsec\n\n2. Once installed, open the following link to proceed to Parsec: http://127.0.0.1:6777/redirect/MyOrg?a=claim_shamir_recovery&p=xyz\n\n\n3. Get in touch with Jean-José and follow the next steps on the Parsec client.\n\n\nFor more information please refer to the User Guide:\nhttps://docs.parsec.cloud/en/stable/userguide/join_organization.html"
        );
        assert_eq!(shamir.subject(), "[Parsec] Jean-José invited you to MyOrg");
        let raw = String::from_utf8(
            shamir
                .to_message(&email("no-reply@parsec.com"))
                .expect("message")
                .formatted(),
        )
        .expect("ASCII message");
        assert!(raw.contains("alice@example.com>\r\n"), "{raw}");
        assert_eq!(
            user_email().subject(),
            "[Parsec] Jean-José invited you to MyOrg"
        );
    }

    #[test]
    fn message_headers_and_parts() {
        let message = user_email()
            .to_message(&email("no-reply@parsec.com"))
            .expect("message");
        let raw = String::from_utf8(message.formatted()).expect("ASCII message");
        assert!(raw.contains("From: no-reply@parsec.com\r\n"), "{raw}");
        assert!(raw.contains("To: bob@example.com\r\n"), "{raw}");
        // Non-ASCII names are RFC 2047 encoded words (`Jean-José` in base64).
        assert!(
            raw.contains("Subject: [Parsec] =?utf-8?b?SmVhbi1Kb3PDqQ==?= invited you to MyOrg\r\n"),
            "{raw}"
        );
        assert!(raw.contains("Reply-To: =?utf-8?"), "{raw}");
        assert!(raw.contains("<alice@example.com>"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        let text = raw.find("text/plain").expect("text part");
        let html = raw.find("text/html").expect("html part");
        assert!(text < html, "the plain text part comes first");
    }

    #[test]
    fn html_escapes_and_links() {
        let html = InvitationEmail::device(
            email("bob@example.com"),
            "MyOrg".parse().expect("org"),
            URL.to_owned(),
        )
        .html();
        assert!(
            html.contains("href=\"http://127.0.0.1:6777/redirect/MyOrg?a=claim_user&amp;p=xyz\"")
        );
        assert!(html.contains("<b>MyOrg</b>"));
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
    }
}
