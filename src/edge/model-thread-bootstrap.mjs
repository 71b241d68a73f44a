// Worker threads do not inherit the parent's TypeScript loader on Node 20, so the model thread
// starts here, in plain JavaScript, registers tsx for itself, then loads the real entry.
import { register } from 'tsx/esm/api'

register()
await import('./model-thread.ts')
