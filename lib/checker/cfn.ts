/**
 * Reading CloudFormation JSON without deploying it: tags, booleans and numbers as CloudFormation accepts them, the
 * logical ids an intrinsic refers to, and strings rendered from the pseudo parameters a stack knows.
 */
import type { CfnResource, StackArtifact } from './types';

export type Json = unknown;

export function isRecord(v: Json): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function props(r: CfnResource): Record<string, unknown> {
  return r.Properties ?? {};
}

/** Tags written as a list of {Key, Value} (most types) or as a map (a few). Values that are not strings are skipped. */
export function tagsOf(r: CfnResource): Record<string, string> {
  const tags = props(r).Tags;
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const t of tags)
      if (isRecord(t) && typeof t.Key === 'string' && typeof t.Value === 'string') out[t.Key] = t.Value;
  } else if (isRecord(tags)) {
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** CloudFormation takes `true` and `"true"` alike. Anything else (absent, an intrinsic) is undefined. */
export function bool(v: Json): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

export function num(v: Json): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** Logical ids referenced anywhere inside a value through `Ref` or `Fn::GetAtt` (pseudo parameters excluded). */
export function refsIn(v: Json): string[] {
  const out: string[] = [];
  const walk = (x: Json): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isRecord(x)) {
      if (typeof x.Ref === 'string' && !x.Ref.startsWith('AWS::')) out.push(x.Ref);
      const att = x['Fn::GetAtt'];
      if (Array.isArray(att) && typeof att[0] === 'string') out.push(att[0]);
      else if (typeof att === 'string') out.push(att.split('.')[0]!);
      Object.values(x).forEach(walk);
    }
  };
  walk(v);
  return [...new Set(out)];
}

/**
 * A string value with `Fn::Join`, `Fn::Sub` and the pseudo parameters rendered for the stack. Null when it depends on
 * something only known at deploy time (a Ref to a resource, an import).
 */
export function render(v: Json, stack: Pick<StackArtifact, 'region' | 'account'>): string | null {
  const pseudo: Record<string, string | null> = {
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::Region': stack.region,
    'AWS::AccountId': stack.account,
  };
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (!isRecord(v)) return null;
  if (typeof v.Ref === 'string') return pseudo[v.Ref] ?? null;
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p) => render(p, stack));
    return parts.every((p): p is string => p !== null) ? parts.join(join[0]) : null;
  }
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') {
    let unresolved = false;
    const out = sub.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
      const value = pseudo[name];
      if (value === undefined || value === null) unresolved = true;
      return value ?? '';
    });
    return unresolved ? null : out;
  }
  return null;
}

/** Each pattern's expression, compiled once (they have no `g` flag, so they keep no state between tests). */
const patterns = new Map<string, RegExp>();

/** `*` in an ARN pattern matches anything, as in a backup selection's `Resources`. */
export function arnMatches(pattern: string, arn: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    patterns.set(pattern, re);
  }
  return re.test(arn);
}
