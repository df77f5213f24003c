import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import type { CombinedError } from '@urql/core';
import { MunicipalRecordLandRightDocument } from './municipal.generated';
import type { LandRightKind } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { formatSnils, snilsDigits } from '../../lib/forms/snils';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { NativeField, WorkNav, useOfficerMunicipalities } from './common';

const FIELDS: Record<string, string> = {
  snils: 'snils',
  'input.snils': 'snils',
  // The holder found by his SNILS: what the API says of his account goes beside it too.
  accountId: 'snils',
  'input.accountId': 'snils',
  municipality: 'municipality',
  municipalityOktmo: 'municipality',
  kind: 'kind',
  cadastral: 'cadastralNumber',
  cadastralNumber: 'cadastralNumber',
  registryRecord: 'registryRecord',
};

/** A refusal of the input as a whole (BAD_USER_INPUT naming a field) goes beside that field. */
function topLevelField(error: CombinedError): string | undefined {
  const ext = error.graphQLErrors[0]?.extensions as { code?: string; field?: string } | undefined;
  return ext?.code === 'BAD_USER_INPUT' && ext.field ? FIELDS[ext.field] : undefined;
}

/**
 * /work/municipal/land-rights: records a citizen's right to land or a
 * building, as the registry (ЕГРН) shows it, by the holder's SNILS as the
 * registry names him; it admits him to the urban-planning hearings of that
 * territory though he lives elsewhere.
 */
export default function LandRights() {
  const { t } = useTranslation('municipal');
  const [params] = useSearchParams();
  const munis = useOfficerMunicipalities();
  const wanted = params.get('m');
  const [municipality, setMunicipality] = useState<string | null>(null);
  const [snils, setSnils] = useState('');
  const [kind, setKind] = useState<LandRightKind>('LAND');
  const [cadastral, setCadastral] = useState('');
  const [record, setRecord] = useState('');
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form: string[] }>({ fields: {}, form: [] });
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(MunicipalRecordLandRightDocument);
  const chosen =
    municipality ?? (wanted && munis.list.some((m) => m.oktmo === wanted) ? wanted : munis.list.length === 1 ? (munis.list[0]?.oktmo ?? '') : '');

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setDone(null);
    const local: Record<string, string> = {};
    if (!chosen) local.municipality = t('form.chooseMunicipality');
    const digits = snilsDigits(snils);
    if (digits.length !== 11) local.snils = t(digits ? 'land.snilsIncomplete' : 'land.giveSnils');
    if (Object.keys(local).length > 0) return setErrors({ fields: local, form: [] });
    const res = await save({
      input: { snils: digits, municipalityOktmo: chosen, kind, cadastralNumber: cadastral, registryRecord: record },
    });
    if (res.error) {
      const field = topLevelField(res.error);
      const msg = describeError(res.error, t) ?? '';
      return setErrors(field ? { fields: { [field]: msg }, form: [] } : { fields: {}, form: [msg] });
    }
    const out = res.data?.recordLandRight;
    if (out?.ok) {
      setErrors({ fields: {}, form: [] });
      setDone(t('land.done', { cadastral, snils: formatSnils(digits) }));
      setCadastral('');
      setRecord('');
      return;
    }
    const next = { fields: {} as Record<string, string>, form: [] as string[] };
    for (const ue of out?.userErrors ?? []) {
      const f = FIELDS[ue.field];
      if (f) next.fields[f] ??= ue.message;
      else next.form.push(ue.message);
    }
    setErrors(next);
  }

  let body;
  if (munis.fetching) body = <Loading />;
  else if (munis.error) body = <ErrorState error={munis.error} onRetry={munis.retry} />;
  else
    body = (
      <form className="form muni-form" onSubmit={submit} noValidate aria-labelledby="page-title">
        <FormErrorList messages={errors.form} />
        <NativeField label={t('form.municipality')} error={errors.fields.municipality}>
          {(p) => (
            <select {...p} className="muni-select" value={chosen} onChange={(e) => setMunicipality(e.target.value)}>
              <option value="">{t('form.choose')}</option>
              {munis.list.map((m) => (
                <option key={m.oktmo} value={m.oktmo}>
                  {m.name} ({m.oktmo})
                </option>
              ))}
            </select>
          )}
        </NativeField>
        <TextField
          label={t('land.snils')}
          description={t('land.snilsHint')}
          name="snils"
          inputMode="numeric"
          autoComplete="off"
          placeholder="123-456-789 01"
          value={snils}
          onChange={(v) => setSnils(formatSnils(v))}
          error={errors.fields.snils}
          isRequired
        />
        <RadioGroup className="radio-group" value={kind} onChange={(v) => setKind(v as LandRightKind)} orientation="horizontal" isInvalid={!!errors.fields.kind} validationBehavior="aria">
          <Label className="field-label">{t('land.kind')}</Label>
          <div className="radio-row">
            <Radio value="LAND" className="radio">
              {t('land.LAND')}
            </Radio>
            <Radio value="BUILDING" className="radio">
              {t('land.BUILDING')}
            </Radio>
          </div>
          {errors.fields.kind && <p className="field-error">{errors.fields.kind}</p>}
        </RadioGroup>
        <TextField
          label={t('land.cadastral')}
          description={t('land.cadastralHint')}
          value={cadastral}
          onChange={setCadastral}
          error={errors.fields.cadastralNumber}
          isRequired
        />
        <TextField label={t('land.record')} description={t('land.recordHint')} value={record} onChange={setRecord} error={errors.fields.registryRecord} isRequired />
        <div role="status" aria-live="polite">
          {done && <p className="muni-ok">{done}</p>}
        </div>
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {fetching ? t('sending') : t('land.button')}
        </Button>
      </form>
    );
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t('land.title')}</h1>
      <WorkNav />
      <p className="lead">{t('land.lead')}</p>
      {body}
    </section>
  );
}
