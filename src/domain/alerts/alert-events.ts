/**
 * Alerts of one event: a burst makes several series spike at once (volume, complaints and negative
 * share, overall and per brand), each its own alert. Alerts whose first spiking hour is the same
 * are one event, listed together so a reader sees one burst, not six. Pure.
 */
import { ALERT_SERIES, type AlertDoc, type AlertStatus, type Severity } from './alert.repository.ts';
import { alertId } from './alert.service.ts';

export interface AlertEvent {
  /** Derived from the hour, so the same event has the same id on every read. */
  id: string;
  hour: string;
  start: Date;
  /** The highest severity among its alerts. */
  severity: Severity;
  /** `open` while any of its alerts is open. */
  status: AlertStatus;
  /** Brand labels that spiked (the overall scope adds none). */
  labels: string[];
  series: AlertDoc['series'][];
  alerts: AlertDoc[];
}

const SEVERITY_RANK: Record<Severity, number> = { warning: 0, high: 1, critical: 2 };

/** Groups alerts by their first spiking hour, newest event first. */
export function groupAlertEvents(alerts: AlertDoc[]): AlertEvent[] {
  const byHour = new Map<string, AlertDoc[]>();
  for (const a of alerts) byHour.set(a.hour, [...(byHour.get(a.hour) ?? []), a]);
  return [...byHour]
    .map(([hour, list]): AlertEvent => ({
      id: alertId('event', hour),
      hour,
      start: list[0]!.start,
      severity: list.reduce<Severity>((s, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s] ? a.severity : s), 'warning'),
      status: list.some((a) => a.status === 'open') ? 'open' : 'acknowledged',
      labels: [...new Set(list.flatMap((a) => (a.label ? [a.label] : [])))].sort(),
      series: ALERT_SERIES.filter((s) => list.some((a) => a.series === s)),
      alerts: list.sort((a, b) => (a.key < b.key ? -1 : 1)),
    }))
    .sort((a, b) => (a.hour < b.hour ? 1 : -1));
}
