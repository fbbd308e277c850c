/**
 * The house's layers, enforced in `npm test` (npm run lint:layers). The flow is one way:
 *   catalog → model → catalog-plan → constructs/ and k8s/ → artifacts → checker → posture → audit
 * lib/model is pure; constructs/ and k8s/ build from the plan and never ask the checker or the audit; the checker reads
 * artifacts, never the code that wrote them; a lib/ folder is used through its index.ts. Tests are exempt from the
 * index rule (they test internals on purpose). docs/architecture.md explains each rule.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'model-is-pure',
      comment: 'lib/model imports nothing but itself: no CDK, cdk8s, AWS SDK, node:fs or other lib/ folder.',
      severity: 'error',
      from: { path: '^lib/model/' },
      to: { pathNot: '^lib/model/' },
    },
    {
      name: 'builders-never-ask-the-checker',
      comment: 'constructs/ and k8s/ build from the plan; what the artifacts achieve is the checker’s to say.',
      severity: 'error',
      from: { path: '^(constructs|k8s)/' },
      to: { path: '^lib/(checker|audit|posture)/' },
    },
    {
      name: 'checker-reads-artifacts',
      comment: 'The checker reads synthesized templates and manifests, never the constructs or charts that wrote them.',
      severity: 'error',
      from: { path: '^lib/checker/' },
      to: { path: '^(constructs|k8s)/' },
    },
    {
      name: 'lib-is-below-the-apps',
      comment: 'lib/ holds the logic; constructs/, k8s/, bin/ and scripts/ use it, not the other way round.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(constructs|k8s|bin|scripts)/' },
    },
    {
      name: 'aws-and-k8s-builders-apart',
      comment: 'The AWS constructs and the Kubernetes charts share only lib/ (names, plan), never each other.',
      severity: 'error',
      from: { path: '^constructs/' },
      to: { path: '^k8s/' },
    },
    {
      name: 'k8s-and-aws-builders-apart',
      comment: 'The Kubernetes charts and the AWS constructs share only lib/ (names, plan), never each other.',
      severity: 'error',
      from: { path: '^k8s/' },
      to: { path: '^constructs/' },
    },
    {
      name: 'lib-folders-through-their-index',
      comment: 'Outside lib/ (and in the package entry, index.ts), a lib/ folder is used through its index.ts.',
      severity: 'error',
      from: { path: '^((bin|constructs|k8s|scripts)/|index\\.ts$)' },
      to: { path: '^lib/[^/]+/', pathNot: '^lib/[^/]+/index\\.ts$' },
    },
    {
      name: 'lib-folders-use-each-other-through-their-index',
      comment: 'One lib/ folder uses another through its index.ts only.',
      severity: 'error',
      from: { path: '^lib/([^/]+)/' },
      to: { path: '^lib/[^/]+/', pathNot: ['^lib/$1/', '^lib/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular-lib-folders',
      comment: 'Folders of lib/ form a directed graph: a cycle means a layer runs the wrong way.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stay in the graph (not followed): excluding them would hide an npm import from model-is-pure.
    exclude: { path: '(^|/)(dist|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
