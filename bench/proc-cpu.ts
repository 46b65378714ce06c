// CPU time of processes read from /proc (Linux): the bench's CPU-per-message figures.
import { readdirSync, readFileSync } from 'node:fs';

/** utime + stime of a process in ms (Linux clock ticks at 100/s). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (utime + stime, ms) of a process and all its descendants, read from /proc (Linux). */
export function treeCpuMs(rootPid: number): number {
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    try {
      total += processCpuMs(pid);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // the process ended meanwhile: nothing more to count
    }
  }
  return total;
}
