
use builtin;
use str;

set edit:completion:arg-completer[parsec-cli] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'parsec-cli'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'parsec-cli'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand organization 'Create, bootstrap and inspect organizations'
            cand device 'Devices stored on this machine'
            cand invite 'Invite users, devices or a user to recover, and greet or claim invitations'
            cand user 'Users of an organization'
            cand server 'Server-wide administration'
            cand certificate 'Certificates kept for a device: poll for new ones, or forget them'
            cand tos 'Terms of service of an organization: list, accept, configure'
            cand shared-recovery 'Shared recovery (shamir): recipients who together can give you a new device'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;organization'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a new organization on a server and print its bootstrap URL'
            cand bootstrap 'Bootstrap an organization: create its first user (an administrator) and device'
            cand status 'Print an organization''s status (bootstrapped, expired, settings) as JSON'
            cand stats 'Print an organization''s statistics (users per profile, storage) as JSON'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;organization;create'= {
            cand -t 'Administration token of the server'
            cand --token 'Administration token of the server'
            cand -a 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --addr 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --user-profile-outsider-allowed 'Whether users may have the OUTSIDER (external) profile [default: the server''s]'
            cand --active-users-limit 'Maximum number of active users [default: the server''s]'
            cand --minimum-archiving-period 'Seconds before a deleted workspace is really deleted [default: the server''s]'
            cand --tos 'Terms of service users must accept, as LOCALE=URL (repeat for each locale)'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --no-active-users-limit 'No limit on the number of active users'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;organization;bootstrap'= {
            cand -a 'Bootstrap URL, as printed by `organization create` (parsec3://…?a=bootstrap_organization&p=… or http(s)://…/redirect/…)'
            cand --addr 'Bootstrap URL, as printed by `organization create` (parsec3://…?a=bootstrap_organization&p=… or http(s)://…/redirect/…)'
            cand -d 'Label of this device (e.g. "laptop")'
            cand --device-label 'Label of this device (e.g. "laptop")'
            cand -l 'Full name of the first user'
            cand --label 'Full name of the first user'
            cand -e 'Email of the first user'
            cand --email 'Email of the first user'
            cand --sequester-key 'PEM file of the sequester authority''s public key (sequester can only be enabled now)'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --accept-tos 'Accept the organization''s terms of service, if it has any, without asking'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;organization;status'= {
            cand -o 'Organization name, as the official CLI takes it'
            cand --organization 'Organization name, as the official CLI takes it'
            cand -t 'Administration token of the server'
            cand --token 'Administration token of the server'
            cand -a 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --addr 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;organization;stats'= {
            cand -o 'Organization name, as the official CLI takes it'
            cand --organization 'Organization name, as the official CLI takes it'
            cand -t 'Administration token of the server'
            cand --token 'Administration token of the server'
            cand -a 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --addr 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;organization;help'= {
            cand create 'Create a new organization on a server and print its bootstrap URL'
            cand bootstrap 'Bootstrap an organization: create its first user (an administrator) and device'
            cand status 'Print an organization''s status (bootstrapped, expired, settings) as JSON'
            cand stats 'Print an organization''s statistics (users per profile, storage) as JSON'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;organization;help;create'= {
        }
        &'parsec-cli;organization;help;bootstrap'= {
        }
        &'parsec-cli;organization;help;status'= {
        }
        &'parsec-cli;organization;help;stats'= {
        }
        &'parsec-cli;organization;help;help'= {
        }
        &'parsec-cli;device'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the devices stored in the config dir'
            cand forget-local 'Forget a local device It will still exist on the server but not locally anymore'
            cand overwrite-server-url 'Change the server URL for the device, this is normally not needed'
            cand change-authentication 'Change authentication medium for a device'
            cand export-recovery-device 'Export recovery device'
            cand import-recovery-device 'Import recovery device'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;device;list'= {
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;device;forget-local'= {
            cand -d 'Device to forget: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to forget: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;device;overwrite-server-url'= {
            cand -s 'The new server URL: `http(s)://HOST[:PORT]`'
            cand --server-url 'The new server URL: `http(s)://HOST[:PORT]`'
            cand -d 'Device to change: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to change: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;device;change-authentication'= {
            cand --new-password-file 'Read the new password from this file (its first line); the file must not be readable by group or others'
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -p 'Protect the device with a new password'
            cand --password 'Protect the device with a new password'
            cand -k 'Protect the device with the OS keyring (Secret Service): no password needed to open it afterwards'
            cand --keyring 'Protect the device with the OS keyring (Secret Service): no password needed to open it afterwards'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;device;export-recovery-device'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;device;import-recovery-device'= {
            cand -i 'Path of the recovery device file'
            cand --input 'Path of the recovery device file'
            cand -l 'Label of the new device (e.g. "new laptop")'
            cand --label 'Label of the new device (e.g. "new laptop")'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;device;help'= {
            cand list 'List the devices stored in the config dir'
            cand forget-local 'Forget a local device It will still exist on the server but not locally anymore'
            cand overwrite-server-url 'Change the server URL for the device, this is normally not needed'
            cand change-authentication 'Change authentication medium for a device'
            cand export-recovery-device 'Export recovery device'
            cand import-recovery-device 'Import recovery device'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;device;help;list'= {
        }
        &'parsec-cli;device;help;forget-local'= {
        }
        &'parsec-cli;device;help;overwrite-server-url'= {
        }
        &'parsec-cli;device;help;change-authentication'= {
        }
        &'parsec-cli;device;help;export-recovery-device'= {
        }
        &'parsec-cli;device;help;import-recovery-device'= {
        }
        &'parsec-cli;device;help;help'= {
        }
        &'parsec-cli;invite'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand cancel 'Cancel an invitation'
            cand claim 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery'
            cand greet 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user''s shared recovery'
            cand list 'List the invitations you can greet, pending, finished and cancelled'
            cand user 'Invite new users (administrators only) and print the URLs to give them'
            cand device 'Invite a new device of your own and print the URL to open on it'
            cand shared-recovery 'Invite a user to recover its account through its shared recovery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;invite;cancel'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;claim'= {
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -d 'Parsec data directory [default: ~/.local/share/parsec3] (accepted for compatibility: a claim stores nothing there)'
            cand --data-dir 'Parsec data directory [default: ~/.local/share/parsec3] (accepted for compatibility: a claim stores nothing there)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --timeout 'Give up (and cancel the greeting on the server) if the exchange is not over after this long, e.g. `90s`, `5m` [default: wait as long as it takes]'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand --use-keyring 'Protect the new device with the OS keyring (Secret Service) instead of a password'
            cand --accept-tos 'Accept the organization''s terms of service, if it has any, without asking'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;greet'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand --timeout 'Give up (and cancel the greeting on the server) if the exchange is not over after this long, e.g. `90s`, `5m` [default: wait as long as it takes]'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand --edit-identity 'For a user invitation, let me correct the name, email and device label the claimer asked for before the user is created (they are kept as requested otherwise)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;list'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;user'= {
            cand --emails-from 'Also invite the emails of this file, one per line (`-`: stdin)'
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -s 'Have the server email the invitation URL to the invitee'
            cand --send-email 'Have the server email the invitation URL to the invitee'
            cand --qr 'Also draw the invitation URL as a QR code, for a claimer holding a phone (a single email only)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;device'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -s 'Have the server email the invitation URL to your own address (the official CLI never does)'
            cand --send-email 'Have the server email the invitation URL to your own address (the official CLI never does)'
            cand --qr 'Also draw the invitation URL as a QR code, for a claimer holding a phone'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;shared-recovery'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --send-email 'Have the server email the invitation URL to the user'
            cand --qr 'Also draw the invitation URL as a QR code'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;invite;help'= {
            cand cancel 'Cancel an invitation'
            cand claim 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery'
            cand greet 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user''s shared recovery'
            cand list 'List the invitations you can greet, pending, finished and cancelled'
            cand user 'Invite new users (administrators only) and print the URLs to give them'
            cand device 'Invite a new device of your own and print the URL to open on it'
            cand shared-recovery 'Invite a user to recover its account through its shared recovery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;invite;help;cancel'= {
        }
        &'parsec-cli;invite;help;claim'= {
        }
        &'parsec-cli;invite;help;greet'= {
        }
        &'parsec-cli;invite;help;list'= {
        }
        &'parsec-cli;invite;help;user'= {
        }
        &'parsec-cli;invite;help;device'= {
        }
        &'parsec-cli;invite;help;shared-recovery'= {
        }
        &'parsec-cli;invite;help;help'= {
        }
        &'parsec-cli;user'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the organization''s users'
            cand revoke 'Revoke users: all their devices lose access to the organization, for good'
            cand totp-reset 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)'
            cand update 'Change a user''s profile (administrators only, not their own)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;user;list'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -s 'Skip revoked users'
            cand --skip-revoked 'Skip revoked users'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;user;revoke'= {
            cand --emails-from 'Also revoke the users whose emails are in this file, one per line (`-`: stdin)'
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;user;totp-reset'= {
            cand -o 'Organization ID'
            cand --organization 'Organization ID'
            cand -t 'Administration token of the server'
            cand --token 'Administration token of the server'
            cand -a 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --addr 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --user-id 'User ID (hex) of the user to reset TOTP for (mutually exclusive with --user-email)'
            cand --user-email 'Email of the user to reset TOTP for (mutually exclusive with --user-id)'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --send-email 'Request the server to send an email informing the user of the reset'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;user;update'= {
            cand --profile 'The new profile'
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;user;help'= {
            cand list 'List the organization''s users'
            cand revoke 'Revoke users: all their devices lose access to the organization, for good'
            cand totp-reset 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)'
            cand update 'Change a user''s profile (administrators only, not their own)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;user;help;list'= {
        }
        &'parsec-cli;user;help;revoke'= {
        }
        &'parsec-cli;user;help;totp-reset'= {
        }
        &'parsec-cli;user;help;update'= {
        }
        &'parsec-cli;user;help;help'= {
        }
        &'parsec-cli;server'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand stats 'Print a per-organization report of the server''s usage'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;server;stats'= {
            cand -t 'Administration token of the server'
            cand --token 'Administration token of the server'
            cand -a 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --addr 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand -e 'Ignore everything after this date (RFC 3339, e.g. 2024-01-01T00:00:00Z)'
            cand --end-date 'Ignore everything after this date (RFC 3339, e.g. 2024-01-01T00:00:00Z)'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;server;help'= {
            cand stats 'Print a per-organization report of the server''s usage'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;server;help;stats'= {
        }
        &'parsec-cli;server;help;help'= {
        }
        &'parsec-cli;certificate'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand poll 'Poll the server for new certificates'
            cand forget-all-certificates 'Forget all certificates from the local database, this is not needed under normal circumstances'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;certificate;poll'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;certificate;forget-all-certificates'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;certificate;help'= {
            cand poll 'Poll the server for new certificates'
            cand forget-all-certificates 'Forget all certificates from the local database, this is not needed under normal circumstances'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;certificate;help;poll'= {
        }
        &'parsec-cli;certificate;help;forget-all-certificates'= {
        }
        &'parsec-cli;certificate;help;help'= {
        }
        &'parsec-cli;tos'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List available Terms of Service of an organization'
            cand config 'Configure TOS for an organization'
            cand accept 'Accept Terms of Service of an organization'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;tos;list'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;tos;config'= {
            cand --from-json 'Read the terms from a JSON file: an object `{"<locale>": "<url>", …}`'
            cand -o 'Organization name'
            cand --organization 'Organization name'
            cand -t 'Administration token of the server'
            cand --token 'Administration token of the server'
            cand -a 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand --addr 'Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --remove 'Remove the terms of service of the organization'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;tos;accept'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -y 'Accept without showing the terms nor asking'
            cand --yes 'Accept without showing the terms nor asking'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;tos;help'= {
            cand list 'List available Terms of Service of an organization'
            cand config 'Configure TOS for an organization'
            cand accept 'Accept Terms of Service of an organization'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;tos;help;list'= {
        }
        &'parsec-cli;tos;help;config'= {
        }
        &'parsec-cli;tos;help;accept'= {
        }
        &'parsec-cli;tos;help;help'= {
        }
        &'parsec-cli;shared-recovery'= {
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Set up your shared recovery: recipients who, together, can give you a new device'
            cand list 'List the shared recoveries you are a recipient of'
            cand delete 'Delete your shared recovery setup'
            cand info 'Show your own shared recovery setup: its threshold and recipients'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;shared-recovery;create'= {
            cand -r 'Emails of the recipients (not yourself) [default: the other administrators]'
            cand --recipients 'Emails of the recipients (not yourself) [default: the other administrators]'
            cand -w 'Shares of each recipient, in the order of --recipients [default: 1 each]'
            cand --weights 'Shares of each recipient, in the order of --recipients [default: 1 each]'
            cand -t 'Number of shares needed to recover'
            cand --threshold 'Number of shares needed to recover'
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --no-confirmation 'Do not ask for confirmation'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;shared-recovery;list'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;shared-recovery;delete'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;shared-recovery;info'= {
            cand -d 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand --device 'Device to use: an ID prefix as shown by `device list`, the full ID, or its label (may be left out when the config dir holds a single device)'
            cand -c 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --config-dir 'Parsec config directory [default: ~/.config/parsec3/libparsec]'
            cand --password-file 'Read the password from a file (its first line); the file must not be readable by group or others'
            cand -f 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --format 'Output format on stdout [default: text; JSON for `organization status/stats` and `server stats`, as the official CLI]'
            cand --color 'When to colour output (NO_COLOR is honoured with `auto`)'
            cand --password-stdin 'Read the password from stdin (one line) instead of asking on the terminal'
            cand -q 'Print only data and errors (no status lines, no spinners)'
            cand --quiet 'Print only data and errors (no status lines, no spinners)'
            cand -v 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand --verbose 'Show debug logs on stderr (repeat for more; `RUST_LOG` also works)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'parsec-cli;shared-recovery;help'= {
            cand create 'Set up your shared recovery: recipients who, together, can give you a new device'
            cand list 'List the shared recoveries you are a recipient of'
            cand delete 'Delete your shared recovery setup'
            cand info 'Show your own shared recovery setup: its threshold and recipients'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;shared-recovery;help;create'= {
        }
        &'parsec-cli;shared-recovery;help;list'= {
        }
        &'parsec-cli;shared-recovery;help;delete'= {
        }
        &'parsec-cli;shared-recovery;help;info'= {
        }
        &'parsec-cli;shared-recovery;help;help'= {
        }
        &'parsec-cli;help'= {
            cand organization 'Create, bootstrap and inspect organizations'
            cand device 'Devices stored on this machine'
            cand invite 'Invite users, devices or a user to recover, and greet or claim invitations'
            cand user 'Users of an organization'
            cand server 'Server-wide administration'
            cand certificate 'Certificates kept for a device: poll for new ones, or forget them'
            cand tos 'Terms of service of an organization: list, accept, configure'
            cand shared-recovery 'Shared recovery (shamir): recipients who together can give you a new device'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'parsec-cli;help;organization'= {
            cand create 'Create a new organization on a server and print its bootstrap URL'
            cand bootstrap 'Bootstrap an organization: create its first user (an administrator) and device'
            cand status 'Print an organization''s status (bootstrapped, expired, settings) as JSON'
            cand stats 'Print an organization''s statistics (users per profile, storage) as JSON'
        }
        &'parsec-cli;help;organization;create'= {
        }
        &'parsec-cli;help;organization;bootstrap'= {
        }
        &'parsec-cli;help;organization;status'= {
        }
        &'parsec-cli;help;organization;stats'= {
        }
        &'parsec-cli;help;device'= {
            cand list 'List the devices stored in the config dir'
            cand forget-local 'Forget a local device It will still exist on the server but not locally anymore'
            cand overwrite-server-url 'Change the server URL for the device, this is normally not needed'
            cand change-authentication 'Change authentication medium for a device'
            cand export-recovery-device 'Export recovery device'
            cand import-recovery-device 'Import recovery device'
        }
        &'parsec-cli;help;device;list'= {
        }
        &'parsec-cli;help;device;forget-local'= {
        }
        &'parsec-cli;help;device;overwrite-server-url'= {
        }
        &'parsec-cli;help;device;change-authentication'= {
        }
        &'parsec-cli;help;device;export-recovery-device'= {
        }
        &'parsec-cli;help;device;import-recovery-device'= {
        }
        &'parsec-cli;help;invite'= {
            cand cancel 'Cancel an invitation'
            cand claim 'Claim an invitation: join an organization, add this machine as a new device, or recover your account through your shared recovery'
            cand greet 'Greet an invitation: vouch for a new user or a new device of your own, or give your shares of a user''s shared recovery'
            cand list 'List the invitations you can greet, pending, finished and cancelled'
            cand user 'Invite new users (administrators only) and print the URLs to give them'
            cand device 'Invite a new device of your own and print the URL to open on it'
            cand shared-recovery 'Invite a user to recover its account through its shared recovery'
        }
        &'parsec-cli;help;invite;cancel'= {
        }
        &'parsec-cli;help;invite;claim'= {
        }
        &'parsec-cli;help;invite;greet'= {
        }
        &'parsec-cli;help;invite;list'= {
        }
        &'parsec-cli;help;invite;user'= {
        }
        &'parsec-cli;help;invite;device'= {
        }
        &'parsec-cli;help;invite;shared-recovery'= {
        }
        &'parsec-cli;help;user'= {
            cand list 'List the organization''s users'
            cand revoke 'Revoke users: all their devices lose access to the organization, for good'
            cand totp-reset 'Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)'
            cand update 'Change a user''s profile (administrators only, not their own)'
        }
        &'parsec-cli;help;user;list'= {
        }
        &'parsec-cli;help;user;revoke'= {
        }
        &'parsec-cli;help;user;totp-reset'= {
        }
        &'parsec-cli;help;user;update'= {
        }
        &'parsec-cli;help;server'= {
            cand stats 'Print a per-organization report of the server''s usage'
        }
        &'parsec-cli;help;server;stats'= {
        }
        &'parsec-cli;help;certificate'= {
            cand poll 'Poll the server for new certificates'
            cand forget-all-certificates 'Forget all certificates from the local database, this is not needed under normal circumstances'
        }
        &'parsec-cli;help;certificate;poll'= {
        }
        &'parsec-cli;help;certificate;forget-all-certificates'= {
        }
        &'parsec-cli;help;tos'= {
            cand list 'List available Terms of Service of an organization'
            cand config 'Configure TOS for an organization'
            cand accept 'Accept Terms of Service of an organization'
        }
        &'parsec-cli;help;tos;list'= {
        }
        &'parsec-cli;help;tos;config'= {
        }
        &'parsec-cli;help;tos;accept'= {
        }
        &'parsec-cli;help;shared-recovery'= {
            cand create 'Set up your shared recovery: recipients who, together, can give you a new device'
            cand list 'List the shared recoveries you are a recipient of'
            cand delete 'Delete your shared recovery setup'
            cand info 'Show your own shared recovery setup: its threshold and recipients'
        }
        &'parsec-cli;help;shared-recovery;create'= {
        }
        &'parsec-cli;help;shared-recovery;list'= {
        }
        &'parsec-cli;help;shared-recovery;delete'= {
        }
        &'parsec-cli;help;shared-recovery;info'= {
        }
        &'parsec-cli;help;help'= {
        }
    ]
    $completions[$command]
}
