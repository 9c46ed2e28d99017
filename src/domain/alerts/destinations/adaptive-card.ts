/** The envelope Microsoft Teams incoming webhooks and Workflows accept: one message holding one Adaptive Card. */
export type CardElement = Record<string, unknown>;

export const textBlock = (text: string, style: { weight?: 'Bolder'; size?: 'Medium' | 'Large' | 'Small'; isSubtle?: boolean } = {}): CardElement => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...style,
});

export const factSet = (facts: Array<[string, string]>): CardElement => ({ type: 'FactSet', facts: facts.map(([title, value]) => ({ title, value })) });

export function adaptiveCardMessage(body: CardElement[], link: { title: string; url: string }): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: link.title, url: link.url }],
        },
      },
    ],
  };
}
