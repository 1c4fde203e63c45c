// Change events after commit (DESIGN.md §5). In-process by default; Redis/NATS implementations of the
// same interface come with the realtime work. At-least-once: consumers are idempotent.
import { EventEmitter } from 'node:events';
import type { ChangeEvent } from '../db/repository.types.ts';

export interface EventBus {
  publish(event: ChangeEvent): void;
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(event) {
      emitter.emit('change', event);
    },
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    close() {
      emitter.removeAllListeners();
      return Promise.resolve();
    },
  };
}
