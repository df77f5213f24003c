import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import {
  CatalogFacetsDocument,
  CatalogPopularDocument,
  type CatalogFacetsQuery,
  type CatalogPopularQuery,
} from './catalog.generated';
import type { Audience } from '../../gql/types';
import { useRegion } from './region';
import { RegionPicker } from './RegionPicker';
import { ServiceCard } from './ServiceCard';
import { ServicesConnection } from './ServicesConnection';
import { useDebounced } from '../../lib/forms/useDebounced';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { Icon } from '../../lib/ui/icons';

const AUDIENCES: Audience[] = ['INDIVIDUAL', 'LEGAL_ENTITY'];
const DEPARTMENTS_SHOWN = 8;

/**
 * The search box: a native search field (the first screen loads no React
 * Aria). Escape clears it; so does the clear button, which stays out of the
 * tab order (Escape does the same from the keyboard) and leaves the focus,
 * and a phone's keyboard, in the field.
 */
function Search({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('catalog');
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field search-field">
      <label className="visually-hidden" htmlFor="catalog-search">
        {t('searchLabel')}
      </label>
      <div className="search-box">
        <Icon name="search" size={20} />
        <input
          ref={input}
          id="catalog-search"
          type="search"
          className="field-input"
          placeholder={t('searchPlaceholder')}
          autoComplete="off"
          enterKeyHint="search"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && value !== '') {
              e.preventDefault();
              onChange('');
            }
          }}
        />
        {value !== '' && (
          <button
            type="button"
            className="search-clear"
            tabIndex={-1}
            aria-label={t('common:close')}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              onChange('');
              input.current?.focus();
            }}
          >
            <Icon name="cross" size={18} />
          </button>
        )}
      </div>
    </div>
  );
}

function SearchResults({ query, audience }: { query: string; audience: Audience }) {
  const { t } = useTranslation('catalog');
  const [region] = useRegion();
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title" className="visually-hidden">
        {t('services')}
      </h2>
      <ServicesConnection
        filter={{ query, audience }}
        regionCode={region}
        announce
        labelledBy="results-title"
        empty={
          <Empty title={t('nothingFound', { query })}>
            <p>{t('nothingFoundHint')}</p>
          </Empty>
        }
      />
    </section>
  );
}

function Popular({ data }: { data: CatalogPopularQuery | undefined }) {
  const { t } = useTranslation('catalog');
  if (!data?.popularServices.length) return null;
  return (
    <section aria-labelledby="popular-title" className="section">
      <h2 id="popular-title">{t('popular')}</h2>
      <ul className="service-list">
        {data.popularServices.map((s) => (
          <ServiceCard key={s.id} service={s} />
        ))}
      </ul>
    </section>
  );
}

interface FacetsProps {
  audience: Audience;
  data: CatalogFacetsQuery;
}

function Facets({ audience, data }: FacetsProps) {
  const { t } = useTranslation('catalog');
  const [allDepartments, setAllDepartments] = useState(false);
  const categories = data.categories.filter((c) => c.audiences.includes(audience));
  const departments = allDepartments ? data.departments : data.departments.slice(0, DEPARTMENTS_SHOWN);
  return (
    <>
      <section aria-labelledby="categories-title" className="section">
        <h2 id="categories-title">{t('categories')}</h2>
        <ul className="tile-grid">
          {categories.map((c) => (
            <li key={c.id}>
              <Link className="tile" to={`/category/${encodeURIComponent(c.id)}?for=${audience}`}>
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {audience === 'INDIVIDUAL' && (
        <section aria-labelledby="situations-title" className="section">
          <h2 id="situations-title">{t('situations')}</h2>
          <ul className="chip-list">
            {data.lifeSituations.map((s) => (
              <li key={s.id}>
                <Link className="chip" to={`/situation/${encodeURIComponent(s.id)}`}>
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="departments-title" className="section">
        <h2 id="departments-title">{t('departments')}</h2>
        <ul className="link-list" id="departments-list">
          {departments.map((d) => (
            <li key={d.id}>
              <Link to={`/department/${encodeURIComponent(d.id)}`}>{d.name}</Link>
            </li>
          ))}
        </ul>
        {!allDepartments && data.departments.length > DEPARTMENTS_SHOWN && (
          <button
            type="button"
            className="button button-secondary"
            aria-controls="departments-list"
            onClick={() => setAllDepartments(true)}
          >
            {t('showAllDepartments', { count: data.departments.length })}
          </button>
        )}
      </section>
    </>
  );
}

/**
 * Popular services (for citizens) and the facets, shown together once both
 * have answered: the one answering first would otherwise be pushed down
 * under the reader by the other. The lists render as a deferred update
 * (useDeferredValue), in slices the browser can interrupt, not in the one
 * task that receives the answer.
 */
function Browse({ audience }: { audience: Audience }) {
  const [region] = useRegion();
  const individual = audience === 'INDIVIDUAL';
  const [popular] = useQuery({
    query: CatalogPopularDocument,
    variables: { regionCode: region, first: 6 },
    pause: !individual,
  });
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CatalogFacetsDocument });
  const popularAnswered = !individual || !!popular.data || !popular.fetching;
  const ready = useMemo(
    () => (data && popularAnswered ? { facets: data, popular: popular.data } : null),
    [data, popularAnswered, popular.data],
  );
  const shown = useDeferredValue(ready);
  if (!data && !fetching) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!shown) return <Loading />;
  return (
    <>
      {individual && <Popular data={shown.popular} />}
      <Facets audience={audience} data={shown.facets} />
    </>
  );
}

/** The catalog's first screen: search, region, audience tabs, categories, situations, departments. */
export default function CatalogHome() {
  const { t } = useTranslation('catalog');
  const [params, setParams] = useSearchParams();
  const audience: Audience = params.get('for') === 'LEGAL_ENTITY' ? 'LEGAL_ENTITY' : 'INDIVIDUAL';
  const [text, setText] = useState(params.get('q') ?? '');
  const query = useDebounced(text.trim(), 250);
  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const onText = (v: string) => {
    setText(v);
    update({ q: v.trim() || null });
  };
  return (
    <div className="page catalog-home">
      <h1 id="page-title">{t('title')}</h1>
      <div className="catalog-controls">
        <Search value={text} onChange={onText} />
        <RegionPicker />
      </div>
      {/* The audience is part of the address (shareable): links, not tabs. */}
      <nav aria-label={t('audienceLabel')}>
        <ul className="segmented">
          {AUDIENCES.map((a) => {
            const next = new URLSearchParams(params);
            if (a === 'LEGAL_ENTITY') next.set('for', a);
            else next.delete('for');
            const qs = next.toString();
            return (
              <li key={a}>
                <Link
                  to={qs ? `/?${qs}` : '/'}
                  replace
                  className="segment"
                  aria-current={a === audience ? 'page' : undefined}
                >
                  {t(`audience.${a}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {query.length >= 2 ? (
        <SearchResults query={query} audience={audience} />
      ) : (
        <Browse audience={audience} />
      )}
    </div>
  );
}
