import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LANG, errorText, isLang, Lang, translate, TextKey } from './i18n';

const STORAGE_KEY = 'qyzmet.lang';

export interface LangApi {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: TextKey, vars?: Record<string, string | number>): string;
  errorText(code: string | undefined, message: string): string;
  /** picks the text of the current language out of a { kk, ru } pair (stage labels, service names) */
  pick(texts: { kk: string; ru: string; en?: string | null }): string;
}

const LangContext = createContext<LangApi | null>(null);

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : DEFAULT_LANG;
  } catch {
    // storage can be disabled by the browser's privacy settings
    return DEFAULT_LANG;
  }
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice then lasts for this page only
    }
  }, []);
  const api = useMemo<LangApi>(() => ({
    lang,
    setLang,
    t: (key, vars) => translate(lang, key, vars),
    errorText: (code, message) => errorText(lang, code, message),
    pick: (texts) => (lang === 'en' ? texts.en || texts.ru : texts[lang]),
  }), [lang, setLang]);
  return <LangContext.Provider value={api}>{children}</LangContext.Provider>;
}

export function useLang(): LangApi {
  const api = useContext(LangContext);
  if (!api) throw new Error('useLang outside LangProvider');
  return api;
}
