export type { MetaTemplate, MetaTemplateButton, MetaTemplateComponent } from '../whatsapp/wire-send.js';

/** What a template input holds; connectors build a dynamic field of the matching shape. */
export type TemplateInputKind =
  | 'text'
  | 'currency'
  | 'date_time'
  | 'header_text'
  | 'header_image'
  | 'header_video'
  | 'header_document'
  | 'header_location'
  | 'url_suffix'
  | 'copy_code'
  | 'quick_reply_payload';

/** One value a template needs at send time, keyed as the flat `variables` map names it. */
export interface TemplateInput {
  /** `1`, `first_name`, `header_1`, `header_image`, `button_1_url`, … */
  key: string;
  kind: TemplateInputKind;
  label: string;
  description: string;
  example?: string;
  maxLength?: number;
  required: boolean;
  component: 'header' | 'body' | 'button';
  /** Position of the button in the template's button list (from 0). */
  buttonIndex?: number;
  /** The placeholder's name in a named template (sent as `parameter_name`). */
  parameterName?: string;
}

/** The flat values map: keys as in `TemplateInput.key`, values as text (numbers are accepted and stringified). */
export type TemplateValues = Readonly<Record<string, string | number | boolean | null | undefined>>;
