/**
 * Collects every problem in an input, with a bound so that a huge broken file yields a readable
 * list instead of a million lines.
 */
import type { Problem } from './problem';

export const MAX_PROBLEMS = 1000;

export class ProblemList {
  readonly items: Problem[] = [];

  add(path: string, message: string): void {
    if (this.items.length < MAX_PROBLEMS) {
      this.items.push({ path, message });
    } else if (this.items.length === MAX_PROBLEMS) {
      this.items.push({ path, message: `more than ${MAX_PROBLEMS} problems; stopped reporting` });
    }
  }

  /** True once the bound is reached: callers may stop reading. */
  get full(): boolean {
    return this.items.length > MAX_PROBLEMS;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}
