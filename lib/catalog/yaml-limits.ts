/**
 * Limits on what a YAML document may cost to read. The yaml package bounds alias expansion (`maxAliasCount`, a
 * "billion laughs" defence) but not depth or size: those are written here, and checked on the parsed tree before it is
 * turned into JavaScript values, so a hostile catalog is a located error instead of a stack overflow or an exhausted heap.
 */
import { isAlias, isMap, isPair, isSeq, type Document } from 'yaml';

export const YAML_LIMITS = {
  /** yaml's own default: the shipped catalog uses a handful of aliases. */
  maxAliasCount: 100,
  /** A catalog is at most about six levels deep (assets[3].accept[0].rto); 32 leaves room for any real one. */
  maxDepth: 32,
  /** Nodes (scalars, lists, maps) in the document; a catalog of 1,000 assets has about 30,000. */
  maxNodes: 100_000,
} as const;

export interface YamlLimitProblem {
  readonly offset: number;
  readonly message: string;
}

/** The first node that breaks the depth or node-count limit, walking the tree without recursion. */
export function yamlLimitProblem(doc: Document): YamlLimitProblem | undefined {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || node === undefined) continue;
    const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
    if (++nodes > YAML_LIMITS.maxNodes) {
      return { offset, message: `expected a document of at most ${YAML_LIMITS.maxNodes} values` };
    }
    if (depth > YAML_LIMITS.maxDepth) {
      return { offset, message: `expected values nested at most ${YAML_LIMITS.maxDepth} levels deep` };
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1], [item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Where the first alias is, for the alias-count error (which yaml raises without a position). */
export function firstAliasOffset(doc: Document): number {
  const stack: unknown[] = [doc.contents];
  let first = Infinity;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) first = Math.min(first, node.range?.[0] ?? 0);
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push(...(isPair(item) ? [item.value, item.key] : [item]));
    }
  }
  return Number.isFinite(first) ? first : 0;
}
