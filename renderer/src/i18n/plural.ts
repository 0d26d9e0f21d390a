/**
 * Plural forms inside a string template: `{n|post|posts}` prints "1 post" or "3 posts" (the
 * number, a space, then the form for it). Vietnamese has no plural, so its templates just use
 * `{n}`; English ones use this, so the English switch never says "1 posts".
 */
import type { MessageParams } from '../../../shared/result';

const PLURAL = /\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g;

/** Replaces every `{name|one|other}` by the number and its form; other placeholders are left. */
export function pluralize(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(PLURAL, (whole, name: string, one: string, other: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    const n = typeof value === 'number' ? value : Number(value);
    const form = n === 1 ? one : other;
    return `${String(value)}${form ? ` ${form}` : ''}`;
  });
}
