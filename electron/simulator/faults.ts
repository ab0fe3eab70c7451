/** Faults injected into the simulator through `POST /__sim/faults` (CENTRAL-API.md). */
export interface FaultSpec {
  /** Hits calls whose path ends with this. */
  path: string;
  latencyMs?: number;
  status?: number;
  result?: number;
  hang?: boolean;
  reset?: boolean;
  /** At most this many hits, then the fault is spent. */
  times?: number;
  /** Hits this share (0–1) of the matching calls. */
  ratio?: number;
}

interface ActiveFault extends FaultSpec {
  hits: number;
}

export class FaultTable {
  private faults: ActiveFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, hits: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.faults;
  }

  /** The fault that hits this call, if any, counting the hit. */
  match(path: string): FaultSpec | undefined {
    const lower = path.toLowerCase();
    for (const fault of this.faults) {
      if (!lower.endsWith(fault.path.toLowerCase())) continue;
      if (fault.times !== undefined && fault.hits >= fault.times) continue;
      if (fault.ratio !== undefined && this.random() >= fault.ratio) continue;
      fault.hits += 1;
      return fault;
    }
    return undefined;
  }
}

export function parseFaultSpec(body: Record<string, unknown>): FaultSpec | string {
  if (typeof body.path !== 'string' || body.path.length === 0) return 'path is required';
  const spec: FaultSpec = { path: body.path };
  const numbers = ['latencyMs', 'status', 'result', 'times', 'ratio'] as const;
  for (const key of numbers) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return `${key} must be a non-negative number`;
    spec[key] = value;
  }
  for (const key of ['hang', 'reset'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return `${key} must be a boolean`;
    spec[key] = value;
  }
  if (spec.ratio !== undefined && spec.ratio > 1) return 'ratio must be between 0 and 1';
  return spec;
}
