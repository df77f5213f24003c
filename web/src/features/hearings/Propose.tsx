import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, FieldError, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { ProposeInHearingDocument } from './hearings.generated';
import type { ProposalKind } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList } from '../../lib/ui/fields';

const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * A proposal or comment with up to 5 files. urql's fetchExchange sends a
 * mutation whose variables hold File objects as a GraphQL multipart request
 * (operations + map + files), with the session's headers and token.
 */
export function Propose({ hearingId, onSent }: { hearingId: string; onSent: () => void }) {
  const { t } = useTranslation('hearings');
  const [kind, setKind] = useState<ProposalKind>('PROPOSAL');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sent, setSent] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const [{ fetching }, propose] = useMutation(ProposeInHearingDocument);

  function checkFiles(list: File[]): string | undefined {
    if (list.length > MAX_FILES) return t('tooManyFiles');
    const big = list.find((f) => f.size > MAX_BYTES);
    return big ? t('tooBig', { name: big.name }) : undefined;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSent(false);
    const fileError = checkFiles(files);
    if (fileError) {
      setErrors({ fields: { attachments: fileError }, form: [] });
      return;
    }
    const res = await propose({
      input: { hearingId, kind, text, ...(files.length > 0 ? { attachments: files } : {}) },
    });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''].filter(Boolean) });
      return;
    }
    const p = res.data?.proposeInHearing;
    if (p?.proposal) {
      setErrors(noErrors);
      setText('');
      setFiles([]);
      if (fileRef.current) fileRef.current.value = '';
      setSent(true);
      onSent();
      return;
    }
    const mapped = mapUserErrors(p?.userErrors, ['kind', 'text', 'attachments'], { 'input.text': 'text', 'input.kind': 'kind' });
    // attachments.N, input.attachments.N: the files field
    for (const ue of p?.userErrors ?? []) {
      if (/attachments/.test(ue.field)) {
        mapped.fields.attachments ??= ue.message;
        mapped.form = mapped.form.filter((m) => m !== ue.message);
      }
    }
    setErrors(mapped);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="propose-title">
      <h3 id="propose-title">{t('propose')}</h3>
      <p className="note">{t('proposeHint')}</p>
      <FormErrorList messages={errors.form} />
      <RadioGroup
        className="radio-group"
        value={kind}
        onChange={(v) => setKind(v as ProposalKind)}
        orientation="horizontal"
        isInvalid={!!errors.fields.kind}
        validationBehavior="aria"
      >
        <Label className="field-label">{t('proposeKind')}</Label>
        <div className="radio-row">
          <Radio value="PROPOSAL" className="radio">
            {t('kind.PROPOSAL')}
          </Radio>
          <Radio value="COMMENT" className="radio">
            {t('kind.COMMENT')}
          </Radio>
        </div>
        <FieldError className="field-error">{errors.fields.kind}</FieldError>
      </RadioGroup>
      <TextField
        className="field"
        value={text}
        onChange={setText}
        isInvalid={!!errors.fields.text}
        validationBehavior="aria"
        maxLength={5000}
        isRequired
      >
        <Label className="field-label">{t('proposeText')}</Label>
        <TextArea className="hearing-textarea" />
        <Text slot="description" className="field-description">
          {t('proposeTextHint')}
        </Text>
        <FieldError className="field-error">{errors.fields.text}</FieldError>
      </TextField>
      <div className="field">
        <label className="field-label" htmlFor={fileId}>
          {t('proposeFiles')}
        </label>
        <input
          ref={fileRef}
          id={fileId}
          className="hearing-file-input"
          type="file"
          multiple
          accept="application/pdf,image/jpeg,image/png"
          aria-describedby={`${fileId}-hint${errors.fields.attachments ? ` ${fileId}-error` : ''}`}
          aria-invalid={errors.fields.attachments ? true : undefined}
          onChange={(e) => {
            const list = Array.from(e.target.files ?? []);
            setFiles(list);
            const fe = checkFiles(list);
            setErrors((prev) => {
              const fields = { ...prev.fields };
              if (fe) fields.attachments = fe;
              else delete fields.attachments;
              return { ...prev, fields };
            });
          }}
        />
        <p id={`${fileId}-hint`} className="field-description">
          {t('proposeFilesHint')}
        </p>
        {errors.fields.attachments && (
          <p id={`${fileId}-error`} className="field-error">
            {errors.fields.attachments}
          </p>
        )}
      </div>
      <div role="status" aria-live="polite">
        {sent && <p className="hearing-ok">{t('sent')}</p>}
      </div>
      <Button type="submit" className="button button-primary" isDisabled={fetching}>
        {fetching ? t('sending') : t('send')}
      </Button>
    </form>
  );
}
