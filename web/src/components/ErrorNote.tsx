import { plainError } from '../lib/api';

/** An API refusal in plain words, placed next to the control that caused it. */
export function ErrorNote({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id}>
      {plainError(error)}
    </p>
  );
}
