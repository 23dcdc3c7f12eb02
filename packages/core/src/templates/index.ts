/** Template inputs: derive them from a template as Meta returns it, validate and build components, preview. */
export type { MetaTemplate, MetaTemplateButton, MetaTemplateComponent, TemplateInput, TemplateInputKind, TemplateValues } from './types.js';
export { deriveTemplateInputs, TEMPLATE_LIMITS } from './derive.js';
export { buildTemplateComponents, templateValueIssues } from './build.js';
export type { TemplateFieldIssue } from './build.js';
export { renderTemplatePreview } from './preview.js';
export { templateInputsSchema } from './schema.js';
export type { TemplateInputsSchema } from './schema.js';
export { parseCurrency } from './values.js';
