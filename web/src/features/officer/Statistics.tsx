import { useId, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import { OfficerStatisticsDocument, type OfficerRatingFragment } from './officer.generated';
import { ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import { TextField } from '../../lib/ui/fields';
import { describeError } from '../../lib/forms/apiError';
import { Bars, type BarRow } from './Bars';
import { defaultPeriod, formatHours, formatNumber, formatPercent, formatTime, periodToRange, validDay } from './format';
import { useOfficerNames } from './names';

interface Period {
  from: string;
  to: string;
  region: string;
}

/** /work/officer/statistics: the figures of a period (the last 30 days by default). */
export default function Statistics() {
  const { t, i18n } = useTranslation('officer');
  const lang = i18n.language;
  const names = useOfficerNames(lang);
  const online = useOnline();
  const [params, setParams] = useSearchParams();
  const fallback = useMemo(() => defaultPeriod(), []);
  const applied: Period = {
    from: validDay(params.get('from')) ? params.get('from')! : fallback.from,
    to: validDay(params.get('to')) ? params.get('to')! : fallback.to,
    region: params.get('region') ?? '',
  };
  const [draft, setDraft] = useState<Period>(applied);
  const [fieldErrors, setFieldErrors] = useState<{ from?: string; to?: string }>({});
  const regionId = useId();
  const range = periodToRange(applied.from, applied.to);
  const [{ data, fetching, error, stale }, reexecute] = useQuery({
    query: OfficerStatisticsDocument,
    variables: { regionCode: applied.region || null, from: range.from, to: range.to },
    requestPolicy: 'cache-and-network',
  });

  // The API's complaint about the period goes beside the field it names.
  const apiField = error?.graphQLErrors[0]?.extensions?.field as string | undefined;
  const apiFieldError = apiField === 'from' || apiField === 'to' ? describeError(error, t) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const errs: { from?: string; to?: string } = {};
    if (!validDay(draft.from)) errs.from = t('stats.badDate');
    if (!validDay(draft.to)) errs.to = t('stats.badDate');
    if (!errs.from && !errs.to && draft.to < draft.from) errs.to = t('stats.badRange');
    setFieldErrors(errs);
    if (errs.from || errs.to) return;
    const p = new URLSearchParams();
    p.set('from', draft.from);
    p.set('to', draft.to);
    if (draft.region) p.set('region', draft.region);
    setParams(p);
  }

  const s = data?.statistics;
  const total = s ? s.applicationsByChannel.reduce((n, c) => n + c.count, 0) : 0;
  const num = (n: number) => formatNumber(n, lang);
  const avg = (r: OfficerRatingFragment) => (r.ratings > 0 ? t('stats.ratingOf', { avg: formatNumber(r.average, lang, 1) }) : t('stats.noRating'));
  const ratingRows = (list: OfficerRatingFragment[], label: (k: string) => string): BarRow[] =>
    list.map((r) => ({
      key: r.key,
      label: label(r.key),
      value: r.ratings > 0 ? r.average : 0,
      display: avg(r),
      extra: [num(r.ratings), num(r.recipients), r.representative ? t('stats.yes') : t('stats.no')],
    }));
  const regionName = applied.region ? (names.regions.find((r) => r.code === applied.region)?.name ?? applied.region) : t('stats.allRegionsInText');

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('stats.title')}</h1>
      <Form className="toolbar period-form" onSubmit={submit} aria-label={t('stats.period')}>
        <TextField
          label={t('stats.from')}
          type="date"
          name="from"
          value={draft.from}
          onChange={(v) => setDraft((d) => ({ ...d, from: v }))}
          error={fieldErrors.from ?? (apiField === 'from' ? (apiFieldError ?? undefined) : undefined)}
        />
        <TextField
          label={t('stats.to')}
          type="date"
          name="to"
          value={draft.to}
          onChange={(v) => setDraft((d) => ({ ...d, to: v }))}
          error={fieldErrors.to ?? (apiField === 'to' ? (apiFieldError ?? undefined) : undefined)}
        />
        <div className="field">
          <label className="field-label" htmlFor={regionId}>
            {t('stats.region')}
          </label>
          <select id={regionId} className="field-input" value={draft.region} onChange={(e) => setDraft((d) => ({ ...d, region: e.currentTarget.value }))}>
            <option value="">{t('stats.allRegions')}</option>
            {names.regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" className="button button-primary">
          {t('stats.show')}
        </Button>
      </Form>

      <p className="note" aria-live="polite" data-testid="stats-period">
        {t('stats.showing', {
          from: formatTime(range.from, lang, false),
          to: formatTime(new Date(Date.parse(range.to) - 1).toISOString(), lang, false),
          region: regionName,
        })}
        {(stale || (fetching && !!data)) && <span className="spinner spinner-inline" aria-hidden="true" />}
      </p>
      {!online && !data && <p className="note">{t('queue.offline')}</p>}

      {!data && fetching ? (
        <Loading />
      ) : !s ? (
        apiFieldError ? null : <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : (
        <>
          {error && !apiFieldError && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
          <section aria-labelledby="stats-summary">
            <h2 id="stats-summary" className="visually-hidden">
              {t('stats.summary')}
            </h2>
            <dl className="tiles" data-testid="stats-summary">
              <div className="tile-stat">
                <dt>{t('stats.total')}</dt>
                <dd data-testid="stats-total">{num(total)}</dd>
              </div>
              <div className="tile-stat">
                <dt>{t('stats.electronicShare')}</dt>
                <dd data-testid="stats-share">{formatPercent(s.electronicShare, lang)}</dd>
              </div>
              <div className="tile-stat">
                <dt>{t('stats.eServiceUsers')}</dt>
                <dd>{num(s.eServiceUsers)}</dd>
              </div>
              <div className="tile-stat">
                <dt>{t('stats.ratingOverall')}</dt>
                <dd>
                  {avg(s.rating)}
                  <span className="tile-note">
                    {t('stats.ratingCount', { ratings: num(s.rating.ratings), recipients: num(s.rating.recipients) })}
                    {s.rating.ratings > 0 && !s.rating.representative && <>; {t('stats.notRepresentative')}</>}
                  </span>
                </dd>
              </div>
            </dl>
          </section>
          <div className="charts">
            <Bars
              id="chart-channel"
              testId="chart-channel"
              title={t('stats.byChannel')}
              labelColumn={t('stats.channelCol')}
              valueColumn={t('stats.count')}
              columns={[t('stats.share')]}
              rows={s.applicationsByChannel.map((c) => ({
                key: c.channel,
                label: t(`channel.${c.channel}`),
                value: c.count,
                display: num(c.count),
                extra: [formatPercent(total ? c.count / total : 0, lang)],
              }))}
            />
            <Bars
              id="chart-tier"
              testId="chart-tier"
              title={t('stats.byTier')}
              labelColumn={t('stats.tierCol')}
              valueColumn={t('stats.count')}
              rows={s.accountsByTier.map((c) => ({ key: c.tier, label: t(`tier.${c.tier}`), value: c.count, display: num(c.count) }))}
            />
            <Bars
              id="chart-top"
              testId="chart-top"
              title={t('stats.topServices')}
              labelColumn={t('stats.serviceCol')}
              valueColumn={t('stats.count')}
              rows={s.topServices.map((c) => ({ key: c.serviceCode, label: names.service(c.serviceCode), value: c.count, display: num(c.count) }))}
            />
            <Bars
              id="chart-rating-service"
              testId="chart-rating-service"
              title={t('stats.ratingsByService')}
              labelColumn={t('stats.serviceCol')}
              valueColumn={t('stats.average')}
              columns={[t('stats.ratings'), t('stats.recipients'), t('stats.representative')]}
              max={5}
              rows={ratingRows(s.ratingsByService, names.service)}
            />
            <Bars
              id="chart-rating-department"
              testId="chart-rating-department"
              title={t('stats.ratingsByDepartment')}
              labelColumn={t('stats.departmentCol')}
              valueColumn={t('stats.average')}
              columns={[t('stats.ratings'), t('stats.recipients'), t('stats.representative')]}
              max={5}
              rows={ratingRows(s.ratingsByDepartment, names.department)}
            />
            <Bars
              id="chart-median"
              testId="chart-median"
              title={t('stats.medianTime')}
              labelColumn={t('stats.serviceCol')}
              valueColumn={t('stats.median')}
              columns={[t('stats.completed')]}
              rows={s.medianTimeToComplete.map((m) => {
                const h = formatHours(m.medianHours, lang);
                return {
                  key: m.serviceCode,
                  label: names.service(m.serviceCode),
                  value: m.medianHours,
                  display: t(h.unit === 'hours' ? 'stats.hours' : 'stats.days', { value: h.value }),
                  extra: [num(m.completed)],
                };
              })}
            />
          </div>
        </>
      )}
    </section>
  );
}
