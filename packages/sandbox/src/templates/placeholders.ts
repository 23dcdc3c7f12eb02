/** `{{1}}` / `{{first_name}}` placeholders in template text. */

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** The placeholder names in order of appearance (`['1', '2']` or `['first_name']`), raw inner text. */
export function placeholders(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Replaces each placeholder with its value; positional values are looked up by number, named by name. */
export function fill(text: string, values: Map<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values.get(name.trim()) ?? whole);
}
