/**
 * The scripts the DR posture workflows call (they cannot run here): the unprivileged diff step on stub checkouts, and
 * the privileged comment step against a stub GitHub API. Nothing leaves this machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { check } from '../../lib/checker';
import { buildPosture, COMMENT_MARKER, postureJson } from '../../lib/posture';
import { commentPayload, upsertComment, type Fetch } from '../../scripts/ci/posture-comment';
import { writeArtifacts } from '../checker/disk';
import { artifacts, catalog, primary, type MutableArtifacts } from '../checker/fixture-app';

const SCRATCH = resolve('node_modules/.cache/dr-ci-test');

function side(dir: string, a: MutableArtifacts, synthExit: number): void {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'scripts', 'build.mjs'), '');
  // A stand-in for the synth entry: the artifacts are already in place; a DR gap exits 1 after writing the posture.
  writeFileSync(join(dir, 'dist', 'bin', 'app.js'), `process.exitCode = ${synthExit};`);
  const cat = catalog();
  writeFileSync(
    join(dir, 'dist', 'dr-posture.json'),
    postureJson(
      buildPosture({
        catalog: cat,
        assessments: check({ catalog: cat, artifacts: a, today: '2026-11-28' }).assessments,
      }),
    ),
  );
  // Synth writes the manifests to dist/k8s: the gate compares both sides' StatefulSets there.
  renameSync(writeArtifacts(a, dir).k8s, join(dir, 'dist', 'k8s'));
}

describe('scripts/ci/posture-diff.sh: synthesize both sides, diff, write the artifact', () => {
  let dir: string;
  beforeEach(() => {
    mkdirSync(SCRATCH, { recursive: true });
    dir = mkdtempSync(join(SCRATCH, 'run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runScript = (head: MutableArtifacts, headSynthExit: number) => {
    side(join(dir, 'base'), artifacts(), 0);
    side(join(dir, 'head'), head, headSynthExit);
    buildSync({
      entryPoints: ['bin/dr.ts'],
      outfile: join(dir, 'head', 'dist', 'bin', 'dr.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
    const r = spawnSync(
      'bash',
      ['scripts/ci/posture-diff.sh', join(dir, 'base'), join(dir, 'head'), join(dir, 'out'), '42'],
      { encoding: 'utf8' },
    );
    const out = (f: string) => readFileSync(join(dir, 'out', f), 'utf8');
    return { code: r.status, comment: out('comment.md'), exit: out('exit-code').trim(), pr: out('pr-number').trim() };
  };

  test('no change: exit 0 and a comment saying so', () => {
    const r = runScript(artifacts(), 0);
    expect([r.code, r.exit, r.pr]).toEqual([0, '0', '42']);
    expect(r.comment).toMatch(/^<!-- dr-posture-diff -->\n## DR posture diff\n\nNo regression\./);
  });

  test('a head that fails synth on a gap still gets its regression diffed: exit 1 and the artifact written', () => {
    const head = artifacts();
    delete primary(head, 'MediaBucket').ReplicationConfiguration;
    primary(head, 'OrdersDatabase').DBInstanceIdentifier = 'renamed';
    const r = runScript(head, 1);
    expect([r.code, r.exit]).toEqual([1, '1']);
    expect(r.comment).toMatch(/\| media \| region \| status unverified → gap \|/);
    expect(r.comment).toMatch(/\| ExampleDrPrimary \| OrdersDatabase \| AWS::RDS::DBInstance \| replace \|/);
  });
});

describe('scripts/ci/posture-comment.ts: the untrusted artifact and one comment per pull request', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(SCRATCH, 'artifact-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const artifact = (files: Record<string, string>) => {
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    return dir;
  };
  const body = `${COMMENT_MARKER}\n## DR posture diff\n\nNo regression.\n`;

  test('a well-formed artifact is posted as written', () => {
    expect(commentPayload(artifact({ 'pr-number': '42\n', 'exit-code': '1\n', 'comment.md': body }))).toEqual({
      pr: 42,
      body,
    });
  });

  test('a pull request number that is not a number is refused', () => {
    expect(() => commentPayload(artifact({ 'pr-number': '42/../../x', 'exit-code': '0', 'comment.md': body }))).toThrow(
      /^pr-number: expected a pull request number/,
    );
  });

  test('a failed diff or an unmarked body becomes a fixed message, never the untrusted text', () => {
    expect(commentPayload(artifact({ 'pr-number': '7', 'exit-code': '2', 'comment.md': '' })).body).toBe(
      `${COMMENT_MARKER}\n## DR posture diff\n\nThe diff could not run (exit "2"): see the workflow log.\n`,
    );
    expect(
      commentPayload(artifact({ 'pr-number': '7', 'exit-code': '0', 'comment.md': '@everyone hello' })).body,
    ).not.toMatch(/everyone/);
  });

  test('an oversized body is cut under GitHub’s limit', () => {
    expect(
      commentPayload(artifact({ 'pr-number': '7', 'exit-code': '1', 'comment.md': body + 'x'.repeat(70000) })).body
        .length,
    ).toBeLessThan(65536);
  });

  const HEAD = 'a'.repeat(40);
  function github(pages: { id: number; body: string; user: { type: string } }[][], head = HEAD) {
    const calls: { method: string; url: string; body?: string }[] = [];
    const fetch: Fetch = async (url, init) => {
      calls.push({ method: init?.method ?? 'GET', url, ...(init?.body ? { body: init.body } : {}) });
      if (/\/pulls\/\d+$/.test(url)) return { ok: true, status: 200, json: async () => ({ head: { sha: head } }) };
      const page = Number(/[?&]page=(\d+)/.exec(url)?.[1] ?? 0);
      return { ok: true, status: 200, json: async () => (init?.method === 'GET' ? (pages[page - 1] ?? []) : {}) };
    };
    return { calls, fetch };
  }
  const payload = { pr: 42, body };

  test('no comment yet: one is created', async () => {
    const gh = github([[{ id: 1, body: 'LGTM', user: { type: 'User' } }]]);
    expect(
      await upsertComment({ repo: 'o/r', token: 't', headSha: HEAD, payload, fetch: gh.fetch, api: 'http://stub' }),
    ).toBe('created');
    expect(gh.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET http://stub/repos/o/r/pulls/42',
      'GET http://stub/repos/o/r/issues/42/comments?per_page=100&page=1',
      'POST http://stub/repos/o/r/issues/42/comments',
    ]);
  });

  test('the bot’s marked comment is updated, found on a later page; a person quoting the marker is left alone', async () => {
    const filler = Array.from({ length: 100 }, (_, i) => ({
      id: 100 + i,
      body: i === 0 ? `${COMMENT_MARKER} quoted` : 'hi',
      user: { type: 'User' },
    }));
    const gh = github([filler, [{ id: 7, body: `${COMMENT_MARKER}\nold`, user: { type: 'Bot' } }]]);
    expect(
      await upsertComment({ repo: 'o/r', token: 't', headSha: HEAD, payload, fetch: gh.fetch, api: 'http://stub' }),
    ).toBe('updated');
    expect(gh.calls.at(-1)).toEqual({
      method: 'PATCH',
      url: 'http://stub/repos/o/r/issues/comments/7',
      body: JSON.stringify({ body }),
    });
  });

  test('an artifact naming a pull request whose head is another commit is refused, and nothing is written', async () => {
    const gh = github([[]], 'b'.repeat(40));
    await expect(
      upsertComment({ repo: 'o/r', token: 't', headSha: HEAD, payload, fetch: gh.fetch, api: 'http://stub' }),
    ).rejects.toThrow(
      /^pull request #42 has head "b{40}", not the commit the workflow run built \(a{40}\): refusing to comment$/,
    );
    expect(gh.calls.map((c) => c.method)).toEqual(['GET']);
  });

  test('an API error stops with the method, URL and status', async () => {
    const fetch: Fetch = async () => ({ ok: false, status: 403, json: async () => ({}) });
    await expect(
      upsertComment({ repo: 'o/r', token: 't', headSha: HEAD, payload, fetch, api: 'http://stub' }),
    ).rejects.toThrow('GET http://stub/repos/o/r/pulls/42: HTTP 403');
  });
});
