/**
 * The templates every fresh sandbox WABA starts with, APPROVED, each in English (en_US) and Finnish (fi):
 * a utility template with named parameters, a marketing template with an image header and a URL button with
 * a variable suffix, an authentication template with a copy-code button, and a positional utility template.
 */
import type { StoredTemplate, TemplateComponent } from '../state.js';
import { expandAuthentication } from './authentication.js';

type Seed = Omit<StoredTemplate, 'id' | 'waba_id' | 'status'>;

function orderUpdate(language: string, greeting: string, body: string, thanks: string, help: string): Seed {
  const components: TemplateComponent[] = [
    { type: 'HEADER', format: 'TEXT', text: greeting },
    {
      type: 'BODY',
      text: body,
      example: {
        body_text_named_params: [
          { param_name: 'first_name', example: 'Aino' },
          { param_name: 'order_id', example: 'KA-1042' },
          { param_name: 'delivery_date', example: '28.11.2026' },
        ],
      },
    },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: thanks }, { type: 'QUICK_REPLY', text: help }] },
  ];
  return { name: 'order_update', language, category: 'UTILITY', parameter_format: 'NAMED', components };
}

function springSale(language: string, body: string, footer: string, shop: string, stop: string): Seed {
  const components: TemplateComponent[] = [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARZsandboxSeedHandle'] } },
    { type: 'BODY', text: body, example: { body_text: [['Aino', '20%']] } },
    { type: 'FOOTER', text: footer },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: shop, url: 'https://shop.example.com/sale/{{1}}', example: ['https://shop.example.com/sale/spring26'] },
        { type: 'QUICK_REPLY', text: stop },
      ],
    },
  ];
  return { name: 'spring_sale', language, category: 'MARKETING', parameter_format: 'POSITIONAL', components };
}

function loginCode(language: string): Seed {
  const creation: TemplateComponent[] = [
    { type: 'BODY', add_security_recommendation: true },
    { type: 'FOOTER', code_expiration_minutes: 10 },
    { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
  ];
  return { name: 'login_code', language, category: 'AUTHENTICATION', parameter_format: 'POSITIONAL', components: expandAuthentication(language, creation) };
}

function orderConfirmation(language: string, body: string): Seed {
  const components: TemplateComponent[] = [{ type: 'BODY', text: body, example: { body_text: [['KA-1042', '49.90 EUR']] } }];
  return { name: 'order_confirmation', language, category: 'UTILITY', parameter_format: 'POSITIONAL', components };
}

const SEEDS: Seed[] = [
  orderUpdate('en_US', 'Order update', 'Hi {{first_name}}, your order {{order_id}} has shipped and arrives on {{delivery_date}}.', 'Thanks', 'Talk to us'),
  orderUpdate('fi', 'Tilauspäivitys', 'Hei {{first_name}}, tilauksesi {{order_id}} on lähetetty ja saapuu {{delivery_date}}.', 'Kiitos', 'Ota yhteyttä'),
  springSale('en_US', 'Hi {{1}}! Our spring sale is on: {{2}} off everything until Sunday.', 'Reply STOP to unsubscribe', 'Shop now', 'Stop promotions'),
  springSale('fi', 'Hei {{1}}! Kevätale on alkanut: kaikki {{2}} halvemmalla sunnuntaihin asti.', 'Vastaa STOP peruaksesi', 'Osta nyt', 'Ei mainoksia'),
  loginCode('en_US'),
  loginCode('fi'),
  orderConfirmation('en_US', 'Thank you! Your order {{1}} is confirmed. Total: {{2}}.'),
  orderConfirmation('fi', 'Kiitos! Tilauksesi {{1}} on vahvistettu. Yhteensä: {{2}}.'),
];

/** The seed templates for a WABA, with stable ids so that tests and demos can name them. */
export function seedTemplates(wabaId: string): StoredTemplate[] {
  return SEEDS.map((seed, index) => ({ ...seed, id: String(810_000_000_000_001 + index), waba_id: wabaId, status: 'APPROVED' }));
}
