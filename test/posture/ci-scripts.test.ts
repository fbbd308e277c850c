/**
 * The scripts the DR posture workflows call (they cannot run here): the unprivileged diff step on stub checkouts, and
 * the privileged comment step against a stub GitHub API. Nothing leaves this machine.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { check } from '../../lib/checker';
import { buildPosture, COMMENT_MARKER, postureJson, type Posture } from '../../lib/posture';
import { commentPayload, REVIEW_LABEL, upsertComment, type Fetch } from '../../scripts/ci/posture-comment';
import { writeArtifacts } from '../checker/disk';
import { artifacts, catalog, primary, type MutableArtifacts } from '../checker/fixture-app';

const SCRATCH = resolve('node_modules/.cache/dr-ci-test');

function side(dir: string, a: MutableArtifacts, synthExit: number, edit: (p: Posture) => Posture = (p) => p): void {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'scripts', 'build.mjs'), '');
  // A stand-in for the synth entry: the artifacts are already in place; a DR gap exits 1 after writing the posture.
  writeFileSync(
    join(dir, 'dist', 'bin', 'app.js'),
    `console.error('ERROR [DR-ACCEPT-EXPIRED] orders-db: the acceptance expired'); process.exitCode = ${synthExit};`,
  );
  const cat = catalog();
  const posture = buildPosture({
    catalog: cat,
    assessments: check({ catalog: cat, artifacts: a, today: '2026-11-28' }).assessments,
    asOf: '2026-11-28',
  });
  writeFileSync(join(dir, 'dist', 'dr-posture.json'), postureJson(edit(posture)));
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

  // The head's `dr` CLI, bundled once for the suite (the script runs the head's build).
  const DR_BUNDLE = join(SCRATCH, 'dr.js');
  beforeAll(() => {
    mkdirSync(SCRATCH, { recursive: true });
    buildSync({
      entryPoints: ['bin/dr.ts'],
      outfile: DR_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
  });

  const runScript = (head: MutableArtifacts, headSynthExit: number, edit?: (p: Posture) => Posture) => {
    side(join(dir, 'base'), artifacts(), 0);
    side(join(dir, 'head'), head, headSynthExit, edit);
    copyFileSync(DR_BUNDLE, join(dir, 'head', 'dist', 'bin', 'dr.js'));
    const r = spawnSync(
      'bash',
      ['scripts/ci/posture-diff.sh', join(dir, 'base'), join(dir, 'head'), join(dir, 'out'), '42'],
      { encoding: 'utf8', env: { ...process.env, REPORT_URL: 'https://ci.example/runs/1' } },
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
    expect(r.comment).toMatch(
      /\| media \| region \| RPO met → gap: 15m SLA vs target 1d → no protection vs target 1d \|/,
    );
    expect(r.comment).toMatch(/\| ExampleDrPrimary \| OrdersDatabase \| AWS::RDS::DBInstance \| replace \|/);
  });

  test('a head whose synth fails with an unchanged posture (an expired acceptance) is still a failure, findings first', () => {
    const r = runScript(artifacts(), 1);
    expect([r.code, r.exit]).toEqual([1, '1']);
    expect(r.comment).toMatch(
      /^<!-- dr-posture-diff -->\n## ❌ Synth of the head failed \(exit 1\)\n[\s\S]*ERROR \[DR-ACCEPT-EXPIRED\] orders-db[\s\S]*## DR posture diff\n\nNo regression\./,
    );
  });

  test('an acceptance added, nothing regressed: exit 3 for a review, with its own heading', () => {
    const r = runScript(artifacts(), 0, (p) => ({
      ...p,
      entries: p.entries.map((e) =>
        e.id !== 'media'
          ? e
          : {
              ...e,
              modes: {
                ...e.modes,
                corruption: {
                  ...e.modes.corruption,
                  acceptances: [
                    {
                      mode: 'corruption',
                      rtoSeconds: 'unbounded',
                      reason: 'no restore measured yet',
                      owner: 'platform',
                      expires: '2027-01-31',
                      fields: ['rto'],
                    },
                  ],
                },
              },
            },
      ),
    }));
    expect([r.code, r.exit]).toEqual([3, '3']);
    expect(r.comment).toMatch(/acceptance added[^\n]*no restore measured yet/);
  });

  test('no posture on the head (synth crashed before writing it): exit 2, nothing to post but the fixed message', () => {
    side(join(dir, 'base'), artifacts(), 0);
    mkdirSync(join(dir, 'head', 'scripts'), { recursive: true });
    writeFileSync(join(dir, 'head', 'scripts', 'build.mjs'), 'process.exit(2)');
    const r = spawnSync(
      'bash',
      ['scripts/ci/posture-diff.sh', join(dir, 'base'), join(dir, 'head'), join(dir, 'out'), '42'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, 'out', 'exit-code'), 'utf8').trim()).toBe('2');
    expect(commentPayload(join(dir, 'out')).body).toMatch(/The diff could not run \(exit "2"\)/);
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
      review: false,
    });
  });

  test('exit 3 (an acceptance to review) asks for the review label; 0 and 1 do not', () => {
    const review = (exit: string) =>
      commentPayload(artifact({ 'pr-number': '42', 'exit-code': exit, 'comment.md': body })).review;
    expect(['0', '1', '3', '2'].map(review)).toEqual([false, false, true, false]);
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

  test('an oversized body is cut under GitHub’s limit, before a section, never inside a table', () => {
    const table = (title: string, rows: number) =>
      `### ${title}\n\n| Entry | Change |\n|---|---|\n${Array.from({ length: rows }, (_, i) => `| e${i} | ${'x'.repeat(60)} |`).join('\n')}\n`;
    const long = `${body}\n${table('Regressions', 500)}\n${table('Other changes', 500)}`;
    const cut = commentPayload(artifact({ 'pr-number': '7', 'exit-code': '1', 'comment.md': long })).body;
    expect(cut.length).toBeLessThan(65536);
    expect(cut).toContain('### Regressions');
    expect(cut).not.toContain('### Other changes');
    expect(cut).toMatch(/\| e499 \| x+ \|\n\n… the rest is left out to stay under GitHub’s comment size/);
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
  const payload = { pr: 42, body, review: false };

  test('no comment yet: one is created', async () => {
    const gh = github([[{ id: 1, body: 'LGTM', user: { type: 'User' } }]]);
    expect(
      await upsertComment({ repo: 'o/r', token: 't', headSha: HEAD, payload, fetch: gh.fetch, api: 'http://stub' }),
    ).toBe('created');
    expect(gh.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET http://stub/repos/o/r/pulls/42',
      'GET http://stub/repos/o/r/issues/42/comments?per_page=100&page=1',
      `DELETE http://stub/repos/o/r/issues/42/labels/${REVIEW_LABEL}`,
      'POST http://stub/repos/o/r/issues/42/comments',
    ]);
  });

  test('an acceptance to review labels the pull request; a label that is not there is not an error to remove', async () => {
    const gh = github([[]]);
    await upsertComment({
      repo: 'o/r',
      token: 't',
      headSha: HEAD,
      payload: { ...payload, review: true },
      fetch: gh.fetch,
      api: 'http://stub',
    });
    expect(gh.calls[2]).toEqual({
      method: 'POST',
      url: 'http://stub/repos/o/r/issues/42/labels',
      body: JSON.stringify({ labels: [REVIEW_LABEL] }),
    });
    const missing: Fetch = async (url, init) =>
      init?.method === 'DELETE' ? { ok: false, status: 404, json: async () => ({}) } : gh.fetch(url, init);
    await expect(
      upsertComment({ repo: 'o/r', token: 't', headSha: HEAD, payload, fetch: missing, api: 'http://stub' }),
    ).resolves.toBe('created');
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
