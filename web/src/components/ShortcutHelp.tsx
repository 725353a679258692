import { useEffect, useRef } from 'react';

const KEYS: [string, string][] = [
  ['j', 'next portion'],
  ['k', 'previous portion'],
  ['r', 'release the current portion'],
  ['e', 'exempt the current portion (pick codes, justify, Enter saves)'],
  ['f', 'refer the current portion to an agency'],
  ['p', 'go to Propose (Enter proposes)'],
  ['Esc', 'close the editor or this help'],
  ['?', 'show this help'],
];

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="help" aria-labelledby="help-title" onClose={onClose}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl className="keys">
        {KEYS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Shortcuts pause while you type in a field.</p>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
