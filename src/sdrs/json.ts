// JSON as it arrives: an object is a record of unknown values until each field is checked. Free of vscode.

export type Json = Record<string, unknown>;

/** A JSON object (not null, not a list). */
export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
