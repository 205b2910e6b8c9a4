// The worker component: the `wasmcloud:messaging/handler` export.
import { handleMessage } from './handle-message.js';

export const handler = { handleMessage };
