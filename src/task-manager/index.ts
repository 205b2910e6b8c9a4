import { log } from 'wasi:logging/logging@0.1.0-draft';
export const tasks = { getTask(id: string) { log('info','tm',id); throw { tag: 'unexpected', val: 'x' }; } };
export const incomingHandler = { handle() {} };
