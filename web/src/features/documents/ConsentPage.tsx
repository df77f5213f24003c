import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button } from 'react-aria-components';
import { AnswerDuplicateConsentDocument, type AnswerDuplicateConsentMutation } from './documents.generated';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList } from '../../lib/ui/fields';
import { SignedIn, formatTime } from './common';
import './documents.css';

type Consent = NonNullable<AnswerDuplicateConsentMutation['answerDuplicateConsent']['consent']>;

/**
 * The citizen answers an operator's request to make an electronic duplicate
 * (opened from the push: uslugi://consents/<id>). The API gives the request
 * only in the answer, so the page asks first and shows what was answered.
 */
export default function ConsentPage() {
  const { t, i18n } = useTranslation('documents');
  const { id = '' } = useParams();
  const [{ fetching }, answer] = useMutation(AnswerDuplicateConsentDocument);
  const [consent, setConsent] = useState<Consent | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

  const send = async (accept: boolean) => {
    const res = await answer({ id, accept });
    if (res.error) {
      setErrors([describeError(res.error, t) ?? '']);
      return;
    }
    const p = res.data?.answerDuplicateConsent;
    if (p?.consent) {
      setConsent(p.consent);
      setErrors([]);
    } else setErrors((p?.userErrors ?? []).map((e) => e.message));
  };

  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('consent.title')}</h1>
      <SignedIn>
        <p className="lead">{t('consent.lead')}</p>
        <FormErrorList messages={errors} />
        <div role="status" aria-live="polite">
          {consent && (
            <div className="card">
              <p>{t(`consent.${consent.status}`, { defaultValue: consent.status })}</p>
              <dl className="facts">
                <div>
                  <dt>{t('consent.documentType')}</dt>
                  <dd>{consent.documentType}</dd>
                </div>
              </dl>
              {consent.status === 'PENDING' && <p>{t('consent.expires', { time: formatTime(consent.expiresAt, i18n.language) })}</p>}
            </div>
          )}
        </div>
        {!consent && (
          <div className="button-row">
            <Button className="button button-primary" isDisabled={fetching} onPress={() => void send(true)}>
              {t('consent.accept')}
            </Button>
            <Button className="button button-secondary" isDisabled={fetching} onPress={() => void send(false)}>
              {t('consent.refuse')}
            </Button>
          </div>
        )}
      </SignedIn>
    </div>
  );
}
