import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** A labelled native select (phones show their own picker), its error tied to it. */
export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  error,
  required,
  description,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string | undefined;
  required?: boolean;
  description?: string;
}) {
  const id = useId();
  const describedBy = [description ? `${id}-d` : '', error ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="field-input"
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {description && (
        <span className="field-description" id={`${id}-d`}>
          {description}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-e`}>
          {error}
        </span>
      )}
    </div>
  );
}

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

/** A labelled multi-line field (PEM, signatures), its error tied to it. */
export function TextAreaField({
  label,
  name,
  value,
  onChange,
  error,
  description,
  required,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  description?: string;
  required?: boolean;
}) {
  const id = useId();
  const describedBy = [description ? `${id}-d` : '', error ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        className="field-input"
        rows={4}
        value={value}
        required={required}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {description && (
        <span className="field-description" id={`${id}-d`}>
          {description}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-e`}>
          {error}
        </span>
      )}
    </div>
  );
}
