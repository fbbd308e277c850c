/**
 * Every file the project reads — the catalog, the placement file, evidence, postures, templates, manifests — comes
 * through here: a regular file (no FIFO, device, socket or directory, which would hang a read or never end) of at most
 * a given size, decoded as UTF-8. A problem is a sentence about the file, never a piece of its content.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';

const MiB = 1024 * 1024;

/** Size limits, far above what a real catalog of thousands of entries (or its artifacts) needs. */
export const FILE_LIMITS = {
  catalog: 2 * MiB,
  placement: 2 * MiB,
  evidence: 16 * MiB,
  posture: 64 * MiB,
  /** A cloud assembly's manifest.json and templates (CloudFormation itself takes templates of at most 1 MB). */
  assembly: 16 * MiB,
  manifest: 16 * MiB,
  config: 1 * MiB,
} as const;

/** A file that could not be read: `reason` says why, in words that never quote the file. */
export class FileReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'FileReadError';
  }
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openReason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return `cannot open it (${e.code ?? 'unknown error'})`;
  }
}

/**
 * The text of `file`. Opened non-blocking, so a FIFO is refused instead of waiting for a writer; its type and size
 * come from the open descriptor (no race with a swap between a check and the read); at most `maxBytes` + 1 bytes are
 * ever read, so a file that grows, or a /proc file that reports size 0, cannot exhaust memory.
 */
export function readTextFile(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileReadError(file, openReason(e as NodeJS.ErrnoException));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError(file, `expected a regular file, got ${kindOf(stats)}`);
    const tooBig = () =>
      new FileReadError(file, `larger than the limit of ${maxBytes} bytes for this file; expected a smaller file`);
    if (stats.size > maxBytes) throw tooBig();
    // Read in chunks until the end: stat's size is a hint only (a /proc file says 0, a file may grow meanwhile).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(maxBytes + 1 - length, Math.max(stats.size + 1 - length, 64 * 1024)));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) throw tooBig();
    }
    const buffer = Buffer.concat(chunks, length);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw new FileReadError(file, 'not UTF-8 text');
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * JSON.parse, whose messages can quote the text ("Unexpected token … "root:x:0:0"… is not valid JSON"): on failure
 * only the file, the line and the column are reported. V8 gives an offset for some errors; for the others the YAML
 * reader (JSON is YAML) finds the first bad position.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /at position (\d+)/.exec((e as Error).message);
    const offset = at ? Number(at[1]) : yamlErrorOffset(text);
    const where = offset === undefined ? '' : `:${lineColumn(text, offset)}`;
    throw new FileReadError(`${file}${where}`, 'not valid JSON');
  }
}

function yamlErrorOffset(text: string): number | undefined {
  // Only the position is used: the reader's message may quote the text.
  // The JSON schema makes a bare word an error, as it is in JSON.
  const doc = parseDocument(text, { prettyErrors: false, schema: 'json' });
  return doc.errors[0]?.pos[0] ?? (text.trim() === '' ? 0 : undefined);
}

function lineColumn(text: string, offset: number): string {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const { line, col } = lines.linePos(offset);
  return `${line}:${col}`;
}
