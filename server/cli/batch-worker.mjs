// Worker entry of `parallax batch` when running from source (no build): registers tsx, then loads
// the worker. The build runs dist/batch-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./batch-worker.ts');
