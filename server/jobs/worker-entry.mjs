// Worker thread entry: the project runs TypeScript in place (no build), so each thread registers
// tsx before loading the task runner.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
