/**
 * The privileged half of the DR posture PR check (.github/workflows/dr-posture-comment.yml): it runs on the base
 * repository with a token that may write, reads the artifact the unprivileged half produced from the pull request's
 * code (which may come from a fork, so everything in it is untrusted input), and creates or updates one comment. When
 * the diff exited 3 (an acceptance added or widened, nothing regressed) it labels the pull request
 * `dr-acceptance-review`, and removes the label once a later push no longer needs it: the label and the CODEOWNERS
 * entry for dr-targets.yaml ask the owners of the catalog to decide, instead of a red check only an admin can merge.
 *
 * Build and run: `npx esbuild scripts/ci/posture-comment.ts --bundle --platform=node --outfile=posture-comment.js`,
 * then `node posture-comment.js` with GITHUB_REPOSITORY, GITHUB_TOKEN and ARTIFACT_DIR set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMENT_MARKER } from '../../lib/posture';

/** GitHub's limit on a comment body is 65,536 characters. */
const MAX_BODY = 60000;

/** The label a pull request carries while it adds or widens an acceptance. */
export const REVIEW_LABEL = 'dr-acceptance-review';

export interface Payload {
  readonly pr: number;
  readonly body: string;
  /** The diff exited 3: an acceptance was added or widened, and nothing regressed. */
  readonly review: boolean;
}

function read(dir: string, file: string): string {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** The artifact's files → what to post. Throws on anything but a plain PR number; never posts an unmarked body. */
export function commentPayload(dir: string): Payload {
  const pr = read(dir, 'pr-number').trim();
  if (!/^[1-9]\d{0,9}$/.test(pr))
    throw new Error(`pr-number: expected a pull request number, got ${JSON.stringify(pr.slice(0, 20))}`);
  const exit = read(dir, 'exit-code').trim();
  let body = read(dir, 'comment.md');
  const valid = ['0', '1', '3'].includes(exit) && body.startsWith(COMMENT_MARKER);
  if (!valid) {
    body = `${COMMENT_MARKER}\n## DR posture diff\n\nThe diff could not run (exit ${JSON.stringify(exit.slice(0, 4)) || 'unknown'}): see the workflow log.\n`;
  }
  if (body.length > MAX_BODY) body = cutAtSection(body);
  return { pr: Number(pr), body, review: valid && exit === '3' };
}

/**
 * A body over GitHub's limit (`dr diff --max-length` keeps the diff under it; the synth log the script puts on top may
 * not): cut before the last section heading or folded section that starts under the limit, never inside a table.
 */
function cutAtSection(body: string): string {
  const note =
    '\n\n… the rest is left out to stay under GitHub’s comment size; the full diff is in the workflow artifact.\n';
  const room = body.slice(0, MAX_BODY - note.length);
  const at = Math.max(room.lastIndexOf('\n### '), room.lastIndexOf('\n<details>'), room.lastIndexOf('\n## '));
  return `${(at > 0 ? room.slice(0, at) : room.slice(0, room.lastIndexOf('\n'))).trimEnd()}${note}`;
}

export type Fetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

interface Comment {
  readonly id: number;
  readonly body?: string;
  readonly user?: { readonly type?: string };
}

/**
 * Updates the bot's marked comment on the pull request, or creates one. The pull-request number comes from the
 * untrusted artifact, so it is accepted only if that pull request's head is the commit the triggering run built
 * (`headSha`, from the trusted workflow_run event): a fork cannot steer the comment onto another pull request.
 */
export async function upsertComment(o: {
  repo: string;
  token: string;
  payload: Payload;
  headSha: string;
  fetch: Fetch;
  api?: string;
}): Promise<'created' | 'updated'> {
  const api = o.api ?? 'https://api.github.com';
  const headers = {
    authorization: `Bearer ${o.token}`,
    accept: 'application/vnd.github+json',
    'content-type': 'application/json',
  };
  const call = async (url: string, method = 'GET', body?: unknown, allow404 = false) => {
    const r = await o.fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (allow404 && r.status === 404) return undefined;
    if (!r.ok) throw new Error(`${method} ${url}: HTTP ${r.status}`);
    return r.json();
  };
  const pull = (await call(`${api}/repos/${o.repo}/pulls/${o.payload.pr}`)) as { head?: { sha?: string } };
  if (pull.head?.sha !== o.headSha) {
    throw new Error(
      `pull request #${o.payload.pr} has head ${JSON.stringify(pull.head?.sha ?? null)}, not the commit the workflow run built (${o.headSha}): refusing to comment`,
    );
  }
  let existing: Comment | undefined;
  for (let page = 1; !existing; page++) {
    const comments = (await call(
      `${api}/repos/${o.repo}/issues/${o.payload.pr}/comments?per_page=100&page=${page}`,
    )) as Comment[];
    existing = comments.find((c) => c.user?.type === 'Bot' && c.body?.startsWith(COMMENT_MARKER) === true);
    if (comments.length < 100) break;
  }
  const labels = `${api}/repos/${o.repo}/issues/${o.payload.pr}/labels`;
  if (o.payload.review) await call(labels, 'POST', { labels: [REVIEW_LABEL] });
  else await call(`${labels}/${REVIEW_LABEL}`, 'DELETE', undefined, true); // 404: it was not there
  if (existing) {
    await call(`${api}/repos/${o.repo}/issues/comments/${existing.id}`, 'PATCH', { body: o.payload.body });
    return 'updated';
  }
  await call(`${api}/repos/${o.repo}/issues/${o.payload.pr}/comments`, 'POST', { body: o.payload.body });
  return 'created';
}

async function main(): Promise<void> {
  const { GITHUB_REPOSITORY: repo, GITHUB_TOKEN: token, ARTIFACT_DIR: dir, HEAD_SHA: headSha } = process.env;
  if (!repo || !token || !dir || !headSha)
    throw new Error('GITHUB_REPOSITORY, GITHUB_TOKEN, ARTIFACT_DIR and HEAD_SHA must be set');
  const result = await upsertComment({
    repo,
    token,
    headSha,
    payload: commentPayload(dir),
    fetch: globalThis.fetch as unknown as Fetch,
  });
  process.stdout.write(`DR posture comment ${result}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`posture-comment: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
