/**
 * Per-feature string tables. Each feature folder declares its own strings with
 * {@link defineStrings}: the English table must have exactly the Vietnamese table's keys (a missing
 * or extra key fails to compile), and {@link useStrings} gives the feature a `t` over its own keys.
 */
import { useCallback } from 'react';
import type { Lang } from '../../../shared/messages';
import { fill, type LocalText, type MessageParams } from '../../../shared/result';
import { useI18n } from '../i18n';

/** A feature's strings in both languages, keyed alike. */
export interface StringTable<K extends string> {
  readonly vi: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

/**
 * Declares a feature's strings: Vietnamese first, then English with the same keys. The types
 * make a key present in one language only a compile error.
 */
export function defineStrings<const V extends Readonly<Record<string, string>>>(
  vi: V,
  // A mapped type: a missing key is an error, and an extra key fails the object-literal check.
  en: { readonly [K in keyof V]: string },
): StringTable<keyof V & string> {
  return { vi, en };
}

/** The string for `key` in `lang` with `{name}` placeholders filled. */
export function translateIn<K extends string>(
  table: StringTable<K>,
  lang: Lang,
  key: K,
  params?: MessageParams,
): string {
  return fill(table[lang][key], params);
}

/** A translator over one feature's table, in the current language. */
export type Translate<K extends string> = (key: K, params?: MessageParams) => string;

/** The current language's `t` over a feature's table. */
export function useStrings<K extends string>(table: StringTable<K>): Translate<K> {
  const { lang } = useI18n();
  return useCallback((key: K, params?: MessageParams) => translateIn(table, lang, key, params), [table, lang]);
}

/** Picks the current language's side of a {@link LocalText} (engine messages, labels). */
export function useLocal(): (text: LocalText) => string {
  const { lang } = useI18n();
  return useCallback((text: LocalText) => text[lang], [lang]);
}
