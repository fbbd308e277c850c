/**
 * The account the stacks deploy to. The catalog's is a clearly fake default; `-c account=…` or the CLI's
 * CDK_DEFAULT_ACCOUNT (from the deploying credentials) replace it once, before planning, so the AWS and Kubernetes
 * sides embed the same account in every name (bucket names, ARNs).
 */
import type { Catalog } from './types';

export function withAccount(catalog: Catalog, account: string | undefined): Catalog {
  if (account === undefined || account === catalog.environment.account) return catalog;
  if (!/^\d{12}$/.test(account))
    throw new Error(`account: got ${JSON.stringify(account)}; expected a 12-digit AWS account id`);
  return {
    ...catalog,
    environment: { ...catalog.environment, account },
    naming: { ...catalog.naming, account },
  };
}
