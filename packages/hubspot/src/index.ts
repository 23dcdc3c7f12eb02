/** @kaiku/hubspot */
export {};
