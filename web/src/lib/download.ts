import { api } from './api';

/** Fetches an export with the bearer token and hands it to the browser as a file. */
export async function download(
  path: string,
  query: Record<string, string | undefined>,
  filename: string,
): Promise<void> {
  const blob = await api.blob(path, query);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function parseNdjson<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}
