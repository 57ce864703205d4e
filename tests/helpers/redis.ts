// A redis-server of the test's own on a free loopback port (Debian's redis-server; .ci/run
// installs it), started and stopped by the test. Outside CI, a machine without it skips.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

/** A free loopback port, as the OS hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address() as { port: number }; server.close(() => resolve(port)); });
  });
}

export interface RedisServer { url: string; port: number; stop(): Promise<void>; restart(): Promise<void> }

function start(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout!.on('data', (d) => { text += d; if (text.includes('Ready to accept connections')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${text.slice(-400)}`)));
  });
}

const stopChild = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child = await start(port);
  return {
    url: `redis://127.0.0.1:${port}`, port,
    stop: () => stopChild(child),
    restart: async () => { await stopChild(child); child = await start(port); },
  };
}
