
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
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users of an organization')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Server-wide administration')
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
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Organization name')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Organization name')
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
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Organization name')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Organization name')
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
        'parsec-cli;device;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the devices stored in the config dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'parsec-cli;device;help;list' {
            break
        }
        'parsec-cli;device;help;help' {
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
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a user: all their devices lose access to the organization, for good')
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
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a user: all their devices lose access to the organization, for good')
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
        'parsec-cli;help' {
            [CompletionResult]::new('organization', 'organization', [CompletionResultType]::ParameterValue, 'Create, bootstrap and inspect organizations')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Devices stored on this machine')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users of an organization')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Server-wide administration')
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
            break
        }
        'parsec-cli;help;device;list' {
            break
        }
        'parsec-cli;help;user' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the organization''s users')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a user: all their devices lose access to the organization, for good')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s profile (administrators only, not their own)')
            break
        }
        'parsec-cli;help;user;list' {
            break
        }
        'parsec-cli;help;user;revoke' {
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
        'parsec-cli;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
