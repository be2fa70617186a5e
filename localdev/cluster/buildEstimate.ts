// How long the control plane's build still has to go, for the note the
// Environments tree shows while `npm start` builds it behind the open editor
// ("local cluster: building kube-apiserver, …, ~N min left").
//
// scripts/setup.d/30-controlplane.sh says what it will build (`to build:`,
// one unit per `go build`), when a unit starts (`building …`) and how long
// it took (`built … in Ns`); it appends each duration to a record in the
// cache, so the next cold build (a version bump, a wiped key directory) is
// estimated from this machine's own figures. A unit never built here falls
// back to the sum of its binaries' defaults below.

/** The record of measured build durations: `<seconds>\t<binaries of one go build, space-separated>` per line, newest last. */
export const RECORD_FILE = 'build-times.tsv';

/**
 * Per-binary defaults in seconds, when this machine has no record: a cold
 * `.ci/run` on a 2-core machine at load average 1-5 (README: etcd 138 s,
 * kwok 231 s, the three Kubernetes binaries in one go build 733 s), rounded
 * up, the three split by what each adds to the build graph: about 19 minutes.
 * A busier machine takes longer (the note then says "longer than the ~N min
 * expected"), and records its own durations for the next build.
 */
export const DEFAULT_SECONDS: Readonly<Record<string, number>> = {
  etcd: 150,
  kwok: 240,
  'kube-apiserver': 450,
  'kube-controller-manager': 210,
  'kube-scheduler': 90,
};
/** A binary the defaults do not know (a component added later): a conservative guess. */
const UNKNOWN_SECONDS = 600;

const key = (unit: readonly string[]) => unit.join(' ');

/** The last recorded duration of each unit; malformed lines are skipped. */
export function parseRecord(text: string): Map<string, number> {
  const recorded = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\d+)\t(\S+(?: \S+)*)$/.exec(line.trimEnd());
    if (m) recorded.set(m[2]!, Number(m[1]));
  }
  return recorded;
}

/** A unit's expected duration: its last recorded one, else the sum of its binaries' defaults. */
export function unitSeconds(unit: readonly string[], recorded: ReadonlyMap<string, number>): number {
  return recorded.get(key(unit)) ?? unit.reduce((s, b) => s + (DEFAULT_SECONDS[b] ?? UNKNOWN_SECONDS), 0);
}

/**
 * Follows the set-up step's output and says what the tree's note should be.
 * `line` takes each line of its output with the time it arrived (ms);
 * `note` gives the note at a time (it counts down between lines).
 */
export class BuildProgress {
  private plan: string[][] = [];
  private current: { unit: string[]; since: number } | undefined;

  constructor(private readonly recorded: ReadonlyMap<string, number>) {}

  line(text: string, now: number): void {
    const plan = /^30-controlplane: to build: (.+)$/.exec(text);
    if (plan) this.plan = plan[1]!.split(', ').map((u) => u.split(' '));
    const building = /^30-controlplane: building (.*?)(?: \(.*\))?…$/.exec(text);
    if (building) {
      const unit = building[1]!.split(' ');
      this.current = { unit, since: now };
      // A unit not announced (an older script): the plan is what is known.
      if (!this.plan.some((u) => key(u) === key(unit))) this.plan = [unit];
    }
    const built = /^30-controlplane: built (.*) in \d+s$/.exec(text);
    if (built) {
      this.plan = this.plan.filter((u) => key(u) !== built[1]);
      if (this.current && key(this.current.unit) === built[1]) this.current = undefined;
    }
  }

  /** Seconds left: the current unit's expected duration less its elapsed time (not below zero), plus every unit still to come. */
  secondsLeft(now: number): number {
    return this.plan.reduce((s, unit) => {
      const expected = unitSeconds(unit, this.recorded);
      if (this.current && key(unit) === key(this.current.unit)) return s + Math.max(0, expected - (now - this.current.since) / 1000);
      return s + expected;
    }, 0);
  }

  note(now: number): string {
    const what = this.current ? `building ${this.current.unit.join(', ')}` : 'building';
    if (this.plan.length === 0) return `local cluster: ${what}`;
    const left = this.secondsLeft(now);
    if (left > 0 || !this.current) return `local cluster: ${what}, ~${Math.max(1, Math.ceil(left / 60))} min left`;
    // Past the estimate on the last unit: say so rather than count below zero.
    const expected = Math.ceil(unitSeconds(this.current.unit, this.recorded) / 60);
    return `local cluster: ${what}, longer than the ~${expected} min expected`;
  }
}
