import { log } from 'wasi:logging/logging@0.1.0-draft';
export const handler = {
  async handleMessage(msg: { subject: string; body: Uint8Array }) {
    log('info', 'worker', `got ${msg.subject} ${new TextDecoder().decode(msg.body)}`);
    const ds = new DecompressionStream('deflate');
    return;
  },
};
