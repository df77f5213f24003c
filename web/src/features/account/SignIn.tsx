import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, Form } from 'react-aria-components';
import { SignInDocument } from './account.generated';
import { acceptSession } from '../../lib/auth/session';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList, TextField } from '../../lib/ui/fields';

const FIELDS = ['login', 'password'] as const;

export default function SignIn() {
  const { t } = useTranslation('account');
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/account';
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, signIn] = useMutation(SignInDocument);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await signIn({ input: { login: login.trim(), password } });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
      return;
    }
    const payload = res.data?.signIn;
    if (payload?.session) {
      acceptSession(payload.session);
      void navigate(from, { replace: true });
      return;
    }
    setErrors(mapUserErrors(payload?.userErrors, FIELDS));
  };

  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('signIn.title')}</h1>
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="page-title">
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
        <TextField
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          isRequired
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
        />
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {t('signIn.submit')}
        </Button>
      </Form>
      <p className="form-footer">
        <Link to="/recover">{t('signIn.forgot')}</Link>
      </p>
      <p className="form-footer">
        {t('signIn.noAccount')} <Link to="/register">{t('signIn.register')}</Link>
      </p>
    </div>
  );
}
