/** The shared `send-template` operation's input (shared/schemas/send-template.schema.json). */
export interface SendTemplateInput {
  to: string;
  template: string;
  language?: string;
  variables?: Record<string, string>;
  phone_number_id?: string;
  idempotency_key?: string;
}
