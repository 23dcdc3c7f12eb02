/** Shorthands for the generated component types the features share. */
import type { components } from './schema';

type Schemas = components['schemas'];
/** A conversation row. */
export type Conversation = Schemas['Conversation'];
/** A message of a conversation. */
export type Message = Schemas['ConversationMessage'];
/** A template. */
export type Template = Schemas['Template'];
/** The signed-in session. */
export type Session = Schemas['ConsoleSession'];
