/** The help pages in English. */
import type { DocsContent } from './types.js';

/** English text of every help page. */
export const contentEn: DocsContent = {
  otherLanguage: 'Suomeksi',
  nav: { index: 'Kaiku', zapier: 'Zapier', 'power-automate': 'Power Automate', hubspot: 'HubSpot', privacy: 'Privacy', support: 'Support' },
  pages: {
    index: {
      title: 'Kaiku: WhatsApp Business messaging for your no-code tools',
      sections: [
        { paragraphs: [
          'Kaiku connects your WhatsApp Business number to Zapier, Microsoft Power Automate and HubSpot workflows. It sends approved templates and replies, starts your automations when customers write, and keeps WhatsApp\'s rules (the 24-hour reply window, approved templates, opt-outs) before anything reaches Meta.',
          'This Kaiku server is at {{public_url}}. Your Kaiku administrator gives you an API key for each tool you connect.',
        ] },
        { heading: 'Before you start', items: [
          'A WhatsApp Business Account with a verified business number, connected to this Kaiku server by your administrator.',
          'At least one approved message template for messages you start; templates are created and approved in WhatsApp Manager.',
          'Your customers\' consent to receive WhatsApp messages. Customers who write STOP are opted out automatically.',
        ] },
        { heading: 'Limits to know', items: [
          'Free-form replies are possible only within 24 hours of the customer\'s last message; after that only approved templates.',
          'New templates can be used once Meta approves them. Media links must be public HTTPS addresses.',
          'Meta limits how many customers a new number can message per day and charges per template message.',
        ] },
      ],
    },
    zapier: {
      title: 'Connecting Zapier',
      sections: [
        { heading: 'Connect your account', items: [
          'In Zapier, add the Kaiku app and choose "Sign in".',
          'Kaiku URL: {{public_url}}',
          'API Key: a key your Kaiku administrator creates for Zapier. It is shown once; paste it as is.',
        ] },
        { heading: 'API keys', paragraphs: ['Your administrator creates a key with `pnpm kaiku key create --workspace <id> --name Zapier`. A key that was revoked or mistyped makes Zapier ask you to reconnect.'] },
        { heading: 'Triggers and actions', items: [
          'New Inbound Message: a customer wrote to your business number. Optionally only one business number, only one message type.',
          'Message Status Changed: a message you sent was sent, delivered, read or failed. "Test trigger" shows your real recent statuses.',
          'Send Template Message: choose the template; its variables appear as their own fields.',
          'Reply to Customer: text or media within 24 hours of the customer\'s last message; turn on a Fallback Template to reach them after that.',
          'Request WhatsApp Consent: asks the customer with a template\'s quick-reply buttons whether they want marketing messages; their tap on the agree button is recorded as consent.',
        ] },
      ],
    },
    'power-automate': {
      title: 'Connecting Power Automate',
      sections: [
        { heading: 'Create the connection', items: [
          'Kaiku Address: the host name of {{public_url}} (without https://).',
          'API Key: a key your Kaiku administrator creates for Power Automate.',
        ] },
        { heading: 'Triggers', paragraphs: ['"When a new WhatsApp message arrives" and "When a message status changes" can be limited to one business number and one message type or status, chosen from dropdowns. A value Kaiku does not know is refused when you save the flow, so a flow never waits for something that cannot happen.'] },
        { heading: 'Actions', paragraphs: ['"Send a template message", "Reply to a customer" and "Request WhatsApp consent" offer your approved templates in a dropdown and each template variable as its own field, also for the reply\'s fallback template. Errors name the field to change in the flow.'] },
      ],
    },
    hubspot: {
      title: 'Connecting HubSpot',
      sections: [
        { heading: 'Install the app', items: [
          'Ask your Kaiku administrator for an install link (`pnpm kaiku hubspot link-code --workspace <id>`). It works once, for 30 minutes.',
          'Open it as a Super Admin of your HubSpot account and approve the app at HubSpot. Kaiku is then linked to your account.',
          'The workflow actions "Send WhatsApp template", "Reply on WhatsApp" and "Request WhatsApp consent" appear in your workflows; inbound WhatsApp messages are logged on your contacts (all business numbers, or those your administrator chose).',
        ] },
        { heading: 'Uninstalling', paragraphs: ['Uninstall the app in HubSpot\'s Connected apps settings, or ask your administrator to disconnect it in Kaiku. Either way Kaiku stops using your account\'s tokens.'] },
      ],
    },
    privacy: {
      title: 'Privacy',
      sections: [
        { paragraphs: [
          'This Kaiku server is run by your organisation. It keeps what it needs to deliver messages: the messages customers send and their delivery statuses, customers\' consent history, and the settings of the tools you connect. Access tokens and secrets are stored encrypted.',
          'Messages pass to Meta (WhatsApp) to be delivered, and to the tools you connect (Zapier, Power Automate, HubSpot) as you set them up. Ask your Kaiku administrator how long records are kept and to whom to address requests about your data.',
        ] },
      ],
    },
    support: {
      title: 'Support',
      sections: [
        { paragraphs: ['Your Kaiku administrator runs this server and is the first to ask. When you write, give the time, the tool (Zapier, Power Automate or HubSpot) and the error text shown; every error has a code (such as `window_closed`) that tells the administrator what happened.'] },
        { heading: 'Common answers', items: [
          '"The 24-hour reply window is closed": send an approved template instead, or set a fallback template.',
          '"Not approved": the template is still waiting for Meta\'s review.',
          '"Opted out": the customer wrote STOP; they can opt in again by writing START.',
        ] },
      ],
    },
  },
};
