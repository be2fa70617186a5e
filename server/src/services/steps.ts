// Background work cut into steps: one step per turn of the event loop, so the
// messages that arrived meanwhile (an opened document, an edit) are handled
// before the next step rather than after the whole job.

/**
 * Runs the steps of `job` one per setImmediate; a throwing step ends the job and is reported.
 * With `wait`, each step first asks it how long to hold off (0: go now), and asks again after that long.
 */
export function runInSteps(job: Iterator<unknown>, onError: (e: unknown) => void, wait?: () => number): void {
  const step = (): void => {
    const ms = wait?.() ?? 0;
    if (ms > 0) {
      setTimeout(step, ms);
      return;
    }
    try {
      if (!job.next().done) setImmediate(step);
    } catch (e) {
      onError(e);
    }
  };
  setImmediate(step);
}
