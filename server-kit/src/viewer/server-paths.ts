/**
 * DuckDB's errors name files by absolute path, which would tell any caller where the hub keeps its
 * data (and made guessing paths easy). Callers see them with those directories cut to `…`.
 */
export function withoutServerPaths(message: string, dirs: readonly string[]): string {
  let out = message;
  for (const dir of [...dirs].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(dir).join('…');
  return out;
}
