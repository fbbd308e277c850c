/**
 * `AWS::Backup::Framework` → its `BACKUP_LAST_RECOVERY_POINT_CREATED` controls (BKP-19): the asset each one is scoped
 * to (`ControlScope.Tags` `dr:asset`) and the recovery-point age it allows, in hours — the control's grain
 * (`recoveryPointAgeUnit` hours or days, `recoveryPointAgeValue`).
 */
import { TAG } from '../../names';
import { isRecord, num, props, render } from '../cfn';
import type { CfnResource, StackArtifact } from '../types';

export const RECOVERY_POINT_AGE_CONTROL = 'BACKUP_LAST_RECOVERY_POINT_CREATED';

export interface RecoveryPointAgeControl {
  readonly framework: string;
  /** The `dr:asset` tag the control is scoped to; null when it is scoped otherwise. */
  readonly asset: string | null;
  /** Null when the parameters cannot be read. */
  readonly hours: number | null;
}

function parameters(control: Record<string, unknown>): Record<string, string> {
  const list = Array.isArray(control.ControlInputParameters) ? control.ControlInputParameters.filter(isRecord) : [];
  return Object.fromEntries(
    list.flatMap((p) =>
      typeof p.ParameterName === 'string' &&
      (typeof p.ParameterValue === 'string' || typeof p.ParameterValue === 'number')
        ? [[p.ParameterName, String(p.ParameterValue)]]
        : [],
    ),
  );
}

function scopedAsset(control: Record<string, unknown>): string | null {
  const scope = isRecord(control.ControlScope) ? control.ControlScope : {};
  const tags = Array.isArray(scope.Tags) ? scope.Tags.filter(isRecord) : [];
  const tag = tags.find((t) => t.Key === TAG.asset && typeof t.Value === 'string');
  return tag ? (tag.Value as string) : null;
}

export function readRecoveryPointAgeControls(
  resource: CfnResource,
  stack: Pick<StackArtifact, 'region' | 'account'>,
  logicalId: string,
): RecoveryPointAgeControl[] {
  const p = props(resource);
  const framework = render(p.FrameworkName, stack) ?? logicalId;
  const controls = Array.isArray(p.FrameworkControls) ? p.FrameworkControls.filter(isRecord) : [];
  return controls
    .filter((c) => c.ControlName === RECOVERY_POINT_AGE_CONTROL)
    .map((c) => {
      const params = parameters(c);
      const value = num(params.recoveryPointAgeValue);
      const perUnit = params.recoveryPointAgeUnit === 'days' ? 24 : params.recoveryPointAgeUnit === 'hours' ? 1 : null;
      return {
        framework,
        asset: scopedAsset(c),
        hours: value !== undefined && perUnit !== null ? value * perUnit : null,
      };
    });
}
