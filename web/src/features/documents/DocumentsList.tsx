import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { DocumentsDocument } from './documents.generated';
import type { DocumentKind } from '../../gql/types';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { SectionTabs, SignedIn, formatTime } from './common';
import './documents.css';

const KINDS: DocumentKind[] = ['DUPLICATE', 'APPLICATION_RESULT', 'RECEIPT', 'PENSION_STATEMENT'];
const PAGE = 20;

function isKind(v: string | null): v is DocumentKind {
  return !!v && (KINDS as string[]).includes(v);
}

function List({ kind }: { kind: DocumentKind | null }) {
  const { t, i18n } = useTranslation('documents');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DocumentsDocument,
    variables: { kind, first: PAGE },
    requestPolicy: 'cache-and-network',
  });
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  const docs = data?.documents;
  if (!docs || docs.edges.length === 0) {
    return (
      <Empty title={t('noDocuments')}>
        <p>{t('noDocumentsHint')}</p>
      </Empty>
    );
  }
  return (
    <>
      <p className="result-count" role="status">
        {t('count', { count: docs.totalCount })}
      </p>
      <ul className="doc-list">
        {docs.edges.map(({ node }) => (
          <li key={node.id}>
            <Link className="doc-item" to={`/documents/${encodeURIComponent(node.id)}`}>
              <span className="doc-item-title">{node.title}</span>
              <span className="doc-item-meta">
                {t(`kindOne.${node.kind}`)} · {formatTime(node.createdAt, i18n.language, false)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {docs.pageInfo.hasNextPage && <MoreButton kind={kind} after={docs.pageInfo.endCursor ?? null} />}
    </>
  );
}

/** Loads the next page; Graphcache's relayPagination appends it to the list above. */
function MoreButton({ kind, after }: { kind: DocumentKind | null; after: string | null }) {
  const { t } = useTranslation('documents');
  const [{ fetching }, load] = useQuery({ query: DocumentsDocument, variables: { kind, first: PAGE, after }, pause: true });
  return (
    <Button className="button button-secondary more-button" isDisabled={fetching} onPress={() => load({ requestPolicy: 'network-only' })}>
      {t('more')}
    </Button>
  );
}

export default function DocumentsList() {
  const { t } = useTranslation('documents');
  const [params] = useSearchParams();
  const raw = params.get('kind');
  const kind = isKind(raw) ? raw : null;
  return (
    <div className="page">
      <h1 id="page-title">{t('title')}</h1>
      <SignedIn>
        <SectionTabs current="documents" />
        <nav aria-label={t('kindFilter')} className="section">
          <ul className="chip-list">
            {[null, ...KINDS].map((k) => (
              <li key={k ?? 'ALL'}>
                <Link className="chip" to={k ? `/documents?kind=${k}` : '/documents'} aria-current={k === kind ? 'true' : undefined}>
                  {t(`kind.${k ?? 'ALL'}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <List kind={kind} />
      </SignedIn>
      <p className="section">
        <Link to="/verify">{t('verifyLink')}</Link>
      </p>
    </div>
  );
}
