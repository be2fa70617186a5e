// Background work cut into steps: one step per turn of the event loop, so the
// messages that arrived meanwhile (an opened document, an edit) are handled
// before the next step rather than after the whole job.

/** Runs the steps of `job` one per setImmediate; a throwing step ends the job and is reported. */
export function runInSteps(job: Iterator<unknown>, onError: (e: unknown) => void): void {
  const step = (): void => {
    try {
      if (!job.next().done) setImmediate(step);
    } catch (e) {
      onError(e);
    }
  };
  setImmediate(step);
}
