import { EventEmitter } from 'node:events';
export interface DomainEventMap { 'outbox.work': []; 'printer.changed': [{ role: 'ticket' | 'slip' }]; 'config.changed': [{ section: string }]; }
/** Typed domain events, instead of callbacks threaded through the composition root. */
export class DomainEvents extends EventEmitter<DomainEventMap> {}
