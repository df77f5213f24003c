import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/**/*.graphql, generated next to each file
// (foo.graphql → foo.generated.ts), so each route's chunk carries only its own
// documents. A schema change that breaks an operation fails `npm run codegen`
// or `npm run typecheck`.
const config: CodegenConfig = {
  schema: '../schema.graphqls',
  documents: 'src/**/*.graphql',
  emitLegacyCommonJSImports: false,
  config: {
    enumsAsTypes: true,
    useTypeImports: true,
    scalars: { Time: 'string', Kopecks: 'number', Upload: 'File' },
    avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
    skipTypename: false,
    nonOptionalTypename: false,
  },
  generates: {
    'src/gql/types.ts': {
      plugins: ['typescript'],
      config: { onlyOperationTypes: true },
    },
    'src/': {
      preset: 'near-operation-file',
      presetConfig: { extension: '.generated.ts', baseTypesPath: 'gql/types.ts' },
      plugins: ['typescript-operations', 'typed-document-node'],
    },
  },
  hooks: { afterAllFileWrite: ['node scripts/postcodegen.mjs'] },
};
export default config;
