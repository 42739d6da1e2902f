"""The official Parsec 3.9.3 client code, driven against a server: ours or the reference.

Every request is built and every answer decoded by the official bindings `parsec._parsec`
(package `parsec-cloud==3.9.3`), compiled from the same Rust crates as the official
`parsec-cli`; only the HTTP transport is ours, written as wire.md §1 describes the official
client's. The script stops at the first discrepancy and exits 1 with a message naming the
check, the request sent and the answer received; it prints `ok <check>` for each check that
passes and exits 0 when all do. Usage errors and a missing or wrong `parsec` package exit 2.

    python official_client.py --addr parsec3://127.0.0.1:6770?no_ssl=true --token s3cr3t

`--addr` defaults to $PARSEC_SERVER_ADDR, `--token` to $PARSEC_ADMINISTRATION_TOKEN.

Checks, in order (sections of the protocol reference: wire.md, certificates.md):

- administration API creates an organization; its `bootstrap_url` (and the redirection form)
  parse with the official address parser and point at the server (wire.md §6, §8.1);
- HTTP handshake: anonymous GET probe, missing or foreign `Api-Version` → 422 with a
  parsable `Supported-Api-Versions` (wire.md §1.2, §1.7);
- `organization_bootstrap` refusals before the real bootstrap: wrong token, certificates
  too old / too far ahead (official `RepTimestampOutOfBallpark` fields), certificates not
  signed by the root key, a STANDARD first user, device and user timestamps differing, a
  redacted user keeping its handle (`invalid_certificate`), unknown organization (HTTP 404)
  (certificates.md §5.2);
- `organization_bootstrap` with official certificates (user, device, redacted copies, all
  root-signed with one timestamp, certificates.md §5.1), then a second bootstrap (already
  bootstrapped), a wrong token (invalid token wins), and the administration API refusing to
  recreate the organization (400);
- authenticated requests signed as wire.md §1.4: `certificate_get` returns exactly the
  uploaded certificates, byte for byte, each accepted by the official `verify_and_load`
  (certificates.md §10); `common_after` is exclusive; `organization_info`; the SSE stream
  opens with an ORGANIZATION_CONFIG event the official `events_listen` loads (wire.md §1.9);
- authentication failures: no `Authorization` → 401, bad signature or unknown device → 403,
  timestamps outside the window → 498 while ones just inside are accepted, unknown
  organization → 404, missing `Api-Version` → 422 (wire.md §1.4, §1.8).

- a USER invitation with the official bindings as greeter (the bootstrapped admin) and
  claimer: `invite_new_user`, `invite_list`, `invite_info` (and an unknown token → 403),
  both `*_start_greeting_attempt` joining one attempt, a lone step answered `not_ready`,
  steps 0 to 8 with both sides polling at once as two official clients do (invite.md §7)
  and each receiving the peer's step, the
  greeter's `user_create`, `invite_complete`, then 410 for the claimer, the invitation
  listed FINISHED, and the new device's `certificate_get` (invite.md §3, §4). The bindings
  lack the key agreement, SAS and payload types: those follow invite.md §5, §6 here
  (`payload_encoding` checks the hand-written encoder against the official loader).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import struct
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, NoReturn

try:
    import httpx

    import parsec
    import parsec._parsec as p
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from parsec._parsec import anonymous_cmds, authenticated_cmds, invited_cmds
except ImportError as exc:  # Not the venv of parsec-cloud==3.9.3.
    print(f"error: cannot import the official bindings: {exc}", file=sys.stderr)
    print(
        "hint: run this script with the Python of the parsec-cloud==3.9.3 venv "
        "(~/.cache/parsec-ref/venv/bin/python, installed by scripts/install-reference-server)",
        file=sys.stderr,
    )
    sys.exit(2)

OFFICIAL_VERSION = "3.9.3"
# wire.md §1.3, §1.7: what the official client sends.
API_VERSION = "5.5"
USER_AGENT = f"Parsec-Client/{OFFICIAL_VERSION} Linux"
MSGPACK = "application/msgpack"
# certificates.md §4.1 / wire.md §1.4: the ballpark the official server applies.
EARLY_OFFSET = 300.0
LATE_OFFSET = 320.0
HTTP_TIMEOUT = 30.0
# invite.md §7: the official client's step polling, D / f after the start of the previous
# request: 62.5 ms, 125 ms, 250 ms, 500 ms, then every second.
POLL_INTERVALS = (0.0625, 0.125, 0.25, 0.5)
POLL_STEADY = 1.0
# How long one side polls a step before this script gives up (the official client never
# does).
STEP_DEADLINE = 30.0

bootstrap_cmd = anonymous_cmds.latest.organization_bootstrap
certificate_get_cmd = authenticated_cmds.latest.certificate_get
organization_info_cmd = authenticated_cmds.latest.organization_info
events_listen_cmd = authenticated_cmds.latest.events_listen
invite_new_user_cmd = authenticated_cmds.latest.invite_new_user
invite_list_cmd = authenticated_cmds.latest.invite_list
invite_complete_cmd = authenticated_cmds.latest.invite_complete
greeter_start_cmd = authenticated_cmds.latest.invite_greeter_start_greeting_attempt
greeter_step_cmd = authenticated_cmds.latest.invite_greeter_step
user_create_cmd = authenticated_cmds.latest.user_create
invite_info_cmd = invited_cmds.latest.invite_info
claimer_start_cmd = invited_cmds.latest.invite_claimer_start_greeting_attempt
claimer_step_cmd = invited_cmds.latest.invite_claimer_step


class Discrepancy(Exception):
    """The server answered something the official client does not expect."""


def fail(what: str) -> NoReturn:
    raise Discrepancy(what)


def describe(response: httpx.Response) -> str:
    """One line for a failure message: request, status, the headers that matter, body."""
    request = response.request
    headers = {
        name: response.headers[name]
        for name in ("content-type", "api-version", "supported-api-versions")
        if name in response.headers
    }
    body = response.content
    shown = body[:300] + (b"..." if len(body) > 300 else b"")
    return (
        f"request {request.method} {request.url.raw_path.decode()} -> "
        f"HTTP {response.status_code} headers={headers} body={shown!r}"
    )


def expect_status(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        fail(f"expected HTTP {status}; {describe(response)}")


def expect_rpc_ok(response: httpx.Response) -> None:
    """wire.md §1.6: an RPC answer is 200, msgpack, with the server's Api-Version."""
    expect_status(response, 200)
    if response.headers.get("content-type") != MSGPACK:
        fail(f"expected Content-Type {MSGPACK}; {describe(response)}")
    if response.headers.get("api-version") != API_VERSION:
        fail(f"expected Api-Version {API_VERSION}; {describe(response)}")


