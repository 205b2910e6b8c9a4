import type { BusMessage } from './providers/messaging.js';
import type { ComponentInstance, HandleResult } from './instance.js';

/**
 * Hands each message to an idle instance and queues the rest, so a busy
 * instance is never given a second job while others wait idle.
 */
export class InstancePool {
  private readonly idle: ComponentInstance[] = [];
  private readonly waiting: { message: BusMessage; resolve: (r: HandleResult) => void }[] = [];

  constructor(instances: ComponentInstance[]) {
    this.idle.push(...instances);
  }

  get queued(): number {
    return this.waiting.length;
  }

  dispatch(message: BusMessage): Promise<HandleResult> {
    return new Promise((resolve) => {
      this.waiting.push({ message, resolve });
      this.drain();
    });
  }

  private drain(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const instance = this.idle.shift()!;
      const { message, resolve } = this.waiting.shift()!;
      instance.handleMessage(message).then((result) => {
        this.idle.push(instance);
        resolve(result);
        this.drain();
      });
    }
  }
}
