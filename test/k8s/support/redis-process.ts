/**
 * Real redis-server processes for tests: each on 127.0.0.1 with a free port and its own directory, tracked by PID so
 * every one is stopped, also when a test fails. A minimal RESP client talks to them (no client library is installed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';

export type Reply = string | number | null | Error | Reply[];

/** Whether redis-server can be run here. */
export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A connection that sends commands and resolves replies in order. */
export class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly pending: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (let parsed = parse(this.buffer, 0); parsed; parsed = parse(this.buffer, 0)) {
        this.buffer = this.buffer.subarray(parsed.end);
        this.pending.shift()?.resolve(parsed.value);
      }
    });
    const fail = (e: Error) => this.pending.splice(0).forEach((p) => p.reject(e));
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  send(...args: (string | number)[]): Promise<Reply> {
    const parts = args.map((a) => Buffer.from(String(a)));
    const frame = Buffer.concat([
      Buffer.from(`*${parts.length}\r\n`),
      ...parts.flatMap((p) => [Buffer.from(`$${p.length}\r\n`), p, Buffer.from('\r\n')]),
    ]);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

function parse(buf: Buffer, at: number): { value: Reply; end: number } | null {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const line = buf.toString('utf8', at + 1, eol);
  switch (String.fromCharCode(buf[at]!)) {
    case '+':
      return { value: line, end: eol + 2 };
    case '-':
      return { value: new Error(line), end: eol + 2 };
    case ':':
      return { value: Number(line), end: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return null;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      const items: Reply[] = [];
      let end = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, end);
        if (!item) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: n < 0 ? null : items, end };
    }
    default:
      throw new Error(`unexpected RESP type byte ${buf[at]}`);
  }
}

const running = new Map<number, ChildProcess>();

/** A redis-server started from a config file; `output` collects its log for failure messages. */
export interface RedisServer {
  readonly pid: number;
  readonly port: number;
  output: string;
  readonly exited: Promise<void>;
}

/** Starts `redis-server CONF [args]` and waits until it answers PING with PONG (not LOADING). */
export async function startRedis(confFile: string, port: number, args: string[] = []): Promise<RedisServer> {
  const child = spawn('redis-server', [confFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('redis-server did not start');
  running.set(child.pid, child);
  const server: RedisServer = {
    pid: child.pid,
    port,
    output: '',
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  child.stdout.on('data', (d) => (server.output += String(d)));
  child.stderr.on('data', (d) => (server.output += String(d)));
  void server.exited.then(() => running.delete(server.pid));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${server.output}`);
    const reply = await RespClient.connect(port)
      .then(async (c) => {
        const r = await c.send('PING');
        c.close();
        return r;
      })
      .catch(() => null);
    if (reply === 'PONG') return server;
    await new Promise((r) => setTimeout(r, 50));
  }
  await kill(server, 'SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PONG within 15 s:\n${server.output}`);
}

/** Stops a server by its PID and waits for it to exit. */
export async function kill(server: RedisServer, signal: NodeJS.Signals): Promise<void> {
  if (!running.has(server.pid)) return;
  process.kill(server.pid, signal);
  await server.exited;
}

/** Kills (SIGKILL, by PID) every server still running; for afterAll and afterEach. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running.values()].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

export function writeConf(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
