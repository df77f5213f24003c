import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { Button, Form } from 'react-aria-components';
import type { CombinedError } from '@urql/core';
import { VerifyDocumentDocument, type DocumentVerificationFieldsFragment } from './documents.generated';
import { ErrorState } from '../../lib/ui/StateViews';
import { TextField } from '../../lib/ui/fields';
import { sha256Hex } from './common';
import { VerificationView } from './Verification';
import './documents.css';

const HEX64 = /^[0-9a-f]{64}$/;

/** Public: anyone checks a document by its file (hashed here) or its SHA-256. */
export default function Verify() {
  const { t } = useTranslation('documents');
  const client = useClient();
  const [hash, setHash] = useState('');
  const [hashError, setHashError] = useState<string | undefined>();
  const [hashing, setHashing] = useState(false);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<DocumentVerificationFieldsFragment | null>(null);
  const [error, setError] = useState<CombinedError | undefined>();

  const check = async (value: string) => {
    const h = value.trim().toLowerCase();
    setResult(null);
    setError(undefined);
    if (!HEX64.test(h)) {
      setHashError(t('verify.badHash'));
      return;
    }
    setHashError(undefined);
    setChecking(true);
    const res = await client.query(VerifyDocumentDocument, { hash: h }, { requestPolicy: 'network-only' }).toPromise();
    setChecking(false);
    if (res.error) setError(res.error);
    else if (res.data) setResult(res.data.verifyDocument);
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setHashing(true);
    const h = await sha256Hex(file);
    setHashing(false);
    setHash(h);
    await check(h);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void check(hash);
  };

  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('verify.title')}</h1>
      <p className="lead">{t('verify.lead')}</p>
      <Form className="form card" onSubmit={submit} aria-labelledby="page-title">
        <div className="field">
          <label className="field-label" htmlFor="verify-file">
            {t('verify.file')}
          </label>
          <input
            id="verify-file"
            className="file-input"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            aria-describedby="verify-file-hint"
            onChange={(e) => void onFile(e.currentTarget.files?.[0])}
          />
          <span id="verify-file-hint" className="field-description">
            {t('verify.fileHint')}
          </span>
        </div>
        <TextField
          label={t('verify.hash')}
          description={t('verify.hashHint')}
          name="hash"
          value={hash}
          onChange={setHash}
          error={hashError}
          autoComplete="off"
          spellCheck="false"
        />
        <Button type="submit" className="button button-primary" isDisabled={checking || hashing}>
          {checking ? t('verify.checking') : t('verify.submit')}
        </Button>
      </Form>
      <section className="verify-result" aria-labelledby="verify-result-title" aria-live="polite">
        <h2 id="verify-result-title" className={result || error || hashing ? undefined : 'visually-hidden'}>
          {t('verify.result')}
        </h2>
        {hashing && <p role="status">{t('verify.hashing')}</p>}
        {error && <ErrorState error={error} />}
        {result && (
          <div className="card">
            <VerificationView v={result} />
          </div>
        )}
      </section>
    </div>
  );
}
