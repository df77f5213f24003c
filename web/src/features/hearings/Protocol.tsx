import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { Button } from 'react-aria-components';
import { HearingVerifyProtocolDocument, type HearingVerifyProtocolQuery } from './hearings.generated';
import { describeError } from '../../lib/forms/apiError';
import { TextField } from '../../lib/ui/fields';
import { formatDateTime } from './format';

/** SHA-256 of a file, in hex, computed in the browser (the file is not sent). */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * Results and the signed protocol, with its check: the user picks the
 * protocol's file (hashed here) or pastes its SHA-256; verifyDocument says
 * whether it is genuine, who signed it and when, and whether it was revoked.
 */
export function Protocol({ conclusion, protocolId }: { conclusion: string | null | undefined; protocolId: string | null | undefined }) {
  const { t, i18n } = useTranslation('hearings');
  const client = useClient();
  const fileId = useId();
  const [hash, setHash] = useState('');
  const [hashError, setHashError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<HearingVerifyProtocolQuery['verifyDocument'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify(h: string) {
    const clean = h.trim().toLowerCase();
    setResult(null);
    setError(null);
    if (!HASH_RE.test(clean)) {
      setHashError(t('badHash'));
      return;
    }
    setHashError(undefined);
    setBusy(true);
    const res = await client.query(HearingVerifyProtocolDocument, { hash: clean }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    if (res.error) setError(describeError(res.error, t));
    else setResult(res.data?.verifyDocument ?? null);
  }

  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">{t('results')}</h2>
      {conclusion && (
        <>
          <h3>{t('conclusion')}</h3>
          <p>{conclusion}</p>
        </>
      )}
      {protocolId && (
        <>
          <h3>{t('protocol')}</h3>
          <p>{t('protocolSigned')}</p>
          <form
            className="form"
            noValidate
            aria-labelledby="verify-title"
            onSubmit={(e) => {
              e.preventDefault();
              void verify(hash);
            }}
          >
            <h4 id="verify-title">{t('verify')}</h4>
            <p className="note">{t('verifyHint')}</p>
            <div className="field">
              <label className="field-label" htmlFor={fileId}>
                {t('verifyFile')}
              </label>
              <input
                id={fileId}
                className="hearing-file-input"
                type="file"
                accept="application/pdf"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f)
                    void sha256Hex(f).then((h) => {
                      setHash(h);
                      void verify(h);
                    });
                }}
              />
            </div>
            <TextField label={t('verifyHash')} value={hash} onChange={setHash} error={hashError} className="hearing-hash" />
            <Button type="submit" className="button button-secondary" isDisabled={busy}>
              {t('verifyButton')}
            </Button>
            <div role="status" aria-live="polite">
              {result && (
                <div className={`status-line ${result.genuine && !result.revoked ? 'status-ok' : 'status-no'}`}>
                  <p>{result.genuine ? t('genuine') : t('notGenuine')}</p>
                </div>
              )}
              {result?.genuine && result.signedBy && (
                <p>{t('signedBy', { who: result.signedBy, at: formatDateTime(result.signedAt, i18n.language) })}</p>
              )}
              {result?.revoked && (
                <p className="status-no">
                  {t('revoked', { at: formatDateTime(result.revokedAt, i18n.language), reason: result.revokeReason ?? '' })}
                </p>
              )}
              {error && <p className="field-error">{error}</p>}
            </div>
          </form>
        </>
      )}
    </section>
  );
}
