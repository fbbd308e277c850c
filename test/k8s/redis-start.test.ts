/**
 * The start scripts of the Sentinel-managed Redis (k8s/redis/scripts.ts), run by /bin/sh with the environment the
 * StatefulSet gives its Redis container and stub `redis-cli`, `redis-server` and `hostname` on PATH. The rule under
 * test: pod 0 becomes a new primary only when nobody answers at all; a peer that is (or follows) a primary is
 * followed, and a peer that answers without naming one stops the start rather than make a second primary.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { PlanContext } from '../../k8s/context';
import { RedisChart } from '../../k8s/redis/redis-chart';
import { loadCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import type { Doc } from './support/docs';

const ctx = new PlanContext(planCatalog(loadCatalog('dr-targets.yaml')));
const docs = Testing.synth(
  new RedisChart(
    Testing.app(),
    'sessions',
    ctx,
    ctx.catalog.assets.find((a) => a.id === 'redis-sessions')!,
  ),
) as Doc[];
const scripts = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'redis-sessions-scripts')!
  .data as Record<string, string>;
const redisConf = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'redis-sessions-config')!.data[
  'redis.conf'
] as string;
const container = (docs.find((d) => d.kind === 'StatefulSet')!.spec.template.spec.containers as Doc[]).find(
  (c) => c.name === 'redis',
)!;
/** The container's plain environment; the password comes from a Secret in the cluster. */
const podEnv: Record<string, string> = Object.fromEntries(
  (container.env as Doc[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]),
);

const ns = ctx.namespace;
const pod = (i: number) => `redis-sessions-${i}.redis-sessions-headless.${ns}.svc.cluster.local`;
const SENTINEL = `redis-sessions-sentinel.${ns}.svc.cluster.local:26379`;
const redis = (i: number) => `${pod(i)}:6379`;

/**
 * `redis-cli` answers from files: `replies/<host>:<port>` is the reply (from the call numbered after `@`, for
 * `<host>:<port>@<n>`), `<host>:<port>.hang` never answers; anything else cannot be reached. Every call is logged.
 */
const STUB_CLI = `#!/bin/sh
host=""; port=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h) host="$2"; shift 2 ;;
    -p) port="$2"; shift 2 ;;
    --cacert) shift 2 ;;
    --tls|--raw) shift ;;
    *) break ;;
  esac
done
echo "$host:$port $*" >> "$STUB/calls"
n=$(grep -c "^$host:$port " "$STUB/calls")
if [ -e "$STUB/replies/$host:$port.hang" ]; then sleep 30; fi
reply=""
[ -e "$STUB/replies/$host:$port" ] && reply="$STUB/replies/$host:$port"
for f in "$STUB/replies/$host:$port@"*; do
  [ -e "$f" ] && [ "$n" -ge "\${f##*@}" ] && reply="$f"
done
if [ -n "$reply" ]; then cat "$reply"; exit 0; fi
echo "Could not connect to Redis at $host:$port: Connection refused" >&2
exit 1
`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `host:port command` per redis-cli call. */
  readonly calls: string[];
  readonly dir: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs `command` in pod `ordinal` with these replies (by `host:port`, optionally `@n` or `.hang`). */
function run(ordinal: number, replies: Record<string, string>, command = '. "$SCRIPTS_DIR/lib.sh"; primary'): Run {
  const dir = mkdtempSync(join(tmpdir(), 'redis-start-'));
  dirs.push(dir);
  for (const sub of ['bin', 'replies', 'scripts', 'conf', 'run']) mkdirSync(join(dir, sub));
  const executable = (path: string, text: string) => {
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  };
  executable(join(dir, 'bin', 'redis-cli'), STUB_CLI);
  executable(join(dir, 'bin', 'hostname'), `#!/bin/sh\necho redis-sessions-${ordinal}\n`);
  executable(join(dir, 'bin', 'redis-server'), '#!/bin/sh\necho "redis-server $*"\n');
  for (const [name, text] of Object.entries(scripts)) writeFileSync(join(dir, 'scripts', name), text);
  writeFileSync(join(dir, 'conf', 'redis.conf'), redisConf);
  writeFileSync(join(dir, 'calls'), '');
  for (const [at, reply] of Object.entries(replies)) writeFileSync(join(dir, 'replies', at), reply);
  const result = spawnSync('/bin/sh', ['-c', command], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...podEnv,
      SCRIPTS_DIR: join(dir, 'scripts'),
      CONF_DIR: join(dir, 'conf'),
      RUN_DIR: join(dir, 'run'),
      // Rounds without the pause between them; everything else as the pod has it.
      PRIMARY_RETRY_SECONDS: '0',
      REDISCLI_AUTH: 'test',
      STUB: dir,
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
    },
  });
  const calls = readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean);
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr, calls, dir };
}

const sentinelCalls = (r: Run) => r.calls.filter((c) => c.startsWith(`${SENTINEL} `)).length;

