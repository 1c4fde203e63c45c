// i18next for the app: one namespace per area (common, clinician, portal, labs), each a JSON file per
// language under locales/. Namespaces load on demand (a dynamic import per file), so the portal's first
// load does not carry the clinician's strings. The chosen language persists in localStorage and is
// reflected in <html lang> for screen readers and hyphenation.
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'hearth.language';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json');

/** The namespaces present for English (the reference language). */
export const NAMESPACES = Object.keys(files)
  .map((path) => /^\.\/locales\/en\/(.+)\.json$/.exec(path)?.[1])
  .filter((ns): ns is string => ns !== undefined);

/** Loads `locales/<lng>/<ns>.json` with a dynamic import (a separate chunk per file). */
const lazyLocales: BackendModule = {
  type: 'backend',
  init() {
    /* nothing to configure */
  },
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = files[`./locales/${language}/${namespace}.json`];
    if (!load) {
      callback(null, {});
      return;
    }
    load().then(
      (m) => {
        callback(null, m.default);
      },
      (err: unknown) => {
        callback(err as Error, null);
      },
    );
  },
};

function isLanguage(v: string | null | undefined): v is Language {
  return (LANGUAGES as readonly (string | null | undefined)[]).includes(v);
}

/** The stored choice, else the browser's first supported language, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const browser = navigator.languages.map((l) => l.slice(0, 2).toLowerCase()).find(isLanguage);
  return browser ?? 'en';
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
}

export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  await i18next
    .use(lazyLocales)
    .use(initReactI18next)
    .init({
      lng: initialLanguage(),
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      ns: ['common'],
      defaultNS: 'common',
      interpolation: { escapeValue: false }, // React escapes
      react: { useSuspense: true },
    });
  return i18next;
}
