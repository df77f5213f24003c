import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button, Form, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import {
  ConfirmContactDocument,
  RegisterDocument,
  ResendCodeDocument,
  SetPasswordDocument,
  type RegistrationFieldsFragment,
} from './account.generated';
import { acceptSession } from '../../lib/auth/session';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { formatSeconds, useCountdown } from '../../lib/forms/useCountdown';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { Loading } from '../../lib/ui/StateViews';
import { checkPassword, passwordOk } from './passwordRules';
import { PasswordRules } from './PasswordRules';

type Kind = 'PHONE' | 'EMAIL';

function StepHeading({ n, title }: { n: number; title: string }) {
  const { t } = useTranslation('account');
  return (
    <>
      <p className="step-label">{t('register.step', { n })}</p>
      <h1 id="page-title">{title}</h1>
    </>
  );
}

/** Step 1: name and a phone or an email. */
function ContactStep({
  initial,
  onDone,
}: {
  initial: { lastName: string; firstName: string; kind: Kind; contact: string };
  onDone: (r: RegistrationFieldsFragment, v: { lastName: string; firstName: string; kind: Kind; contact: string }) => void;
}) {
  const { t } = useTranslation('account');
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, register] = useMutation(RegisterDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const contact = v.contact.trim();
    const res = await register({
      input: {
        lastName: v.lastName.trim(),
        firstName: v.firstName.trim(),
        ...(v.kind === 'PHONE' ? { phone: contact } : { email: contact }),
      },
    });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.register;
    if (p?.registration) return onDone(p.registration, v);
    setErrors(mapUserErrors(p?.userErrors, ['lastName', 'firstName', 'contact'], { phone: 'contact', email: 'contact' }));
  };
  return (
    <>
      <StepHeading n={1} title={t('register.title')} />
      <p className="lead">{t('register.lead')}</p>
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="page-title">
        <FormErrorList messages={errors.form} />
        <TextField
          label={t('register.lastName')}
          name="lastName"
          autoComplete="family-name"
          isRequired
          value={v.lastName}
          onChange={(lastName) => setV({ ...v, lastName })}
          error={errors.fields.lastName}
        />
        <TextField
          label={t('register.firstName')}
          name="firstName"
          autoComplete="given-name"
          isRequired
          value={v.firstName}
          onChange={(firstName) => setV({ ...v, firstName })}
          error={errors.fields.firstName}
        />
        <Tabs
          className="tabs"
          selectedKey={v.kind}
          onSelectionChange={(k) => setV({ ...v, kind: k as Kind, contact: '' })}
        >
          <TabList aria-label={t('register.contactKind')} className="tab-list">
            <Tab id="PHONE" className="tab">
              {t('register.byPhone')}
            </Tab>
            <Tab id="EMAIL" className="tab">
              {t('register.byEmail')}
            </Tab>
          </TabList>
          <TabPanel id="PHONE" className="tab-panel">
            <TextField
              label={t('register.phone')}
              description={t('register.phoneHint')}
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="+7 912 345-67-89"
              isRequired
              value={v.contact}
              onChange={(contact) => setV({ ...v, contact })}
              error={errors.fields.contact}
            />
          </TabPanel>
          <TabPanel id="EMAIL" className="tab-panel">
            <TextField
              label={t('register.email')}
              description={t('register.emailHint')}
              name="email"
              type="email"
              inputMode="email"
              autoComplete="email"
              isRequired
              value={v.contact}
              onChange={(contact) => setV({ ...v, contact })}
              error={errors.fields.contact}
            />
          </TabPanel>
        </Tabs>
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {t('register.submit')}
        </Button>
      </Form>
      <p className="form-footer">
        {t('register.haveAccount')} <Link to="/signin">{t('register.signIn')}</Link>
      </p>
    </>
  );
}

