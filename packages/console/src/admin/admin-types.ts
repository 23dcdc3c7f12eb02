/** Shorthands for the generated types of the admin pages. */
import type { components } from '../api/schema';

type Schemas = components['schemas'];
/** One step of connecting a number. */
export type ConnectStep = Schemas['ConnectStep'];
/** A number with its state at Meta. */
export type NumberStatus = Schemas['PhoneNumberStatus'];
/** An API key as listed. */
export type ApiKey = Schemas['ApiKey'];
/** A console user. */
export type ConsoleUser = Schemas['ConsoleUser'];
