// Entry the extension host calls (`run`): runs the cases of extension.test.ts
// one after another and fails on the first error. Kept dependency-free (no
// mocha) so it needs nothing beyond what the repository installs.
import { cases } from './extension.test';

export async function run(): Promise<void> {
  for (const [name, fn] of cases) {
    try {
      await fn();
      console.log(`✔ ${name}`);
    } catch (e) {
      console.error(`✖ ${name}`);
      throw e;
    }
  }
}
