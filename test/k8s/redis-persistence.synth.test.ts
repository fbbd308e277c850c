/**
 * Real Redis: the generated redis.conf files, run by redis-server 7, keep (sessions) or drop (cache) what the plan
 * says across a kill -9. Reads the manifests synthesized once by global-setup.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../lib/catalog';
import { mechanism, planCatalog } from '../../lib/catalog-plan';
import { factValue } from '../../lib/model';
import { manifests } from '../support/synthesized';
import {
  freePort,
  kill,
  killAll,
  redisServerAvailable,
  RespClient,
  startRedis,
  writeConf,
  type Reply,
} from './support/redis-process';

const available = redisServerAvailable();
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  // eslint-disable-next-line no-console -- the printed reason a skip outside CI must give
  console.log(
    'redis-persistence: skipped, redis-server is not installed here (.ci/run installs it; CI fails without it)',
  );
}
const suite = available || inCi ? describe : describe.skip;

const plan = planCatalog(loadCatalog('dr-targets.yaml'));

function configMapText(file: string, key: string): string {
  const cm = manifests(file).find(
    (d) => d.kind === 'ConfigMap' && (d.data as Record<string, string> | undefined)?.[key],
  );
  if (!cm) throw new Error(`${file} has no ConfigMap with ${key}`);
  return (cm.data as Record<string, string>)[key]!;
}

/**
 * The generated config, changed only where it cannot run here: TLS needs the cert-manager certificate and the
 * `include` the password file External Secrets renders in the cluster; neither affects persistence. The port and
 * directory become this test's own.
 */
function localConf(conf: string, port: number, dir: string): string {
  const kept = conf.split('\n').filter((l) => !/^(tls-|include )/.test(l));
  const replaced = kept.map((l) => (l === 'port 0' ? `port ${port}` : l.startsWith('dir ') ? `dir ${dir}` : l));
  return [...replaced, 'bind 127.0.0.1', ''].join('\n');
}