def load_rep(
    rep_cls: type, response: httpx.Response, expected: type | tuple[type, ...]
) -> object:
    """Decodes the body with the official `Rep.load` and checks its variant."""
    expect_rpc_ok(response)
    try:
        rep = rep_cls.load(response.content)
    except Exception as exc:  # The bindings raise several types on garbage.
        fail(f"official Rep.load refused the body ({exc!r}); {describe(response)}")
    if not isinstance(rep, expected):
        variants = expected if isinstance(expected, tuple) else (expected,)
        names = " or ".join(t.__name__ for t in variants)
        fail(f"expected {names}, official Rep.load gave {rep!r}; {describe(response)}")
    return rep


def poll_step(send: Callable[[], httpx.Response], cmd: object) -> object:
    """One side waiting for its peer at one step, as the official client polls (invite.md
    §7): the same request again while `not_ready`, until `ok`."""
    deadline = time.monotonic() + STEP_DEADLINE
    intervals = list(POLL_INTERVALS)
    while True:
        started = time.monotonic()
        rep = load_rep(cmd.Rep, send(), (cmd.RepOk, cmd.RepNotReady))
        if isinstance(rep, cmd.RepOk):
            return rep
        if started > deadline:
            fail(f"the peer's step never came: still not_ready after {STEP_DEADLINE} s")
        interval = intervals.pop(0) if intervals else POLL_STEADY
        time.sleep(max(0.0, started + interval - time.monotonic()))


@dataclass
class Device:
    """What the official client keeps after a bootstrap (device-file.md, minus the file)."""

    organization_id: p.OrganizationID
    root_verify_key: p.VerifyKey
    user_id: p.UserID
    device_id: p.DeviceID
    signing_key: p.SigningKey
    human_handle: p.HumanHandle
    device_label: p.DeviceLabel
    timestamp: p.DateTime
    user_certificate: bytes
    device_certificate: bytes


@dataclass
class BootstrapMaterial:
    """The request of certificates.md §5.1 and the keys behind it."""

    req: bootstrap_cmd.Req
    device: Device


def build_bootstrap(
    organization_id: p.OrganizationID,
    token: p.AccessToken | None,
    timestamp: p.DateTime,
    *,
    sign_with: p.SigningKey | None = None,
    profile: p.UserProfile = p.UserProfile.ADMIN,
    device_delay_us: int = 0,
    redact_user: bool = True,
) -> BootstrapMaterial:
    """certificates.md §5.1 with the official types: a fresh root key, an ADMIN user and its
    first device, full and redacted certificates, all root-signed with one timestamp.

    The keyword arguments build what the official client never sends, to check that the
    server refuses it (certificates.md §5.2): `sign_with` signs with another key than the
    root, `profile` changes the user's, `device_delay_us` moves the device certificates
    later than the user's, `redact_user=False` leaves the handle in the redacted user.
    """
    root_key = p.SigningKey.generate()
    signer = sign_with or root_key
    user_id = p.UserID.new()
    device_id = p.DeviceID.new()
    user_private_key = p.PrivateKey.generate()
    device_signing_key = p.SigningKey.generate()
    human_handle = p.HumanHandle(p.EmailAddress("alice@example.com"), "Alice")
    device_label = p.DeviceLabel("laptop")

    def user_cert(handle: p.HumanHandle | None) -> p.UserCertificate:
        return p.UserCertificate(
            author=None,
            timestamp=timestamp,
            user_id=user_id,
            human_handle=handle,
            public_key=user_private_key.public_key,
            algorithm=p.PrivateKeyAlgorithm.X25519_XSALSA20_POLY1305,
            profile=profile,
        )

    def device_cert(label: p.DeviceLabel | None) -> p.DeviceCertificate:
        return p.DeviceCertificate(
            author=None,
            timestamp=timestamp.add(microseconds=device_delay_us),
            purpose=p.DevicePurpose.STANDARD,
            user_id=user_id,
            device_id=device_id,
            device_label=label,
            verify_key=device_signing_key.verify_key,
            algorithm=p.SigningKeyAlgorithm.ED25519,
        )

    user_certificate = user_cert(human_handle).dump_and_sign(signer)
    device_certificate = device_cert(device_label).dump_and_sign(signer)
    req = bootstrap_cmd.Req(
        bootstrap_token=token,
        root_verify_key=root_key.verify_key,
        user_certificate=user_certificate,
        device_certificate=device_certificate,
        redacted_user_certificate=user_cert(None if redact_user else human_handle).dump_and_sign(
            signer
        ),
        redacted_device_certificate=device_cert(None).dump_and_sign(signer),
        sequester_authority_certificate=None,
    )
    device = Device(
        organization_id=organization_id,
        root_verify_key=root_key.verify_key,
        user_id=user_id,
        device_id=device_id,
        signing_key=device_signing_key,
        human_handle=human_handle,
        device_label=device_label,
        timestamp=timestamp,
        user_certificate=user_certificate,
        device_certificate=device_certificate,
    )
    return BootstrapMaterial(req=req, device=device)


def signed_token(device_id: p.DeviceID, key: p.SigningKey, seconds: int) -> str:
    """wire.md §1.4: `PARSEC-SIGN-ED25519.<device hex>.<secs>.<b64url padded signature>`."""
    signed = f"PARSEC-SIGN-ED25519.{device_id.hex}.{seconds}"
    signature = key.sign_only_signature(signed.encode("ascii"))
    return f"{signed}.{base64.urlsafe_b64encode(signature).decode('ascii')}"


# --- Invitation crypto and payloads -------------------------------------------------------
#
# The bindings build and load every greeting request and answer, and give SecretKey
# (encrypt, mac_512), HashDigest and the SAS nonce, but neither the key agreement nor the
# SAS code nor the `InviteUserData` / `InviteUserConfirmation` types: those follow
# invite.md §5 and §6 here. The server relays payloads as opaque bytes.

