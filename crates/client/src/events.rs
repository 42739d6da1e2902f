//! The server's event stream for an authenticated device (`GET /authenticated/<org>/events`,
//! wire.md §1.9): Server-Sent Events whose `data:` lines are base64 msgpack
//! `events_listen` answers. Only the event names are decoded: the stream serves as a
//! wake-up (e.g. `GREETING_ATTEMPT_CANCELLED`), the details are asked with a command.

use crate::connection::{ConnectionError, Transport};
use parsec_protocol::data::{from_slice, DataError};

/// The largest frame accepted: an event is a few hundred bytes.
const MAX_FRAME_SIZE: usize = 64 * 1024;

/// One message of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// An event, by its `event` name (`INVITATION`, `GREETING_ATTEMPT_CANCELLED`, …).
    Event(String),
    /// The server could not replay what we may have missed (`event:missed_events`).
    MissedEvents,
    /// `event:keepalive`, or any other message without data.
    Keepalive,
}

/// An open event stream; see [`crate::connection::AuthenticatedCmds::listen_events`].
#[derive(Debug)]
pub struct EventStream {
    pub(crate) url: String,
    pub(crate) transport: Transport,
    pub(crate) rep: reqwest::Response,
    pub(crate) buf: Vec<u8>,
}

#[derive(serde::Deserialize)]
struct Head {
    event: String,
}

impl EventStream {
    /// The next message; `None` when the server ended the stream.
    ///
    /// Cancel-safe: a frame read in part stays buffered for the next call.
    pub async fn next(&mut self) -> Result<Option<ServerEvent>, ConnectionError> {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let frame: Vec<u8> = self.buf.drain(..end + 2).collect();
                return parse_frame(&frame).map(Some);
            }
            if self.buf.len() > MAX_FRAME_SIZE {
                return Err(ConnectionError::ResponseTooLarge {
                    url: self.url.clone(),
                    limit: MAX_FRAME_SIZE,
                });
            }
            match self
                .rep
                .chunk()
                .await
                .map_err(|e| self.transport.error(&self.url, e))?
            {
                Some(chunk) => self.buf.extend_from_slice(&chunk),
                None => return Ok(None),
            }
        }
    }
}

/// One frame, its blank line included.
fn parse_frame(frame: &[u8]) -> Result<ServerEvent, ConnectionError> {
    let text = String::from_utf8_lossy(frame);
    let mut data = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("event:") {
            if name.trim() == "missed_events" {
                return Ok(ServerEvent::MissedEvents);
            }
        } else if let Some(value) = line.strip_prefix("data:") {
            data = Some(value.trim().to_owned()).filter(|d| !d.is_empty());
        }
    }
    let Some(data) = data else {
        return Ok(ServerEvent::Keepalive);
    };
    let bytes = data_encoding::BASE64
        .decode(data.as_bytes())
        .map_err(|e| DataError::Deserialization(format!("event data: {e}")))?;
    let head: Head = from_slice(&bytes)?;
    Ok(ServerEvent::Event(head.event))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Fields<'a> {
        status: &'a str,
        event: &'a str,
        #[serde(with = "serde_bytes")]
        token: Vec<u8>,
    }

    fn data_frame(event: &str) -> Vec<u8> {
        let body = rmp_serde::to_vec_named(&Fields {
            status: "ok",
            event,
            token: vec![1; 16],
        })
        .expect("encodable");
        format!(
            "data:{}\nid:00112233445566778899aabbccddeeff\n\n",
            data_encoding::BASE64.encode(&body)
        )
        .into_bytes()
    }

    #[test]
    fn frames() {
        assert_eq!(
            parse_frame(&data_frame("GREETING_ATTEMPT_CANCELLED")).expect("valid"),
            ServerEvent::Event("GREETING_ATTEMPT_CANCELLED".to_owned())
        );
        assert_eq!(
            parse_frame(b"event:missed_events\ndata:\n\n").expect("valid"),
            ServerEvent::MissedEvents
        );
        assert_eq!(
            parse_frame(b"event:keepalive\ndata:\n\n").expect("valid"),
            ServerEvent::Keepalive
        );
        assert!(parse_frame(b"data:!!!\n\n").is_err());
    }
}
