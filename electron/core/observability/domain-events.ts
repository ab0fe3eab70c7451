import { EventEmitter } from 'node:events';
import type { UiEvent } from '../../../shared/contract/ui.js';

export interface DomainEventMap {
  'outbox.work': [];
  'printer.changed': [{ role: 'ticket' | 'slip' }];
  'config.changed': [{ section: string }];
  /** A collection's per-ticket progress, in the shape the kiosk page receives. */
  'collection.progress': [Extract<UiEvent, { type: 'collection.progress' }>];
}
/** Typed domain events, instead of callbacks threaded through the composition root. */
export class DomainEvents extends EventEmitter<DomainEventMap> {}
