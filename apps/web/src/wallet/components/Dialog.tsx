// A modal dialog on the native <dialog> element: showModal() makes the rest of the page inert, Escape closes
// it (the "cancel" event), Tab and Shift+Tab cycle through its controls (the browser alone would let focus
// leave for its own toolbar), and on close the focus returns to the element that opened it, so keyboard
// users never lose their place.
import { type ReactNode, useEffect, useId, useRef } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Start at the first field (not the close button), where typing is expected.
    dialog.querySelector<HTMLElement>("input, textarea, select")?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Tab") return;
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.offsetParent !== null,
      );
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      const inside = dialog.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("keydown", onKey);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("keydown", onKey);
      if (dialog.open) dialog.close();
      // The opener may have been re-rendered away; then focus goes to the page's main landmark.
      if (opener?.isConnected) opener.focus();
      else document.getElementById("main")?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className="wallet-dialog" aria-labelledby={titleId} data-testid={testId}>
      <div className="wallet-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="wallet-close" aria-label="Close" onClick={() => close.current()}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