async function configGet(c: RespClient, name: string): Promise<string> {
  const reply = (await c.send('CONFIG', 'GET', name)) as string[];
  return reply[1]!;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('real redis-server runs the generated configs', () => {
  let work = '';

  beforeAll(() => {
    if (!available) throw new Error('redis-server is not installed: CI must install it (.ci/run) before the tests');
  });
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'dr-redis-'));
  });
  afterEach(async () => {
    await killAll();
    if (work) rmSync(work, { recursive: true, force: true });
    work = '';
  });

  test('sessions: CONFIG GET equals the plan, and every acknowledged write survives kill -9', async () => {
    const spec = plan.assets.get('redis-sessions')!;
    const aof = mechanism(spec, 'redis-aof')!;
    const rdb = mechanism(spec, 'redis-rdb')!;
    const sentinel = mechanism(spec, 'redis-sentinel')!;
    const conf = configMapText('redis-sessions.k8s.yaml', 'redis.conf');
    const [port, replicaPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(work, 'primary-'));
    const confFile = writeConf(work, 'primary.conf', localConf(conf, port, dataDir));
    const primary = await startRedis(confFile, port);
    const c = await RespClient.connect(port);

    expect(await configGet(c, 'appendonly')).toBe('yes');
    expect(await configGet(c, 'appendfsync')).toBe(aof.fsync);
    expect(await configGet(c, 'no-appendfsync-on-rewrite')).toBe(aof.noAppendfsyncOnRewrite ? 'yes' : 'no');
    expect(await configGet(c, 'aof-use-rdb-preamble')).toBe('yes');
    expect(await configGet(c, 'save')).toBe(rdb.saves.map(([s, n]) => `${s} ${n}`).join(' '));
    expect(await configGet(c, 'maxmemory-policy')).toBe('noeviction');
    expect(await configGet(c, 'min-replicas-to-write')).toBe(String(sentinel.minReplicasToWrite));
    expect(await configGet(c, 'min-replicas-max-lag')).toBe(String(sentinel.minReplicasMaxLagSeconds));

    // Without a fresh replica the primary refuses writes: the setting is live, not just written down.
    expect(String(await c.send('SET', 'before-replica', '1'))).toMatch(/NOREPLICAS/);
    const replicaDir = mkdtempSync(join(work, 'replica-'));
    const replicaConf = writeConf(
      work,
      'replica.conf',
      `${localConf(conf, replicaPort, replicaDir)}replicaof 127.0.0.1 ${port}\n`,
    );
    const replica = await startRedis(replicaConf, replicaPort);
    await waitFor('the replica to be online', async () =>
      /slave0:.*state=online/.test(String(await c.send('INFO', 'replication'))),
    );

    // Pipeline writes and kill -9 while later ones are still in flight: only replies received count as acknowledged.
    // The first 3,000 are all acknowledged more than REDIS-5's window before the kill (below).
    const acknowledged: string[] = [];
    const ackedAt = new Map<string, number>();
    const inFlight: Promise<void>[] = [];
    const window = factValue('REDIS-5') * 1000;
    for (let i = 0; i < 5000; i++) {
      const key = `session:${i}`;
      inFlight.push(
        c.send('SET', key, `v${i}`).then(
          (r: Reply) => void (r === 'OK' && acknowledged.push(key) && ackedAt.set(key, Date.now())),
          () => undefined,
        ),
      );
      if (i === 2999) {
        await Promise.all(inFlight);
        await new Promise((done) => setTimeout(done, window + 500));
      }
      if (i === 4000) await waitFor('acknowledged writes', async () => acknowledged.length > 3500);
    }
    const killedAt = Date.now();
    await kill(primary, 'SIGKILL');
    await Promise.all(inFlight);
    c.close();
    await kill(replica, 'SIGTERM'); // nothing flows back from a replica; stopping it keeps the proof to the files
    expect(acknowledged.length).toBeGreaterThan(3000);

    await startRedis(confFile, port);
    const after = await RespClient.connect(port);
    const values = (await after.send('MGET', ...acknowledged)) as (string | null)[];
    const lost = acknowledged.filter((key, i) => values[i] !== `v${key.split(':')[1]}`);
    if (aof.fsync === 'always') expect(lost).toEqual([]);
    else {
      // everysec: a kill -9 of the process loses nothing Redis has written to the file, but while a background fsync
      // runs Redis may reply before it writes, for up to REDIS-5's 2 s. So what was acknowledged longer ago than that
      // must all be there; of the last writes a few may be missing (one run under load lost some, failing the
      // stricter claim this test used to make).
      const old = acknowledged.filter((key) => killedAt - ackedAt.get(key)! > window);
      expect(old.length).toBeGreaterThanOrEqual(3000);
      expect(lost.filter((key) => old.includes(key))).toEqual([]);
    }
    after.close();

    // Redis 7 multi-part AOF (REDIS-8): a manifest, an RDB-format base (aof-use-rdb-preamble, REDIS-7), increments.
    const files = readdirSync(join(dataDir, 'appendonlydir'));
    expect(files.some((f) => f.endsWith('.manifest'))).toBe(true);
    expect(files.some((f) => f.endsWith('.incr.aof'))).toBe(true);
    const base = files.find((f) => f.endsWith('.base.rdb'));
    expect(base).toBeDefined();
    expect(
      readFileSync(join(dataDir, 'appendonlydir', base!))
        .subarray(0, 5)
        .toString(),
    ).toBe('REDIS');
  });

  test('cache: CONFIG GET equals REDIS-18, writes no files, and comes back empty after kill -9', async () => {
    const conf = configMapText('redis-product-cache.k8s.yaml', 'redis.conf');
    const port = await freePort();
    const dataDir = mkdtempSync(join(work, 'cache-'));
    const confFile = writeConf(work, 'cache.conf', localConf(conf, port, dataDir));
    const cache = await startRedis(confFile, port);
    const c = await RespClient.connect(port);
    expect(await configGet(c, 'save')).toBe('');
    expect(await configGet(c, 'appendonly')).toBe('no');
    expect(await configGet(c, 'maxmemory-policy')).toBe('allkeys-lru');
    for (let i = 0; i < 500; i++) expect(await c.send('SET', `product:${i}`, 'x')).toBe('OK');
    expect(await c.send('DBSIZE')).toBe(500);
    c.close();

    await kill(cache, 'SIGKILL');
    await startRedis(confFile, port);
    const after = await RespClient.connect(port);
    expect(await after.send('DBSIZE')).toBe(0);
    after.close();
    expect(readdirSync(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'appendonlydir'))).toBe(false);
  });

  test('sessions: Sentinel accepts the generated sentinel.conf with the plan down-after and a majority quorum', async () => {
    const spec = mechanism(plan.assets.get('redis-sessions')!, 'redis-sentinel')!;
    const redisConfText = configMapText('redis-sessions.k8s.yaml', 'redis.conf');
    const [port, sentinelPort] = [await freePort(), await freePort()];
    // A primary to monitor; min-replicas-to-write does not matter to Sentinel.
    await startRedis(writeConf(work, 'p.conf', localConf(redisConfText, port, mkdtempSync(join(work, 'p-')))), port);
    const sentinelText = configMapText('redis-sessions.k8s.yaml', 'sentinel.conf')
      .replace('@PRIMARY@', '127.0.0.1')
      .replace(/ 6379 (\d+)$/m, ` ${port} $1`);
    const file = writeConf(work, 'sentinel.conf', localConf(`${sentinelText}dir ${work}\n`, sentinelPort, work));
    await startRedis(file, sentinelPort, ['--sentinel']);
    const s = await RespClient.connect(sentinelPort);
    const fields = (await s.send('SENTINEL', 'MASTER', 'redis-sessions')) as string[];
    const master = Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 ? [[v, fields[i + 1]]] : [])));
    expect(master['down-after-milliseconds']).toBe(String(spec.downAfterSeconds * 1000));
    expect(Number(master.quorum)).toBe(Math.floor((spec.replicas + 1) / 2) + 1);
    expect(master.port).toBe(String(port));
    s.close();
  });
});
