import { useTranslation } from 'react-i18next';
import type { AdminCatalogChangeFieldsFragment } from './admin.generated';
import { roublesInput } from './format';

/** A field's value as staff read it: kopecks as roubles, the rest as the API wrote it. */
function display(field: string, value: string | null): string {
  if (value === null || value === '') return '—';
  if (field === 'feeKopecks' && /^-?\d+$/.test(value)) return `${roublesInput(Number(value))} ₽`;
  return value;
}

/** A change's fields, old → new. */
export function ChangeSummary({ change }: { change: Pick<AdminCatalogChangeFieldsFragment, 'fields'> }) {
  const { t } = useTranslation('admin');
  if (change.fields.length === 0) return <p className="note">{t('changes.noFields')}</p>;
  return (
    <ul className="admin-field-changes">
      {change.fields.map((c) => (
        <li key={c.field} data-field={c.field}>
          <span className="admin-field-name">{t(`changes.field.${c.field}`, { defaultValue: c.field })}</span>:{' '}
          <del className="admin-old">
            <span className="visually-hidden">{t('changes.old')} </span>
            {display(c.field, c.old)}
          </del>{' '}
          <span aria-hidden="true">→</span>{' '}
          <ins className="admin-new">
            <span className="visually-hidden">{t('changes.new')} </span>
            {display(c.field, c.new)}
          </ins>
        </li>
      ))}
    </ul>
  );
}
