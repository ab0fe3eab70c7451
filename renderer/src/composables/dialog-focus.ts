import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog's keyboard contract: focus moves into it when it opens, Tab and Shift+Tab stay inside it,
 * Escape closes it, and the focus goes back to what opened it when it closes.
 */
export function useDialogFocus(root: Ref<HTMLElement | null>, close: () => void): void {
  let opener: HTMLElement | null = null;
  const focusables = () => [...(root.value?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((e) => e.offsetParent !== null);

  function onKey(event: KeyboardEvent): void {
    if (!root.value) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const all = focusables();
    if (all.length === 0) return;
    const first = all[0]!;
    const last = all.at(-1)!;
    const inside = root.value.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      first.focus();
      event.preventDefault();
    }
  }

  onMounted(() => {
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // A field that focused itself (the reason list) keeps it; else the first control.
    if (!root.value?.contains(document.activeElement)) focusables()[0]?.focus();
    window.addEventListener('keydown', onKey, { capture: true });
  });
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey, { capture: true });
    // Unless whoever closed it already moved the focus on (the box office sends it to the search box).
    const stillInside = !document.activeElement || document.activeElement === document.body || root.value?.contains(document.activeElement);
    if (stillInside && opener?.isConnected) opener.focus();
  });
}
