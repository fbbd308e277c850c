/** The located messages a catalog text gets (as `file`, default `minimal.yaml`); none when it is valid. */
import { CatalogError, parseCatalog } from '../../lib/catalog';

export function problemsOf(text: string, file = 'minimal.yaml'): string[] {
  try {
    parseCatalog(text, file);
  } catch (e) {
    if (e instanceof CatalogError) return e.message.split('\n');
    throw e;
  }
  return [];
}
