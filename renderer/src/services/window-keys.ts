import { onBeforeUnmount, onMounted } from 'vue';

/** Listens to keys on the whole window while the calling component is mounted (the consoles' shortcuts). */
export function onWindowKey(handler: (event: KeyboardEvent) => void): void {
  onMounted(() => window.addEventListener('keydown', handler));
  onBeforeUnmount(() => window.removeEventListener('keydown', handler));
}
