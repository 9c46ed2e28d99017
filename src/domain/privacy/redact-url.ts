/**
 * A link keeps working where it can: only the parts that carry contact details change. Path
 * segments and the fragment lose e-mails, IBANs and formatted or `+` phone numbers, but not bare
 * numbers (record ids far more often than phones); query values whose name says they hold contact
 * details (`email=`, `phone=`…) lose bare numbers too; credentials in the URL are dropped.
 */
import { redactPii } from './redact-pii.ts';

const CONTACT_PARAM = /mail|phone|tel|mobile|msisdn|fax|whatsapp|contact|card|iban/i;
// Hosts whose path is a phone number (click-to-chat links).
const PHONE_PATH_HOSTS = new Set(['wa.me']);

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const encodeSegment = (s: string) => encodeURIComponent(s).replace(/%5B/g, '[').replace(/%5D/g, ']');

/** `raw` itself when nothing in it needs redacting, so ids and links stay byte for byte. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactPii(raw, { bareNumbers: false });
  }
  if (url.protocol === 'mailto:') return 'mailto:[email]';
  if (url.protocol === 'tel:' || url.protocol === 'sms:') return `${url.protocol}[phone]`;
  let changed = false;
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
    changed = true;
  }
  const bareNumbersInPath = PHONE_PATH_HOSTS.has(url.hostname);
  const segments = url.pathname.split('/').map((segment) => {
    const plain = decode(segment);
    const redacted = redactPii(plain, { bareNumbers: bareNumbersInPath });
    if (redacted === plain) return segment;
    changed = true;
    return encodeSegment(redacted);
  });
  if (changed) url.pathname = segments.join('/');
  const params = [...url.searchParams];
  let queryChanged = false;
  const redactedParams = params.map(([key, value]) => {
    const redacted = redactPii(value, { bareNumbers: CONTACT_PARAM.test(key), context: key });
    if (redacted !== value) queryChanged = true;
    return [key, redacted];
  });
  if (queryChanged) {
    url.search = new URLSearchParams(redactedParams).toString();
    changed = true;
  }
  if (url.hash) {
    const fragment = decode(url.hash.slice(1));
    const redacted = redactPii(fragment, { bareNumbers: false });
    if (redacted !== fragment) {
      url.hash = redacted;
      changed = true;
    }
  }
  return changed ? url.toString() : raw;
}
