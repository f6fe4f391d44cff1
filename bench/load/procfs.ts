/** What the load benchmark reads about a server process from /proc (Linux), and how it pins one. */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat counts CPU time in clock ticks. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after it.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU seconds the process has used, all its threads together. */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  // Fields 14 (utime) and 15 (stime); f[0] is field 3.
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) * 1024;
}

/** Pids of this process's children whose command name is `name`. */
export function childrenNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const f = statFields(Number(entry));
      if (comm === name && Number(f[1]) === process.pid) pids.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}

/** Binds every thread of `pid` (and the threads it starts later) to one core. */
export function pinToCore(pid: number, core: number): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '-p', String(core), String(pid)], {
    stdio: 'ignore',
  });
}

/**
 * Runs `command` bound to one core (taskset) and resolves with its stdout and stderr, or rejects
 * when it fails; it is killed if still running `limitSeconds` after its start.
 */
export function runOnCore(core: number, command: string, args: readonly string[], limitSeconds: number) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn('taskset', ['--cpu-list', String(core), command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const collect = (chunk: Buffer) => {
      text += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const killer = setTimeout(() => child.kill('SIGKILL'), limitSeconds * 1000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killer);
      if (code === 0) resolve(text);
      else reject(new Error(`${command} exited with ${code}: ${text.slice(-2000)}`));
    });
  });
}

/** One core's counters from /proc/stat, in clock ticks: all of them, and the hypervisor's steal. */
export function coreTicks(core: number): { total: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`cpu${core} `));
  // cpuN user nice system idle iowait irq softirq steal guest guest_nice
  const f = (line ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
}
