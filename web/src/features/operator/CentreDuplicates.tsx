import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, FieldError, Form, Label, Text, TextArea, TextField as AriaTextField } from 'react-aria-components';
import { OperatorCentreDuplicatesDocument, OperatorRevokeDuplicateDocument, type OperatorCentreDuplicateFragment } from './operator.generated';
import { usePaged } from './paging';
import { useFormatTime } from './format';
import { WorkNav } from './nav';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';

const PAGE = 20;

/** A duplicate's revocation: a required reason, told to the citizen. */
function RevokeForm({ dup, onDone, onCancel }: { dup: OperatorCentreDuplicateFragment; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('operator');
  const [{ fetching }, revoke] = useMutation(OperatorRevokeDuplicateDocument);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const titleId = `revoke-${dup.documentId}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r0 = reason.trim();
    if (r0.length < 5) return setErrors({ fields: { reason: t('list.reasonRequired') + ' (5–500)' }, form: [] });
    const r = await revoke({ id: dup.documentId, reason: r0 });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.revokeDuplicate;
    if (p?.ok) return onDone();
    setErrors(mapUserErrors(p?.userErrors, ['reason']));
  };

  return (
    <Form className="form op-inline-form" onSubmit={(e) => void submit(e)} aria-labelledby={titleId}>
      <h3 id={titleId} className="op-inline-title">
        {t('list.revokeTitle')}: {dup.title}
      </h3>
      <FormErrorList messages={errors.form} />
      <AriaTextField
        className="field"
        name="reason"
        isRequired
        value={reason}
        onChange={setReason}
        isInvalid={!!errors.fields.reason}
        validationBehavior="aria"
      >
        <Label className="field-label">{t('list.reason')}</Label>
        <TextArea ref={area} className="field-input" rows={3} maxLength={500} />
        <Text slot="description" className="field-description">
          {t('list.reasonHint')}
        </Text>
        <FieldError className="field-error">{errors.fields.reason}</FieldError>
      </AriaTextField>
      <div className="button-row">
        <Button type="submit" className="button button-primary op-danger" isDisabled={fetching}>
          {t('list.revokeSubmit')}
        </Button>
        <Button className="button button-secondary" onPress={onCancel}>
          {t('list.cancel')}
        </Button>
      </div>
    </Form>
  );
}

/** /work/operator/duplicates: the duplicates made at the operator's centres, newest first, with revocation. */
export default function CentreDuplicates() {
  const { t } = useTranslation('operator');
  const fmt = useFormatTime();
  const paged = usePaged(
    OperatorCentreDuplicatesDocument,
    { first: PAGE },
    (d) => d.centreDuplicates,
    (n) => n.documentId,
  );
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revoked, setRevoked] = useState<Set<string>>(() => new Set());
  const [done, setDone] = useState<string | null>(null);
  const { first } = paged;

  return (
    <div className="page op-page">
      <h1 id="page-title">{t('list.title')}</h1>
      <WorkNav />
      <p className="lead">{t('list.lead')}</p>
      <div role="status" aria-live="polite">
        {done && <p className="op-success">{t('list.revokedDone')}</p>}
      </div>
      {first.fetching && !first.data ? (
        <Loading />
      ) : first.error && !first.data ? (
        <ErrorState error={first.error} onRetry={paged.reload} />
      ) : paged.nodes.length === 0 ? (
        <Empty title={t('list.empty')} />
      ) : (
        <>
          <p className="note" data-testid="duplicates-total">
            {t('list.total', { count: paged.totalCount })}
          </p>
          <ul className="op-list" data-testid="centre-duplicates">
            {paged.nodes.map((d) => {
              const isRevoked = d.revoked || revoked.has(d.documentId);
              return (
                <li key={d.documentId} className="op-row" data-testid="centre-duplicate" data-id={d.documentId}>
                  <div className="op-row-main">
                    <strong className="op-row-title">{d.title}</strong>
                    <dl className="op-meta">
                      <div>
                        <dt>{t('list.citizen')}</dt>
                        <dd>{d.citizen}</dd>
                      </div>
                      <div>
                        <dt>{t('list.madeAt')}</dt>
                        <dd>{fmt(d.madeAt)}</dd>
                      </div>
                      <div>
                        <dt>{t('list.id')}</dt>
                        <dd className="op-id">{d.documentId}</dd>
                      </div>
                    </dl>
                  </div>
                  <div className="op-row-side">
                    <span className={isRevoked ? 'op-badge op-badge-revoked' : 'op-badge op-badge-ok'} data-testid="duplicate-state">
                      {isRevoked ? t('list.revoked') : t('list.active')}
                    </span>
                    {!isRevoked && revoking !== d.documentId && (
                      <Button
                        className="button button-secondary op-small"
                        aria-label={`${t('list.revoke')}: ${d.title}, ${d.citizen}`}
                        onPress={() => {
                          setRevoking(d.documentId);
                          setDone(null);
                        }}
                      >
                        {t('list.revoke')}
                      </Button>
                    )}
                  </div>
                  {revoking === d.documentId && !isRevoked && (
                    <RevokeForm
                      dup={d}
                      onCancel={() => setRevoking(null)}
                      onDone={() => {
                        setRevoked((cur) => new Set(cur).add(d.documentId));
                        setRevoking(null);
                        setDone(d.documentId);
                        paged.refreshFirst();
                      }}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          {paged.moreError && <ErrorState error={paged.moreError} onRetry={paged.loadMore} />}
          {paged.hasMore && (
            <Button className="button button-secondary more-button" isDisabled={paged.loadingMore} onPress={paged.loadMore}>
              {paged.loadingMore ? t('common:state.loading') : t('list.more')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