SAS_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def x25519_key_pair() -> tuple[X25519PrivateKey, p.PublicKey]:
    """A fresh greeting key pair; the public half as the official `PublicKey`."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return private, p.PrivateKey(raw).public_key


def shared_secret_key(
    own: X25519PrivateKey, peer: p.PublicKey, greeter: p.PublicKey, claimer: p.PublicKey
) -> p.SecretKey:
    """invite.md §5.1: BLAKE2b-512(X25519 || greeter public || claimer public)[:32]."""
    shared = own.exchange(X25519PublicKey.from_public_bytes(peer.encode()))
    digest = hashlib.blake2b(shared + greeter.encode() + claimer.encode(), digest_size=64)
    return p.SecretKey(digest.digest()[:32])


def sas_codes(key: p.SecretKey, claimer_nonce: bytes, greeter_nonce: bytes) -> tuple[str, str]:
    """invite.md §5.3: (greeter SAS, claimer SAS) from the official keyed BLAKE2b-512."""
    n = int.from_bytes(key.mac_512(claimer_nonce + greeter_nonce)[:5], "big")

    def code(value: int) -> str:
        return "".join(SAS_ALPHABET[(value >> (5 * i)) & 31] for i in range(4))

    return code((n >> 20) & 0xFFFFF), code(n & 0xFFFFF)


def msgpack_encode(value: object) -> bytes:
    """The msgpack subset of the invitation payloads, as the official encoder writes it
    (wire.md §2): nil, str, bin, arrays and maps (under 16 entries), UUIDs as ext 2,
    DateTime as ext 1 (microseconds, big-endian)."""
    if value is None:
        return b"\xc0"
    if isinstance(value, p.DateTime):
        return b"\xd7\x01" + struct.pack(">q", value.as_timestamp_micros())
    if isinstance(value, str):
        raw = value.encode()
        if len(raw) < 32:
            return bytes([0xA0 | len(raw)]) + raw
        if len(raw) < 256:
            return b"\xd9" + bytes([len(raw)]) + raw
        return b"\xda" + struct.pack(">H", len(raw)) + raw
    if isinstance(value, bytes):
        if len(value) < 256:
            return b"\xc4" + bytes([len(value)]) + value
        return b"\xc5" + struct.pack(">H", len(value)) + value
    if isinstance(value, (p.UserID, p.DeviceID)):
        return b"\xd8\x02" + bytes.fromhex(value.hex)
    if isinstance(value, list) and len(value) < 16:
        return bytes([0x90 | len(value)]) + b"".join(msgpack_encode(v) for v in value)
    if isinstance(value, dict) and len(value) < 16:
        items = (msgpack_encode(k) + msgpack_encode(v) for k, v in value.items())
        return bytes([0x80 | len(value)]) + b"".join(items)
    raise TypeError(f"cannot encode {value!r}")


def serialize_v0(fields: dict[str, object]) -> bytes:
    """wire.md §2.4 data format v0: 0x00, then a zstd frame of the msgpack map. The frame
    holds one raw (stored) block: valid zstd that any decoder reads, no compressor needed."""
    data = msgpack_encode(fields)
    # Magic, frame header (single segment, 4-byte content size), last raw block.
    frame = struct.pack("<IBI", 0xFD2FB528, 0xA0, len(data))
    frame += (1 | len(data) << 3).to_bytes(3, "little") + data
    return b"\x00" + frame


@dataclass
class Greeting:
    """What the greeter and the claimer of one USER invitation learnt so far."""

    token: p.AccessToken
    attempt: p.GreetingAttemptID | None = None
    greeter_private: X25519PrivateKey | None = None
    greeter_public: p.PublicKey | None = None
    claimer_private: X25519PrivateKey | None = None
    greeter_key: p.SecretKey | None = None
    claimer_key: p.SecretKey | None = None
    hashed_nonce: p.HashDigest | None = None
    greeter_nonce: bytes = b""
    claimer_nonce: bytes = b""
    claimer_data: bytes = b""
    new_device: Device | None = None
    new_user_public_key: p.PublicKey | None = None
    confirmation: bytes = b""


class OfficialClient:
    """The official client's HTTP transport (wire.md §1) around the official bindings."""

    def __init__(self, server: p.ParsecAddr, admin_token: str) -> None:
        self.server = server
        self.admin_token = admin_token
        self.http = httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)

    def url(self, path: str) -> str:
        return self.server.to_http_url(path)

    def rpc_headers(self, *, api_version: str | None = API_VERSION) -> dict[str, str]:
        headers = {"Content-Type": MSGPACK, "User-Agent": USER_AGENT}
        if api_version is not None:
            headers["Api-Version"] = api_version
        return headers

    def anonymous(
        self, org: p.OrganizationID, body: bytes, *, api_version: str | None = API_VERSION
    ) -> httpx.Response:
        return self.http.post(
            self.url(f"/anonymous/{org.str}"),
            content=body,
            headers=self.rpc_headers(api_version=api_version),
        )

    def authenticated(
        self,
        device: Device,
        body: bytes,
        *,
        org: p.OrganizationID | None = None,
        token: str | None = None,
        api_version: str | None = API_VERSION,
        authorization: bool = True,
    ) -> httpx.Response:
        """POST /authenticated/<org>, signed with `device` now unless `token` is given."""
        headers = self.rpc_headers(api_version=api_version)
        if authorization:
            if token is None:
                now = p.DateTime.now().as_timestamp_seconds()
                token = signed_token(device.device_id, device.signing_key, now)
            headers["Authorization"] = f"Bearer {token}"
        org = org or device.organization_id
        return self.http.post(self.url(f"/authenticated/{org.str}"), content=body, headers=headers)

    def invited(
        self, org: p.OrganizationID, token: p.AccessToken | str, body: bytes
    ) -> httpx.Response:
        """POST /invited/<org> with `Bearer <token hex>` (wire.md §1.5)."""
        headers = self.rpc_headers()
        hex_token = token if isinstance(token, str) else token.hex
        headers["Authorization"] = f"Bearer {hex_token}"
        return self.http.post(self.url(f"/invited/{org.str}"), content=body, headers=headers)

    def admin_create_organization(self, organization_id: str) -> httpx.Response:
        return self.http.post(
            self.url("/administration/organizations"),
            json={"organization_id": organization_id},
            headers={"Authorization": f"Bearer {self.admin_token}"},
        )


