/**
 * The words each connector shows for the proxy's error codes. The proxy's own message speaks to API users
 * ("give a fallback_template", "pnpm kaiku connection add"); inside a zap, a workflow or a flow the user needs
 * the names of the fields in front of them. One table per connector, keyed by the proxy's machine code; a code
 * without words keeps the proxy's message, which already speaks to people (consent, numbers, variables).
 * Zapier and HubSpot map in their own code; Power Automate runs none, so the proxy maps for it (`Kaiku-Client`).
 */

/** The connectors with words of their own. */
export const CONNECTORS = ['zapier', 'hubspot', 'power_automate'] as const;
/** One of `CONNECTORS`. */
export type Connector = (typeof CONNECTORS)[number];

/** A proxy error as every connector receives it: `{"error": {code, message, details}}`. */
export interface CodedError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Words for one code, or null to keep the proxy's message (the code covers cases the words do not). */
type Words = (error: CodedError) => string | null;

const detail = (error: CodedError, name: string): string | null => {
  const value = error.details?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** "This customer has not written yet" or "the window closed at …": why only templates go out now. */
function windowReason(error: CodedError, who: 'customer' | 'contact'): string {
  const closedAt = detail(error, 'closed_at');
  return closedAt === null ? `This ${who} has not written to this business number yet` : `The 24-hour reply window with this ${who} closed at ${closedAt}`;
}

const isField = (error: CodedError, field: string): boolean => detail(error, 'field') === field;
const noNumberYet = (error: CodedError): boolean => isField(error, 'phone_number_id') && /no WhatsApp number/.test(error.message);
const NOT_OPTED_IN = 'This customer has not opted in to marketing messages, and your workspace requires an opt-in for marketing templates.';

/** The words of each connector, naming its own fields and steps. */
export const ERROR_WORDS: Readonly<Record<Connector, Readonly<Record<string, Words>>>> = {
  zapier: {
    window_closed: (e) => `${windowReason(e, 'customer')}, so WhatsApp accepts only approved templates now. Turn on a Fallback Template in this step, or use the Send Template Message action.`,
    unauthorized: () => 'Kaiku did not accept this connection\'s API key. Reconnect your Kaiku account in Zapier with a current API key from your Kaiku administrator.',
    template_not_found: () => 'This template is not available on the chosen business number. Choose a template in the Template field (it lists the approved ones).',
    not_found: (e) => (isField(e, 'phone_number_id') ? 'The chosen business number is no longer connected to Kaiku. Choose one in the Business Phone Number field.' : null),
    validation_failed: (e) => (noNumberYet(e) ? 'Your Kaiku workspace has no WhatsApp business number connected yet. Ask your Kaiku administrator to connect one, then test this step again.' : null),
    invalid_filter: () => 'Kaiku cannot trigger on this choice. Choose a value from the dropdown in the trigger\'s fields.',
    no_consent: () => `${NOT_OPTED_IN} Ask them first with the Request WhatsApp Consent action, or choose a utility template.`,
  },
  hubspot: {
    window_closed: (e) => `${windowReason(e, 'contact')}. Choose a Fallback template in this action, or use the "Send WhatsApp template" action.`,
    template_not_found: () => 'This template is not available on the chosen business number. Choose a template in the Template field.',
    not_found: (e) => (isField(e, 'phone_number_id') ? 'The chosen business number is no longer connected to Kaiku. Choose one in the Business number field.' : null),
    validation_failed: (e) => (noNumberYet(e) ? 'No WhatsApp business number is connected to Kaiku yet. Ask your Kaiku administrator to connect one.' : null),
    no_consent: () => `${NOT_OPTED_IN.replace('customer', 'contact')} Ask them first with the "Request WhatsApp consent" action, or choose a utility template.`,
  },
  power_automate: {
    window_closed: (e) => `${windowReason(e, 'customer')}, so WhatsApp accepts only approved templates now. Choose a Fallback Template in this action's advanced parameters, or use the "Send a template message" action.`,
    unauthorized: () => 'Kaiku did not accept this connection\'s API key. Edit the Kaiku connection in Power Automate (Connections) and enter a current API key from your Kaiku administrator.',
    template_not_found: () => 'This template is not available on the chosen business number. Choose a template from the Template dropdown (it lists the approved ones).',
    not_found: (e) => (isField(e, 'phone_number_id') ? 'The chosen business number is no longer connected to Kaiku. Choose one from the Sending Phone Number dropdown.' : null),
    validation_failed: (e) => (noNumberYet(e) ? 'Your Kaiku workspace has no WhatsApp business number connected yet. Ask your Kaiku administrator to connect one, then test the flow again.' : null),
    invalid_filter: () => 'Kaiku cannot trigger on this choice. Choose a value from the dropdowns in the trigger\'s Filter, then save the flow again.',
    no_consent: () => `${NOT_OPTED_IN} Ask them first with the "Request WhatsApp consent" action, or choose a utility template.`,
  },
};

/** The message a connector's user reads: the connector's words for the code when there are some, else the proxy's. */
export function connectorMessage(connector: Connector, error: CodedError): string {
  return ERROR_WORDS[connector][error.code]?.(error) ?? error.message.trim();
}

/**
 * The request header a connector that runs no code of its own sets (Power Automate, through its connector's
 * `setheader` policy), so that the proxy answers errors in that connector's words.
 */
export const CLIENT_HEADER = 'Kaiku-Client';

/** The header's value per connector that the proxy maps for. */
export const CLIENT_HEADER_VALUES: Readonly<Partial<Record<Connector, string>>> = { power_automate: 'power-automate' };

/** The connector a `Kaiku-Client` header names, or null (an API user, or a connector that maps itself). */
export function connectorOfClient(value: string | undefined): Connector | null {
  const found = Object.entries(CLIENT_HEADER_VALUES).find(([, header]) => header === value?.trim().toLowerCase());
  return found ? (found[0] as Connector) : null;
}
