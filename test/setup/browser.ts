/// <reference path="./provided.d.ts" />
/**
 * Global setup of the browser tests: finds a Chromium (`chromium.ts`) and hands its path to the
 * test files (`inject('chromium')`), or null when there is none; then the browser test files skip
 * and the run ends with one line saying so. With `CI` set a missing browser fails the run.
 */
import type { TestProject } from 'vitest/node';
import { browserDecision } from './chromium.ts';

export default function setup(project: TestProject): () => void {
  const decision = browserDecision(process.env);
  project.provide('chromium', decision.path);
  return () => {
    if (decision.skip) process.stdout.write(`\n${decision.skip}\n`);
  };
}
