import type { UiCallName } from './ui';

/** Electron IPC channel names of the UI contract: shared by main and preload so they cannot drift. */
export const uiCallChannel = (name: UiCallName): string => `ui:${name}`;
export const UI_EVENT_CHANNEL = 'ui:event';
