// The task-manager component: the HTTP API and the `wasmcloud:task-manager/tasks` export.
export { incomingHandler } from './incoming-handler.js';
export { tasks } from './tasks-export.js';
