import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { VoteInHearingDocument, type HearingPageQuery } from './hearings.generated';
import type { VoteOption } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList } from '../../lib/ui/fields';

const OPTIONS: VoteOption[] = ['FOR', 'AGAINST', 'ABSTAIN'];
type Question = NonNullable<HearingPageQuery['hearing']>['questions'][number];

/**
 * FOR, AGAINST or ABSTAIN on the project (question 0) and each further
 * question, sent together; sent again to change the vote until closing.
 * The API does not return a citizen's earlier vote, so the choices shown
 * are those sent from this page.
 */
export function Vote({ hearingId, questions }: { hearingId: string; questions: readonly Question[] }) {
  const { t } = useTranslation('hearings');
  const all = questions.some((q) => q.no === 0) ? questions : [{ no: 0, text: t('project') }, ...questions];
  const [choices, setChoices] = useState<Record<number, VoteOption>>({});
  const [sent, setSent] = useState<Record<number, VoteOption> | null>(null);
  const [changed, setChanged] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [{ fetching }, vote] = useMutation(VoteInHearingDocument);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing = all.filter((q) => !choices[q.no]);
    if (missing.length > 0) {
      setFormErrors([t('chooseAll')]);
      setFieldErrors(Object.fromEntries(missing.map((q) => [q.no, t('chooseAll')])));
      return;
    }
    setFormErrors([]);
    setFieldErrors({});
    const list = all.map((q) => ({ question: q.no, option: choices[q.no]! }));
    const res = await vote({ id: hearingId, choices: list });
    if (res.error) {
      setFormErrors([describeError(res.error, t) ?? ''].filter(Boolean));
      return;
    }
    const p = res.data?.voteInHearing;
    if (p?.ok) {
      setChanged(sent !== null);
      setSent({ ...choices });
      return;
    }
    // ballot[i].option / ballot[i].question: beside question i; the rest above.
    const byQ: Record<number, string> = {};
    const rest: string[] = [];
    for (const ue of p?.userErrors ?? []) {
      const m = /^ballot\[(\d+)\]/.exec(ue.field);
      const q = m ? list[Number(m[1])]?.question : undefined;
      if (q !== undefined) byQ[q] ??= ue.message;
      else rest.push(ue.message);
    }
    setFieldErrors(byQ);
    setFormErrors(rest);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="vote-title">
      <h3 id="vote-title">{t('vote')}</h3>
      <p className="note">{t('voteHint')}</p>
      <FormErrorList messages={formErrors} />
      {all.map((q) => (
        <RadioGroup
          key={q.no}
          className="radio-group hearing-question"
          value={choices[q.no] ?? null}
          onChange={(v) => setChoices((c) => ({ ...c, [q.no]: v as VoteOption }))}
          isInvalid={!!fieldErrors[q.no]}
          orientation="horizontal"
        >
          <Label className="field-label">{q.no === 0 ? t('project') : q.text}</Label>
          <div className="radio-row">
            {OPTIONS.map((o) => (
              <Radio key={o} value={o} className="radio">
                {t(`option.${o}`)}
              </Radio>
            ))}
          </div>
          {fieldErrors[q.no] && <p className="field-error">{fieldErrors[q.no]}</p>}
          {sent?.[q.no] && <p className="note">{t('yourChoice', { option: t(`option.${sent[q.no]}`) })}</p>}
        </RadioGroup>
      ))}
      <div role="status" aria-live="polite">
        {sent && <p className="hearing-ok">{changed ? t('voteChanged') : t('voted')}</p>}
      </div>
      <Button type="submit" className="button button-primary" isDisabled={fetching}>
        {fetching ? t('voting') : sent ? t('changeVote') : t('submitVote')}
      </Button>
    </form>
  );
}
