import { connect } from 'nats';

/** Publishes `{"task_id": ...}` on the job subject, as `nats publish` would. */
export async function publishJob(natsUrl: string, subject: string, taskId: string): Promise<void> {
  const connection = await connect({ servers: natsUrl, timeout: 5_000, maxReconnectAttempts: 0 }).catch((error: Error) => {
    throw new Error(`cannot reach NATS at ${natsUrl}: ${error.message}`);
  });
  connection.publish(subject, new TextEncoder().encode(JSON.stringify({ task_id: taskId })));
  await connection.drain();
}
