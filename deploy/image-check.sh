#!/usr/bin/env bash
# Checks the Docker image's contents without Docker (no engine runs on the build machines): builds the binaries as the
# Dockerfile's build stage does, makes a Debian bookworm root with debootstrap holding only what its runtime stage
# installs, and runs `dixa-importer --help`, `migrate`, `enqueue`, `drain` and `check` inside it (chroot, as the
# image's user, uid 10001) against a PostgreSQL and a Dixa sandbox outside it, on loopback.
#
# What it proves: the static binaries start and do the main job on the runtime stage's packages alone (libc,
# libstdc++, zlib, ca-certificates, tzdata), as an unprivileged user. What it does not: the Dockerfile itself is not
# run (its COPY lines, ENV, USER, ENTRYPOINT and layer order are not exercised), the build runs on this machine's
# toolchain rather than the swift:6.3.1-bookworm image, and the chroot shares this machine's kernel, network and /dev
# (it mounts /proc, as a container runtime does).
#
# Needs root (debootstrap, chroot), debootstrap, PostgreSQL's server binaries and network access to a Debian mirror.
# Usage: deploy/image-check.sh   (DEBIAN_MIRROR, SCRATCH_PATH to reuse a release build folder, KEEP=1 to keep the root)
set -euo pipefail
cd "$(dirname "$0")/.."

mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
scratch=${SCRATCH_PATH:-.build-image}
work=$(mktemp -d /tmp/dixa-image-check.XXXXXX)
chmod 755 "$work"   # the postgres user keeps its cluster in here
root=$work/root
pg_port=${PG_PORT:-55490}
sandbox_port=${SANDBOX_PORT:-18990}
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    mountpoint -q "$root/proc" 2>/dev/null && umount "$root/proc"
    [ -d "$work/pg" ] && runuser -u postgres -- pg_ctl -D "$work/pg" stop -m immediate >/dev/null 2>&1 || true
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { echo "== $*"; }
fail() { echo "image check FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run it as root (debootstrap and chroot need it)"
command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap)"
pg_bin=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
[ -x "$pg_bin/initdb" ] || fail "PostgreSQL's server binaries (initdb, pg_ctl) are not installed"

step "build, as the Dockerfile's build stage: swift build -c release --static-swift-stdlib"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product dixa-importer
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product dixa-sandbox
bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
backtrace=$(dirname "$(dirname "$(command -v swift)")")/libexec/swift/linux/swift-backtrace-static

step "root: debootstrap bookworm (minbase) + the runtime stage's packages"
debootstrap --variant=minbase --include=ca-certificates,tzdata,libstdc++6,zlib1g bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    fail "debootstrap failed; its log: $work/debootstrap.log (KEEP=1 keeps it)"
# As the runtime stage leaves it: no package lists, no downloaded packages.
chroot "$root" apt-get clean && rm -rf "$root"/var/lib/apt/lists/*
chroot "$root" useradd --system --uid 10001 --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin dixa
install -m 0755 "$bin/dixa-importer" "$bin/dixa-sandbox" "$root/usr/local/bin/"
mkdir -p "$root/usr/local/libexec" && install -m 0755 "$backtrace" "$root/usr/local/libexec/"
echo "root: $(du -sh "$root" | cut -f1)"
# A container runtime mounts /proc, and the binaries need it: a static Swift binary reads its arguments from
# /proc/self/cmdline (without it, every command line reads as empty and prints the top-level help).
mount -t proc proc "$root/proc"

step "outside: PostgreSQL on 127.0.0.1:$pg_port, the sandbox on 127.0.0.1:$sandbox_port"
mkdir -p "$work/pg" && chown postgres "$work/pg" && chmod 700 "$work/pg"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" -l "$work/pg/server.log" start -w >/dev/null
"$bin/dixa-sandbox" --port "$sandbox_port" >"$work/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q "listening" "$work/sandbox.log" && break; sleep 0.2; done
grep -q "listening" "$work/sandbox.log" || fail "the sandbox did not start: $(cat "$work/sandbox.log")"

# The image's user, its environment as docker-compose.yml gives it, and the token as a mounted secret file.
mkdir -p "$root/run/secrets" && printf 'sandbox-token' >"$root/run/secrets/dixa_token"
chown 10001:10001 "$root/run/secrets/dixa_token" && chmod 0400 "$root/run/secrets/dixa_token"
inside() {
    chroot --userspec=10001:10001 "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent \
        SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/libexec/swift-backtrace-static \
        DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" DIXA_BASE_URL="http://127.0.0.1:$sandbox_port" \
        DIXA_AGENT_ID=00000000-0000-4000-8000-0000000000b0 DIXA_API_TOKEN_FILE=/run/secrets/dixa_token "$@"
}

step "inside: dixa-importer --help"
inside dixa-importer --help >"$work/help.txt" || fail "--help failed"
grep -q "USAGE: dixa-importer" "$work/help.txt" || fail "--help did not print its usage"
inside dixa-importer migrate --help | grep -q "Creates or upgrades the outbox tables" || fail "a subcommand's --help reads as the top-level one"
step "inside: dixa-importer migrate"
inside dixa-importer migrate || fail "migrate failed"
step "inside: dixa-importer enqueue (20 rows)"
for i in $(seq 20); do
    printf '{"sourceKey":"image-%s","transcript":{"requester":{"email":"image%s@example.com"},"messages":[{"from":"user","text":"Hi","at":"2026-11-24T10:00:00Z"}]}}\n' "$i" "$i"
done | inside dixa-importer enqueue - || fail "enqueue failed"
step "inside: dixa-importer drain"
inside dixa-importer drain || fail "drain failed"
imported=$(runuser -u postgres -- psql -h 127.0.0.1 -p "$pg_port" -U postgres -Atc "SELECT count(*) FROM dixa_outbox WHERE state = 'imported'")
[ "$imported" = 20 ] || fail "drain imported $imported of 20 rows"
step "inside: dixa-importer check"
inside dixa-importer check || fail "check failed"

echo "image check passed: --help, migrate, enqueue, drain (20 of 20 imported) and check ran inside a debootstrap bookworm root as uid 10001"