/** Step 2: the code, with its validity countdown and the resend rule from the API's answer. */
function CodeStep({
  registration,
  onRegistration,
  onDone,
  onBack,
}: {
  registration: RegistrationFieldsFragment;
  onRegistration: (r: RegistrationFieldsFragment) => void;
  onDone: (setupToken: string) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation('account');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [resent, setResent] = useState(false);
  const validFor = useCountdown(registration.codeExpiresAt);
  const resendIn = useCountdown(registration.resendAfter);
  const [{ fetching }, confirm] = useMutation(ConfirmContactDocument);
  const [{ fetching: resending }, resend] = useMutation(ResendCodeDocument);
  const phone = registration.contactKind === 'PHONE';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await confirm({ input: { registrationId: registration.id, code: code.trim() } });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.confirmContact;
    if (p?.setupToken) return onDone(p.setupToken);
    setErrors(mapUserErrors(p?.userErrors, ['code']));
  };
  const doResend = async () => {
    const res = await resend({ input: { registrationId: registration.id } });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.resendCode;
    if (p?.registration) {
      onRegistration(p.registration);
      setCode('');
      setErrors(noErrors);
      setResent(true);
    } else setErrors(mapUserErrors(p?.userErrors, ['code']));
  };

  return (
    <>
      <StepHeading n={2} title={t('register.codeTitle')} />
      <p className="lead">
        {phone
          ? t('register.codeSentPhone', { contact: registration.maskedContact })
          : t('register.codeSentEmail', { contact: registration.maskedContact })}
      </p>
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="page-title">
        <FormErrorList messages={errors.form} />
        {resent && (
          <p className="form-info" role="status">
            {t('register.resent')}
          </p>
        )}
        <TextField
          label={t('register.code')}
          description={phone ? t('register.codeHintPhone') : t('register.codeHintEmail')}
          name="code"
          inputMode={phone ? 'numeric' : 'text'}
          autoComplete="one-time-code"
          isRequired
          autoFocus
          value={code}
          onChange={setCode}
          error={errors.fields.code}
        />
        <p className="countdown" aria-live="off">
          {validFor > 0 ? t('register.codeValid', { time: formatSeconds(validFor) }) : t('register.codeExpired')}
        </p>
        <Button type="submit" className="button button-primary" isDisabled={fetching || validFor <= 0}>
          {t('register.confirm')}
        </Button>
      </Form>
      <div className="resend">
        {resendIn > 0 ? (
          <p className="countdown">{t('register.resendIn', { time: formatSeconds(resendIn) })}</p>
        ) : (
          <Button className="button button-secondary" onPress={() => void doResend()} isDisabled={resending}>
            {t('register.resend')}
          </Button>
        )}
        <Button className="button button-link" onPress={onBack}>
          {t('register.changeContact')}
        </Button>
      </div>
    </>
  );
}

/** Step 3: the password, with its rules shown while typing. */
function PasswordStep({ setupToken, phone, email }: { setupToken: string; phone?: string; email?: string }) {
  const { t } = useTranslation('account');
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, setPw] = useMutation(SetPasswordDocument);
  const rules = checkPassword(password, again, { phone: phone ?? null, email: email ?? null });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await setPw({ input: { setupToken, password, passwordAgain: again } });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.setPassword;
    if (p?.session) {
      acceptSession(p.session);
      void navigate('/account', { replace: true });
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['password', 'passwordAgain']));
  };
  return (
    <>
      <StepHeading n={3} title={t('register.passwordTitle')} />
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="page-title">
        <FormErrorList messages={errors.form} />
        <TextField
          label={t('register.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          isRequired
          autoFocus
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          aria-describedby="password-rules"
        />
        <TextField
          label={t('register.passwordAgain')}
          name="passwordAgain"
          type="password"
          autoComplete="new-password"
          isRequired
          value={again}
          onChange={setAgain}
          error={errors.fields.passwordAgain}
        />
        <PasswordRules result={rules} id="password-rules" />
        <Button
          type="submit"
          className="button button-primary"
          isDisabled={fetching}
          data-ready={passwordOk(rules) || undefined}
        >
          {t('register.finish')}
        </Button>
      </Form>
    </>
  );
}

/** Confirms the email link (/register/confirm?registration=…&token=…) and goes on to the password. */
function EmailLink({ registrationId, token, onDone }: { registrationId: string; token: string; onDone: (s: string) => void }) {
  const { t } = useTranslation('account');
  const [, confirm] = useMutation(ConfirmContactDocument);
  const [errors, setErrors] = useState<string[]>([]);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void confirm({ input: { registrationId, code: token } }).then((res) => {
      const p = res.data?.confirmContact;
      if (p?.setupToken) onDone(p.setupToken);
      else setErrors(res.error ? [describeError(res.error, t) ?? ''] : (p?.userErrors ?? []).map((e) => e.message));
    });
  }, [confirm, registrationId, token, onDone, t]);
  return (
    <>
      <h1 id="page-title">{t('register.codeTitle')}</h1>
      {errors.length ? <FormErrorList messages={errors} /> : <Loading label={t('register.confirming')} />}
      {errors.length > 0 && <Link to="/register">{t('register.title')}</Link>}
    </>
  );
}

/** Registration by phone or email: contact → code → password, then signed in at SIMPLIFIED. */
export default function Register() {
  const [params] = useSearchParams();
  const [values, setValues] = useState({ lastName: '', firstName: '', kind: 'PHONE' as Kind, contact: '' });
  const [registration, setRegistration] = useState<RegistrationFieldsFragment | null>(null);
  const [setupToken, setSetupToken] = useState<string | null>(null);
  const linkReg = params.get('registration');
  const linkToken = params.get('token');
  let body;
  if (setupToken) {
    body = (
      <PasswordStep
        setupToken={setupToken}
        {...(values.kind === 'PHONE' ? { phone: values.contact } : { email: values.contact })}
      />
    );
  } else if (linkReg && linkToken) {
    body = <EmailLink registrationId={linkReg} token={linkToken} onDone={setSetupToken} />;
  } else if (registration) {
    body = (
      <CodeStep
        registration={registration}
        onRegistration={setRegistration}
        onDone={setSetupToken}
        onBack={() => setRegistration(null)}
      />
    );
  } else {
    body = (
      <ContactStep
        initial={values}
        onDone={(r, v) => {
          setValues(v);
          setRegistration(r);
        }}
      />
    );
  }
  return <div className="page page-narrow register">{body}</div>;
}
