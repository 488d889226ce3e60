#!/usr/bin/env bash
# Manual check of the sample broker configuration beside this script (mosquitto.conf and acl):
# starts a real mosquitto on a throw-away copy of it and proves the per-station ACLs with
# mosquitto_pub / mosquitto_sub over MQTT 5 and mutual TLS. Not part of ./mvnw verify or CI.
#
#   config/mosquitto/check.sh          # needs: mosquitto (2.0.x), mosquitto-clients, openssl
#
# The copy differs from the sample only where it must: a free loopback port instead of 8883, the
# TLS material, ACL file and persistence directory in a temp directory (a fresh device CA, broker
# CA and certificates made here with openssl), mosquitto's own log there, and when run as root
# "user root" (mosquitto would otherwise drop to the mosquitto user, who cannot read the temp dir).
# Prints PASS/FAIL per check; exits 1 on any failure, 2 when it cannot run at all. KEEP=1 keeps the
# temp directory (broker log, each subscriber's output) for a look afterwards.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ST1=st-001                 # station ids as the contract spells them (envelope.schema.json stationId)
ST2=st-002
CENTRAL=central-platform   # central's certificate CN, as the acl names it
WAIT=15                    # seconds to wait for a message that must arrive
QUEUED=2000                # commands queued for an offline station: twice mosquitto's default queue

