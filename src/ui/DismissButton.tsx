/** The × that closes a notice; its label names the notice for screen readers. */
export function DismissButton({ what, onDismiss }: { what: string; onDismiss: () => void }) {
  return (
    <button
      type="button"
      className="notice-close"
      aria-label={`Dismiss: ${what}`}
      onClick={onDismiss}
    >
      ×
    </button>
  );
}