describe('primary(): whom a pod starts against', () => {
  test('the environment the StatefulSet gives is everything the scripts read (they run with set -u)', () => {
    expect(podEnv).toMatchObject({ PODS: '3', PRIMARY_ATTEMPTS: '3', ANSWER_TIMEOUT: '1' });
    const r = run(0, {}, `set -eu; . "$SCRIPTS_DIR/lib.sh"; primary`);
    expect(r.status).toBe(0);
  });

  test('the primary the Sentinels agree on, without asking the peers', () => {
    const r = run(0, { [SENTINEL]: `${pod(2)}\n6379\n` });
    expect(r).toMatchObject({ status: 0, stdout: pod(2) });
    expect(r.calls).toEqual([`${SENTINEL} SENTINEL get-master-addr-by-name redis-sessions`]);
  });

  test('pod 0 with the Sentinels failing (an error reply) follows a peer that says it is the primary', () => {
    const r = run(0, { [SENTINEL]: 'NOAUTH Authentication required.\n', [redis(1)]: 'master\n12345\n' });
    expect(r).toMatchObject({ status: 0, stdout: pod(1) });
  });

  test('pod 0 with the Sentinels unreachable follows the primary a peer replicates from', () => {
    const r = run(0, { [redis(1)]: `slave\n${pod(2)}\n6379\nconnected\n12345\n` });
    expect(r).toMatchObject({ status: 0, stdout: pod(2) });
  });

  test('a peer that says it is the primary wins over a peer that follows another', () => {
    const r = run(0, { [redis(1)]: `slave\n${pod(0)}\n6379\nconnect\n-1\n`, [redis(2)]: 'master\n12345\n' });
    expect(r).toMatchObject({ status: 0, stdout: pod(2) });
  });

  test('pod 0 whose peers still replicate from it starts as the primary it was', () => {
    const r = run(0, {
      [redis(1)]: `slave\n${pod(0)}\n6379\nconnect\n-1\n`,
      [redis(2)]: `slave\n${pod(0)}\n6379\nconnect\n-1\n`,
    });
    expect(r).toMatchObject({ status: 0, stdout: pod(0) });
  });

  test('a new set: nobody answers in any of PRIMARY_ATTEMPTS rounds, so pod 0 bootstraps as the primary', () => {
    const r = run(0, {});
    expect(r).toMatchObject({ status: 0, stdout: pod(0) });
    expect(sentinelCalls(r)).toBe(3);
    expect(r.calls.filter((c) => c.startsWith(`${redis(0)} `))).toEqual([]); // never asks itself
    expect(r.stderr).toMatch(/no Sentinel and no peer answered in 3 attempts/);
  });

  test('a new set: another pod follows pod 0', () => {
    expect(run(2, {})).toMatchObject({ status: 0, stdout: pod(0) });
  });

  test('an answer in a later round is followed: a transient failure does not bootstrap', () => {
    const r = run(0, { [`${redis(1)}@3`]: 'master\n12345\n' });
    expect(r).toMatchObject({ status: 0, stdout: pod(1) });
    expect(sentinelCalls(r)).toBe(3);
  });

  test('a peer that answers without naming a primary (an auth or TLS error) fails the start instead of a second primary', () => {
    for (const reply of [
      'NOAUTH Authentication required.\n',
      'Could not negotiate a TLS connection: certificate verify failed\n',
    ]) {
      const r = run(0, { [redis(1)]: reply });
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/not starting a second primary/);
      expect(sentinelCalls(r)).toBe(3);
    }
  });

  test('Sentinels that answer with an error only also mean the set exists', () => {
    const r = run(0, { [SENTINEL]: 'NOAUTH Authentication required.\n' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/the Sentinels answered/);
  });

  test('a peer that never answers is given up after ANSWER_TIMEOUT, and the search ends', () => {
    const started = Date.now();
    const r = run(0, { [`${redis(1)}.hang`]: '' });
    expect(r).toMatchObject({ status: 0, stdout: pod(0) });
    // Three rounds, each waiting one ANSWER_TIMEOUT (1 s) for the hanging peer.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('start-redis.sh', () => {
  const start = '. "$SCRIPTS_DIR/start-redis.sh"';
  const conf = (r: Run) => readFileSync(join(r.dir, 'run', 'redis.conf'), 'utf8');

  test('pod 0 bootstrapping a new set starts without replicaof', () => {
    const r = run(0, {}, start);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^redis-server .*\/run\/redis\.conf$/m);
    expect(conf(r)).toContain(`replica-announce-ip ${pod(0)}\n`);
    expect(conf(r)).not.toMatch(/^replicaof /m);
  });

  test('pod 0 restarting while Sentinel cannot be asked starts as a replica of the primary its peer names', () => {
    const r = run(0, { [redis(1)]: 'master\n12345\n' }, start);
    expect(r.status).toBe(0);
    expect(conf(r)).toContain(`replicaof ${pod(1)} 6379\n`);
  });

  test('when the primary cannot be told, Redis is not started at all', () => {
    const r = run(0, { [redis(1)]: 'NOAUTH Authentication required.\n' }, start);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toMatch(/redis-server/);
  });
});
