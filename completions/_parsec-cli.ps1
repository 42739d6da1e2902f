
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'parsec-cli' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'parsec-cli'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'parsec-cli' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('organization', 'organization', [CompletionResultType]::ParameterValue, 'Create, bootstrap and inspect organizations')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Devices stored on this machine')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Invite users, devices or a user to recover, and greet or claim invitations')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users of an organization')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Server-wide administration')
            [CompletionResult]::new('certificate', 'certificate', [CompletionResultType]::ParameterValue, 'Certificates kept for a device: poll for new ones, or forget them')
            [CompletionResult]::new('tos', 'tos', [CompletionResultType]::ParameterValue, 'Terms of service of an organization: list, accept, configure')
            [CompletionResult]::new('shared-recovery', 'shared-recovery', [CompletionResultType]::ParameterValue, 'Shared recovery (shamir): recipients who together can give you a new device')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;organization' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new organization on a server and print its bootstrap URL')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'Bootstrap an organization: create its first user (an administrator) and device')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Print an organization''s status (bootstrapped, expired, settings) as JSON')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Print an organization''s statistics (users per profile, storage) as JSON')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;organization;create' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--user-profile-outsider-allowed', '--user-profile-outsider-allowed', [CompletionResultType]::ParameterName, 'Whether users may have the OUTSIDER (external) profile [default: the server''s]')
            [CompletionResult]::new('--active-users-limit', '--active-users-limit', [CompletionResultType]::ParameterName, 'Maximum number of active users [default: the server''s]')
            [CompletionResult]::new('--minimum-archiving-period', '--minimum-archiving-period', [CompletionResultType]::ParameterName, 'Seconds before a deleted workspace is really deleted [default: the server''s]')
            [CompletionResult]::new('--tos', '--tos', [CompletionResultType]::ParameterName, 'Terms of service users must accept, as LOCALE=URL (repeat for each locale)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--no-active-users-limit', '--no-active-users-limit', [CompletionResultType]::ParameterName, 'No limit on the number of active users')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;organization;bootstrap' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Bootstrap URL, as printed by `organization create` (parsec3://…?a=bootstrap_organization&p=… or http(s)://…/redirect/…)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Bootstrap URL, as printed by `organization create` (parsec3://…?a=bootstrap_organization&p=… or http(s)://…/redirect/…)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Label of this device (e.g. "laptop")')
            [CompletionResult]::new('--device-label', '--device-label', [CompletionResultType]::ParameterName, 'Label of this device (e.g. "laptop")')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Full name of the first user')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Full name of the first user')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Email of the first user')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email of the first user')
            [CompletionResult]::new('--sequester-key', '--sequester-key', [CompletionResultType]::ParameterName, 'PEM file of the sequester authority''s public key (sequester can only be enabled now)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--accept-tos', '--accept-tos', [CompletionResultType]::ParameterName, 'Accept the organization''s terms of service, if it has any, without asking')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;organization;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Organization name, as the official CLI takes it')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Organization name, as the official CLI takes it')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;organization;stats' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Organization name, as the official CLI takes it')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Organization name, as the official CLI takes it')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;organization;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new organization on a server and print its bootstrap URL')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'Bootstrap an organization: create its first user (an administrator) and device')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Print an organization''s status (bootstrapped, expired, settings) as JSON')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Print an organization''s statistics (users per profile, storage) as JSON')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;organization;help;create' {
            break
        }
        'parsec-cli;organization;help;bootstrap' {
            break
        }
        'parsec-cli;organization;help;status' {
            break
        }
        'parsec-cli;organization;help;stats' {
            break
        }
        'parsec-cli;organization;help;help' {
            break
        }
        'parsec-cli;device' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the devices stored in the config dir')
            [CompletionResult]::new('forget-local', 'forget-local', [CompletionResultType]::ParameterValue, 'Forget a local device It will still exist on the server but not locally anymore')
            [CompletionResult]::new('overwrite-server-url', 'overwrite-server-url', [CompletionResultType]::ParameterValue, 'Change the server URL for the device, this is normally not needed')
            [CompletionResult]::new('change-authentication', 'change-authentication', [CompletionResultType]::ParameterValue, 'Change authentication medium for a device')
            [CompletionResult]::new('export-recovery-device', 'export-recovery-device', [CompletionResultType]::ParameterValue, 'Export recovery device')
            [CompletionResult]::new('import-recovery-device', 'import-recovery-device', [CompletionResultType]::ParameterValue, 'Import recovery device')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;device;list' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;device;forget-local' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to forget: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to forget: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;device;overwrite-server-url' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The new server URL: `http(s)://HOST[:PORT]`')
            [CompletionResult]::new('--server-url', '--server-url', [CompletionResultType]::ParameterName, 'The new server URL: `http(s)://HOST[:PORT]`')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to change: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to change: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;device;change-authentication' {
            [CompletionResult]::new('--new-password-file', '--new-password-file', [CompletionResultType]::ParameterName, 'Read the new password from this file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Protect the device with a new password')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Protect the device with a new password')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Protect the device with the OS keyring (Secret Service): no password needed to open it afterwards')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Protect the device with the OS keyring (Secret Service): no password needed to open it afterwards')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;device;export-recovery-device' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;device;import-recovery-device' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Path of the recovery device file')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Path of the recovery device file')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label of the new device (e.g. "new laptop")')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Label of the new device (e.g. "new laptop")')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;device;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the devices stored in the config dir')
            [CompletionResult]::new('forget-local', 'forget-local', [CompletionResultType]::ParameterValue, 'Forget a local device It will still exist on the server but not locally anymore')
            [CompletionResult]::new('overwrite-server-url', 'overwrite-server-url', [CompletionResultType]::ParameterValue, 'Change the server URL for the device, this is normally not needed')
            [CompletionResult]::new('change-authentication', 'change-authentication', [CompletionResultType]::ParameterValue, 'Change authentication medium for a device')
            [CompletionResult]::new('export-recovery-device', 'export-recovery-device', [CompletionResultType]::ParameterValue, 'Export recovery device')
            [CompletionResult]::new('import-recovery-device', 'import-recovery-device', [CompletionResultType]::ParameterValue, 'Import recovery device')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;device;help;list' {
            break
        }
        'parsec-cli;device;help;forget-local' {
            break
        }
        'parsec-cli;device;help;overwrite-server-url' {
            break
        }
        'parsec-cli;device;help;change-authentication' {
            break
        }
        'parsec-cli;device;help;export-recovery-device' {
            break
        }
        'parsec-cli;device;help;import-recovery-device' {
            break
        }
        'parsec-cli;device;help;help' {
            break
        }
        'parsec-cli;invite' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an invitation')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery')
            [CompletionResult]::new('greet', 'greet', [CompletionResultType]::ParameterValue, 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user''s shared recovery')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the invitations you can greet, pending, finished and cancelled')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Invite new users (administrators only) and print the URLs to give them')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Invite a new device of your own and print the URL to open on it')
            [CompletionResult]::new('shared-recovery', 'shared-recovery', [CompletionResultType]::ParameterValue, 'Invite a user to recover its account through its shared recovery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;invite;cancel' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;claim' {
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Parsec data directory [default: ~/.local/share/parsec3] (accepted for compatibility: a claim stores nothing there)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Parsec data directory [default: ~/.local/share/parsec3] (accepted for compatibility: a claim stores nothing there)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up (and cancel the greeting on the server) if the exchange is not over after this long, e.g. `90s`, `5m` [default: wait as long as it takes]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('--use-keyring', '--use-keyring', [CompletionResultType]::ParameterName, 'Protect the new device with the OS keyring (Secret Service) instead of a password')
            [CompletionResult]::new('--accept-tos', '--accept-tos', [CompletionResultType]::ParameterName, 'Accept the organization''s terms of service, if it has any, without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;greet' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up (and cancel the greeting on the server) if the exchange is not over after this long, e.g. `90s`, `5m` [default: wait as long as it takes]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('--edit-identity', '--edit-identity', [CompletionResultType]::ParameterName, 'For a user invitation, let me correct the name, email and device label the claimer asked for before the user is created (they are kept as requested otherwise)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;list' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;user' {
            [CompletionResult]::new('--emails-from', '--emails-from', [CompletionResultType]::ParameterName, 'Also invite the emails of this file, one per line (`-`: stdin)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Have the server email the invitation URL to the invitee')
            [CompletionResult]::new('--send-email', '--send-email', [CompletionResultType]::ParameterName, 'Have the server email the invitation URL to the invitee')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw the invitation URL as a QR code, for a claimer holding a phone (a single email only)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;device' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Have the server email the invitation URL to your own address (the official CLI never does)')
            [CompletionResult]::new('--send-email', '--send-email', [CompletionResultType]::ParameterName, 'Have the server email the invitation URL to your own address (the official CLI never does)')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw the invitation URL as a QR code, for a claimer holding a phone')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;shared-recovery' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--send-email', '--send-email', [CompletionResultType]::ParameterName, 'Have the server email the invitation URL to the user')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw the invitation URL as a QR code')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;invite;help' {
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an invitation')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery')
            [CompletionResult]::new('greet', 'greet', [CompletionResultType]::ParameterValue, 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user''s shared recovery')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the invitations you can greet, pending, finished and cancelled')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Invite new users (administrators only) and print the URLs to give them')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Invite a new device of your own and print the URL to open on it')
            [CompletionResult]::new('shared-recovery', 'shared-recovery', [CompletionResultType]::ParameterValue, 'Invite a user to recover its account through its shared recovery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;invite;help;cancel' {
            break
        }
        'parsec-cli;invite;help;claim' {
            break
        }
        'parsec-cli;invite;help;greet' {
            break
        }
        'parsec-cli;invite;help;list' {
            break
        }
        'parsec-cli;invite;help;user' {
            break
        }
        'parsec-cli;invite;help;device' {
            break
        }
        'parsec-cli;invite;help;shared-recovery' {
            break
        }
        'parsec-cli;invite;help;help' {
            break
        }
        'parsec-cli;user' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the organization''s users')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke users: all their devices lose access to the organization, for good')
            [CompletionResult]::new('totp-reset', 'totp-reset', [CompletionResultType]::ParameterValue, 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s profile (administrators only, not their own)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;user;list' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Skip revoked users')
            [CompletionResult]::new('--skip-revoked', '--skip-revoked', [CompletionResultType]::ParameterName, 'Skip revoked users')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;user;revoke' {
            [CompletionResult]::new('--emails-from', '--emails-from', [CompletionResultType]::ParameterName, 'Also revoke the users whose emails are in this file, one per line (`-`: stdin)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;user;totp-reset' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Organization ID')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Organization ID')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'User ID (hex) of the user to reset TOTP for (mutually exclusive with --user-email)')
            [CompletionResult]::new('--user-email', '--user-email', [CompletionResultType]::ParameterName, 'Email of the user to reset TOTP for (mutually exclusive with --user-id)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--send-email', '--send-email', [CompletionResultType]::ParameterName, 'Request the server to send an email informing the user of the reset')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;user;update' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The new profile')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;user;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the organization''s users')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke users: all their devices lose access to the organization, for good')
            [CompletionResult]::new('totp-reset', 'totp-reset', [CompletionResultType]::ParameterValue, 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s profile (administrators only, not their own)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;user;help;list' {
            break
        }
        'parsec-cli;user;help;revoke' {
            break
        }
        'parsec-cli;user;help;totp-reset' {
            break
        }
        'parsec-cli;user;help;update' {
            break
        }
        'parsec-cli;user;help;help' {
            break
        }
        'parsec-cli;server' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Print a per-organization report of the server''s usage')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;server;stats' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Ignore everything after this date (RFC 3339, e.g. 2024-01-01T00:00:00Z)')
            [CompletionResult]::new('--end-date', '--end-date', [CompletionResultType]::ParameterName, 'Ignore everything after this date (RFC 3339, e.g. 2024-01-01T00:00:00Z)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;server;help' {
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Print a per-organization report of the server''s usage')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;server;help;stats' {
            break
        }
        'parsec-cli;server;help;help' {
            break
        }
        'parsec-cli;certificate' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Poll the server for new certificates')
            [CompletionResult]::new('forget-all-certificates', 'forget-all-certificates', [CompletionResultType]::ParameterValue, 'Forget all certificates from the local database, this is not needed under normal circumstances')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;certificate;poll' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;certificate;forget-all-certificates' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;certificate;help' {
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Poll the server for new certificates')
            [CompletionResult]::new('forget-all-certificates', 'forget-all-certificates', [CompletionResultType]::ParameterValue, 'Forget all certificates from the local database, this is not needed under normal circumstances')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;certificate;help;poll' {
            break
        }
        'parsec-cli;certificate;help;forget-all-certificates' {
            break
        }
        'parsec-cli;certificate;help;help' {
            break
        }
        'parsec-cli;tos' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List available Terms of Service of an organization')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Configure TOS for an organization')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept Terms of Service of an organization')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;tos;list' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;tos;config' {
            [CompletionResult]::new('--from-json', '--from-json', [CompletionResultType]::ParameterName, 'Read the terms from a JSON file: an object `{"<locale>": "<url>", …}`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Organization name')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Organization name')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Administration token of the server')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove the terms of service of the organization')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;tos;accept' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Accept without showing the terms nor asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Accept without showing the terms nor asking')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;tos;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List available Terms of Service of an organization')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Configure TOS for an organization')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept Terms of Service of an organization')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;tos;help;list' {
            break
        }
        'parsec-cli;tos;help;config' {
            break
        }
        'parsec-cli;tos;help;accept' {
            break
        }
        'parsec-cli;tos;help;help' {
            break
        }
        'parsec-cli;shared-recovery' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Set up your shared recovery: recipients who, together, can give you a new device')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the shared recoveries you are a recipient of')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your shared recovery setup')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show your own shared recovery setup: its threshold and recipients')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;shared-recovery;create' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Emails of the recipients (not yourself) [default: the other administrators]')
            [CompletionResult]::new('--recipients', '--recipients', [CompletionResultType]::ParameterName, 'Emails of the recipients (not yourself) [default: the other administrators]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Shares of each recipient, in the order of --recipients [default: 1 each]')
            [CompletionResult]::new('--weights', '--weights', [CompletionResultType]::ParameterName, 'Shares of each recipient, in the order of --recipients [default: 1 each]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Number of shares needed to recover')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Number of shares needed to recover')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--no-confirmation', '--no-confirmation', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;shared-recovery;list' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;shared-recovery;delete' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;shared-recovery;info' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Parsec config directory [default: ~/.config/parsec3/libparsec]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (its first line); the file must not be readable by group or others')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of asking on the terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no status lines, no spinners)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'parsec-cli;shared-recovery;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Set up your shared recovery: recipients who, together, can give you a new device')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the shared recoveries you are a recipient of')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your shared recovery setup')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show your own shared recovery setup: its threshold and recipients')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;shared-recovery;help;create' {
            break
        }
        'parsec-cli;shared-recovery;help;list' {
            break
        }
        'parsec-cli;shared-recovery;help;delete' {
            break
        }
        'parsec-cli;shared-recovery;help;info' {
            break
        }
        'parsec-cli;shared-recovery;help;help' {
            break
        }
        'parsec-cli;help' {
            [CompletionResult]::new('organization', 'organization', [CompletionResultType]::ParameterValue, 'Create, bootstrap and inspect organizations')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Devices stored on this machine')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Invite users, devices or a user to recover, and greet or claim invitations')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users of an organization')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Server-wide administration')
            [CompletionResult]::new('certificate', 'certificate', [CompletionResultType]::ParameterValue, 'Certificates kept for a device: poll for new ones, or forget them')
            [CompletionResult]::new('tos', 'tos', [CompletionResultType]::ParameterValue, 'Terms of service of an organization: list, accept, configure')
            [CompletionResult]::new('shared-recovery', 'shared-recovery', [CompletionResultType]::ParameterValue, 'Shared recovery (shamir): recipients who together can give you a new device')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;help;organization' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new organization on a server and print its bootstrap URL')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'Bootstrap an organization: create its first user (an administrator) and device')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Print an organization''s status (bootstrapped, expired, settings) as JSON')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Print an organization''s statistics (users per profile, storage) as JSON')
            break
        }
        'parsec-cli;help;organization;create' {
            break
        }
        'parsec-cli;help;organization;bootstrap' {
            break
        }
        'parsec-cli;help;organization;status' {
            break
        }
        'parsec-cli;help;organization;stats' {
            break
        }
        'parsec-cli;help;device' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the devices stored in the config dir')
            [CompletionResult]::new('forget-local', 'forget-local', [CompletionResultType]::ParameterValue, 'Forget a local device It will still exist on the server but not locally anymore')
            [CompletionResult]::new('overwrite-server-url', 'overwrite-server-url', [CompletionResultType]::ParameterValue, 'Change the server URL for the device, this is normally not needed')
            [CompletionResult]::new('change-authentication', 'change-authentication', [CompletionResultType]::ParameterValue, 'Change authentication medium for a device')
            [CompletionResult]::new('export-recovery-device', 'export-recovery-device', [CompletionResultType]::ParameterValue, 'Export recovery device')
            [CompletionResult]::new('import-recovery-device', 'import-recovery-device', [CompletionResultType]::ParameterValue, 'Import recovery device')
            break
        }
        'parsec-cli;help;device;list' {
            break
        }
        'parsec-cli;help;device;forget-local' {
            break
        }
        'parsec-cli;help;device;overwrite-server-url' {
            break
        }
        'parsec-cli;help;device;change-authentication' {
            break
        }
        'parsec-cli;help;device;export-recovery-device' {
            break
        }
        'parsec-cli;help;device;import-recovery-device' {
            break
        }
        'parsec-cli;help;invite' {
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an invitation')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery')
            [CompletionResult]::new('greet', 'greet', [CompletionResultType]::ParameterValue, 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user''s shared recovery')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the invitations you can greet, pending, finished and cancelled')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Invite new users (administrators only) and print the URLs to give them')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Invite a new device of your own and print the URL to open on it')
            [CompletionResult]::new('shared-recovery', 'shared-recovery', [CompletionResultType]::ParameterValue, 'Invite a user to recover its account through its shared recovery')
            break
        }
        'parsec-cli;help;invite;cancel' {
            break
        }
        'parsec-cli;help;invite;claim' {
            break
        }
        'parsec-cli;help;invite;greet' {
            break
        }
        'parsec-cli;help;invite;list' {
            break
        }
        'parsec-cli;help;invite;user' {
            break
        }
        'parsec-cli;help;invite;device' {
            break
        }
        'parsec-cli;help;invite;shared-recovery' {
            break
        }
        'parsec-cli;help;user' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the organization''s users')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke users: all their devices lose access to the organization, for good')
            [CompletionResult]::new('totp-reset', 'totp-reset', [CompletionResultType]::ParameterValue, 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s profile (administrators only, not their own)')
            break
        }
        'parsec-cli;help;user;list' {
            break
        }
        'parsec-cli;help;user;revoke' {
            break
        }
        'parsec-cli;help;user;totp-reset' {
            break
        }
        'parsec-cli;help;user;update' {
            break
        }
        'parsec-cli;help;server' {
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Print a per-organization report of the server''s usage')
            break
        }
        'parsec-cli;help;server;stats' {
            break
        }
        'parsec-cli;help;certificate' {
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Poll the server for new certificates')
            [CompletionResult]::new('forget-all-certificates', 'forget-all-certificates', [CompletionResultType]::ParameterValue, 'Forget all certificates from the local database, this is not needed under normal circumstances')
            break
        }
        'parsec-cli;help;certificate;poll' {
            break
        }
        'parsec-cli;help;certificate;forget-all-certificates' {
            break
        }
        'parsec-cli;help;tos' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List available Terms of Service of an organization')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Configure TOS for an organization')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept Terms of Service of an organization')
            break
        }
        'parsec-cli;help;tos;list' {
            break
        }
        'parsec-cli;help;tos;config' {
            break
        }
        'parsec-cli;help;tos;accept' {
            break
        }
        'parsec-cli;help;shared-recovery' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Set up your shared recovery: recipients who, together, can give you a new device')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the shared recoveries you are a recipient of')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your shared recovery setup')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show your own shared recovery setup: its threshold and recipients')
            break
        }
        'parsec-cli;help;shared-recovery;create' {
            break
        }
        'parsec-cli;help;shared-recovery;list' {
            break
        }
        'parsec-cli;help;shared-recovery;delete' {
            break
        }
        'parsec-cli;help;shared-recovery;info' {
            break
        }
        'parsec-cli;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
