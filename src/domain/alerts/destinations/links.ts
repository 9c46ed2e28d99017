/** Where a message's "open in Earshot" link points: routes of the web app served at the public URL's root. */
export const digestLink = (publicUrl: string, week: string): string => `${publicUrl}/#/digest?week=${encodeURIComponent(week)}`;
export const alertLink = (publicUrl: string, alertId: string): string => `${publicUrl}/#/alerts?id=${encodeURIComponent(alertId)}`;
