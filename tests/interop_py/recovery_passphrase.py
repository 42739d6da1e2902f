"""The official recovery passphrase and secret-key encryption, for recovery files.

Uses `SecretKey` of the official bindings `parsec._parsec` (package `parsec-cloud==3.9.3`),
the code behind the official `device export-recovery-device` / `import-recovery-device`
(device-file.md §2.5, wire.md §3.4).

    python recovery_passphrase.py decrypt PASSPHRASE CIPHERTEXT_HEX
        prints the cleartext (hex) of a recovery file's `ciphertext`, opened with the key
        the official code derives from PASSPHRASE; exits 1 if it does not open.
    python recovery_passphrase.py encrypt CLEARTEXT_HEX
        prints a new official passphrase on one line, then the official encryption of
        CLEARTEXT under its key (hex) on the next.

Usage errors and a missing `parsec` package exit 2.
"""

import sys

try:
    from parsec._parsec import SecretKey
except ImportError as exc:  # pragma: no cover - environment problem
    print(f"the official bindings are missing: {exc}", file=sys.stderr)
    sys.exit(2)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "decrypt":
        key = SecretKey.from_recovery_passphrase(argv[1])
        try:
            cleartext = key.decrypt(bytes.fromhex(argv[2]))
        except Exception as exc:  # the bindings raise CryptoError
            print(f"FAIL the official key does not open the ciphertext: {exc}", file=sys.stderr)
            return 1
        print(cleartext.hex())
        return 0
    if len(argv) == 2 and argv[0] == "encrypt":
        passphrase, key = SecretKey.generate_recovery_passphrase()
        print(passphrase)
        print(key.encrypt(bytes.fromhex(argv[1])).hex())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
