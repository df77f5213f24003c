import { useTranslation } from 'react-i18next';
import { barWidth } from './format';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  /** The value as shown (with its unit). */
  display: string;
  /** More columns for the table alternative, in the order of `columns`. */
  extra?: string[];
}

/**
 * A horizontal bar chart of plain elements: each bar's label and value are
 * text, the bar itself is decoration; the same figures as a table below.
 */
export function Bars({
  id,
  title,
  rows,
  labelColumn,
  valueColumn,
  columns = [],
  max,
  testId,
}: {
  id: string;
  title: string;
  rows: BarRow[];
  labelColumn: string;
  valueColumn: string;
  columns?: string[];
  max?: number;
  testId?: string;
}) {
  const { t } = useTranslation('officer');
  const top = max ?? Math.max(0, ...rows.map((r) => r.value));
  return (
    <section className="card chart" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="note">{t('stats.none')}</p>
      ) : (
        <>
          <ul className="bars">
            {rows.map((r) => (
              <li key={r.key} className="bar-row" data-key={r.key}>
                <span className="bar-label">{r.label}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${barWidth(r.value, top)}%` }} />
                </span>
                <span className="bar-value">{r.display}</span>
              </li>
            ))}
          </ul>
          <details className="chart-table">
            <summary>{t('stats.table')}</summary>
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{labelColumn}</th>
                    <th scope="col">{valueColumn}</th>
                    {columns.map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{r.label}</th>
                      <td>{r.display}</td>
                      {(r.extra ?? []).map((x, i) => (
                        <td key={columns[i] ?? i}>{x}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
