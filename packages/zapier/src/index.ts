/** @kaiku/zapier */
export {};
