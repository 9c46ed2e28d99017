/** Who gets what: pure routing of an alert (by its brand label) and of a digest (by reader role) to destinations. */
import { DIGEST_ROLES, routesLabel, type Destination, type DigestRole, type WebhookDestination } from '../../../../config/destinations.ts';

export interface Targets<E> {
  /** Each (format, URL) once. */
  webhooks: WebhookDestination[];
  /** Each address once. */
  emails: E[];
}

function uniqueWebhooks(destinations: Destination[]): WebhookDestination[] {
  const seen = new Map<string, WebhookDestination>();
  for (const d of destinations) if (d.format !== 'email') seen.set(`${d.format} ${d.url}`, d);
  return [...seen.values()];
}

/** The destinations of an alert of brand `label` (null: all brands, sent only where no labels are set). */
export function alertTargets(label: string | null, destinations: Destination[]): Targets<string> {
  const routed = destinations.filter((d) => routesLabel(d, label));
  const emails = new Set(routed.flatMap((d) => (d.format === 'email' ? d.to.map((a) => a.toLowerCase()) : [])));
  return { webhooks: uniqueWebhooks(routed), emails: [...emails] };
}

/** The digest's destinations; an address listed under several roles gets one e-mail with all their sections. */
export function digestTargets(destinations: Destination[], emails: Record<DigestRole, string[]>): Targets<{ to: string; roles: DigestRole[] }> {
  const roles = new Map<string, DigestRole[]>();
  for (const role of DIGEST_ROLES) {
    for (const address of emails[role]) {
      const key = address.toLowerCase();
      const list = roles.get(key) ?? [];
      if (!list.includes(role)) list.push(role);
      roles.set(key, list);
    }
  }
  return { webhooks: uniqueWebhooks(destinations), emails: [...roles].map(([to, r]) => ({ to, roles: r })) };
}
