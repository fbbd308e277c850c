/**
 * Shell scripts of a Sentinel-managed Redis StatefulSet, mounted from a ConfigMap. They only decide the role a pod
 * starts in; every setting that matters for DR is in the plan-derived redis.conf and sentinel.conf.
 */
import { PRIMARY_PLACEHOLDER } from './conf';

/**
 * Sourced by the other scripts. `redis-cli` reads the password from REDISCLI_AUTH (the ExternalSecret's Secret).
 *
 * `primary` names the primary a pod starts against, or fails. In order: the primary the running Sentinels agree on;
 * else a peer whose ROLE says it is a primary; else the primary a peer replicates from. Pod 0 bootstraps a new set
 * (prints itself) only when, in all of PRIMARY_ATTEMPTS rounds, neither a Sentinel nor any peer answered at all. Once
 * something answered without naming a primary (an auth or TLS error), the set exists: it fails rather than start a
 * second primary, whose writes a Sentinel would discard when it demotes it, and the container is restarted to ask
 * again. Each question waits at most ANSWER_TIMEOUT seconds (a peer on a dead node never answers). The rounds and
 * timeouts are PRIMARY_SEARCH (objects.ts); docs/kubernetes.md states the rule.
 */
const LIB = `# The pod's stable DNS name; Redis and Sentinel announce it instead of the pod IP, which changes on restart.
ME="$(hostname).$HEADLESS.$NAMESPACE.svc.cluster.local"
FIRST="$STATEFULSET-0.$HEADLESS.$NAMESPACE.svc.cluster.local"
cli() { redis-cli --tls --cacert "$TLS_DIR/ca.crt" "$@"; }
# ask HOST PORT COMMAND...: the reply, error replies included; nothing when HOST cannot be reached in time.
ask() {
  host="$1"; port="$2"; shift 2
  reply=$(timeout "$ANSWER_TIMEOUT" redis-cli --tls --cacert "$TLS_DIR/ca.crt" -h "$host" -p "$port" --raw "$@" 2>&1) || true
  case "$reply" in
    "Could not connect to Redis at "*) ;;
    *) printf '%s\\n' "$reply" ;;
  esac
}
# A host name in a reply: an error reply has spaces in it, a host name has none.
is_host() {
  case "$1" in
    ""|*" "*) return 1 ;;
    *) return 0 ;;
  esac
}
primary() {
  attempt=1
  answered=""
  while :; do
    reply=$(ask "$SENTINEL_HOST" "$SENTINEL_PORT" SENTINEL get-master-addr-by-name "$MASTER")
    host=$(printf '%s\\n' "$reply" | head -n 1)
    if is_host "$host"; then echo "$host"; return 0; fi
    if [ -n "$reply" ]; then answered="the Sentinels"; fi
    upstream=""
    i=0
    while [ "$i" -lt "$PODS" ]; do
      peer="$STATEFULSET-$i.$HEADLESS.$NAMESPACE.svc.cluster.local"
      i=$((i + 1))
      if [ "$peer" = "$ME" ]; then continue; fi
      reply=$(ask "$peer" "$REDIS_PORT" ROLE)
      if [ -z "$reply" ]; then continue; fi
      answered="$peer"
      case "$(printf '%s\\n' "$reply" | head -n 1)" in
        master) echo "$peer"; return 0 ;;
        slave)
          host=$(printf '%s\\n' "$reply" | sed -n 2p)
          if [ -z "$upstream" ] && is_host "$host"; then upstream="$host"; fi
          ;;
      esac
    done
    if [ -n "$upstream" ]; then echo "$upstream"; return 0; fi
    if [ "$attempt" -ge "$PRIMARY_ATTEMPTS" ]; then break; fi
    attempt=$((attempt + 1))
    sleep "$PRIMARY_RETRY_SECONDS"
  done
  if [ -n "$answered" ]; then
    echo "no primary found, but $answered answered: the set exists, so not starting a second primary" >&2
    return 1
  fi
  echo "no Sentinel and no peer answered in $PRIMARY_ATTEMPTS attempts: a new set, whose primary is $FIRST" >&2
  echo "$FIRST"
}
`;

/** Copies redis.conf to a writable place (Sentinel's failover runs CONFIG REWRITE) and adds the pod's role. */
const START_REDIS = `set -eu
. "$SCRIPTS_DIR/lib.sh"
PRIMARY=$(primary)
cp "$CONF_DIR/redis.conf" "$RUN_DIR/redis.conf"
{
  echo "replica-announce-ip $ME"
  echo "replica-announce-port $REDIS_PORT"
  if [ "$PRIMARY" != "$ME" ]; then echo "replicaof $PRIMARY $REDIS_PORT"; fi
} >> "$RUN_DIR/redis.conf"
echo "starting $ME; primary is $PRIMARY"
exec redis-server "$RUN_DIR/redis.conf"
`;

/** Sentinel needs a writable config file of its own: it records what it learns there. */
const START_SENTINEL = `set -eu
. "$SCRIPTS_DIR/lib.sh"
PRIMARY=$(primary)
sed "s/${PRIMARY_PLACEHOLDER}/$PRIMARY/" "$CONF_DIR/sentinel.conf" > "$RUN_DIR/sentinel.conf"
{
  echo "dir $RUN_DIR"
  echo "sentinel announce-ip $ME"
} >> "$RUN_DIR/sentinel.conf"
echo "sentinel on $ME monitoring $MASTER at $PRIMARY"
exec redis-server "$RUN_DIR/sentinel.conf" --sentinel
`;

/**
 * \`ping.sh PORT [loading-ok]\`: PONG passes. With \`loading-ok\` a Redis that is still loading its AOF passes too,
 * so liveness does not restart a pod in the middle of a long load (readiness still keeps it out of traffic).
 */
const PING = `port="$1"
reply=$(redis-cli --tls --cacert "$TLS_DIR/ca.crt" -h 127.0.0.1 -p "$port" ping 2>&1 || true)
case "$reply" in
  PONG) exit 0 ;;
  LOADING*) [ "\${2:-}" = loading-ok ] && exit 0 ;;
esac
echo "$reply" >&2
exit 1
`;

/** Dumps an RDB from the current primary (\`redis-cli --rdb\` asks it for a fresh snapshot over the replication link). */
const DUMP_RDB = `set -eu
. "$SCRIPTS_DIR/lib.sh"
PRIMARY=$(primary)
echo "dumping an RDB from $PRIMARY"
cli -h "$PRIMARY" -p "$REDIS_PORT" --rdb "$WORK_DIR/dump.rdb"
`;

export const SCRIPTS = {
  'lib.sh': LIB,
  'start-redis.sh': START_REDIS,
  'start-sentinel.sh': START_SENTINEL,
  'ping.sh': PING,
  'dump-rdb.sh': DUMP_RDB,
} as const;

/** A Redis probe through ping.sh (mounted at `scriptsDir`). */
export function pingCommand(scriptsDir: string, port: number, loadingOk: boolean): string[] {
  return ['/bin/sh', `${scriptsDir}/ping.sh`, String(port), ...(loadingOk ? ['loading-ok'] : [])];
}
