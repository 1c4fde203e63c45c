// The language choice (issue #5 point 4): persisted in localStorage, reflected in <html lang>.
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/i18n.ts';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage ?? 'en') as Language;
  return (
    <NativeSelect
      size="xs"
      aria-label={t('app.language')}
      value={current}
      onChange={(e) => void setLanguage(e.currentTarget.value as Language)}
      data={LANGUAGES.map((l) => ({ value: l, label: t(`app.languages.${l}`) }))}
      // Each option names its language in that language, so it is spoken with the right voice.
      styles={{ input: { minWidth: 110 } }}
    />
  );
}
