// The task-manager component: the HTTP API, the `wasmcloud:task-manager/tasks` export, and job events.
export { handler } from './events.js';
export { incomingHandler } from './incoming-handler.js';
export { tasks } from './tasks-export.js';
