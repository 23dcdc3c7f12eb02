/**
 * Authentication templates are created from presets (`add_security_recommendation`, `code_expiration_minutes`,
 * an OTP button) and Meta returns them expanded: localized body and footer text, the OTP button as a URL
 * button whose `otp{{1}}` suffix carries the code. The sandbox stores them the way Meta returns them.
 */
import type { TemplateButton, TemplateComponent } from '../state.js';

interface Preset {
  body: string;
  security: string;
  footer: (minutes: number) => string;
  copyCode: string;
}

const PRESETS: Record<string, Preset> = {
  en: {
    body: '*{{1}}* is your verification code.',
    security: 'For your security, do not share this code.',
    footer: (minutes) => `This code expires in ${minutes} minutes.`,
    copyCode: 'Copy code',
  },
  fi: {
    body: '*{{1}}* on vahvistuskoodisi.',
    security: 'Älä jaa tätä koodia turvallisuussyistä.',
    footer: (minutes) => `Tämä koodi vanhenee ${minutes} minuutissa.`,
    copyCode: 'Kopioi koodi',
  },
};

function presetFor(language: string): Preset {
  return PRESETS[language.split('_')[0] ?? 'en'] ?? (PRESETS.en as Preset);
}

function otpUrl(otpType: string, minutes: number | undefined, code: string): string {
  const expiry = minutes === undefined ? '' : `&code_expiration_minutes=${minutes}`;
  return `https://www.whatsapp.com/otp/code/?otp_type=${otpType}${expiry}&code=otp${code}`;
}

/** Turns an authentication template's creation components into the expanded form Meta returns. */
export function expandAuthentication(language: string, components: TemplateComponent[]): TemplateComponent[] {
  const preset = presetFor(language);
  const body = components.find((c) => c.type === 'BODY');
  const footer = components.find((c) => c.type === 'FOOTER');
  const buttons = components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const minutes = footer?.code_expiration_minutes;
  const text = body?.add_security_recommendation ? `${preset.body} ${preset.security}` : preset.body;
  const expanded: TemplateComponent[] = [
    { type: 'BODY', text, add_security_recommendation: body?.add_security_recommendation === true, example: { body_text: [['123456']] } },
  ];
  if (minutes !== undefined) expanded.push({ type: 'FOOTER', text: preset.footer(minutes), code_expiration_minutes: minutes });
  const expandedButtons: TemplateButton[] = buttons.map((button) => {
    const otpType = button.otp_type ?? 'COPY_CODE';
    return { type: 'URL', text: button.text ?? preset.copyCode, url: otpUrl(otpType, minutes, '{{1}}'), example: [otpUrl(otpType, minutes, '123456')] };
  });
  if (expandedButtons.length > 0) expanded.push({ type: 'BUTTONS', buttons: expandedButtons });
  return expanded;
}
