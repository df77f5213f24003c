import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TextAreaField as SharedTextAreaField, type TextAreaFieldProps } from '../../lib/ui/fields';

export { SelectField } from '../../lib/ui/fields';

/** For account screens opened while signed out. */
export function SignedOutNote({ title }: { title: string }) {
  const { t } = useTranslation('account');
  return (
    <div className="page page-narrow">
      <h1 id="page-title">{title}</h1>
      <p>{t('account.signedOut')}</p>
      <div className="button-row">
        <Link className="button button-primary" to="/signin">
          {t('common:signIn')}
        </Link>
        <Link className="button button-secondary" to="/register">
          {t('common:register')}
        </Link>
      </div>
    </div>
  );
}

/** Formats an RFC 3339 time for the page's language. */
export function useFormatTime() {
  const { i18n } = useTranslation();
  const f = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium', timeStyle: 'short' });
  return (s: string | null | undefined) => (s ? f.format(new Date(s)) : '');
}

/** A labelled multi-line field for PEM and signatures: four rows, no spell-check. */
export function TextAreaField(props: Omit<TextAreaFieldProps, 'rows' | 'spellCheck' | 'inputClassName'>) {
  return <SharedTextAreaField {...props} rows={4} spellCheck={false} />;
}
