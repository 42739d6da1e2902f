#!/usr/bin/env bash
# Create an organization, bootstrap it, and invite a user, reading every result back as
# JSON with jq. Needs a running server and its administration token:
#
#   export PARSEC_SERVER_ADDR='parsec3://127.0.0.1:6777?no_ssl=true'
#   export PARSEC_ADMINISTRATION_TOKEN='s3cr3t'
#   examples/onboard.sh MyOrg admin@example.com bob@example.com
#
# The administrator's password is read from the file named by PARSEC_PASSWORD_FILE
# (mode 0600); without it a random one is generated and written next to the device file.
# PARSEC_CLI names the parsec-cli binary (default: `parsec-cli` on PATH). Prints the
# invitation token (for `invite greet`) and URL (for `invite claim`) as shell variables.
set -euo pipefail

org=${1:?usage: $0 ORGANIZATION ADMIN_EMAIL INVITEE_EMAIL}
admin_email=${2:?usage: $0 ORGANIZATION ADMIN_EMAIL INVITEE_EMAIL}
invitee_email=${3:?usage: $0 ORGANIZATION ADMIN_EMAIL INVITEE_EMAIL}
cli=${PARSEC_CLI:-parsec-cli}
: "${PARSEC_SERVER_ADDR:?set PARSEC_SERVER_ADDR}" "${PARSEC_ADMINISTRATION_TOKEN:?set PARSEC_ADMINISTRATION_TOKEN}"

if [[ -z "${PARSEC_PASSWORD_FILE:-}" ]]; then
    config_dir=${PARSEC_CONFIG_DIR:-$HOME/.config/parsec3/libparsec}
    mkdir -p "$config_dir"
    export PARSEC_PASSWORD_FILE="$config_dir/$org-admin.password"
    (umask 077 && head -c 24 /dev/urandom | base64 > "$PARSEC_PASSWORD_FILE")
    echo "administrator password written to $PARSEC_PASSWORD_FILE" >&2
fi

# 1. The organization and its bootstrap URL.
bootstrap_url=$("$cli" organization create "$org" --format json | jq -r .bootstrap_url)

# 2. Its first user (an administrator) and device.
device=$("$cli" organization bootstrap --addr "$bootstrap_url" \
    --label "Administrator" --email "$admin_email" --device-label "$(hostname)" \
    --format json | jq -r .device_id)

# 3. An invitation for the new user.
invitation=$("$cli" invite user "$invitee_email" --device "$device" --format json)
token=$(jq -r .token <<<"$invitation")
url=$(jq -r .url <<<"$invitation")

printf 'device=%s\ntoken=%s\nurl=%s\n' "$device" "$token" "$url"
