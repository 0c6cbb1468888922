/**
 * Runs a test workload in a child process, `node --expose-gc --import tsx SCRIPT ARGS`
 * from the repository root, and returns the JSON lines it prints on stdout (one per
 * checkpoint). The memory and size tests measure in a child so that the test runner's
 * own heap does not count; a non-zero exit rejects with the end of its stderr.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function jsonLinesOf<T>(script: string, args: readonly (string | number)[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, script), ...args.map(String)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
      else resolve(out.trim().split('\n').map((l) => JSON.parse(l) as T));
    });
  });
}
