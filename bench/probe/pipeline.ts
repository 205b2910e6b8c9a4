// The whole pipeline, operations given as the task (JSON), for scripts/probe.mjs.
import { runPipeline } from '../../src/imaging/pipeline.js';

export async function run(task: string, input: Uint8Array): Promise<Uint8Array> {
  return (await runPipeline(input, { operations: JSON.parse(task) })).bytes;
}
