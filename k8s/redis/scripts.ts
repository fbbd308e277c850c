/**
 * Shell scripts of a Sentinel-managed Redis StatefulSet, mounted from a ConfigMap. They only decide the role a pod
 * starts in; every setting that matters for DR is in the plan-derived redis.conf and sentinel.conf.
 */
import { PRIMARY_PLACEHOLDER } from './conf';

/** Sourced by the other scripts. `redis-cli` reads the password from REDISCLI_AUTH (the ExternalSecret's Secret). */
const LIB = `# The pod's stable DNS name; Redis and Sentinel announce it instead of the pod IP, which changes on restart.
ME="$(hostname).$HEADLESS.$NAMESPACE.svc.cluster.local"
FIRST="$STATEFULSET-0.$HEADLESS.$NAMESPACE.svc.cluster.local"
cli() { redis-cli --tls --cacert "$TLS_DIR/ca.crt" "$@"; }
# The primary the running Sentinels agree on; pod 0 when none answers (a new cluster, or every Sentinel down).
primary() {
  answer=$(cli -h "$SENTINEL_HOST" -p "$SENTINEL_PORT" --raw SENTINEL get-master-addr-by-name "$MASTER" 2>/dev/null | head -n 1 || true)
  # An error reply has spaces in it; a host name has none.
  case "$answer" in
    ""|*" "*) echo "$FIRST" ;;
    *) echo "$answer" ;;
  esac
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