for tool in mosquitto mosquitto_pub mosquitto_sub mosquitto_rr openssl stdbuf ss; do
    command -v "$tool" >/dev/null || { echo "cannot run: $tool not found (apt-get install -y mosquitto mosquitto-clients openssl)"; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mosquitto-check.XXXXXX")
PIDS=()
FAILED=0

cleanup() {
    for p in "${PIDS[@]}"; do
        kill "$p" 2>/dev/null
    done
    wait 2>/dev/null
    [ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

pass() { echo "PASS  $1"; }
fail() { echo "FAIL  $1${2:+ — $2}"; FAILED=1; }

# ---- TLS material ---------------------------------------------------------------------------

# new_ca NAME: a self-signed EC CA in $WORK/NAME.pem / NAME.key
new_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj "/CN=check $1" -keyout "$WORK/$1.key" -out "$WORK/$1.pem" 2>/dev/null
}

# new_cert CA NAME EXT [CN]: an EC key and certificate in $WORK/NAME.key / NAME.pem for CN (default
# NAME) signed by CA, with the given v3 extensions
new_cert() {
    local ca=$1 name=$2 ext=$3 cn=${4:-$2}
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$cn" \
        -keyout "$WORK/$name.key" -out "$WORK/$name.csr" 2>/dev/null &&
    printf '%s\n' "$ext" > "$WORK/$name.ext" &&
    openssl x509 -req -in "$WORK/$name.csr" -CA "$WORK/$ca.pem" -CAkey "$WORK/$ca.key" -CAcreateserial \
        -days 2 -extfile "$WORK/$name.ext" -out "$WORK/$name.pem" 2>/dev/null
}

# A broker CA and its server certificate; a device CA (the broker's cafile) and the certificates of
# two stations and central; a certificate saying it is st-001 from a CA the broker does not trust;
# and one from the device CA whose CN is the wildcard "+" (a mis-issued certificate).
make_pki() {
    local client='basicConstraints=CA:FALSE
keyUsage=digitalSignature
extendedKeyUsage=clientAuth'
    new_ca broker-ca && new_ca device-ca && new_ca rogue-ca &&
    new_cert broker-ca broker 'basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1' &&
    new_cert device-ca "$ST1" "$client" && new_cert device-ca "$ST2" "$client" &&
    new_cert device-ca "$CENTRAL" "$client" && new_cert rogue-ca rogue "$client" "$ST1" &&
    new_cert device-ca wildcard "$client" '+'
}

# ---- the broker -----------------------------------------------------------------------------

free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        if ! ss -ltnH "sport = :$p" 2>/dev/null | grep -q .; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# The sample, with only the lines that must differ replaced; fails if the sample lost one of them.
adapt_config() {
    local out=$WORK/mosquitto.conf line
    mkdir -p "$WORK/data"
    cp "$HERE/acl" "$WORK/acl"
    sed -e "s|^listener 8883\$|listener $PORT 127.0.0.1|" \
        -e "s|^cafile .*|cafile $WORK/device-ca.pem|" \
        -e "s|^certfile .*|certfile $WORK/broker.pem|" \
        -e "s|^keyfile .*|keyfile $WORK/broker.key|" \
        -e "s|^acl_file .*|acl_file $WORK/acl|" \
        -e "s|^persistence_location .*|persistence_location $WORK/data/|" \
        "$HERE/mosquitto.conf" > "$out"
    for line in "listener $PORT 127.0.0.1" "cafile $WORK/device-ca.pem" "certfile $WORK/broker.pem" \
                "keyfile $WORK/broker.key" "acl_file $WORK/acl" "persistence_location $WORK/data/"; do
        grep -qxF "$line" "$out" || { echo "sample config changed shape: could not set '$line'"; return 1; }
    done
    {
        echo "log_dest file $WORK/mosquitto.log"
        echo "log_type all"
        [ "$(id -u)" = 0 ] && echo "user root"
    } >> "$out"
    return 0
}

start_broker() {
    mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.out" 2>&1 &
    BROKER=$!
    PIDS+=("$BROKER")
    for _ in $(seq 100); do
        kill -0 "$BROKER" 2>/dev/null || return 1
        ss -ltnH "sport = :$PORT" 2>/dev/null | grep -q . && return 0
        sleep 0.1
    done
    return 1
}

# ---- clients --------------------------------------------------------------------------------
# The broker makes every client id the certificate's CN (use_username_as_clientid): one connection
# per certificate at a time, a second one takes the first one's place. So the checks run in
# phases, and an identity publishes only while no subscriber of its own is connected.

declare -A SUB_PID

# tls WHO: the TLS arguments of a client presenting WHO's certificate
tls() { echo "--cafile $WORK/broker-ca.pem --cert $WORK/$1.pem --key $WORK/$1.key"; }

# pub WHO TOPIC PAYLOAD [more mosquitto_pub args]: QoS 1, so the broker has handled the publish
# when it returns; prints what mosquitto_pub reports (a refused publish: "Not authorized")
pub() {
    local who=$1 topic=$2 payload=$3
    shift 3
    # shellcheck disable=SC2046
    timeout 20 mosquitto_pub -V mqttv5 -h localhost -p "$PORT" $(tls "$who") -q 1 -t "$topic" -m "$payload" "$@" 2>&1
}

# sub NAME WHO [mosquitto_sub args]: a background subscriber with client id WHO (as the agent
# connects) writing "topic payload" lines and its debug lines to $WORK/NAME.out; returns once the
# broker answered its SUBSCRIBE
sub() {
    local name=$1 who=$2
    shift 2
    # shellcheck disable=SC2046
    stdbuf -oL mosquitto_sub -V mqttv5 -h localhost -p "$PORT" $(tls "$who") -i "$who" -q 1 -v -d "$@" > "$WORK/$name.out" 2>&1 &
    SUB_PID[$name]=$!
    PIDS+=("$!")
    seen "$name" SUBACK || { echo "subscriber $name got no SUBACK: $(cat "$WORK/$name.out")"; return 1; }
}

# unsub NAME: stops subscriber NAME (its certificate is free for a publisher again)
unsub() {
    kill "${SUB_PID[$1]}" 2>/dev/null
    wait "${SUB_PID[$1]}" 2>/dev/null
}

# has NAME TEXT: subscriber NAME printed a line that is TEXT ("topic payload") or ends in the
# word TEXT (a payload), so that "x-marker" does not count as "marker"
has() { awk -v t="$2" '$0 == t || $NF == t { found = 1 } END { exit !found }' "$WORK/$1.out" 2>/dev/null; }

# seen NAME TEXT: waits up to $WAIT s until subscriber NAME has TEXT
seen() {
    for _ in $(seq $((WAIT * 10))); do
        has "$1" "$2" && return 0
        sleep 0.1
    done
    return 1
}

# never NAME TEXT: subscriber NAME does not have TEXT (call after a later marker arrived)
never() { ! has "$1" "$2"; }

# refused OUTPUT: mosquitto_pub reported the broker's PUBACK 0x87 for its QoS 1 publish
refused() { grep -qi "not authorized" <<< "$1"; }

# ---- the checks -----------------------------------------------------------------------------

check_refused_without_certificate() {
    if timeout 20 mosquitto_pub -V mqttv5 -h localhost -p "$PORT" --cafile "$WORK/broker-ca.pem" -q 1 \
            -t "stations/$ST1/station/status" -m nocert > "$WORK/nocert.out" 2>&1; then
        fail "a client without a certificate is refused" "it connected and published"
    else
        pass "a client without a certificate is refused ($(tr '\n' ' ' < "$WORK/nocert.out" | cut -c1-60))"
    fi
    # shellcheck disable=SC2046
    if timeout 20 mosquitto_pub -V mqttv5 -h localhost -p "$PORT" $(tls rogue) -q 1 \
            -t "stations/$ST1/station/status" -m rogue > "$WORK/rogue.out" 2>&1; then
        fail "a certificate for $ST1 from another CA is refused" "it connected and published"
    else
        pass "a certificate for $ST1 from another CA is refused"
    fi
}

# Phase 1, what a station reads: st-001 subscribes as widely as it can; central commands both
# stations, st-002 publishes telemetry (and, before, a retained status). Phases 2 and 3 show that
# the same messages do reach their rightful readers.
phase_station_reads() {
    pub "$ST2" "stations/$ST2/station/status" retained-status-of-st2 -r > /dev/null
    sub st1 "$ST1" -t "commands/$ST1" -t "commands/$ST2" -t 'commands/#' -t "stations/$ST2/#" -t '#' || return 1
    pub "$ST2" "stations/$ST2/camera-1/telemetry" telemetry-of-st2 > /dev/null
    pub "$CENTRAL" "commands/$ST2" command-for-st2 > /dev/null
    pub "$CENTRAL" "commands/$ST1" command-for-st1 > /dev/null
    if seen st1 command-for-st1; then
        pass "$ST1 receives its own commands published by central"
        if never st1 command-for-st2; then
            pass "$ST1 cannot read $ST2's commands (subscribed to commands/$ST2, commands/# and #)"
        else
            fail "$ST1 cannot read $ST2's commands"
        fi
        if never st1 telemetry-of-st2 && never st1 retained-status-of-st2; then
            pass "$ST1 cannot read $ST2's telemetry nor its retained status (subscribed to stations/$ST2/# and #)"
        else
            fail "$ST1 cannot read $ST2's telemetry nor its retained status"
        fi
    else
        fail "$ST1 receives its own commands published by central"
    fi
    unsub st1
}

# Phase 2, what a station writes, as central sees it.
phase_station_writes() {
    local out
    sub central "$CENTRAL" -t 'stations/#' || return 1
    pub "$ST1" "stations/$ST1/camera-1/telemetry" own-telemetry > /dev/null
    if seen central "stations/$ST1/camera-1/telemetry own-telemetry"; then
        pass "$ST1 publishes to its own tree and central receives it"
    else
        fail "$ST1 publishes to its own tree and central receives it"
    fi
    out=$(pub "$ST1" "stations/$ST2/camera-1/telemetry" spoofed-telemetry)
    pub "$ST1" "stations/$ST1/station/status" marker-after-spoof > /dev/null
    if seen central marker-after-spoof && never central spoofed-telemetry; then
        pass "$ST1's publish to $ST2's tree is not delivered to central"
    else
        fail "$ST1's publish to $ST2's tree is not delivered to central"
    fi
    if refused "$out"; then
        pass "that QoS 1 publish is answered PUBACK 0x87 (mosquitto_pub: ${out//$'\n'/ })"
    else
        fail "that QoS 1 publish is answered PUBACK 0x87" "mosquitto_pub said: '${out//$'\n'/ }'"
    fi
    out=$(pub wildcard "stations/$ST2/camera-1/telemetry" wildcard-spoof)
    pub "$ST2" "stations/$ST2/camera-1/telemetry" telemetry-of-st2 > /dev/null
    # refused at CONNECT (mosquitto takes no wildcard user name) or at least by PUBACK 0x87
    if seen central telemetry-of-st2 && never central wildcard-spoof && { refused "$out" || grep -q "Bad User Name" <<< "$out"; }; then
        pass "a certificate with CN '+' cannot use 'stations/%u/#' to write $ST2's tree (${out%%$'\n'*})"
    else
        fail "a certificate with CN '+' does not widen 'stations/%u/#'" "mosquitto_pub said: '${out//$'\n'/ }'"
    fi
    if seen central telemetry-of-st2 && seen central retained-status-of-st2; then
        pass "central reads $ST2's telemetry and retained status (what $ST1 could not)"
    else
        fail "central reads $ST2's telemetry and retained status (what $ST1 could not)"
    fi
    unsub central
}

# Phase 3, commands: only central writes them; a station cannot take another station's place.
phase_commands() {
    local to_other to_self
    sub st2 "$ST2" -t "commands/$ST2" || return 1
    to_other=$(pub "$ST1" "commands/$ST2" command-from-st1)
    pub "$CENTRAL" "commands/$ST2" command-for-st2 > /dev/null
    if seen st2 command-for-st2 && never st2 command-from-st1 && refused "$to_other"; then
        pass "$ST1 cannot command $ST2 (PUBACK 0x87, not delivered; central's command is)"
    else
        fail "$ST1 cannot command $ST2" "mosquitto_pub said: '${to_other//$'\n'/ }'"
    fi
    # a station's own commands topic: it alone reads it, so one connection subscribes and publishes
    # shellcheck disable=SC2046
    to_self=$(timeout 20 mosquitto_rr -V mqttv5 -h localhost -p "$PORT" $(tls "$ST1") -q 1 -e "commands/$ST1" \
        -t "commands/$ST1" -m self-command -W 3 2>&1)
    if ! grep -q self-command <<< "$to_self"; then
        pass "$ST1 cannot command itself (its own subscription to commands/$ST1 got nothing in 3 s; mosquitto_rr: ${to_self//$'\n'/ })"
    else
        fail "$ST1 cannot command itself" "mosquitto_rr received: ${to_self//$'\n'/ }"
    fi
    # st-001 asks for st-002's client id; the broker gives it its own, st-002 stays connected
    pub "$ST1" "stations/$ST1/station/status" takeover-attempt -i "$ST2" > /dev/null
    pub "$CENTRAL" "commands/$ST2" marker-after-takeover > /dev/null
    if seen st2 marker-after-takeover && [ "$(grep -c 'received CONNACK' "$WORK/st2.out")" = 1 ]; then
        pass "$ST1 connecting with client id $ST2 does not disconnect $ST2"
    else
        fail "$ST1 connecting with client id $ST2 does not disconnect $ST2" \
            "$ST2 connected $(grep -c 'received CONNACK' "$WORK/st2.out") times"
    fi
    unsub st2
}

# A station away with a persistent session gets every command queued meanwhile, more than
# mosquitto's default queue (1000) holds.
check_persistent_queue() {
    local got
    # shellcheck disable=SC2046
    timeout 20 mosquitto_sub -V mqttv5 -h localhost -p "$PORT" $(tls "$ST1") -i "$ST1" -c -x 3600 -q 1 -t "commands/$ST1" -E \
        > /dev/null 2>&1 || { fail "persistent session queues $QUEUED commands" "could not open the session"; return; }
    # shellcheck disable=SC2046
    seq -f "queued-%g" "$QUEUED" | timeout 60 mosquitto_pub -V mqttv5 -h localhost -p "$PORT" $(tls "$CENTRAL") \
        -q 1 -t "commands/$ST1" -l
    # shellcheck disable=SC2046
    got=$(timeout 60 mosquitto_sub -V mqttv5 -h localhost -p "$PORT" $(tls "$ST1") -i "$ST1" -c -x 3600 -q 1 \
        -t "commands/$ST1" -C "$QUEUED" -W 30 2>/dev/null | grep -c '^queued-')
    if [ "$got" = "$QUEUED" ]; then
        pass "a station away with a persistent session gets all $QUEUED commands queued meanwhile"
    else
        fail "a station away with a persistent session gets all $QUEUED commands queued meanwhile" "got $got"
    fi
}

# ---- run ------------------------------------------------------------------------------------

make_pki || { echo "cannot run: openssl failed to make the test certificates"; exit 2; }
PORT=$(free_port) || { echo "cannot run: no free port"; exit 2; }
adapt_config || exit 2
if start_broker; then
    pass "mosquitto $(mosquitto -h | sed -n '1s/.*version //p') starts with the sample configuration (port $PORT)"
else
    fail "mosquitto starts with the sample configuration" "$(cat "$WORK/mosquitto.out" "$WORK/mosquitto.log" 2>/dev/null | tail -5)"
    exit 1
fi

check_refused_without_certificate
phase_station_reads || FAILED=1
phase_station_writes || FAILED=1
phase_commands || FAILED=1
check_persistent_queue

if [ "$FAILED" != 0 ]; then
    echo "--- mosquitto log (last 40 lines) ---"
    tail -40 "$WORK/mosquitto.log"
    echo "FAILED"
    exit 1
fi
echo "ALL PASSED"
