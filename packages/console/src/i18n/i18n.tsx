/** The language (from the browser, switchable, remembered) and `t`, dates and durations through Intl. */
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import { en, fi } from './messages';
import type { Key } from './messages';

/** The languages of the console. */
export type Lang = 'en' | 'fi';

function initialLang(): Lang {
  const saved = localStorage.getItem('kaiku.lang');
  if (saved === 'en' || saved === 'fi') return saved;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('fi')) ? 'fi' : 'en';
}

/** What `useI18n` gives. */
export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: Key, values?: Record<string, string | number>): string;
  dateTime(iso: string): string;
  duration(ms: number): string;
}

const Context = createContext<I18n | null>(null);

/** Provides the language to the app. */
export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(() => {
    const catalog = lang === 'fi' ? fi : en;
    const dates = new Intl.DateTimeFormat(lang === 'fi' ? 'fi-FI' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    const hours = new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 0 });
    const minutes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long', maximumFractionDigits: 0 });
    document.documentElement.lang = lang;
    return {
      lang,
      setLang(next) {
        localStorage.setItem('kaiku.lang', next);
        setLangState(next);
      },
      t: (key, values = {}) => catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)),
      dateTime: (iso) => dates.format(new Date(iso)),
      duration: (ms) => (ms >= 3_600_000 ? `${hours.format(Math.floor(ms / 3_600_000))} ${minutes.format(Math.floor((ms % 3_600_000) / 60_000))}` : minutes.format(Math.max(1, Math.ceil(ms / 60_000)))),
    };
  }, [lang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** The current language's helpers. */
export function useI18n(): I18n {
  const value = useContext(Context);
  if (value === null) throw new Error('useI18n outside I18nProvider');
  return value;
}
