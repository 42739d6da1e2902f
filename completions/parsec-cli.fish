# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_parsec_cli_global_optspecs
    string join \n q/quiet v/verbose f/format= color= h/help V/version
end

function __fish_parsec_cli_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_parsec_cli_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_parsec_cli_using_subcommand
    set -l cmd (__fish_parsec_cli_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "organization" -d 'Create, bootstrap and inspect organizations'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "device" -d 'Devices stored on this machine'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "invite" -d 'Invite users, devices or a user to recover, and greet or claim invitations'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "user" -d 'Users of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "server" -d 'Server-wide administration'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "certificate" -d 'Certificates kept for a device: poll for new ones, or forget them'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "tos" -d 'Terms of service of an organization: list, accept, configure'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "shared-recovery" -d 'Shared recovery (shamir): recipients who together can give you a new device'
complete -c parsec-cli -n "__fish_parsec_cli_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -f -a "create" -d 'Create a new organization on a server and print its bootstrap URL'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -f -a "bootstrap" -d 'Bootstrap an organization: create its first user (an administrator) and device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -f -a "status" -d 'Print an organization\'s status (bootstrapped, expired, settings) as JSON'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -f -a "stats" -d 'Print an organization\'s statistics (users per profile, storage) as JSON'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and not __fish_seen_subcommand_from create bootstrap status stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s t -l token -d 'Administration token of the server' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s a -l addr -d 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -l user-profile-outsider-allowed -d 'Whether users may have the OUTSIDER (external) profile [default: the server\'s]' -r -f -a "true\t''
false\t''"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -l active-users-limit -d 'Maximum number of active users [default: the server\'s]' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -l minimum-archiving-period -d 'Seconds before a deleted workspace is really deleted [default: the server\'s]' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -l tos -d 'Terms of service users must accept, as LOCALE=URL (repeat for each locale)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -l no-active-users-limit -d 'No limit on the number of active users'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s a -l addr -d 'Bootstrap URL, as printed by `organization create` (parsec3://…?a=bootstrap_organization&p=… or http(s)://…/redirect/…)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s d -l device-label -d 'Label of this device (e.g. "laptop")' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s l -l label -d 'Full name of the first user' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s e -l email -d 'Email of the first user' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -l sequester-key -d 'PEM file of the sequester authority\'s public key (sequester can only be enabled now)' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -l accept-tos -d 'Accept the organization\'s terms of service, if it has any, without asking'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from bootstrap" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s o -l organization -d 'Organization name, as the official CLI takes it' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s t -l token -d 'Administration token of the server' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s a -l addr -d 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s o -l organization -d 'Organization name, as the official CLI takes it' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s t -l token -d 'Administration token of the server' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s a -l addr -d 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a new organization on a server and print its bootstrap URL'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from help" -f -a "bootstrap" -d 'Bootstrap an organization: create its first user (an administrator) and device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from help" -f -a "status" -d 'Print an organization\'s status (bootstrapped, expired, settings) as JSON'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Print an organization\'s statistics (users per profile, storage) as JSON'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand organization; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "list" -d 'List the devices stored in the config dir'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "forget-local" -d 'Forget a local device It will still exist on the server but not locally anymore'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "overwrite-server-url" -d 'Change the server URL for the device, this is normally not needed'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "change-authentication" -d 'Change authentication medium for a device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "export-recovery-device" -d 'Export recovery device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "import-recovery-device" -d 'Import recovery device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and not __fish_seen_subcommand_from list forget-local overwrite-server-url change-authentication export-recovery-device import-recovery-device help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s d -l device -d 'Device to forget: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s y -l yes -d 'Do not ask for confirmation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from forget-local" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s s -l server-url -d 'The new server URL: `http(s)://HOST[:PORT]`' -r -f
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s d -l device -d 'Device to change: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s y -l yes -d 'Do not ask for confirmation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from overwrite-server-url" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -l new-password-file -d 'Read the new password from this file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s p -l password -d 'Protect the device with a new password'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s k -l keyring -d 'Protect the device with the OS keyring (Secret Service): no password needed to open it afterwards'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from change-authentication" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from export-recovery-device" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s i -l input -d 'Path of the recovery device file' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s l -l label -d 'Label of the new device (e.g. "new laptop")' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from import-recovery-device" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the devices stored in the config dir'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "forget-local" -d 'Forget a local device It will still exist on the server but not locally anymore'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "overwrite-server-url" -d 'Change the server URL for the device, this is normally not needed'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "change-authentication" -d 'Change authentication medium for a device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "export-recovery-device" -d 'Export recovery device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "import-recovery-device" -d 'Import recovery device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand device; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "cancel" -d 'Cancel an invitation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "claim" -d 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "greet" -d 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user\'s shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "list" -d 'List the invitations you can greet, pending, finished and cancelled'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "user" -d 'Invite new users (administrators only) and print the URLs to give them'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "device" -d 'Invite a new device of your own and print the URL to open on it'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "shared-recovery" -d 'Invite a user to recover its account through its shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and not __fish_seen_subcommand_from cancel claim greet list user device shared-recovery help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s d -l data-dir -d 'Parsec data directory [default: ~/.local/share/parsec3] (accepted for compatibility: a claim stores nothing there)' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -l timeout -d 'Give up (and cancel the greeting on the server) if the exchange is not over after this long, e.g. `90s`, `5m` [default: wait as long as it takes]' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -l use-keyring -d 'Protect the new device with the OS keyring (Secret Service) instead of a password'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -l accept-tos -d 'Accept the organization\'s terms of service, if it has any, without asking'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from claim" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -l timeout -d 'Give up (and cancel the greeting on the server) if the exchange is not over after this long, e.g. `90s`, `5m` [default: wait as long as it takes]' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -l edit-identity -d 'For a user invitation, let me correct the name, email and device label the claimer asked for before the user is created (they are kept as requested otherwise)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from greet" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -l emails-from -d 'Also invite the emails of this file, one per line (`-`: stdin)' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s s -l send-email -d 'Have the server email the invitation URL to the invitee'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -l qr -d 'Also draw the invitation URL as a QR code, for a claimer holding a phone (a single email only)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from user" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s s -l send-email -d 'Have the server email the invitation URL to your own address (the official CLI never does)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -l qr -d 'Also draw the invitation URL as a QR code, for a claimer holding a phone'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from device" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -l send-email -d 'Have the server email the invitation URL to the user'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -l qr -d 'Also draw the invitation URL as a QR code'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from shared-recovery" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel an invitation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "claim" -d 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "greet" -d 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user\'s shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the invitations you can greet, pending, finished and cancelled'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "user" -d 'Invite new users (administrators only) and print the URLs to give them'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "device" -d 'Invite a new device of your own and print the URL to open on it'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "shared-recovery" -d 'Invite a user to recover its account through its shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -f -a "list" -d 'List the organization\'s users'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -f -a "revoke" -d 'Revoke users: all their devices lose access to the organization, for good'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -f -a "totp-reset" -d 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -f -a "update" -d 'Change a user\'s profile (administrators only, not their own)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and not __fish_seen_subcommand_from list revoke totp-reset update help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s s -l skip-revoked -d 'Skip revoked users'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -l emails-from -d 'Also revoke the users whose emails are in this file, one per line (`-`: stdin)' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s o -l organization -d 'Organization ID' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s t -l token -d 'Administration token of the server' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s a -l addr -d 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -l user-id -d 'User ID (hex) of the user to reset TOTP for (mutually exclusive with --user-email)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -l user-email -d 'Email of the user to reset TOTP for (mutually exclusive with --user-id)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -l send-email -d 'Request the server to send an email informing the user of the reset'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from totp-reset" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -l profile -d 'The new profile' -r -f -a "admin\t'Administrator: invites, revokes, manages users'
standard\t'Standard member'
outsider\t'External: sees other users\' names and emails redacted'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the organization\'s users'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke users: all their devices lose access to the organization, for good'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "totp-reset" -d 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a user\'s profile (administrators only, not their own)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -f -a "stats" -d 'Print a per-organization report of the server\'s usage'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and not __fish_seen_subcommand_from stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s t -l token -d 'Administration token of the server' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s a -l addr -d 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s e -l end-date -d 'Ignore everything after this date (RFC 3339, e.g. 2024-01-01T00:00:00Z)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Print a per-organization report of the server\'s usage'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand server; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -f -a "poll" -d 'Poll the server for new certificates'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -f -a "forget-all-certificates" -d 'Forget all certificates from the local database, this is not needed under normal circumstances'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and not __fish_seen_subcommand_from poll forget-all-certificates help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from poll" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s y -l yes -d 'Do not ask for confirmation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from forget-all-certificates" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from help" -f -a "poll" -d 'Poll the server for new certificates'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from help" -f -a "forget-all-certificates" -d 'Forget all certificates from the local database, this is not needed under normal circumstances'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand certificate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -f -a "list" -d 'List available Terms of Service of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -f -a "config" -d 'Configure TOS for an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -f -a "accept" -d 'Accept Terms of Service of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and not __fish_seen_subcommand_from list config accept help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -l from-json -d 'Read the terms from a JSON file: an object `{"<locale>": "<url>", …}`' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s o -l organization -d 'Organization name' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s t -l token -d 'Administration token of the server' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s a -l addr -d 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -l remove -d 'Remove the terms of service of the organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from config" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s y -l yes -d 'Accept without showing the terms nor asking'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from accept" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from help" -f -a "list" -d 'List available Terms of Service of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from help" -f -a "config" -d 'Configure TOS for an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from help" -f -a "accept" -d 'Accept Terms of Service of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand tos; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -f -a "create" -d 'Set up your shared recovery: recipients who, together, can give you a new device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -f -a "list" -d 'List the shared recoveries you are a recipient of'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -f -a "delete" -d 'Delete your shared recovery setup'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -f -a "info" -d 'Show your own shared recovery setup: its threshold and recipients'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and not __fish_seen_subcommand_from create list delete info help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s r -l recipients -d 'Emails of the recipients (not yourself) [default: the other administrators]' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s w -l weights -d 'Shares of each recipient, in the order of --recipients [default: 1 each]' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s t -l threshold -d 'Number of shares needed to recover' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -l no-confirmation -d 'Do not ask for confirmation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s d -l device -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)' -r
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s c -l config-dir -d 'Parsec config directory [default: ~/.config/parsec3/libparsec]' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -l password-file -d 'Read the password from a file (its first line); the file must not be readable by group or others' -r -F
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s f -l format -d 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]' -r -f -a "text\t'Lines for people (the official CLI\'s wording)'
json\t'One JSON object per result, for scripts'
csv\t'Comma-separated values (`server stats` only)'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -l color -d 'When to colour output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t'On terminals, unless NO_COLOR is set'
always\t'Always (even when piped)'
never\t'Never'"
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -l password-stdin -d 'Read the password from stdin (one line) instead of asking on the terminal'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Print only data and errors (no status lines, no spinners)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s v -l verbose -d 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from help" -f -a "create" -d 'Set up your shared recovery: recipients who, together, can give you a new device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the shared recoveries you are a recipient of'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete your shared recovery setup'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from help" -f -a "info" -d 'Show your own shared recovery setup: its threshold and recipients'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand shared-recovery; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "organization" -d 'Create, bootstrap and inspect organizations'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "device" -d 'Devices stored on this machine'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "invite" -d 'Invite users, devices or a user to recover, and greet or claim invitations'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "user" -d 'Users of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "server" -d 'Server-wide administration'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "certificate" -d 'Certificates kept for a device: poll for new ones, or forget them'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "tos" -d 'Terms of service of an organization: list, accept, configure'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "shared-recovery" -d 'Shared recovery (shamir): recipients who together can give you a new device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and not __fish_seen_subcommand_from organization device invite user server certificate tos shared-recovery help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from organization" -f -a "create" -d 'Create a new organization on a server and print its bootstrap URL'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from organization" -f -a "bootstrap" -d 'Bootstrap an organization: create its first user (an administrator) and device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from organization" -f -a "status" -d 'Print an organization\'s status (bootstrapped, expired, settings) as JSON'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from organization" -f -a "stats" -d 'Print an organization\'s statistics (users per profile, storage) as JSON'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "list" -d 'List the devices stored in the config dir'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "forget-local" -d 'Forget a local device It will still exist on the server but not locally anymore'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "overwrite-server-url" -d 'Change the server URL for the device, this is normally not needed'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "change-authentication" -d 'Change authentication medium for a device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "export-recovery-device" -d 'Export recovery device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from device" -f -a "import-recovery-device" -d 'Import recovery device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "cancel" -d 'Cancel an invitation'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "claim" -d 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "greet" -d 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user\'s shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "list" -d 'List the invitations you can greet, pending, finished and cancelled'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "user" -d 'Invite new users (administrators only) and print the URLs to give them'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "device" -d 'Invite a new device of your own and print the URL to open on it'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "shared-recovery" -d 'Invite a user to recover its account through its shared recovery'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List the organization\'s users'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "revoke" -d 'Revoke users: all their devices lose access to the organization, for good'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "totp-reset" -d 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "update" -d 'Change a user\'s profile (administrators only, not their own)'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from server" -f -a "stats" -d 'Print a per-organization report of the server\'s usage'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from certificate" -f -a "poll" -d 'Poll the server for new certificates'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from certificate" -f -a "forget-all-certificates" -d 'Forget all certificates from the local database, this is not needed under normal circumstances'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from tos" -f -a "list" -d 'List available Terms of Service of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from tos" -f -a "config" -d 'Configure TOS for an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from tos" -f -a "accept" -d 'Accept Terms of Service of an organization'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from shared-recovery" -f -a "create" -d 'Set up your shared recovery: recipients who, together, can give you a new device'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from shared-recovery" -f -a "list" -d 'List the shared recoveries you are a recipient of'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from shared-recovery" -f -a "delete" -d 'Delete your shared recovery setup'
complete -c parsec-cli -n "__fish_parsec_cli_using_subcommand help; and __fish_seen_subcommand_from shared-recovery" -f -a "info" -d 'Show your own shared recovery setup: its threshold and recipients'