class Run:
    """The checks, in order, sharing what earlier ones established."""

    def __init__(self, client: OfficialClient, organization: str) -> None:
        self.client = client
        self.organization = organization
        self.org: p.OrganizationID = p.OrganizationID(organization)
        self.bootstrap_addr: p.ParsecOrganizationBootstrapAddr | None = None
        self.device: Device | None = None
        self.greeting: Greeting | None = None

    # The checks, in the order they run: each is the method of that name.
    CHECKS = (
        "admin_create_organization",
        "anonymous_probe",
        "missing_api_version",
        "unsupported_api_version",
        "bootstrap_wrong_token",
        "bootstrap_timestamp_too_old",
        "bootstrap_timestamp_too_far_ahead",
        "bootstrap_not_signed_by_root",
        "bootstrap_user_not_admin",
        "bootstrap_device_timestamp_differs",
        "bootstrap_redacted_user_keeps_handle",
        "bootstrap_unknown_organization",
        "bootstrap",
        "bootstrap_again",
        "bootstrap_again_wrong_token",
        "admin_recreate_bootstrapped",
        "certificate_get",
        "certificate_get_after_last",
        "organization_info",
        "events_organization_config",
        "auth_missing_authorization",
        "auth_bad_signature",
        "auth_unknown_device",
        "auth_stale_timestamp",
        "auth_future_timestamp",
        "auth_timestamp_inside_window",
        "auth_unknown_organization",
        "auth_missing_api_version",
        "payload_encoding",
        "invite_new_user",
        "invite_list_pending",
        "invite_info",
        "invited_unknown_token",
        "invite_start_greeting_attempts",
        "invite_step_alone_not_ready",
        "invite_step_0_wait_peer",
        "invite_step_1_hashed_nonce",
        "invite_step_2_greeter_nonce",
        "invite_step_3_claimer_nonce",
        "invite_step_4_claimer_trusts",
        "invite_step_5_greeter_trusts",
        "invite_step_6_claimer_payload",
        "invite_user_create",
        "invite_step_7_greeter_payload",
        "invite_step_8_acknowledge",
        "invite_complete",
        "invite_info_after_complete",
        "invite_list_finished",
        "invited_user_certificate_get",
    )

    def checks(self) -> list[tuple[str, Callable[[], None]]]:
        return [(name, getattr(self, name)) for name in self.CHECKS]

    # --- organization creation (wire.md §8.1, §6.2) ---

    def admin_create_organization(self) -> None:
        response = self.client.admin_create_organization(self.organization)
        expect_status(response, 200)
        body = response.json()
        url = body.get("bootstrap_url")
        if not isinstance(url, str):
            fail(f"no `bootstrap_url` string in {body!r}")
        try:
            addr = p.ParsecOrganizationBootstrapAddr.from_url(url)
        except Exception as exc:
            fail(f"the official parser refused bootstrap_url {url!r}: {exc!r}")
        if addr.organization_id != self.org:
            fail(f"bootstrap_url {url!r} names organization {addr.organization_id.str!r}")
        if addr.token is None:
            fail(f"bootstrap_url {url!r} carries no bootstrap token")
        server = self.client.server
        if (addr.hostname, addr.port, addr.use_ssl) != (
            server.hostname,
            server.port,
            server.use_ssl,
        ):
            fail(f"bootstrap_url {url!r} does not point at the server {server.to_url()!r}")
        redirection = body.get("bootstrap_url_as_http_redirection")
        if not isinstance(redirection, str):
            fail(f"no `bootstrap_url_as_http_redirection` string in {body!r}")
        try:
            redirected = p.ParsecOrganizationBootstrapAddr.from_url(
                redirection, allow_http_redirection=True
            )
        except Exception as exc:
            fail(f"the official parser refused {redirection!r}: {exc!r}")
        if redirected != addr:
            fail(f"{redirection!r} parses to {redirected.to_url()!r}, not {url!r}")
        self.bootstrap_addr = addr

    def token(self) -> p.AccessToken | None:
        assert self.bootstrap_addr is not None, "admin_create_organization ran"
        return self.bootstrap_addr.token

    # --- handshake (wire.md §1.2, §1.7) ---

    def anonymous_probe(self) -> None:
        response = self.client.http.get(
            self.client.url(f"/anonymous/{self.org.str}"), headers=self.client.rpc_headers()
        )
        expect_status(response, 200)
        if response.content:
            fail(f"expected an empty body; {describe(response)}")

    def expect_unsupported_version(self, response: httpx.Response) -> None:
        """422 and a `Supported-Api-Versions` the official client parses (`;`-separated)."""
        expect_status(response, 422)
        supported = response.headers.get("supported-api-versions")
        if supported is None:
            fail(f"422 without Supported-Api-Versions; {describe(response)}")
        try:
            versions = [p.ApiVersion.from_str(v) for v in supported.split(";")]
        except Exception as exc:
            fail(f"Supported-Api-Versions {supported!r} does not parse ({exc!r})")
        if not any(v.version == 5 for v in versions):
            fail(f"Supported-Api-Versions {supported!r} lists no 5.x")

    def missing_api_version(self) -> None:
        body = build_bootstrap(self.org, self.token(), p.DateTime.now()).req.dump()
        self.expect_unsupported_version(self.client.anonymous(self.org, body, api_version=None))

    def unsupported_api_version(self) -> None:
        body = build_bootstrap(self.org, self.token(), p.DateTime.now()).req.dump()
        self.expect_unsupported_version(self.client.anonymous(self.org, body, api_version="4.1"))

    # --- organization_bootstrap refusals (certificates.md §5.2) ---

    def bootstrap_wrong_token(self) -> None:
        req = build_bootstrap(self.org, p.AccessToken.new(), p.DateTime.now()).req
        response = self.client.anonymous(self.org, req.dump())
        load_rep(bootstrap_cmd.Rep, response, bootstrap_cmd.RepInvalidBootstrapToken)

    def expect_out_of_ballpark(self, timestamp: p.DateTime) -> None:
        req = build_bootstrap(self.org, self.token(), timestamp).req
        before = p.DateTime.now()
        response = self.client.anonymous(self.org, req.dump())
        after = p.DateTime.now()
        rep = load_rep(bootstrap_cmd.Rep, response, bootstrap_cmd.RepTimestampOutOfBallpark)
        fields = (rep.ballpark_client_early_offset, rep.ballpark_client_late_offset)
        if fields != (EARLY_OFFSET, LATE_OFFSET):
            fail(f"offsets {fields}, official server sends {(EARLY_OFFSET, LATE_OFFSET)}")
        if rep.client_timestamp != timestamp:
            fail(f"client_timestamp {rep.client_timestamp}, the certificates say {timestamp}")
        if not before <= rep.server_timestamp <= after:
            fail(f"server_timestamp {rep.server_timestamp} not between {before} and {after}")

    def bootstrap_timestamp_too_old(self) -> None:
        self.expect_out_of_ballpark(p.DateTime.now().subtract(seconds=int(LATE_OFFSET) + 60))

    def bootstrap_timestamp_too_far_ahead(self) -> None:
        self.expect_out_of_ballpark(p.DateTime.now().add(seconds=int(EARLY_OFFSET) + 60))

    def expect_invalid_certificate(self, **forgery: object) -> None:
        req = build_bootstrap(self.org, self.token(), p.DateTime.now(), **forgery).req
        response = self.client.anonymous(self.org, req.dump())
        load_rep(bootstrap_cmd.Rep, response, bootstrap_cmd.RepInvalidCertificate)

    def bootstrap_not_signed_by_root(self) -> None:
        self.expect_invalid_certificate(sign_with=p.SigningKey.generate())

    def bootstrap_user_not_admin(self) -> None:
        self.expect_invalid_certificate(profile=p.UserProfile.STANDARD)

    def bootstrap_device_timestamp_differs(self) -> None:
        self.expect_invalid_certificate(device_delay_us=1)

    def bootstrap_redacted_user_keeps_handle(self) -> None:
        self.expect_invalid_certificate(redact_user=False)

    def bootstrap_unknown_organization(self) -> None:
        unknown = p.OrganizationID(f"{self.organization}Unknown")
        req = build_bootstrap(unknown, self.token(), p.DateTime.now()).req
        expect_status(self.client.anonymous(unknown, req.dump()), 404)

    # --- organization_bootstrap (certificates.md §5.1) ---

    def bootstrap(self) -> None:
        material = build_bootstrap(self.org, self.token(), p.DateTime.now())
        response = self.client.anonymous(self.org, material.req.dump())
        load_rep(bootstrap_cmd.Rep, response, bootstrap_cmd.RepOk)
        self.device = material.device

    def bootstrap_again(self) -> None:
        req = build_bootstrap(self.org, self.token(), p.DateTime.now()).req
        response = self.client.anonymous(self.org, req.dump())
        load_rep(bootstrap_cmd.Rep, response, bootstrap_cmd.RepOrganizationAlreadyBootstrapped)

    def bootstrap_again_wrong_token(self) -> None:
        # certificates.md §5.2: the token is checked before "already bootstrapped".
        req = build_bootstrap(self.org, p.AccessToken.new(), p.DateTime.now()).req
        response = self.client.anonymous(self.org, req.dump())
        load_rep(bootstrap_cmd.Rep, response, bootstrap_cmd.RepInvalidBootstrapToken)

    def admin_recreate_bootstrapped(self) -> None:
        expect_status(self.client.admin_create_organization(self.organization), 400)

    # --- authenticated commands (wire.md §1.4, certificates.md §10) ---

    def me(self) -> Device:
        assert self.device is not None, "bootstrap ran"
        return self.device

    def certificate_get(self) -> None:
        me = self.me()
        req = certificate_get_cmd.Req(
            common_after=None, sequester_after=None, shamir_recovery_after=None, realm_after={}
        )
        response = self.client.authenticated(me, req.dump())
        rep = load_rep(certificate_get_cmd.Rep, response, certificate_get_cmd.RepOk)
        common = list(rep.common_certificates)
        expected = [me.user_certificate, me.device_certificate]
        if common != expected:
            fail(
                f"common_certificates are not the uploaded user then device certificates, "
                f"byte for byte: got {len(common)} blobs {[c[:8].hex() for c in common]}, "
                f"uploaded {[c[:8].hex() for c in expected]}"
            )
        others = (
            list(rep.sequester_certificates),
            list(rep.shamir_recovery_certificates),
            dict(rep.realm_certificates),
        )
        if others != ([], [], {}):
            fail(f"expected no sequester, shamir or realm certificates, got {others!r}")
        try:
            user = p.UserCertificate.verify_and_load(
                common[0],
                me.root_verify_key,
                expected_author=None,
                expected_user=me.user_id,
                expected_human_handle=me.human_handle,
            )
            device = p.DeviceCertificate.verify_and_load(
                common[1], me.root_verify_key, expected_author=None, expected_device=me.device_id
            )
        except Exception as exc:
            fail(f"official verify_and_load refused a returned certificate: {exc!r}")
        if user.profile != p.UserProfile.ADMIN or user.timestamp != me.timestamp:
            fail(f"user certificate loads as {user!r}")
        if device.device_label != me.device_label or device.user_id != me.user_id:
            fail(f"device certificate loads as {device!r}")

    def certificate_get_after_last(self) -> None:
        # certificates.md §10.1: `*_after` is exclusive.
        me = self.me()
        req = certificate_get_cmd.Req(
            common_after=me.timestamp,
            sequester_after=None,
            shamir_recovery_after=None,
            realm_after={},
        )
        response = self.client.authenticated(me, req.dump())
        rep = load_rep(certificate_get_cmd.Rep, response, certificate_get_cmd.RepOk)
        if list(rep.common_certificates):
            fail(
                f"common_after = the last certificate's timestamp still returns "
                f"{len(rep.common_certificates)} certificates"
            )

    def organization_info(self) -> None:
        response = self.client.authenticated(self.me(), organization_info_cmd.Req().dump())
        rep = load_rep(organization_info_cmd.Rep, response, organization_info_cmd.RepOk)
        sizes = (rep.total_block_bytes, rep.total_metadata_bytes)
        if sizes != (0, 0):
            fail(f"a new organization stores (blocks, metadata) = {sizes} bytes, not (0, 0)")

    def events_organization_config(self) -> None:
        """wire.md §1.9: the SSE stream opens with ORGANIZATION_CONFIG (no `id:`), a
        standard-base64 msgpack `events_listen` answer; the organization has the official
        defaults of wire.md §8.2."""
        me = self.me()
        now = p.DateTime.now().as_timestamp_seconds()
        headers = {
            "Api-Version": API_VERSION,
            "User-Agent": USER_AGENT,
            "Accept": "text/event-stream",
            "Authorization": f"Bearer {signed_token(me.device_id, me.signing_key, now)}",
        }
        url = self.client.url(f"/authenticated/{me.organization_id.str}/events")
        with self.client.http.stream("GET", url, headers=headers) as response:
            if response.status_code != 200:
                response.read()  # For the failure message.
            expect_status(response, 200)
            content_type = response.headers.get("content-type", "")
            if content_type.split(";")[0].strip() != "text/event-stream":
                fail(f"SSE answer has Content-Type {content_type!r}, not text/event-stream")
            lines: list[str] = []
            for line in response.iter_lines():
                if line == "" and lines:
                    break
                if line != "":
                    lines.append(line)
        fields = [line.partition(":") for line in lines]
        names = [name for name, _, _ in fields]
        if names != ["data"]:
            fail(f"first SSE message has fields {names}, expected only `data` (no `id`): {lines}")
        try:
            raw = base64.b64decode(fields[0][2].strip(), validate=True)
        except ValueError as exc:
            fail(f"first SSE data is not standard base64 ({exc}): {lines}")
        try:
            rep = events_listen_cmd.Rep.load(raw)
        except Exception as exc:
            fail(f"official events_listen Rep.load refused the first event ({exc!r}): {raw!r}")
        if not isinstance(rep, events_listen_cmd.RepOk):
            fail(f"first SSE event loads as {rep!r}")
        event = rep.unit
        if not isinstance(event, events_listen_cmd.APIEventOrganizationConfig):
            fail(f"first SSE event is {event!r}, not ORGANIZATION_CONFIG")
        got = (
            event.user_profile_outsider_allowed,
            event.active_users_limit,
            event.realm_minimum_archiving_period_before_deletion,
        )
        defaults = (True, p.ActiveUsersLimit.NO_LIMIT, 2592000)
        if got != defaults:
            fail(
                f"ORGANIZATION_CONFIG (outsider allowed, users limit, archiving period) = "
                f"{got}, official defaults {defaults}"
            )
        if not isinstance(event.sse_keepalive_seconds, int) or event.sse_keepalive_seconds <= 0:
            fail(f"ORGANIZATION_CONFIG sse_keepalive_seconds = {event.sse_keepalive_seconds!r}")

    # --- authentication failures (wire.md §1.4, §1.8) ---

    def info_body(self) -> bytes:
        return organization_info_cmd.Req().dump()

    def auth_missing_authorization(self) -> None:
        response = self.client.authenticated(self.me(), self.info_body(), authorization=False)
        expect_status(response, 401)

    def auth_bad_signature(self) -> None:
        me = self.me()
        now = p.DateTime.now().as_timestamp_seconds()
        token = signed_token(me.device_id, p.SigningKey.generate(), now)
        expect_status(self.client.authenticated(me, self.info_body(), token=token), 403)

    def auth_unknown_device(self) -> None:
        me = self.me()
        now = p.DateTime.now().as_timestamp_seconds()
        token = signed_token(p.DeviceID.new(), me.signing_key, now)
        expect_status(self.client.authenticated(me, self.info_body(), token=token), 403)

    def signed_at(self, offset: int) -> str:
        me = self.me()
        return signed_token(
            me.device_id, me.signing_key, p.DateTime.now().as_timestamp_seconds() + offset
        )

    def auth_stale_timestamp(self) -> None:
        token = self.signed_at(-int(LATE_OFFSET) - 60)
        expect_status(self.client.authenticated(self.me(), self.info_body(), token=token), 498)

    def auth_future_timestamp(self) -> None:
        token = self.signed_at(int(EARLY_OFFSET) + 60)
        expect_status(self.client.authenticated(self.me(), self.info_body(), token=token), 498)

    def auth_timestamp_inside_window(self) -> None:
        # wire.md §1.4: 310 s behind and 290 s ahead are accepted; keep a margin for the
        # whole-second truncation and the time the request takes.
        for offset in (-int(LATE_OFFSET) + 20, int(EARLY_OFFSET) - 20):
            token = self.signed_at(offset)
            response = self.client.authenticated(self.me(), self.info_body(), token=token)
            load_rep(organization_info_cmd.Rep, response, organization_info_cmd.RepOk)

    def auth_unknown_organization(self) -> None:
        unknown = p.OrganizationID(f"{self.organization}Unknown")
        response = self.client.authenticated(self.me(), self.info_body(), org=unknown)
        expect_status(response, 404)

    def auth_missing_api_version(self) -> None:
        response = self.client.authenticated(self.me(), self.info_body(), api_version=None)
        self.expect_unsupported_version(response)


    # --- USER invitation, official bindings as greeter (Alice) and claimer (invite.md §4) ---

    def g(self) -> Greeting:
        assert self.greeting is not None, "invite_new_user ran"
        return self.greeting

    def payload_encoding(self) -> None:
        """No server involved: `serialize_v0` must write what the official loaders read, here
        a user certificate compared with the official encoder's."""
        me = self.me()
        official = p.UserCertificate.unsecure_load(me.user_certificate)
        ours = serialize_v0(
            {
                "type": "user_certificate",
                "author": None,
                "timestamp": official.timestamp,
                "user_id": official.user_id,
                "human_handle": [official.human_handle.email.str, official.human_handle.label],
                "public_key": official.public_key.encode(),
                "algorithm": official.algorithm.str,
                "profile": official.profile.str,
            }
        )
        try:
            loaded = p.UserCertificate.unsecure_load(bytes(64) + ours)
        except Exception as exc:
            fail(f"the official loader refuses serialize_v0's output: {exc!r}")
        # The repr hides the key: compare it apart.
        same_key = loaded.public_key.encode() == official.public_key.encode()
        if str(loaded) != str(official) or not same_key:
            fail(f"serialize_v0's certificate loads as {loaded!r}, not {official!r}")

    def invite_new_user(self) -> None:
        email = p.EmailAddress("bob@example.com")
        req = invite_new_user_cmd.Req(claimer_email=email, send_email=False)
        response = self.client.authenticated(self.me(), req.dump())
        rep = load_rep(invite_new_user_cmd.Rep, response, invite_new_user_cmd.RepOk)
        # wire.md §7: the official server says SUCCESS even without sending an email.
        if rep.email_sent != invite_new_user_cmd.InvitationEmailSentStatus.SUCCESS:
            fail(f"email_sent = {rep.email_sent!r}, the official server sends SUCCESS")
        self.greeting = Greeting(token=rep.token)

    def expect_listed(self, status: p.InvitationStatus) -> None:
        me = self.me()
        response = self.client.authenticated(me, invite_list_cmd.Req().dump())
        rep = load_rep(invite_list_cmd.Rep, response, invite_list_cmd.RepOk)
        found = list(rep.invitations)
        if len(found) != 1 or not isinstance(found[0], invite_list_cmd.InviteListItemUser):
            fail(f"invite_list gives {found!r}, expected one USER invitation")
        item = found[0]
        got = (item.token, item.created_by, item.claimer_email, item.status)
        want = (
            self.g().token,
            invite_list_cmd.InvitationCreatedByUser(me.user_id, me.human_handle),
            p.EmailAddress("bob@example.com"),
            status,
        )
        if got != want:
            fail(f"invite_list item {item!r}, expected {want!r}")

    def invite_list_pending(self) -> None:
        self.expect_listed(p.InvitationStatus.PENDING)

    def invite_info(self) -> None:
        me = self.me()
        response = self.client.invited(self.org, self.g().token, invite_info_cmd.Req().dump())
        rep = load_rep(invite_info_cmd.Rep, response, invite_info_cmd.RepOk)
        unit = rep.unit
        if not isinstance(unit, invite_info_cmd.InvitationTypeUser):
            fail(f"invite_info gives {unit!r}, not a USER invitation")
        created_by = invite_info_cmd.InvitationCreatedByUser(me.user_id, me.human_handle)
        if unit.claimer_email.str != "bob@example.com" or unit.created_by != created_by:
            fail(f"invite_info gives {unit!r}")
        admins = [(a.user_id, a.human_handle) for a in unit.administrators]
        if admins != [(me.user_id, me.human_handle)]:
            fail(f"invite_info administrators {unit.administrators!r}, expected Alice only")

    def invited_unknown_token(self) -> None:
        response = self.client.invited(self.org, p.AccessToken.new(), invite_info_cmd.Req().dump())
        expect_status(response, 403)

    def invite_start_greeting_attempts(self) -> None:
        """invite.md §3.1: whoever starts first creates the attempt, the other joins it."""
        g = self.g()
        response = self.client.authenticated(self.me(), greeter_start_cmd.Req(g.token).dump())
        greeter = load_rep(greeter_start_cmd.Rep, response, greeter_start_cmd.RepOk)
        req = claimer_start_cmd.Req(greeter=self.me().user_id)
        response = self.client.invited(self.org, g.token, req.dump())
        claimer = load_rep(claimer_start_cmd.Rep, response, claimer_start_cmd.RepOk)
        if greeter.greeting_attempt != claimer.greeting_attempt:
            fail(
                f"greeter joined {greeter.greeting_attempt!r}, "
                f"claimer {claimer.greeting_attempt!r}"
            )
        g.attempt = greeter.greeting_attempt

    def exchange(self, greeter_step: object, claimer_step: object, *, greeter_first: bool):
        """One step, both sides polling at once as two official clients do (invite.md §4,
        §7); `greeter_first` says who starts. Returns (what the greeter received, what the
        claimer received): each side gets the peer's step (invite.md §3.2)."""
        g = self.g()

        def greeter() -> object:
            req = greeter_step_cmd.Req(greeting_attempt=g.attempt, greeter_step=greeter_step)
            return poll_step(
                lambda: self.client.authenticated(self.me(), req.dump()), greeter_step_cmd
            )

        def claimer() -> object:
            req = claimer_step_cmd.Req(greeting_attempt=g.attempt, claimer_step=claimer_step)
            return poll_step(
                lambda: self.client.invited(self.org, g.token, req.dump()), claimer_step_cmd
            )

        first, second = (greeter, claimer) if greeter_first else (claimer, greeter)
        with ThreadPoolExecutor(max_workers=1) as pool:
            first_rep = pool.submit(first)
            second_rep = second()
            first_rep = first_rep.result()
        by_greeter, by_claimer = (
            (first_rep, second_rep) if greeter_first else (second_rep, first_rep)
        )
        return by_greeter.claimer_step, by_claimer.greeter_step

    def expect_steps(self, got: tuple[object, object], want: tuple[object, object]) -> None:
        if got != want:
            fail(f"(greeter received, claimer received) = {got!r}, expected {want!r}")

    def invite_step_alone_not_ready(self) -> None:
        """invite.md §3.2: a step whose peer has not come yet is answered `not_ready` (the
        official server at once; ours holds the request first, see invite/long_poll.rs)."""
        g = self.g()
        g.greeter_private, g.greeter_public = x25519_key_pair()
        step = greeter_step_cmd.GreeterStepNumber0WaitPeer(g.greeter_public)
        req = greeter_step_cmd.Req(greeting_attempt=g.attempt, greeter_step=step)
        response = self.client.authenticated(self.me(), req.dump())
        load_rep(greeter_step_cmd.Rep, response, greeter_step_cmd.RepNotReady)

    def invite_step_0_wait_peer(self) -> None:
        g = self.g()
        greeter_public = g.greeter_public
        g.claimer_private, claimer_public = x25519_key_pair()
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber0WaitPeer(greeter_public),
            claimer_step_cmd.ClaimerStepNumber0WaitPeer(claimer_public),
            greeter_first=True,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber0WaitPeer(claimer_public),
                claimer_step_cmd.GreeterStepNumber0WaitPeer(greeter_public),
            ),
        )
        # Each side from what it received: the same key only if the server relayed both.
        by_greeter, by_claimer = got
        g.greeter_key = shared_secret_key(
            g.greeter_private, by_greeter.public_key, greeter_public, by_greeter.public_key
        )
        g.claimer_key = shared_secret_key(
            g.claimer_private, by_claimer.public_key, by_claimer.public_key, claimer_public
        )
        if g.greeter_key.secret != g.claimer_key.secret:
            fail("greeter and claimer derived different shared keys")

    def invite_step_1_hashed_nonce(self) -> None:
        g = self.g()
        g.claimer_nonce = p.generate_sas_code_nonce()
        hashed = p.HashDigest.from_data(g.claimer_nonce)
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber1GetHashedNonce(),
            claimer_step_cmd.ClaimerStepNumber1SendHashedNonce(hashed),
            greeter_first=False,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber1SendHashedNonce(hashed),
                claimer_step_cmd.GreeterStepNumber1GetHashedNonce(),
            ),
        )
        g.hashed_nonce = got[0].hashed_nonce

    def invite_step_2_greeter_nonce(self) -> None:
        g = self.g()
        g.greeter_nonce = p.generate_sas_code_nonce()
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber2SendNonce(g.greeter_nonce),
            claimer_step_cmd.ClaimerStepNumber2GetNonce(),
            greeter_first=True,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber2GetNonce(),
                claimer_step_cmd.GreeterStepNumber2SendNonce(g.greeter_nonce),
            ),
        )

    def invite_step_3_claimer_nonce(self) -> None:
        g = self.g()
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber3GetNonce(),
            claimer_step_cmd.ClaimerStepNumber3SendNonce(g.claimer_nonce),
            greeter_first=False,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber3SendNonce(g.claimer_nonce),
                claimer_step_cmd.GreeterStepNumber3GetNonce(),
            ),
        )
        # invite.md §5.2, §5.3: the greeter checks the commitment, both compute the codes.
        if p.HashDigest.from_data(got[0].claimer_nonce) != g.hashed_nonce:
            fail("the claimer nonce the greeter received does not match the hashed nonce")
        by_greeter = sas_codes(g.greeter_key, got[0].claimer_nonce, g.greeter_nonce)
        by_claimer = sas_codes(g.claimer_key, g.claimer_nonce, g.greeter_nonce)
        if by_greeter != by_claimer:
            fail(f"SAS codes differ: greeter {by_greeter}, claimer {by_claimer}")

    def invite_step_4_claimer_trusts(self) -> None:
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber4WaitPeerTrust(),
            claimer_step_cmd.ClaimerStepNumber4SignifyTrust(),
            greeter_first=True,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber4SignifyTrust(),
                claimer_step_cmd.GreeterStepNumber4WaitPeerTrust(),
            ),
        )

    def invite_step_5_greeter_trusts(self) -> None:
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber5SignifyTrust(),
            claimer_step_cmd.ClaimerStepNumber5WaitPeerTrust(),
            greeter_first=False,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber5WaitPeerTrust(),
                claimer_step_cmd.GreeterStepNumber5SignifyTrust(),
            ),
        )

    def invite_step_6_claimer_payload(self) -> None:
        """The claimer's keys and `InviteUserData` (invite.md §6.1), encrypted."""
        g = self.g()
        user_key = p.PrivateKey.generate()
        device_key = p.SigningKey.generate()
        g.claimer_data = serialize_v0(
            {
                "type": "invite_user_data",
                "requested_device_label": "desktop",
                "requested_human_handle": ["bob@example.com", "Bob"],
                "public_key": user_key.public_key.encode(),
                "verify_key": device_key.verify_key.encode(),
            }
        )
        payload = g.claimer_key.encrypt(g.claimer_data)
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber6GetPayload(),
            claimer_step_cmd.ClaimerStepNumber6SendPayload(payload),
            greeter_first=False,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber6SendPayload(payload),
                claimer_step_cmd.GreeterStepNumber6GetPayload(),
            ),
        )
        if g.greeter_key.decrypt(got[0].claimer_payload) != g.claimer_data:
            fail("the greeter cannot decrypt the claimer's payload back")
        me = self.me()
        g.new_device = Device(
            organization_id=self.org,
            root_verify_key=me.root_verify_key,
            user_id=p.UserID.new(),
            device_id=p.DeviceID.new(),
            signing_key=device_key,
            human_handle=p.HumanHandle(p.EmailAddress("bob@example.com"), "Bob"),
            device_label=p.DeviceLabel("desktop"),
            timestamp=p.DateTime.now(),
            user_certificate=b"",
            device_certificate=b"",
        )
        g.new_user_public_key = user_key.public_key

    def invite_user_create(self) -> None:
        """invite.md §4 step 14: the greeter's `user_create`, certificates signed by its
        device, full and redacted, one timestamp (certificates.md §6)."""
        me, g = self.me(), self.g()
        bob = g.new_device
        assert bob is not None, "invite_step_6_claimer_payload ran"

        def user_cert(handle: p.HumanHandle | None) -> p.UserCertificate:
            return p.UserCertificate(
                author=me.device_id,
                timestamp=bob.timestamp,
                user_id=bob.user_id,
                human_handle=handle,
                public_key=g.new_user_public_key,
                algorithm=p.PrivateKeyAlgorithm.X25519_XSALSA20_POLY1305,
                profile=p.UserProfile.STANDARD,
            )

        def device_cert(label: p.DeviceLabel | None) -> p.DeviceCertificate:
            return p.DeviceCertificate(
                author=me.device_id,
                timestamp=bob.timestamp,
                purpose=p.DevicePurpose.STANDARD,
                user_id=bob.user_id,
                device_id=bob.device_id,
                device_label=label,
                verify_key=bob.signing_key.verify_key,
                algorithm=p.SigningKeyAlgorithm.ED25519,
            )

        bob.user_certificate = user_cert(bob.human_handle).dump_and_sign(me.signing_key)
        bob.device_certificate = device_cert(bob.device_label).dump_and_sign(me.signing_key)
        req = user_create_cmd.Req(
            user_certificate=bob.user_certificate,
            device_certificate=bob.device_certificate,
            redacted_user_certificate=user_cert(None).dump_and_sign(me.signing_key),
            redacted_device_certificate=device_cert(None).dump_and_sign(me.signing_key),
        )
        response = self.client.authenticated(me, req.dump())
        load_rep(user_create_cmd.Rep, response, user_create_cmd.RepOk)

    def invite_step_7_greeter_payload(self) -> None:
        """`InviteUserConfirmation` (invite.md §6.2), encrypted."""
        me, g = self.me(), self.g()
        bob = g.new_device
        assert bob is not None, "invite_step_6_claimer_payload ran"
        g.confirmation = serialize_v0(
            {
                "type": "invite_user_confirmation",
                "user_id": bob.user_id,
                "device_id": bob.device_id,
                "device_label": bob.device_label.str,
                "human_handle": [bob.human_handle.email.str, bob.human_handle.label],
                "profile": p.UserProfile.STANDARD.str,
                "root_verify_key": me.root_verify_key.encode(),
            }
        )
        payload = g.greeter_key.encrypt(g.confirmation)
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber7SendPayload(payload),
            claimer_step_cmd.ClaimerStepNumber7GetPayload(),
            greeter_first=False,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber7GetPayload(),
                claimer_step_cmd.GreeterStepNumber7SendPayload(payload),
            ),
        )
        if g.claimer_key.decrypt(got[1].greeter_payload) != g.confirmation:
            fail("the claimer cannot decrypt the greeter's confirmation back")

    def invite_step_8_acknowledge(self) -> None:
        got = self.exchange(
            greeter_step_cmd.GreeterStepNumber8WaitPeerAcknowledgment(),
            claimer_step_cmd.ClaimerStepNumber8Acknowledge(),
            greeter_first=True,
        )
        self.expect_steps(
            got,
            (
                greeter_step_cmd.ClaimerStepNumber8Acknowledge(),
                claimer_step_cmd.GreeterStepNumber8WaitPeerAcknowledgment(),
            ),
        )

    def invite_complete(self) -> None:
        req = invite_complete_cmd.Req(token=self.g().token)
        response = self.client.authenticated(self.me(), req.dump())
        load_rep(invite_complete_cmd.Rep, response, invite_complete_cmd.RepOk)

    def invite_info_after_complete(self) -> None:
        # wire.md §1.8: a finished invitation's token gets 410 on the invited route.
        response = self.client.invited(self.org, self.g().token, invite_info_cmd.Req().dump())
        expect_status(response, 410)

    def invite_list_finished(self) -> None:
        self.expect_listed(p.InvitationStatus.FINISHED)

    def invited_user_certificate_get(self) -> None:
        """The new user's device authenticates and sees the four common certificates."""
        me, bob = self.me(), self.g().new_device
        assert bob is not None, "invite_step_6_claimer_payload ran"
        req = certificate_get_cmd.Req(
            common_after=None, sequester_after=None, shamir_recovery_after=None, realm_after={}
        )
        response = self.client.authenticated(bob, req.dump())
        rep = load_rep(certificate_get_cmd.Rep, response, certificate_get_cmd.RepOk)
        expected = [
            me.user_certificate,
            me.device_certificate,
            bob.user_certificate,
            bob.device_certificate,
        ]
        if list(rep.common_certificates) != expected:
            fail(
                f"common_certificates are not Alice's then Bob's user and device "
                f"certificates, byte for byte: got {len(rep.common_certificates)} blobs"
            )
        try:
            p.UserCertificate.verify_and_load(
                bob.user_certificate,
                me.signing_key.verify_key,
                expected_author=me.device_id,
                expected_user=bob.user_id,
                expected_human_handle=bob.human_handle,
            )
            p.DeviceCertificate.verify_and_load(
                bob.device_certificate,
                me.signing_key.verify_key,
                expected_author=me.device_id,
                expected_device=bob.device_id,
            )
        except Exception as exc:
            fail(f"official verify_and_load refused Bob's certificates: {exc!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--addr",
        default=os.environ.get("PARSEC_SERVER_ADDR"),
        help="server address, parsec3://HOST:PORT[?no_ssl=true] (default: $PARSEC_SERVER_ADDR)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("PARSEC_ADMINISTRATION_TOKEN"),
        help="administration token (default: $PARSEC_ADMINISTRATION_TOKEN)",
    )
    parser.add_argument(
        "--organization",
        default=f"OfficialClient{os.urandom(4).hex()}",
        help="organization to create (default: a new random name)",
    )
    args = parser.parse_args()
    if not args.addr or not args.token:
        parser.error(
            "--addr and --token are required (or PARSEC_SERVER_ADDR and "
            "PARSEC_ADMINISTRATION_TOKEN)"
        )
    if parsec.__version__ != OFFICIAL_VERSION:
        print(
            f"error: parsec-cloud {parsec.__version__} found, {OFFICIAL_VERSION} needed",
            file=sys.stderr,
        )
        return 2
    try:
        server = p.ParsecAddr.from_url(args.addr)
    except Exception as exc:
        print(f"error: --addr {args.addr!r} is not a server address: {exc!r}", file=sys.stderr)
        return 2

    run = Run(OfficialClient(server, args.token), args.organization)
    print(f"official client {OFFICIAL_VERSION} against {server.to_url()}, org {run.org.str}")
    for name, check in run.checks():
        started = time.monotonic()
        try:
            check()
        except Discrepancy as exc:
            print(f"FAIL {name}: {exc}")
            return 1
        except httpx.HTTPError as exc:
            print(f"FAIL {name}: HTTP transport error {exc!r}")
            return 1
        print(f"ok {name} ({time.monotonic() - started:.2f} s)")
    print(f"all {len(run.checks())} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
