import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, Form } from 'react-aria-components';
import { OperatorCentreResultsDocument, OperatorHandOutResultDocument, type OperatorCentreResultFragment } from './operator.generated';
import { usePaged } from './paging';
import { useFormatTime } from './format';
import { WorkNav } from './nav';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';

const PAGE = 20;

/** Handing a result out: the series and number of the document the citizen shows. */
function HandOutForm({
  result,
  onDone,
  onCancel,
}: {
  result: OperatorCentreResultFragment;
  onDone: (r: OperatorCentreResultFragment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('operator');
  const [{ fetching }, handOut] = useMutation(OperatorHandOutResultDocument);
  const [series, setSeries] = useState('');
  const [number, setNumber] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector('input')?.focus(), []);
  const titleId = `handout-${result.application.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim()) return setErrors({ fields: { documentNumber: t('dup.required') }, form: [] });
    const r = await handOut({
      input: { id: result.application.id, documentSeries: series.trim() || null, documentNumber: number.trim() },
    });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.handOutResult;
    if (p?.result) return onDone(p.result);
    setErrors(mapUserErrors(p?.userErrors, ['documentSeries', 'documentNumber']));
  };

  return (
    <Form className="form op-inline-form" onSubmit={(e) => void submit(e)} aria-labelledby={titleId}>
      <h3 id={titleId} className="op-inline-title">
        {t('results.handOutTitle', { citizen: result.citizen })}
      </h3>
      <p className="note">{t('results.handOutHow')}</p>
      <FormErrorList messages={errors.form} />
      <div className="form-grid" ref={box}>
        <TextField
          label={t('confirm.series')}
          name="documentSeries"
          autoComplete="off"
          value={series}
          onChange={setSeries}
          error={errors.fields.documentSeries}
        />
        <TextField
          label={t('confirm.number')}
          name="documentNumber"
          autoComplete="off"
          isRequired
          value={number}
          onChange={setNumber}
          error={errors.fields.documentNumber}
        />
      </div>
      <div className="button-row">
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {t('results.submit')}
        </Button>
        <Button className="button button-secondary" onPress={onCancel}>
          {t('results.cancel')}
        </Button>
      </div>
    </Form>
  );
}

/** /work/operator/results: finished results to hand out at the centre, and those handed out (?handedOut=1). */
export default function CentreResults() {
  const { t } = useTranslation('operator');
  const fmt = useFormatTime();
  const [params] = useSearchParams();
  const handedOut = params.get('handedOut') === '1';
  const paged = usePaged(
    OperatorCentreResultsDocument,
    { handedOut, first: PAGE },
    (d) => d.centreResults,
    (n) => n.application.id,
  );
  const [open, setOpen] = useState<string | null>(null);
  const [given, setGiven] = useState<Set<string>>(() => new Set());
  const [done, setDone] = useState<OperatorCentreResultFragment | null>(null);
  const { first } = paged;
  // Handed out just now: gone from the list to hand out.
  const rows = handedOut ? paged.nodes : paged.nodes.filter((r) => !given.has(r.application.id));

  return (
    <div className="page op-page">
      <h1 id="page-title">{t('results.title')}</h1>
      <WorkNav />
      <p className="lead">{t('results.lead')}</p>
      <nav aria-label={t('results.tabs')}>
        <ul className="segmented">
          <li>
            <Link className="segment" to="/work/operator/results" aria-current={!handedOut ? 'page' : undefined}>
              {t('results.toHandOut')}
            </Link>
          </li>
          <li>
            <Link className="segment" to="/work/operator/results?handedOut=1" aria-current={handedOut ? 'page' : undefined}>
              {t('results.handedOut')}
            </Link>
          </li>
        </ul>
      </nav>
      <div role="status" aria-live="polite">
        {done && !handedOut && (
          <p className="op-success" data-testid="handout-done">
            {t('results.done', { service: done.serviceName, citizen: done.citizen })}
          </p>
        )}
      </div>
      {first.fetching && !first.data ? (
        <Loading />
      ) : first.error && !first.data ? (
        <ErrorState error={first.error} onRetry={paged.reload} />
      ) : rows.length === 0 ? (
        <Empty title={handedOut ? t('results.emptyHandedOut') : t('results.empty')} />
      ) : (
        <>
          <p className="note">{t('results.total', { count: paged.totalCount })}</p>
          <ul className="op-list" data-testid="centre-results">
            {rows.map((r) => (
              <li key={r.application.id} className="op-row" data-testid="centre-result">
                <div className="op-row-main">
                  <strong className="op-row-title">{r.serviceName}</strong>
                  <dl className="op-meta">
                    <div>
                      <dt>{t('results.citizen')}</dt>
                      <dd>{r.citizen}</dd>
                    </div>
                    <div>
                      <dt>{t('results.completedAt')}</dt>
                      <dd>{fmt(r.completedAt)}</dd>
                    </div>
                    {r.handedOutAt && (
                      <div>
                        <dt>{t('results.handedOutAt')}</dt>
                        <dd>{fmt(r.handedOutAt)}</dd>
                      </div>
                    )}
                  </dl>
                </div>
                {!handedOut && open !== r.application.id && (
                  <div className="op-row-side">
                    <Button
                      className="button button-primary op-small"
                      aria-label={`${t('results.handOut')}: ${r.serviceName}, ${r.citizen}`}
                      onPress={() => {
                        setOpen(r.application.id);
                        setDone(null);
                      }}
                    >
                      {t('results.handOut')}
                    </Button>
                  </div>
                )}
                {!handedOut && open === r.application.id && (
                  <HandOutForm
                    result={r}
                    onCancel={() => setOpen(null)}
                    onDone={(res) => {
                      setGiven((cur) => new Set(cur).add(r.application.id));
                      setOpen(null);
                      setDone(res);
                      paged.refreshFirst();
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
          {paged.moreError && <ErrorState error={paged.moreError} onRetry={paged.loadMore} />}
          {paged.hasMore && (
            <Button className="button button-secondary more-button" isDisabled={paged.loadingMore} onPress={paged.loadMore}>
              {paged.loadingMore ? t('common:state.loading') : t('results.more')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
