import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { HearingProposalsListDocument, SupportProposalDocument, type HearingProposalFieldsFragment } from './hearings.generated';
import { describeError } from '../../lib/forms/apiError';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { FileList } from './Files';
import { formatDateTime } from './format';

function Proposal({ p, canSupport }: { p: HearingProposalFieldsFragment; canSupport: boolean }) {
  const { t, i18n } = useTranslation('hearings');
  const [{ fetching }, support] = useMutation(SupportProposalDocument);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `proposal-${p.id}`;
  async function onSupport() {
    setError(null);
    const res = await support({ id: p.id });
    if (res.error) return setError(describeError(res.error, t));
    const ue = res.data?.supportProposal.userErrors ?? [];
    if (ue.length > 0) {
      if (ue.some((e) => e.code === 'ALREADY_SUPPORTED')) setDone(true);
      return setError(ue.map((e) => e.message).join(' '));
    }
    setDone(true);
  }
  return (
    <li className="hearing-proposal" aria-labelledby={headingId}>
      <p id={headingId}>
        <strong>{t(`kind.${p.kind}`)}</strong> · {formatDateTime(p.createdAt, i18n.language)}
        {p.status !== 'PUBLISHED' && <> · {t(`proposalStatus.${p.status}`)}</>}
      </p>
      <p>{p.text}</p>
      {p.rejectReason && <p className="note">{t('rejected', { reason: p.rejectReason })}</p>}
      {p.attachments.length > 0 && <FileList files={p.attachments} label={t('attachments')} />}
      {p.recommendation && (
        <p className="note">
          <strong>{t(`recommendation.${p.recommendation}`)}</strong>
          {p.recommendationReasoning && `: ${p.recommendationReasoning}`}
        </p>
      )}
      {p.kind === 'PROPOSAL' && p.status === 'PUBLISHED' && (
        <div className="button-row">
          <span>{t('supports', { count: p.supports })}</span>
          {canSupport &&
            (done ? (
              <span className="hearing-ok">{t('supported')}</span>
            ) : (
              <Button className="button button-secondary" isDisabled={fetching} onPress={() => void onSupport()}>
                {t('support')}
              </Button>
            ))}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Published proposals and comments (an author also sees his own pending ones). */
export function Proposals({ hearingId, canSupport, version }: { hearingId: string; canSupport: boolean; version: number }) {
  const { t } = useTranslation('hearings');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: HearingProposalsListDocument,
    variables: { id: hearingId },
    requestPolicy: 'cache-and-network',
  });
  // A new proposal of one's own: read the list again.
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);
  const list = data?.hearingProposals;
  return (
    <section className="card" aria-labelledby="proposals-title">
      <h2 id="proposals-title">{t('proposals')}</h2>
      {!list && fetching && <Loading />}
      {!list && error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {list && list.length === 0 && <Empty title={t('noProposals')} />}
      {list && list.length > 0 && (
        <ul className="hearing-proposals">
          {list.map((p) => (
            <Proposal key={p.id} p={p} canSupport={canSupport} />
          ))}
        </ul>
      )}
    </section>
  );
}
