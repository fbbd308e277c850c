/**
 * DR-PILOT-LIGHT: a workload of the DR site held below the scale it is graded at — a Deployment below its HPA's
 * minimum, a StatefulSet below what its PodDisruptionBudget guards — carries the marker that says so
 * (`dr/pilot-light-replicas`, with its idle replicas). It tells readers and GitOps that the count is the pilot light's,
 * which the Region switch plan scales up (ARC-7) and a sync must not undo (docs/kubernetes.md: ignore `/spec/replicas`).
 * Without it, a 0 looks like a mistake, and the rules that grade the site at the plan's scale would be hiding one.
 */
import { ANNOTATION } from '../../names';
import { finding, type Finding } from '../findings';
import { at } from '../manifest-json';
import { whereOf } from '../read-kubernetes';
import { hpaLookup } from '../readers/workload';
import { describeWhere, type K8sObject } from '../types';

export function pilotLightFindings(drObjects: readonly K8sObject[]): Finding[] {
  const out: Finding[] = [];
  const hpaFor = hpaLookup(drObjects);
  for (const o of drObjects) {
    if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
    const replicas = at(o.doc, 'spec', 'replicas');
    if (typeof replicas !== 'number') continue;
    const hpa = hpaFor(o);
    const minimum = hpa ? at(hpa.doc, 'spec', 'minReplicas') : undefined;
    // A StatefulSet (a Redis) idles at 0 and is scaled by the plan's own step: any count below 1 is a pilot light.
    const below = typeof minimum === 'number' ? replicas < minimum : replicas < 1;
    if (!below) continue;
    const marker = at(o.doc, 'metadata', 'annotations', ANNOTATION.pilotLight);
    if (marker === String(replicas)) continue;
    const where = describeWhere(whereOf(o));
    out.push(
      finding('pilot-light', {
        where,
        message: `${where}: ${o.kind} ${o.name} of the DR site is held at ${replicas} replica(s)${typeof minimum === 'number' ? `, below its HPA minimum ${minimum},` : ''} without the ${ANNOTATION.pilotLight}: "${replicas}" marker`,
        fix: `annotate it ${ANNOTATION.pilotLight}: "${replicas}" (synthesize again from the catalog), and have GitOps ignore its /spec/replicas`,
      }),
    );
  }
  return out;
}
