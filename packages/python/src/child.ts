/**
 * Running Python code of one version in a child process: one process holds one Pyodide, so tools that need
 * several CPython versions at once (table generation, golden tests) start one child per version.
 *
 * The child reads a Python program on stdin, runs it, and writes the value of its last expression (a str)
 * to stdout.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killWithParent } from './child-exit.js';
import { loadRuntime, isPythonVersion, mountHostDirectory, type PythonVersion } from './runtime.js';
import { isMainScript } from './main-script.js';

const CHILD = fileURLToPath(import.meta.url);

/** Runs `code` in a fresh process with the Python `version` runtime and returns its final expression's text. */
export function runPythonInChild(version: PythonVersion, code: string, options: { mount?: { host: string; at: string } } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [CHILD, version];
    if (options.mount) args.push(options.mount.host, options.mount.at);
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    killWithParent(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`Python ${version} child failed (${status}): ${Buffer.concat(err).toString('utf8').slice(-2000)}`));
    });
    child.stdin.end(code);
  });
}

async function main(version: string, mountHost?: string, mountAt?: string): Promise<void> {
  if (!isPythonVersion(version)) throw new Error(`unknown version ${version}`);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const rt = await loadRuntime(version, { stderr: (l) => process.stderr.write(l + '\n') });
  if (mountHost && mountAt) mountHostDirectory(rt, mountHost, mountAt);
  const text = rt.runText(Buffer.concat(chunks).toString('utf8'));
  process.stdout.write(text);
}

if (isMainScript(import.meta.url)) {
  main(process.argv[2] ?? '', process.argv[3], process.argv[4]).catch((e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack ?? e.message : e) + '\n');
    process.exit(1);
  });
}
