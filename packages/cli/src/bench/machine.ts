import { cpus, loadavg, release, totalmem, type as osType, arch } from 'node:os';

/** What the appendix says about the machine that measured it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  /** The 1-minute load average when the run started: how busy the machine was (0 on Windows). */
  load: number;
}

export function describeMachine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() || 'unknown CPU',
    cores: cores.length,
    memoryBytes: totalmem(),
    os: `${osType()} ${release()} (${arch()})`,
    node: process.version,
    load: loadavg()[0] ?? 0,
  };
}
