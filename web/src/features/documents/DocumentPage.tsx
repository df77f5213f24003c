import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { DocumentDocument } from './documents.generated';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { SignedIn, formatSize, formatTime } from './common';
import { VerificationView } from './Verification';
import './documents.css';

/** The document's JSON content as label/value pairs (nested values as JSON). */
function dataEntries(data: string): [string, string][] {
  try {
    const o = JSON.parse(data) as unknown;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return [];
    // A duplicate keeps its type's fields under "fields"; its files and signature are shown apart.
    const rec = o as Record<string, unknown>;
    const flat: Record<string, unknown> =
      rec.fields && typeof rec.fields === 'object' ? { ...(rec.fields as Record<string, unknown>) } : { ...rec };
    if (flat.files !== undefined) delete flat.files;
    return Object.entries(flat)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  } catch {
    return [];
  }
}

function Content({ id }: { id: string }) {
  const { t, i18n } = useTranslation('documents');
  // Short-lived file links: always asked again.
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DocumentDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  const d = data?.document;
  if (!d) return <h1 id="page-title">{t('doc.notFound')}</h1>;
  const entries = dataEntries(d.data);
  return (
    <>
      <h1 id="page-title">{d.title}</h1>
      <p className="lead">
        {t(`kindOne.${d.kind}`)} · {t('created')} {formatTime(d.createdAt, i18n.language)}
      </p>
      {entries.length > 0 && (
        <section className="card" aria-labelledby="doc-fields">
          <h2 id="doc-fields">{t('doc.fields')}</h2>
          <dl className="facts">
            {entries.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {d.files.length > 0 && (
        <section className="card" aria-labelledby="doc-files">
          <h2 id="doc-files">{t('doc.files')}</h2>
          <ul className="link-list">
            {d.files.map((f) => (
              <li key={f.sha256 + f.role}>
                <a href={f.url} download>
                  {t('doc.download')}: {t(`doc.role.${f.role}`)}
                </a>{' '}
                <span className="note">
                  ({f.contentType}, {formatSize(f.size, i18n.language)}, {t('doc.pages', { count: f.pages })})
                </span>
                <div className="hash">SHA-256: {f.sha256}</div>
              </li>
            ))}
          </ul>
          <p className="note">{t('doc.filesHint')}</p>
        </section>
      )}
      <section className="card" aria-labelledby="doc-sig">
        <h2 id="doc-sig">{t('doc.signature')}</h2>
        {d.signature ? <VerificationView v={d.signature} /> : <p>{t('doc.noSignature')}</p>}
      </section>
    </>
  );
}

export default function DocumentPage() {
  const { t } = useTranslation('documents');
  const { id = '' } = useParams();
  return (
    <article className="page page-narrow">
      <nav className="breadcrumbs" aria-label={t('doc.back')}>
        <Link to="/documents">{t('doc.back')}</Link>
      </nav>
      <SignedIn title={t('title')}>
        <Content id={id} />
      </SignedIn>
    </article>
  );
}
