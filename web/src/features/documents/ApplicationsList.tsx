import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ApplicationsDocument } from './applications.generated';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { SectionTabs, SignedIn, formatTime, useServiceName } from './common';
import './documents.css';

function List() {
  const { t, i18n } = useTranslation('documents');
  const serviceName = useServiceName();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApplicationsDocument, requestPolicy: 'cache-and-network' });
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  const apps = data?.applications ?? [];
  if (apps.length === 0) {
    return (
      <Empty title={t('apps.none')}>
        <p>{t('apps.noneHint')}</p>
        <Link className="button button-primary" to="/">
          {t('apps.toCatalog')}
        </Link>
      </Empty>
    );
  }
  return (
    <ul className="doc-list">
      {apps.map((a) => {
        const draft = a.status === 'DRAFT';
        const to = draft
          ? `/documents/apply/${encodeURIComponent(a.serviceCode)}?draft=${encodeURIComponent(a.id)}`
          : `/documents/applications/${encodeURIComponent(a.id)}`;
        return (
          <li key={a.id}>
            <Link className="doc-item" to={to}>
              <span className="doc-item-title">{serviceName(a.serviceCode)}</span>
              <span className="doc-item-meta">
                <span className={`status-badge status-badge-${a.status}`}>{t(`status.${a.status}`)}</span>{' '}
                {draft
                  ? `${t('apps.created')} ${formatTime(a.createdAt, i18n.language, false)} · ${t('apps.continueDraft')}`
                  : `${t('apps.submitted')} ${formatTime(a.submittedAt ?? a.createdAt, i18n.language, false)}`}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export default function ApplicationsList() {
  const { t } = useTranslation('documents');
  return (
    <div className="page">
      <h1 id="page-title">{t('apps.title')}</h1>
      <SignedIn>
        <SectionTabs current="applications" />
        <List />
      </SignedIn>
    </div>
  );
}
