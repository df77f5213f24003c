import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, Form } from 'react-aria-components';
import { RequestRecoveryDocument, ResetPasswordDocument, type RequestRecoveryMutation } from './accountMore.generated';
import { acceptSession } from '../../lib/auth/session';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { checkPassword } from './passwordRules';
import { PasswordRules } from './PasswordRules';

type Sent = RequestRecoveryMutation['requestRecovery'];

/** /recover: a code to the phone or email, then a new password. */
export default function Recover() {
  const { t } = useTranslation('account');
  const navigate = useNavigate();
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState<Sent | null>(null);
  const [v, setV] = useState({ code: '', password: '', passwordAgain: '' });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching: requesting }, request] = useMutation(RequestRecoveryDocument);
  const [{ fetching: resetting }, reset] = useMutation(ResetPasswordDocument);

  const submitLogin = async (e: FormEvent) => {
    e.preventDefault();
    const r = await request({ input: { login: login.trim() } });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.requestRecovery;
    if (p && p.userErrors.length === 0) {
      setErrors(noErrors);
      setSent(p);
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['login']));
  };
  const submitReset = async (e: FormEvent) => {
    e.preventDefault();
    const r = await reset({ input: { login: login.trim(), code: v.code.trim(), password: v.password, passwordAgain: v.passwordAgain } });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.resetPassword;
    if (p?.session) {
      acceptSession(p.session);
      void navigate('/account', { replace: true });
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['code', 'password', 'passwordAgain']));
  };
  const looksEmail = login.includes('@');
  const rules = checkPassword(v.password, v.passwordAgain, { phone: looksEmail ? null : login, email: looksEmail ? login : null });

  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('recover.title')}</h1>
      {!sent || sent.channel === 'SERVICE_CENTRE' ? (
        <Form className="form" onSubmit={(e) => void submitLogin(e)} aria-labelledby="page-title">
          <p className="lead">{t('recover.lead')}</p>
          {sent?.channel === 'SERVICE_CENTRE' && (
            <p className="form-info" role="status">
              {sent.message ?? t('recover.serviceCentre')}
            </p>
          )}
          <FormErrorList messages={errors.form} />
          <TextField
            label={t('signIn.login')}
            description={t('signIn.loginHint')}
            name="login"
            autoComplete="username"
            isRequired
            value={login}
            onChange={setLogin}
            error={errors.fields.login}
          />
          <Button type="submit" className="button button-primary" isDisabled={requesting}>
            {t('recover.send')}
          </Button>
        </Form>
      ) : (
        <Form className="form" onSubmit={(e) => void submitReset(e)} aria-labelledby="page-title">
          <p className="form-info" role="status">
            {sent.message ??
              (sent.channel === 'EMAIL'
                ? t('register.codeSentEmail', { contact: sent.maskedContact ?? '' })
                : t('register.codeSentPhone', { contact: sent.maskedContact ?? '' }))}
          </p>
          <FormErrorList messages={errors.form} />
          <TextField
            label={t('register.code')}
            name="code"
            autoComplete="one-time-code"
            isRequired
            autoFocus
            value={v.code}
            onChange={(code) => setV({ ...v, code })}
            error={errors.fields.code}
          />
          <TextField
            label={t('recover.newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            isRequired
            value={v.password}
            onChange={(password) => setV({ ...v, password })}
            error={errors.fields.password}
            aria-describedby="password-rules"
          />
          <TextField
            label={t('register.passwordAgain')}
            name="passwordAgain"
            type="password"
            autoComplete="new-password"
            isRequired
            value={v.passwordAgain}
            onChange={(passwordAgain) => setV({ ...v, passwordAgain })}
            error={errors.fields.passwordAgain}
          />
          <PasswordRules result={rules} id="password-rules" />
          <Button type="submit" className="button button-primary" isDisabled={resetting}>
            {t('recover.reset')}
          </Button>
          <Button className="button button-link" onPress={() => setSent(null)}>
            {t('register.changeContact')}
          </Button>
        </Form>
      )}
      <p className="form-footer">
        <Link to="/signin">{t('register.signIn')}</Link>
      </p>
    </div>
  );
}
