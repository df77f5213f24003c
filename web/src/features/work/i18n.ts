import type { FeatureTranslations } from '../../lib/i18n/types';

/** Texts shared by the staff workspaces (namespace "work"). */
export default {
  ru: {
    title: 'Рабочие места',
    intro: 'Рабочие места ролей, выданных вашей учётной записи.',
    none: 'У вашей учётной записи нет ролей сотрудника. Роли выдаёт администратор портала.',
    workspace: {
      OPERATOR: 'Оператор центра обслуживания',
      OFFICER: 'Сотрудник ведомства',
      MUNICIPAL_OFFICER: 'Сотрудник муниципалитета',
      ADMIN: 'Администратор',
    },
    describe: {
      OPERATOR: 'Поиск гражданина по СНИЛС, подтверждение личности, электронные дубликаты, выдача результатов',
      OFFICER: 'Очередь заявлений ведомства, стадии, результаты, оценки и статистика',
      MUNICIPAL_OFFICER: 'Публичные слушания: подготовка, модерация, ход голосования, протокол',
      ADMIN: 'Каталог услуг, роли, журнал аудита, фоновые задачи',
    },
    forbidden: 'Это рабочее место доступно только с ролью «{{role}}».',
    signedOut: 'Войдите учётной записью сотрудника.',
    toWorkspaces: 'К рабочим местам',
  },
  en: {
    title: 'Workspaces',
    intro: 'The workspaces of the roles granted to your account.',
    none: 'Your account has no staff roles. The portal administrator grants them.',
    workspace: {
      OPERATOR: 'Service-centre operator',
      OFFICER: 'Department officer',
      MUNICIPAL_OFFICER: 'Municipality officer',
      ADMIN: 'Administrator',
    },
    describe: {
      OPERATOR: 'Find a citizen by SNILS, confirm identity, electronic duplicates, hand out results',
      OFFICER: "The department's queue of applications, stages, results, ratings and statistics",
      MUNICIPAL_OFFICER: 'Public hearings: preparation, moderation, live tally, protocol',
      ADMIN: 'Service catalog, roles, audit log, background jobs',
    },
    forbidden: 'This workspace is only for the “{{role}}” role.',
    signedOut: 'Sign in with a staff account.',
    toWorkspaces: 'To the workspaces',
  },
} satisfies FeatureTranslations;
